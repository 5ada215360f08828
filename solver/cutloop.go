package solver

import (
	"math"

	"github.com/gavelhq/gavel/solver/internal/cuts"
	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Root cut loop parameters.
const (
	cutRounds      = 30   // at most this many rounds of separation at the root
	cutsPerRound   = 400  // cuts of each family added per round, at most
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
	gomory  *cuts.Gomory
	basis   lp.Basis
}

// rootCuts adds rounds of cuts at the root while they move the bound,
// re-solving after each round: clique and cover cuts until they stall (no
// cut, or the bound moves too little), then up to gomoryRounds rounds that
// add Gomory mixed-integer cuts as well, only sparse ones
// (gomoryMaxSupport), which stay in the model like the others. It returns
// the root objective after the last round (−Inf when the cuts make the LP
// infeasible: there is no allocation), and false when the search must
// stop (a limit, or an engine failure: then the caller keeps the bound it
// had).
func (s *search) rootCuts(obj float64) (float64, bool) {
	if s.sep.cliques == nil {
		s.sep = separators{cliques: cuts.NewCliques(s.f), covers: cuts.NewCovers(s.f)}
	}
	var hist []float64
	var rows lp.Rows
	gomoryPhase, gomoryLeft := false, gomoryRounds
	for round := 0; round < cutRounds; round++ {
		if s.ctx.Err() != nil {
			return obj, false
		}
		rows = lp.Rows{Start: []int{0}}
		n := s.sep.cliques.Separate(s.x, &rows, cutsPerRound)
		n += s.sep.covers.Separate(s.x, &rows, cutsPerRound)
		if n == 0 {
			gomoryPhase = true
		}
		ng := 0
		if gomoryPhase && gomoryLeft > 0 {
			ng = s.gomoryCuts(&rows, gomoryPerRound)
			gomoryLeft--
		}
		if n+ng == 0 {
			break
		}
		if err := s.m.AddRows(&rows); err != nil {
			s.numerical = err
			return obj, false
		}
		s.cuts = appendRows(s.cuts, &rows)
		s.ncuts += n + ng
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
		if err := s.readSolution(); err != nil {
			s.numerical = err
			return obj, false
		}
		next = math.Min(next, obj)
		hist = append(hist, next)
		obj = next
		if s.closes(obj) {
			break
		}
		if k := len(hist); k > 3 && hist[k-4]-obj < cutMinProgress*math.Max(1, math.Abs(obj)) {
			if gomoryPhase || gomoryLeft == 0 {
				break
			}
			gomoryPhase, hist = true, hist[:0]
		}
	}
	return obj, true
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
