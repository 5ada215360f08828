package solver

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// The LNS of a component that also gets PDHG's bound (both need
// lnsNonzeros = pdhgNonzeros elements and an LP that longRoot expects to
// take long) runs beside the Lagrangian steps
// (the subgradient method, then PDHG) and beside the root LP and its cut
// loop, rather than before them: it starts from the incumbent of the
// greedy orders, on a copy of the search's incumbent state, and neither
// side sees the other's allocations until the two join, after the cut
// loop and before the tree. There the LNS's incumbent replaces the
// search's when it is strictly better, and the tree's first heuristics
// and the reduced-cost fixing see it. So the root's rounding heuristic and
// the cut loop (whose stops compare the bound with the incumbent) see the
// incumbent of the greedy orders and the Lagrangian heuristics, never the
// LNS's, even when the LNS has ended before the root LP (as it does on
// one thread, and under a deadline too close for the root LP: see
// lnsRootFactor).
//
// When the Lagrangian bound closes the component with that incumbent, the
// LNS is stopped and what it found dropped. When the LNS's incumbent is
// closed by the Lagrangian bound (lns_link.go), the LNS stops, the root
// side stops at its next check of the context (its LP solves are
// interrupted only by the component's context, modelCtx: a root LP that
// has started ends first), and the search
// ends with the LNS's incumbent and the Lagrangian bound; whatever the
// root side did is dropped, its work uncounted.
//
// With Options.Threads of 2 or more the LNS runs on a goroutine of its own,
// its batches of two sub-solves on up to Threads goroutines while the
// Lagrangian products share the other Threads − 1 workers, Threads − 1
// (at least one) while the root side runs, and Threads again once the
// root side has ended and waits for it. With 1 the steps run one after the
// other: the Lagrangian steps, the LNS from the copy to its end, then the
// root LP and the cut loop from the search's own state. The result does
// not depend on Threads, up to where a deadline stops a step (the LP
// engines, too, give the root LP a share of the time left that depends on
// when it starts). The Lagrangian heuristics find nothing above the greedy
// orders on the national DDU market, so the LNS loses nothing by starting
// before them, and on two cores it gains the time they take (on the
// national market 20 s on a quiet machine, over a minute on a loaded one)
// and, when the time left allows it, the root LP's and the cut loop's.

// lnsBeside says whether a component that gets PDHG runs its LNS beside
// the Lagrangian steps and the root LP (see above) rather than after the
// Lagrangian steps and before the root LP.
var lnsBeside = true

// lnsRootFactor: under a deadline, the root side starts beside the LNS
// only when the time left is at least lnsRootFactor times what the
// Lagrangian steps took; else it waits for the LNS's end, as on one
// thread (it still sees the search's own incumbent, so the result is the
// same either way: the choice changes only the time). Measured on DDU
// 2,000 × 10,000 at load 12–17 (paired runs, each order once, as the
// binary started first gets more of the CPU): the Lagrangian steps take
// 13–15 s; the root LP alone 18 s, beside the LNS about 50 s, and its cut
// loop did not end within another 50 s. At 60 s, the root side beside the
// LNS never ended its LP and took the LNS a third of its sub-solves (gap
// 16.04% and 15.94% against 15.94% and 15.44%); at 120 s its LP bound
// (7,429,032 against PDHG's 7,442,854) made up for what the LNS lost (gap
// 14.46% against 14.45% and 14.44%). With 8, a 60-s or a 120-s run waits
// for the LNS as before; a run without a deadline, or with minutes left,
// gets both at once. The national DDU market's LP (about ten minutes)
// never starts beside the LNS within a minute or two.
var lnsRootFactor = 8.0

// rootBeside reports whether the root side starts beside an LNS still
// running, after Lagrangian steps that took lag (see lnsRootFactor).
func (s *search) rootBeside(lag time.Duration) bool {
	dl, ok := s.ctx.Deadline()
	return !ok || time.Until(dl) >= time.Duration(lnsRootFactor*float64(lag))
}

