package lp

import "context"

// Interrupter is implemented by models whose Solve another goroutine can
// stop: Interrupt makes a Solve in progress return as soon as the engine
// can, with status TimeLimit and the basis it reached, and every later
// Solve return at once with that status. It is safe to call at any time,
// from any goroutine, also after Close (it then does nothing).
type Interrupter interface {
	Interrupt()
}

// WithContext returns m watched by ctx: once ctx is done, m is
// interrupted (Interrupter), so that a long LP solve, such as the root
// LP of a market of 100,000 bids, does not outlast a cancellation or a
// deadline. Closing the returned model ends the watch. A model that
// cannot be interrupted, or a context that is never done, gets m itself.
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
