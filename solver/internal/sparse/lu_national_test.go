package sparse

import (
	"encoding/binary"
	"errors"
	"flag"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

var factorBasis = flag.String("factorbasis", "", "TestFactorNational factorizes the basis of the -factorlp LP kept in this file, made first (a cold solve stopped after -coldIters pivots) when it does not exist")

var factorLP = flag.String("factorlp", "national", "the LP of TestFactorNational (as in -coldsizes)")

var factorRuns = flag.Int("factorruns", 3, "the timed runs of each factorization in TestFactorNational")

// TestFactorNational times the factorization of a basis of the national
// DDU LP (or another, -factorlp) met by its cold solve, with factor, with
// the sparse elimination alone and with refFactor (which must agree with
// the sparse elimination pivot for pivot), checks that the dense kernel's
// factors solve as the sparse ones do, and logs how dense the active
// submatrix grows.
func TestFactorNational(t *testing.T) {
	if *factorBasis == "" {
		t.Skip("-factorbasis not set")
	}
	size, ok := coldLPs[*factorLP]
	require.True(t, ok, *factorLP)
	f, err := lptest.GenFixture(size)
	require.NoError(t, err)
	p := f.Problem
	head, err := readBasis(*factorBasis)
	if errors.Is(err, fs.ErrNotExist) {
		require.Positive(t, *coldIters, "-coldIters: the pivots of the cold solve that makes the basis")
		m := New()
		require.NoError(t, m.Load(p))
		st, err := m.Solve(lp.Limits{Iterations: *coldIters})
		require.NoError(t, err)
		t.Logf("cold solve: %v after %d iterations", st, m.Iterations())
		head = append([]int32(nil), m.s.head...)
		require.NoError(t, writeBasis(*factorBasis, head))
	} else {
		require.NoError(t, err)
	}
	m := New()
	require.NoError(t, m.Load(p))
	require.Len(t, head, m.s.m)
	src := columnSource{a: m.s.a, n: m.s.n}
	structural := 0
	for _, k := range head {
		if int(k) < m.s.n {
			structural++
		}
	}
	nf := factor{denseMin: math.MaxInt}
	var df factor
	var ref refFactor
	ok = df.factorize(src, head) // the first run of each grows its workspace
	nf.factorize(src, head)
	ref.factorize(src, head)
	best := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	for run := range *factorRuns {
		for v, fac := range []func(columnSource, []int32) bool{ref.factorize, nf.factorize, df.factorize} {
			cpu := processCPU()
			fac(src, head)
			sec := (processCPU() - cpu).Seconds()
			best[v] = min(best[v], sec)
			t.Logf("run %d: %s %.3fs CPU", run, [3]string{"refFactor", "factor, sparse only", "factor"}[v], sec)
		}
	}
	t.Logf("least CPU of %d runs: refFactor %.3fs, factor with the sparse elimination only %.3fs, factor %.3fs (dense block of order %d)", *factorRuns, best[0], best[1], best[2], df.denseSize)
	t.Logf("entries of L and U (off the diagonal): sparse %d + %d, with the dense block %d + %d", len(nf.lIdx), nf.uNnz, len(df.lIdx), df.uNnz)
	require.True(t, ok)
	// The dense kernel's factors against the sparse ones: the same
	// solutions, up to rounding, of random systems.
	rng := rand.New(rand.NewPCG(1, 2))
	mm := len(head)
	v, w := make([]float64, mm), make([]float64, mm)
	x, y := make([]float64, mm), make([]float64, mm)
	for range 3 {
		for i := range v {
			v[i] = rng.NormFloat64()
			w[i] = v[i]
		}
		nf.ftran(v, x)
		df.ftran(w, y)
		diff, big := 0.0, 0.0
		for p := range x {
			diff, big = max(diff, math.Abs(x[p]-y[p])), max(big, math.Abs(x[p]))
		}
		t.Logf("ftran: dense against sparse %.3g (largest |x| %.3g)", diff, big)
		require.LessOrEqual(t, diff, 1e-8*(1+big))
	}
	next := 0.01
	ref.onPivot = func(f *refFactor) {
		if f.np%100 != 0 || next > 1 {
			return
		}
		nnz := 0
		for _, c := range f.colR {
			nnz += len(c)
		}
		if d := float64(nnz) / (float64(f.active) * float64(f.active)); d >= next {
			t.Logf("  active submatrix %d x %d, %d entries (density %.3f) after %d pivots", f.active, f.active, nnz, d, f.np)
			for next <= d {
				next *= 2
			}
		}
	}
	ref.factorize(src, head)
	t.Logf("basis: %d rows, %d structural", len(head), structural)
	require.Equal(t, ref.pivRow, nf.pivRow)
	require.Equal(t, ref.pivVal, nf.pivVal)
	require.Equal(t, ref.lVal, nf.lVal)
}

func writeBasis(path string, head []int32) error {
	var b []byte
	for _, k := range head {
		b = binary.LittleEndian.AppendUint32(b, uint32(k))
	}
	return os.WriteFile(path, b, 0o644)
}

func readBasis(path string) ([]int32, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	head := make([]int32, len(b)/4)
	for p := range head {
		head[p] = int32(binary.LittleEndian.Uint32(b[4*p:]))
	}
	return head, nil
}
