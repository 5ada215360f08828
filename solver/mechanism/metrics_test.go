package mechanism

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// metricsMarket: bidders x and y win single items a and b for 2 each;
// z bids 3 for both. Optimal welfare 4. VCG charges x and y 1 each
// (z's 3 less the other's 2), which z blocks: it would pay 3 for both.
// The core point nearest VCG charges 1.5 each.
func metricsMarket(t *testing.T) *auction.Instance {
	t.Helper()
	b := auction.NewBuilder("blocked")
	a, c := b.Item("a", 10, 0), b.Item("b", 10, 0)
	b.Bid(b.Bidder("x"), "x", 200, auction.Demand{Item: a, Volume: 10})
	b.Bid(b.Bidder("y"), "y", 200, auction.Demand{Item: c, Volume: 10})
	b.Bid(b.Bidder("z"), "z", 300, auction.Demand{Item: a, Volume: 10}, auction.Demand{Item: c, Volume: 10})
	in, err := b.Build()
	require.NoError(t, err)
	return in
}

func TestMeasureByHand(t *testing.T) {
	in := metricsMarket(t)
	ctx := context.Background()
	opt, err := Allocate(ctx, in, RuleOptimal, solver.Options{})
	require.NoError(t, err)
	require.True(t, opt.Optimal)
	require.InDelta(t, 400, opt.Objective, 0)

	pab, err := Pay(ctx, in, opt, PaymentPayAsBid, solver.Options{})
	require.NoError(t, err)
	m := Measure(in, opt, pab, opt.Objective)
	assert.Equal(t, auction.Money(400), m.Revenue)
	assert.InDelta(t, 400, m.Welfare, 0)
	assert.InDelta(t, 1, m.Efficiency, 0)
	assert.Equal(t, 2, m.Winners)
	assert.InDelta(t, 5000, m.HHI, 1e-9, "two bidders with 10 units each: 50² + 50²")
	assert.InDelta(t, 1, m.Fill, 1e-12)
	assert.Equal(t, 0, m.CoreViolations, "pay-as-bid at the optimum is in the core")
	assert.True(t, m.Optimal)
	assert.True(t, m.Exact)

	vcg, err := Pay(ctx, in, opt, PaymentVCG, solver.Options{})
	require.NoError(t, err)
	assert.Equal(t, []auction.Money{100, 100, 0}, vcg.ByBidder)
	assert.Equal(t, -1, Measure(in, opt, vcg, opt.Objective).CoreViolations, "VCG alone does not say")

	core, err := Pay(ctx, in, opt, PaymentCore, solver.Options{})
	require.NoError(t, err)
	assert.Equal(t, []auction.Money{150, 150, 0}, core.ByBidder)
	assert.Equal(t, 0, Measure(in, opt, core, opt.Objective).CoreViolations, "core payments are in the core")
	assert.Equal(t, 1, VCGBlocked(core), "z blocks VCG")
	assert.Equal(t, -1, VCGBlocked(vcg))

	// Greedy takes z (3/√2 ≈ 2.12 beats 2/√1): welfare 3 of 4, one
	// winner with all 20 units, HHI 10000; pay-as-bid is blocked by
	// the coalition of all bidders.
	g, err := Allocate(ctx, in, RuleGreedy, solver.Options{})
	require.NoError(t, err)
	gp, err := Pay(ctx, in, g, PaymentPayAsBid, solver.Options{})
	require.NoError(t, err)
	gm := Measure(in, g, gp, opt.Objective)
	assert.Equal(t, "greedy", gm.Rule)
	assert.Equal(t, auction.Money(300), gm.Revenue)
	assert.InDelta(t, 0.75, gm.Efficiency, 1e-12)
	assert.Equal(t, 1, gm.Winners)
	assert.InDelta(t, 10000, gm.HHI, 1e-9)
	assert.InDelta(t, 1, gm.Fill, 1e-12)
	assert.Equal(t, 1, gm.CoreViolations)
	assert.False(t, gm.Optimal)
}

func TestMeasureEmpty(t *testing.T) {
	in := metricsMarket(t)
	m := Measure(in, Outcome{Rule: "none"}, Payments{Rule: PaymentPayAsBid, Exact: true}, 0)
	assert.Equal(t, 0, m.Winners)
	assert.InDelta(t, 0, m.HHI, 0)
	assert.InDelta(t, 1, m.Efficiency, 0)
	m = Measure(in, Outcome{Rule: "none"}, Payments{Rule: PaymentPayAsBid, Exact: true}, -1)
	assert.True(t, math.IsNaN(m.Efficiency))
}
