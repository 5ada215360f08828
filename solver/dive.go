package solver

import (
	"cmp"
	"math"
	"slices"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// LP diving (Achterberg, "Constraint Integer Programming", PhD thesis, TU
// Berlin, 2007, chapter 9; Berthold, "Primal heuristics for mixed integer
// programs", diploma thesis, TU Berlin, 2006): from the LP solution of the
// best open node, a dive bounds binary columns, re-solves the LP warm
// (dual simplex from the basis the model holds) and goes on until the LP
// solution is integral, or the LP is infeasible or no better than the
// incumbent. It runs on the search's own model, with the search's cuts.
//
// In a packing problem, taking a bid (bounding its column up) is the
// informative move: the LP then gives up every bid in conflict with it.
// Every step ranks the fractional binary columns by the kind of dive:
//
//   - fractional: by LP value;
//   - guided (towards the incumbent): the incumbent's columns first, each
//     part by LP value;
//   - pseudo-cost: by the estimated loss when the column is bounded down
//     over the estimated loss when it is bounded up (the search's
//     pseudo-costs);
//
// and takes the first column up, and with it the next ones with an LP
// value of diveMinX or more, up to a share of the ranked columns (from
// diveMinStep to diveMaxStep), as long as the rows, the formulation's and
// the cuts, allow each (diveRows: least and largest row activities under
// the bounds). One column a step would take hundreds of LP solves on
// auction LPs: L3 1,000 × 5,000 has 973 fractional columns at the root;
// one column a step left 500 of them after 100 solves and 20,000
// iterations, while 5% a step reaches an integral point in 26 solves and
// 13,700 iterations. A column the rows do not allow up is bounded down,
// alone.
//
// When a step makes the LP infeasible or no better than the incumbent
// (within the relative gap), the dive backtracks one level: a step that
// took several columns takes its first column alone, and a step that took
// one bounds it the other way; the dive ends when that fails too. The LP
// solution of every step is also rounded (wdp.Rounder.Round), and an
// integral one read as an allocation; every allocation goes through
// s.offer (Check), and a new incumbent is improved locally.
//
// The first dive comes before the search's first node (unless the root's
// LP solution is integral), the next ones every interval nodes: the
// interval starts at diveInterval, halves after a dive that improves the
// incumbent and doubles after one that does not, within [diveMinInterval,
// diveMaxInterval]. After a dive that fails the next kind takes over, and
// once every kind has failed the step share doubles (back to diveMinStep
// after diveMaxStep); a kind that improves the incumbent dives again.
// Dives keep their own account of simplex iterations, apart from the
// sub-searches' and in the same way (heur.go): diveBase at the start, then
// diveEarnShare of the search's own iterations, a share that halves with
// every fruitless dive beyond diveGrace in a row and is whole again after
// one that improves the incumbent. A dive takes at most diveMaxSolves LP
// solves, and after diveMaxStreak fruitless dives in a row (each kind
// once) dives stop until the search or RINS improves the incumbent: on
// DDU markets, where a dive takes about 200 LP solves and rarely finds
// anything, uncapped dives took a third of the search's nodes (DDU 200 ×
// 1,000, 60 s: 582 nodes instead of 951, gap 9.5% instead of 7.6%); with
// the caps they take about a fifth (1,162 against 1,454 nodes, gap 7.4%
// against 7.0%, one paired run), while the root dive that lifts L3 1,000
// × 5,000 (26 solves) is untouched. A dive starts only while the account
// is not overdrawn, and stops once it has spent what is left, or
// diveMinIters when that is more. Every decision rests on counts, never
// on time. A dive's LP solves count as sub-search nodes (Stats.SubNodes,
// within Options.NodeLimit). When it ends, the columns it bounded are left
// touched, so that the search's next node loads its own bounds over them,
// and the model gets back the basis it had, when it had an optimal one.
const (
	diveInterval    = 8
	diveMinInterval = 4
	diveMaxInterval = 2048
	diveMinIters    = 2000
	diveBase        = 20000
	diveEarnShare   = 0.25
	diveGrace       = 2
	diveMaxStreak   = 3
	diveMaxSolves   = 50
	diveMinStep     = 0.05
	diveMaxStep     = 0.2
	diveMinX        = 0.5
)

// diveKind says how a dive chooses the column it bounds.
type diveKind uint8

const (
	diveFractional diveKind = iota
	diveGuided
	divePseudoCost
	numDiveKinds
)

var diveKindNames = [...]string{"fractional", "guided", "pseudo-cost"}

func (k diveKind) String() string {
	if int(k) < len(diveKindNames) {
		return diveKindNames[k]
	}
	return "diveKind(?)"
}

// diveStep is one step of a dive: the column it bounds, the direction,
// whether other columns are taken up with it (diveTake), and whether the
// rows rule the other direction out.
type diveStep struct {
	col    int
	up     bool
	many   bool
	forced bool
}

// dives runs the dive that is due, if the heuristics' budget allows, and
// sets the next one.
func (s *search) dives() {
	h := &s.heur
	if s.nodes < h.dive.next || len(s.open) == 0 || h.dives.streak >= diveMaxStreak {
		return
	}
	if s.nodes == 0 && !s.fractional(s.x) {
		return // the root's LP solution is integral: the search's first node takes it
	}
	if h.dives.over() {
		h.dive.next = s.nodes + h.dive.interval
		return
	}
	kind := h.diveKind
	if kind == diveGuided && s.incPoint() == nil {
		kind = diveFractional
	}
	ran, won := s.lpDive(kind, max(h.dives.left(), diveMinIters))
	h.dive.after(s.nodes, ran, won)
	switch {
	case won:
		h.dives.paid(true)
	case ran:
		h.diveKind = (h.diveKind + 1) % numDiveKinds
		if h.diveKind == 0 {
			// Every kind failed at this step size: larger steps.
			h.diveStep *= 2
			if h.diveStep > diveMaxStep {
				h.diveStep = diveMinStep
			}
		}
		h.dives.paid(false)
	}
}

// lpDive dives from the best open node with the given kind of dive,
// within maxIters simplex iterations. It reports whether it dived, and
// whether it improved the incumbent.
func (s *search) lpDive(kind diveKind, maxIters int64) (ran, won bool) {
	h := &s.heur
	n := s.open[0]
	if !s.diveBeats(n.bound) {
		return false, false // the search closes the node when it takes it
	}
	saved := h.restored || s.m.Status() == lp.Optimal && s.m.Basis(&h.basis) == nil
	if !s.apply(n) {
		return false, false // the node has no point; the search drops it
	}
	if n.basis != nil {
		if err := s.m.SetBasis(n.basis); err != nil {
			s.numerical = err
			return false, false
		}
	}
	ran = true
	startObj, startIters := s.incObj, s.iters
	var p []float64
	if kind == diveGuided {
		p = s.incPoint()
	}
	var step diveStep
	stepped, flipped := false, false
	for solves := 0; solves < diveMaxSolves && !s.limitReached(); solves++ {
		left := maxIters - (s.iters - startIters)
		if left <= 0 {
			break
		}
		st, obj, err := s.solveLPWith(lp.Limits{Cutoff: s.incObj, UseCutoff: s.hasInc, Iterations: int(min(left, math.MaxInt32))})
		s.subNodes++
		h.diveNodes++
		if err != nil {
			break // the search's next node solves the model again, cold if need be
		}
		if st != lp.Optimal || !s.diveBeats(obj) {
			if st != lp.Optimal && st != lp.Infeasible && st != lp.Cutoff {
				break // a limit
			}
			// One level back: take the chosen column alone, or bound it
			// the other way.
			if !stepped || flipped || step.forced || !s.undoDiveStep() {
				break
			}
			if step.many {
				step.many = false
			} else {
				step.up, flipped = !step.up, true
			}
			if !s.diveTake(&step, h.dx) {
				break
			}
			continue
		}
		if h.dx, err = s.m.Primal(h.dx); err != nil {
			break
		}
		next, ok := s.chooseDive(kind, h.dx, p)
		if !ok {
			s.diveLeaf(h.dx)
			break
		}
		if s.rounder != nil {
			if a := s.rounder.Round(h.dx); s.offer(a) {
				s.improve()
			}
		}
		step, stepped, flipped = next, true, false
		if !s.diveTake(&step, h.dx) {
			break
		}
	}
	h.dives.spent += s.iters - startIters
	if s.numerical != nil {
		return ran, false
	}
	if saved {
		if err := s.m.SetBasis(&h.basis); err != nil {
			s.numerical = err
			return ran, false
		}
		h.restored = true
	}
	return ran, s.incObj > startObj
}

// fractional reports whether a binary column free in the model is
// fractional in x.
func (s *search) fractional(x []float64) bool {
	if len(x) < len(s.integer) {
		return false
	}
	for j, isInt := range s.integer {
		if isInt && s.lo[j] != s.hi[j] && x[j]-math.Floor(x[j]) > intTol && math.Ceil(x[j])-x[j] > intTol {
			return true
		}
	}
	return false
}

// diveBeats reports whether a dive's LP value b can still beat the
// incumbent by more than the relative gap (the test of closes, without
// recording a bound: a dive's LPs bound no subtree of the search).
func (s *search) diveBeats(b float64) bool {
	eb := s.roundBound(b)
	return eb > s.incObj+s.relGap*math.Max(math.Abs(eb), 1)
}

// chooseDive lists the fractional binary columns of the LP solution x in
// h.dcands, best first for a dive of the given kind (p: the incumbent as a
// point, for guided dives), and returns the first step: the best column
// up, with others. It returns false when every binary column of x is
// integral.
func (s *search) chooseDive(kind diveKind, x, p []float64) (diveStep, bool) {
	h := &s.heur
	h.dcands = h.dcands[:0]
	for j, isInt := range s.integer {
		if !isInt || s.lo[j] == s.hi[j] {
			continue
		}
		f := x[j] - math.Floor(x[j])
		if f < intTol || f > 1-intTol {
			continue
		}
		var score float64
		switch kind {
		case diveGuided:
			score = x[j]
			if p != nil && p[j] > 0.5 {
				score += 2 // the incumbent's columns first
			}
		case divePseudoCost:
			down, up := s.pc.drops(j)
			score = (down*f + 1e-6) / (up*(1-f) + 1e-6)
		default:
			score = x[j]
		}
		h.dcands = append(h.dcands, candidate{col: j, frac: f, score: score})
	}
	if len(h.dcands) == 0 {
		return diveStep{}, false
	}
	slices.SortStableFunc(h.dcands, func(a, b candidate) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return a.col - b.col
	})
	return diveStep{col: h.dcands[0].col, up: true, many: true}, true
}

