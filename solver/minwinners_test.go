package solver

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// TestSolveMinWinnersAgainstBruteForce is the brute-force property test
// under the rule min-winners (wdptest.Regional), where the empty
// allocation is not feasible and many instances have no allocation at
// all: Solve must prove the brute-force optimum, or report infeasible
// exactly when brute force finds nothing, on every engine.
func TestSolveMinWinnersAgainstBruteForce(t *testing.T) {
	n := max(seeds()/3, 10)
	for _, engine := range Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			feasible, infeasible := 0, 0
			for _, fam := range wdptest.Families {
				for seed := range n {
					r := wdptest.Rand(uint64(9000 + seed))
					in := wdptest.Regional(r, wdptest.Instance(r, fam))
					want, err := wdp.BruteForce(in)
					require.NoError(t, err, "%s seed %d", fam, seed)
					got, err := Solve(context.Background(), in, Options{Engine: engine, Threads: 1})
					require.NoError(t, err, "%s seed %d\n%s", fam, seed, dump(in))
					if !want.Feasible {
						infeasible++
						require.Equal(t, Infeasible, got.Status, "%s seed %d: brute force finds no allocation\n%s", fam, seed, dump(in))
						continue
					}
					feasible++
					require.Empty(t, in.Check(got.Allocation), "%s seed %d", fam, seed)
					if got.Status != Optimal || !sameObjective(got.Objective, want.Objective) {
						t.Fatalf("%s seed %d: got %s %.6f (bound %.6f), brute force %.6f\n%s", fam, seed, got.Status,
							got.Objective, got.Bound, want.Objective, dump(in))
					}
				}
			}
			if feasible < 20 || infeasible < 20 {
				t.Fatalf("%d feasible and %d infeasible instances: the test proves too little", feasible, infeasible)
			}
		})
	}
}

// TestNoAwardStatus checks a search stopped before any allocation under
// min-winners: status no-award, an empty allocation, a finite bound at
// least the optimum.
func TestNoAwardStatus(t *testing.T) {
	for seed := range 200 {
		r := wdptest.Rand(uint64(9000 + seed))
		in := wdptest.Regional(r, wdptest.Instance(r, "groups"))
		if len(in.Check(auction.Allocation{})) == 0 {
			continue // the empty allocation is feasible here
		}
		want, err := wdp.BruteForce(in)
		require.NoError(t, err)
		if !want.Feasible {
			continue
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		got, err := Solve(ctx, in, Options{Threads: 1})
		require.NoError(t, err)
		switch got.Status {
		case NoAward:
			require.Empty(t, got.Allocation.Awards)
			require.False(t, math.IsNaN(got.Bound))
			require.GreaterOrEqual(t, got.Bound, want.Objective-1e-6*math.Max(1, want.Objective))
			return
		case Optimal, Canceled:
			require.Empty(t, in.Check(got.Allocation)) // the greedy found one before the check
		default:
			t.Fatalf("seed %d: status %s", seed, got.Status)
		}
	}
	t.Skip("no instance where a canceled search has no award")
}
