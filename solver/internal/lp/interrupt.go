package lp

import "context"

// Interrupter is implemented by models whose Solve another goroutine can
// stop: Interrupt makes a Solve in progress return as soon as the engine
// can, with status TimeLimit, and every later Solve return at once with
// that status (the model is of no further use). It is safe to call at
// any time, from any goroutine, also during a Solve and after Close (it
// then does nothing): the one exception to a model's belonging to one
// goroutine. How soon a Solve stops is the engine's: the native engine at
// its next pivot; Clp within a few pivots for warm re-solves, but a cold
// solve not before the end of its presolved copy or of its CPU slice.
type Interrupter interface {
	Interrupt()
}

// WithContext returns m watched by ctx: once ctx is done, m is
// interrupted (Interrupter), so that its solves do not outlast a
// cancellation or a deadline by more than the engine takes to stop.
// Closing the returned model ends the watch. A model that cannot be
// interrupted, or a context that is never done, gets m itself.
func WithContext(ctx context.Context, m Model) Model {
	in, ok := m.(Interrupter)
	if !ok || ctx == nil || ctx.Done() == nil {
		return m
	}
	return &watched{Model: m, stop: context.AfterFunc(ctx, in.Interrupt)}
}

// watched is a model with a context watch (WithContext).
type watched struct {
	Model
	stop func() bool
}

// Close ends the watch and closes the model.
func (w *watched) Close() error {
	w.stop()
	return w.Model.Close()
}

// Interrupt interrupts the model at once.
func (w *watched) Interrupt() { w.Model.(Interrupter).Interrupt() }
