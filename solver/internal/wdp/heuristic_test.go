package wdp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/native"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sqrtOrder is the order of Lehmann, O'Callaghan and Shoham, written out
// again from its definition: every bid, by decreasing value / sqrt(Σ
// volume/capacity), ties by index.
func sqrtOrder(in *auction.Instance) []int {
	key := make([]float64, len(in.Bids))
	order := make([]int, len(in.Bids))
	for i := range in.Bids {
		order[i] = i
		var size float64
		for _, d := range in.Bids[i].Bundle {
			size += float64(d.Volume) / float64(in.Items[d.Item].Capacity)
		}
		v, _ := in.Bids[i].Value()
		key[i] = float64(v) / math.Sqrt(size)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case key[a] > key[b]:
			return -1
		case key[a] < key[b]:
			return 1
		}
		return 0
	})
	return order
}

func TestGreedyOrderWithTheSqrtOrderIsGreedy(t *testing.T) {
	for _, c := range randomCases(t, 100, wdptest.MaxBids, 3100) {
		g, err := Greedy(c.in)
		require.NoError(t, err)
		assert.Equal(t, g, GreedyOrder(c.in, sqrtOrder(c.in)), c.name)
	}
}

// referenceGreedy is the take-if-it-fits pass written with the
// feasibility test of the model (modelProblems) in place of running
// totals: each all-or-nothing bid in order is kept when the allocation
// with it stays feasible. It is GreedyOrder's pass on instances without
// divisible bids and without limits that need a repair.
func referenceGreedy(in *auction.Instance, order []int) auction.Allocation {
	var a auction.Allocation
	won := map[int]bool{}
	for _, i := range order {
		if i < 0 || i >= len(in.Bids) || won[i] {
			continue
		}
		next := auction.Allocation{Awards: append(slices.Clone(a.Awards), auction.Award{Bid: i, Fraction: 1})}
		if len(modelProblems(in, next)) == 0 {
			a, won[i] = next, true
		}
	}
	slices.SortFunc(a.Awards, func(x, y auction.Award) int { return x.Bid - y.Bid })
	return a
}

// needsRepair reports whether an instance has a divisible bid or a limit
// only more awards or none can meet.
func needsRepair(in *auction.Instance) bool {
	for i := range in.Bids {
		if in.Bids[i].Divisible() {
			return true
		}
	}
	var walk func(g *auction.Group) bool
	walk = func(g *auction.Group) bool {
		if g.Kind == auction.All && len(g.Children) >= 2 || g.Kind == auction.Choose && g.Min >= 2 {
			return true
		}
		for _, ch := range g.Children {
			if ch.Group != nil && walk(ch.Group) {
				return true
			}
		}
		return false
	}
	for b := range in.Bidders {
		if in.Bidders[b].MinVolume > 0 || walk(&in.Bidders[b].Tree) {
			return true
		}
	}
	return false
}

// randomOrder lists some bids of in in a random order, with repeats and
// indices out of range.
func randomOrder(r *rand.Rand, in *auction.Instance) []int {
	var order []int
	for _, i := range r.Perm(len(in.Bids)) {
		switch r.IntN(8) {
		case 0: // not listed
		case 1:
			order = append(order, i, i)
		case 2:
			order = append(order, i, -1, len(in.Bids)+i)
		default:
			order = append(order, i)
		}
	}
	return order
}

func TestGreedyOrderAgreesWithReference(t *testing.T) {
	r := wdptest.Rand(3200)
	checked := 0
	for _, c := range randomCases(t, 150, wdptest.MaxBids, 3200) {
		if needsRepair(c.in) {
			continue
		}
		order := randomOrder(r, c.in)
		assert.Equal(t, referenceGreedy(c.in, order).Awards, GreedyOrder(c.in, order).Awards, c.name)
		checked++
	}
	assert.Greater(t, checked, 50)
}

