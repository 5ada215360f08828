package mechanism

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// ruleAllocate runs a rule and checks what every rule must give: an
// allocation that passes Check and an Objective that is its value.
func ruleAllocate(t *testing.T, in *auction.Instance, rule string) Outcome {
	t.Helper()
	out, err := Allocate(context.Background(), in, rule, solver.Options{Threads: 1})
	require.NoError(t, err, "%s on %s", rule, in.Name)
	require.Empty(t, in.Check(out.Allocation), "%s: the allocation passes Check", rule)
	assert.Equal(t, rule, out.Rule)
	assert.InDelta(t, allocValue(in, out.Allocation), out.Objective, 1e-9)
	return out
}

// ruleWinners returns the IDs of the winning bids, sorted.
func ruleWinners(in *auction.Instance, a auction.Allocation) []string {
	var ids []string
	for _, aw := range a.Awards {
		ids = append(ids, in.Bids[aw.Bid].ID)
	}
	slices.Sort(ids)
	return ids
}

// losGreedy is the greedy rule as Lehmann, O'Callaghan and Shoham publish
// it, for single-minded bidders (every bid all or nothing, no groups, no
// limits), written here from the paper apart from the solver's code: sort
// the bids by value / sqrt(size), size = Σ volume / capacity (the number
// of goods for single-unit goods), ties to the lower index; take each bid
// whose bundle still fits.
func losGreedy(in *auction.Instance) []string {
	order := make([]int, len(in.Bids))
	key := make([]float64, len(in.Bids))
	for i := range in.Bids {
		order[i] = i
		size := 0.0
		for _, d := range in.Bids[i].Bundle {
			size += float64(d.Volume) / float64(in.Items[d.Item].Capacity)
		}
		v, _ := in.Bids[i].Value()
		key[i] = float64(v) / math.Sqrt(size)
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(key[b], key[a]) })
	left := make([]int64, len(in.Items))
	for i, it := range in.Items {
		left[i] = it.Capacity
	}
	var won []string
	for _, i := range order {
		fits := true
		for _, d := range in.Bids[i].Bundle {
			fits = fits && d.Volume <= left[d.Item]
		}
		if !fits {
			continue
		}
		for _, d := range in.Bids[i].Bundle {
			left[d.Item] -= d.Volume
		}
		won = append(won, in.Bids[i].ID)
	}
	slices.Sort(won)
	return won
}

func TestGreedyIsTheSqrtRule(t *testing.T) {
	// The paper's point, by hand: {a,b} for 3 scores 3/√2 ≈ 2.12, above
	// {a} and {b} at 2 each, so the greedy takes it and stops at 3, while
	// the optimum takes both singles for 4. Ranking by value alone would
	// also take {a,b}; ranking by value per good (size 2) would take the
	// singles: the square root sits between.
	b := auction.NewBuilder("los")
	a, c := b.Item("a", 1, 0), b.Item("b", 1, 0)
	b.Bid(b.Bidder("x"), "ab", 300, auction.Demand{Item: a, Volume: 1}, auction.Demand{Item: c, Volume: 1})
	b.Bid(b.Bidder("y"), "a", 200, auction.Demand{Item: a, Volume: 1})
	b.Bid(b.Bidder("z"), "b", 200, auction.Demand{Item: c, Volume: 1})
	in, err := b.Build()
	require.NoError(t, err)
	g := ruleAllocate(t, in, RuleGreedy)
	assert.Equal(t, []string{"ab"}, ruleWinners(in, g.Allocation))
	assert.Equal(t, losGreedy(in), ruleWinners(in, g.Allocation))
	opt := ruleAllocate(t, in, RuleOptimal)
	assert.Equal(t, []string{"a", "b"}, ruleWinners(in, opt.Allocation))
	assert.True(t, opt.Optimal)

	// With a fourth good the bundle's score drops to 3/√3 ≈ 1.73, below
	// the singles: the greedy is then optimal.
	b2 := auction.NewBuilder("los3")
	a, c, d := b2.Item("a", 1, 0), b2.Item("b", 1, 0), b2.Item("c", 1, 0)
	b2.Bid(b2.Bidder("x"), "abc", 300, auction.Demand{Item: a, Volume: 1}, auction.Demand{Item: c, Volume: 1}, auction.Demand{Item: d, Volume: 1})
	b2.Bid(b2.Bidder("y"), "a", 200, auction.Demand{Item: a, Volume: 1})
	b2.Bid(b2.Bidder("z"), "b", 200, auction.Demand{Item: c, Volume: 1})
	in2, err := b2.Build()
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, ruleWinners(in2, ruleAllocate(t, in2, RuleGreedy).Allocation))
}

