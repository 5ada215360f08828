package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/par"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// Large-neighbourhood search (LNS) improves the incumbent of a component
// whose root LP is expected to take long, before that LP: a component
// whose formulation has at least lnsNonzeros matrix elements and that
// longRoot expects to take long, the same thresholds as PDHG's (the
// national DDU market's LP takes Clp about ten minutes, DDU 2,000 ×
// 10,000's over a minute on a loaded machine).
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
// Neighbourhoods come in batches of lnsBatch, each restricted from the
// same incumbent with its share of the nodes left, and solved at once on
// up to Options.Threads goroutines (one thread each); then each
// sub-solution in turn takes the place of its free bids in the incumbent
// and is offered (Check on the whole component drops one that clashes
// with an earlier change of the batch). The batch, not the number of
// threads, fixes what is solved, so the result does not depend on
// Threads. On DDU 2,000 × 10,000, 3,000 nodes from the same start raise
// the incumbent by 1.59% in batches of two, against 1.43% one at a time
// and 0.81% in batches of four (more sub-solutions clash), in 14% less
// time than one at a time on two loaded cores.
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
// On one thread the root LP comes after the LNS: with or without a
// deadline the LNS is the bounded work above, then the search goes on as
// for any component. Within a 60-s limit neither the national market nor
// DDU 2,000 × 10,000 gets to the LP (the LNS is still running at the
// deadline), and the national market's LP could not end within it
// anyway. On these components the LNS runs beside the Lagrangian bounds,
// from the greedy orders' incumbent, and beside the root LP and its cut
// loop when the time left allows (lns_early.go): on two cores it gains
// the time of the subgradient method and PDHG (on the national market
// 20 s quiet, a minute or more loaded, where the LNS's first eight or so
// neighbourhoods, 600 nodes, raise the incumbent by 0.25% in 20 s). It
// stops at the first batch whose incumbent the Lagrangian bound proves
// within the gap, the same batch on any number of threads (lns_link.go).
// Measured and left out: taking the seeds most contested item first (by
// the subgradient multipliers of the capacity rows, weighted by capacity
// or not) and freeing only the bids of the support of PDHG's primal point
// (a RENS-like neighbourhood, more items for as many bids): on DDU 2,000 ×
// 10,000, 3,000 nodes from the same start raise the incumbent by 0.58%,
// 0.90% and 0.38–0.54% against 1.43% for the pseudo-random disc order.
var (
	lnsNonzeros = pdhgNonzeros
	lnsBids     = 1000
	lnsMinBids  = 200
	lnsMaxBids  = 2000
	lnsDemands  = 120_000
	lnsNodes    = int64(100)
	lnsPasses   = 3
	lnsBatch    = 2
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
	if !s.lnsApplies() {
		return false
	}
	l := newLNSLink(s.threads())
	l.publish(s.lagBound, true)
	return s.lnsPasses(eng, l)
}

// lnsApplies reports whether the component gets an LNS: a large one, with
// an incumbent and items, that is not itself part of a neighbourhood's
// sub-solve, while the context lasts.
func (s *search) lnsApplies() bool {
	return longRoot(s.f.Problem, lnsNonzeros) && s.hasInc && s.ctx.Err() == nil && len(s.in.Items) > 0 &&
		s.ctx.Value(lnsSubSolve{}) == nil
}