// diveTake bounds the columns of a dive step in the model, saving their
// bounds for undoDiveStep. x is the LP solution the step was chosen from.
// A step with many takes up, after its column, the next candidates of
// h.dcands with x at diveMinX or more that the rows allow (the least
// activity of no row above its upper bound, the largest of none below its
// lower one, with the columns taken so far), diveStepShare of the
// candidates at most; when the rows do not allow its own column up, it
// bounds that column down instead, alone, and the step is forced.
func (s *search) diveTake(st *diveStep, x []float64) bool {
	h := &s.heur
	h.undo = h.undo[:0]
	s.cols = s.cols[:0]
	set := func(j int, lo, hi float64) {
		h.undo = append(h.undo, change{int32(j), s.lo[j], s.hi[j]})
		s.lo[j], s.hi[j] = lo, hi
		s.cols = append(s.cols, j)
		s.touched = append(s.touched, j) // duplicates are harmless: apply dedupes
	}
	j := st.col
	if !st.up {
		set(j, s.lo[j], s.lo[j])
		return s.load(s.cols)
	}
	if !st.many {
		set(j, s.hi[j], s.hi[j])
		return s.load(s.cols)
	}
	r := &h.rows
	r.activities(s)
	if !r.fits(s, j) {
		st.up, st.many, st.forced = false, false, true
		set(j, s.lo[j], s.lo[j])
		return s.load(s.cols)
	}
	r.raise(s, j)
	set(j, s.hi[j], s.hi[j])
	more := max(int(float64(len(h.dcands))*h.diveStep), 0)
	for _, c := range h.dcands[1:] {
		if more == 0 {
			break
		}
		k := c.col
		if x[k] < diveMinX || !r.fits(s, k) {
			continue
		}
		r.raise(s, k)
		set(k, s.hi[k], s.hi[k])
		more--
	}
	if len(h.undo) == 1 {
		st.many = false // the column alone: no need to try it alone again
	}
	return s.load(s.cols)
}

