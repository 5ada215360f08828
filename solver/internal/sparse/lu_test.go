package sparse

import (
	"math"
	"math/rand/v2"
	"slices"
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
// after the factorization and after Forrest–Tomlin updates, and that a
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
		for step := range 12 {
			checkU(t, &f)
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
				require.Zero(t, e[p], "btran leaves its input zero")
			}
			// Replace a random position by a column not in the basis, if
			// the pivot is safe.
			q := int32(rng.IntN(n + m))
			if slices.Contains(head, q) {
				continue
			}
			alpha := make([]float64, m)
			f.ftranSpike(column(a, q), alpha)
			r := rng.IntN(m)
			if math.Abs(alpha[r]) < 1e-3 {
				continue
			}
			f.update(int32(r), alpha[r])
			require.False(t, f.stale, "seed %d step %d: update refused", seed, step)
			head[r] = q
		}
	}
}

// TestFactorUpdates makes runs of maxUpdates Forrest–Tomlin updates on
// larger sparse bases, refactorizing only when an update is refused (it
// must be rare), and checks after each one the invariants of U, that
// B·(B⁻¹a) = a for a random column a of [A | −I] and Bᵀ·(B⁻ᵀe) = e for a
// random e (normwise backward errors), and that the updated factors solve
// as a fresh factorization of the same basis does.
func TestFactorUpdates(t *testing.T) {
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 11))
		m, n := 40+rng.IntN(80), 150+rng.IntN(200)
		a, head := randomBasis(rng, m, n, 3/float64(m))
		var f factor
		src := columnSource{a: a, n: a.n}
		if !f.factorize(src, head) {
			// Repair the basis as the simplex does: the logicals of the
			// rows no pivot covers replace the dependent columns.
			for q, p := range f.dep {
				head[p] = int32(n) + f.free[q]
			}
			require.True(t, f.factorize(src, head))
		}
		x, xf := make([]float64, m), make([]float64, m)
		alpha := make([]float64, m)
		done, refused := 0, 0
		for step := 0; done < maxUpdates && step < 100*maxUpdates; step++ {
			q := int32(rng.IntN(n + m))
			if slices.Contains(head, q) {
				continue
			}
			f.ftranSpike(column(a, q), alpha)
			// A pivot a ratio test could choose: within a factor 10 of
			// the column's largest.
			r := rng.IntN(m)
			if alpha[r] == 0 || math.Abs(alpha[r]) < 0.1*maxAbs(alpha) {
				continue
			}
			f.update(int32(r), alpha[r])
			head[r] = q
			done++
			if f.stale {
				// The new diagonal of U disagrees with α_rq times the old
				// one: the simplex factorizes afresh, and so does the test.
				require.True(t, f.wantsRefactor())
				require.True(t, f.factorize(src, head), "seed %d update %d: the basis is singular", seed, done)
				refused++
			}
			checkU(t, &f)
			var fresh factor
			require.True(t, fresh.factorize(src, head), "seed %d update %d: the basis is singular", seed, done)
			b := denseBasis(a, head)
			j := int32(rng.IntN(n + m))
			col := column(a, j)
			f.ftran(slices.Clone(col), x)
			fresh.ftran(slices.Clone(col), xf)
			// A normwise backward error: the residual against
			// ‖B‖·‖x‖ + ‖a‖ (infinity norms); the solutions against the
			// largest entry.
			scale := normInf(b)*maxAbs(x) + maxAbs(col)
			for i := range m {
				got := 0.0
				for p := range m {
					got += b[i][p] * x[p]
				}
				require.InDelta(t, col[i], got, 1e-9*scale, "seed %d update %d: B·B⁻¹a row %d", seed, done, i)
			}
			for p := range m {
				require.InDelta(t, xf[p], x[p], 1e-7*(1+maxAbs(xf)), "seed %d update %d: ftran against a fresh factor", seed, done)
			}
			// BTRAN: Bᵀ·y = e for a random e, against the fresh factor
			// and by its residual against ‖Bᵀ‖·‖y‖ + ‖e‖.
			e := make([]float64, m)
			for p := range e {
				e[p] = rng.NormFloat64()
			}
			y, yf := make([]float64, m), make([]float64, m)
			f.btran(slices.Clone(e), y)
			fresh.btran(slices.Clone(e), yf)
			scale = normOne(b)*maxAbs(y) + maxAbs(e)
			for p := range m {
				got := 0.0
				for i := range m {
					got += b[i][p] * y[i]
				}
				require.InDelta(t, e[p], got, 1e-9*scale, "seed %d update %d: Bᵀ·B⁻ᵀe column %d", seed, done, p)
			}
			for i := range m {
				require.InDelta(t, yf[i], y[i], 1e-7*(1+maxAbs(yf)), "seed %d update %d: btran against a fresh factor", seed, done)
			}
		}
		t.Logf("seed %d: m %d, %d updates (%d refused), U %d entries (fresh %d), row etas %d entries", seed, m, done, refused, f.uNnz, f.luNnz, len(f.rIdx))
		assert.LessOrEqual(t, refused, done/20, "seed %d: updates refused", seed)
	}
}

