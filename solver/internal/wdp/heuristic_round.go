package wdp

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// Rounder runs the primal heuristics of one instance: the greedy in any
// order (GreedyOrder), LP rounding (Round) and local improvement
// (Improve). Its tables are built once, by NewRounder, in time linear in
// the total bundle size; each call then clears and reuses them, so a
// search can call it at every node. A Rounder is not safe for concurrent
// use; its results are deterministic functions of the instance and the
// arguments.
//
// The allocations it returns stay within every limit of the model (see
// the package comment), so they pass auction.Instance.Check, with one
// exception: under the rule min-winners, when the repair finds no
// allocation that gives every region its winners, the greedy and Round
// return the empty allocation, which fails Check (and Improve keeps an
// allocation short of winners short). They are not checked again here,
// which on a large instance costs more than the heuristic: a caller that
// keeps one as its incumbent checks it then.
type Rounder struct {
	s       *hstate
	byScore []int32   // the bids that can win, by decreasing value / sqrt(size), ties by index
	order   []int32   // scratch: the current order
	key     []float64 // scratch, by bid
	seen    []uint32  // by bid: == stamp when already listed (dedupe)
	stamp   uint32
	items   []uint32 // by item: == stamp when the bid Improve tries demands it
}

// NewRounder builds the heuristics' tables for a valid instance; it
// returns ErrNoInstance for nil and an error wrapping the instance's
// problems for an invalid one.
func NewRounder(in *auction.Instance) (*Rounder, error) {
	if in == nil {
		return nil, ErrNoInstance
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("wdp: invalid instance: %w", err)
	}
	return newRounder(in), nil
}

// newRounder is NewRounder for a valid instance.
func newRounder(in *auction.Instance) *Rounder {
	s := newHState(in)
	n := len(in.Bids)
	r := &Rounder{s: s, key: make([]float64, n), seen: make([]uint32, n), items: make([]uint32, len(in.Items))}
	for i := range n {
		if s.hi[i] > 0 {
			r.byScore = append(r.byScore, int32(i))
		}
	}
	slices.SortStableFunc(r.byScore, func(a, b int32) int { return cmp.Compare(s.score[b], s.score[a]) })
	return r
}

// Greedy is GreedyOrder in the order of Lehmann, O'Callaghan and Shoham:
// decreasing value / sqrt(size), ties by bid index (see the package
// function Greedy).
func (r *Rounder) Greedy() auction.Allocation {
	r.begin()
	for _, i := range r.byScore {
		r.list(i, r.s.hi[i])
	}
	return r.run()
}

// GreedyOrder offers the bids in the given order, each taken if it fits
// within every limit of the model: an all-or-nothing bid whole, a
// divisible one at the largest fraction that fits, if that is at least
// its least fraction. Bids not listed are never offered; indices out of
// range, repeats and bids that can never win are skipped.
//
// Limits that only more awards or none can meet (a choose group's Min,
// an all group, a min-volume) are met by a repair: a group or bidder that
// falls short is completed with its other listed bids where they fit
// (bids of price zero included, which add nothing but may complete it),
// and otherwise all its bids are taken back and banned; the bids left are
// then offered again, up to three rounds. When the instance has such
// limits, a second run completes them eagerly, as soon as a bid leaves one
// short, and the better of the two runs is returned (the first on a tie).
//
// Under the rule min-winners a run that leaves a region with fewer winning
// bidders than the rule asks for is repaired by swapping in bids of other
// bidders there (see heuristic_region.go); a run the repair cannot
// complete does not count, and when neither does, the result is the empty
// allocation, which then fails auction.Instance.Check: the heuristic found
// none (there may still be one).
func (r *Rounder) GreedyOrder(order []int) auction.Allocation {
	r.begin()
	n := len(r.s.hi)
	for _, i := range order {
		if i >= 0 && i < n {
			r.list(int32(i), r.s.hi[i])
		}
	}
	return r.run()
}

// roundTol is how close an LP value must be to 0, 1 or a bid's least
// fraction to count as it.
const roundTol = 1e-9

// Round rounds an LP solution to an allocation: x holds the fraction of
// each bid (x[i] for bid i; a longer vector, such as a solution of the
// Formulation, is fine: its first columns are the bids). Bids are offered
// as by GreedyOrder, by decreasing x, ties by decreasing value /
// sqrt(size) and then by index, the bids at 0 last; a divisible bid with
// a positive x takes x (within its range) rather than the most that fits,
// less if only less fits. Missing, negative and NaN entries count as 0.
//
// When x is an optimal integral solution, the allocation is optimal too.
func (r *Rounder) Round(x []float64) auction.Allocation {
	s := r.s
	r.begin()
	at := func(i int32) float64 {
		if int(i) >= len(x) || !(x[i] > roundTol) {
			return 0
		}
		return min(x[i], 1)
	}
	for _, i := range r.byScore {
		if v := at(i); v > 0 {
			r.key[i] = v
			r.order = append(r.order, i)
		}
	}
	slices.SortStableFunc(r.order, func(a, b int32) int { return cmp.Compare(r.key[b], r.key[a]) })
	for k, i := range r.order {
		t := s.hi[i]
		if s.divis[i] {
			t = math.Min(math.Max(r.key[i], s.lo[i]), s.hi[i])
			switch {
			case t >= 1-roundTol && s.hi[i] == 1:
				t = 1
			case t <= s.lo[i]+roundTol:
				t = s.lo[i]
			}
		}
		s.target[i] = t
		s.rank[i] = int32(k)
		r.seen[i] = r.stamp
	}
	for _, i := range r.byScore {
		if r.seen[i] != r.stamp {
			r.list(i, s.hi[i])
		}
	}
	return r.run()
}

