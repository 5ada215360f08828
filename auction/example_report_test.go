package auction_test

import (
	"fmt"

	"github.com/gavelhq/gavel/auction"
)

// What an award means for each bidder and item, as a report prints it.
// Amounts are minor units: Format them with the decimals of the instance's
// currency, USD when none is set.
func ExampleInstance_BidderPayments() {
	b := auction.NewBuilder("report")
	d1, d2 := b.Item("D90001", 5000, 0), b.Item("D90002", 3000, 0)
	big, swift := b.Bidder("bigbox"), b.Bidder("swift")
	b.Bid(big, "b1", 3900_00, auction.Demand{Item: d1, Volume: 3000}, auction.Demand{Item: d2, Volume: 2000})
	b.AddBid(auction.Bid{ID: "s1", Bidder: swift, Amount: 45, PerUnit: true, // $0.45 a parcel
		MinFraction: auction.Ratio{Num: 1, Den: 4}, Bundle: []auction.Demand{{Item: d1, Volume: 4000}}})
	in, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	// b1 whole, and half of s1: 2,000 of its 4,000 parcels.
	a := auction.Allocation{Awards: []auction.Award{{Bid: 0, Fraction: 1}, {Bid: 1, Fraction: 0.5}}}
	if err := in.Check(a).Err(); err != nil {
		fmt.Println(err)
		return
	}
	dec := in.CurrencyOrDefault().Decimals
	pay, vol := in.BidderPayments(a), in.BidderVolumes(a)
	for k, bidder := range in.Bidders {
		fmt.Printf("%-6s pays %8s for %4.0f parcels\n", bidder.ID, pay[k].Format(dec), vol[k])
	}
	for i, v := range in.ItemVolumes(a) {
		fmt.Printf("%s: %.0f of %d\n", in.Items[i].ID, v, in.Items[i].Capacity)
	}
	fmt.Println("revenue", in.Revenue(a).Format(dec), in.CurrencyOrDefault().Code)
	// Output:
	// bigbox pays  3900.00 for 5000 parcels
	// swift  pays   900.00 for 2000 parcels
	// D90001: 5000 of 5000
	// D90002: 2000 of 3000
	// revenue 4800.00 USD
}
