package cuts

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// TestValidity separates cuts from random points and from vertices of the
// LP relaxation (random objectives) of small random instances of every
// family, with and without coefficient tightening, and checks every cut
// against every integer-feasible point found by enumeration: a valid cut
// holds at all of them. Every cut must be violated where it was separated.
func TestValidity(t *testing.T) {
	seeds := 10
	if *long {
		seeds = 60
	}
	var nCuts, nPoints, nCliques, nCovers, nOdd int
	for fi, fam := range wdptest.Families {
		r := wdptest.Rand(uint64(100 + fi))
		for s := range seeds {
			in := wdptest.Sized(r, fam, 12)
			f, err := wdp.Build(in)
			require.NoError(t, err)
			tightened := s%2 == 1
			if tightened {
				f.Tighten()
			}
			name := fmt.Sprintf("%s/%d/tighten=%v", fam, s, tightened)
			points := feasiblePoints(t, f)
			require.NotEmpty(t, points, name) // the empty award always is one

			cl, cv := NewCliques(f), NewCovers(f)
			od := NewOddCycles(cl)
			var rows lp.Rows
			from := func(x []float64) {
				before := rows.Len()
				nCliques += cl.Separate(x, &rows, 20)
				mid := rows.Len()
				nCovers += cv.Separate(x, &rows, 20)
				odd := rows.Len()
				nOdd += od.Separate(x, &rows, 20)
				require.NoError(t, rows.Validate(f.NumCols()), name)
				for k := before; k < rows.Len(); k++ {
					kind := "clique"
					switch {
					case k >= odd:
						kind = "odd cycle"
					case k >= mid:
						kind = "cover"
					}
					assert.Greater(t, activity(&rows, k, x)-rows.Upper[k], Tol, "%s: %s cut %d not violated where it was separated", name, kind, k)
				}
			}
			for range 10 {
				from(randomPoint(r, f))
			}
			for range 4 {
				obj := make([]float64, f.NumCols())
				for j := range obj {
					if j < len(in.Bids) {
						obj[j] = f.Problem.Objective[j] * (0.5 + r.Float64())
					}
				}
				m := relaxation(t, f, obj)
				_, x := solve(t, m)
				require.NoError(t, m.Close())
				from(x)
			}
			for _, x := range points {
				if k := violated(&rows, x, 1e-9); k >= 0 {
					cols, vals, rhs := rowOf(&rows, k)
					t.Fatalf("%s: cut %d (%v·%v ≤ %v) cuts off the feasible point %v", name, k, vals, cols, rhs, x)
				}
			}
			nCuts += rows.Len()
			nPoints += len(points)
		}
	}
	t.Logf("%d cuts (%d cliques, %d covers, %d odd cycles) checked against %d feasible points", nCuts, nCliques, nCovers, nOdd, nPoints)
	// The test means something only if cuts of every kind were made.
	assert.Greater(t, nCliques, 50)
	assert.Greater(t, nCovers, 20)
	assert.Greater(t, nOdd, 20)
}

// TestConflicts checks the conflict graph against the instance: two
// all-or-nothing bids that can win, whose volumes on a common item exceed
// its capacity, must conflict; and two columns that conflict are never
// both 1 at a feasible point.
func TestConflicts(t *testing.T) {
	for _, fam := range []string{"unit", "multi", "gen", "mixed"} {
		r := wdptest.Rand(7)
		for s := range 10 {
			in := wdptest.Sized(r, fam, 12)
			f, err := wdp.Build(in)
			require.NoError(t, err)
			cl := NewCliques(f)
			name := fmt.Sprintf("%s/%d", fam, s)
			live := func(i int) bool { return f.Dead[i] == wdp.ReasonNone && f.Switch[i] < 0 }
			for a := range in.Bids {
				for b := a + 1; b < len(in.Bids); b++ {
					if !live(a) || !live(b) {
						continue
					}
					over := false
					for _, ea := range in.Bids[a].Bundle {
						for _, eb := range in.Bids[b].Bundle {
							if ea.Item == eb.Item && ea.Volume+eb.Volume > in.Items[ea.Item].Capacity {
								over = true
							}
						}
					}
					if over {
						assert.True(t, cl.Adjacent(f.Taken[a], f.Taken[b]), "%s: bids %d and %d overfill an item but do not conflict", name, a, b)
					}
				}
			}
			points := feasiblePoints(t, f)
			for a := range f.NumCols() {
				for b := a + 1; b < f.NumCols(); b++ {
					if !cl.Adjacent(a, b) {
						continue
					}
					assert.True(t, cl.Adjacent(b, a), "%s: adjacency not symmetric", name)
					for _, x := range points {
						require.False(t, x[a] > 0.5 && x[b] > 0.5, "%s: columns %d and %d conflict but are both 1 in %v", name, a, b, x)
					}
				}
			}
		}
	}
}
