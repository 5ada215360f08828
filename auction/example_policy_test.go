package auction_test

import (
	"fmt"

	"github.com/gavelhq/gavel/auction"
)

// Solving one market under another policy: a 50% max-share, at most two
// items per bidder, and reserves 10% higher. The input is left as it was.
func ExamplePolicy_Apply() {
	b := auction.NewBuilder("demo")
	d := b.Item("D90210", 6000, 35) // reserve 0.35 a parcel
	w := b.Bidder("walmart")
	b.Bid(w, "w1", 2500_00, auction.Demand{Item: d, Volume: 6000})
	in, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}

	p := auction.Policy{
		MaxShare:     auction.Ratio{Num: 1, Den: 2},
		MaxItems:     2,
		ReserveScale: auction.Ratio{Num: 11, Den: 10},
	}
	strict, err := p.Apply(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("max-share", strict.Rules.MaxShare, "max-items", strict.Bidders[w].MaxItems,
		"reserve", strict.Items[d].Reserve.Format(2), "was", in.Items[d].Reserve.Format(2))

	whole := auction.Allocation{Awards: []auction.Award{{Bid: 0, Fraction: 1}}}
	fmt.Println("before:", in.Check(whole).Err())
	fmt.Println("after: ", strict.Check(whole).Err())
	// Output:
	// max-share 0.5 max-items 2 reserve 0.39 was 0.35
	// before: <nil>
	// after:  bidder "walmart" wins 6000 of item "D90210", above the max-share limit 3000 (0.5 of 6000)
}
