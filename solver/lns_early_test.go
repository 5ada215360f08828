package solver

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// withLNSBesideLagrange runs the Lagrangian bounds, PDHG and the LNS beside
// it on every component, however small, with the Lagrangian products split
// over the workers, for the rest of the test.
func withLNSBesideLagrange(t *testing.T) {
	withLNS(t)
	sl, sp, sb, si, sx, ss := lagrangeNonzeros, pdhgNonzeros, lnsBeside, lagrangeIterations, pdhgMaxIterations, lagrangeSplitFrom
	lagrangeNonzeros, pdhgNonzeros, lnsBeside, lagrangeIterations, pdhgMaxIterations, lagrangeSplitFrom = 0, 0, true, 60, 100, 1
	t.Cleanup(func() {
		lagrangeNonzeros, pdhgNonzeros, lnsBeside, lagrangeIterations, pdhgMaxIterations, lagrangeSplitFrom = sl, sp, sb, si, sx, ss
	})
}

// TestLNSBesideLagrangeThreads: the LNS that runs beside PDHG gives the same
// award, bound and work with 1 thread (the two one after the other) as
// with 2 or 3 (at once), with and without a node limit.
func TestLNSBesideLagrangeThreads(t *testing.T) {
	withLNSBesideLagrange(t)
	saved := lnsNodes
	lnsNodes = 20
	t.Cleanup(func() { lnsNodes = saved })
	in := lnsMarket(t)
	for _, limit := range []int64{40, 300} {
		var first Result
		for threads := 1; threads <= 3; threads++ { // 3: the Lagrangian products on 2 workers beside the LNS
			res, err := Solve(context.Background(), in, Options{Threads: threads, NodeLimit: limit})
			require.NoError(t, err)
			require.Empty(t, in.Check(res.Allocation))
			require.Positive(t, res.Stats.SubNodes, "no LNS ran")
			if threads == 1 {
				first = res
				continue
			}
			require.Equal(t, first.Allocation, res.Allocation, "%d threads, node limit %d", threads, limit)
			require.Equal(t, first.Bound, res.Bound, "%d threads, node limit %d", threads, limit)
			require.Equal(t, first.Stats.Nodes, res.Stats.Nodes, "%d threads, node limit %d", threads, limit)
			require.Equal(t, first.Stats.SubNodes, res.Stats.SubNodes, "%d threads, node limit %d", threads, limit)
			require.Equal(t, first.Stats.LPIterations, res.Stats.LPIterations, "%d threads, node limit %d", threads, limit)
		}
	}
}

// TestLNSBesideLagrangeAgainstBruteForce runs the brute-force property test
// with the Lagrangian bounds and the LNS beside PDHG on every component,
// on two threads: the proofs and awards must stay right.
func TestLNSBesideLagrangeAgainstBruteForce(t *testing.T) {
	withLNSBesideLagrange(t)
	n := max(seeds()/8, 4)
	ran := 0
	defer func() {
		if ran == 0 {
			t.Errorf("no LNS ran")
		}
	}()
	for _, fam := range wdptest.Families {
		for seed := range n {
			in := wdptest.Instance(wdptest.Rand(uint64(seed+700)), fam)
			want, err := wdp.BruteForce(in)
			require.NoError(t, err)
			got, err := Solve(context.Background(), in, Options{Threads: 2})
			require.NoError(t, err, "%s seed %d", fam, seed)
			require.Empty(t, in.Check(got.Allocation), "%s seed %d", fam, seed)
			if got.Stats.SubNodes > 0 {
				ran++
			}
			if got.Status != Optimal || !sameObjective(got.Objective, want.Objective) {
				t.Fatalf("%s seed %d: got %s %.6f (bound %.6f), brute force %.6f\n%s", fam, seed, got.Status,
					got.Objective, got.Bound, want.Objective, dump(in))
			}
			require.GreaterOrEqual(t, got.Bound, want.Objective-1e-6*math.Max(1, want.Objective), "%s seed %d", fam, seed)
		}
	}
}