// undoDiveStep puts back the bounds the last dive step changed.
func (s *search) undoDiveStep() bool {
	h := &s.heur
	s.cols = s.cols[:0]
	for k := len(h.undo) - 1; k >= 0; k-- {
		c := h.undo[k]
		s.lo[c.col], s.hi[c.col] = c.lo, c.hi
		s.cols = append(s.cols, int(c.col))
	}
	h.undo = h.undo[:0]
	return s.load(s.cols)
}

// diveLeaf offers the allocation of an LP solution x whose binary columns
// are integral.
func (s *search) diveLeaf(x []float64) {
	a, err := s.f.Allocation(x)
	if err != nil {
		return
	}
	if s.offer(a) || s.offer(s.polish(a)) {
		s.improve()
	}
}

// drops returns the estimated LP drops per unit of change of column j
// when it is bounded down and up: its pseudo-costs, or the averages over
// every column while it has none (1 while nothing is known).
func (p *pseudoCosts) drops(j int) (down, up float64) {
	down, up = 1, 1
	if p.allDownN > 0 {
		down = p.allDown / float64(p.allDownN)
	}
	if p.allUpN > 0 {
		up = p.allUp / float64(p.allUpN)
	}
	if p.downN[j] > 0 {
		down = p.downSum[j] / float64(p.downN[j])
	}
	if p.upN[j] > 0 {
		up = p.upSum[j] / float64(p.upN[j])
	}
	return down, up
}
