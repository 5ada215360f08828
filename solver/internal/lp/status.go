package lp

import (
	"errors"
	"fmt"
)

// Errors returned by models. Test with errors.Is.
var (
	ErrInvalid    = errors.New("lp: invalid input")                          // a malformed problem, row block, bound or basis
	ErrNotLoaded  = errors.New("lp: no problem loaded")                      // a call before Load
	ErrClosed     = errors.New("lp: model is closed")                        // a call after Close
	ErrNoSolution = errors.New("lp: no optimal solution to read")            // a getter while the status is not Optimal
	ErrNumerical  = errors.New("lp: engine failed")                          // the engine gave up (status Numerical)
	ErrBusy       = errors.New("lp: model used from two goroutines at once") // a model is owned by one goroutine
)

// Status is the outcome of the last Solve.
type Status uint8

const (
	NotSolved      Status = iota // no solve yet, or the model changed since
	Optimal                      // proven optimal within the engine's tolerances
	Infeasible                   // no point satisfies the bounds and rows
	Unbounded                    // the dual is infeasible: with a feasible point, the objective is unbounded
	IterationLimit               // stopped by Limits.Iterations
	TimeLimit                    // stopped by Limits.Time
	Numerical                    // the engine gave up; Solve also returns an error
	Cutoff                       // the optimal objective is proven no better than Limits.Cutoff
)

var statusNames = [...]string{
	NotSolved:      "not solved",
	Optimal:        "optimal",
	Infeasible:     "infeasible",
	Unbounded:      "unbounded",
	IterationLimit: "iteration limit",
	TimeLimit:      "time limit",
	Numerical:      "numerical failure",
	Cutoff:         "cutoff",
}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}
