package lagrange

import (
	"math"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// state holds the problem, scaled by rows and turned into a maximization,
// and the multipliers of the subgradient method.
type state struct {
	p     *lp.Problem
	sign  float64   // 1 for a maximization, −1 for a minimization
	scale []float64 // by row: 1 / largest |coefficient|
	a     *matrix   // the matrix, scaled by rows, with its products split over the workers
	c     []float64 // sign·c
	lo    []float64 // scaled row bounds
	hi    []float64
	y     []float64 // multipliers of the scaled rows
	bestY []float64
	d     []float64 // reduced costs c − Aᵀy (of the maximization)
	x     []float64 // the maximizer of the Lagrangian at y
	ax    []float64 // scaled row activities A x
	g     []float64 // subgradient
	rc    []float64 // reducedCosts' result, reused
}

// newState sets up the subgradient method on p, its products split over
// the given number of workers.
func newState(p *lp.Problem, workers int) *state {
	m, n := p.NumRows(), p.NumCols()
	s := &state{p: p, sign: 1, scale: make([]float64, m), lo: make([]float64, m), hi: make([]float64, m),
		y: make([]float64, m), bestY: make([]float64, m), d: make([]float64, n), x: make([]float64, n),
		ax: make([]float64, m), g: make([]float64, m)}
	if p.Sense == lp.Minimize {
		s.sign = -1
	}
	for k, v := range p.Value {
		if i := p.RowIndex[k]; math.Abs(v) > s.scale[i] {
			s.scale[i] = math.Abs(v)
		}
	}
	for i := range s.scale {
		if s.scale[i] == 0 {
			s.scale[i] = 1
		}
		s.scale[i] = 1 / s.scale[i]
		s.lo[i] = p.RowLower[i] * s.scale[i]
		s.hi[i] = p.RowUpper[i] * s.scale[i]
	}
	val := make([]float64, len(p.Value))
	for k, v := range p.Value {
		val[k] = v * s.scale[p.RowIndex[k]]
	}
	s.a = newMatrix(p, val, workers)
	s.c = make([]float64, n)
	for j, c := range p.Objective {
		s.c[j] = s.sign * c
	}
	return s
}

// evaluate computes L(y), the maximizer x and the subgradient g.
func (s *state) evaluate() float64 {
	p := s.p
	val := 0.0
	for i, y := range s.y {
		switch {
		case y > 0:
			val += y * s.hi[i]
		case y < 0:
			val += y * s.lo[i]
		}
	}
	s.a.reduced(s.c, s.y, s.d)
	for j, d := range s.d {
		x := 0.0
		switch {
		case d > 0:
			x = p.ColUpper[j]
		case d < 0:
			x = p.ColLower[j]
		default: // any point of the range: the one nearest 0
			x = math.Max(p.ColLower[j], math.Min(0, p.ColUpper[j]))
		}
		if math.IsInf(x, 0) {
			return math.Inf(1)
		}
		s.x[j] = x
		val += d * x
	}
	s.a.times(s.x, s.ax)
	for i, y := range s.y {
		ax := s.ax[i]
		switch {
		case y > 0:
			s.g[i] = s.hi[i] - ax
		case y < 0:
			s.g[i] = s.lo[i] - ax
		case ax > s.hi[i]:
			s.g[i] = s.hi[i] - ax
		case ax < s.lo[i]:
			s.g[i] = s.lo[i] - ax
		default:
			s.g[i] = 0
		}
	}
	return val
}

// step moves y against the subgradient by Polyak's step of the given
// excess over the target, keeping each multiplier on the side its row's
// finite bound allows and stopping it at 0 when it would change sides. It
// returns false when the subgradient is 0.
func (s *state) step(excess float64) bool {
	norm := 0.0
	for _, g := range s.g {
		norm += g * g
	}
	if norm == 0 {
		return false
	}
	t := math.Max(excess, 0) / norm
	if t == 0 {
		return false
	}
	for i, y := range s.y {
		ny := y - t*s.g[i]
		switch {
		case y > 0 && ny < 0, y < 0 && ny > 0:
			ny = 0
		case ny > 0 && math.IsInf(s.hi[i], 1), ny < 0 && math.IsInf(s.lo[i], -1):
			ny = 0
		}
		s.y[i] = ny
	}
	return true
}

// keep records the current multipliers as the best.
func (s *state) keep() { copy(s.bestY, s.y) }

// reducedCosts returns the reduced costs of the current multipliers, or of
// the best ones, in the problem's own sense, in a buffer the next call
// reuses.
func (s *state) reducedCosts(best bool) []float64 {
	if best {
		copy(s.y, s.bestY)
		s.evaluate()
	}
	s.rc = s.rc[:0]
	for _, d := range s.d {
		s.rc = append(s.rc, s.sign*d)
	}
	return s.rc
}

// unscaled writes the best multipliers in the units of the problem.
func (s *state) unscaled(dst []float64) {
	for i, y := range s.bestY {
		dst[i] = y * s.scale[i]
	}
}
