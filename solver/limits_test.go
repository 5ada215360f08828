package solver

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
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
	var first Result
	for k, threads := range []int{1, 2, 1} {
		r, err := Solve(context.Background(), in, Options{NodeLimit: 2, Threads: threads})
		require.NoError(t, err)
		checkHonest(t, in, r)
		require.Equal(t, Feasible, r.Status)
		require.LessOrEqual(t, r.Stats.Nodes, int64(2+1))
		if k == 0 {
			first = r
			continue
		}
		require.Equal(t, first.Allocation, r.Allocation)
		require.Equal(t, first.Bound, r.Bound)
	}
}

func TestSolveRelGap(t *testing.T) {
	in := hardInstance(t)
	r, err := Solve(context.Background(), in, Options{RelGap: 0.05})
	require.NoError(t, err)
	checkHonest(t, in, r)
	require.Equal(t, Optimal, r.Status)
	require.LessOrEqual(t, gap(r.Objective, r.Bound), 0.05)
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
