package solver

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// withLNS runs the large-neighbourhood search on every component, however
// small, for the rest of the test.
func withLNS(t *testing.T) {
	nnz, rows, cols, work := lnsNonzeros, longRootRows, longRootCols, longRootWork
	lnsNonzeros, longRootRows, longRootCols, longRootWork = 0, 0, 0, 0
	t.Cleanup(func() { lnsNonzeros, longRootRows, longRootCols, longRootWork = nnz, rows, cols, work })
}

// lnsSearch is a search of the largest component of in as run leaves it
// before the LNS: the greedy allocation as incumbent, the formulation
// built, no Lagrangian bound.
func lnsSearch(t *testing.T, ctx context.Context, in *auction.Instance) *search {
	t.Helper()
	comps, err := wdp.Decompose(in)
	require.NoError(t, err)
	k := 0
	for j := range comps {
		if len(comps[j].In.Bids) > len(comps[k].In.Bids) {
			k = j
		}
	}
	s := &search{ctx: ctx, in: comps[k].In, relGap: DefaultRelGap,
		prunedMax: math.Inf(-1), failedMax: math.Inf(-1), lagBound: math.Inf(1)}
	if len(s.in.Check(auction.Allocation{})) == 0 {
		s.hasInc = true
	} else {
		s.incObj = math.Inf(-1)
	}
	r, err := wdp.NewRounder(s.in)
	require.NoError(t, err)
	s.rounder = r
	s.offer(r.Greedy())
	f, err := wdp.Build(s.in)
	require.NoError(t, err)
	f.Tighten()
	s.f, s.integer = f, f.Integer
	return s
}

func defaultEngine(t *testing.T) engines.Engine {
	e, ok := engines.Find("")
	require.True(t, ok)
	return e
}

// lnsMarket is a small DDU market whose greedy allocation the LNS
// improves.
func lnsMarket(t *testing.T) *auction.Instance {
	in, err := gen.Generate("ddu", gen.Config{Goods: 40, Bids: 250, Seed: 2})
	require.NoError(t, err)
	return in
}

// TestLNSImprovesAndRepeats: on a DDU market the LNS raises the greedy
// incumbent, never lowers it, leaves an allocation that passes Check
// and not above a proven bound, and finds the same allocation
// on a second run.
func TestLNSImprovesAndRepeats(t *testing.T) {
	withLNS(t)
	saved := lnsNodes
	lnsNodes = 20
	t.Cleanup(func() { lnsNodes = saved })
	in := lnsMarket(t)
	ref, err := Solve(context.Background(), in, Options{Threads: 1, NodeLimit: 20})
	require.NoError(t, err)
	var first auction.Allocation
	for run := range 2 {
		s := lnsSearch(t, context.Background(), in)
		before := s.incObj
		s.lns(defaultEngine(t))
		assert.Empty(t, s.in.Check(s.inc))
		assert.GreaterOrEqual(t, s.incObj, before)
		assert.Greater(t, s.incObj, before*(1+1e-6), "the LNS found nothing better than the greedy")
		assert.Positive(t, s.subNodes+s.iters, "the LNS's work is not counted")
		assert.LessOrEqual(t, s.incObj, ref.Bound*(1+1e-9))
		if run == 0 {
			first = s.inc
		} else {
			assert.Equal(t, first, s.inc, "a second run found another allocation")
		}
	}
}

// TestLNSNeverWorse runs the LNS from the greedy incumbent of random
// instances of every family (with and without the rule min-winners): the
// incumbent never gets worse, always passes Check and never beats the
// brute-force optimum.
func TestLNSNeverWorse(t *testing.T) {
	withLNS(t)
	eng := defaultEngine(t)
	n := max(seeds()/4, 5)
	ran := 0
	defer func() { t.Logf("the LNS ran sub-solves on %d instances", ran) }()
	for _, fam := range wdptest.Families {
		for seed := range n {
			r := wdptest.Rand(uint64(9000 + seed))
			in := wdptest.Instance(r, fam)
			if seed%3 == 2 {
				in = wdptest.Regional(r, in)
			}
			want, err := wdp.BruteForce(in)
			require.NoError(t, err)
			s := lnsSearch(t, context.Background(), in)
			before, had := s.incObj, s.hasInc
			s.lns(eng)
			if s.subNodes+s.iters > 0 {
				ran++
			}
			if had {
				require.Empty(t, s.in.Check(s.inc), "%s seed %d", fam, seed)
			}
			require.GreaterOrEqual(t, s.incObj, before, "%s seed %d", fam, seed)
			if s.hasInc {
				full, err := wdp.BruteForce(s.in)
				require.NoError(t, err)
				require.LessOrEqual(t, s.incObj, full.Objective+1e-6*math.Max(1, full.Objective), "%s seed %d", fam, seed)
				require.LessOrEqual(t, s.incObj, want.Objective+1e-6*math.Max(1, want.Objective), "%s seed %d", fam, seed)
			}
		}
	}
}

