package solver

import (
	"math"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// The LP-based primal heuristics run between the dives of the search, on
// the search's own LP model: RINS is a small sub-search (subSearch) of a
// restriction of the problem, with its own global bounds, and the LP dives
// (dive.go) change bounds of the model along one path; when either ends,
// the search's next node loads its bounds over whatever it left. Their
// work is counted in nodes and simplex iterations, never in time, so that
// a search finds the same allocations on every run. Their nodes (a dive's
// LP solves) are counted apart from the search's (Stats.SubNodes), and
// Options.NodeLimit bounds both together.
//
// The sub-searches earn simplex iterations as the search works (the dives
// keep an account of their own, in the same way: dive.go): heurBase
// at the start, then a share of every iteration of the search itself. The
// share is heurShare while they pay; after heurGrace runs in a row that do
// not improve the incumbent it halves with every further such run, and it
// is heurShare again after a run that improves it. A heuristic runs only
// while the iterations spent stay within those earned.
const (
	heurShare = 0.5
	heurBase  = 20000
	heurGrace = 3
)

// heurState is the schedule, the accounts and the scratch space of the
// LP-based heuristics of one search.
type heurState struct {
	sub bool // the search is a heuristic's sub-search: no heuristics of its own but rounding

	started   bool
	rins      schedule
	subs      budget  // the sub-searches' (RINS's) simplex iterations
	nodes     int64   // nodes of the sub-searches
	mainIters int64   // simplex iterations of the search itself, at the last account
	freeCols  int     // free binary columns RINS aims to leave (0: not set yet)
	lastInc   float64 // the incumbent after RINS's last run

	// The dives (dive.go): their schedule, the kind of the next one, their
	// LP solves and their account (as the sub-searches', apart).
	dive      schedule
	diveKind  diveKind
	diveStep  float64 // the share of the fractional columns a step takes up, at most
	diveNodes int64
	dives     budget

	incObj float64   // objective of the incumbent incX stands for
	incX   []float64 // the incumbent as a point of the formulation, or nil

	glo, ghi []float64 // global bounds of the next sub-search
	fix      []int     // columns whose bounds in glo, ghi differ from the search's
	agree    int       // how many of them (the first) RINS fixed because x and the incumbent agree
	near     []int     // scratch: columns RINS may fix beyond those that agree
	touched  []int     // scratch for the sub-search
	x, d     []float64 // LP buffers of the sub-search
	pc       pseudoCosts
	basis    lp.Basis    // the model's basis before a sub-search or a dive, restored after
	restored bool        // the model holds basis, put back by the last heuristic and unchanged since
	dx       []float64   // the LP solution of a dive
	dcands   []candidate // the fractional columns of dx, best first
	undo     []change    // the bounds the last step of a dive changed, as they were
	rows     diveRows    // the rows a dive's step is propagated over
}

// schedule spaces the runs of a heuristic by a number of nodes that halves
// after a run that improves the incumbent and doubles after one that does
// not, within [min, max].
type schedule struct {
	next, interval, min, max int64
}

// after sets the next run of a heuristic that just ran (or could not, when
// ran is false) at node count nodes.
func (c *schedule) after(nodes int64, ran, won bool) {
	switch {
	case !ran:
		c.next = nodes + c.min
		return
	case won:
		c.interval = max(c.interval/2, c.min)
	default:
		c.interval = min(c.interval*2, c.max)
	}
	c.next = nodes + c.interval
}

// primalHeuristics runs the LP-based heuristics that are due, between two
// dives of the main search. s.x holds the last LP solution the search read
// (the root's at the first call).
func (s *search) primalHeuristics() {
	h := &s.heur
	if h.sub || s.numerical != nil {
		return
	}
	h.restored = false // the search changed the model since
	if !h.started {
		h.started = true
		h.rins = schedule{interval: rinsInterval, min: rinsMinInterval, max: rinsMaxInterval}
		h.dive = schedule{interval: diveInterval, min: diveMinInterval, max: diveMaxInterval}
		h.subs = newBudget(heurBase, heurShare, heurGrace)
		h.dives, h.diveStep = newBudget(diveBase, diveEarnShare, diveGrace), diveMinStep
		h.lastInc = s.incObj
	}
	h.account(s.iters)
	s.dives()
	if s.numerical != nil {
		return
	}
	if s.incObj > h.lastInc {
		// The search (or a dive) improved the incumbent: a new
		// neighbourhood, worth a run even after RINS stopped.
		h.lastInc = s.incObj
		h.subs.streak = min(h.subs.streak, rinsMaxStreak-1)
		h.dives.streak = min(h.dives.streak, diveMaxStreak-1)
	}
	if s.nodes < h.rins.next || h.subs.streak >= rinsMaxStreak {
		return
	}
	if h.subs.over() {
		h.rins.next = s.nodes + h.rins.interval
		return
	}
	ran, won := s.rins(s.x)
	h.rins.after(s.nodes, ran, won)
	if ran {
		h.subs.paid(won)
	}
	h.lastInc = s.incObj
}

// account credits the sub-searches and the dives with their shares of the
// search's own simplex iterations since the last account; iters counts
// all three.
func (h *heurState) account(iters int64) {
	main := iters - h.subs.spent - h.dives.spent
	d := float64(main - h.mainIters)
	h.subs.credit(d)
	h.dives.credit(d)
	h.mainIters = main
}

// budget is a heuristic's account of simplex iterations: base at the
// start, then a share of every iteration of the search itself. The share
// is whole while the heuristic pays; after grace runs in a row that do not
// improve the incumbent it halves with every further such run, and it is
// whole again after a run that improves it.
type budget struct {
	spent  int64   // simplex iterations spent
	earned float64 // simplex iterations it may spend: base + Σ share × the search's
	share  float64 // the share of the search's iterations it earns now
	whole  float64 // the share while it pays
	grace  int     // fruitless runs in a row before the share halves
	streak int     // runs in a row that did not improve the incumbent
}

func newBudget(base, share float64, grace int) budget {
	return budget{earned: base, share: share, whole: share, grace: grace}
}

// credit adds the budget's share of iters iterations of the search.
func (b *budget) credit(iters float64) {
	b.earned += b.share * iters
}

// paid records whether a run improved the incumbent, and sets the share of
// the next iterations accordingly.
func (b *budget) paid(won bool) {
	if won {
		b.streak, b.share = 0, b.whole
		return
	}
	b.streak++
	if b.streak > b.grace {
		b.share /= 2
	}
}

// over reports whether the heuristic has spent the iterations it earned.
func (b *budget) over() bool {
	return float64(b.spent) > b.earned
}

// left is what the heuristic may still spend (negative when over).
func (b *budget) left() int64 {
	return int64(b.earned) - b.spent
}

// incPoint is the incumbent as a point of the formulation, or nil.
func (s *search) incPoint() []float64 {
	h := &s.heur
	if h.incX != nil && h.incObj == s.incObj {
		return h.incX
	}
	p, err := s.f.Point(s.inc)
	if err != nil || len(p) != len(s.integer) {
		return nil
	}
	h.incX, h.incObj = p, s.incObj
	return p
}

// subSearch runs the branch and bound, for at most nodeLimit nodes, on the
// problem with global bounds s.heur.glo and s.heur.ghi (the search's, with
// the columns s.heur.fix changed), from the search's incumbent, and offers
// what it finds. It reports whether the incumbent improved, whether the
// sub-search closed its problem, and whether it found an allocation better
// than the incumbent at all.
//
// The sub-search shares the model, the bounds the model holds (s.lo, s.hi),
// the cuts and the rounder with the search. It has a copy of the search's
// pseudo-costs, no strong branching, no dive abandoned half way, LP
// rounding at every node, and no heuristics of its own beyond that. When it
// ends, the columns it changed are left touched, so that the search's next
// node loads its own bounds over them, and the model gets back the basis
// it had, when it had an optimal one (or was given one back by a
// heuristic before, in the same pause of the search).
func (s *search) subSearch(nodeLimit int64) (won, complete, found bool) {
	h := &s.heur
	saved := h.restored || s.m.Status() == lp.Optimal && s.m.Basis(&h.basis) == nil
	s.pc.copyTo(&h.pc)
	sub := &search{ctx: s.ctx, in: s.in, f: s.f, m: s.m, opts: s.opts, relGap: s.relGap,
		report:  func(float64, float64, int64, int) {},
		integer: s.integer, integralObj: s.integralObj,
		glo: h.glo, ghi: h.ghi, lo: s.lo, hi: s.hi, isTouch: s.isTouch,
		touched: append(h.touched[:0], s.touched...),
		sync:    h.fix[:len(h.fix):len(h.fix)],
		inc:     s.inc, incObj: s.incObj, hasInc: s.hasInc,
		prunedMax: math.Inf(-1), failedMax: math.Inf(-1), lagBound: math.Inf(1),
		cuts: s.cuts, newModel: s.newModel, pc: h.pc, strongIters: math.MaxInt64, rounder: s.rounder,
		x: h.x, d: h.d, cols: s.cols, clo: s.clo, chi: s.chi,
		heur: heurState{sub: true},
	}
	sub.opts.NodeLimit = nodeLimit
	// The root bound holds in any restriction; +Inf would close at once
	// against a relative gap.
	sub.open.push(&node{bound: s.rootObj, col: -1})
	sub.loop()

	h.x, h.d, h.pc = sub.x, sub.d, sub.pc
	s.subNodes += sub.nodes
	h.nodes += sub.nodes
	s.cols, s.clo, s.chi = sub.cols, sub.clo, sub.chi
	s.iters += sub.iters
	h.subs.spent += sub.iters
	s.touched = append(append(s.touched, sub.touched...), h.fix...)
	h.touched = sub.touched[:0]
	if sub.numerical != nil {
		s.numerical = sub.numerical
		return false, false, false
	}
	if saved {
		if err := s.m.SetBasis(&h.basis); err != nil {
			s.numerical = err
			return false, false, false
		}
		h.restored = true
	}
	complete = len(sub.open) == 0 && !sub.stopped
	found = sub.incObj > s.incObj
	won = found && s.offer(sub.inc)
	return won, complete, found
}

// copyTo makes dst a copy of p, reusing dst's storage.
func (p *pseudoCosts) copyTo(dst *pseudoCosts) {
	dst.downSum = append(dst.downSum[:0], p.downSum...)
	dst.upSum = append(dst.upSum[:0], p.upSum...)
	dst.downN = append(dst.downN[:0], p.downN...)
	dst.upN = append(dst.upN[:0], p.upN...)
	dst.allDown, dst.allUp, dst.allDownN, dst.allUpN = p.allDown, p.allUp, p.allDownN, p.allUpN
}
