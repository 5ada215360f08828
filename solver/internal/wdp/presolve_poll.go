package wdp

import "context"

// pollEvery is how many steps of a long loop of presolve or decomposition
// pass between two looks at the context: about a millisecond of work.
const pollEvery = 1 << 14

// poller looks at a context every pollEvery steps of a long loop, so that
// PresolveContext and DecomposeContext stop soon after their context is
// done, at little cost.
type poller struct {
	ctx   context.Context
	steps int
	err   error // the context's error, once seen
}

// stop counts n more steps and reports whether the context is done (as
// last seen).
func (p *poller) stop(n int) bool {
	if p.err != nil {
		return true
	}
	p.steps += n
	if p.steps < pollEvery {
		return false
	}
	p.steps = 0
	p.err = p.ctx.Err()
	return p.err != nil
}
