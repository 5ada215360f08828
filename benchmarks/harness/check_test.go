package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCrossCheck(t *testing.T) {
	opt := func(s string, v float64) Outcome {
		return Outcome{Solver: s, Status: StatusOptimal, Objective: v, HasObjective: true, Bound: v, HasBound: true}
	}
	feas := func(s string, v, b float64) Outcome {
		return Outcome{Solver: s, Status: StatusFeasible, Objective: v, HasObjective: true, Bound: b, HasBound: true}
	}
	tests := []struct {
		name string
		outs []Outcome
		want int // contradictions found
	}{
		{"all optimal, equal", []Outcome{opt("gavel", 1e8), opt("CBC", 1e8), opt("GLPK", 1e8+50)}, 0},
		{"optimal within 1e-6", []Outcome{opt("gavel", 1e8), opt("CBC", 1e8+99)}, 0},
		{"optimal differ", []Outcome{opt("gavel", 1e8), opt("CBC", 1e8+101)}, 1},
		{"optimal differ twice", []Outcome{opt("gavel", 1e8), opt("CBC", 1e8+1000), opt("GLPK", 1e8+1000)}, 2},
		{"incumbents under bounds", []Outcome{opt("gavel", 100), feas("CBC", 90, 120), feas("GLPK", 80, 150)}, 0},
		{"incumbent above optimum", []Outcome{opt("gavel", 100), feas("CBC", 110, 120)}, 1},
		{"incumbent above a bound", []Outcome{feas("gavel", 100, 105), feas("CBC", 110, 130)}, 1},
		{"infeasible vs award", []Outcome{{Solver: "gavel", Status: StatusInfeasible}, opt("CBC", 5)}, 1},
		{"both infeasible", []Outcome{{Solver: "gavel", Status: StatusInfeasible}, {Solver: "CBC", Status: StatusInfeasible}}, 0},
		{"failed run", []Outcome{{Solver: "gavel", Status: StatusError, Detail: "award fails the certificate"}, opt("CBC", 5)}, 1},
		{"no solution, bound only", []Outcome{opt("gavel", 100), {Solver: "GLPK", Status: StatusNoSolution, Bound: 120, HasBound: true}}, 0},
		{"bound below optimum", []Outcome{opt("gavel", 100), {Solver: "GLPK", Status: StatusNoSolution, Bound: 99, HasBound: true}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := crossCheck(tt.outs)
			assert.Len(t, got, tt.want, "%q", got)
		})
	}
}
