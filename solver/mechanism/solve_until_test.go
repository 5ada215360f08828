package mechanism

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver"
)

// TestSolveUntil: a solve that enough stops at its first progress report
// comes back Canceled with a bound at least the optimum (proven, as the
// full solve shows) and an allocation that passes the certificate. (A
// solve that enough never stops is solver.Solve's: the VCG tests cover
// it.) Skipped with -short.
func TestSolveUntil(t *testing.T) {
	if testing.Short() {
		t.Skip("solves DDU 20 × 100")
	}
	f, err := benchSizes[0].fixture() // DDU 20 × 100, solved to optimality once per test binary
	require.NoError(t, err)
	require.True(t, f.out.Optimal)
	res, hit, err := solveUntil(context.Background(), f.in, solver.Options{}, func(solver.Progress) bool { return true })
	require.NoError(t, err)
	if !hit {
		t.Skip("the solve ended before its first progress report")
	}
	assert.Equal(t, solver.Canceled, res.Status)
	assert.GreaterOrEqual(t, res.Bound, f.out.Objective)
	assert.LessOrEqual(t, res.Objective, f.out.Objective)
	assert.Empty(t, f.in.Check(res.Allocation))
}