func TestGreedyOrderIsFeasible(t *testing.T) {
	r := wdptest.Rand(3300)
	for _, c := range randomCases(t, 150, wdptest.MaxBids, 3300) {
		order := randomOrder(r, c.in)
		a := GreedyOrder(c.in, order)
		require.Empty(t, modelProblems(c.in, a), "%s: order %v award %v", c.name, order, a.Awards)
		for _, aw := range a.Awards {
			assert.Contains(t, order, aw.Bid, "%s: a bid not listed wins", c.name)
		}
	}
}

// TestGreedyCompletesWithZeroPriceBids holds cases where a plain greedy
// takes a bid, lets a rival take the item of the zero-price bid that would
// complete its group or min-volume, and then loses both to the repair:
// Greedy must find the optimum (brute force) on each.
func TestGreedyCompletesWithZeroPriceBids(t *testing.T) {
	cases := []struct {
		name  string
		build func() *auction.Instance
	}{
		{"an all group completed by a zero-price bid before a rival takes its item", func() *auction.Instance {
			b := tiny([]int64{10, 10}, 2)
			x1 := b.Bid(0, "x1", 10000, d(0, 5))
			x2 := b.Bid(0, "x2", 0, d(1, 5))
			b.Group(0, auction.All, x1, x2)
			b.Bid(1, "z", 3000, d(1, 10))
			return b.Instance()
		}},
		{"a min-volume reached with a zero-price bid", func() *auction.Instance {
			b := tiny([]int64{10, 10}, 2)
			b.Bid(0, "y1", 5000, d(0, 5))
			b.Bid(0, "y2", 0, d(1, 5))
			b.Instance().Bidders[0].MinVolume = 10
			b.Bid(1, "z", 2000, d(1, 6))
			return b.Instance()
		}},
		{"a choose group reaches its min with a zero-price bid", func() *auction.Instance {
			b := tiny([]int64{1, 1, 1}, 2)
			x := b.Bid(0, "a", 90, d(0, 1))
			y := b.Bid(0, "b", 0, d(1, 1))
			z := b.Bid(0, "c", 0, d(2, 1))
			g := b.Group(0, auction.Choose, x, y, z)
			g.Min, g.Max = 2, 3
			b.Bid(1, "r", 40, d(1, 1), d(2, 1))
			return b.Instance()
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.build()
			require.NoError(t, in.Validate())
			opt, err := BruteForce(in)
			require.NoError(t, err)
			g, err := Greedy(in)
			require.NoError(t, err)
			assert.InDelta(t, opt.Objective, value(in, g), 1e-9, "award %v", g.Awards)
		})
	}
}

// lpSolution solves the LP relaxation of f with the native engine.
func lpSolution(t *testing.T, f *Formulation) ([]float64, bool) {
	t.Helper()
	m := native.NewModel()
	defer m.Close()
	require.NoError(t, m.Load(f.Problem))
	st, err := m.Solve(lp.Limits{})
	if err != nil || st != lp.Optimal {
		return nil, false
	}
	x, err := m.Primal(nil)
	require.NoError(t, err)
	return x, true
}

func TestRoundOfTheOptimumIsOptimal(t *testing.T) {
	for _, c := range randomCases(t, 120, wdptest.MaxBids, 3400) {
		opt, err := BruteForce(c.in)
		require.NoError(t, err)
		f, err := Build(c.in)
		require.NoError(t, err)
		x, err := f.Point(opt.Allocation)
		require.NoError(t, err)
		for _, v := range [][]float64{x, x[:len(c.in.Bids)]} {
			a := Round(c.in, v)
			require.Empty(t, modelProblems(c.in, a), "%s: award %v", c.name, a.Awards)
			assert.True(t, near(opt.Objective, value(c.in, a)), "%s: round %v, optimum %v (%v)", c.name, value(c.in, a), opt.Objective, a.Awards)
		}
	}
}