// lnsPasses runs the passes of the LNS (see lns), comparing its incumbent
// with the Lagrangian bounds published on l at every batch boundary
// (lns_link.go), and reports whether it stopped because one proves the
// incumbent within the gap.
func (s *search) lnsPasses(eng engines.Engine, l *lnsLink) bool {
	if s.ctx.Err() != nil {
		return false // after the Lagrangian steps on one thread, the deadline may have come
	}
	rs, err := wdp.NewRestricter(s.in)
	if err != nil {
		return false
	}
	nb, err := wdp.NewNeighbourhoods(s.in)
	if err != nil {
		return false
	}
	vb := valueBound(s.in)
	order := rand.New(rand.NewPCG(lnsSeed, uint64(len(s.in.Bids)))).Perm(len(s.in.Items))
	taken := make([]bool, len(s.in.Items))
	target := lnsBids
	jobs := make([]lnsJob, 0, lnsBatch)
	for range lnsPasses {
		before := s.incObj
		clear(taken)
		for k := 0; k < len(order); {
			if s.ctx.Err() != nil {
				return false
			}
			// A batch: up to lnsBatch neighbourhoods restricted from the
			// same incumbent, each with its share of the nodes left.
			jobs = jobs[:0]
			used, exhausted := s.nodes+s.subNodes, false
			for k < len(order) && len(jobs) < lnsBatch {
				seed := order[k]
				if taken[seed] {
					k++
					continue
				}
				limit := lnsNodes
				if s.opts.NodeLimit > 0 {
					limit = min(limit, (s.opts.NodeLimit-used)/2)
				}
				if limit < 1 {
					exhausted = true
					break
				}
				k++
				bids, items := nb.Around(seed, target, lnsDemands)
				for _, it := range items {
					taken[it] = true
				}
				res, err := rs.Restrict(s.inc, bids)
				if err != nil || res.In == nil {
					continue
				}
				used += limit
				jobs = append(jobs, lnsJob{res: res, limit: limit})
			}
			s.lnsSolve(jobs, eng, int(l.workers.Load()))
			start := s.incObj
			for j := range jobs {
				won, st := s.lnsApply(&jobs[j])
				switch {
				case st == Optimal:
					target = min(target*3/2, lnsMaxBids)
				case !won && st == Feasible:
					target = max(target*2/3, lnsMinBids)
				}
				if won && s.report != nil {
					b, _ := l.published()
					s.report(s.incObj, math.Min(vb, b), s.nodes, 0)
				}
			}
			if l.stop(s, s.incObj > start) {
				return true
			}
			if exhausted {
				return false
			}
		}
		if s.incObj-before < lnsMinGain*math.Abs(before) {
			break
		}
	}
	return false
}

// lnsJob is the sub-solve of one neighbourhood: the restriction of the
// incumbent to its free bids, solved with at most limit nodes per
// component.
type lnsJob struct {
	res   *wdp.Restriction
	limit int64
	r     Result
	err   error
}

// lnsSolve solves the jobs of a batch, at once on up to workers
// goroutines (each sub-solve on one thread). Each result depends only on
// its job, so the number of goroutines changes nothing but the time. The
// sub-solves close their neighbourhoods to the default gap whatever the
// component's: at the component's gap they would keep their start as
// soon as it is within that gap of their own bound, and under --gap 0.15
// the LNS on DDU 2,000 × 10,000 found nothing in 300 s (0 sub-nodes).
func (s *search) lnsSolve(jobs []lnsJob, eng engines.Engine, workers int) {
	// The sub-solves see a cancellation at the deadline, not the deadline
	// itself, which would make the LP engine work in time slices (and the
	// search skip steps by the time left): so their results depend only
	// on their inputs until they are stopped.
	ctx, stop := context.WithCancel(context.WithValue(context.WithoutCancel(s.ctx), lnsSubSolve{}, true))
	defer stop()
	defer context.AfterFunc(s.ctx, stop)()
	par.ForEach(len(jobs), max(workers, 1), func(i int) {
		j := &jobs[i]
		j.r, j.err = Solve(ctx, j.res.In, Options{Engine: eng.Name, Threads: 1, RelGap: min(s.relGap, DefaultRelGap),
			NodeLimit: j.limit, Start: j.res.Start})
	})
}

// lnsApply offers the sub-solution of a job, put in the place of its free
// bids in the incumbent (which an earlier job of the batch may have
// changed since the restriction: Check on the whole component then
// decides), and improves it locally when it wins. It reports whether the
// incumbent improved and the sub-solve's status (0 when it failed).
func (s *search) lnsApply(j *lnsJob) (bool, Status) {
	if j.err != nil {
		return false, 0
	}
	r := j.r
	s.subNodes += r.Stats.Nodes + r.Stats.SubNodes
	s.iters += r.Stats.LPIterations
	if r.Status != Optimal && r.Status != Feasible && r.Status != Canceled {
		return false, r.Status
	}
	up, err := j.res.Lift(r.Allocation)
	if err != nil {
		return false, r.Status
	}
	free := make(map[int]bool, len(j.res.Bids))
	for _, i := range j.res.Bids {
		free[i] = true
	}
	a := auction.Allocation{Awards: up.Awards}
	for _, aw := range s.inc.Awards {
		if !free[aw.Bid] {
			a.Awards = append(a.Awards, aw)
		}
	}
	slices.SortFunc(a.Awards, func(x, y auction.Award) int { return x.Bid - y.Bid })
	if !s.offer(a) {
		return false, r.Status
	}
	if s.ctx.Err() == nil { // past the deadline, the time is the finish's
		s.improve()
	}
	return true, r.Status
}
