package cuts

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// separateAll runs the separators on x, max cuts each, in a fresh block.
func separateAll(cl *Cliques, cv *Covers, od *OddCycles, x []float64, max int) lp.Rows {
	var rows lp.Rows
	cl.Separate(x, &rows, max)
	cv.Separate(x, &rows, max)
	od.Separate(x, &rows, max)
	return rows
}

// TestDeterminism builds the separators twice from formulations built
// twice from the same instance and checks that they return the same cuts
// from the same points, call after call; and that no call returns a cut
// that an earlier one returned.
func TestDeterminism(t *testing.T) {
	for _, c := range []struct {
		dist string
		cfg  gen.Config
	}{
		{"arbitrary", gen.Config{Goods: 32, Bids: 150, Seed: 5}},
		{"ddu", gen.Config{Goods: 40, Bids: 200, Seed: 5}},
	} {
		t.Run(c.dist, func(t *testing.T) {
			in, err := gen.Generate(c.dist, c.cfg)
			require.NoError(t, err)
			var runs [2][]lp.Rows
			for k := range runs {
				f, err := wdp.Build(in)
				require.NoError(t, err)
				f.Tighten()
				m := relaxation(t, f, nil)
				_, x := solve(t, m)
				require.NoError(t, m.Close())
				cl, cv := NewCliques(f), NewCovers(f)
				od := NewOddCycles(cl)
				for range 3 { // the same point: later calls return the next cuts
					runs[k] = append(runs[k], separateAll(cl, cv, od, x, 10))
				}
				r := randomPoint(pcg(9), f)
				runs[k] = append(runs[k], separateAll(cl, cv, od, r, 10))
			}
			require.Equal(t, runs[0], runs[1], "two runs differ")
			seen := map[string]bool{}
			total := 0
			for call, rows := range runs[0] {
				for r := range rows.Len() {
					cols, vals, rhs := rowOf(&rows, r)
					key := fmt.Sprint(cols, vals, rhs)
					assert.False(t, seen[key], "call %d returns again the cut %s", call, key)
					seen[key] = true
					assert.True(t, slices.IsSorted(cols), "columns not sorted")
					assert.True(t, math.IsInf(rows.Lower[r], -1))
					total++
				}
			}
			assert.Positive(t, total)
		})
	}
}
