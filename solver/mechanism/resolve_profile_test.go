package mechanism

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
)

// The flags of TestResolveProfile.
var (
	resolveProfile  = flag.String("resolveprofile", "", "GOODSxBIDS: log the work of the VCG re-solves of that generated market (seed 1)")
	profileDist     = flag.String("resolvedist", "ddu", "with -resolveprofile: the distribution of auction/gen")
	profileMax      = flag.Int("maxresolves", 0, "with -resolveprofile: profile at most this many re-solves (0: all)")
	profileOptStart = flag.Bool("optstart", false, "with -resolveprofile: solve each re-solve again, from its own optimum")
)

// TestResolveProfile is a measurement, not a check: for a generated market
// (-resolveprofile 50x300; -resolvedist regions for another distribution
// than DDU) it solves each component that is not
// trivial alone and every VCG re-solve of it as payVCG does (one thread,
// the same options and start), and logs time, nodes, sub-search nodes,
// cuts and simplex iterations of each, the bound after the root cut loop
// (a solve stopped after one node) and, with -optstart, the work of the
// re-solve started from its own optimum (what a perfect primal hint would
// save). Add -test.cpuprofile to see where in the search the time goes.
// It runs only when -resolveprofile is given.
func TestResolveProfile(t *testing.T) {
	if *resolveProfile == "" {
		t.Skip("a measurement: run with -resolveprofile GOODSxBIDS")
	}
	var goods, bids int
	_, err := fmt.Sscanf(*resolveProfile, "%dx%d", &goods, &bids)
	require.NoError(t, err)
	in, err := gen.Generate(*profileDist, gen.Config{Goods: goods, Bids: bids, Seed: 1})
	require.NoError(t, err)
	ctx := context.Background()
	res, err := solver.Solve(ctx, in, solver.Options{})
	require.NoError(t, err)
	t.Logf("allocation: %s, %+v", res.Status, res.Stats)
	m, err := newMarket(in, res.Allocation)
	require.NoError(t, err)
	compW := make([]float64, len(m.comps))
	winners := make([][]int, len(m.comps))
	for _, aw := range m.alloc.Awards {
		k, b := m.comp[aw.Bid], m.in.Bids[aw.Bid].Bidder
		compW[k] += m.award[aw.Bid]
		if !slices.Contains(winners[k], b) {
			winners[k] = append(winners[k], b)
		}
	}
	var alone, resolves time.Duration
	var aloneNodes, resolveNodes int64
	count := 0
	for k := range m.comps {
		c := &m.comps[k]
		if c.Trivial {
			continue
		}
		o := subOptions(solver.Options{}, 1, compW[k])
		r, d := profileSolve(t, c.In, o)
		alone += d
		aloneNodes += r.Stats.Nodes
		t.Logf("component %d: %d bids, %d bidders, %d winners: %s", k, len(c.In.Bids), len(c.Bidders), len(winners[k]), profileLine(r, d))
		t.Logf("  %s", profileRoot(t, c.In, o, r.Objective))
		slices.Sort(winners[k])
		for _, b := range winners[k] {
			if count++; *profileMax > 0 && count > *profileMax {
				break
			}
			lb, _ := slices.BinarySearch(c.Bidders, b)
			sub := restrictAllRegions(c.In, func(x int) bool { return x != lb })
			o.Start = m.startWithout(k, sub)
			r, d := profileSolve(t, sub.in, o)
			resolves += d
			resolveNodes += r.Stats.Nodes
			t.Logf("  without bidder %d: W(−b) %.0f (W %.0f): %s", b, r.Objective, compW[k], profileLine(r, d))
			t.Logf("    %s", profileRoot(t, sub.in, o, r.Objective))
			if *profileOptStart {
				opt := o
				opt.Start = r.Allocation
				r2, d2 := profileSolve(t, sub.in, opt)
				t.Logf("    from its optimum: %s", profileLine(r2, d2))
			}
		}
	}
	t.Logf("components alone: %v, %d nodes; re-solves: %v, %d nodes (%.1f× the time, %.1f× the nodes)",
		alone, aloneNodes, resolves, resolveNodes, float64(resolves)/float64(alone), float64(resolveNodes)/float64(max(aloneNodes, 1)))
}

// profileSolve solves in with o and returns the result and the time it
// took.
func profileSolve(t *testing.T, in *auction.Instance, o solver.Options) (solver.Result, time.Duration) {
	t.Helper()
	start := time.Now()
	r, err := solver.Solve(context.Background(), in, o)
	require.NoError(t, err)
	return r, time.Since(start)
}

// profileLine is the work of one solve.
func profileLine(r solver.Result, d time.Duration) string {
	return fmt.Sprintf("%s in %v: %d nodes, %d sub-search nodes, %d cuts, %d simplex iterations",
		r.Status, d.Round(time.Millisecond), r.Stats.Nodes, r.Stats.SubNodes, r.Stats.Cuts, r.Stats.LPIterations)
}

// profileRoot is the bound after the root cut loop of a solve of in with
// o (a solve stopped after one node), its gap to the optimum opt, and the
// incumbent at that point.
func profileRoot(t *testing.T, in *auction.Instance, o solver.Options, opt float64) string {
	t.Helper()
	o.NodeLimit = 1
	r, d := profileSolve(t, in, o)
	return fmt.Sprintf("root (%v): bound %.0f, gap to the optimum %.0f (%.2f%%), incumbent %.0f",
		d.Round(time.Millisecond), r.Bound, r.Bound-opt, 100*(r.Bound-opt)/max(opt, 1), r.Objective)
}
