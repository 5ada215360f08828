package solver

import (
	"fmt"
	"time"

	"github.com/gavelhq/gavel/auction"
)

// Status says how a solve ended and what its Result proves.
type Status uint8

// Statuses of a solve. The zero value is not a status Solve returns.
const (
	// Optimal: the allocation is proven optimal, within DefaultRelGap
	// (1e-9 relative) of the proven upper bound, or within a smaller
	// Options.RelGap when one is asked for.
	Optimal Status = iota + 1
	// Feasible: a limit (time, nodes, or an Options.RelGap above
	// DefaultRelGap) stopped the search. The allocation is the best found
	// and passes the certificate; Bound is a proven upper bound and Gap
	// the relative distance between the two (at most RelGap when the gap
	// limit stopped it: see Result.Within).
	Feasible
	// Infeasible: no allocation satisfies the constraints.
	Infeasible
	// Canceled: the context was canceled (not a deadline). The allocation
	// is the best found so far and passes the certificate, as with
	// Feasible.
	Canceled
	// NoAward: a limit or a cancellation stopped the search before it
	// found any allocation. Only rules that the empty allocation breaks
	// (min-winners) make this possible; otherwise the empty allocation is
	// always at hand. Allocation is empty and does not pass the
	// certificate; Bound is still a proven upper bound.
	NoAward
)

var statusNames = [...]string{Optimal: "optimal", Feasible: "feasible", Infeasible: "infeasible", Canceled: "canceled", NoAward: "no-award"}

// String returns the status as `gavel solve` prints it: "optimal",
// "feasible", "infeasible", "canceled" or "no-award".
func (s Status) String() string {
	if int(s) < len(statusNames) && statusNames[s] != "" {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// MarshalText encodes the status by its name, for JSON output.
func (s Status) MarshalText() ([]byte, error) {
	if int(s) >= len(statusNames) || statusNames[s] == "" {
		return nil, fmt.Errorf("solver: unknown status %d", uint8(s))
	}
	return []byte(statusNames[s]), nil
}

// Result is the outcome of Solve.
//
// Objective and Bound are in minor units of the instance's currency (cents
// for USD), as float64: Objective is Σ value × fraction over the awards,
// exactly the quantity the search maximizes, and Bound a proven upper
// bound on it over all allocations. Revenue is what the bidders pay under
// pay-as-bid, each payment rounded down to a minor unit, so it can be a
// little below Objective when divisible bids win; Objective is never below
// it. The proofs rest on floating-point LPs: Bound holds within the
// engine's tolerances, which at the relative gap of an optimal result
// (DefaultRelGap, 1e-9) means within a minor unit up to about 10⁹ minor
// units of revenue and within 1e-9 of the revenue beyond (past 2⁵³ minor
// units, 90 trillion dollars, two prices a cent apart are the same
// float64).
type Result struct {
	Status     Status
	Allocation auction.Allocation // the best award found; passes Instance.Check (empty when Infeasible or NoAward)
	Revenue    auction.Money      // pay-as-bid revenue of Allocation
	Objective  float64            // Σ value × fraction of Allocation, in minor units
	Bound      float64            // proven upper bound on Objective over all allocations
	Gap        float64            // (Bound − Objective) / max(|Bound|, 1); at most DefaultRelGap (or a smaller RelGap) when Optimal
	Stats      Stats
}

// Within reports whether the allocation is proven within relGap of the
// optimum: the status is Optimal, or Feasible with Gap at most relGap (a
// search that Options.RelGap stopped, or a limit that came after the gap
// was reached).
func (r Result) Within(relGap float64) bool {
	return r.Status == Optimal || r.Status == Feasible && r.Gap <= relGap
}

// Stats describe the work of a solve.
type Stats struct {
	Elapsed      time.Duration
	Engine       string // the LP engine used
	Threads      int    // threads the solve used: Options.Threads, or GOMAXPROCS for 0 (see Options.Threads); 0 when it stopped before the search
	Bids         int    // bids of the instance
	Removed      int    // bids presolve removed (cannot win, dominated, duplicate)
	Components   int    // independent components after presolve
	Trivial      int    // components solved without a search
	LargestBids  int    // bids of the largest component
	Nodes        int64  // branch-and-bound nodes, over all components
	SubNodes     int64  // nodes of the primal heuristics' sub-searches (RINS), over all components; not in Nodes
	LPIterations int64  // simplex iterations, over all components
	Cuts         int    // cutting planes added
}

// Progress is a snapshot of a running solve, passed to Options.Progress.
type Progress struct {
	Elapsed    time.Duration
	Incumbent  float64 // objective of the best allocation found so far, in minor units
	Bound      float64 // proven upper bound, in minor units
	Gap        float64 // relative gap between the two, as in Result
	Nodes      int64   // nodes searched so far, as Stats.Nodes (the heuristics' sub-searches not included)
	Open       int     // nodes waiting to be searched
	Components int     // components in all
	Done       int     // components finished
}

// gap is the relative gap between an objective and a bound.
func gap(objective, bound float64) float64 {
	g := (bound - objective) / max(abs(bound), 1)
	if g < 0 {
		return 0
	}
	return g
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