func TestRoundIsFeasible(t *testing.T) {
	r := wdptest.Rand(3500)
	var sumRound, sumLP, sumOpt float64
	for _, c := range randomCases(t, 100, wdptest.MaxBids, 3500) {
		f, err := Build(c.in)
		require.NoError(t, err)
		rd, err := NewRounder(c.in)
		require.NoError(t, err)
		if x, ok := lpSolution(t, f); ok {
			a := rd.Round(x)
			require.Empty(t, modelProblems(c.in, a), "%s: LP x %v award %v", c.name, x, a.Awards)
			opt, err := BruteForce(c.in)
			require.NoError(t, err)
			assert.LessOrEqual(t, value(c.in, a), opt.Objective*(1+1e-9)+1e-9, c.name)
			sumRound += value(c.in, a)
			sumLP += f.Objective(x)
			sumOpt += opt.Objective
		}
		// Any vector: noise, out of range, NaN, short.
		x := make([]float64, r.IntN(len(c.in.Bids)+2))
		for i := range x {
			switch r.IntN(6) {
			case 0:
				x[i] = math.NaN()
			case 1:
				x[i] = -r.Float64()
			case 2:
				x[i] = 1 + r.Float64()
			case 3:
				x[i] = float64(r.IntN(2))
			default:
				x[i] = r.Float64()
			}
		}
		a := rd.Round(x)
		require.Empty(t, modelProblems(c.in, a), "%s: x %v award %v", c.name, x, a.Awards)
	}
	t.Logf("LP rounding earns %.1f%% of the optimum in total (LP bound %.1f%%)", 100*sumRound/sumOpt, 100*sumLP/sumOpt)
}

// feasibleStarts returns a few allocations of in that the model accepts:
// the empty one, the greedy one, and random ones.
func feasibleStarts(t *testing.T, in *auction.Instance, seed uint64) []auction.Allocation {
	t.Helper()
	g, err := Greedy(in)
	require.NoError(t, err)
	out := []auction.Allocation{{}, g}
	forEachAward(in, true, 200, wdptest.Rand(seed), func(a auction.Allocation) {
		if len(out) < 6 && len(a.Awards) > 0 && len(modelProblems(in, a)) == 0 {
			out = append(out, a)
		}
	})
	return out
}

func TestImproveNeverWorsens(t *testing.T) {
	var reached, starts int
	for k, c := range randomCases(t, 80, wdptest.MaxBids, 3600) {
		opt, err := BruteForce(c.in)
		require.NoError(t, err)
		rd, err := NewRounder(c.in)
		require.NoError(t, err)
		for _, start := range feasibleStarts(t, c.in, uint64(k)) {
			for _, work := range []int{1, 7, 1000} {
				a := rd.Improve(start, work)
				require.Empty(t, modelProblems(c.in, a), "%s: from %v award %v", c.name, start.Awards, a.Awards)
				v, v0 := value(c.in, a), value(c.in, start)
				assert.GreaterOrEqual(t, v, v0, "%s: from %v to %v", c.name, start.Awards, a.Awards)
				assert.LessOrEqual(t, v, opt.Objective*(1+1e-9)+1e-9, c.name)
				if v == v0 {
					assert.Equal(t, start, a, "%s: an allocation not improved comes back as it was", c.name)
				}
				if work == 1000 {
					starts++
					if near(v, opt.Objective) {
						reached++
					}
				}
			}
		}
	}
	t.Logf("Improve reaches the optimum from %d of %d starts", reached, starts)
}

func TestImproveFindsTheSwap(t *testing.T) {
	// The greedy takes a (best value per sqrt(size)); swapping it for b and
	// c together earns more.
	b := tiny([]int64{1, 1}, 3)
	b.Bid(0, "a", 10, d(0, 1), d(1, 1))
	b.Bid(1, "b", 6, d(0, 1))
	b.Bid(2, "c", 6, d(1, 1))
	in := b.Instance()
	require.NoError(t, in.Validate())
	start := auction.Allocation{Awards: []auction.Award{{Bid: 0, Fraction: 1}}}
	got := Improve(in, start, 100)
	assert.Equal(t, []auction.Award{{Bid: 1, Fraction: 1}, {Bid: 2, Fraction: 1}}, got.Awards)
}

