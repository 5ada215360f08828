package sparse

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// testDense is the order from which the tests' factorizations go dense,
// lower than denseOrder so that small bases take the dense path.
const testDense = 60

// TestFactorDense factorizes random bases whose active submatrix fills in
// enough for the dense kernel, and checks FTRAN and BTRAN against products
// with the basis (normwise backward errors), after the factorization and
// after Forrest–Tomlin updates; a basis is singular for the dense path
// exactly when it is for the sparse elimination alone, with as many
// dependent positions as uncovered rows. A third of the nonsingular bases
// must have taken the dense path.
func TestFactorDense(t *testing.T) {
	dense, nonsingular, singular, fellBack := 0, 0, 0, 0
	for seed := range uint64(24) {
		rng := rand.New(rand.NewPCG(seed, 13))
		m := 3*testDense + rng.IntN(3*testDense)
		a, head := fillingBasis(rng, m, 4+rng.IntN(4), seed%4 == 0)
		n := a.n
		src := columnSource{a: a, n: a.n}
		f := factor{denseMin: testDense}
		sparse := factor{denseMin: math.MaxInt}
		ok := f.factorize(src, head)
		require.Equal(t, sparse.factorize(src, head), ok, "seed %d", seed)
		if !ok {
			singular++
			if f.denseTried {
				fellBack++
			}
			require.Equal(t, len(f.dep), len(f.free), "seed %d", seed)
			require.NotEmpty(t, f.dep)
			continue
		}
		nonsingular++
		if f.denseSize > 0 {
			dense++
		}
		for step := range 4 {
			checkU(t, &f)
			checkSolves(t, rng, a, head, &f, seed, step)
			q := int32(rng.IntN(n + m))
			if slices.Contains(head, q) {
				continue
			}
			alpha := make([]float64, m)
			f.ftranSpike(column(a, q), alpha)
			r := rng.IntN(m)
			if math.Abs(alpha[r]) < 1e-2*maxAbs(alpha) {
				continue
			}
			f.update(int32(r), alpha[r])
			require.False(t, f.stale, "seed %d step %d: update refused", seed, step)
			head[r] = q
		}
	}
	t.Logf("%d nonsingular bases, %d of them with a dense block; %d singular, %d of them after a dense attempt", nonsingular, dense, singular, fellBack)
	require.GreaterOrEqual(t, singular, 5)
	require.Greater(t, nonsingular, 12)
	require.Greater(t, 3*dense, nonsingular)
}

// checkSolves checks FTRAN and BTRAN of random vectors against products
// with the basis: normwise backward errors below 1e-10.
func checkSolves(t *testing.T, rng *rand.Rand, a *matrix, head []int32, f *factor, seed uint64, step int) {
	t.Helper()
	m := len(head)
	b := denseBasis(a, head)
	v := make([]float64, m)
	want := make([]float64, m)
	for i := range v {
		v[i] = rng.NormFloat64()
		want[i] = v[i]
	}
	x := make([]float64, m)
	f.ftran(v, x)
	res := make([]float64, m)
	for i := range m {
		got := 0.0
		for p := range m {
			got += b[i][p] * x[p]
		}
		res[i] = got - want[i]
	}
	tol := 1e-10 * (normInf(b)*maxAbs(x) + maxAbs(want))
	require.LessOrEqual(t, maxAbs(res), tol, "seed %d step %d: ftran", seed, step)
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
		res[p] = got - want[p]
	}
	tol = 1e-10 * (normOne(b)*maxAbs(y) + maxAbs(want))
	require.LessOrEqual(t, maxAbs(res), tol, "seed %d step %d: btran", seed, step)
}

// fillingBasis builds an m×2m matrix, each column with a nonzero on the
// diagonal of a random permutation (so that the basis of its first m
// columns is nonsingular but for cancellation) and perCol−1 more at random
// rows, and that basis with some columns swapped for others or for
// logicals: a basis whose elimination fills in. When singular, the last
// column is twice the first, and the basis holds both.
func fillingBasis(rng *rand.Rand, m, perCol int, singular bool) (*matrix, []int32) {
	perm := rng.Perm(m)
	colStart := []int{0}
	var rowIndex []int
	var value []float64
	for j := range 2 * m {
		rows := []int{perm[j%m]}
		for range perCol - 1 {
			if i := rng.IntN(m); !slices.Contains(rows, i) {
				rows = append(rows, i)
			}
		}
		slices.Sort(rows)
		if singular && j == 2*m-1 {
			rowIndex = append(rowIndex, rowIndex[:colStart[1]]...)
			for _, v := range value[:colStart[1]] {
				value = append(value, 2*v)
			}
			colStart = append(colStart, len(value))
			continue
		}
		for _, i := range rows {
			rowIndex = append(rowIndex, i)
			value = append(value, rng.NormFloat64())
		}
		colStart = append(colStart, len(value))
	}
	a := &matrix{}
	a.load(m, 2*m, colStart, rowIndex, value)
	head := make([]int32, m)
	for p := range head {
		switch rng.IntN(10) {
		case 0:
			head[p] = int32(m + p) // the other column with the same diagonal row
		case 1:
			head[p] = int32(2*m + perm[p]) // its row's logical
		default:
			head[p] = int32(p)
		}
	}
	if singular {
		head[0], head[m-1] = 0, int32(2*m-1)
	}
	return a, head
}

// TestFactorDenseFallback factorizes dense bases of rank m−1 (the last
// column a combination of two others): the dense kernel meets a pivot
// below luAbsTol and hands back to the sparse elimination, which must
// find one dependent position and one uncovered row; and the same bases
// with the last column replaced, which the dense kernel factorizes.
func TestFactorDenseFallback(t *testing.T) {
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 17))
		m := testDense + rng.IntN(testDense)
		colStart := []int{0}
		var rowIndex []int
		var value []float64
		for j := range m + 1 {
			for i := range m {
				v := rng.NormFloat64()
				if j == m-1 {
					v = value[i] - 2*value[m+i] // columns 0 and 1
				}
				rowIndex, value = append(rowIndex, i), append(value, v)
			}
			colStart = append(colStart, len(value))
		}
		a := &matrix{}
		a.load(m, m+1, colStart, rowIndex, value)
		head := make([]int32, m)
		for p := range head {
			head[p] = int32(p)
		}
		f := factor{denseMin: testDense}
		src := columnSource{a: a, n: a.n}
		require.False(t, f.factorize(src, head), "seed %d", seed)
		require.True(t, f.denseTried, "seed %d", seed)
		require.Zero(t, f.denseSize, "seed %d", seed)
		require.Len(t, f.dep, 1, "seed %d", seed)
		require.Len(t, f.free, 1, "seed %d", seed)
		head[m-1] = int32(m)
		require.True(t, f.factorize(src, head), "seed %d", seed)
		require.Equal(t, m, f.denseSize, "seed %d", seed)
		checkSolves(t, rng, a, head, &f, seed, 0)
	}
}

// TestFactorDenseAllocs checks that a factorization with a dense block,
// once its workspace has grown, allocates nothing (the warm re-solves of
// branch and bound refactorize).
func TestFactorDenseAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 13))
	a, head := fillingBasis(rng, 1000, 7, false)
	f := factor{denseMin: testDense}
	src := columnSource{a: a, n: a.n}
	require.True(t, f.factorize(src, head))
	require.Positive(t, f.denseSize)
	require.Zero(t, testing.AllocsPerRun(3, func() { f.factorize(src, head) }))
}
