package solver

import (
	"context"
	"math"
	"slices"
	"sync/atomic"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// RINS's sub-searches run on a model of their own (heurModel: the
// formulation and the root's cuts, loaded once), from a snapshot of the
// search taken when a run is due: the incumbent, the LP solution of the
// node, the pseudo-costs, the global bounds and the basis. The search goes
// on meanwhile and sees nothing of the sub-search until its merge point:
// the first node (or pause between dives) at which the search has done,
// since the launch, at least as many simplex iterations as the sub-search
// took in all. Then the sub-search's allocation is offered and its work
// counted.
//
// With Options.Threads of 2 or more the sub-search runs on a goroutine of
// its own, beside the search; with 1 it runs at once, and its result waits
// for the merge point all the same. Either way the search takes the
// sub-search's allocation at the same point of its own work, so the award
// does not depend on Threads. While the sub-search runs, the search knows
// a lower bound on its iterations (what its model has counted so far): up
// to that many the search need not wait, and past it, it waits for the
// sub-search to end before it knows whether the merge is due. On two
// cores the search thus gets back the share of its time RINS took
// (46% of the first 30 s on CATS regions 256 × 1,000, 32% on L6, 14% on L3
// and arbitrary, with Clp).
//
// One sub-search runs at a time; the next run is due rins.interval nodes
// after the launch of the last, and starts at the first pause after the
// merge when that has passed (as often as before the sub-searches ran
// beside the search: spacing the runs from the merge instead halved
// RINS's nodes, and cost DDU 200 × 1,000 and CATS L6 their incumbents). A
// neighbourhood that its sub-search closes without a better allocation,
// when the target left out columns on which the incumbent and the LP
// solution disagree, is widened and searched again at once, from the same
// LP solution (up to rinsRetries times in a row).

// heurModel is the LP model of RINS's sub-searches, with the bounds it
// holds and the sub-searches' own scratch space.
type heurModel struct {
	m        *countingModel
	lo, hi   []float64
	isTouch  []bool
	touched  []int
	all      []int // every column: the sub-search loads its bounds afresh
	rounder  *wdp.Rounder
	pc       pseudoCosts
	basis    lp.Basis
	x, d     []float64
	cols     []int
	clo, chi []float64
}

// countingModel is a model that adds the simplex iterations of every solve
// to a counter that another goroutine may read.
type countingModel struct {
	lp.Model
	iters *atomic.Int64
}

// Solve solves the model and counts its iterations.
func (c *countingModel) Solve(lim lp.Limits) (lp.Status, error) {
	st, err := c.Model.Solve(lim)
	if it := c.Model.Iterations(); it > 0 {
		c.iters.Add(int64(it))
	}
	return st, err
}

// rinsJob is one sub-search of RINS, launched from a snapshot of the
// search.
type rinsJob struct {
	sub       *search
	done      chan struct{}
	iters     atomic.Int64 // the sub-search's iterations so far: at most sub.iters
	atIters   int64        // the search's iterations at the launch
	atNodes   int64        // the search's nodes at the launch
	atInc     float64      // the search's incumbent objective at the launch
	x         []float64    // the LP solution the neighbourhood is of
	widenable bool         // the target left columns fixed that x and the incumbent disagree on
	cancel    context.CancelFunc
}

// heurModel returns RINS's model, loading it on the first call; nil when
// the engine cannot load it (RINS then no longer runs).
func (s *search) heurModel() *heurModel {
	h := &s.heur
	if h.hm != nil || h.hmFailed {
		return h.hm
	}
	p := s.f.Problem
	m := &countingModel{Model: s.newModel(), iters: new(atomic.Int64)}
	if err := m.Load(p); err != nil {
		m.Close()
		h.hmFailed = true
		return nil
	}
	if s.cuts != nil && s.cuts.Len() > 0 {
		if err := m.AddRows(s.cuts); err != nil {
			m.Close()
			h.hmFailed = true
			return nil
		}
	}
	n := len(p.Objective)
	hm := &heurModel{m: m, lo: slices.Clone(p.ColLower), hi: slices.Clone(p.ColUpper),
		isTouch: make([]bool, n), all: make([]int, n)}
	for j := range hm.all {
		hm.all[j] = j
	}
	if r, err := wdp.NewRounder(s.in); err == nil {
		hm.rounder = r
	}
	h.hm = hm
	return hm
}

// closeHeurModel closes RINS's model, after stopping a sub-search that
// still runs on it.
func (s *search) closeHeurModel() {
	h := &s.heur
	if j := h.job; j != nil {
		j.cancel()
		<-j.done
		h.job = nil
	}
	if h.hm != nil {
		h.hm.m.Close()
		h.hm = nil
	}
}

// launchRINS starts a sub-search of RINS from the LP solution x and the
// incumbent (see rins.go for the neighbourhood), and reports whether it
// did.
func (s *search) launchRINS(x []float64) bool {
	h := &s.heur
	if len(s.inc.Awards) == 0 || len(x) < len(s.integer) || h.job != nil {
		return false
	}
	if h.freeCols == 0 {
		h.freeCols = rinsFree
	}
	limit := h.subNodeLimit()
	if s.opts.NodeLimit > 0 {
		// The search keeps at least half of the nodes left.
		limit = min(limit, (s.opts.NodeLimit-s.nodes-s.subNodes)/2)
	}
	if limit < 1 {
		return false
	}
	p := s.incPoint()
	if p == nil || !s.rinsFix(x, p) {
		return false
	}
	hm := s.heurModel()
	if hm == nil {
		return false
	}
	if s.m.Status() == lp.Optimal && s.m.Basis(&hm.basis) == nil {
		if err := hm.m.SetBasis(&hm.basis); err != nil {
			return false
		}
	}
	s.pc.copyTo(&hm.pc)
	ctx, cancel := context.WithCancel(s.ctx)
	sub := &search{ctx: ctx, in: s.in, f: s.f, m: hm.m, opts: s.opts, relGap: s.relGap,
		report:  func(float64, float64, int64, int) {},
		integer: s.integer, integralObj: s.integralObj,
		glo: slices.Clone(h.glo), ghi: slices.Clone(h.ghi), lo: hm.lo, hi: hm.hi, isTouch: hm.isTouch,
		touched: hm.touched, sync: hm.all,
		inc: auction.Allocation{Awards: slices.Clone(s.inc.Awards)}, incObj: s.incObj, hasInc: s.hasInc,
		prunedMax: math.Inf(-1), failedMax: math.Inf(-1), lagBound: math.Inf(1),
		cuts: s.cuts, newModel: s.newModel, pc: hm.pc, strongIters: math.MaxInt64, rounder: hm.rounder,
		x: hm.x, d: hm.d, cols: hm.cols, clo: hm.clo, chi: hm.chi,
		heur: heurState{sub: true},
	}
	sub.opts.NodeLimit = limit
	// The root bound holds in any restriction; +Inf would close at once
	// against a relative gap.
	sub.open.push(&node{bound: s.rootObj, col: -1})
	j := &rinsJob{sub: sub, done: make(chan struct{}), atIters: s.iters, atNodes: s.nodes, atInc: s.incObj, x: slices.Clone(x),
		widenable: len(h.fix) > h.agree, cancel: cancel}
	hm.m.iters = &j.iters
	h.job = j
	run := func() {
		defer close(j.done)
		sub.loop()
	}
	if s.threads() >= 2 {
		go run()
	} else {
		run()
	}
	return true
}

// mergeRINS takes the result of the running sub-search when its merge
// point has come, or at once when final (the search ends), and reports
// whether it improved the incumbent.
func (s *search) mergeRINS(final bool) (won bool) {
	h := &s.heur
	j := h.job
	if j == nil {
		return false
	}
	if !final {
		since := s.iters - j.atIters
		if since < j.iters.Load() {
			return false // j.iters ≤ sub.iters: not due yet
		}
		<-j.done
		if since < j.sub.iters {
			return false
		}
	}
	<-j.done
	j.cancel()
	h.job = nil
	sub := j.sub
	hm := h.hm
	hm.x, hm.d, hm.pc = sub.x, sub.d, sub.pc
	hm.cols, hm.clo, hm.chi = sub.cols, sub.clo, sub.chi
	hm.touched = sub.touched[:0]
	s.subNodes += sub.nodes
	h.nodes += sub.nodes
	s.iters += sub.iters
	h.subs.spent += sub.iters
	if sub.numerical != nil {
		// The search's own model is intact: RINS stops, the search goes on.
		s.closeHeurModel()
		h.hmFailed = true
		return false
	}
	complete := len(sub.open) == 0 && !sub.stopped
	found := sub.incObj > j.atInc
	won = found && s.offer(sub.inc)
	switch {
	case complete:
		h.freeCols = min(h.freeCols*3/2, rinsMaxFree)
	case !found:
		h.freeCols = max(h.freeCols*2/3, rinsMinFree)
	}
	if !final && complete && !found && j.widenable && h.retries < rinsRetries && h.subs.streak < h.subs.grace && !h.subs.over() {
		// Widen the neighbourhood of the same LP solution and search it
		// again at once: the same run of RINS, paid for when it ends.
		h.retries++
		h.freeCols = min(h.freeCols*2, rinsMaxFree)
		if s.launchRINS(j.x) {
			return won
		}
	}
	h.retries = 0
	h.subs.paid(won)
	h.rins.after(j.atNodes, true, won)
	h.lastInc = s.incObj
	return won
}

// endRINS ends RINS when the search ends: a sub-search still running is
// merged when the search stopped at a limit, and dropped, with its work
// uncounted, when the search closed its tree (its allocation could only
// be within the gap of the incumbent, and whether it ended first depends
// on timing); then RINS's model is closed.
func (s *search) endRINS() {
	if s.stopped || s.numerical != nil {
		s.mergeRINS(true)
	}
	s.closeHeurModel() // stops and drops a sub-search not merged
}
