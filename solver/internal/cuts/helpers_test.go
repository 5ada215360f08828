package cuts

import (
	"flag"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/native"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

var long = flag.Bool("long", false, "run the long property tests and the gap measurements")

// newModel makes the LP engine of the tests: native, or Clp when built
// with the clp tag (engine_clp_test.go).
var newModel = native.NewModel

// fastLP is set when newModel can solve LPs of thousands of rows.
var fastLP = false

// feasiblePoints returns integer-feasible points of f: for every set of
// bids that can win (at most maxBids of them), the awards at the least,
// the largest and a middle fraction of its divisible bids, kept when the
// allocation passes auction.Instance.Check and its point (Point) satisfies
// the formulation (Feasible). Build's model is stricter than Check in two
// places (see package wdp), so both are asked.
func feasiblePoints(t testing.TB, f *wdp.Formulation) [][]float64 {
	t.Helper()
	in := f.In
	var live []int
	for i := range in.Bids {
		if f.Dead[i] == wdp.ReasonNone {
			live = append(live, i)
		}
	}
	require.LessOrEqual(t, len(live), 16, "too many bids to enumerate")
	var out [][]float64
	for mask := range 1 << len(live) {
		divisible := false
		for k, i := range live {
			if mask&(1<<k) != 0 && f.Switch[i] >= 0 {
				divisible = true
			}
		}
		modes := 1
		if divisible {
			modes = 3
		}
		for mode := range modes {
			var a auction.Allocation
			for k, i := range live {
				if mask&(1<<k) == 0 {
					continue
				}
				fr := 1.0
				if f.Switch[i] >= 0 {
					least, most := f.MinFrac[i], min(1, f.Problem.ColUpper[i])
					fr = [3]float64{least, most, (least + most) / 2}[mode]
				}
				a.Awards = append(a.Awards, auction.Award{Bid: i, Fraction: fr})
			}
			if len(in.Check(a)) > 0 {
				continue
			}
			x, err := f.Point(a)
			require.NoError(t, err)
			if f.Feasible(x, 1e-9) == nil {
				out = append(out, x)
			}
		}
	}
	return out
}

// randomPoint returns a point in the column bounds of f, not necessarily
// feasible: binaries at 0, 1, 1/2 or uniform, continuous columns uniform
// in their bounds.
func randomPoint(r *rand.Rand, f *wdp.Formulation) []float64 {
	p := f.Problem
	x := make([]float64, p.NumCols())
	for j := range x {
		lo, hi := p.ColLower[j], p.ColUpper[j]
		switch r.IntN(4) {
		case 0:
			x[j] = lo
		case 1:
			x[j] = hi
		case 2:
			x[j] = (lo + hi) / 2
		default:
			x[j] = lo + r.Float64()*(hi-lo)
		}
	}
	return x
}

// relaxation loads f's LP relaxation into a native model.
func relaxation(t testing.TB, f *wdp.Formulation, objective []float64) lp.Model {
	t.Helper()
	p := f.Problem.Clone()
	if objective != nil {
		p.Objective = objective
	}
	m := newModel()
	require.NoError(t, m.Load(p))
	return m
}

// solve solves m and returns its objective and primal solution.
func solve(t testing.TB, m lp.Model) (float64, []float64) {
	t.Helper()
	st, err := m.Solve(lp.Limits{})
	require.NoError(t, err)
	require.Equal(t, lp.Optimal, st)
	obj, err := m.Objective()
	require.NoError(t, err)
	x, err := m.Primal(nil)
	require.NoError(t, err)
	return obj, x
}

// rowOf returns row r of a block: its columns, values and upper bound.
func rowOf(rows *lp.Rows, r int) ([]int, []float64, float64) {
	s, e := rows.Start[r], rows.Start[r+1]
	return rows.Col[s:e], rows.Value[s:e], rows.Upper[r]
}

// activity is the activity of row r of a block at x.
func activity(rows *lp.Rows, r int, x []float64) float64 {
	cols, vals, _ := rowOf(rows, r)
	s := 0.0
	for k, j := range cols {
		s += vals[k] * x[j]
	}
	return s
}

// violated returns the first row of the block that x violates by more
// than tol, or -1.
func violated(rows *lp.Rows, x []float64, tol float64) int {
	for r := range rows.Len() {
		if activity(rows, r, x) > rows.Upper[r]+tol*math.Max(1, math.Abs(rows.Upper[r])) {
			return r
		}
	}
	return -1
}

// pcg is a seeded generator.
func pcg(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed+1)) }

// generated builds and tightens the formulation of a generated market.
func generated(t testing.TB, dist string, cfg gen.Config) *wdp.Formulation {
	t.Helper()
	in, err := gen.Generate(dist, cfg)
	require.NoError(t, err)
	f, err := wdp.Build(in)
	require.NoError(t, err)
	f.Tighten()
	return f
}
