//go:build clp && cgo

package clp

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

func TestMapStatus(t *testing.T) {
	tests := []struct {
		name              string
		status, secondary int
		iterHit, timeSet  bool
		cutoff            bool
		want              lp.Status
		wantErr           bool
	}{
		{"optimal", clpOptimal, secNone, false, false, false, lp.Optimal, false},
		{"optimal, empty problem solved trivially", clpOptimal, secEmptyProblem, false, false, false, lp.Optimal, false},
		{"optimal when scaled, primal infeasibilities unscaled", clpOptimal, secUnscaledPrimal, false, false, false, lp.Optimal, false},
		{"optimal when scaled, dual infeasibilities unscaled", clpOptimal, secUnscaledDual, false, false, false, lp.Optimal, false},
		{"optimal when scaled, both unscaled", clpOptimal, secUnscaledBoth, false, false, false, lp.Optimal, false},
		{"optimal with an unknown secondary", clpOptimal, 42, false, false, false, lp.Numerical, true},
		{"infeasible", clpInfeasible, secNone, false, false, false, lp.Infeasible, false},
		{"infeasible, empty problem", clpInfeasible, secEmptyProblem, false, false, false, lp.Infeasible, false},
		{"infeasible, not proven", clpInfeasible, secUnprovenInfeasible, false, false, false, lp.Numerical, true},
		{"dual objective limit reached, cutoff set", clpInfeasible, secUnprovenInfeasible, false, false, true, lp.Cutoff, false},
		{"infeasible with an unknown secondary", clpInfeasible, 42, false, false, false, lp.Numerical, true},
		{"dual infeasible", clpDualInfeasible, secNone, false, false, false, lp.Unbounded, false},
		{"dual infeasible, empty problem", clpDualInfeasible, secEmptyProblem, false, false, false, lp.Unbounded, false},
		{"dual infeasible with an unknown secondary", clpDualInfeasible, 3, false, false, false, lp.Numerical, true},
		{"stopped on time", clpStopped, secStoppedOnTime, false, true, false, lp.TimeLimit, false},
		{"stopped on iterations", clpStopped, secNone, true, false, false, lp.IterationLimit, false},
		{"stopped on iterations, both limits set", clpStopped, secNone, true, true, false, lp.IterationLimit, false},
		{"stopped, time limit set", clpStopped, secNone, false, true, false, lp.TimeLimit, false},
		{"stopped as primal feasible", clpStopped, secStoppedFeasible, false, false, false, lp.IterationLimit, false},
		{"stopped without a limit", clpStopped, secNone, false, false, false, lp.Numerical, true},
		{"errors", clpErrors, secNone, false, false, false, lp.Numerical, true},
		{"event handler", clpEventHandler, secNone, false, false, false, lp.Numerical, true},
		{"unknown, postsolve not optimal", clpUnknown, secPostsolveNotOptimal, false, false, false, lp.Numerical, true},
		{"unknown, bad element", clpUnknown, secBadElement, false, false, false, lp.Numerical, true},
		{"unknown, flagged variables", clpUnknown, secFlagged, false, false, false, lp.Numerical, true},
		{"unknown", clpUnknown, secNone, false, false, false, lp.Numerical, true},
		{"undocumented status", 99, secNone, false, false, false, lp.Numerical, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mapStatus(tt.status, tt.secondary, tt.iterHit, tt.timeSet, tt.cutoff)
			assert.Equal(t, tt.want, got)
			if tt.wantErr {
				assert.ErrorIs(t, err, lp.ErrNumerical)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

func TestBasisCodes(t *testing.T) {
	for _, s := range []lp.BasisStatus{lp.Basic, lp.AtLower, lp.AtUpper, lp.Free, lp.Superbasic} {
		got, err := fromClpBasis(toClpBasis(s))
		require.NoError(t, err)
		assert.Equal(t, s, got, "round trip of %v", s)
	}
	got, err := fromClpBasis(clpIsFixed | 8) // high bits are Clp's flags
	require.NoError(t, err)
	assert.Equal(t, lp.AtLower, got)
	_, err = fromClpBasis(6)
	assert.ErrorIs(t, err, lp.ErrNumerical)
}

// TestColdThenWarm checks the choice of algorithm: initialSolve after
// Load (Clp holds an all-slack status array from Load on, which must not
// pass for a basis: on large set-packing LPs the dual simplex from it is
// ten times slower), the dual simplex once there is a basis.
func TestColdThenWarm(t *testing.T) {
	p := &lp.Problem{
		Sense: lp.Maximize, Objective: []float64{1}, ColLower: []float64{0}, ColUpper: []float64{1},
		RowLower: []float64{0}, RowUpper: []float64{1}, ColStart: []int{0, 1}, RowIndex: []int{0}, Value: []float64{1},
	}
	alg := func(m *Model) algorithm { a, _ := m.nextAlgorithm(0); return a }
	m := New()
	defer m.Close()
	require.NoError(t, m.Load(p))
	assert.Equal(t, initialSolve, alg(m), "after Load")
	_, err := m.Solve(lp.Limits{})
	require.NoError(t, err)
	assert.Equal(t, dualSimplex, alg(m), "after Solve")
	var b lp.Basis
	require.NoError(t, m.Basis(&b))
	require.NoError(t, m.Load(p))
	assert.Equal(t, initialSolve, alg(m), "after a second Load")
	require.NoError(t, m.SetBasis(&b))
	assert.Equal(t, dualSimplex, alg(m), "after SetBasis")
}
