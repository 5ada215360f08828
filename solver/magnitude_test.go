package solver

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
)

// TestObjectiveNotBelowRevenue: past 2⁵³ minor units a float sum of the
// awards' values can fall below the revenue the award earns (exact
// integers), and the bound with it. The objective sums whole awards
// exactly and rounds up, so objective ≥ revenue and bound ≥ objective at
// any magnitude: one bid just past 2⁵³ against a cheaper one for the
// same unit, 1,000 whole bids of about 10¹⁴ minor units each that all
// win (a float sum of them loses dollars), and a divisible award whose
// float value is below its payment.
func TestObjectiveNotBelowRevenue(t *testing.T) {
	pair := auction.NewBuilder("pair")
	a := pair.Item("A", 1, 0)
	pair.Bid(pair.Bidder("a"), "a1", 1<<53, auction.Demand{Item: a, Volume: 1})
	pair.Bid(pair.Bidder("b"), "b1", 1<<53+1, auction.Demand{Item: a, Volume: 1})

	many := auction.NewBuilder("many")
	for k := range 1000 {
		it := many.Item(fmt.Sprintf("I%d", k), 1, 0)
		many.Bid(many.Bidder(fmt.Sprintf("p%d", k)), fmt.Sprintf("b%d", k),
			auction.Money(100_000_000_000_000+(k*7919)%1_000_003), auction.Demand{Item: it, Volume: 1})
	}
	// 49 × fl(1/49) < 1: an award of 1/49 of a bid of 0.49 USD for 49
	// units pays 0.01 USD, more than the float product.
	tiny := auction.NewBuilder("divisible")
	c := tiny.Item("C", 1, 0)
	tiny.Bid(tiny.Bidder("p"), "x", 49, auction.Demand{Item: c, Volume: 49})
	divisible := tiny.Instance()
	divisible.Bids[0].MinFraction = auction.Ratio{Num: 1, Den: 1000}

	for _, in := range []*auction.Instance{pair.Instance(), many.Instance(), divisible} {
		t.Run(in.Name, func(t *testing.T) {
			require.NoError(t, in.Validate())
			res, err := Solve(context.Background(), in, Options{Threads: 1})
			require.NoError(t, err)
			require.Equal(t, Optimal, res.Status)
			rev := new(big.Float).SetInt64(int64(res.Revenue))
			obj := new(big.Float).SetFloat64(res.Objective)
			bound := new(big.Float).SetFloat64(res.Bound)
			require.GreaterOrEqual(t, obj.Cmp(rev), 0, "objective %s below revenue %s", obj.Text('g', -1), rev.Text('g', -1))
			require.GreaterOrEqual(t, bound.Cmp(obj), 0, "bound below objective")
		})
	}
}
