package cuts

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/sparse"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// gomoryRounds solves the relaxation of f (with objective obj, nil for
// f's) and adds rounds of clique, cover and Gomory cuts, each Gomory call
// seeing the cuts added before it as extra rows. It returns every cut
// added and the number of Gomory cuts; every cut must be violated where it
// was separated.
func gomoryRounds(t *testing.T, f *wdp.Formulation, obj []float64, rounds int, name string) (lp.Rows, int) {
	t.Helper()
	m := relaxation(t, f, obj)
	defer m.Close()
	cl, cv, gm := NewCliques(f), NewCovers(f), NewGomory(f)
	all := lp.Rows{Start: []int{0}}
	nGomory := 0
	var basis lp.Basis
	for range rounds {
		_, x := solve(t, m)
		require.NoError(t, m.Basis(&basis))
		rows := lp.Rows{Start: []int{0}}
		cl.Separate(x, &rows, 5)
		cv.Separate(x, &rows, 5)
		mid := rows.Len()
		n := gm.Separate(x, &basis, &all, &rows, 10)
		require.Equal(t, rows.Len()-mid, n)
		nGomory += n
		require.NoError(t, rows.Validate(f.NumCols()), name)
		for k := mid; k < rows.Len(); k++ {
			assert.Greater(t, activity(&rows, k, x)-rows.Upper[k], gmiMinEff, "%s: Gomory cut %d not violated where it was separated", name, k)
		}
		if rows.Len() == 0 {
			break
		}
		require.NoError(t, m.AddRows(&rows))
		all.Append(&rows)
	}
	return all, nGomory
}

// TestGomoryValidity adds rounds of cuts (Gomory cuts derived from
// tableaus that hold earlier clique, cover and Gomory cuts) at vertices of
// the LP relaxation, under random objectives, of small random instances of
// every family, with and without coefficient tightening, and checks every
// cut against every integer-feasible point found by enumeration.
func TestGomoryValidity(t *testing.T) {
	seeds := 4
	if *long {
		seeds = 60
	}
	var nCuts, nGomory, nPoints int
	byFamily := map[string]int{}
	for fi, fam := range wdptest.Families {
		r := wdptest.Rand(uint64(300 + fi))
		for s := range seeds {
			in := wdptest.Sized(r, fam, 12)
			f, err := wdp.Build(in)
			require.NoError(t, err)
			if s%2 == 1 {
				f.Tighten()
			}
			name := fmt.Sprintf("%s/%d/tighten=%v", fam, s, s%2 == 1)
			points := feasiblePoints(t, f)
			for trial := range 3 {
				var obj []float64
				if trial > 0 {
					obj = make([]float64, f.NumCols())
					for j := range obj {
						if j < len(in.Bids) {
							obj[j] = f.Problem.Objective[j] * (0.5 + r.Float64())
						}
					}
				}
				rows, n := gomoryRounds(t, f, obj, 5, name)
				for _, x := range points {
					if k := violated(&rows, x, 1e-9); k >= 0 {
						cols, vals, rhs := rowOf(&rows, k)
						t.Fatalf("%s/%d: cut %d (%v·%v ≤ %v) cuts off the feasible point %v", name, trial, k, vals, cols, rhs, x)
					}
				}
				nCuts += rows.Len()
				nGomory += n
				byFamily[fam] += n
			}
			nPoints += len(points)
		}
	}
	t.Logf("%d cuts (%d Gomory: %v) checked against %d feasible points", nCuts, nGomory, byFamily, nPoints)
	assert.Greater(t, nGomory, 50) // the test means something only if cuts were made
}

// TestGomoryMismatch gives Separate bases and points that do not belong
// together, or do not fit the formulation: it must return no cut and not
// panic.
func TestGomoryMismatch(t *testing.T) {
	in := wdptest.Sized(wdptest.Rand(5), "multi", 12)
	f, err := wdp.Build(in)
	require.NoError(t, err)
	m := relaxation(t, f, nil)
	defer m.Close()
	_, x := solve(t, m)
	var basis lp.Basis
	require.NoError(t, m.Basis(&basis))
	var dst lp.Rows
	g := NewGomory(f)
	assert.Zero(t, g.Separate(x[:len(x)-1], &basis, nil, &dst, 10), "short x")
	assert.Zero(t, g.Separate(x, &lp.Basis{}, nil, &dst, 10), "empty basis")
	extra := lp.Rows{Start: []int{0, 1}, Col: []int{0}, Value: []float64{1}, Lower: []float64{math.Inf(-1)}, Upper: []float64{1}}
	assert.Zero(t, g.Separate(x, &basis, &extra, &dst, 10), "a row the basis does not have")
	moved := append([]float64(nil), x...)
	for j := range moved {
		moved[j] = 0.37
	}
	assert.Zero(t, g.Separate(moved, &basis, nil, &dst, 10), "x off its basis")
	assert.Zero(t, NewGomory(nil).Separate(x, &basis, nil, &dst, 10))
	assert.Zero(t, dst.Len())
}