func TestGreedyMatchesThePublishedRuleOnRandomSingleMindedMarkets(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		b := auction.NewBuilder(fmt.Sprint(seed))
		unit := seed%2 == 0
		nItems := 2 + r.IntN(6)
		for k := range nItems {
			capacity := int64(1)
			if !unit {
				capacity = 1 + r.Int64N(20)
			}
			b.Item(fmt.Sprintf("i%d", k), capacity, 0)
		}
		for k := range 2 + r.IntN(12) {
			var bundle []auction.Demand
			for it := range nItems {
				if r.IntN(3) == 0 || (it == nItems-1 && len(bundle) == 0) {
					vol := int64(1)
					if !unit {
						vol = 1 + r.Int64N(15)
					}
					bundle = append(bundle, auction.Demand{Item: it, Volume: vol})
				}
			}
			b.Bid(b.Bidder(fmt.Sprintf("b%d", k)), fmt.Sprintf("x%d", k), auction.Money(1+r.IntN(1000)), bundle...)
		}
		in, err := b.Build()
		require.NoError(t, err)
		g := ruleAllocate(t, in, RuleGreedy)
		require.Equal(t, losGreedy(in), ruleWinners(in, g.Allocation), "seed %d", seed)
	}
}

func TestFCFSServesTheFileOrder(t *testing.T) {
	// The first bid wins although the later ones are worth more together.
	b := auction.NewBuilder("fcfs")
	a, c := b.Item("a", 10, 0), b.Item("b", 10, 0)
	b.Bid(b.Bidder("early"), "e", 100, auction.Demand{Item: a, Volume: 6}, auction.Demand{Item: c, Volume: 6})
	b.Bid(b.Bidder("late1"), "l1", 500, auction.Demand{Item: a, Volume: 5})
	b.Bid(b.Bidder("late2"), "l2", 500, auction.Demand{Item: c, Volume: 5})
	b.Bid(b.Bidder("small"), "s", 10, auction.Demand{Item: a, Volume: 4})
	in, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, []string{"e", "s"}, ruleWinners(in, ruleAllocate(t, in, RuleFCFS).Allocation))
	assert.Equal(t, []string{"l1", "l2", "s"}, ruleWinners(in, ruleAllocate(t, in, RuleOptimal).Allocation))
}

// perItemMarket is a bundle bidder (a+b, 10 units each, for 100: 5 a
// unit) against a local bidder on a alone at 6 a unit.
func perItemMarket(t *testing.T, bundleMin string) *auction.Instance {
	t.Helper()
	b := auction.NewBuilder("exposure")
	a, c := b.Item("a", 10, 0), b.Item("b", 10, 0)
	bundle := b.Bid(b.Bidder("bundle"), "ab", 10000, auction.Demand{Item: a, Volume: 10}, auction.Demand{Item: c, Volume: 10})
	local := 10
	if bundleMin != "" {
		r, err := auction.ParseRatio(bundleMin)
		require.NoError(t, err)
		b.Instance().Bids[bundle].MinFraction = r
		local = 6
	}
	b.Bid(b.Bidder("local"), "a", auction.Money(600*local), auction.Demand{Item: a, Volume: int64(local)})
	in, err := b.Build()
	require.NoError(t, err)
	return in
}

