package mechanism

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// reserveCases are markets with reserve prices worked out by hand. A reserve
// is the least an award may pay per unit (DESIGN §2: "a bid must pay at least
// the reserve for what it gets"), whatever the payment rule: the Clarke pivot
// of a winner with little competition can fall below it, and the auctioneer
// would then sell below its own floor. Amounts are in cents.
var reserveCases = []payCase{
	{
		// Item A, 100 units, reserve 50 cents a unit. p bids 80.00 for all
		// 100 units, q 30.00 for 40. p wins alone (80 > 30; 140 units do not
		// fit). Clarke pivot: W(−p) − (W − v_p) = 30 − 0 = 30.00, below the
		// reserve of what p gets, 100 × 0.50 = 50.00: p pays 50.00. Core:
		// coalition {q} asks p_p ≥ 30, the reserve p_p ≥ 50: 50.00.
		name: "pivot-below-reserve",
		build: func(b *auction.Builder) {
			a := b.Item("A", 100, 50)
			ids := bidders(b, "p", "q")
			b.Bid(ids[0], "p1", 8000, auction.Demand{Item: a, Volume: 100})
			b.Bid(ids[1], "q1", 3000, auction.Demand{Item: a, Volume: 40})
		},
		want: map[string]map[string]auction.Money{
			PaymentPayAsBid: {"p": 8000},
			PaymentVCG:      {"p": 5000},
			PaymentCore:     {"p": 5000},
		},
	},
	{
		// One bidder, no competition: VCG would give the item away (pivot
		// 0). Item B, 10 units, reserve 3.00; s bids 100.00 for the 10
		// units: it pays the reserve, 30.00, under VCG and core.
		name: "alone-pays-reserve",
		build: func(b *auction.Builder) {
			it := b.Item("B", 10, 300)
			ids := bidders(b, "s")
			b.Bid(ids[0], "s1", 10000, auction.Demand{Item: it, Volume: 10})
		},
		want: map[string]map[string]auction.Money{
			PaymentPayAsBid: {"s": 10000},
			PaymentVCG:      {"s": 3000},
			PaymentCore:     {"s": 3000},
		},
	},
	{
		// The threshold market with reserves of 4.50 on A and B (1 unit
		// each): x (6 on A) and y (6 on B) win against z (10 on both).
		// Pivots: 10 − 6 = 4 each, below the reserve 4.50: VCG 4.50 each.
		// Core: p_x + p_y ≥ 10 and each ≥ 4.50: least revenue 10, nearest
		// to (4.50, 4.50): (5, 5).
		name: "threshold-with-reserve",
		build: func(b *auction.Builder) {
			a, bb := b.Item("A", 1, 450), b.Item("B", 1, 450)
			ids := bidders(b, "z", "x", "y")
			b.Bid(ids[0], "z1", 1000, auction.Demand{Item: a, Volume: 1}, auction.Demand{Item: bb, Volume: 1})
			b.Bid(ids[1], "x1", 600, auction.Demand{Item: a, Volume: 1})
			b.Bid(ids[2], "y1", 600, auction.Demand{Item: bb, Volume: 1})
		},
		want: map[string]map[string]auction.Money{
			PaymentPayAsBid: {"x": 600, "y": 600},
			PaymentVCG:      {"x": 450, "y": 450},
			PaymentCore:     {"x": 500, "y": 500},
		},
	},
	{
		// A reserve below the pivot changes nothing: A (1 unit, reserve
		// 1.00), p 9.00, q 7.00: p wins and pays 7.00 under VCG and core.
		name: "reserve-below-pivot",
		build: func(b *auction.Builder) {
			a := b.Item("A", 1, 100)
			ids := bidders(b, "p", "q")
			b.Bid(ids[0], "p1", 900, auction.Demand{Item: a, Volume: 1})
			b.Bid(ids[1], "q1", 700, auction.Demand{Item: a, Volume: 1})
		},
		want: map[string]map[string]auction.Money{
			PaymentPayAsBid: {"p": 900},
			PaymentVCG:      {"p": 700},
			PaymentCore:     {"p": 700},
		},
	},
}

// TestPayRespectsReserves checks that no VCG or core payment falls below the
// reserve of what the bidder wins.
func TestPayRespectsReserves(t *testing.T) {
	for _, c := range reserveCases {
		t.Run(c.name, func(t *testing.T) {
			in, out := c.solved(t)
			for _, rule := range PaymentRules() {
				p, err := Pay(context.Background(), in, out, rule, solver.Options{})
				require.NoError(t, err, rule)
				for k, bd := range in.Bidders {
					assert.Equal(t, c.want[rule][bd.ID], p.ByBidder[k], "%s: bidder %s", rule, bd.ID)
				}
			}
		})
	}
}

// TestPayReserveDivisible: a divisible winner pays at least the reserve of
// the fraction it gets. Item A, 100 units, reserve 0.40; d bids 0.60 a unit
// for 100 units, min 0.5; e bids 30.00 for 50 units. Best: d at 1 (60.00)
// against d at 0.5 + e (30 + 30 = 60.00) — a tie; with e at 31.00 the
// optimum is d at 0.5 (30.00) + e (31.00) = 61.00. d's pivot: W(−d) = 31,
// W − v_d = 31: 0, below the reserve of 50 units, 20.00: d pays 20.00.
// e's pivot: W(−e) = 60 (d at 1), W − v_e = 30: 30.00, above its reserve
// (20.00): e pays 30.00.
func TestPayReserveDivisible(t *testing.T) {
	b := auction.NewBuilder("divisible-reserve")
	a := b.Item("A", 100, 40)
	d, e := b.Bidder("d"), b.Bidder("e")
	b.AddBid(auction.Bid{ID: "d1", Bidder: d, Amount: 60, PerUnit: true, MinFraction: auction.Ratio{Num: 1, Den: 2},
		Bundle: []auction.Demand{{Item: a, Volume: 100}}})
	b.Bid(e, "e1", 3100, auction.Demand{Item: a, Volume: 50})
	in, err := b.Build()
	require.NoError(t, err)
	out := solved(t, in)
	require.True(t, out.Optimal)
	require.InDelta(t, 6100, out.Objective, 1e-6)
	p, err := Pay(context.Background(), in, out, PaymentVCG, solver.Options{})
	require.NoError(t, err)
	assert.Equal(t, []auction.Money{2000, 3000}, p.ByBidder)
}
