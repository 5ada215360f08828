package solver

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// rootSearch runs the search of in up to its first node and returns it with
// its model open (the caller closes it), or nil when the search ended
// before the root LP.
func rootSearch(t *testing.T, in *auction.Instance, eng engines.Engine) *search {
	t.Helper()
	s := &search{ctx: context.Background(), in: in, opts: Options{NodeLimit: 1}, relGap: DefaultRelGap,
		report: func(float64, float64, int64, int) {}, prunedMax: math.Inf(-1), failedMax: math.Inf(-1), lagBound: math.Inf(1)}
	_, err := s.run(eng, auction.Allocation{})
	require.NoError(t, err)
	if s.rootX == nil {
		if s.m != nil {
			s.m.Close()
		}
		return nil
	}
	s.opts.NodeLimit = 0
	return s
}

// poorRootSearch is rootSearch with its incumbent replaced by a poor one
// (poorStart), so that heuristics have something to improve; false (and
// nothing open) when either is not possible.
func poorRootSearch(t *testing.T, in *auction.Instance, eng engines.Engine) (*search, bool) {
	t.Helper()
	s := rootSearch(t, in, eng)
	if s == nil {
		return nil, false
	}
	start, ok := poorStart(in, s.inc)
	if !ok {
		s.m.Close()
		return nil, false
	}
	s.inc, s.incObj = start, objective(in, start)
	return s, true
}

// poorStart is an allocation of one award of a, when that passes Check.
func poorStart(in *auction.Instance, a auction.Allocation) (auction.Allocation, bool) {
	for _, aw := range a.Awards {
		b := auction.Allocation{Awards: []auction.Award{aw}}
		if len(in.Check(b)) == 0 {
			return b, true
		}
	}
	return auction.Allocation{}, false
}

// TestRINS runs RINS from a poor incumbent (one award of the search's
// incumbent) and the root LP solution, on random instances of every family
// and on every engine: whatever it finds passes Check and is no better
// than brute force, and the model, once the root node is loaded again,
// solves to the root objective: the sub-search, on a model of its own,
// left the search's model as it was. Across
// the instances, RINS must improve some incumbents.
func TestRINS(t *testing.T) {
	for _, name := range Engines() {
		eng, err := Options{Engine: name}.engine()
		require.NoError(t, err)
		won := 0
		for _, fam := range wdptest.Families {
			for seed := range 25 {
				in := wdptest.Sized(wdptest.Rand(uint64(seed)), fam, 14)
				want, err := wdp.BruteForce(in)
				require.NoError(t, err)
				s, ok := poorRootSearch(t, in, eng)
				if !ok {
					continue
				}
				s.heur.freeCols = 2
				w := s.launchRINS(s.rootX) && s.mergeRINS(true)
				s.closeHeurModel()
				require.NoError(t, s.numerical, "%s/%s seed %d", name, fam, seed)
				if w {
					won++
				}
				require.Empty(t, in.Check(s.inc), "%s/%s seed %d", name, fam, seed)
				require.LessOrEqual(t, s.incObj, want.Objective+1e-6*math.Max(1, want.Objective), "%s/%s seed %d", name, fam, seed)

				require.True(t, s.apply(&node{bound: math.Inf(1), col: -1}))
				st, obj, err := s.solveLP()
				require.NoError(t, err)
				require.Equal(t, lp.Optimal, st, "%s/%s seed %d", name, fam, seed)
				require.InDelta(t, s.rootObj, obj, 1e-6*math.Max(1, math.Abs(s.rootObj)), "%s/%s seed %d", name, fam, seed)
				s.m.Close()
			}
		}
		require.Positive(t, won, "%s: RINS never improved an incumbent", name)
	}
}