func TestPerItemExposesABundleBidder(t *testing.T) {
	t.Run("all or nothing", func(t *testing.T) {
		in := perItemMarket(t, "")
		p, err := AllocatePerItem(context.Background(), in, solver.Options{})
		require.NoError(t, err)
		require.Empty(t, in.Check(p.Allocation))
		// a goes to the local bidder (6 > 5 a unit), b to the bundle's
		// piece, which pays half the bundle's price, 50, for a unit it
		// cannot use: the bundle is only half bought, worth 0.
		assert.Equal(t, []Piece{{Bid: 1, Item: 0, Volume: 10, Payment: 6000}, {Bid: 0, Item: 1, Volume: 10, Payment: 5000}}, p.Pieces)
		assert.Equal(t, []auction.Money{5000, 6000}, p.Paid)
		assert.Equal(t, []auction.Money{0, 6000}, p.Value)
		assert.Equal(t, []auction.Money{5000, 0}, p.Exposure)
		assert.Equal(t, []string{"a"}, ruleWinners(in, p.Allocation))
		n, loss := p.Exposed()
		assert.Equal(t, 1, n)
		assert.Equal(t, auction.Money(5000), loss)

		pay := p.Payments()
		assert.Equal(t, auction.Money(11000), pay.Total, "every piece pays")
		opt := ruleAllocate(t, in, RuleOptimal)
		m := MeasurePerItem(in, p, opt.Objective)
		assert.Equal(t, auction.Money(11000), m.Revenue)
		assert.InDelta(t, 6000, m.Welfare, 0)
		assert.InDelta(t, 0.6, m.Efficiency, 1e-12)
		assert.Equal(t, 1, m.Exposed)
		assert.Equal(t, auction.Money(5000), m.Exposure)
		// Allocate gives the same usable award.
		assert.Equal(t, p.Allocation, ruleAllocate(t, in, RulePerItem).Allocation)
	})
	t.Run("divisible", func(t *testing.T) {
		// The local bidder takes 6 units of a; the divisible bundle (min
		// 1/4) gets the 4 left (0.4 of its piece, paying 100 × 4/20 = 20)
		// and all of b (50). It can use 0.4 of its bundle, worth 40: it
		// pays 70 for 40.
		in := perItemMarket(t, "0.25")
		p, err := AllocatePerItem(context.Background(), in, solver.Options{})
		require.NoError(t, err)
		require.Empty(t, in.Check(p.Allocation))
		assert.Equal(t, []auction.Money{7000, 3600}, p.Paid)
		assert.Equal(t, []auction.Money{4000, 3600}, p.Value)
		assert.Equal(t, []auction.Money{3000, 0}, p.Exposure)
	})
	t.Run("no rival", func(t *testing.T) {
		// Alone, the bundle wins both pieces: no exposure.
		b := auction.NewBuilder("alone")
		a, c := b.Item("a", 10, 0), b.Item("b", 10, 0)
		b.Bid(b.Bidder("bundle"), "ab", 10001, auction.Demand{Item: a, Volume: 10}, auction.Demand{Item: c, Volume: 7})
		in, err := b.Build()
		require.NoError(t, err)
		p, err := AllocatePerItem(context.Background(), in, solver.Options{})
		require.NoError(t, err)
		assert.Equal(t, []auction.Money{10001}, p.Value)
		assert.Equal(t, []auction.Money{0}, p.Exposure)
		// floor(10001 × 10/17) = 5882, then floor(10001 × 17/17) − 5882.
		assert.Equal(t, []Piece{{Bid: 0, Item: 0, Volume: 10, Payment: 5882}, {Bid: 0, Item: 1, Volume: 7, Payment: 4119}}, p.Pieces)
	})
}

