package solver

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/gavelhq/gavel/auction"
)

// The LNS stops once the Lagrangian bound proves its incumbent within the
// gap (Options.RelGap): at the first batch boundary whose incumbent the
// final Lagrangian bound L (the least bound of the subgradient method and
// PDHG, known when both have ended) closes. That is what it does when it
// runs after the Lagrangian steps (one thread: L is known from its first
// batch), and what it must give when it runs beside them, where L comes
// at a time that depends on the threads. So the search publishes each
// Lagrangian bound as it gets it (after the subgradient method, after
// PDHG), and the LNS compares at every batch boundary:
//
//   - once it has seen L (published as final), its incumbent against L:
//     the first boundary that closes is the one a single thread stops at;
//   - before, its incumbent against the last bound published (at least L,
//     so a boundary it closes is closed by L too, or no bound yet), and it
//     keeps a mark (the incumbent, its objective and the LNS's counts of
//     work) at every boundary whose batch raised the incumbent. When it
//     first sees L, or when it ends before (stopped by a closing bound, its
//     last pass or a limit) and the search joins it, it goes back to the
//     first mark that L closes, if any: the boundary a single thread stops
//     at, since only a batch that raises the incumbent can make L close
//     it (the start does not: the search drops the LNS when L closes it).
//
// The result and the counts are then those of a single thread, whatever
// the timing, up to where a deadline stops the LNS; an early stop against
// a published bound only saves the time of the batches after the mark.
// The marks share the allocations the LNS made (no incumbent is changed in
// place) and are dropped once L is seen, so they hold at most the
// incumbents of the LNS's batches during the Lagrangian steps. The
// progress reports of the LNS may have shown an incumbent of a batch after
// the mark it goes back to (only when it closes the component).
//
// The LNS cannot stop on the root LP's bound or the cut loop's: one thread
// runs the LNS to its end before the root LP, so no run could.

// lnsLink is what an LNS shares with the search of its component: the
// Lagrangian bounds the search publishes, and the number of goroutines
// its sub-solves may use (which changes nothing but the time). The marks
// are the LNS's own until the search joins it.
type lnsLink struct {
	mu      sync.Mutex
	bound   float64 // the last Lagrangian bound published (+Inf: none yet)
	final   bool    // bound is L: the Lagrangian steps have ended
	workers atomic.Int32

	sawFinal bool      // the LNS has compared against L (and dropped its marks)
	marks    []lnsMark // the incumbent after each batch that raised it, until sawFinal
}

// lnsMark is the state of an LNS at a batch boundary.
type lnsMark struct {
	inc             auction.Allocation
	obj             float64
	subNodes, iters int64
}

// newLNSLink returns a link with no bound published and workers
// goroutines for the sub-solves.
func newLNSLink(workers int) *lnsLink {
	l := &lnsLink{bound: math.Inf(1)}
	l.workers.Store(int32(max(workers, 1)))
	return l
}

// publish makes b the bound the LNS compares against; final says that it
// is L, the last.
func (l *lnsLink) publish(b float64, final bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.bound = math.Min(l.bound, b)
	l.final = l.final || final
}

// published returns the last bound published and whether it is L.
func (l *lnsLink) published() (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bound, l.final
}

// stop is the LNS's comparison at a batch boundary (see above): s is the
// LNS's search and raised says whether the batch raised its incumbent. It
// reports whether the LNS stops there; the LNS may have gone back to an
// earlier mark.
func (l *lnsLink) stop(s *search, raised bool) bool {
	b, final := l.published()
	if l.sawFinal {
		return provenBy(s, s.incObj, b)
	}
	if raised {
		l.marks = append(l.marks, lnsMark{inc: s.inc, obj: s.incObj, subNodes: s.subNodes, iters: s.iters})
	}
	if final {
		return l.settle(s, b)
	}
	return provenBy(s, s.incObj, b)
}

// provenBy reports whether the bound b, when finite, proves an incumbent
// of objective obj of the search s within the gap.
func provenBy(s *search, obj, b float64) bool {
	return !math.IsInf(b, 1) && s.closesWith(obj, b)
}

// settle compares the marks against L: it takes s back to the first mark
// L closes and reports whether there was one, then drops the marks. It is
// called once, when the LNS first sees L, or at the join if it never did.
func (l *lnsLink) settle(s *search, lag float64) bool {
	l.sawFinal = true
	defer func() { l.marks = nil }()
	for _, m := range l.marks {
		if provenBy(s, m.obj, lag) {
			s.inc, s.incObj, s.subNodes, s.iters = m.inc, m.obj, m.subNodes, m.iters
			return true
		}
	}
	return false
}