// TestImproveFillsEveryFittingBid: losing bids that fit as they stand
// all come in, however little work the swap-in moves get. Twenty bids
// worth more than the winner conflict with it (each move tries one and
// finds nothing to gain), and the bids on C and D, last in the order,
// fit: with a work of 1 the moves would never reach them.
func TestImproveFillsEveryFittingBid(t *testing.T) {
	b := tiny([]int64{1, 1, 1, 1}, 3)
	b.Bid(0, "w", 10, d(0, 1), d(1, 1))
	for k := range 20 {
		b.Bid(1, fmt.Sprintf("x%d", k), 9, d(0, 1), d(1, 1))
	}
	b.Bid(2, "c", 1, d(2, 1))
	b.Bid(2, "dd", 1, d(3, 1))
	in := b.Instance()
	require.NoError(t, in.Validate())
	start := auction.Allocation{Awards: []auction.Award{{Bid: 0, Fraction: 1}}}
	got := Improve(in, start, 1)
	require.Empty(t, modelProblems(in, got))
	assert.Equal(t, []auction.Award{{Bid: 0, Fraction: 1}, {Bid: 21, Fraction: 1}, {Bid: 22, Fraction: 1}}, got.Awards)
}

func TestImproveMalformedOrNoWork(t *testing.T) {
	b := tiny([]int64{1, 1}, 2)
	b.Bid(0, "a", 10, d(0, 1))
	b.Bid(1, "b", 6, d(1, 1))
	in := b.Instance()
	for _, a := range []auction.Allocation{
		{Awards: []auction.Award{{Bid: 0, Fraction: 1}, {Bid: 0, Fraction: 1}}},
		{Awards: []auction.Award{{Bid: 5, Fraction: 1}}},
		{Awards: []auction.Award{{Bid: 1, Fraction: 0.5}}},
		{Awards: []auction.Award{{Bid: 1, Fraction: math.NaN()}}},
	} {
		assert.Equal(t, a, Improve(in, a, 100))
	}
	assert.Empty(t, Improve(in, auction.Allocation{}, 0).Awards)
	assert.Len(t, Improve(in, auction.Allocation{}, 100).Awards, 2)
}

func TestHeuristicsOnBadInstances(t *testing.T) {
	_, err := NewRounder(nil)
	assert.ErrorIs(t, err, ErrNoInstance)
	bad := tiny([]int64{0}, 1).Instance()
	_, err = NewRounder(bad)
	assert.ErrorIs(t, err, auction.ErrNegative)
	for _, in := range []*auction.Instance{nil, bad} {
		assert.Empty(t, GreedyOrder(in, []int{0}).Awards)
		assert.Empty(t, Round(in, []float64{1}).Awards)
		a := auction.Allocation{Awards: []auction.Award{{Bid: 0, Fraction: 1}}}
		assert.Equal(t, a, Improve(in, a, 10))
	}
}

// TestRounderIsReusable runs the heuristics of one Rounder in turns and
// compares each result with a fresh Rounder's.
func TestRounderIsReusable(t *testing.T) {
	r := wdptest.Rand(3700)
	for _, c := range randomCases(t, 30, wdptest.MaxBids, 3700) {
		shared, err := NewRounder(c.in)
		require.NoError(t, err)
		for range 4 {
			order := randomOrder(r, c.in)
			x := make([]float64, len(c.in.Bids))
			for i := range x {
				x[i] = float64(r.IntN(3)) / 2
			}
			fresh := func() *Rounder { f, _ := NewRounder(c.in); return f }
			g := shared.GreedyOrder(order)
			assert.Equal(t, fresh().GreedyOrder(order), g, c.name)
			assert.Equal(t, fresh().Round(x), shared.Round(x), c.name)
			assert.Equal(t, fresh().Improve(g, 50), shared.Improve(g, 50), c.name)
		}
	}
}
