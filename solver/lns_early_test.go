package solver

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// withLNSBesideLagrange runs the Lagrangian bounds, PDHG and the LNS beside
// it on every component, however small, with the Lagrangian products split
// over the workers, for the rest of the test.
func withLNSBesideLagrange(t *testing.T) {
	withLNS(t)
	sl, sp, sr, sc, sw, sb, si, sx, ss := lagrangeNonzeros, pdhgNonzeros, longRootRows, longRootCols, longRootWork, lnsBeside, lagrangeIterations, pdhgMaxIterations, lagrangeSplitFrom
	lagrangeNonzeros, pdhgNonzeros, longRootRows, longRootCols, longRootWork, lnsBeside, lagrangeIterations, pdhgMaxIterations, lagrangeSplitFrom = 0, 0, 0, 0, 0, true, 60, 100, 1
	t.Cleanup(func() {
		lagrangeNonzeros, pdhgNonzeros, longRootRows, longRootCols, longRootWork, lnsBeside, lagrangeIterations, pdhgMaxIterations, lagrangeSplitFrom = sl, sp, sr, sc, sw, sb, si, sx, ss
	})
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

// lnsOrders are the orders a test forces on the LNS beside the search of
// its component (on 2 threads or more; one thread has one order only):
// free (as the scheduler runs them), the LNS to its end before the
// Lagrangian bound is final (as when a deadline is too close for the root
// LP beside it: lnsRootFactor), and the LNS held until the root side has
// ended.
var lnsOrders = []string{"free", "lns-first", "lns-last"}

// withLNSOrder forces order on every LNS beside a search for the rest of
// the test, and returns the number of searches that ran their root side
// while their LNS was held (order lns-last) and the number of LNSs that
// closed their component.
func withLNSOrder(t *testing.T, order string) (heldRoots, closed *atomic.Int64) {
	heldRoots, closed = new(atomic.Int64), new(atomic.Int64)
	saved := lnsTestHook
	t.Cleanup(func() { lnsTestHook = saved })
	lnsTestHook = func(r *lnsRun, at lnsPoint) {
		switch {
		case at == lnsAtJoined && r.closed:
			closed.Add(1)
		case !r.async:
		case order == "lns-first" && at == lnsAtLagrangeEnd:
			<-r.done
		case order == "lns-last" && at == lnsAtPrepared:
			r.gate = make(chan struct{})
		case order == "lns-last" && at == lnsAtRootEnd:
			select {
			case <-r.done:
			default:
				heldRoots.Add(1)
			}
			close(r.gate)
		}
	}
	return heldRoots, closed
}

// sameResult requires got to be want: award, status, bound and work.
func sameResult(t *testing.T, want, got Result, what string) {
	t.Helper()
	require.Equal(t, want.Status, got.Status, what)
	require.Equal(t, want.Allocation, got.Allocation, what)
	require.Equal(t, want.Bound, got.Bound, what)
	require.Equal(t, want.Stats.Nodes, got.Stats.Nodes, what)
	require.Equal(t, want.Stats.SubNodes, got.Stats.SubNodes, what)
	require.Equal(t, want.Stats.LPIterations, got.Stats.LPIterations, what)
}

// TestLNSBesideRootThreads: with the LNS beside the Lagrangian steps and
// the root LP and its cut loop, the award, bound and work are the same
// with 1 thread (one step after the other) as with 2 or 3 (3: the
// Lagrangian products on 2 workers beside the LNS), in every order the two
// sides can take (the LNS ending before the Lagrangian bound is final, or
// starting only once the root side has ended), at two node limits; every
// award passes the certificate.
func TestLNSBesideRootThreads(t *testing.T) {
	withLNSBesideLagrange(t)
	saved := lnsNodes
	lnsNodes = 20
	t.Cleanup(func() { lnsNodes = saved })
	in := lnsMarket(t)
	for _, limit := range []int64{40, 150} {
		first, err := Solve(context.Background(), in, Options{Threads: 1, NodeLimit: limit})
		require.NoError(t, err)
		require.Empty(t, in.Check(first.Allocation))
		require.Positive(t, first.Stats.SubNodes, "no LNS ran")
		require.Positive(t, first.Stats.LPIterations)
		for _, order := range lnsOrders {
			if limit > 40 && order == "lns-first" {
				continue // the LNS ends before the root LP at the smaller limit already
			}
			t.Run(fmt.Sprintf("limit %d %s", limit, order), func(t *testing.T) {
				held, _ := withLNSOrder(t, order)
				for threads := 2; threads <= 3; threads++ {
					res, err := Solve(context.Background(), in, Options{Threads: threads, NodeLimit: limit})
					require.NoError(t, err)
					require.Empty(t, in.Check(res.Allocation))
					sameResult(t, first, res, fmt.Sprintf("%d threads", threads))
				}
				if order == "lns-last" {
					require.Positive(t, held.Load(), "no root side ran beside a held LNS")
				}
			})
		}
	}
}

// TestLNSGapStop: under a gap that the Lagrangian bound meets only with
// an incumbent of the LNS, the LNS stops at the first batch whose
// incumbent the bound closes, and the component ends there (no root LP,
// no tree) within the gap, whatever the threads and the order of the two
// sides; the award passes the certificate and is within the gap of the
// bound, which is at least the objective of a run without the gap.
func TestLNSGapStop(t *testing.T) {
	withLNSBesideLagrange(t)
	saved, savedBids, savedMin, savedDyn := lnsNodes, lnsBids, lnsMinBids, dynamicOrders
	lnsNodes, lnsBids, lnsMinBids = 20, 40, 20 // many neighbourhoods, so many batches
	// The static greedy start, which leaves the LNS more to find.
	dynamicOrders = nil
	t.Cleanup(func() { lnsNodes, lnsBids, lnsMinBids, dynamicOrders = saved, savedBids, savedMin, savedDyn })
	in := lnsMarket(t)
	const limit = 200
	// A run without the gap; then, until the LNS closes its component, a
	// run at the gap between its last incumbent and the Lagrangian bound
	// in the run before (the gap changes the sub-solves, so the LNS's
	// incumbents with it).
	full, err := Solve(context.Background(), in, Options{Threads: 1, NodeLimit: limit})
	require.NoError(t, err)
	savedHook := lnsTestHook
	t.Cleanup(func() { lnsTestHook = savedHook })
	var first Result
	gap, closed := DefaultRelGap, 0
	for try := 0; try < 6 && closed == 0; try++ {
		next := 0.0
		lnsTestHook = func(r *lnsRun, at lnsPoint) {
			if b, _ := r.link.published(); at == lnsAtJoined {
				next = max(next, (b-r.t.incObj)/math.Max(b, 1)*(1+1e-6))
				if r.closed {
					closed++
				}
			}
		}
		res, err := Solve(context.Background(), in, Options{Threads: 1, NodeLimit: limit, RelGap: gap})
		require.NoError(t, err)
		if closed == 0 {
			gap = next
		}
		first = res
	}
	require.Positive(t, closed, "the LNS did not close its component")
	t.Logf("gap %g: objective %.2f bound %.2f, %d sub-nodes and %d nodes (%d and %d without the gap)", gap,
		first.Objective, first.Bound, first.Stats.SubNodes, first.Stats.Nodes, full.Stats.SubNodes, full.Stats.Nodes)
	// Optimal, or Feasible where a gap above the default is not a proof.
	require.Contains(t, []Status{Optimal, Feasible}, first.Status)
	require.LessOrEqual(t, first.Gap, gap)
	require.Zero(t, first.Stats.Nodes, "the tree ran")
	require.Empty(t, in.Check(first.Allocation))
	require.LessOrEqual(t, (first.Bound-first.Objective)/math.Max(first.Bound, 1), gap)
	require.GreaterOrEqual(t, first.Bound, full.Objective*(1-1e-9))
	require.Less(t, first.Stats.SubNodes+first.Stats.Nodes, full.Stats.SubNodes+full.Stats.Nodes, "nothing stopped early")
	for _, order := range lnsOrders {
		t.Run(order, func(t *testing.T) {
			_, closed := withLNSOrder(t, order)
			for threads := 2; threads <= 3; threads++ {
				if threads > 2 && order != "free" {
					break // 3 threads differ only in the Lagrangian products' split
				}
				res, err := Solve(context.Background(), in, Options{Threads: threads, NodeLimit: limit, RelGap: gap})
				require.NoError(t, err)
				require.Empty(t, in.Check(res.Allocation))
				sameResult(t, first, res, fmt.Sprintf("%d threads", threads))
			}
			require.Positive(t, closed.Load())
		})
	}
}

// TestLNSLinkSettle follows an LNS's comparisons with the bounds the
// search publishes: before the final bound it stops on a closing bound
// but keeps marks, and the final one takes it back to the first mark it
// closes, with the counts of work of that mark.
func TestLNSLinkSettle(t *testing.T) {
	s := &search{relGap: 0.1}
	step := func(obj float64, work int64) {
		s.inc = auction.Allocation{Awards: []auction.Award{{Bid: int(obj), Fraction: 1}}}
		s.incObj, s.subNodes, s.iters = obj, work, 10*work
	}
	l := newLNSLink(1)
	step(80, 1)
	require.False(t, l.stop(s, true), "no bound yet")
	l.publish(100, false)
	step(85, 2)
	require.False(t, l.stop(s, true)) // 15% below 100
	step(88, 3)
	require.False(t, l.stop(s, true))
	step(88, 4)
	require.False(t, l.stop(s, false))
	step(95, 5)
	require.True(t, l.stop(s, true), "95 is within 10% of 100")
	// L = 97 closes 88 (9.3%) first: back to the mark of 88, its counts.
	require.True(t, l.settle(s, 97))
	require.Equal(t, 88.0, s.incObj)
	require.Equal(t, 88, s.inc.Awards[0].Bid)
	require.Equal(t, int64(3), s.subNodes)
	require.Equal(t, int64(30), s.iters)
	require.Empty(t, l.marks)

	// Once the final bound is seen, each boundary compares with it alone.
	l = newLNSLink(1)
	l.publish(100, true)
	step(80, 1)
	require.False(t, l.stop(s, true))
	require.True(t, l.sawFinal)
	step(91, 2)
	require.True(t, l.stop(s, true))
	require.Equal(t, 91.0, s.incObj)
	require.Empty(t, l.marks)

	// An infinite bound closes nothing.
	l = newLNSLink(1)
	step(1e300, 1)
	require.False(t, l.stop(s, true))
	require.False(t, l.settle(s, math.Inf(1)))
}
