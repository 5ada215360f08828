package solver

import (
	"math"
	"slices"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Reliability branching (Achterberg, Koch and Martin, "Branching rules
// revisited", Operations Research Letters 33, 2005): a candidate whose
// pseudo-costs rest on fewer than reliable observations in either
// direction is first measured by strong branching (solving both children,
// within an iteration limit), which also records the observations.
const (
	reliable        = 4   // observations per direction that make a pseudo-cost trusted
	strongMax       = 4   // unreliable candidates measured at one node, at most
	strongLookahead = 4   // stop after this many measurements without a better score
	strongIters     = 200 // simplex iterations per strong-branching child, at most
)

// candidate is a fractional integer column and its estimated score.
type candidate struct {
	col   int
	frac  float64
	score float64
}

// branchColumn chooses the column to branch on in the LP solution s.x of
// a node with objective obj, or returns −1 when every integer column is
// integral. It returns false when the engine failed (s.numerical is set).
func (s *search) branchColumn(obj float64) (int, bool) {
	cands := s.pc.candidates(s.x, s.integer, s.lo, s.hi, s.cands[:0])
	s.cands = cands
	if len(cands) == 0 {
		return -1, true
	}
	best := 0 // candidates are sorted by score, ties by column
	if s.strongIters > s.iters/5+5000 {
		return cands[best].col, true
	}
	// Measure the best-scored unreliable candidates.
	var basis *lp.Basis
	measured, sinceBetter := 0, 0
	bestScore := math.Inf(-1)
	for k := range cands {
		c := &cands[k]
		if !s.pc.unreliable(c.col) {
			if c.score > bestScore {
				best, bestScore = k, c.score
			}
			continue
		}
		if measured >= strongMax || sinceBetter >= strongLookahead {
			continue
		}
		if basis == nil {
			basis = &s.sbBasis
			if err := s.m.Basis(basis); err != nil {
				return cands[0].col, true // no basis to return to: skip strong branching
			}
		}
		down, ok := s.strongChild(c.col, s.lo[c.col], math.Floor(s.x[c.col]), basis)
		if !ok {
			return -1, false
		}
		up, ok := s.strongChild(c.col, math.Ceil(s.x[c.col]), s.hi[c.col], basis)
		if !ok {
			return -1, false
		}
		measured++
		s.pc.observe(c.col, c.frac, obj, down, up)
		c.score = s.pc.score(c.col, c.frac)
		if c.score > bestScore {
			best, bestScore = k, c.score
			sinceBetter = 0
		} else {
			sinceBetter++
		}
	}
	if basis != nil {
		// Leave the model with the node's bounds and basis, as found.
		if err := s.m.SetBasis(basis); err != nil {
			s.numerical = err
			return -1, false
		}
	}
	return cands[best].col, true
}

// strongChild solves the child of the current node with column j in
// [lo, hi] within strongIters iterations and returns its objective (−∞ if
// infeasible, NaN if unknown), then puts the column's bounds and the
// node's basis back.
func (s *search) strongChild(j int, lo, hi float64, basis *lp.Basis) (float64, bool) {
	s.sbCol[0] = j
	s.sbLo[0], s.sbHi[0] = lo, hi
	if err := s.m.SetColBounds(s.sbCol[:], s.sbLo[:], s.sbHi[:]); err != nil {
		s.numerical = err
		return 0, false
	}
	it0 := s.iters
	st, obj, err := s.solveLPLimit(strongIters)
	s.strongIters += s.iters - it0
	s.sbLo[0], s.sbHi[0] = s.lo[j], s.hi[j]
	if err2 := s.m.SetColBounds(s.sbCol[:], s.sbLo[:], s.sbHi[:]); err2 != nil {
		s.numerical = err2
		return 0, false
	}
	if err2 := s.m.SetBasis(basis); err2 != nil {
		s.numerical = err2
		return 0, false
	}
	switch {
	case err != nil:
		return math.NaN(), true // the engine could not say; no observation
	case st == lp.Optimal:
		return obj, true
	case st == lp.Infeasible:
		return math.Inf(-1), true
	}
	return math.NaN(), true
}

// candidates appends the fractional integer columns of x to dst, sorted by
// decreasing pseudo-cost score, ties by column.
func (p *pseudoCosts) candidates(x []float64, integer []bool, lo, hi []float64, dst []candidate) []candidate {
	for j, v := range x {
		if !integer[j] || lo[j] == hi[j] {
			continue
		}
		f := v - math.Floor(v)
		if f < intTol || f > 1-intTol {
			continue
		}
		dst = append(dst, candidate{col: j, frac: f, score: p.score(j, f)})
	}
	slices.SortStableFunc(dst, func(a, b candidate) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return a.col - b.col
	})
	return dst
}

// unreliable reports whether column j has too few observations in either
// direction for its pseudo-costs to be trusted.
func (p *pseudoCosts) unreliable(j int) bool {
	return p.downN[j] < reliable || p.upN[j] < reliable
}

// observe records the objectives of both children of a strong branching
// on column j at fractional part f of a node with objective obj. An
// infeasible child counts as a drop of the whole objective scale; an
// unknown one (NaN) is not recorded.
func (p *pseudoCosts) observe(j int, f, obj, down, up float64) {
	drop := func(child float64) float64 {
		if math.IsInf(child, -1) {
			return math.Max(math.Abs(obj), 1)
		}
		return math.Max(obj-child, 0)
	}
	if !math.IsNaN(down) && f > 0 {
		u := drop(down) / f
		p.downSum[j] += u
		p.downN[j]++
		p.allDown += u
		p.allDownN++
	}
	if !math.IsNaN(up) && f < 1 {
		u := drop(up) / (1 - f)
		p.upSum[j] += u
		p.upN[j]++
		p.allUp += u
		p.allUpN++
	}
}
