package solver

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/bidlang"
	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// rootDive solves the root LP of s again (the model then holds its optimal
// basis, as between two dives of the search) and dives from it with the
// given kind, within the heuristics' least budget.
func rootDive(t *testing.T, s *search, kind diveKind) (ran, won bool) {
	t.Helper()
	root := &node{bound: s.rootObj, col: -1}
	s.open = nodeHeap{root}
	require.True(t, s.apply(root))
	st, _, err := s.solveLP()
	require.NoError(t, err)
	require.Equal(t, lp.Optimal, st)
	return s.lpDive(kind, diveMinIters)
}

// requireRootRestored checks that the model, once the root's bounds are
// loaded again, solves to the root objective without a single simplex
// iteration: a dive leaves behind neither bounds nor a basis other than
// the root's optimal one.
func requireRootRestored(t *testing.T, s *search, msg string) {
	t.Helper()
	require.True(t, s.apply(&node{bound: math.Inf(1), col: -1}), msg)
	st, obj, err := s.solveLP()
	require.NoError(t, err, msg)
	require.Equal(t, lp.Optimal, st, msg)
	require.InDelta(t, s.rootObj, obj, 1e-6*math.Max(1, math.Abs(s.rootObj)), msg)
	require.Zero(t, s.m.Iterations(), "%s: the dive did not restore the root's basis", msg)
}

// TestDive dives from the root of random instances of every family, with
// every kind of dive and on every engine, from a poor incumbent (one award
// of the search's): whatever it finds passes Check and is no better than
// brute force, its LP solves are counted as sub-search nodes, and the model
// is left as the root had it. Across the instances, every kind must
// improve some incumbents, and reach the optimum on some.
func TestDive(t *testing.T) {
	for _, name := range Engines() {
		eng, err := Options{Engine: name}.engine()
		require.NoError(t, err)
		for kind := range numDiveKinds {
			won, optimal := 0, 0
			for _, fam := range wdptest.Families {
				for seed := range 20 {
					in := wdptest.Sized(wdptest.Rand(uint64(seed)), fam, 14)
					want, err := wdp.BruteForce(in)
					require.NoError(t, err)
					s, ok := poorRootSearch(t, in, eng)
					if !ok {
						continue
					}
					msg := name + "/" + kind.String() + "/" + fam
					if !s.diveBeats(s.rootObj) {
						s.m.Close()
						continue // the incumbent is optimal: nothing to dive for
					}
					sub0, dive0 := s.subNodes, s.heur.diveNodes
					ran, w := rootDive(t, s, kind)
					require.NoError(t, s.numerical, "%s seed %d", msg, seed)
					require.True(t, ran, "%s seed %d", msg, seed)
					require.Positive(t, s.subNodes-sub0, "%s seed %d", msg, seed)
					require.Equal(t, s.subNodes-sub0, s.heur.diveNodes-dive0, "%s seed %d", msg, seed)
					if w {
						won++
					}
					require.Empty(t, in.Check(s.inc), "%s seed %d", msg, seed)
					require.InDelta(t, objective(in, s.inc), s.incObj, 1e-9*math.Max(1, s.incObj), "%s seed %d", msg, seed)
					require.LessOrEqual(t, s.incObj, want.Objective+1e-6*math.Max(1, want.Objective), "%s seed %d", msg, seed)
					if sameObjective(s.incObj, want.Objective) {
						optimal++
					}
					requireRootRestored(t, s, msg)
					s.m.Close()
				}
			}
			require.Positive(t, won, "%s/%v: no dive improved an incumbent", name, kind)
			require.Positive(t, optimal, "%s/%v: no dive reached the optimum", name, kind)
		}
	}
}

