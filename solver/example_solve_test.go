package solver_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/gavelhq/gavel/bidlang"
	"github.com/gavelhq/gavel/solver"
)

// Solve finds the award of largest revenue and proves it optimal. Two
// shippers want the same DDU; the one that pays more for the region as a
// whole wins it, and the divisible bid takes what capacity is left.
func ExampleSolve() {
	src := []byte(`
auction "example"
currency USD
ddu D1 capacity 1000
ddu D2 capacity 1000

bidder north
  bid n1 price 1200 { D1: 800, D2: 800 }         # all or nothing
end
bidder south
  bid s1 price 600 { D1: 800 }
  bid s2 rate 0.50 { D2: 1000 } min 0.1           # 100 to 1,000 parcels at $0.50
end
`)
	in, diags := bidlang.ReadBids("example.bids", src)
	if err := diags.Err(); err != nil {
		log.Fatal(err)
	}
	res, err := solver.Solve(context.Background(), in, solver.Options{TimeLimit: 10 * time.Second})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Status, res.Revenue.Format(in.Currency.Decimals))
	for _, aw := range res.Allocation.Awards {
		fmt.Printf("%s %.2f\n", in.Bids[aw.Bid].ID, aw.Fraction)
	}
	// Output:
	// optimal 1300.00
	// n1 1.00
	// s2 0.20
}
