package mechanism_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/mechanism"
)

// The exposure problem: a national shipper bids $10 for two DDUs together,
// all or nothing; a courier bids $6 for the first alone and another $3 for
// the second. Sold one item at a time, each DDU goes to the highest price
// per unit: the first to the courier ($6 against the national's $5 share),
// the second to the national shipper, which pays $5 for half a bundle it
// cannot use.
func ExampleAllocatePerItem() {
	b := auction.NewBuilder("exposure")
	d1, d2 := b.Item("D90001", 1, 0), b.Item("D90002", 1, 0)
	b.Bid(b.Bidder("national"), "n1", 10_00, auction.Demand{Item: d1, Volume: 1}, auction.Demand{Item: d2, Volume: 1})
	b.Bid(b.Bidder("east"), "e1", 6_00, auction.Demand{Item: d1, Volume: 1})
	b.Bid(b.Bidder("west"), "w1", 3_00, auction.Demand{Item: d2, Volume: 1})
	in, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	p, err := mechanism.AllocatePerItem(ctx, in, solver.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, pc := range p.Pieces {
		fmt.Printf("%s: bid %s pays %s\n", in.Items[pc.Item].ID, in.Bids[pc.Bid].ID, pc.Payment.Format(2))
	}
	for k, bidder := range in.Bidders {
		fmt.Printf("%-8s paid %s, can use %s, exposure %s\n", bidder.ID,
			p.Paid[k].Format(2), p.Value[k].Format(2), p.Exposure[k].Format(2))
	}

	opt, err := mechanism.Allocate(ctx, in, mechanism.RuleOptimal, solver.Options{})
	if err != nil {
		log.Fatal(err)
	}
	m := mechanism.MeasurePerItem(in, p, opt.Objective)
	fmt.Printf("revenue %s, efficiency %.0f%%, %d bidder exposed, loss %s\n",
		m.Revenue.Format(2), 100*m.Efficiency, m.Exposed, m.Exposure.Format(2))
	// Output:
	// D90001: bid e1 pays 6.00
	// D90002: bid n1 pays 5.00
	// national paid 5.00, can use 0.00, exposure 5.00
	// east     paid 6.00, can use 6.00, exposure 0.00
	// west     paid 0.00, can use 0.00, exposure 0.00
	// revenue 11.00, efficiency 60%, 1 bidder exposed, loss 5.00
}
