package solver

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// Large-neighbourhood search (LNS) improves the incumbent of a component
// whose root LP is expected to take long, before that LP: a component
// whose formulation has at least lnsNonzeros matrix elements, the same
// threshold as PDHG's (the national DDU market's LP takes Clp about ten
// minutes, DDU 2,000 × 10,000's over a minute on a loaded machine).
//
// Each step frees the bids that demand the items nearest to a seed item
// (wdp.Neighbourhoods: a disc on the map of a DDU market), holds every
// other bid at the incumbent, and solves what is left exactly or nearly:
// the residual sub-instance (wdp.Restricter: capacities, budgets and
// limits less what the held awards take; what it cannot express is held
// too) goes through Solve, with the incumbent's part as its start and at
// most lnsNodes nodes per component of it. The sub-solution, combined
// with the held awards, is offered as an incumbent (checked on the whole
// component) and improved locally when it wins.
//
// Neighbourhoods start at lnsBids free bids; the target grows by half
// after a sub-solve that proves its optimum and shrinks by a third after
// one stopped at its node limit without a better allocation, within
// [lnsMinBids, lnsMaxBids] (on the national market a sub-solve of 1,000
// bids takes about a second, one of 3,600 took 30 s), and a
// neighbourhood has at most lnsDemands (item, volume) pairs, which keeps
// its formulation below lnsNonzeros, so that no sub-solve runs PDHG (nor
// an LNS: a sub-solve's context says it is one). Seeds are taken in a
// fixed pseudo-random order of the items, skipping the items earlier
// neighbourhoods of the same pass took; a pass ends when every item was
// taken once. The search does lnsPasses passes at most, and stops after
// a pass that raises the incumbent by less than a relative lnsMinGain.
//
// Every choice rests on counts, never on time, and the sub-solves see no
// deadline (only a cancellation when it comes), so the LNS finds the same
// allocations on every run; the context's deadline or a cancellation
// stops it early, and then the result is the same as far as it got (the
// sub-solve that the deadline interrupts still offers what it found,
// which depends on when). Its nodes count as heuristic nodes
// (Stats.SubNodes) and towards Options.NodeLimit, each sub-solve getting
// at most half of the nodes left.
//
// The root LP comes after the LNS: with or without a deadline the LNS is
// the bounded work above, then the search goes on as for any component.
// Within a 60-s limit neither the national market nor DDU 2,000 × 10,000
// gets to the LP (the LNS is still running at the deadline), and their
// LPs could not end within it anyway; on the national market the LNS
// starts after the Lagrangian bound, whose PDHG closes more of the gap in
// the same time than the LNS would (measured on a loaded machine: PDHG
// takes the gap from 23.1% to 21.5% in 30 to 50 s; the LNS's first eight
// or so neighbourhoods, 600 nodes, raise the incumbent by 0.25% in 20 s).
var (
	lnsNonzeros = pdhgNonzeros
	lnsBids     = 1000
	lnsMinBids  = 200
	lnsMaxBids  = 2000
	lnsDemands  = 120_000
	lnsNodes    = int64(100)
	lnsPasses   = 3
	lnsMinGain  = 1e-3
)

// lnsSeed seeds the order of the seed items.
const lnsSeed = 0x6c6e73

// lnsSubSolve is the key of a context value that marks the solve of a
// neighbourhood, whose components run no LNS of their own.
type lnsSubSolve struct{}

// lns runs the large-neighbourhood search on a large component, after
// the Lagrangian bound and before the root LP, and reports whether the
// incumbent it leaves is proven within the gap by that bound.
func (s *search) lns(eng engines.Engine) bool {
	if s.f.Problem.NumNonzeros() < lnsNonzeros || !s.hasInc || s.ctx.Err() != nil || len(s.in.Items) == 0 ||
		s.ctx.Value(lnsSubSolve{}) != nil {
		return false
	}
	rs, err := wdp.NewRestricter(s.in)
	if err != nil {
		return false
	}
	nb, err := wdp.NewNeighbourhoods(s.in)
	if err != nil {
		return false
	}
	bound := math.Min(valueBound(s.in), s.lagBound)
	order := rand.New(rand.NewPCG(lnsSeed, uint64(len(s.in.Bids)))).Perm(len(s.in.Items))
	taken := make([]bool, len(s.in.Items))
	target := lnsBids
	for range lnsPasses {
		before := s.incObj
		clear(taken)
		for _, seed := range order {
			if taken[seed] {
				continue
			}
			if s.ctx.Err() != nil {
				return false
			}
			limit := lnsNodes
			if s.opts.NodeLimit > 0 {
				limit = min(limit, (s.opts.NodeLimit-s.nodes-s.subNodes)/2)
			}
			if limit < 1 {
				return false
			}
			bids, items := nb.Around(seed, target, lnsDemands)
			for _, it := range items {
				taken[it] = true
			}
			won, st := s.lnsStep(rs, bids, eng, limit)
			switch {
			case st == Optimal:
				target = min(target*3/2, lnsMaxBids)
			case !won && st == Feasible:
				target = max(target*2/3, lnsMinBids)
			}
			if won {
				if s.report != nil {
					s.report(s.incObj, bound, s.nodes, 0)
				}
				if !math.IsInf(s.lagBound, 1) && s.lagrangeCloses() {
					return true
				}
			}
		}
		if s.incObj-before < lnsMinGain*math.Abs(before) {
			break
		}
	}
	return false
}

// lnsStep solves the restriction of the incumbent to the free bids with
// at most nodeLimit nodes per component, offers what it finds, and
// reports whether the incumbent improved and the sub-solve's status (0
// when none ran).
func (s *search) lnsStep(rs *wdp.Restricter, free []int, eng engines.Engine, nodeLimit int64) (bool, Status) {
	res, err := rs.Restrict(s.inc, free)
	if err != nil || res.In == nil {
		return false, 0
	}
	// The sub-solve sees a cancellation at the deadline, not the deadline
	// itself, which would make the LP engine work in time slices (and the
	// search skip steps by the time left): so its result depends only on
	// its input until it is stopped.
	ctx, stop := context.WithCancel(context.WithValue(context.WithoutCancel(s.ctx), lnsSubSolve{}, true))
	defer stop()
	defer context.AfterFunc(s.ctx, stop)()
	r, err := Solve(ctx, res.In, Options{Engine: eng.Name, Threads: 1, RelGap: s.relGap,
		NodeLimit: nodeLimit, Start: res.Start})
	if err != nil {
		return false, 0
	}
	s.subNodes += r.Stats.Nodes + r.Stats.SubNodes
	s.iters += r.Stats.LPIterations
	if r.Status != Optimal && r.Status != Feasible && r.Status != Canceled {
		return false, r.Status
	}
	a, err := res.Combine(r.Allocation)
	if err != nil || !s.offer(a) {
		return false, r.Status
	}
	s.improve()
	return true, r.Status
}
