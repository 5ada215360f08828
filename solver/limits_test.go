package solver

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// hardInstance is a CATS arbitrary market that no engine closes in a few
// milliseconds.
func hardInstance(t testing.TB) *auction.Instance {
	in, err := gen.Generate("arbitrary", gen.Config{Goods: 24, Bids: 100, Seed: 7})
	require.NoError(t, err)
	return in
}

// checkHonest checks what every result must satisfy, whatever stopped it:
// the award passes Check, the objective and revenue are those of the
// award, and the bound is at least the objective.
func checkHonest(t *testing.T, in *auction.Instance, r Result) {
	t.Helper()
	require.Empty(t, in.Check(r.Allocation))
	require.InDelta(t, objective(in, r.Allocation), r.Objective, 1e-6*math.Max(1, r.Objective))
	require.Equal(t, in.Revenue(r.Allocation), r.Revenue)
	require.GreaterOrEqual(t, r.Bound, r.Objective)
	require.InDelta(t, gap(r.Objective, r.Bound), r.Gap, 1e-12)
}

func TestSolveTinyDeadline(t *testing.T) {
	in := hardInstance(t)
	full, err := Solve(context.Background(), in, Options{NodeLimit: 2000})
	require.NoError(t, err)
	for _, d := range []time.Duration{time.Nanosecond, time.Microsecond, time.Millisecond} {
		r, err := Solve(context.Background(), in, Options{TimeLimit: d})
		require.NoError(t, err, "limit %v", d)
		checkHonest(t, in, r)
		if d < time.Millisecond || r.Status != Optimal { // a millisecond may be enough to finish
			require.Equal(t, Feasible, r.Status, "limit %v", d)
			require.Positive(t, r.Gap)
		}
		// The bound is proven: no allocation, in particular not the best
		// one a longer search finds, beats it.
		require.GreaterOrEqual(t, r.Bound, full.Objective-1e-6)
	}
}

func TestSolveExpiredContext(t *testing.T) {
	in := hardInstance(t)
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	r, err := Solve(ctx, in, Options{})
	require.NoError(t, err)
	checkHonest(t, in, r)
	require.Equal(t, Feasible, r.Status)
}

func TestSolveCanceled(t *testing.T) {
	in := hardInstance(t)
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	r, err := Solve(ctx, in, Options{ProgressInterval: time.Millisecond, Progress: func(p Progress) {
		if p.Nodes > 0 {
			once.Do(cancel)
		}
	}})
	cancel()
	require.NoError(t, err)
	checkHonest(t, in, r)
	if r.Status != Optimal { // it may have finished before the cancel arrived
		require.Equal(t, Canceled, r.Status)
	}
}

func TestSolveNodeLimitDeterministic(t *testing.T) {
	in := hardInstance(t)
	for _, limit := range []int64{1, 2, 40} {
		var first Result
		for k, threads := range []int{1, 2, 1} {
			r, err := Solve(context.Background(), in, Options{NodeLimit: limit, Threads: threads})
			require.NoError(t, err)
			checkHonest(t, in, r)
			if r.Status != Optimal { // a few nodes may be enough to prove it
				require.Equal(t, Feasible, r.Status, "limit %d", limit)
				require.Positive(t, r.Gap)
			}
			require.LessOrEqual(t, r.Stats.Nodes+r.Stats.SubNodes, limit*int64(r.Stats.Components), "limit %d", limit)
			if k == 0 {
				first = r
				continue
			}
			require.Equal(t, first.Allocation, r.Allocation, "limit %d", limit)
			require.Equal(t, first.Bound, r.Bound, "limit %d", limit)
			require.Equal(t, first.Stats.Nodes, r.Stats.Nodes, "limit %d", limit)
			require.Equal(t, first.Stats.SubNodes, r.Stats.SubNodes, "limit %d", limit)
		}
	}
}

// nodeCounter is an LP model that counts the solves of branch-and-bound
// nodes, the main search's and its sub-searches' alike: the only solves
// that may stop at the incumbent's cutoff. RINS's sub-searches solve on
// a goroutine of their own, hence the atomic count.
type nodeCounter struct {
	lp.Model
	solves *atomic.Int64
}

func (m nodeCounter) Solve(lim lp.Limits) (lp.Status, error) {
	if lim.UseCutoff {
		m.solves.Add(1)
	}
	return m.Model.Solve(lim)
}

