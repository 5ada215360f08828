package solver

import (
	"fmt"
	"math"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// loop takes open nodes best bound first and dives from each, then ends
// RINS.
func (s *search) loop() {
	s.tree()
	s.endRINS()
}

// tree takes open nodes best bound first and dives from each, until none
// is left or the search stops.
func (s *search) tree() {
	for len(s.open) > 0 {
		if s.limitReached() {
			s.stopped = true
			return
		}
		// The heuristics may spend the time, or meet a target.
		s.primalHeuristics()
		if s.numerical != nil {
			return
		}
		if s.limitReached() {
			s.stopped = true
			return
		}
		n := s.open.pop()
		if n.basis != nil {
			s.basisBytes -= basisSize(n.basis)
		}
		if s.closes(n.bound) {
			continue
		}
		if !s.apply(n) {
			continue // global fixings leave the node no point
		}
		if n.basis != nil {
			if err := s.m.SetBasis(n.basis); err != nil {
				s.numerical = err
				return
			}
			n.basis = nil
		}
		if !s.dive(n) {
			return
		}
	}
}

// limitReached reports whether the context or the node limit stops the
// search. The node limit counts the nodes of the heuristics' sub-searches
// too.
func (s *search) limitReached() bool {
	return s.ctx.Err() != nil || s.opts.NodeLimit > 0 && s.nodes+s.subNodes >= s.opts.NodeLimit
}

// apply loads the bounds of node n into the model: every column touched
// before goes back to its global bounds, then n's changes are applied. It
// returns false when the changes contradict the global bounds.
func (s *search) apply(n *node) bool {
	s.cols = s.cols[:0]
	mark := func(j int) {
		if !s.isTouch[j] {
			s.isTouch[j] = true
			s.cols = append(s.cols, j)
		}
	}
	for _, j := range s.touched {
		mark(j)
	}
	for _, j := range s.sync {
		mark(j)
	}
	s.sync = s.sync[:0]
	for _, j := range s.cols {
		s.lo[j], s.hi[j] = s.glo[j], s.ghi[j]
	}
	ok := true
	for _, c := range n.changes {
		j := int(c.col)
		mark(j)
		s.lo[j], s.hi[j] = math.Max(s.lo[j], c.lo), math.Min(s.hi[j], c.hi)
		if s.lo[j] > s.hi[j] {
			ok = false
		}
	}
	s.touched = s.touched[:0]
	for _, j := range s.cols {
		s.isTouch[j] = false
		if s.lo[j] != s.glo[j] || s.hi[j] != s.ghi[j] {
			s.touched = append(s.touched, j)
		}
	}
	if !ok {
		// Leave the model as it was; the next apply rewrites these columns.
		s.touched = append(s.touched, s.cols...)
		return false
	}
	return s.load(s.cols)
}

// load sends the bounds of the listed columns to the model.
func (s *search) load(cols []int) bool {
	if len(cols) == 0 {
		return true
	}
	s.clo, s.chi = s.clo[:0], s.chi[:0]
	for _, j := range cols {
		s.clo = append(s.clo, s.lo[j])
		s.chi = append(s.chi, s.hi[j])
	}
	if err := s.m.SetColBounds(cols, s.clo, s.chi); err != nil {
		s.numerical = err
		return false
	}
	return true
}

// tighten changes bounds of the model during a dive (the node's subtree),
// recording the columns as touched.
func (s *search) tighten(cs []change) bool {
	s.cols = s.cols[:0]
	for _, c := range cs {
		j := int(c.col)
		s.lo[j], s.hi[j] = math.Max(s.lo[j], c.lo), math.Min(s.hi[j], c.hi)
		if s.lo[j] > s.hi[j] {
			s.touched = append(s.touched, j)
			return false
		}
		s.cols = append(s.cols, j)
		s.touched = append(s.touched, j) // duplicates are harmless: apply dedupes
	}
	return s.load(s.cols)
}

// dive solves node n and keeps going down one child at a time, pushing the
// other child, until the subtree closes. It returns false when the search
// must stop (a limit, or an engine failure).
func (s *search) dive(n *node) bool {
	for {
		s.mergeRINS(false) // RINS's allocation, when its merge point has come
		st, obj, err := s.solveNode()
		s.nodes++
		if err != nil && s.numerical == nil {
			st, obj, err = s.resolveCold()
		}
		if err != nil {
			if s.numerical != nil {
				return false
			}
			// The engine cannot solve this node even from scratch: the
			// subtree stays unexplored, its bound counts in the result.
			s.failed++
			s.failedMax = math.Max(s.failedMax, n.bound)
			return true
		}
		switch st {
		case lp.Optimal:
		case lp.Infeasible:
			return true
		case lp.Cutoff: // the node cannot beat the incumbent
			s.pc.record(n, s.incObj) // its drop is at least this much
			return true
		default: // a limit: the node stays open with its parent's bound
			s.open.push(n)
			s.stopped = true
			return false
		}
		obj = math.Min(obj, n.bound)
		s.pc.record(n, obj)
		if s.closes(obj) {
			return true
		}
		if err := s.readSolution(); err != nil {
			s.numerical = err
			return false
		}
		j, ok := s.branchColumn(obj)
		if !ok {
			return false
		}
		if j < 0 {
			s.leaf(obj)
			return true
		}
		s.heuristics(obj)
		fix := s.fixLocal(obj)
		xj := s.x[j]
		frac := xj - math.Floor(xj)
		down := n.child(obj, s.next(), j, frac, false, append(fix, change{int32(j), s.lo[j], math.Floor(xj)})...)
		up := n.child(obj, s.next(), j, frac, true, append(fix, change{int32(j), math.Ceil(xj), s.hi[j]})...)
		first, second := up, down
		if frac < 0.5 {
			first, second = down, up
		}
		second.basis = s.saveBasis()
		s.open.push(second)
		s.progress(obj)
		// A sub-search dives to the end: it looks for allocations, and
		// has few nodes to look with.
		if s.limitReached() || !s.heur.sub && s.abandonDive(obj) {
			s.open.push(first)
			if s.limitReached() {
				s.stopped = true
				return false
			}
			return true
		}
		if !s.tighten(first.changes[len(n.changes):]) {
			if s.numerical != nil {
				return false
			}
			return true
		}
		n = first
	}
}

// next is the next node sequence number.
func (s *search) next() int64 {
	s.seq++
	return s.seq
}

// abandonDive reports whether the dive has drifted too far below the best
// open bound to be worth continuing.
func (s *search) abandonDive(obj float64) bool {
	best := s.open.top(math.Inf(-1))
	if math.IsInf(best, -1) || obj >= best {
		return false
	}
	return obj < best-0.5*(best-s.incObj)
}

// leaf takes an LP solution whose binary columns are integral.
func (s *search) leaf(obj float64) {
	a, err := s.f.Allocation(s.x)
	if err == nil {
		if s.offer(a) || s.offer(s.polish(a)) {
			s.improve()
		}
	}
	closed := math.Min(obj, s.roundBound(obj))
	if err == nil && s.below(closed, s.relGap) {
		// Not even the point's own allocation meets the leaf's value
		// within the gap asked for: its fractions, which the engine
		// leaves within its tolerance, are solved afresh.
		if r, ok := s.repair(s.x); ok && s.offer(r) {
			s.improve()
		}
	}
	if s.below(closed, leafTol) {
		// The LP point is integral, but neither it nor its polished or
		// repaired forms pass the certificate (a limit it meets only
		// within the engine's tolerance, such as a min-volume short by
		// 1e-7, that no margin mends), and no incumbent comes near it:
		// the subtree is not proven, and its bound stays in the result,
		// as for a node the engine fails on.
		s.failed++
		s.failedMax = math.Max(s.failedMax, closed)
		return
	}
	// The subtree's optimum is obj: closed by the incumbent.
	s.prunedMax = math.Max(s.prunedMax, closed)
}

// below reports whether the incumbent is more than tol, relative, below
// an integral leaf's closed LP value.
func (s *search) below(closed, tol float64) bool {
	return closed-s.incObj > tol*math.Max(1, math.Abs(closed))
}

// leafTol is how far, relative, the incumbent may stay below an integral
// leaf's LP value for the leaf to count as closed: polish gives up as much
// as 1e-5 of a divisible award to pass the certificate.
const leafTol = 1e-5

// roundBound rounds a bound down to an integer when every objective is one.
func (s *search) roundBound(b float64) float64 {
	if s.integralObj {
		return math.Floor(b + 1e-9*math.Max(1, math.Abs(b)) + 1e-6)
	}
	return b
}

// fixLocal returns the reduced-cost fixings valid in the subtree of a node
// with LP objective obj: binary columns at a bound whose move to the other
// bound would take the LP objective to the incumbent or below.
func (s *search) fixLocal(obj float64) []change {
	var out []change
	for j, d := range s.d {
		if !s.integer[j] || s.lo[j] == s.hi[j] || d == 0 {
			continue
		}
		x := s.x[j]
		switch {
		case x <= s.lo[j]+intTol && d < 0 && s.closes(obj+d*(s.hi[j]-s.lo[j])):
			out = append(out, change{int32(j), s.lo[j], s.lo[j]})
		case x >= s.hi[j]-intTol && d > 0 && s.closes(obj-d*(s.hi[j]-s.lo[j])):
			out = append(out, change{int32(j), s.hi[j], s.hi[j]})
		}
	}
	return out
}

// resolveCold reloads the problem into the model and solves the current
// node from scratch, after the engine failed to re-solve it warm.
func (s *search) resolveCold() (lp.Status, float64, error) {
	if err := s.m.Load(s.f.Problem); err != nil {
		s.numerical = fmt.Errorf("solver: reload LP: %w", err)
		return lp.NotSolved, 0, s.numerical
	}
	if err := s.reloadRows(); err != nil {
		s.numerical = err
		return lp.NotSolved, 0, err
	}
	var cols []int
	for j := range s.lo {
		if s.lo[j] != s.f.Problem.ColLower[j] || s.hi[j] != s.f.Problem.ColUpper[j] {
			cols = append(cols, j)
		}
	}
	if !s.load(cols) {
		return lp.NotSolved, 0, s.numerical
	}
	return s.solveLP()
}

// maxBasisBytes bounds the memory the open nodes' saved bases take.
const maxBasisBytes = 512 << 20

// saveBasis returns a copy of the model's current optimal basis for a node
// pushed on the open list, or nil when the memory budget for saved bases
// is spent (the node then starts from whatever basis the model holds).
func (s *search) saveBasis() *lp.Basis {
	size := s.m.NumCols() + s.m.NumRows()
	if s.basisBytes+size > maxBasisBytes {
		return nil
	}
	b := &lp.Basis{}
	if err := s.m.Basis(b); err != nil {
		return nil
	}
	s.basisBytes += basisSize(b)
	return b
}

func basisSize(b *lp.Basis) int { return len(b.Cols) + len(b.Rows) }