func TestPerItemKeepsItemRules(t *testing.T) {
	// Reserve 6 a unit on a: the bundle's piece (5 a unit) is not served
	// there, but is on b; max-share 1/2 caps the local bidder at 5 units
	// of a, one of its two pieces.
	b := auction.NewBuilder("rules")
	a, c := b.Item("a", 10, 600), b.Item("b", 20, 0)
	b.Bid(b.Bidder("bundle"), "ab", 10000, auction.Demand{Item: a, Volume: 10}, auction.Demand{Item: c, Volume: 10})
	loc := b.Bidder("local")
	b.Bid(loc, "a1", 3500, auction.Demand{Item: a, Volume: 5})
	b.Bid(loc, "a2", 3500, auction.Demand{Item: a, Volume: 5})
	b.Instance().Rules.MaxShare = auction.Ratio{Num: 1, Den: 2}
	in, err := b.Build()
	require.NoError(t, err)
	p, err := AllocatePerItem(context.Background(), in, solver.Options{})
	require.NoError(t, err)
	require.Empty(t, in.Check(p.Allocation))
	assert.Equal(t, []Piece{{Bid: 1, Item: a, Volume: 5, Payment: 3500}, {Bid: 0, Item: c, Volume: 10, Payment: 5000}}, p.Pieces)
	assert.Equal(t, []auction.Money{5000, 0}, p.Exposure)
}

// TestRulesProperty runs every rule on random small instances of every
// family: each allocation passes Check, none is worth more than the
// optimum (brute force), and each rule is deterministic.
func TestRulesProperty(t *testing.T) {
	seeds := uint64(25)
	if testing.Short() {
		seeds = 5
	}
	for _, fam := range wdptest.Families {
		for seed := range seeds {
			in := wdptest.Instance(wdptest.Rand(seed), fam)
			in.Name = fmt.Sprintf("%s/%d", fam, seed)
			bf, err := wdp.BruteForce(in)
			require.NoError(t, err)
			for _, rule := range AllocationRules() {
				name := fmt.Sprintf("%s/%d/%s", fam, seed, rule)
				out := ruleAllocate(t, in, rule)
				tol := 1e-9 * max(1, bf.Objective)
				require.LessOrEqual(t, out.Objective, bf.Objective+tol, name)
				if rule == RuleOptimal {
					require.True(t, out.Optimal, name)
					require.InDelta(t, bf.Objective, out.Objective, tol, name)
				} else {
					require.False(t, out.Optimal, name)
				}
				again := ruleAllocate(t, in, rule)
				require.Equal(t, out.Allocation, again.Allocation, "%s: deterministic", name)
				if rule == RulePerItem {
					p, err := AllocatePerItem(context.Background(), in, solver.Options{})
					require.NoError(t, err)
					for b := range in.Bidders {
						require.Equal(t, p.Paid[b]-p.Value[b], p.Exposure[b], name)
					}
				}
			}
		}
	}
}

func TestAllocateErrors(t *testing.T) {
	in := perItemMarket(t, "")
	_, err := Allocate(context.Background(), in, "vickrey", solver.Options{})
	assert.True(t, errors.Is(err, ErrRule), "%v", err)
	_, err = Allocate(context.Background(), nil, RuleGreedy, solver.Options{})
	assert.Error(t, err)
	_, err = Allocate(context.Background(), in, RuleLPRound, solver.Options{Engine: "cplex"})
	assert.True(t, errors.Is(err, solver.ErrEngine), "%v", err)
	bad := *in
	bad.Items = nil
	_, err = Allocate(context.Background(), &bad, RuleFCFS, solver.Options{})
	assert.Error(t, err)
}

func TestLPRoundEnginesAgree(t *testing.T) {
	for _, eng := range solver.Engines() {
		for seed := range uint64(10) {
			in := wdptest.Instance(wdptest.Rand(seed), "mixed")
			out, err := Allocate(context.Background(), in, RuleLPRound, solver.Options{Engine: eng})
			require.NoError(t, err)
			require.Empty(t, in.Check(out.Allocation))
		}
	}
}

func TestRulesStopAtATinyDeadline(t *testing.T) {
	in := wdptest.Instance(wdptest.Rand(3), "mixed")
	ctx, cancel := context.WithTimeout(context.Background(), 1)
	defer cancel()
	<-ctx.Done()
	for _, rule := range AllocationRules() {
		out, err := Allocate(ctx, in, rule, solver.Options{TimeLimit: 1})
		require.NoError(t, err, rule)
		require.Empty(t, in.Check(out.Allocation), rule)
	}
}
