//go:build clp && cgo

package clp

import (
	"fmt"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Clp's problem status codes (ClpModel::status).
const (
	clpUnknown        = -1
	clpOptimal        = 0
	clpInfeasible     = 1
	clpDualInfeasible = 2
	clpStopped        = 3 // on iterations or time
	clpErrors         = 4
	clpEventHandler   = 5
)

// Clp's secondary status codes (ClpModel::secondaryStatus) that matter here.
const (
	secNone                = 0
	secUnprovenInfeasible  = 1 // dual limit reached, or probably infeasible but not proven
	secUnscaledPrimal      = 2 // scaled optimal, unscaled primal infeasibilities
	secUnscaledDual        = 3 // scaled optimal, unscaled dual infeasibilities
	secUnscaledBoth        = 4
	secFlagged             = 5 // giving up in primal with flagged variables
	secEmptyProblem        = 6 // failed the empty problem check: Clp solved it trivially
	secPostsolveNotOptimal = 7
	secBadElement          = 8
	secStoppedOnTime       = 9
	secStoppedFeasible     = 10
)

// mapStatus turns Clp's status and secondary status after a solve into an
// lp.Status. Every code Clp documents is handled here and only here.
// iterLimitHit tells whether the solve used up the iteration limit it was
// given; timeLimitSet whether it had a time limit.
func mapStatus(status, secondary int, iterLimitHit, timeLimitSet bool, cutoffSet bool) (lp.Status, error) {
	fail := func(what string) (lp.Status, error) {
		return lp.Numerical, fmt.Errorf("%w: Clp %s (status %d, secondary status %d)", lp.ErrNumerical, what, status, secondary)
	}
	switch status {
	case clpOptimal:
		switch secondary {
		case secNone, secEmptyProblem:
			return lp.Optimal, nil
		case secUnscaledPrimal, secUnscaledDual, secUnscaledBoth:
			// Optimal for the scaled problem; the unscaled one is off by
			// little more than the tolerances. See the package comment.
			return lp.Optimal, nil
		}
		return fail("reports optimal with an unknown secondary status")
	case clpInfeasible:
		switch secondary {
		case secNone, secEmptyProblem:
			return lp.Infeasible, nil
		case secUnprovenInfeasible:
			if cutoffSet {
				// The dual objective limit was reached: the objective
				// cannot beat the cutoff (or the LP is infeasible, which
				// says as much).
				return lp.Cutoff, nil
			}
			return fail("could not prove infeasibility")
		}
		return fail("reports infeasible with an unknown secondary status")
	case clpDualInfeasible:
		switch secondary {
		case secNone, secEmptyProblem:
			return lp.Unbounded, nil
		}
		return fail("reports unbounded with an unknown secondary status")
	case clpStopped:
		switch {
		case secondary == secStoppedOnTime:
			return lp.TimeLimit, nil
		case iterLimitHit, secondary == secStoppedFeasible:
			return lp.IterationLimit, nil
		case timeLimitSet:
			return lp.TimeLimit, nil
		}
		return fail("stopped without reaching a limit")
	case clpErrors:
		return fail("stopped on numerical difficulties")
	case clpEventHandler:
		return fail("was stopped by an event handler")
	case clpUnknown:
		switch secondary {
		case secPostsolveNotOptimal:
			return fail("postsolve found the solution not optimal")
		case secBadElement:
			return fail("found a bad matrix element")
		case secFlagged:
			return fail("gave up with flagged variables")
		}
		return fail("left the status unknown")
	}
	return fail("returned an unknown status")
}

// Clp's basis status codes (ClpSimplex::Status).
const (
	clpIsFree     = 0
	clpBasic      = 1
	clpAtUpper    = 2
	clpAtLower    = 3
	clpSuperBasic = 4
	clpIsFixed    = 5
)

// fromClpBasis maps a Clp basis status code (the low 3 bits of the status
// array) to an lp.BasisStatus.
func fromClpBasis(code byte) (lp.BasisStatus, error) {
	switch code & 7 {
	case clpBasic:
		return lp.Basic, nil
	case clpAtLower, clpIsFixed:
		return lp.AtLower, nil
	case clpAtUpper:
		return lp.AtUpper, nil
	case clpIsFree:
		return lp.Free, nil
	case clpSuperBasic:
		return lp.Superbasic, nil
	}
	return 0, fmt.Errorf("%w: Clp basis status code %d", lp.ErrNumerical, code&7)
}

// toClpBasis maps an lp.BasisStatus to Clp's code.
func toClpBasis(s lp.BasisStatus) byte {
	switch s {
	case lp.Basic:
		return clpBasic
	case lp.AtLower:
		return clpAtLower
	case lp.AtUpper:
		return clpAtUpper
	case lp.Free:
		return clpIsFree
	}
	return clpSuperBasic
}
