package lagrange

import (
	"math"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// ruizPasses is the number of Ruiz equilibration passes before the
// Pock–Chambolle scaling (PDLP's defaults: 10, then α = 1).
const ruizPasses = 10

// scaling returns the row and column factors r and s of the diagonal
// preconditioning of p's matrix, Ã = diag(r) A diag(s): ruizPasses passes
// of Ruiz equilibration (every row and column divided by the square root of
// its largest element), then Pock and Chambolle's with α = 1 (divided by
// the square root of its sum of magnitudes). An empty row or column keeps a
// factor of 1.
func scaling(p *lp.Problem) (r, s []float64) {
	m, n := p.NumRows(), p.NumCols()
	r, s = make([]float64, m), make([]float64, n)
	for i := range r {
		r[i] = 1
	}
	for j := range s {
		s[j] = 1
	}
	acc := make([]float64, m)
	for pass := 0; pass <= ruizPasses; pass++ {
		pc := pass == ruizPasses // the last pass: sums instead of maxima
		clear(acc)
		for j := range n {
			colAcc := 0.0
			for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
				i := p.RowIndex[k]
				a := math.Abs(p.Value[k]) * r[i] * s[j]
				if pc {
					acc[i] += a
					colAcc += a
				} else {
					acc[i] = math.Max(acc[i], a)
					colAcc = math.Max(colAcc, a)
				}
			}
			if colAcc > 0 {
				s[j] /= math.Sqrt(colAcc)
			}
		}
		for i, a := range acc {
			if a > 0 {
				r[i] /= math.Sqrt(a)
			}
		}
	}
	return r, s
}
