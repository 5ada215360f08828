package mechanism_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/mechanism"
)

// VCG and core payments rest on an optimal allocation. On the allocation
// of a heuristic rule, Pay refuses them and PayAnyway computes them with
// Exact false and a note saying why, as gavel bench flags them (!).
func ExamplePayAnyway() {
	b := auction.NewBuilder("two DDUs")
	d1, d2 := b.Item("D1", 1000, 0), b.Item("D2", 1000, 0)
	b.Bid(b.Bidder("national"), "n", 300_00, auction.Demand{Item: d1, Volume: 1000}, auction.Demand{Item: d2, Volume: 1000})
	b.Bid(b.Bidder("east"), "e", 200_00, auction.Demand{Item: d1, Volume: 1000})
	b.Bid(b.Bidder("west"), "w", 200_00, auction.Demand{Item: d2, Volume: 1000})
	in, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	out, err := mechanism.Allocate(ctx, in, mechanism.RuleGreedy, solver.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("greedy award proven optimal:", out.Optimal)

	_, err = mechanism.Pay(ctx, in, out, mechanism.PaymentVCG, solver.Options{})
	fmt.Println("Pay refuses:", errors.Is(err, mechanism.ErrNotOptimal))

	p, err := mechanism.PayAnyway(ctx, in, out, mechanism.PaymentVCG, solver.Options{})
	if err != nil {
		log.Fatal(err)
	}
	// The Clarke pivot asks the national shipper for the $400 the two
	// couriers would have paid, more than its bid: the payment is capped at
	// the bid, and counted as a violation of individual rationality.
	fmt.Println("national pays", p.ByBidder[0].Format(2), "exact:", p.Exact, "capped:", p.IRViolations)
	fmt.Println("notes say why:", len(p.Notes) > 0)
	// Output:
	// greedy award proven optimal: false
	// Pay refuses: true
	// national pays 300.00 exact: false capped: 1
	// notes say why: true
}