// begin starts a new order: nothing listed.
func (r *Rounder) begin() {
	r.stamp++
	if r.stamp == 0 {
		clear(r.seen)
		clear(r.items)
		r.stamp = 1
	}
	r.order = r.order[:0]
	for i := range r.s.rank {
		r.s.rank[i] = -1
	}
}

// list appends bid i to the order with target fraction t, unless it is
// listed already or can never win.
func (r *Rounder) list(i int32, t float64) {
	s := r.s
	if r.seen[i] == r.stamp || s.hi[i] <= 0 {
		return
	}
	r.seen[i] = r.stamp
	s.rank[i] = int32(len(r.order))
	s.target[i] = t
	r.order = append(r.order, i)
}

// run runs the greedy over r.order, lazily and, where it matters, eagerly,
// each run repaired for the rule min-winners, and returns the better
// allocation that meets the rule; the empty allocation when neither does.
func (r *Rounder) run() auction.Allocation {
	s := r.s
	s.greedy(r.order, false)
	lazyOK := r.settleRegions()
	if !s.needsCompletion {
		if !lazyOK {
			return auction.Allocation{}
		}
		return s.allocation()
	}
	lazy, lazyObj := s.allocation(), s.objective()
	s.greedy(r.order, true)
	eagerOK := r.settleRegions()
	switch {
	case eagerOK && (!lazyOK || s.objective() > lazyObj):
		return s.allocation()
	case lazyOK:
		return lazy
	}
	return auction.Allocation{}
}

// greedy runs the take-if-it-fits passes over order from the empty
// allocation, completing short groups and bidders at once when eager,
// and otherwise in the repair after each pass.
func (s *hstate) greedy(order []int32, eager bool) {
	s.reset()
	offer := order
	for round := 0; round < 3; round++ {
		for _, i := range offer {
			if s.frac[i] > 0 || s.banned[i] == s.epoch {
				continue
			}
			s.journal = s.journal[:0]
			if eager {
				s.addSettled(i)
			} else {
				s.tryAdd(i)
			}
		}
		s.journal = s.journal[:0]
		s.back = s.back[:0]
		s.repair()
		// Only a take-back makes room for bids that did not fit, as the
		// allocation only grew since they were offered, and only for bids
		// that share an item or a bidder with a bid taken back.
		if len(s.back) == 0 {
			break
		}
		offer = s.reoffer(order)
	}
	s.journal = s.journal[:0]
}

// reoffer returns the bids of order that share an item or a bidder with a
// bid taken back (s.back), in the order's order; or order itself when
// finding them would cost more than a pass.
func (s *hstate) reoffer(order []int32) []int32 {
	s.itemIndex()
	cost := 0
	for _, i := range s.back {
		for k := s.demLo[i]; k < s.demLo[i+1]; k++ {
			it := s.demItem[k]
			cost += int(s.itemLo[it+1] - s.itemLo[it])
		}
		b := s.bidder[i]
		cost += int(s.bidderHi[b] - s.bidderLo[b])
	}
	if cost >= len(order) {
		return order
	}
	s.newMark()
	out := s.reoffered[:0]
	add := func(c int32) {
		if s.mark[c] != s.markStamp && s.rank[c] >= 0 {
			s.mark[c] = s.markStamp
			out = append(out, c)
		}
	}
	for _, i := range s.back {
		for k := s.demLo[i]; k < s.demLo[i+1]; k++ {
			it := s.demItem[k]
			for _, c := range s.itemBids[s.itemLo[it]:s.itemLo[it+1]] {
				add(c)
			}
		}
		b := s.bidder[i]
		for _, c := range s.tree[s.bidderLo[b]:s.bidderHi[b]] {
			add(c)
		}
	}
	slices.SortFunc(out, func(a, b int32) int { return int(s.rank[a]) - int(s.rank[b]) })
	s.reoffered = out
	return out
}

// GreedyOrder is Rounder.GreedyOrder on an instance. It returns the empty
// allocation for nil or an invalid instance. To call it more than once on
// one instance, use a Rounder.
func GreedyOrder(in *auction.Instance, order []int) auction.Allocation {
	r, err := NewRounder(in)
	if err != nil {
		return auction.Allocation{}
	}
	return r.GreedyOrder(order)
}

// Round is Rounder.Round on an instance. It returns the empty allocation
// for nil or an invalid instance. To call it more than once on one
// instance, use a Rounder.
func Round(in *auction.Instance, x []float64) auction.Allocation {
	r, err := NewRounder(in)
	if err != nil {
		return auction.Allocation{}
	}
	return r.Round(x)
}
