package lagrange

import (
	"math"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// boundOf returns L(y) of the maximization of sign·c over p's rows and
// column box (sign −1 for a minimization), y in its units, from the
// definition, inflated against rounding by a relative 1e-11 of the sum of
// the magnitudes of its terms and an absolute 1e-9. It is +Inf when a
// reduced cost points to a missing column bound, or y a multiplier to a
// missing row bound.
func boundOf(p *lp.Problem, y []float64) float64 {
	sign := 1.0
	if p.Sense == lp.Minimize {
		sign = -1
	}
	val, mag := 0.0, 0.0
	add := func(t float64) {
		val += t
		mag += math.Abs(t)
	}
	for i, v := range y {
		switch {
		case v > 0:
			add(v * p.RowUpper[i])
		case v < 0:
			add(v * p.RowLower[i])
		}
	}
	for j := range p.Objective {
		d := sign * p.Objective[j]
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			d -= y[p.RowIndex[k]] * p.Value[k]
		}
		switch {
		case d > 0:
			add(d * p.ColUpper[j])
		case d < 0:
			add(d * p.ColLower[j])
		}
	}
	if math.IsNaN(val) || math.IsInf(val, 0) {
		return math.Inf(1)
	}
	return val + 1e-11*mag + 1e-9
}