// TestLNSAgainstBruteForce runs the brute-force property test with the
// LNS on every component: the proofs and awards must stay right, also
// under a node limit.
func TestLNSAgainstBruteForce(t *testing.T) {
	withLNS(t)
	n := max(seeds()/4, 5)
	for _, fam := range wdptest.Families {
		for seed := range n {
			in := wdptest.Instance(wdptest.Rand(uint64(seed+500)), fam)
			want, err := wdp.BruteForce(in)
			require.NoError(t, err)
			got, err := Solve(context.Background(), in, Options{Threads: 1})
			require.NoError(t, err, "%s seed %d", fam, seed)
			require.Empty(t, in.Check(got.Allocation), "%s seed %d", fam, seed)
			if got.Status != Optimal || !sameObjective(got.Objective, want.Objective) {
				t.Fatalf("%s seed %d: got %s %.6f (bound %.6f), brute force %.6f\n%s", fam, seed, got.Status,
					got.Objective, got.Bound, want.Objective, dump(in))
			}
			lim, err := Solve(context.Background(), in, Options{Threads: 1, NodeLimit: 1})
			require.NoError(t, err, "%s seed %d", fam, seed)
			require.Empty(t, in.Check(lim.Allocation), "%s seed %d", fam, seed)
			require.GreaterOrEqual(t, lim.Bound, want.Objective-1e-6*math.Max(1, want.Objective), "%s seed %d", fam, seed)
		}
	}
}

// TestLNSCancellation: a canceled context stops the LNS before its first
// step, and a tiny deadline during the search still leaves a valid
// incumbent no worse than the start; Solve then returns a valid award.
func TestLNSCancellation(t *testing.T) {
	withLNS(t)
	in := lnsMarket(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := lnsSearch(t, ctx, in)
	before := s.inc
	s.lns(defaultEngine(t))
	assert.Equal(t, before, s.inc)
	assert.Zero(t, s.subNodes)

	for _, d := range []time.Duration{time.Microsecond, time.Millisecond, 20 * time.Millisecond} {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		s := lnsSearch(t, context.Background(), in)
		s.ctx = ctx
		start := s.incObj
		s.lns(defaultEngine(t))
		cancel()
		assert.Empty(t, s.in.Check(s.inc), d)
		assert.GreaterOrEqual(t, s.incObj, start, d)

		res, err := Solve(context.Background(), in, Options{TimeLimit: d, Threads: 1})
		require.NoError(t, err)
		assert.Empty(t, in.Check(res.Allocation), d)
		assert.GreaterOrEqual(t, res.Bound, res.Objective, d)
	}
}

// TestLNSThreshold: components below lnsNonzeros never run the LNS: a
// search of the test market leaves its incumbent and its counts alone.
func TestLNSThreshold(t *testing.T) {
	in := lnsMarket(t)
	s := lnsSearch(t, context.Background(), in)
	require.Less(t, s.f.Problem.NumNonzeros(), lnsNonzeros)
	before := s.inc
	s.lns(defaultEngine(t))
	assert.Equal(t, before, s.inc)
	assert.Zero(t, s.subNodes+s.iters)
}

// TestLNSWorkThreshold: a component with lnsNonzeros elements or more
// but fewer than longRootRows rows and longRootCols columns and rows ×
// elements below longRootWork (dense bids on few items: a quick LP) does
// not run the LNS before its root LP; reaching any of the three lets it.
// (PDHG asks longRoot the same.)
func TestLNSWorkThreshold(t *testing.T) {
	in := lnsMarket(t)
	s := lnsSearch(t, context.Background(), in)
	p := s.f.Problem
	nnz, rows, cols, work := lnsNonzeros, longRootRows, longRootCols, longRootWork
	t.Cleanup(func() { lnsNonzeros, longRootRows, longRootCols, longRootWork = nnz, rows, cols, work })
	quick := func() {
		lnsNonzeros = p.NumNonzeros()
		longRootRows, longRootCols = p.NumRows()+1, p.NumCols()+1
		longRootWork = float64(p.NumRows())*float64(p.NumNonzeros()) + 1
	}
	quick()
	assert.False(t, s.lnsApplies(), "a quick LP")
	longRootWork--
	assert.True(t, s.lnsApplies(), "rows × elements at longRootWork")
	quick()
	longRootRows--
	assert.True(t, s.lnsApplies(), "rows at longRootRows")
	quick()
	longRootCols--
	assert.True(t, s.lnsApplies(), "columns at longRootCols")
}
