package main

import "fmt"

// crossCheck compares the outcomes of the solvers on one case and returns
// one message per contradiction (nil when they agree). All solvers
// maximize the same model in the same units, so:
//
//   - a run that failed (StatusError) is a contradiction in itself: gavel's
//     errors include an award that fails the certificate;
//   - two proven optima must be equal within relative 1e-6;
//   - every incumbent must be at most every proven bound (within the same
//     tolerance), whatever the statuses: a bound below another solver's
//     feasible award is wrong;
//   - a solver that proves the problem infeasible contradicts any other
//     that found an award.
func crossCheck(outs []Outcome) []string {
	var msgs []string
	for _, o := range outs {
		if o.Status == StatusError {
			msgs = append(msgs, fmt.Sprintf("%s failed: %s", o.Solver, o.Detail))
		}
	}
	for i, a := range outs {
		for j, b := range outs {
			if i == j {
				continue
			}
			if a.Status == StatusOptimal && b.Status == StatusOptimal {
				if i < j && !sameObjective(a.Objective, b.Objective) {
					msgs = append(msgs, fmt.Sprintf("optimal objectives differ: %s %.6f, %s %.6f (relative %.2g)",
						a.Solver, a.Objective, b.Solver, b.Objective, relGap(min(a.Objective, b.Objective), max(a.Objective, b.Objective))))
				}
				continue
			}
			if a.HasBound && b.HasObjective && a.Status != StatusError && b.Status != StatusError &&
				b.Objective > a.Bound+tolerance(a.Bound, b.Objective) {
				msgs = append(msgs, fmt.Sprintf("%s's bound %.6f is below %s's award %.6f", a.Solver, a.Bound, b.Solver, b.Objective))
			}
			if a.Status == StatusInfeasible && b.HasObjective && b.Status != StatusError {
				msgs = append(msgs, fmt.Sprintf("%s says infeasible but %s found an award worth %.6f", a.Solver, b.Solver, b.Objective))
			}
		}
	}
	return msgs
}
