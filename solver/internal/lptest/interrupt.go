package lptest

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// testInterrupt checks an engine that implements lp.Interrupter: a model
// solves normally until interrupted, then every Solve returns TimeLimit
// at once, after a Load too; Interrupt after Close does nothing; a model
// watched by a context (lp.WithContext) is interrupted once it is
// canceled. How soon a solve in progress stops is each engine's own test.
func testInterrupt(t *testing.T, e Engine) {
	if _, ok := e.New().(lp.Interrupter); !ok {
		t.Skipf("%s cannot be interrupted", e.Name)
	}
	p := SetPacking(rand.New(rand.NewPCG(11, 13)), 40, 120, 4)
	m := e.New()
	in := m.(lp.Interrupter)
	require.NoError(t, m.Load(p))
	st, err := m.Solve(lp.Limits{})
	require.NoError(t, err)
	require.Equal(t, lp.Optimal, st, "before Interrupt")
	in.Interrupt()
	for _, load := range []bool{false, true} {
		if load {
			require.NoError(t, m.Load(p))
		}
		st, err := m.Solve(lp.Limits{})
		require.NoError(t, err)
		require.Equal(t, lp.TimeLimit, st, "after Interrupt (load %v)", load)
		require.Equal(t, lp.TimeLimit, m.Status())
		require.LessOrEqual(t, m.Iterations(), 0, "after Interrupt (load %v)", load)
	}
	require.NoError(t, m.Close())
	in.Interrupt() // after Close: nothing to stop, no crash

	ctx, cancel := context.WithCancel(context.Background())
	w := lp.WithContext(ctx, e.New())
	defer w.Close()
	require.NoError(t, w.Load(p))
	st, err = w.Solve(lp.Limits{})
	require.NoError(t, err)
	require.Equal(t, lp.Optimal, st, "watched, before cancel")
	cancel()
	deadline := time.Now().Add(10 * time.Second)
	for { // the watch interrupts from a goroutine of its own
		require.NoError(t, w.Load(p))
		st, err := w.Solve(lp.Limits{})
		require.NoError(t, err)
		if st == lp.TimeLimit {
			return
		}
		require.True(t, time.Now().Before(deadline), "a watched model solves 10 s after its context was canceled: %v", st)
		time.Sleep(time.Millisecond)
	}
}
