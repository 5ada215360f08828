package main

import "math"

// Status is how one solver's run on one case ended, in the harness's own
// terms (the same for gavel and the external solvers).
type Status string

// Statuses of a run.
const (
	StatusOptimal    Status = "optimal"    // proven optimal
	StatusFeasible   Status = "feasible"   // a limit stopped it with an incumbent
	StatusNoSolution Status = "none"       // a limit stopped it before any incumbent
	StatusInfeasible Status = "infeasible" // proven infeasible
	StatusKilled     Status = "killed"     // still running at the hard timeout
	StatusError      Status = "error"      // failed to run or its output made no sense
)

// Outcome is the result of one solver on one case. Objective and bound are
// in minor units of the instance's currency, maximized, for every solver.
type Outcome struct {
	Solver       string  `json:"solver"`
	Status       Status  `json:"status"`
	Objective    float64 `json:"objective,omitempty"`
	HasObjective bool    `json:"has_objective"`
	Bound        float64 `json:"bound,omitempty"`
	HasBound     bool    `json:"has_bound"`
	Seconds      float64 `json:"seconds"`         // wall clock, measured by the harness
	Nodes        int64   `json:"nodes,omitempty"` // branch-and-bound nodes, when known
	PeakRSSKiB   int64   `json:"peak_rss_kib,omitempty"`
	Detail       string  `json:"detail,omitempty"` // error text, or notes
}

// Gap is the relative gap (bound − objective) / max(|bound|, 1), as gavel
// defines it: 0 when optimal, +Inf when either end is unknown.
func (o Outcome) Gap() float64 {
	if o.Status == StatusOptimal {
		return 0
	}
	if !o.HasObjective || !o.HasBound {
		return math.Inf(1)
	}
	return relGap(o.Objective, o.Bound)
}

// relGap is (bound − objective) / max(|bound|, 1).
func relGap(objective, bound float64) float64 {
	return (bound - objective) / math.Max(math.Abs(bound), 1)
}