// neighbourMarkets are markets whose LP optimum is fractional and whose
// optimum is an integral LP neighbour of it: taking any one of the bids
// the LP splits leaves an integral LP, worth the optimum.
var neighbourMarkets = map[string]string{
	// Three pairs in a triangle, all at 1/2 in the LP (15); a pair and
	// the single on the third item is the optimum (14).
	"triangle": `auction "triangle"
currency USD
ddu A capacity 1
ddu B capacity 1
ddu C capacity 1
bidder x
  bid ab price 10 { A: 1, B: 1 }
  bid bc price 10 { B: 1, C: 1 }
  bid ca price 10 { C: 1, A: 1 }
  bid a price 4 { A: 1 }
  bid b price 4 { B: 1 }
  bid c price 4 { C: 1 }
end
`,
	// Five pairs in a cycle, all at 1/2 in the LP (25); two pairs and a
	// single are the optimum (23): taking a pair leaves a path, whose LP
	// is integral.
	"pentagon": `auction "pentagon"
currency USD
ddu A capacity 1
ddu B capacity 1
ddu C capacity 1
ddu D capacity 1
ddu E capacity 1
bidder x
  bid ab price 10 { A: 1, B: 1 }
  bid bc price 10 { B: 1, C: 1 }
  bid cd price 10 { C: 1, D: 1 }
  bid de price 10 { D: 1, E: 1 }
  bid ea price 10 { E: 1, A: 1 }
end
bidder y
  bid a price 3 { A: 1 }
  bid b price 3 { B: 1 }
  bid c price 3 { C: 1 }
  bid d price 3 { D: 1 }
  bid e price 3 { E: 1 }
end
`,
	// The triangle twice over, on items of capacity 2 and volumes 2.
	"triangle-volumes": `auction "triangle with volumes"
currency USD
ddu A capacity 2
ddu B capacity 2
ddu C capacity 2
bidder x
  bid ab price 10 { A: 2, B: 2 }
  bid bc price 10 { B: 2, C: 2 }
  bid ca price 10 { C: 2, A: 2 }
end
bidder y
  bid a price 4 { A: 2 }
  bid b price 4 { B: 2 }
  bid c price 4 { C: 2 }
end
`,
}

// dropCuts takes the root's cuts out of the model of s (they close the
// small markets of neighbourMarkets at the root) and sets its root
// objective to that of the formulation's LP.
func dropCuts(t *testing.T, s *search) {
	t.Helper()
	var rows []int
	for i := s.f.NumRows(); i < s.m.NumRows(); i++ {
		rows = append(rows, i)
	}
	if len(rows) > 0 {
		require.NoError(t, s.m.DeleteRows(rows))
	}
	s.cuts = nil
	require.True(t, s.apply(&node{bound: math.Inf(1), col: -1}))
	st, obj, err := s.solveLP()
	require.NoError(t, err)
	require.Equal(t, lp.Optimal, st)
	s.rootObj = obj
}

// TestDiveFindsIntegralNeighbour dives, with every kind, from the
// fractional root of markets whose optimum is an integral LP neighbour,
// with the empty allocation as the incumbent: every dive finds the
// optimum that brute force gives.
func TestDiveFindsIntegralNeighbour(t *testing.T) {
	for _, name := range Engines() {
		eng, err := Options{Engine: name}.engine()
		require.NoError(t, err)
		for market, src := range neighbourMarkets {
			in, diags := bidlang.ReadBids(market+".bids", []byte(src))
			require.NoError(t, diags.Err())
			require.NoError(t, in.Validate())
			want, err := wdp.BruteForce(in)
			require.NoError(t, err)
			for kind := range numDiveKinds {
				msg := name + "/" + market + "/" + kind.String()
				s := rootSearch(t, in, eng)
				require.NotNil(t, s, msg)
				dropCuts(t, s)
				require.Greater(t, s.rootObj, want.Objective+0.5, "%s: the root LP is integral; the market tests nothing", msg)
				s.inc, s.incObj = auction.Allocation{}, 0
				s.heur.incX = nil
				_, won := rootDive(t, s, kind)
				require.NoError(t, s.numerical, msg)
				require.True(t, won, msg)
				require.Empty(t, in.Check(s.inc), msg)
				require.True(t, sameObjective(s.incObj, want.Objective), "%s: dive found %v, the optimum is %v", msg, s.incObj, want.Objective)
				requireRootRestored(t, s, msg)
				s.m.Close()
			}
		}
	}
}

// searchFromRoot runs the search of in to its end, with a dive before
// every node or without dives, and returns its result; false when the search ended before the root LP.
func searchFromRoot(t *testing.T, in *auction.Instance, eng engines.Engine, dives bool) (componentResult, bool) {
	t.Helper()
	s := rootSearch(t, in, eng)
	if s == nil {
		return componentResult{}, false
	}
	defer s.m.Close()
	// rootSearch, unlike searchComponent, does not start from the empty
	// allocation.
	s.hasInc = s.hasInc || len(in.Check(auction.Allocation{})) == 0
	if dives {
		// A dive between any two dives of the search, whatever they cost.
		s.heur.dive = schedule{next: s.nodes, interval: 1, min: 1, max: 1}
		s.heur.dives.streak = math.MinInt32 // never long enough to stop them
		s.heur.dives.earned = 1e15          // finite: lpDive converts what is left to int64
	} else {
		s.heur.dive.next = math.MaxInt64
	}
	s.stopped = false
	s.loop()
	require.NoError(t, s.numerical)
	bound := math.Max(math.Max(s.prunedMax, s.failedMax), s.open.top(math.Inf(-1)))
	return s.result(bound, len(s.open) == 0), true
}

