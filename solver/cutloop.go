package solver

import (
	"math"

	"github.com/gavelhq/gavel/solver/internal/cuts"
	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Root cut loop parameters.
const (
	cutRounds      = 30   // at most this many rounds of separation at the root
	cutsPerRound   = 400  // cuts of each family added per round, at most (Gomory: gomoryPerRound)
	cutMinProgress = 1e-4 // stop when a round moves the bound by less than this, relative, over three rounds
	gomoryPerRound = 50   // Gomory cuts added per round, at most

	// gomoryMaxSupport is the most nonzeros a Gomory cut may have, and
	// gomoryRounds (below) the number of rounds with Gomory cuts once
	// cliques and covers stall. Dense Gomory cuts lower the root bound by
	// about 0.1% of the objective on CATS L3, L6, regions and DDU markets
	// (3-6% of the root gap), but they slow every node's LP, and taking
	// them out of the model before branching leaves the root bound capping
	// the LP objective of every node near the top of the tree: both made
	// the 60 s gaps worse (L6 3.4% to 4.9-5.3%). Sparse ones kept in the
	// model move the 60 s gaps of regions and DDU markets the right way
	// and leave L3 and L6 as they were. With them the LP engine reaches
	// more optimal leaves with a limit met only within its tolerance (a
	// min-volume short by 1e-7): leaf repairs those (repair).
	gomoryMaxSupport = 40
)

// gomoryRounds: see gomoryMaxSupport. A variable so that a test can set
// it.
var gomoryRounds = 10

// separators are the cut families of one component.
type separators struct {
	cliques *cuts.Cliques
	covers  *cuts.Covers
	odd     *cuts.OddCycles
	gomory  *cuts.Gomory
	basis   lp.Basis
	dropped int // rounds of odd-cycle cuts taken out again (rootCuts)
}

// Phases of the root cut loop: each adds a family to the ones before it
// once they stall.
const (
	phaseCliques = iota // cliques and covers
	phaseOdd            // and odd cycles
	phaseGomory         // and Gomory mixed-integer cuts
)

// rootCuts adds rounds of cuts at the root while they move the bound,
// re-solving after each round: clique and cover cuts until they stall (no
// cut, or the bound moves too little), then odd-cycle cuts as well until
// those stall, then up to gomoryRounds rounds that add Gomory
// mixed-integer cuts too, only sparse ones (gomoryMaxSupport). The cuts
// stay in the model, except a round of odd-cycle cuts alone that moves
// the bound by less than oddMinGain of the gap to the incumbent: it is
// taken out again (the model gets back its rows and basis) and ends the
// odd-cycle phase. Odd-cycle cuts that leave the root bound where it was
// still move the LP to another vertex and change the tree: separated in
// every round, they left the root bound of CATS regions 256 × 1,000
// (seed 1) unchanged and made its tree's bound fall more slowly (175.8M
// against 174.9M after about 210 nodes).
//
// It returns the root objective after the last round (−Inf when the cuts
// make the LP infeasible: there is no allocation), and false when the
// search must stop (a limit, or an engine failure: then the caller keeps
// the bound it had).
func (s *search) rootCuts(obj float64) (float64, bool) {
	if s.sep.cliques == nil {
		cl := cuts.NewCliques(s.f)
		s.sep = separators{cliques: cl, covers: cuts.NewCovers(s.f), odd: cuts.NewOddCycles(cl)}
	}
	var hist []float64
	var rows lp.Rows
	phase, gomoryLeft, oddOn := phaseCliques, gomoryRounds, true
	for round := 0; round < cutRounds; {
		if s.ctx.Err() != nil {
			return obj, false
		}
		rows = lp.Rows{Start: []int{0}}
		n := s.sep.cliques.Separate(s.x, &rows, cutsPerRound)
		n += s.sep.covers.Separate(s.x, &rows, cutsPerRound)
		no, ng := 0, 0
		if phase >= phaseOdd && oddOn {
			no = s.sep.odd.Separate(s.x, &rows, cutsPerRound)
		}
		if phase == phaseGomory && gomoryLeft > 0 {
			ng = s.gomoryCuts(&rows, gomoryPerRound)
			gomoryLeft--
		}
		if n+no+ng == 0 {
			if phase == phaseGomory {
				break
			}
			phase, hist = phase+1, hist[:0]
			continue // the next family, from the same point
		}
		round++
		oddOnly := n+ng == 0
		if oddOnly {
			if err := s.m.Basis(&s.sep.basis); err != nil {
				oddOnly = false // no basis to go back to: the cuts stay
			}
		}
		if err := s.m.AddRows(&rows); err != nil {
			s.numerical = err
			return obj, false
		}
		st, next, err := s.solveLP()
		if err == nil && st == lp.Infeasible && !s.hasInc {
			// Cuts are valid for every allocation: none exists. (With an
			// incumbent this cannot be, and is treated as a failure below.)
			return math.Inf(-1), true
		}
		if err != nil || st != lp.Optimal {
			if err != nil {
				s.numerical = err
			}
			return obj, false
		}
		next = math.Min(next, obj)
		if oddOnly && obj-next < oddMinGain*s.gapTo(obj) {
			if !s.dropLastRows(rows.Len()) {
				return obj, false
			}
			s.sep.dropped++
			phase, hist, oddOn = phaseGomory, hist[:0], false
			continue
		}
		if err := s.readSolution(); err != nil {
			s.numerical = err
			return obj, false
		}
		s.cuts = appendRows(s.cuts, &rows)
		s.ncuts += n + no + ng
		hist = append(hist, next)
		obj = next
		if s.closes(obj) {
			break
		}
		if k := len(hist); k > 3 && hist[k-4]-obj < cutMinProgress*math.Max(1, math.Abs(obj)) {
			if phase == phaseGomory || gomoryLeft == 0 && phase == phaseOdd {
				break
			}
			phase, hist = phase+1, hist[:0]
		}
	}
	return obj, true
}

// oddMinGain is the least part of the gap between the root bound and the
// incumbent that a round of odd-cycle cuts alone must close to stay in
// the model (see rootCuts).
const oddMinGain = 1e-3

// gapTo is the gap between a bound and the incumbent, or the bound's
// magnitude times cutMinProgress when there is no incumbent.
func (s *search) gapTo(bound float64) float64 {
	if s.hasInc && !math.IsInf(s.incObj, -1) && bound > s.incObj {
		return bound - s.incObj
	}
	return cutMinProgress * math.Max(1, math.Abs(bound))
}

// dropLastRows takes the last k rows out of the model, gives it back the
// basis saved in s.sep.basis before they were added and solves it again
// (no pivot is needed), so that the model is as it was. It returns false
// when the engine fails (s.numerical is set) or a limit stops the solve.
func (s *search) dropLastRows(k int) bool {
	m := s.m.NumRows()
	del := make([]int, k)
	for i := range del {
		del[i] = m - k + i
	}
	if err := s.m.DeleteRows(del); err != nil {
		s.numerical = err
		return false
	}
	if err := s.m.SetBasis(&s.sep.basis); err != nil {
		s.numerical = err
		return false
	}
	st, _, err := s.solveLP()
	if err != nil {
		s.numerical = err
		return false
	}
	if st != lp.Optimal {
		return false
	}
	if err := s.readSolution(); err != nil {
		s.numerical = err
		return false
	}
	return true
}

// gomoryCuts appends Gomory mixed-integer cuts from the model's optimal
// basis at s.x to rows, at most max, and returns how many. The model must
// hold the formulation's rows and s.cuts, in that order.
func (s *search) gomoryCuts(rows *lp.Rows, max int) int {
	added := 0
	if s.cuts != nil {
		added = s.cuts.Len()
	}
	if max <= 0 || s.m.NumRows() != s.f.Problem.NumRows()+added {
		return 0
	}
	if err := s.m.Basis(&s.sep.basis); err != nil {
		return 0 // no basis, no tableau: the other families go on
	}
	if s.sep.gomory == nil {
		s.sep.gomory = cuts.NewGomory(s.f)
		s.sep.gomory.MaxSupport = gomoryMaxSupport
	}
	return s.sep.gomory.Separate(s.x, &s.sep.basis, s.cuts, rows, max)
}

// appendRows appends a block of rows to a pool, which it creates first
// when nil.
func appendRows(pool *lp.Rows, r *lp.Rows) *lp.Rows {
	if pool == nil {
		pool = &lp.Rows{Start: []int{0}}
	}
	pool.Append(r)
	return pool
}
