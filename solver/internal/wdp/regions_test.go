package wdp

import (
	"bytes"
	"math"
	"math/big"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/native"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// regionCases are randomCases under the rule min-winners
// (wdptest.Regional): some have no feasible allocation.
func regionCases(t *testing.T, n, maxBids int, seed uint64) []namedInstance {
	t.Helper()
	r := wdptest.Rand(seed ^ 0x5eed)
	cases := randomCases(t, n, maxBids, seed)
	for k := range cases {
		cases[k].in = wdptest.Regional(r, cases[k].in)
		cases[k].name = "regional/" + cases[k].name
		require.NoError(t, cases[k].in.Validate(), cases[k].name)
	}
	return cases
}

// mipOptimum solves the formulation exactly by a plain branch and bound
// over the native LP engine (every integer column, up branch first): the
// MIP's own optimum, independent of BruteForce, which never builds it.
func mipOptimum(t *testing.T, f *Formulation) (obj float64, feasible bool) {
	t.Helper()
	p := f.Problem
	m := native.NewModel()
	defer m.Close()
	require.NoError(t, m.Load(p))
	n := p.NumCols()
	cols := make([]int, n)
	for j := range cols {
		cols[j] = j
	}
	lo, hi := slices.Clone(p.ColLower), slices.Clone(p.ColUpper)
	best := math.Inf(-1)
	var node func()
	node = func() {
		require.NoError(t, m.SetColBounds(cols, lo, hi))
		st, err := m.Solve(lp.Limits{})
		require.NoError(t, err)
		if st != lp.Optimal {
			require.Equal(t, lp.Infeasible, st)
			return
		}
		v, err := m.Objective()
		require.NoError(t, err)
		if feasible && v <= best+1e-9*max(1, math.Abs(best)) {
			return
		}
		x, err := m.Primal(nil)
		require.NoError(t, err)
		j := slices.IndexFunc(cols, func(j int) bool {
			return f.Integer[j] && math.Abs(x[j]-math.Round(x[j])) > 1e-7
		})
		if j < 0 {
			best, feasible = v, true
			return
		}
		l, h := lo[j], hi[j]
		lo[j] = math.Ceil(x[j])
		node()
		lo[j], hi[j] = l, math.Floor(x[j])
		node()
		hi[j] = h
	}
	node()
	return best, feasible
}

// regionMarket: region LA holds L1 and L2 (capacity 10 each), X has no
// region. big bids 100 for all of LA; s1 30 for L1, s2 25 for L2; far 40
// for X.
func regionMarket(k int) *auction.Instance {
	b := auction.NewBuilder("regions")
	l1, l2, x := b.Item("L1", 10, 0), b.Item("L2", 10, 0), b.Item("X", 10, 0)
	in := b.Instance()
	in.Items[l1].Region, in.Items[l2].Region = "LA", "LA"
	in.Rules.MinWinners = k
	bg, s1, s2, far := b.Bidder("big"), b.Bidder("s1"), b.Bidder("s2"), b.Bidder("far")
	b.Bid(bg, "big", 100, d(l1, 10), d(l2, 10))
	b.Bid(s1, "a", 30, d(l1, 10))
	b.Bid(s2, "b", 25, d(l2, 10))
	b.Bid(far, "f", 40, d(x, 10))
	return in
}

// TestMinWinnersHandComputed: markets whose optimum gives a region one
// winner, and what the rule makes of them, worked out by hand.
func TestMinWinnersHandComputed(t *testing.T) {
	tests := []struct {
		name string
		in   func() *auction.Instance
		want *big.Rat
		wins []int // the winning bids
	}{
		// big + f = 140 gives LA one winner.
		{"no rule", func() *auction.Instance { return regionMarket(0) }, big.NewRat(140, 1), []int{0, 3}},
		{"one winner is enough", func() *auction.Instance { return regionMarket(1) }, big.NewRat(140, 1), []int{0, 3}},
		// Two winners in LA: a + b = 55 (big conflicts with both), plus f
		// outside any region.
		{"two winners", func() *auction.Instance { return regionMarket(2) }, big.NewRat(95, 1), []int{1, 2, 3}},
		// big divisible (min 1/2) beside s1's 5 units of L1: big at 1/2
		// (50) + 30 = 80 beats s1 alone, which leaves LA one winner.
		{"divisible makes room", func() *auction.Instance {
			b := auction.NewBuilder("div")
			l1, l2 := b.Item("L1", 10, 0), b.Item("L2", 10, 0)
			in := b.Instance()
			in.Items[l1].Region, in.Items[l2].Region = "LA", "LA"
			in.Rules.MinWinners = 2
			b.AddBid(auction.Bid{ID: "big", Bidder: b.Bidder("big"), Bundle: []auction.Demand{d(l1, 10), d(l2, 10)},
				Amount: 100, MinFraction: half()})
			b.Bid(b.Bidder("s"), "s", 30, d(l1, 5))
			return in
		}, big.NewRat(80, 1), []int{0, 1}},
		// A dominated bid of another bidder is the only way to a second
		// winner: q's b (40 for L1:10, L2:5) is dominated by p's a (50 for
		// L1:10), but only b + a2 (p's 20 for L2:5) gives LA two bidders.
		{"dominated bid needed", func() *auction.Instance {
			b := auction.NewBuilder("dom")
			l1, l2 := b.Item("L1", 10, 0), b.Item("L2", 10, 0)
			in := b.Instance()
			in.Items[l1].Region, in.Items[l2].Region = "LA", "LA"
			in.Rules.MinWinners = 2
			p, q := b.Bidder("p"), b.Bidder("q")
			b.Bid(p, "a", 50, d(l1, 10))
			b.Bid(q, "b", 40, d(l1, 10), d(l2, 5))
			b.Bid(p, "a2", 20, d(l2, 5))
			return in
		}, big.NewRat(60, 1), []int{1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in()
			require.NoError(t, in.Validate())
			res, err := BruteForce(in)
			require.NoError(t, err)
			require.True(t, res.Feasible)
			assert.Equal(t, tc.want.RatString(), res.Exact.RatString())
			var wins []int
			for _, aw := range res.Allocation.Awards {
				wins = append(wins, aw.Bid)
			}
			assert.Equal(t, tc.wins, wins)
			assert.Empty(t, in.Check(res.Allocation))

			f, err := Build(in)
			require.NoError(t, err)
			assert.False(t, f.Infeasible)
			obj, ok := mipOptimum(t, f)
			require.True(t, ok)
			want, _ := tc.want.Float64()
			assert.InDelta(t, want, obj, 1e-6, "the MIP's optimum")

			pre, err := Presolve(in)
			require.NoError(t, err)
			red, err := BruteForce(pre.In)
			require.NoError(t, err)
			assert.Equal(t, tc.want.RatString(), red.Exact.RatString(), "presolve keeps the optimum (removed %v)", pre.Removed)

			g, err := Greedy(in)
			require.NoError(t, err, "the greedy repair finds an award")
			assert.Empty(t, in.Check(g))
		})
	}
}

// TestMinWinnersInfeasible: a region where only one bidder bids cannot
// have two winners; every layer says so.
func TestMinWinnersInfeasible(t *testing.T) {
	in := regionMarket(2)
	in.Bids[1].Bundle[0].Item = 2 // s1 now bids on X: only big and s2 bid in LA
	in.Bids[2].Bundle[0].Item = 2 // and s2 too: only big is left in LA
	require.NoError(t, in.Validate())
	assert.NotEmpty(t, in.Problems().Warnings(), "Validate warns about LA")

	res, err := BruteForce(in)
	require.NoError(t, err)
	assert.False(t, res.Feasible)
	assert.Empty(t, res.Allocation.Awards)

	f, err := Build(in)
	require.NoError(t, err)
	assert.True(t, f.Infeasible)
	_, ok := mipOptimum(t, f)
	assert.False(t, ok, "the MIP is infeasible")
	var lpOut bytes.Buffer
	require.NoError(t, f.WriteLP(&lpOut))
	assert.Contains(t, lpOut.String(), " minwin_LA: 1 x_big >= 2\n")

	comps, err := Decompose(in)
	require.NoError(t, err)
	require.Len(t, comps, 1, "one component: the whole instance")
	assert.False(t, comps[0].Trivial)
	assert.Len(t, comps[0].In.Bids, len(in.Bids))

	_, err = Greedy(in)
	assert.ErrorIs(t, err, ErrNoAllocation)
	rd, err := NewRounder(in)
	require.NoError(t, err)
	assert.Empty(t, rd.Greedy().Awards)
	assert.Empty(t, rd.Round(make([]float64, len(in.Bids))).Awards)

	// A region without any bid: an empty row, still infeasible.
	in.Items[2].Region = "far"
	in.Bids[1].Bundle[0].Item, in.Bids[2].Bundle[0].Item, in.Bids[3].Bundle[0].Item = 0, 1, 0
	require.NoError(t, in.Validate())
	f, err = Build(in)
	require.NoError(t, err)
	assert.True(t, f.Infeasible)
	_, ok = mipOptimum(t, f)
	assert.False(t, ok)
	lpOut.Reset()
	require.NoError(t, f.WriteLP(&lpOut))
	assert.Contains(t, lpOut.String(), " minwin_far: 0 x_big >= 2\n")
	comps, err = Decompose(in)
	require.NoError(t, err)
	require.Len(t, comps, 1)
	assert.Len(t, comps[0].In.Items, 3, "the whole instance, with the region without bids")
}

// TestMinWinnersFormulationRows pins the rows of the rule.
func TestMinWinnersFormulationRows(t *testing.T) {
	in := regionMarket(2)
	// s1 gets a second bid in LA: its winner column is r, linked to both.
	in.Bids = append(in.Bids, auction.Bid{ID: "a2", Bidder: 1, Bundle: []auction.Demand{d(1, 2)}, Amount: 5})
	in.Bidders[1].Tree.Children = append(in.Bidders[1].Tree.Children, auction.Node{Bid: 4})
	require.NoError(t, in.Validate())
	text := lpText(t, in)
	assert.Contains(t, text, " regwin_s1__LA: - 1 x_a - 1 x_a2 + 1 r_s1__LA <= 0\n")
	assert.Contains(t, text, " minwin_LA: 1 x_big + 1 x_b + 1 r_s1__LA >= 2\n")
	assert.Contains(t, text, "Binaries\n x_big x_a x_b x_f x_a2 r_s1__LA\n")
}

// TestMinWinnersMatchesBruteForce compares, on random small instances with
// regions, the MIP's optimum (mipOptimum) with BruteForce, and BruteForce
// with a naive enumeration; every award passes Check.
func TestMinWinnersMatchesBruteForce(t *testing.T) {
	infeasible := 0
	cases := regionCases(t, 20, 8, 4100)
	for _, c := range cases {
		res, err := BruteForce(c.in)
		require.NoError(t, err, c.name)
		f, err := Build(c.in)
		require.NoError(t, err, c.name)
		obj, ok := mipOptimum(t, f)
		require.Equal(t, res.Feasible, ok, "%s: brute force and the MIP disagree on feasibility", c.name)
		if f.Infeasible {
			assert.False(t, ok, "%s: Infeasible, but the MIP has a solution", c.name)
		}
		if !res.Feasible {
			infeasible++
			continue
		}
		assert.True(t, near(obj, res.Objective), "%s: MIP %v, brute force %v", c.name, obj, res.Objective)
		assert.Empty(t, modelProblems(c.in, res.Allocation), c.name)

		naive, found := naiveBestFound(c.in)
		require.True(t, found || hasDivisible(c.in), "%s: the naive enumeration finds no award", c.name)
		assert.GreaterOrEqual(t, res.Objective*(1+1e-9)+1e-9, naive, c.name)
		if !hasDivisible(c.in) {
			assert.Equal(t, naive, res.Objective, c.name)
		}
	}
	t.Logf("%d of %d instances infeasible", infeasible, len(cases))
	assert.Positive(t, infeasible)
	assert.Less(t, infeasible, len(cases))
}

func hasDivisible(in *auction.Instance) bool {
	return slices.ContainsFunc(in.Bids, func(b auction.Bid) bool { return b.Divisible() })
}

// naiveBestFound is naiveBest that also says whether any award passed.
func naiveBestFound(in *auction.Instance) (float64, bool) {
	best, found := 0.0, false
	forEachAward(in, true, 1<<30, nil, func(a auction.Allocation) {
		if v := value(in, a); (!found || v > best) && len(modelProblems(in, a)) == 0 {
			best, found = v, true
		}
	})
	return best, found
}

// TestMinWinnersPresolveAndDecompose: presolve keeps the optimum and
// feasibility, and the components' optima add up to the instance's (one
// infeasible component makes the instance infeasible).
func TestMinWinnersPresolveAndDecompose(t *testing.T) {
	for _, c := range regionCases(t, 60, wdptest.MaxBids, 4200) {
		whole, err := BruteForce(c.in)
		require.NoError(t, err)
		pre, err := Presolve(c.in)
		require.NoError(t, err, c.name)
		red, err := BruteForce(pre.In)
		require.NoError(t, err)
		require.Equal(t, whole.Feasible, red.Feasible, "%s: presolve changed feasibility (removed %v)", c.name, pre.Removed)
		require.Equal(t, whole.Exact.RatString(), red.Exact.RatString(), "%s: presolve changed the optimum (removed %v)", c.name, pre.Removed)

		parts, err := Decompose(c.in)
		require.NoError(t, err, c.name)
		sum := new(big.Rat)
		feasible := true
		var merged auction.Allocation
		for k, p := range parts {
			opt, err := BruteForce(p.In)
			require.NoError(t, err)
			feasible = feasible && opt.Feasible
			sum.Add(sum, opt.Exact)
			award := opt.Allocation
			if p.Trivial {
				require.True(t, opt.Feasible, "%s: trivial component %d is infeasible", c.name, k)
				assert.True(t, near(value(p.In, p.Solution), opt.Objective), "%s: trivial component %d is not optimal", c.name, k)
				award = p.Solution
			}
			lifted, err := p.Lift(award)
			require.NoError(t, err)
			merged.Awards = append(merged.Awards, lifted.Awards...)
		}
		require.Equal(t, whole.Feasible, feasible, c.name)
		if !feasible {
			continue
		}
		assert.Equal(t, whole.Exact.RatString(), sum.RatString(), "%s: components' optima do not add up", c.name)
		slices.SortFunc(merged.Awards, func(a, b auction.Award) int { return a.Bid - b.Bid })
		assert.Empty(t, modelProblems(c.in, merged), c.name)
	}
}

// TestMinWinnersHeuristics: the greedy, LP rounding and local improvement
// return awards that pass Check or, when they find none, the empty award
// (never an award that breaks the rule); on a feasible instance the greedy
// repair finds one most of the time.
func TestMinWinnersHeuristics(t *testing.T) {
	var feasible, found, rounded int
	for _, c := range regionCases(t, 60, wdptest.MaxBids, 4300) {
		opt, err := BruteForce(c.in)
		require.NoError(t, err)
		rd, err := NewRounder(c.in)
		require.NoError(t, err)
		ok := func(what string, a auction.Allocation) bool {
			if len(a.Awards) == 0 && len(c.in.Check(a)) > 0 {
				return false // found none
			}
			require.Empty(t, modelProblems(c.in, a), "%s: %s award %v", c.name, what, a.Awards)
			assert.LessOrEqual(t, value(c.in, a), opt.Objective*(1+1e-9)+1e-9, "%s: %s", c.name, what)
			return true
		}
		g := rd.Greedy()
		gOK := ok("greedy", g)
		pub, err := Greedy(c.in)
		if gOK {
			require.NoError(t, err)
			assert.Equal(t, g, pub)
		} else {
			assert.ErrorIs(t, err, ErrNoAllocation, c.name)
		}
		if !opt.Feasible {
			assert.False(t, gOK, "%s: greedy found an award of an infeasible instance", c.name)
			continue
		}
		feasible++
		if gOK {
			found++
			better := rd.Improve(g, 10000)
			require.True(t, ok("improve", better))
			assert.GreaterOrEqual(t, value(c.in, better), value(c.in, g)*(1-1e-9), c.name)
		}
		f, err := Build(c.in)
		require.NoError(t, err)
		if x, lpOK := lpSolution(t, f); lpOK && ok("round", rd.Round(x)) {
			rounded++
		}
		// The optimum, rounded, is the optimum.
		x, err := f.Point(opt.Allocation)
		require.NoError(t, err)
		a := rd.Round(x)
		require.True(t, ok("round of the optimum", a), "%s: %v", c.name, opt.Allocation.Awards)
		assert.True(t, near(opt.Objective, value(c.in, a)), "%s: round of the optimum %v, optimum %v", c.name, value(c.in, a), opt.Objective)
	}
	t.Logf("greedy found an award on %d, LP rounding on %d, of %d feasible instances", found, rounded, feasible)
	assert.GreaterOrEqual(t, found, feasible*8/10, "the greedy repair misses too often")
}