// TestGomoryMovesBound checks on generated markets that Gomory cuts move
// the root bound beyond what cliques and covers reach, and never above
// the LP bound; the bound is checked against the optimum where the
// instance is small enough to solve by brute force elsewhere (here, the
// cuts' validity is TestGomoryValidity's).
func TestGomoryMovesBound(t *testing.T) {
	for _, c := range []struct {
		dist string
		cfg  gen.Config
	}{
		{"L3", gen.Config{Goods: 40, Bids: 160, Seed: 3}},
		{"ddu", gen.Config{Goods: 30, Bids: 150, Seed: 3}},
	} {
		t.Run(c.dist, func(t *testing.T) {
			f := generated(t, c.dist, c.cfg)
			m := sparseRelaxation(t, f)
			defer m.Close()
			lpObj, x := solve(t, m)
			cl, cv := NewCliques(f), NewCovers(f)
			all := lp.Rows{Start: []int{0}}
			obj := lpObj
			for range 20 {
				rows := lp.Rows{Start: []int{0}}
				if cl.Separate(x, &rows, 100)+cv.Separate(x, &rows, 100) == 0 {
					break
				}
				require.NoError(t, m.AddRows(&rows))
				all.Append(&rows)
				obj, x = solve(t, m)
			}
			before := obj
			gm := NewGomory(f)
			var basis lp.Basis
			for range 10 {
				require.NoError(t, m.Basis(&basis))
				rows := lp.Rows{Start: []int{0}}
				if gm.Separate(x, &basis, &all, &rows, 50) == 0 {
					break
				}
				require.NoError(t, m.AddRows(&rows))
				all.Append(&rows)
				obj, x = solve(t, m)
			}
			t.Logf("LP %.6g, cliques and covers %.6g, Gomory %.6g", lpObj, before, obj)
			assert.LessOrEqual(t, obj, before+1e-7*math.Abs(before))
			assert.Less(t, obj, before-1e-6*math.Abs(before), "Gomory cuts did not move the bound")
		})
	}
}

// sparseRelaxation loads f's LP relaxation into the engine the solver
// uses: Clp when built in, else the sparse engine (the dense native one
// of the other tests stalls on DDU markets with dense cuts).
func sparseRelaxation(t testing.TB, f *wdp.Formulation) lp.Model {
	t.Helper()
	if fastLP {
		return relaxation(t, f, nil)
	}
	m := sparse.NewModel()
	require.NoError(t, m.Load(f.Problem.Clone()))
	return m
}

// TestGomoryDeterminism separates Gomory cuts twice, from formulations
// built twice from the same market, through rounds that re-solve with the
// cuts added, and checks that both runs return the same cuts.
func TestGomoryDeterminism(t *testing.T) {
	in, err := gen.Generate("ddu", gen.Config{Goods: 30, Bids: 150, Seed: 8})
	require.NoError(t, err)
	var runs [2]lp.Rows
	for k := range runs {
		f, err := wdp.Build(in)
		require.NoError(t, err)
		f.Tighten()
		m := sparseRelaxation(t, f)
		gm := NewGomory(f)
		all := lp.Rows{Start: []int{0}}
		var basis lp.Basis
		for range 3 {
			_, x := solve(t, m)
			require.NoError(t, m.Basis(&basis))
			rows := lp.Rows{Start: []int{0}}
			if gm.Separate(x, &basis, &all, &rows, 20) == 0 {
				break
			}
			require.NoError(t, m.AddRows(&rows))
			all.Append(&rows)
		}
		require.NoError(t, m.Close())
		runs[k] = all
	}
	require.Positive(t, runs[0].Len())
	require.Equal(t, runs[0], runs[1], "two runs differ")
}
