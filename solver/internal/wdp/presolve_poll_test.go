package wdp

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
)

// countdown is a context that is done after its Err has been asked n
// times: it stops PresolveContext and DecomposeContext at every poll in
// turn.
type countdown struct {
	context.Context
	n int
}

func (c *countdown) Err() error {
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

// TestPresolveDecomposeContext stops presolve and decomposition at each of
// their looks at the context in turn, on a market large enough for several:
// each stop is an error wrapping the context's, and a context that is
// never done gives what Presolve and Decompose give.
func TestPresolveDecomposeContext(t *testing.T) {
	in, err := gen.Generate("ddu", gen.Config{Goods: 400, Bids: 3000, Seed: 2})
	require.NoError(t, err)
	wantPre, err := Presolve(in)
	require.NoError(t, err)
	wantComps, err := Decompose(wantPre.In)
	require.NoError(t, err)

	stopped := 0
	for n := 0; ; n++ {
		pre, err := PresolveContext(&countdown{context.Background(), n}, in)
		if err == nil {
			require.Equal(t, wantPre, pre)
			break
		}
		require.ErrorIs(t, err, context.Canceled)
		stopped++
	}
	require.Greater(t, stopped, 2, "presolve looked at the context too seldom")

	stopped = 0
	for n := 0; ; n++ {
		comps, err := DecomposeContext(&countdown{context.Background(), n}, wantPre.In)
		if err == nil {
			require.Equal(t, wantComps, comps)
			break
		}
		require.ErrorIs(t, err, context.Canceled)
		stopped++
	}
	require.Greater(t, stopped, 2, "decomposition looked at the context too seldom")
}
