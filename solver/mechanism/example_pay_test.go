package mechanism_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/mechanism"
)

// The threshold problem: a national shipper bids $10 for two DDUs together,
// two local couriers $6 for one each. The couriers win; VCG charges them $4
// each, less than the national shipper offered for both, so the core rule
// raises them to $5 each.
func ExamplePay() {
	b := auction.NewBuilder("threshold")
	d1, d2 := b.Item("D90001", 1, 0), b.Item("D90002", 1, 0)
	national, east, west := b.Bidder("national"), b.Bidder("east"), b.Bidder("west")
	b.Bid(national, "n1", 1000, auction.Demand{Item: d1, Volume: 1}, auction.Demand{Item: d2, Volume: 1})
	b.Bid(east, "e1", 600, auction.Demand{Item: d1, Volume: 1})
	b.Bid(west, "w1", 600, auction.Demand{Item: d2, Volume: 1})
	in, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	res, err := solver.Solve(ctx, in, solver.Options{})
	if err != nil {
		log.Fatal(err)
	}
	out := mechanism.Outcome{Rule: "optimal", Allocation: res.Allocation, Objective: res.Objective,
		Optimal: res.Status == solver.Optimal, Result: &res}
	for _, rule := range mechanism.PaymentRules() {
		p, err := mechanism.Pay(ctx, in, out, rule, solver.Options{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-10s", rule)
		for k, m := range p.ByBidder {
			fmt.Printf(" %s %s", in.Bidders[k].ID, m.Format(2))
		}
		fmt.Printf("  total %s\n", p.Total.Format(2))
	}
	// Output:
	// pay-as-bid national 0.00 east 6.00 west 6.00  total 12.00
	// vcg        national 0.00 east 4.00 west 4.00  total 8.00
	// core       national 0.00 east 5.00 west 5.00  total 10.00
}
