package solver

import "math"

// diveRows is the row view of the model that a dive propagates its steps
// over: the formulation's rows and the search's cuts (valid for every
// allocation), with the least and the largest activity of each under the
// bounds loaded in the model.
type diveRows struct {
	minAct, maxAct []float64
	lower, upper   []float64

	// The cuts by column: cutRow[cutStart[j]:cutStart[j+1]] (rows numbered
	// after the formulation's) with their coefficients cutVal.
	ncuts    int // cuts indexed; -1: none yet
	cutStart []int
	cutRow   []int
	cutVal   []float64
}

// activities computes the row bounds and the least and largest activities
// of every row under the bounds s.lo, s.hi.
func (r *diveRows) activities(s *search) {
	p := s.f.Problem
	m := p.NumRows()
	nc := 0
	if s.cuts != nil {
		nc = s.cuts.Len()
	}
	if r.cutStart == nil || r.ncuts != nc {
		r.indexCuts(s, nc)
	}
	r.lower = append(append(r.lower[:0], p.RowLower...), make([]float64, nc)...)
	r.upper = append(append(r.upper[:0], p.RowUpper...), make([]float64, nc)...)
	for k := range nc {
		r.lower[m+k], r.upper[m+k] = s.cuts.Lower[k], s.cuts.Upper[k]
	}
	r.minAct = append(r.minAct[:0], make([]float64, m+nc)...)
	r.maxAct = append(r.maxAct[:0], make([]float64, m+nc)...)
	for j := range p.NumCols() {
		lo, hi := s.lo[j], s.hi[j]
		r.each(s, j, func(i int, a float64) bool {
			if a > 0 {
				r.minAct[i] += a * lo
				r.maxAct[i] += a * hi
			} else {
				r.minAct[i] += a * hi
				r.maxAct[i] += a * lo
			}
			return true
		})
	}
}

// indexCuts builds the column index of the first nc cuts.
func (r *diveRows) indexCuts(s *search, nc int) {
	n := s.f.Problem.NumCols()
	r.ncuts = nc
	r.cutStart = append(r.cutStart[:0], make([]int, n+1)...)
	if nc == 0 {
		r.cutRow, r.cutVal = r.cutRow[:0], r.cutVal[:0]
		return
	}
	c := s.cuts
	nz := c.Start[nc]
	for _, j := range c.Col[:nz] {
		r.cutStart[j+1]++
	}
	for j := range n {
		r.cutStart[j+1] += r.cutStart[j]
	}
	r.cutRow = append(r.cutRow[:0], make([]int, nz)...)
	r.cutVal = append(r.cutVal[:0], make([]float64, nz)...)
	next := append([]int(nil), r.cutStart[:n]...)
	m := s.f.Problem.NumRows()
	for k := range nc {
		for e := c.Start[k]; e < c.Start[k+1]; e++ {
			j := c.Col[e]
			r.cutRow[next[j]], r.cutVal[next[j]] = m+k, c.Value[e]
			next[j]++
		}
	}
}

// each calls f on every row entry (row, coefficient) of column j, the
// formulation's then the cuts', until f returns false; it reports whether
// f never did.
func (r *diveRows) each(s *search, j int, f func(i int, a float64) bool) bool {
	p := s.f.Problem
	for e := p.ColStart[j]; e < p.ColStart[j+1]; e++ {
		if !f(p.RowIndex[e], p.Value[e]) {
			return false
		}
	}
	for e := r.cutStart[j]; e < r.cutStart[j+1]; e++ {
		if !f(r.cutRow[e], r.cutVal[e]) {
			return false
		}
	}
	return true
}

// fits reports whether raising the lower bound of column j to its upper
// bound keeps every row's least activity within its upper bound and its
// largest within its lower bound.
func (r *diveRows) fits(s *search, j int) bool {
	d := s.hi[j] - s.lo[j]
	return r.each(s, j, func(i int, a float64) bool {
		if a > 0 {
			u := r.upper[i]
			return r.minAct[i]+a*d <= u+1e-9*math.Max(1, math.Abs(u))
		}
		l := r.lower[i]
		return r.maxAct[i]+a*d >= l-1e-9*math.Max(1, math.Abs(l))
	})
}

// raise records that the lower bound of column j goes up to its upper
// bound (before s.lo changes).
func (r *diveRows) raise(s *search, j int) {
	d := s.hi[j] - s.lo[j]
	r.each(s, j, func(i int, a float64) bool {
		if a > 0 {
			r.minAct[i] += a * d
		} else {
			r.maxAct[i] += a * d
		}
		return true
	})
}