// beforeRoot runs the steps of a large component before its root LP: the
// Lagrangian bounds and the LNS. It reports whether they close the
// component, and returns the LNS that goes on beside the root LP when one
// runs beside the search (which must join it: run).
func (s *search) beforeRoot(eng engines.Engine) (bool, *lnsRun) {
	closes, run, prepared := s.lagrangian(eng)
	switch {
	case closes:
		return true, nil
	case run != nil:
		if !s.rootBeside(run.lagTime) {
			<-run.done // the root side after the LNS, which it does not see before the join
		}
		if run.closedEarly(s.lagBound) { // no root LP
			run.join(s, nil)
			return true, nil
		}
		return false, run
	case prepared:
		return false, nil
	}
	return s.lns(eng), nil
}

// lnsRun is an LNS on a copy of the search's incumbent state, for
// running beside other steps of the search.
type lnsRun struct {
	t        *search
	link     *lnsLink
	cancel   context.CancelFunc // stops t
	root     context.Context    // the root side's context: canceled when the LNS closes the component
	stopRoot context.CancelFunc
	threads  int           // the search's (Options.Threads, or GOMAXPROCS)
	lagTime  time.Duration // what the Lagrangian steps took
	async    bool          // the LNS runs on a goroutine of its own (threads ≥ 2)
	started  bool
	closed   bool // the LNS stopped on a published bound (set before done is closed)
	done     chan struct{}
	gate     chan struct{}                      // tests: when set, the goroutine waits for it before the first batch
	report   func(float64, float64, int64, int) // the search's own reporter, given back at the join
}

// lnsPoint names the points at which lnsTestHook is called.
type lnsPoint int

const (
	lnsAtPrepared    lnsPoint = iota // the LNS is prepared, not started
	lnsAtLagrangeEnd                 // the Lagrangian steps have ended; L is not yet published
	lnsAtRootEnd                     // the root side has ended; the search is about to join the LNS
	lnsAtJoined                      // the search has joined the LNS (r.closed says whether it closed the component)
)

// lnsTestHook, when set (tests only), is called by the search's goroutine
// at the lnsPoints of an LNS beside it, so that a test can force the order
// in which the two sides run.
var lnsTestHook func(r *lnsRun, at lnsPoint)

// prepareLNS copies the search's incumbent state for an LNS, or returns
// nil when the component gets no LNS. The copy has its own Rounder; it
// shares the instance, the formulation and the options, which neither side
// changes.
func (s *search) prepareLNS() *lnsRun {
	if !s.lnsApplies() {
		return nil
	}
	ctx, cancel := context.WithCancel(s.ctx)
	t := &search{ctx: ctx, in: s.in, f: s.f, opts: s.opts, relGap: s.relGap, pace: s.pace,
		integer: s.integer, integralObj: s.integralObj,
		inc: auction.Allocation{Awards: slices.Clone(s.inc.Awards)}, incObj: s.incObj, hasInc: s.hasInc,
		prunedMax: math.Inf(-1), failedMax: math.Inf(-1), lagBound: math.Inf(1)}
	if r, err := wdp.NewRounder(s.in); err == nil {
		t.rounder = r
	}
	threads := s.threads()
	root, stopRoot := context.WithCancel(s.ctx)
	r := &lnsRun{t: t, link: newLNSLink(threads), cancel: cancel, root: root, stopRoot: stopRoot,
		threads: threads, async: threads >= 2, done: make(chan struct{})}
	if lnsTestHook != nil {
		lnsTestHook(r, lnsAtPrepared)
	}
	return r
}

// start runs the LNS, on a goroutine of its own when r.async, else to its
// end. Until the join, the copy and the search report through one merged
// reporter.
func (r *lnsRun) start(eng engines.Engine, s *search) {
	r.started = true
	t := r.t
	r.report = s.report
	if s.report != nil {
		m := &mergedReport{report: s.report, inc: math.Inf(-1), bound: math.Inf(1)}
		s.report, t.report = m.forward, m.forward
	}
	if !r.async {
		r.link.workers.Store(1)
		r.closed = t.lnsPasses(eng, r.link)
		close(r.done)
		return
	}
	go func() {
		defer close(r.done)
		if r.gate != nil {
			select {
			case <-r.gate:
			case <-t.ctx.Done():
			}
		}
		if r.closed = t.lnsPasses(eng, r.link); r.closed {
			r.stopRoot()
		}
	}()
}

