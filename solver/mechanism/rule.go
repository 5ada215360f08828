package mechanism

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// Names of the allocation rules, for Allocate and AllocationRules.
const (
	RuleOptimal = "optimal"  // the exact solver (solver.Solve)
	RuleGreedy  = "greedy"   // Lehmann, O'Callaghan and Shoham: value / sqrt(size), generalized to volumes
	RuleLPRound = "lp-round" // LP relaxation, rounded, repaired and improved by local search
	RulePerItem = "per-item" // each item sold on its own to the highest per-unit pieces: the exposure problem
	RuleFCFS    = "fcfs"     // bids served in file order, each taken if it fits: a status-quo baseline
)

// AllocationRules lists the allocation rules Allocate knows, in the order a
// report shows them.
func AllocationRules() []string {
	return []string{RuleOptimal, RuleGreedy, RuleLPRound, RulePerItem, RuleFCFS}
}

// Allocate runs an allocation rule on a valid instance and returns the
// allocation it chooses, which passes in.Check:
//
//   - "optimal": solver.Solve with opts. Outcome.Optimal is set when the
//     status is solver.Optimal and the gap is within solver.DefaultRelGap;
//     a limit (opts.TimeLimit, opts.NodeLimit, the context), or an
//     opts.RelGap above the default that stopped the search early, leaves
//     the best allocation found, not proven optimal.
//   - "greedy": the rule of Lehmann, O'Callaghan and Shoham (JACM 2002):
//     bids in decreasing value / sqrt(size), the size of a bundle being
//     Σ volume / capacity over its items, each taken if it fits every rule of
//     the instance (wdp.Rounder.Greedy, which also repairs groups and
//     min-volumes that only more awards could satisfy).
//   - "lp-round": the LP relaxation of the winner determination problem
//     (wdp.Build), solved by the LP engine opts.Engine names; its solution
//     rounded (bids offered by decreasing LP value, wdp.Rounder.Round) and
//     improved by local search (wdp.Rounder.Improve). When the LP does not
//     solve within the time left (a limit, the context), the greedy
//     allocation is improved instead, and Outcome.Result is nil either way.
//   - "per-item": every item sold on its own (see AllocatePerItem, which
//     also returns the pieces sold, their payments and each bidder's
//     exposure). Outcome.Allocation holds what the bidders can use of the
//     units they bought.
//   - "fcfs": bids offered in file order, each taken if it fits
//     (wdp.Rounder.GreedyOrder with the identity order): first come, first
//     served.
//
// Objective is Σ value × fraction of the allocation, in minor units.
// When no allocation meets the rule min-winners, the error wraps
// ErrNoAward, and for "optimal" the Outcome still holds the solver's
// Result (status solver.Infeasible, or solver.NoAward when a limit came
// first) with its statistics. An unknown rule is an error wrapping ErrRule; an invalid instance or
// invalid options are errors too. Allocate is deterministic, but for the
// rules a time limit stops.
func Allocate(ctx context.Context, in *auction.Instance, rule string, opts solver.Options) (Outcome, error) {
	if rule == RulePerItem {
		p, err := AllocatePerItem(ctx, in, opts)
		return p.Outcome, err
	}
	start := time.Now()
	if err := allocPrecheck(in, rule, opts); err != nil {
		return Outcome{}, err
	}
	out := Outcome{Rule: rule}
	switch rule {
	case RuleOptimal:
		res, err := solver.Solve(ctx, in, opts)
		if err != nil {
			return Outcome{}, err
		}
		// Optimal means proven: Solve reports an award that a larger gap
		// than the default stopped as Feasible.
		out.Allocation, out.Optimal, out.Result = res.Allocation, res.Status == solver.Optimal, &res
	case RuleGreedy, RuleFCFS:
		r, err := wdp.NewRounder(in)
		if err != nil {
			return Outcome{}, err
		}
		if rule == RuleGreedy {
			out.Allocation = r.Greedy()
		} else {
			order := make([]int, len(in.Bids))
			for i := range order {
				order[i] = i
			}
			out.Allocation = r.GreedyOrder(order)
		}
	case RuleLPRound:
		a, err := lpRound(ctx, in, opts)
		if err != nil {
			return Outcome{}, err
		}
		out.Allocation = a
	}
	if err := in.Check(out.Allocation).Err(); err != nil {
		if missesOnlyMinWinners(in, out.Allocation) {
			// The solver's result, when there is one, says whether the
			// market is infeasible or a limit came first, with its work.
			none := Outcome{Rule: rule, Result: out.Result, Elapsed: time.Since(start)}
			return none, fmt.Errorf("%w: the %s rule found none (%v)", ErrNoAward, rule, err)
		}
		return Outcome{}, fmt.Errorf("mechanism: the %s allocation fails the certificate (a bug; please report it): %w", rule, err)
	}
	out.Objective = allocValue(in, out.Allocation)
	out.Elapsed = time.Since(start)
	return out, nil
}

// allocPrecheck refuses an unknown rule, a nil or invalid instance and
// invalid options.
func allocPrecheck(in *auction.Instance, rule string, opts solver.Options) error {
	known := false
	for _, r := range AllocationRules() {
		known = known || r == rule
	}
	if !known {
		return fmt.Errorf("%w: allocation rule %q (known: %s)", ErrRule, rule, strings.Join(AllocationRules(), ", "))
	}
	if in == nil {
		return fmt.Errorf("mechanism: no instance")
	}
	if err := in.Validate(); err != nil {
		return fmt.Errorf("mechanism: invalid instance: %w", err)
	}
	return opts.Validate()
}

// allocValue is Σ value × fraction over the awards, in minor units: the
// welfare an allocation creates when bids are the bidders' values.
func allocValue(in *auction.Instance, a auction.Allocation) float64 {
	var whole auction.Money
	part := 0.0
	for _, aw := range a.Awards {
		if aw.Bid < 0 || aw.Bid >= len(in.Bids) {
			continue
		}
		v, ok := in.Bids[aw.Bid].Value()
		if !ok {
			continue
		}
		if aw.Fraction >= 1 {
			whole += v // a valid instance's values sum within int64
		} else {
			part += aw.Fraction * float64(v)
		}
	}
	return float64(whole) + part
}

// missesOnlyMinWinners reports whether a, which fails Check, would pass it
// without the rule min-winners: the heuristic rules (and an infeasible
// exact solve, with the empty allocation) found no allocation that meets
// the rule, which is not a bug.
func missesOnlyMinWinners(in *auction.Instance, a auction.Allocation) bool {
	if in.Rules.MinWinners <= 0 {
		return false
	}
	free := *in
	free.Rules.MinWinners = 0
	return len(free.Check(a)) == 0
}