// TestDivesKeepTheSearchExact runs the search on random instances of every
// family with dives and without: both prove the brute-force optimum, so
// what dives leave in the model (bounds, basis) does not mislead the
// search; and dives are deterministic: the search with dives finds the same
// award twice.
func TestDivesKeepTheSearchExact(t *testing.T) {
	eng, err := Options{}.engine()
	require.NoError(t, err)
	dived := int64(0)
	for _, fam := range wdptest.Families {
		for seed := range 15 {
			in := wdptest.Sized(wdptest.Rand(uint64(seed)), fam, 14)
			want, err := wdp.BruteForce(in)
			require.NoError(t, err)
			on, ok := searchFromRoot(t, in, eng, true)
			if !ok {
				continue
			}
			off, _ := searchFromRoot(t, in, eng, false)
			again, _ := searchFromRoot(t, in, eng, true)
			for _, r := range []componentResult{on, off} {
				require.Equal(t, Optimal, r.status, "%s seed %d: brute force feasible %v %v", fam, seed, want.Feasible, want.Objective)
				require.True(t, sameObjective(r.objective, want.Objective), "%s seed %d: %v, brute force %v", fam, seed, r.objective, want.Objective)
				require.Empty(t, in.Check(r.alloc), "%s seed %d", fam, seed)
			}
			require.Equal(t, on.alloc, again.alloc, "%s seed %d", fam, seed)
			require.Equal(t, on.nodes, again.nodes, "%s seed %d", fam, seed)
			require.Equal(t, on.subNodes, again.subNodes, "%s seed %d", fam, seed)
			dived += on.subNodes - off.subNodes
		}
	}
	require.NotZero(t, dived, "no dive ran; the test tests nothing")
}

// TestDiveDeterministic solves a market of several components that dives
// improve, with one thread and with two: the same award, bound and node
// counts.
func TestDiveDeterministic(t *testing.T) {
	for seed := range 10 {
		in := repeat(wdptest.Sized(wdptest.Rand(uint64(seed)), "mixed", 14), 3)
		var first Result
		for k, threads := range []int{1, 2} {
			r, err := Solve(context.Background(), in, Options{Threads: threads})
			require.NoError(t, err)
			require.Empty(t, in.Check(r.Allocation))
			if k == 0 {
				first = r
				continue
			}
			require.Equal(t, first.Allocation, r.Allocation, "seed %d", seed)
			require.Equal(t, first.Bound, r.Bound, "seed %d", seed)
			require.Equal(t, first.Stats.Nodes, r.Stats.Nodes, "seed %d", seed)
			require.Equal(t, first.Stats.SubNodes, r.Stats.SubNodes, "seed %d", seed)
		}
	}
}

// TestDivesStopAndRevive checks that dives stop after diveMaxStreak
// fruitless ones in a row, and run again once something else improves the
// incumbent.
func TestDivesStopAndRevive(t *testing.T) {
	eng, err := Options{}.engine()
	require.NoError(t, err)
	checked := 0
	for seed := range 40 {
		in := wdptest.Sized(wdptest.Rand(uint64(seed)), wdptest.Families[seed%len(wdptest.Families)], 14)
		s := rootSearch(t, in, eng)
		if s == nil {
			continue
		}
		h := &s.heur
		if len(s.open) == 0 || !h.started || !s.fractional(s.x) {
			s.m.Close()
			continue
		}
		h.dives.earned = 1e15
		h.dive.next, h.dives.streak = 0, diveMaxStreak
		before := h.diveNodes
		s.dives()
		require.Equal(t, before, h.diveNodes, "seed %d: a dive ran after %d fruitless ones", seed, diveMaxStreak)

		h.lastInc = s.incObj - 1 // as if the search had improved the incumbent
		h.rins.next = math.MaxInt64
		s.primalHeuristics()
		require.Less(t, h.dives.streak, diveMaxStreak, "seed %d", seed)
		h.dive.next = 0
		s.dives()
		s.m.Close()
		if h.diveNodes > before {
			checked++
		}
	}
	require.Positive(t, checked, "no dive ran again after the incumbent improved")
}