// closedEarly reports, without waiting, whether the LNS has ended with
// an incumbent that the Lagrangian bound lag (final: lns_link.go) closes.
func (r *lnsRun) closedEarly(lag float64) bool {
	select {
	case <-r.done:
	default:
		return false
	}
	if !r.link.sawFinal {
		r.closed = r.link.settle(r.t, lag)
	}
	return r.closed
}

// join waits for the LNS to end and reports whether its incumbent is
// closed by the Lagrangian bound L (s.lagBound, final by now: lns_link.go).
// If so, the search gets back the state mark recorded before its root side
// (when not nil) and takes the LNS's incumbent; if not, it takes the
// LNS's incumbent when strictly better than its own. Either way it counts
// the LNS's work and gets its reporter back.
func (r *lnsRun) join(s *search, mark *rootMark) bool {
	<-r.done
	r.cancel()
	r.stopRoot()
	t := r.t
	if !r.link.sawFinal {
		r.closed = r.link.settle(t, s.lagBound)
	}
	s.report = r.report
	if r.closed && mark != nil {
		mark.restore(s)
	}
	s.subNodes += t.subNodes
	s.iters += t.iters
	if t.hasInc && t.incObj > s.incObj {
		// t.inc passed Check on this component when t took it: no need
		// to check it again (which on the national market takes a
		// quarter of a second, after the deadline).
		s.inc, s.incObj, s.hasInc = t.inc, t.incObj, true
	}
	if lnsTestHook != nil {
		lnsTestHook(r, lnsAtJoined)
	}
	return r.closed
}

// discard stops the LNS if it runs, waits for it, drops what it found and
// gives the search its reporter back.
func (r *lnsRun) discard(s *search) {
	r.cancel()
	r.stopRoot()
	if r.started {
		<-r.done
		s.report = r.report
	}
}

// rootMark is the state of a search that its root side may change and
// result reads: what the search gets back when an LNS beside the root side
// closes the component (which one thread finds before the root LP).
type rootMark struct {
	inc                    auction.Allocation
	incObj                 float64
	hasInc                 bool
	nodes, subNodes, iters int64
	ncuts, failed          int
	prunedMax, failedMax   float64
	stopped                bool
	numerical              error
}

// markRoot records the state rootMark holds.
func (s *search) markRoot() rootMark {
	return rootMark{inc: s.inc, incObj: s.incObj, hasInc: s.hasInc, nodes: s.nodes, subNodes: s.subNodes,
		iters: s.iters, ncuts: s.ncuts, failed: s.failed, prunedMax: s.prunedMax, failedMax: s.failedMax,
		stopped: s.stopped, numerical: s.numerical}
}

// restore gives s back the state of m.
func (m *rootMark) restore(s *search) {
	s.inc, s.incObj, s.hasInc = m.inc, m.incObj, m.hasInc
	s.nodes, s.subNodes, s.iters = m.nodes, m.subNodes, m.iters
	s.ncuts, s.failed, s.prunedMax, s.failedMax = m.ncuts, m.failed, m.prunedMax, m.failedMax
	s.stopped, s.numerical = m.stopped, m.numerical
}

// mergedReport forwards the reports of two searches of one component
// that run at once: the best incumbent and the least bound of both.
type mergedReport struct {
	mu         sync.Mutex
	report     func(float64, float64, int64, int)
	inc, bound float64
}

func (m *mergedReport) forward(incumbent, bound float64, nodes int64, open int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.inc = math.Max(m.inc, incumbent)
	m.bound = math.Min(m.bound, bound)
	m.report(m.inc, m.bound, nodes, open)
}
