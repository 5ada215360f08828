package mechanism_test

import (
	"context"
	"fmt"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/mechanism"
)

// Two local shippers want one DDU each; a national one wants both for a
// little more than either. Each allocation rule, and what it is worth.
func ExampleAllocate() {
	b := auction.NewBuilder("two DDUs")
	d1, d2 := b.Item("D1", 1000, 0), b.Item("D2", 1000, 0)
	b.Bid(b.Bidder("national"), "n", 300_00, auction.Demand{Item: d1, Volume: 1000}, auction.Demand{Item: d2, Volume: 1000})
	b.Bid(b.Bidder("east"), "e", 200_00, auction.Demand{Item: d1, Volume: 1000})
	b.Bid(b.Bidder("west"), "w", 200_00, auction.Demand{Item: d2, Volume: 1000})
	in, err := b.Build()
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	opt, err := mechanism.Allocate(ctx, in, mechanism.RuleOptimal, solver.Options{})
	if err != nil {
		panic(err)
	}
	for _, rule := range mechanism.AllocationRules() {
		out, err := mechanism.Allocate(ctx, in, rule, solver.Options{})
		if err != nil {
			panic(err)
		}
		pay, err := mechanism.Pay(ctx, in, out, mechanism.PaymentPayAsBid, solver.Options{})
		if err != nil {
			panic(err)
		}
		if rule == mechanism.RulePerItem {
			p, err := mechanism.AllocatePerItem(ctx, in, solver.Options{})
			if err != nil {
				panic(err)
			}
			pay = p.Payments()
		}
		m := mechanism.Measure(in, out, pay, opt.Objective)
		fmt.Printf("%-8s winners %d  revenue %s  efficiency %.0f%%\n", rule, m.Winners, m.Revenue.Format(2), 100*m.Efficiency)
	}
	// Output:
	// optimal  winners 2  revenue 400.00  efficiency 100%
	// greedy   winners 1  revenue 300.00  efficiency 75%
	// lp-round winners 2  revenue 400.00  efficiency 100%
	// per-item winners 2  revenue 400.00  efficiency 100%
	// fcfs     winners 1  revenue 300.00  efficiency 75%
}
