package solver_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
)

// A limit that stops the search is not an error: Solve returns the best
// award found with status Feasible, a proven upper bound and the gap
// between the two. A time limit (Options.TimeLimit, or a deadline on the
// context) stops it the same way; this example uses a node limit, which
// stops it at the same place on every run. Without the limit the search
// proves the optimum, which lies between the first award and its bound.
func ExampleSolve_limit() {
	in, err := gen.Generate("L3", gen.Config{Goods: 50, Bids: 200, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	res, err := solver.Solve(ctx, in, solver.Options{NodeLimit: 1})
	if err != nil {
		log.Fatal(err) // an invalid instance or options, never a limit
	}
	fmt.Println("status:", res.Status)
	fmt.Println("bound above the award, gap > 0:", res.Bound >= res.Objective, res.Gap > 0)
	fmt.Println("award passes the certificate:", in.Check(res.Allocation).Err() == nil)

	best, err := solver.Solve(ctx, in, solver.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("without the limit:", best.Status, best.Revenue.Format(in.Currency.Decimals), in.Currency.Code)
	fmt.Println("optimum between the award and the bound:",
		res.Objective <= best.Objective && best.Objective <= res.Bound)
	// Output:
	// status: feasible
	// bound above the award, gap > 0: true true
	// award passes the certificate: true
	// without the limit: optimal 13.2635 XXX
	// optimum between the award and the bound: true
}
