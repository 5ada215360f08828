package solver

import (
	"context"
	"math"
	"slices"
	"sync"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// The LNS of a component that also gets PDHG's bound (both need
// lnsNonzeros = pdhgNonzeros elements) runs beside the Lagrangian steps
// (the subgradient method, then PDHG) rather than after them: it starts
// from the incumbent of the greedy orders, on a copy of the search's
// incumbent state, and neither side sees the other's allocations until
// both have ended; then the LNS's incumbent replaces the search's when it
// is strictly better, and the bound is the Lagrangian one. When the
// Lagrangian bound closes the component, the LNS is stopped and what it
// found dropped. With Options.Threads of 2 or more the LNS runs on a
// goroutine of its own (its batches of two sub-solves on up to
// Threads goroutines) and the Lagrangian products share the other
// Threads − 1 workers; with 1 the Lagrangian steps run first, then the LNS from the
// same copy, so the result does not depend on Threads (up to where a
// deadline stops either). The Lagrangian heuristics find nothing above
// the greedy orders on the national DDU market, so the LNS loses nothing
// by starting before them, and on two cores it gains the time they take
// (on the national market 20 s on a quiet machine, over a minute on a
// loaded one).

// lnsBeside says whether a component that gets PDHG runs its LNS beside
// the Lagrangian steps (see above) rather than after them.
var lnsBeside = true

// beforeRoot runs the steps of a large component before its root LP: the
// Lagrangian bounds and the LNS. It reports whether they close the
// component.
func (s *search) beforeRoot(eng engines.Engine) bool {
	closes, lnsRan := s.lagrangian(eng)
	if closes || lnsRan {
		return closes
	}
	return s.lns(eng)
}

// lnsRun is an LNS on a copy of the search's incumbent state, for
// running beside another step of the search.
type lnsRun struct {
	t       *search
	cancel  context.CancelFunc // stops t
	started bool
	done    chan struct{}
}

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
		prunedMax: math.Inf(-1), failedMax: math.Inf(-1), lagBound: s.lagBound}
	if r, err := wdp.NewRounder(s.in); err == nil {
		t.rounder = r
	}
	return &lnsRun{t: t, cancel: cancel, done: make(chan struct{})}
}

// start runs the LNS, on a goroutine of its own when async. Until join,
// the copy and the search report through one merged reporter.
func (r *lnsRun) start(eng engines.Engine, s *search, async bool) {
	r.started = true
	t := r.t
	if s.report != nil {
		m := &mergedReport{report: s.report, inc: math.Inf(-1), bound: math.Inf(1)}
		s.report, t.report = m.forward, m.forward
	}
	run := func() {
		defer close(r.done)
		t.lnsPasses(eng)
	}
	if async {
		go run()
	} else {
		run()
	}
}

// join waits for the LNS to end, takes its incumbent when better and its
// work, and gives the search its reporter back.
func (r *lnsRun) join(s *search, report func(float64, float64, int64, int)) {
	<-r.done
	r.cancel()
	t := r.t
	s.subNodes += t.subNodes
	s.iters += t.iters
	s.report = report
	if t.hasInc && t.incObj > s.incObj {
		// t.inc passed Check on this component when t took it: no need
		// to check it again (which on the national market takes a
		// quarter of a second, after the deadline).
		s.inc, s.incObj, s.hasInc = t.inc, t.incObj, true
	}
}

// discard stops the LNS if it runs, waits for it, drops what it found and
// gives the search its reporter back.
func (r *lnsRun) discard(s *search, report func(float64, float64, int64, int)) {
	r.cancel()
	if r.started {
		<-r.done
	}
	s.report = report
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
