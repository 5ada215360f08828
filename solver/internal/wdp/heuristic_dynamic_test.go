package wdp

import (
	"container/heap"
	"testing"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dynamicSettings are the (alpha, beta, gamma) the tests try: the two
// that start DDU markets best, LOS's key made dynamic, and a steep one.
var dynamicSettings = [][3]float64{{0.8, 0, 1.5}, {0.8, 0.5, 1.5}, {0.5, 0, 1}, {1, 1, 3}}

// TestGreedyDynamicIsFeasible checks the dynamic greedy on random
// instances of every family: every allocation is feasible for the model
// (Check and the model's stricter budget and reserve rules) and worth at
// most the brute-force optimum, and repeated calls, on the same Rounder
// or a new one, agree.
func TestGreedyDynamicIsFeasible(t *testing.T) {
	differ := 0
	for _, c := range randomCases(t, 120, 12, 5300) {
		r := newRounder(c.in)
		opt, err := BruteForce(c.in)
		require.NoError(t, err)
		for _, p := range dynamicSettings {
			a := r.GreedyDynamic(p[0], p[1], p[2])
			require.Equal(t, a, r.GreedyDynamic(p[0], p[1], p[2]), "%s %v: not deterministic", c.name, p)
			require.Equal(t, a, newRounder(c.in).GreedyDynamic(p[0], p[1], p[2]), "%s %v: depends on the Rounder's past", c.name, p)
			if len(c.in.Check(a)) != 0 {
				// Only the rule min-winners lets the greedy fail (see GreedyOrder).
				require.Positive(t, c.in.Rules.MinWinners, "%s %v: %v", c.name, p, modelProblems(c.in, a))
				continue
			}
			require.Empty(t, modelProblems(c.in, a), "%s %v", c.name, p)
			assert.LessOrEqual(t, value(c.in, a), opt.Objective*(1+1e-9)+1e-9, c.name)
			if value(c.in, a) != value(c.in, r.GreedyContention(p[0], p[1])) {
				differ++
			}
		}
	}
	require.Positive(t, differ, "the dynamic greedy never differs from the static one: the test proves nothing")
}

// TestGreedyDynamicUnderMinWinners runs the dynamic greedy on instances
// under the rule min-winners: an allocation is either feasible or, when
// the repair found none, the empty one.
func TestGreedyDynamicUnderMinWinners(t *testing.T) {
	feasible := 0
	for _, c := range randomCases(t, 60, 12, 5400) {
		in := wdptest.Regional(wdptest.Rand(uint64(len(c.name))*7919+uint64(len(c.in.Bids))), c.in)
		require.NoError(t, in.Validate())
		r := newRounder(in)
		for _, p := range dynamicSettings[:2] {
			a := r.GreedyDynamic(p[0], p[1], p[2])
			if len(in.Check(a)) != 0 {
				require.Empty(t, a.Awards, "%s %v: an allocation that fails Check", c.name, p)
				continue
			}
			require.Empty(t, modelProblems(in, a), "%s %v", c.name, p)
			feasible++
		}
	}
	require.Positive(t, feasible)
}

// TestGreedyDynamicOnSingleUnitsIsStatic checks the claim of the doc
// comment: where every item is sold whole, there are no divisible bids
// and no limits that need completing, the dynamic greedy's allocation is
// GreedyContention's with the same alpha and beta.
func TestGreedyDynamicOnSingleUnitsIsStatic(t *testing.T) {
	same := 0
	for _, c := range randomCases(t, 200, 14, 5500) {
		r := newRounder(c.in)
		if r.MultiUnit() || r.s.needsCompletion || c.in.Rules.MinWinners > 0 || hasDivisible(c.in) {
			continue
		}
		for _, p := range dynamicSettings {
			require.Equal(t, r.GreedyContention(p[0], p[1]), r.GreedyDynamic(p[0], p[1], p[2]), "%s %v", c.name, p)
			same++
		}
	}
	require.Positive(t, same, "no single-unit instance without completions: the test proves nothing")
}

// naiveDynamicTaken is the dynamic pass written without the heap: at each
// step every bid not yet decided is evaluated in the current allocation
// and the one of largest key (ties by index) is taken, with what completes
// its groups and bidder. It returns the bids taken, in order.
func naiveDynamicTaken(r *Rounder, alpha, beta, gamma float64) []int32 {
	s := r.s
	pr := r.newDynamicPrices(alpha, beta, gamma)
	r.begin()
	for _, i := range r.byScore {
		r.list(i, s.hi[i])
	}
	s.reset()
	n := len(s.hi)
	decided := make([]bool, n)
	taken := []int32{}
	for {
		best, bestKey := int32(-1), 0.0
		for i := range int32(n) {
			if decided[i] || s.hi[i] <= 0 || s.frac[i] > 0 {
				continue
			}
			x, ok := s.fit(i)
			if !ok {
				continue
			}
			k, ok := r.dynamicKey(i, x, pr)
			if ok && (best < 0 || k > bestKey) {
				best, bestKey = i, k
			}
		}
		if best < 0 {
			return taken
		}
		decided[best] = true
		s.journal = s.journal[:0]
		if s.addSettled(best) {
			for _, e := range s.journal {
				if b := e.bid; s.frac[b] > 0 && !decided[b] || b == best {
					decided[b] = true
					taken = append(taken, b)
				}
			}
		}
	}
}

// TestDynamicOrderTakesTheBestKey checks the lazy heap against the naive
// pass: the bids the dynamic pass takes, in order, are the naive pass's.
func TestDynamicOrderTakesTheBestKey(t *testing.T) {
	multi := 0
	for _, c := range randomCases(t, 120, 14, 5600) {
		r := newRounder(c.in)
		if r.MultiUnit() {
			multi++
		}
		for _, p := range dynamicSettings {
			want := naiveDynamicTaken(r, p[0], p[1], p[2])
			got := r.dynamicOrder(r.newDynamicPrices(p[0], p[1], p[2]))
			require.GreaterOrEqual(t, len(got), len(want), "%s %v", c.name, p)
			require.Equal(t, want, got[:len(want)], "%s %v", c.name, p)
		}
	}
	require.Positive(t, multi)
}

// TestMultiUnit checks MultiUnit on instances made to be one or the
// other.
func TestMultiUnit(t *testing.T) {
	in := &auction.Instance{
		Items:   []auction.Item{{ID: "a", Capacity: 1}, {ID: "b", Capacity: 10}},
		Bidders: []auction.Bidder{{ID: "x"}},
		Bids: []auction.Bid{
			{ID: "1", Bidder: 0, Amount: 5, Bundle: []auction.Demand{{Item: 0, Volume: 1}}},
			{ID: "2", Bidder: 0, Amount: 5, Bundle: []auction.Demand{{Item: 1, Volume: 10}}},
		},
	}
	for b := range in.Bids {
		in.Bidders[0].Tree.Children = append(in.Bidders[0].Tree.Children, auction.Node{Bid: b})
	}
	require.NoError(t, in.Validate())
	r, err := NewRounder(in)
	require.NoError(t, err)
	assert.False(t, r.MultiUnit(), "every volume is its item's capacity")
	in.Bids[1].Bundle[0].Volume = 4
	r, err = NewRounder(in)
	require.NoError(t, err)
	assert.True(t, r.MultiUnit(), "bid 2 asks for 4 of 10")
}

// TestBidHeap pops a heap of keys with ties in heapLess's order.
func TestBidHeap(t *testing.T) {
	r := wdptest.Rand(5700)
	for range 50 {
		var h bidHeap
		var all []heapEntry
		for k := range r.IntN(40) {
			e := heapEntry{float64(r.IntN(5)), int32(k)}
			all = append(all, e)
			if r.IntN(2) == 0 {
				h = append(h, e)
			}
		}
		heap.Init(&h)
		for _, e := range all {
			if !containsEntry(h, e) {
				heap.Push(&h, e)
			}
		}
		var prev heapEntry
		for k := 0; len(h) > 0; k++ {
			e := heap.Pop(&h).(heapEntry)
			if k > 0 {
				require.True(t, heapLess(prev, e), "%v came before %v", prev, e)
			}
			prev = e
		}
	}
}

func containsEntry(s []heapEntry, e heapEntry) bool {
	for _, x := range s {
		if x == e {
			return true
		}
	}
	return false
}

func BenchmarkRounderGreedyDynamic(b *testing.B) {
	for _, name := range heuristicBenchmarks {
		b.Run(name, func(b *testing.B) {
			in := heuristicInstance(b, name)
			r := newRounder(in)
			var a auction.Allocation
			for b.Loop() {
				a = r.GreedyDynamic(0.8, 0, 1.5)
			}
			b.ReportMetric(value(in, a), "revenue")
		})
	}
}
