// Package mechanism runs auction mechanisms on an instance: an allocation
// rule (who wins) and a payment rule (what each winner pays), by name, so
// that `gavel solve --rule R --payment P` and `gavel bench` can compare them
// side by side (DESIGN.md §4).
//
// Allocation rules: "optimal" (the exact solver), "greedy" (Lehmann,
// O'Callaghan and Shoham), "lp-round" (LP relaxation, rounding and repair),
// "per-item" (each item sold on its own: the exposure problem), "fcfs" (bids
// in file order). Payment rules: "pay-as-bid", "vcg" (Clarke pivot) and
// "core" (minimum-revenue core, nearest to VCG). Policy rules
// (auction.Policy) apply to the instance before either.
package mechanism

import (
	"errors"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// ErrRule says that a rule name is unknown. Test with errors.Is.
var ErrRule = errors.New("mechanism: unknown rule")

// ErrNoAward says that an allocation rule found no allocation that meets
// the auction's rules. Only the rule min-winners, which the empty
// allocation breaks, makes this possible. Test with errors.Is.
var ErrNoAward = errors.New("mechanism: no allocation meets the auction's rules")

// ErrUnsupported says that a rule cannot be combined with the auction's
// policy rules: per-item under min-winners, and VCG and core under
// min-winners when removing a winner leaves no allocation that meets the
// rule (the Clarke pivot is undefined). Test with errors.Is.
var ErrUnsupported = errors.New("mechanism: rule not supported with the auction's policy")

// ErrNotOptimal says that a payment rule needs an allocation proven optimal
// and did not get one. Test with errors.Is.
var ErrNotOptimal = errors.New("mechanism: payment rule needs an allocation proven optimal")

// Outcome is the allocation an allocation rule chose, with what is known
// about its quality.
type Outcome struct {
	Rule       string             // the allocation rule's name
	Allocation auction.Allocation // passes Instance.Check
	Objective  float64            // Σ value × fraction, in minor units
	Optimal    bool               // proven optimal (rule "optimal" with status solver.Optimal)
	Result     *solver.Result     // the solver's result, for the rules that run it; else nil
	Elapsed    time.Duration
}

// Payments is what each bidder pays under a payment rule, for one outcome.
type Payments struct {
	Rule     string
	ByBidder []auction.Money // by bidder index of the instance; 0 for a bidder that wins nothing
	Total    auction.Money
	// Exact is false when the payments rest on an allocation or on
	// sub-solves not proven optimal (a limit, or a relative gap above
	// solver.DefaultRelGap, stopped a solve), or on amounts too large for
	// float64 work to be exact to the minor unit (a welfare above 10^10
	// minor units): they are then flagged, not trusted.
	Exact bool
	// Notes say what a reader must know about these payments (for example,
	// "VCG is not in the core: 2 coalitions block it").
	Notes   []string
	Elapsed time.Duration

	// IRViolations counts the bidders whose VCG or core payment came out
	// above their bid and was capped at it (individual rationality
	// broken: only on an allocation not proven optimal, or by numerical
	// error). Exact is then false. Always 0 for pay-as-bid.
	IRViolations int
	// Resolves counts the exact re-solves of VCG (and of core, which
	// starts from VCG): one per winner and component of the market it wins
	// in that has competition. 0 for pay-as-bid.
	Resolves int
	// Core describes the core computation; nil unless Rule is "core".
	Core *CoreStats
}

// CoreStats describe a core computation (Pay with rule "core"). The core
// is computed on each part of the market alone: the parts that no bidder
// and no constraint link, with a winner and competition (the others pay 0).
type CoreStats struct {
	Parts int // parts of the market with a core computation
	// VCGBlocked counts the parts in which a coalition of bidders blocks
	// the VCG payments (VCG is not in the core there); 0 means VCG is in
	// the core and core = VCG.
	VCGBlocked int
	// Constraints counts the core constraints (blocking coalitions) found,
	// over all parts; Missed counts those the final payments miss (0
	// unless numerical trouble: Exact is then false).
	Constraints, Missed int
	// Uncertified counts the parts in which no exact separation proved that
	// no coalition blocks the payments (a limit stopped it, or a safeguard
	// ended the constraint generation); Exact is then false.
	Uncertified int
	// Separations counts the exact separation problems solved (one
	// winner determination each); Heuristic counts the blocking coalitions
	// found without one (from the VCG re-solves' allocations and earlier
	// separations, or by local search).
	Separations, Heuristic int
	// NearestFailed counts the parts in which the quadratic tie-break
	// failed numerically: the payments there are a minimum-revenue core
	// point, not necessarily the one nearest to VCG.
	NearestFailed int
}