// TestNodeLimitCountsSubSearches checks the node accounting against the
// LP engine's own count of node solves: the node limit bounds the nodes of
// RINS's sub-searches too, and the statistics report every node solved,
// the search's in Nodes and the sub-searches' in SubNodes.
func TestNodeLimitCountsSubSearches(t *testing.T) {
	for _, name := range Engines() {
		e, err := Options{Engine: name}.engine()
		require.NoError(t, err)
		var solves atomic.Int64
		counting := engines.Engine{Name: name, New: func() lp.Model { return nodeCounter{e.New(), &solves} }}
		subs := int64(0)
		for _, limit := range []int64{10, 60} {
			for _, fam := range []string{"L3"} { // arbitrary takes seconds at the root
				in, err := gen.Generate(fam, gen.Config{Goods: 30, Bids: 150, Seed: 3})
				require.NoError(t, err)
				solves.Store(0)
				comp := &wdp.Component{Sub: wdp.Sub{In: in}}
				r := searchComponent(context.Background(), comp, auction.Allocation{}, counting, Options{NodeLimit: limit}, 0,
					func(float64, float64, int64, int) {})
				require.NoError(t, r.err)
				require.Empty(t, in.Check(r.alloc))
				msg := fmt.Sprintf("%s %s limit %d: nodes %d + sub-nodes %d, node solves %d", name, fam, limit, r.nodes, r.subNodes, solves.Load())
				require.Equal(t, solves.Load(), r.nodes+r.subNodes, msg)
				require.LessOrEqual(t, solves.Load(), limit, msg)
				subs += r.subNodes
			}
		}
		require.Positive(t, subs, "%s: no sub-search ran; the test tests nothing", name)
	}
}

// TestSolveRelGap: a search that a gap limit stops is within the gap, and
// not called optimal unless the gap is closed (a gap limit is no proof);
// the default gap proves the optimum, which lies within the bounds.
func TestSolveRelGap(t *testing.T) {
	in := hardInstance(t)
	r, err := Solve(context.Background(), in, Options{RelGap: 0.05})
	require.NoError(t, err)
	checkHonest(t, in, r)
	require.LessOrEqual(t, gap(r.Objective, r.Bound), 0.05)
	require.True(t, r.Within(0.05))
	if r.Gap > DefaultRelGap {
		require.Equal(t, Feasible, r.Status)
	} else {
		require.Equal(t, Optimal, r.Status)
	}
	opt, err := Solve(context.Background(), in, Options{})
	require.NoError(t, err)
	require.Equal(t, Optimal, opt.Status)
	require.LessOrEqual(t, opt.Objective, r.Bound+1e-6)
	require.GreaterOrEqual(t, opt.Objective, r.Objective-1e-6)
}

func TestSolveProgress(t *testing.T) {
	in := hardInstance(t)
	var mu sync.Mutex
	var calls []Progress
	r, err := Solve(context.Background(), in, Options{NodeLimit: 300, ProgressInterval: time.Millisecond,
		Progress: func(p Progress) {
			mu.Lock()
			calls = append(calls, p)
			mu.Unlock()
		}})
	require.NoError(t, err)
	require.NotEmpty(t, calls)
	last := calls[len(calls)-1]
	require.Equal(t, last.Components, last.Done)
	require.InDelta(t, r.Objective, last.Incumbent, 1e-6*math.Max(1, r.Objective))
	for _, p := range calls {
		require.GreaterOrEqual(t, p.Bound, p.Incumbent-1e-6)
	}
}

func TestSolveErrors(t *testing.T) {
	_, err := Solve(context.Background(), nil, Options{})
	require.Error(t, err)
	_, err = Solve(context.Background(), &auction.Instance{Bids: []auction.Bid{{Bidder: 3}}}, Options{})
	require.Error(t, err)
	var pe *auction.ProblemsError
	require.ErrorAs(t, err, &pe)
	for _, o := range []Options{{Threads: -1}, {RelGap: -1}, {RelGap: math.NaN()}, {NodeLimit: -1}, {TimeLimit: -1}, {Engine: "nope"}} {
		_, err := Solve(context.Background(), hardInstance(t), o)
		require.Error(t, err, "%+v", o)
	}
}

// TestSolveDeadlineLargeMarket checks that a deadline shorter than the
// presolve, the decomposition and the first allocations of a large market
// holds: Solve returns soon after it, with a valid award and a bound no
// allocation beats (not even the greedy one). "Soon" is measured against
// the time validating the instance takes on this machine, now: the
// steps that do not look at the context (validation, the certificate, one
// component's formulation) are a few times that; the whole presolve,
// decomposition and greedy allocation, which Solve used to run past a
// deadline, are tens of times that.
func TestSolveDeadlineLargeMarket(t *testing.T) {
	in, err := gen.Generate("ddu", gen.Config{Goods: 3000, Bids: 15000, Seed: 1})
	require.NoError(t, err)
	t0 := time.Now()
	require.NoError(t, in.Validate())
	validate := time.Since(t0)
	r, err := wdp.NewRounder(in)
	require.NoError(t, err)
	greedy := objective(in, r.Greedy())
	for _, limit := range []time.Duration{time.Millisecond, 20 * time.Millisecond, 100 * time.Millisecond} {
		t0 := time.Now()
		res, err := Solve(context.Background(), in, Options{TimeLimit: limit})
		elapsed := time.Since(t0)
		require.NoError(t, err)
		checkHonest(t, in, res)
		require.GreaterOrEqual(t, res.Bound, greedy*(1-1e-9), "limit %v", limit)
		t.Logf("limit %v: returned after %v (validation takes %v), %s, gap %.3g", limit, elapsed, validate, res.Status, res.Gap)
		require.Less(t, elapsed-limit, 5*validate+20*time.Millisecond, "limit %v", limit)
	}
}
