package mechanism

import (
	"context"
	"fmt"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// lpRoundWorkPerBid and lpRoundMinWork bound the local search of lp-round:
// max(lpRoundMinWork, lpRoundWorkPerBid × bids) bid evaluations.
const (
	lpRoundWorkPerBid = 10
	lpRoundMinWork    = 20000
)

// lpRound is the rule "lp-round". The instance is presolved and split into
// independent components (wdp.Presolve, wdp.Decompose, as the exact solver
// does), and the LP relaxation of each component that is not trivial is
// solved on its own (wdp.Build, an lp.Model of the engine opts names); a
// trivial component's bids take their known optimal fractions. The LP
// values, mapped back to the bids of in (0 for the bids presolve removed
// and for components the time left did not reach), are rounded by
// wdp.Rounder.Round, which offers the bids by decreasing LP value and the
// bids at 0 last, and the result improved by wdp.Rounder.Improve.
func lpRound(ctx context.Context, in *auction.Instance, opts solver.Options) (auction.Allocation, error) {
	newModel, err := lpRoundEngine(opts.Engine)
	if err != nil {
		return auction.Allocation{}, err
	}
	r, err := wdp.NewRounder(in)
	if err != nil {
		return auction.Allocation{}, err
	}
	var deadline time.Time
	if opts.TimeLimit > 0 {
		deadline = time.Now().Add(opts.TimeLimit)
	}
	if d, ok := ctx.Deadline(); ok && (deadline.IsZero() || d.Before(deadline)) {
		deadline = d
	}
	x, err := lpRoundValues(ctx, in, newModel, deadline)
	if err != nil {
		return auction.Allocation{}, err
	}
	a := r.Round(x)
	return r.Improve(a, max(lpRoundMinWork, lpRoundWorkPerBid*len(in.Bids))), nil
}

// lpRoundValues returns the LP value of every bid of in (see lpRound).
func lpRoundValues(ctx context.Context, in *auction.Instance, newModel func() lp.Model, deadline time.Time) ([]float64, error) {
	x := make([]float64, len(in.Bids))
	pre, err := wdp.Presolve(in)
	if err != nil {
		return nil, err
	}
	comps, err := wdp.Decompose(pre.In)
	if err != nil {
		return nil, err
	}
	set := func(c *wdp.Component, local int, v float64) {
		x[pre.Bids[c.Bids[local]]] = v
	}
	for ci := range comps {
		c := &comps[ci]
		if c.Trivial {
			for _, aw := range c.Solution.Awards {
				set(c, aw.Bid, aw.Fraction)
			}
			continue
		}
		var lim lp.Limits
		if !deadline.IsZero() {
			if lim.Time = time.Until(deadline); lim.Time <= 0 {
				continue // out of time: these bids stay at 0 and are offered last
			}
		}
		if ctx.Err() != nil {
			continue
		}
		v, err := lpRelaxation(c.In, newModel, lim)
		if err != nil {
			return nil, err
		}
		for i := range c.In.Bids {
			if i < len(v) {
				set(c, i, v[i])
			}
		}
	}
	return x, nil
}

// lpRelaxation solves the LP relaxation of a valid instance and returns
// its column values, or nil when a limit stopped the LP before an optimum.
func lpRelaxation(in *auction.Instance, newModel func() lp.Model, lim lp.Limits) ([]float64, error) {
	f, err := wdp.Build(in)
	if err != nil {
		return nil, err
	}
	m := newModel()
	defer m.Close()
	if err := m.Load(f.Problem); err != nil {
		return nil, fmt.Errorf("mechanism: lp-round: %w", err)
	}
	st, err := m.Solve(lim)
	if err != nil {
		return nil, fmt.Errorf("mechanism: lp-round: %w", err)
	}
	if st != lp.Optimal {
		return nil, nil
	}
	return m.Primal(nil)
}

// lpRoundEngine returns the constructor of the LP engine a name asks for,
// as solver.Options.Engine reads it ("" is the default), with the solver's
// error for an engine this binary lacks.
func lpRoundEngine(name string) (func() lp.Model, error) {
	if err := (solver.Options{Engine: name}).Validate(); err != nil {
		return nil, fmt.Errorf("mechanism: lp-round: %w", err)
	}
	e, _ := engines.Find(name) // Validate found it
	return e.New, nil
}
