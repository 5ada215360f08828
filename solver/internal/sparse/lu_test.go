package sparse

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomBasis builds a random sparse m×n matrix and a basis of m positions
// drawn from its columns and the logicals, as the simplex would hold.
func randomBasis(rng *rand.Rand, m, n int, density float64) (*matrix, []int32) {
	colStart := []int{0}
	var rowIndex []int
	var value []float64
	for range n {
		for i := range m {
			if rng.Float64() < density {
				rowIndex = append(rowIndex, i)
				v := float64(1 + rng.IntN(5))
				if rng.IntN(2) == 0 {
					v = -v / 4
				}
				value = append(value, v)
			}
		}
		colStart = append(colStart, len(value))
	}
	a := &matrix{}
	a.load(m, n, colStart, rowIndex, value)
	perm := rng.Perm(n + m)
	head := make([]int32, m)
	for p := range head {
		head[p] = int32(perm[p])
	}
	return a, head
}

// denseBasis returns B as a dense row-major matrix.
func denseBasis(a *matrix, head []int32) [][]float64 {
	m := len(head)
	b := make([][]float64, m)
	for i := range b {
		b[i] = make([]float64, m)
	}
	for p, k := range head {
		if int(k) >= a.n {
			b[int(k)-a.n][p] = -1
			continue
		}
		for q := a.colStart[k]; q < a.colStart[k+1]; q++ {
			b[a.rowIdx[q]][p] = a.val[q]
		}
	}
	return b
}

// TestFactor checks FTRAN and BTRAN against products with the dense basis,
// after the factorization and after product-form updates, and that a
// singular basis reports as many dependent positions as uncovered rows.
func TestFactor(t *testing.T) {
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 7))
		m, n := 1+rng.IntN(30), 1+rng.IntN(40)
		a, head := randomBasis(rng, m, n, 0.05+0.4*rng.Float64())
		var f factor
		src := columnSource{a: a, n: a.n}
		if !f.factorize(src, head) {
			assert.Equal(t, len(f.dep), len(f.free), "seed %d", seed)
			assert.NotEmpty(t, f.dep)
			continue
		}
		for step := range 6 {
			b := denseBasis(a, head)
			// FTRAN: B·x = v.
			v := make([]float64, m)
			want := make([]float64, m)
			for i := range v {
				v[i] = rng.NormFloat64()
				want[i] = v[i]
			}
			x := make([]float64, m)
			f.ftran(v, x)
			for i := range m {
				got := 0.0
				for p := range m {
					got += b[i][p] * x[p]
				}
				require.InDelta(t, want[i], got, 1e-8*(1+math.Abs(want[i])), "seed %d step %d: ftran row %d", seed, step, i)
				require.Zero(t, v[i], "ftran leaves its input zero")
			}
			// BTRAN: Bᵀ·y = e.
			e := make([]float64, m)
			for p := range e {
				e[p] = rng.NormFloat64()
				want[p] = e[p]
			}
			y := make([]float64, m)
			f.btran(e, y)
			for p := range m {
				got := 0.0
				for i := range m {
					got += b[i][p] * y[i]
				}
				require.InDelta(t, want[p], got, 1e-8*(1+math.Abs(want[p])), "seed %d step %d: btran column %d", seed, step, p)
			}
			// Replace a random position by a column not in the basis, if
			// the pivot is safe.
			in := map[int32]bool{}
			for _, k := range head {
				in[k] = true
			}
			q := int32(rng.IntN(n + m))
			if in[q] {
				continue
			}
			col := make([]float64, m)
			if int(q) >= n {
				col[int(q)-n] = -1
			} else {
				for k := a.colStart[q]; k < a.colStart[q+1]; k++ {
					col[a.rowIdx[k]] = a.val[k]
				}
			}
			alpha := make([]float64, m)
			f.ftran(col, alpha)
			r := rng.IntN(m)
			if math.Abs(alpha[r]) < 1e-3 {
				continue
			}
			f.update(int32(r), alpha)
			head[r] = q
		}
	}
}
