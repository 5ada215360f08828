package mechanism

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
)

// TestQAOptimalWithinGapIsNotProven: an allocation the solver stopped within
// a relative gap the caller asked for (solver status Feasible, within the
// gap, which is above solver.DefaultRelGap) is not proven optimal, so
// Outcome.Optimal ("proven optimal") is false, Pay refuses VCG and core payments on it, and PayAnyway
// flags them. VCG rests on the exact optimum: on this market the award
// within 20% makes the Clarke pivots exceed the bids.
func TestQAOptimalWithinGapIsNotProven(t *testing.T) {
	in, err := gen.Generate("L3", gen.Config{Goods: 30, Bids: 120, Seed: 5})
	require.NoError(t, err)
	ctx := context.Background()
	out, err := Allocate(ctx, in, RuleOptimal, solver.Options{RelGap: 0.2})
	require.NoError(t, err)
	require.NotNil(t, out.Result)
	require.Equal(t, solver.Feasible, out.Result.Status)
	require.True(t, out.Result.Within(0.2))
	require.Greater(t, out.Result.Gap, solver.DefaultRelGap, "the search must stop at the asked gap for this test to mean anything")
	assert.False(t, out.Optimal, "an award within a gap of %.3g is not proven optimal", out.Result.Gap)

	_, err = Pay(ctx, in, out, PaymentVCG, solver.Options{})
	assert.True(t, errors.Is(err, ErrNotOptimal), "Pay: %v", err)
	p, err := PayAnyway(ctx, in, out, PaymentVCG, solver.Options{})
	require.NoError(t, err)
	assert.False(t, p.Exact)

	// Proven: the default gap.
	out, err = Allocate(ctx, in, RuleOptimal, solver.Options{})
	require.NoError(t, err)
	assert.True(t, out.Optimal)
}
