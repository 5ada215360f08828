package solver

import (
	"github.com/gavelhq/gavel/solver/internal/lp"
)

// The LP-based primal heuristics run between the dives of the search: RINS
// is a small sub-search of a restriction of the problem, with its own
// global bounds, on a model of its own, beside the search or deferred
// (rins_job.go); the LP dives (dive.go) change bounds of the search's own
// model along one path, and when one ends, the search's next node loads
// its bounds over whatever it left. Their
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
	subs      budget     // the sub-searches' (RINS's) simplex iterations
	nodes     int64      // nodes of the sub-searches
	mainIters int64      // simplex iterations of the search itself, at the last account
	freeCols  int        // free binary columns RINS aims to leave (0: not set yet)
	lastInc   float64    // the incumbent after RINS's last run
	job       *rinsJob   // RINS's sub-search, until it is merged (rins_job.go)
	hm        *heurModel // the model of RINS's sub-searches (nil: not loaded yet)
	hmFailed  bool       // the engine could not load or solve hm: RINS runs no more
	retries   int        // widened searches of the same neighbourhood in a row

	// The dives (dive.go): their schedule, the kind of the next one, their
	// LP solves and their account (as the sub-searches', apart).
	dive      schedule
	diveKind  diveKind
	diveStep  float64 // the share of the fractional columns a step takes up, at most
	diveNodes int64
	dives     budget

	incObj float64   // objective of the incumbent incX stands for
	incX   []float64 // the incumbent as a point of the formulation, or nil

	glo, ghi []float64   // global bounds of the next sub-search
	fix      []int       // columns whose bounds in glo, ghi differ from the search's
	agree    int         // how many of them (the first) RINS fixed because x and the incumbent agree
	near     []int       // scratch: columns RINS may fix beyond those that agree
	basis    lp.Basis    // the model's basis before a dive, restored after
	restored bool        // the model holds basis, put back by the last dive and unchanged since
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
// dives of the main search: it merges RINS's sub-search when its merge
// point has come (rins_job.go), runs the dives that are due, and launches
// RINS's next sub-search when one is due. s.x holds the last LP solution
// the search read (the root's at the first call).
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
	s.mergeRINS(false)
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
	if h.job != nil || s.nodes < h.rins.next || h.subs.streak >= rinsMaxStreak {
		return
	}
	if h.subs.over() {
		h.rins.next = s.nodes + h.rins.interval
		return
	}
	if !s.launchRINS(s.x) {
		h.retries = 0
		h.rins.after(s.nodes, false, false)
	}
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

// copyTo makes dst a copy of p, reusing dst's storage.
func (p *pseudoCosts) copyTo(dst *pseudoCosts) {
	dst.downSum = append(dst.downSum[:0], p.downSum...)
	dst.upSum = append(dst.upSum[:0], p.upSum...)
	dst.downN = append(dst.downN[:0], p.downN...)
	dst.upN = append(dst.upN[:0], p.upN...)
	dst.allDown, dst.allUp, dst.allDownN, dst.allUpN = p.allDown, p.allUp, p.allDownN, p.allUpN
}
