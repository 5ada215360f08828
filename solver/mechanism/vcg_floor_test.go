package mechanism

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
)

// TestVCGFloorCut checks the VCG re-solves that stop once their bound puts
// the pivot below the winner's reserve (payVCG) on generated DDU markets
// with reserves: each such re-solve, run again to its proof, has an
// optimum at most the bound it stopped at, so the winner's payment is its
// reserve; no note flags the payments. Whether a re-solve stops early
// depends on the machine's speed (the search reports its bound every
// 50 ms); the test logs how many did. With -long it adds DDU 20 × 100,
// where several do, and compares every payment with re-solves run to
// their proof (the plain oracle). Skipped with -short.
func TestVCGFloorCut(t *testing.T) {
	if testing.Short() {
		t.Skip("solves the VCG re-solves of DDU 12 × 50")
	}
	sizes := []gen.Config{{Goods: 12, Bids: 50, Seed: 2}}
	if *long {
		sizes = append(sizes, gen.Config{Goods: 20, Bids: 100, Seed: 1})
	}
	ctx := context.Background()
	for _, cfg := range sizes {
		t.Run(fmt.Sprintf("ddu-%dx%d-%d", cfg.Goods, cfg.Bids, cfg.Seed), func(t *testing.T) {
			in, err := gen.Generate("ddu", cfg)
			require.NoError(t, err)
			out := solved(t, in)
			require.True(t, out.Optimal)
			m, err := newMarket(in, out.Allocation)
			require.NoError(t, err)
			p := Payments{Exact: true}
			_, err = m.payVCG(ctx, solver.Options{}, &p)
			require.NoError(t, err)
			assert.True(t, p.Exact, p.Notes)
			floored := 0
			for _, task := range m.vcgTasks {
				if !task.floored {
					continue
				}
				floored++
				c := &m.comps[task.k]
				lb, _ := slices.BinarySearch(c.Bidders, task.b)
				sub := restrictAllRegions(c.In, func(b int) bool { return b != lb })
				res, err := solver.Solve(ctx, sub.in, subOptions(solver.Options{}, 1, task.w))
				require.NoError(t, err)
				require.Equal(t, solver.Optimal, res.Status)
				assert.LessOrEqual(t, res.Objective, task.without+1e-6, "bidder %s", in.Bidders[task.b].ID)
				assert.LessOrEqual(t, task.without, task.w-task.vb+task.floor+1e-6, "bidder %s", in.Bidders[task.b].ID)
			}
			t.Logf("%d re-solves, %d stopped at the reserve", p.Resolves, floored)
			if !*long {
				return
			}
			fast, err := Pay(ctx, in, out, PaymentVCG, solver.Options{})
			require.NoError(t, err)
			assert.True(t, fast.Exact, fast.Notes)
			plain, err := pay(ctx, in, out, PaymentVCG, solver.Options{}, false, true)
			require.NoError(t, err)
			assert.True(t, plain.Exact, plain.Notes)
			assert.Equal(t, plain.ByBidder, fast.ByBidder)
			assert.False(t, hasNote(plain, "stopped once their bound"), plain.Notes)
		})
	}
}
