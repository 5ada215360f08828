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
)

// separators are the cut families of one component.
type separators struct {
	cliques *cuts.Cliques
	covers  *cuts.Covers
}

// rootCuts adds rounds of clique and cover cuts at the root while they move
// the bound, re-solving after each round. It returns the root objective
// after the last round (−Inf when the cuts make the LP infeasible: there is
// no allocation), and false when the search must stop (a limit, or an
// engine failure: then the caller keeps the bound it had).
func (s *search) rootCuts(obj float64) (float64, bool) {
	if s.sep.cliques == nil {
		s.sep = separators{cliques: cuts.NewCliques(s.f), covers: cuts.NewCovers(s.f)}
	}
	var hist []float64
	var rows lp.Rows
	for round := 0; round < cutRounds; round++ {
		if s.ctx.Err() != nil {
			return obj, false
		}
		rows = lp.Rows{Start: []int{0}}
		n := s.sep.cliques.Separate(s.x, &rows, cutsPerRound)
		n += s.sep.covers.Separate(s.x, &rows, cutsPerRound)
		if n == 0 {
			break
		}
		if err := s.m.AddRows(&rows); err != nil {
			s.numerical = err
			return obj, false
		}
		s.cuts = appendRows(s.cuts, &rows)
		s.ncuts += n
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
			break
		}
	}
	return obj, true
}

// appendRows appends a block of rows to a pool.
func appendRows(pool *lp.Rows, r *lp.Rows) *lp.Rows {
	if pool == nil {
		pool = &lp.Rows{Start: []int{0}}
	}
	base := len(pool.Col)
	for k := 0; k < r.Len(); k++ {
		pool.Lower = append(pool.Lower, r.Lower[k])
		pool.Upper = append(pool.Upper, r.Upper[k])
		pool.Col = append(pool.Col, r.Col[r.Start[k]:r.Start[k+1]]...)
		pool.Value = append(pool.Value, r.Value[r.Start[k]:r.Start[k+1]]...)
		pool.Start = append(pool.Start, base+r.Start[k+1])
	}
	return pool
}
