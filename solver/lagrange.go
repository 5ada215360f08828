package solver

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"time"

	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/lagrange"
	"github.com/gavelhq/gavel/solver/internal/lp"
)

// A component whose formulation has at least lagrangeNonzeros matrix
// elements is bounded by the Lagrangian dual (package lagrange) before its
// root LP, and the multipliers' reduced costs order a greedy allocation.
// On the largest components the LP can take minutes (the national DDU
// market: 97,000 rows, 4.2 million elements, about 10 minutes for Clp), and
// a stop before it ends would otherwise leave only the capacity bound and
// the LOS greedy allocation; on CATS markets of 1,000 goods × 5,000 bids
// the heuristic's start beats LOS's by 0.2–1.7% and an L2 market (whose LP
// is integral) is proven optimal without an LP.
//
// The multipliers come first from lagrangeIterations subgradient steps
// with a Lagrangian heuristic every lagrangeEvery of them: milliseconds at
// the threshold, and enough to prove an L2 market of 1,000 goods × 5,000
// bids (2.45 million elements) optimal in a second. A component this leaves
// open that has at least pdhgNonzeros elements, one whose LP takes long
// (DDU markets from 2,000 DDUs on), is then bounded again by the restarted
// primal-dual hybrid gradient (PDLP) on the LP, polished by lagrangePolish
// sweeps of coordinate descent: on the national market 1,000 steps and 3
// sweeps bound the LP within 1.4% of its optimum (5.690e9), where 300
// subgradient steps stop 3.5% above it; on DDU 2,000 × 10,000 within 0.4%
// against 1.1% after 1,000 subgradient steps. The steps are counted, not
// timed: pdhgWork matrix elements visited (two per element and step), at
// least pdhgMinIterations and at most pdhgMaxIterations steps, so that the
// national market gets 1,000 (about 20 s on one core), with a Lagrangian
// heuristic every pdhgEvery steps. Below pdhgNonzeros the root LP comes
// soon enough that PDHG would only delay it (it would add a third to the
// 0.6 s that prove L7 256 × 1,000 optimal, and its bound lags the
// subgradient's on L2, whose LP is integral). So does a component of
// fewer than longRootRows rows and longRootCols columns whose rows ×
// elements, a measure of the simplex's work (pivots grow with the rows,
// each prices the elements), are below longRootWork: dense bids on few
// items make a quick LP. L7 1,000 × 5,000 (1.0 million elements on 1,000
// rows and 5,000 columns: 1.0e9) has its LP from Clp in 2–8 s of CPU and
// is proven optimal by its first clique cuts, where PDHG and the LNS
// before the LP took the whole minute (74% gap at 60 s). The others keep
// PDHG and the LNS first: L7 2,000 × 10,000 (4.0 million elements on
// 2,000 rows: 8e9), whose LP takes over a minute; markets of many sparse
// bids (L4 3,000 × 100,000, L6 4,000 × 50,000: their LPs did not end
// within 80 s of CPU, where with PDHG first their 60-s gaps are 0.14% and
// 6.5%); and DDU markets from about 1,500 DDUs, the first with 200,000
// elements (DDU 2,000 × 10,000: 0.28 million elements on 10,209 rows, its
// LP 18 s and more).
//
// Both methods split their products with the matrix over the workers
// the search has for itself (Options.Threads, less the one the LNS takes
// beside them on a component whose LP is expected to take long, longRoot:
// see lns_early.go), by fixed blocks of rows and columns, so that their
// results are bit-identical whatever the number: on DDU 2,000 × 10,000
// (0.5 million elements), 100 PDHG steps take 0.15 s on two workers
// against 0.29 s on one, 100 subgradient steps 0.13 s against 0.16 to 0.19 s
// (measured on a loaded machine).
//
// Before the multipliers, the greedy runs in two orders that weigh
// contested items up (wdp.Rounder.GreedyContention), contentionOrders: on
// the national DDU market they start 2.5–3% above LOS's greedy (4.48e9 and
// 4.53e9 against 4.39e9), on DDU 200 × 1,000 2% above; no single order wins
// everywhere, and each costs one greedy pass.
var (
	lagrangeNonzeros   = 10_000
	lagrangeIterations = 300
	lagrangeEvery      = 30
	pdhgNonzeros       = 200_000
	longRootRows       = 5_000
	longRootCols       = 20_000
	longRootWork       = 2e9
	pdhgWork           = 8.4e9
	pdhgMinIterations  = 300
	pdhgMaxIterations  = 2000
	lagrangePolish     = 3
	pdhgEvery          = 100
	contentionOrders   = []struct{ alpha, beta float64 }{{0.5, 0.5}, {0.75, 0.25}}
	lagrangeSplitFrom  = 0 // lagrange.Options.SplitFrom: 0 for its default (tests split small components)
)

// pdhgIterations is the number of PDHG steps for a component of nnz
// matrix elements.
func pdhgIterations(nnz int) int {
	it := pdhgMaxIterations
	if w := pdhgWork / (2 * float64(max(nnz, 1))); w < float64(it) {
		it = max(int(w), pdhgMinIterations)
	}
	return it
}