// TestScheduleAdapts checks the spacing of a heuristic's runs: halved after
// a success, doubled after a failure, within its range, and the least
// spacing after a run that could not start.
func TestScheduleAdapts(t *testing.T) {
	c := schedule{interval: 16, min: 4, max: 64}
	c.after(100, true, false)
	require.Equal(t, schedule{next: 132, interval: 32, min: 4, max: 64}, c)
	c.after(132, true, false)
	c.after(196, true, false)
	require.Equal(t, int64(64), c.interval)
	c.after(260, true, true)
	require.Equal(t, int64(32), c.interval)
	require.Equal(t, int64(292), c.next)
	c.after(292, false, false)
	require.Equal(t, int64(296), c.next)
	require.Equal(t, int64(32), c.interval)
}

// TestRINSShareAdapts checks the accounts of the sub-searches: they earn
// heurShare of the search's iterations while RINS pays, half as much with
// every fruitless run beyond heurGrace in a row, and the full share again
// after a run that improves the incumbent; the node limit of a sub-search
// halves likewise.
func TestRINSShareAdapts(t *testing.T) {
	h := heurState{subs: newBudget(heurBase, heurShare, heurGrace)}
	h.account(1000)
	require.InDelta(t, heurBase+heurShare*1000, h.subs.earned, 1e-9)
	for k := 1; k <= heurGrace; k++ {
		h.subs.paid(false)
		require.Equal(t, heurShare, h.subs.share, "failure %d is within the grace", k)
	}
	h.subs.paid(false)
	require.Equal(t, heurShare/2, h.subs.share)
	h.subs.paid(false)
	require.Equal(t, heurShare/4, h.subs.share)
	// The sub-searches' own iterations earn nothing, nor do the dives'.
	h.subs.spent, h.dives.spent = 500, 300
	h.account(1500 + 300 + 1000)
	require.InDelta(t, heurBase+heurShare*1000+heurShare/4*1000, h.subs.earned, 1e-9)
	require.False(t, h.subs.over())
	require.Equal(t, int64(heurBase+heurShare*1000+heurShare/4*1000)-500, h.subs.left())
	h.subs.paid(true)
	require.Equal(t, heurShare, h.subs.share)
	require.Zero(t, h.subs.streak)

	for streak, want := range []int64{rinsNodes, rinsNodes, rinsNodes, rinsNodes, rinsNodes / 2, rinsNodes / 4, rinsMinNodes, rinsMinNodes} {
		h.subs.streak = streak
		require.Equal(t, want, h.subNodeLimit(), "streak %d", streak)
	}
}

// TestRINSStopsAndRevives runs the heuristics' schedule on a real search:
// after rinsMaxStreak fruitless runs in a row RINS no longer runs, and an
// incumbent that the search itself improves buys it one more run.
func TestRINSStopsAndRevives(t *testing.T) {
	eng, err := Options{}.engine()
	require.NoError(t, err)
	for seed := range 20 {
		in := wdptest.Sized(wdptest.Rand(uint64(seed)), "mixed", 14)
		s, ok := poorRootSearch(t, in, eng)
		if !ok {
			continue
		}
		h := &s.heur
		h.started, h.subs = true, newBudget(math.Inf(1), heurShare, heurGrace)
		h.rins = schedule{interval: 1, min: 1, max: 1}
		h.dive.next = math.MaxInt64 // no dives: the test counts RINS's nodes
		h.subs.streak = rinsMaxStreak
		h.lastInc = s.incObj
		s.primalHeuristics()
		require.Zero(t, h.nodes, "seed %d: RINS ran after it stopped", seed)

		s.incObj += 1e-9 // the search improved the incumbent (in objective only: enough for the schedule)
		s.primalHeuristics()
		s.mergeRINS(true)
		s.closeHeurModel()
		s.m.Close()
		if h.nodes == 0 {
			continue // no neighbourhood: the LP solution agrees with the incumbent
		}
		require.Equal(t, s.subNodes, h.nodes+h.diveNodes)
		return
	}
	t.Fatal("RINS never ran again after an improvement of the incumbent")
}
