package sparse_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
	"github.com/gavelhq/gavel/solver/internal/sparse"
)

// TestWarmAllocs measures the allocations of a warm re-solve as branch and
// bound does it (fix a fractional column, Solve; untimed: restore the
// bound and the root basis), after the model has warmed up its buffers,
// on a 256 × 1,000 set-packing LP and on the relaxation of a DDU market
// of 200 DDUs and 1,000 bids (branching on its binary columns), whose
// factorizations fill past the room they start with. runtime.MemStats
// counts them as testing.AllocsPerRun does, without its extra warm-up
// call.
func TestWarmAllocs(t *testing.T) {
	t.Run("setpacking256x1000", func(t *testing.T) {
		warmAllocs(t, lptest.Fixture(lptest.BenchSize{Items: 256, Bids: 1000}), nil, 200)
	})
	t.Run("ddu200x1000", func(t *testing.T) {
		if testing.Short() {
			t.Skip("several seconds: not in -short mode")
		}
		f, err := lptest.DDUFixture(lptest.DDUSize{DDUs: 200, Bids: 1000})
		require.NoError(t, err)
		warmAllocs(t, f.Problem, f.Integer, 40)
	})
}

// warmAllocs checks that runs warm re-solves of p, branching on the
// columns that integer marks (every column when nil), allocate nothing
// once each of these branchings has run once.
func warmAllocs(t *testing.T, p *lp.Problem, integer []bool, runs int) {
	m := sparse.New()
	require.NoError(t, m.Load(p))
	st, err := m.Solve(lp.Limits{})
	require.NoError(t, err)
	require.Equal(t, lp.Optimal, st)
	var root lp.Basis
	require.NoError(t, m.Basis(&root))
	x, err := m.Primal(nil)
	require.NoError(t, err)
	var frac []int
	for j, v := range x {
		if (integer == nil || integer[j]) && v > 1e-6 && v < 1-1e-6 {
			frac = append(frac, j)
		}
	}
	require.NotEmpty(t, frac)
	col, lo, hi := []int{0}, []float64{0}, []float64{0}
	k := 0
	branch := func() {
		col[0] = frac[(k/2)%len(frac)]
		lo[0], hi[0] = float64(k%2), float64(k%2)
		k++
		if err := m.SetColBounds(col, lo, hi); err != nil {
			t.Fatal(err)
		}
		if st, err := m.Solve(lp.Limits{}); err != nil || (st != lp.Optimal && st != lp.Infeasible) {
			t.Fatalf("warm solve: %v, %v", st, err)
		}
	}
	restore := func() {
		lo[0], hi[0] = p.ColLower[col[0]], p.ColUpper[col[0]]
		if err := m.SetColBounds(col, lo, hi); err != nil {
			t.Fatal(err)
		}
		if err := m.SetBasis(&root); err != nil {
			t.Fatal(err)
		}
	}
	// Warm up: every branching measured below once, so that the buffers
	// reach their size.
	for range runs {
		branch()
		restore()
	}
	k = 0
	var before, after runtime.MemStats
	mallocs := uint64(0)
	for range runs {
		runtime.ReadMemStats(&before)
		branch()
		runtime.ReadMemStats(&after)
		mallocs += after.Mallocs - before.Mallocs
		restore()
	}
	per := float64(mallocs) / float64(runs)
	t.Logf("%.2f allocations per warm re-solve (%d runs)", per, runs)
	if per > 0.5 {
		t.Errorf("%.2f allocations per warm re-solve, want none", per)
	}
}