// lagrangian bounds a large component by the Lagrangian dual of its
// formulation, offers the allocations that the greedy rule builds in the
// order of the bids' reduced costs relative to their prices (1 − shadow
// cost / price: on the national DDU market this order beats the order of
// absolute reduced costs by 10%; LOS's order is still 3% better there),
// improved locally when better,
// and keeps the bound in s.lagBound. It returns whether that bound closes
// the component (the incumbent is then proven within the gap), the
// component's LNS when it runs beside the Lagrangian steps and goes on
// beside the root LP (lns_early.go; nil when it does not, or when the
// bound closes the component), and whether the component's LNS was
// prepared here (and so must not run again after them).
func (s *search) lagrangian(eng engines.Engine) (closes bool, run *lnsRun, prepared bool) {
	p := s.f.Problem
	if p.NumNonzeros() < lagrangeNonzeros {
		return false, nil, false
	}
	if s.rounder != nil {
		for _, o := range contentionOrders {
			if s.offer(s.rounder.GreedyContention(o.alpha, o.beta)) {
				s.improve()
			}
		}
	}
	// The LNS of a component that gets PDHG runs beside the Lagrangian
	// steps, from the incumbent they start from (lns_early.go).
	began := time.Now()
	threads := s.threads()
	if lnsBeside && longRoot(p, pdhgNonzeros) {
		run = s.prepareLNS()
	}
	if run != nil && run.async {
		// The LNS's goroutine takes one worker from the Lagrangian
		// products; its sub-solves, two at a time, share the CPUs with
		// them (capping them at one worker beside PDHG cost DDU 2,000 ×
		// 10,000 0.4% of its 60-s gap in a paired run, loaded).
		run.start(eng, s)
		threads--
	}
	nb := len(s.in.Bids)
	order := make([]int, nb)
	key := make([]float64, nb)
	primal := func(d, _ []float64) float64 {
		if s.rounder == nil {
			return s.incObj
		}
		for i := range nb {
			order[i] = i
			key[i] = d[i]
			if z := s.f.Switch[i]; z >= 0 {
				key[i] += d[z]
			}
			if v := p.Objective[i]; v > 0 {
				key[i] /= v // 1 − shadow cost / price
			}
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(key[b], key[a]) })
		if s.offer(s.rounder.GreedyOrder(order)) {
			s.improve()
		}
		return s.incObj
	}
	res := lagrange.Solve(s.ctx, p, lagrange.Options{
		Iterations: lagrangeIterations, Target: s.incObj, RelGap: s.relGap,
		Every: lagrangeEvery, Primal: primal, Threads: threads, SplitFrom: lagrangeSplitFrom,
	})
	s.keepLagBound(res.Bound)
	if run != nil {
		run.link.publish(s.lagBound, false)
	}
	if !s.lagrangeCloses() && longRoot(p, pdhgNonzeros) && s.ctx.Err() == nil {
		res = lagrange.Solve(s.ctx, p, lagrange.Options{
			Method: lagrange.PDHG, Iterations: pdhgIterations(p.NumNonzeros()), Polish: lagrangePolish,
			Target: s.incObj, RelGap: s.relGap, Every: pdhgEvery, Primal: primal, Threads: threads,
			SplitFrom: lagrangeSplitFrom,
		})
		s.keepLagBound(res.Bound)
	}
	if run == nil {
		return s.lagrangeCloses(), nil, false
	}
	run.lagTime = time.Since(began)
	if lnsTestHook != nil {
		lnsTestHook(run, lnsAtLagrangeEnd)
	}
	run.link.publish(s.lagBound, true)
	if s.lagrangeCloses() {
		// Proven without the LNS: whatever it found is dropped, so that the
		// result is the one of a single thread, which does not run it.
		run.discard(s)
		return true, nil, true
	}
	if !run.started {
		run.start(eng, s) // one thread: the LNS to its end, then the root LP
	}
	return false, run, true
}

// longRoot reports whether the LP of p is expected to take long: it has
// at least nnz elements, and longRootRows rows, longRootCols columns or
// rows × elements of longRootWork.
func longRoot(p *lp.Problem, nnz int) bool {
	rows, n := p.NumRows(), p.NumNonzeros()
	return n >= nnz && (rows >= longRootRows || p.NumCols() >= longRootCols || float64(rows)*float64(n) >= longRootWork)
}

// threads is the number of workers of the search's own parallel steps
// (the products of the Lagrangian methods): Options.Threads, or
// GOMAXPROCS for 0. The results do not depend on it.
func (s *search) threads() int {
	if s.opts.Threads > 0 {
		return s.opts.Threads
	}
	return runtime.GOMAXPROCS(0)
}

// keepLagBound keeps a Lagrangian bound in s.lagBound when it is better,
// and reports it.
func (s *search) keepLagBound(b float64) {
	if math.IsInf(b, 0) || math.IsNaN(b) || b >= s.lagBound {
		return
	}
	s.lagBound = b
	if s.report != nil {
		s.report(s.incObj, s.lagBound, 0, 0)
	}
}

// lagrangeCloses reports whether the Lagrangian bound closes the
// component. It does so only for an incumbent that is an allocation (the
// empty one is not, under rules that force awards).
func (s *search) lagrangeCloses() bool {
	return s.closes(s.lagBound) && len(s.in.Check(s.inc)) == 0
}