// TestFactorStale checks that an update without a spike, or with a pivot
// that disagrees with the factors, is refused and asks for a new
// factorization.
func TestFactorStale(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	a, head := randomBasis(rng, 20, 40, 0.2)
	for p := range head {
		head[p] = int32(a.n + p)
	}
	var f factor
	require.True(t, f.factorize(columnSource{a: a, n: a.n}, head))
	assert.False(t, f.wantsRefactor())
	f.update(0, 1)
	assert.True(t, f.stale, "no spike")
	assert.True(t, f.wantsRefactor())

	require.True(t, f.factorize(columnSource{a: a, n: a.n}, head))
	alpha := make([]float64, 20)
	f.ftranSpike(column(a, 0), alpha)
	r := slices.IndexFunc(alpha, func(v float64) bool { return math.Abs(v) > 0.1 })
	require.GreaterOrEqual(t, r, 0)
	f.update(int32(r), 2*alpha[r])
	assert.True(t, f.stale, "a pivot twice the true one")
	assert.True(t, f.wantsRefactor())
	require.True(t, f.factorize(columnSource{a: a, n: a.n}, head))
	assert.False(t, f.wantsRefactor(), "a new factorization clears it")
}

// column returns the column of variable j of [A | −I], dense.
func column(a *matrix, j int32) []float64 {
	m := a.m
	col := make([]float64, m)
	if int(j) >= a.n {
		col[int(j)-a.n] = -1
		return col
	}
	for k := a.colStart[j]; k < a.colStart[j+1]; k++ {
		col[a.rowIdx[k]] = a.val[k]
	}
	return col
}

// checkU checks the invariants of U: the column and row stores hold the
// same entries, uNnz counts them, each position has one live slot and
// each row one, and every entry lies in a row of an earlier slot than its
// column's.
func checkU(t *testing.T, f *factor) {
	t.Helper()
	rowSlot := make([]int, f.m)
	for i := range rowSlot {
		rowSlot[i] = -1
	}
	live := 0
	for k := range f.np {
		c := f.pivCol[k]
		if c < 0 {
			continue
		}
		live++
		require.Equal(t, int32(k), f.slot[c], "slot of position %d", c)
		r := f.pivRow[k]
		require.Equal(t, -1, rowSlot[r], "row %d pivots twice", r)
		rowSlot[r] = k
	}
	require.Equal(t, f.m, live)
	type entry struct{ r, c int32 }
	byCol := map[entry]float64{}
	for c := range int32(f.m) {
		for q := f.ucStart[c]; q < f.ucStart[c]+f.ucLen[c]; q++ {
			r := f.ucIdx[q]
			require.Less(t, rowSlot[r], int(f.slot[c]), "entry (%d, %d) below the diagonal", r, c)
			byCol[entry{r, c}] = f.ucVal[q]
		}
	}
	n := 0
	for r := range int32(f.m) {
		require.LessOrEqual(t, f.urLen[r], f.urCap[r])
		for q := f.urStart[r]; q < f.urStart[r]+f.urLen[r]; q++ {
			v, ok := byCol[entry{r, f.urIdx[q]}]
			require.True(t, ok, "entry (%d, %d) by row only", r, f.urIdx[q])
			require.Equal(t, v, f.urVal[q])
			n++
		}
	}
	require.Equal(t, len(byCol), n, "entries by column only")
	require.Equal(t, n, f.uNnz)
}

// maxAbs is the largest magnitude in v.
func maxAbs(v []float64) float64 {
	big := 0.0
	for _, x := range v {
		big = max(big, math.Abs(x))
	}
	return big
}

// normInf is the largest sum of magnitudes of a row of b.
func normInf(b [][]float64) float64 {
	big := 0.0
	for _, row := range b {
		s := 0.0
		for _, v := range row {
			s += math.Abs(v)
		}
		big = max(big, s)
	}
	return big
}

// normOne is the largest sum of magnitudes of a column of b.
func normOne(b [][]float64) float64 {
	sum := make([]float64, len(b[0]))
	for _, row := range b {
		for j, v := range row {
			sum[j] += math.Abs(v)
		}
	}
	return maxAbs(sum)
}
