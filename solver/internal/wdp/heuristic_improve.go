package wdp

import (
	"cmp"
	"math"
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// improveTol is how much a move must raise the objective, relative to it,
// to count as an improvement; smaller gains are rounding.
const improveTol = 1e-9

// A move's refill offers at most refillBase + refillPerBid × (bids taken
// out) bids, the best by value / sqrt(size): on markets where an item has
// hundreds of bids, offering them all would spend the work of many moves
// on bids that almost never fit the little room a swap frees.
//
// A move takes out at most removeMost winners, worth at most removeWorth
// times the bid it swaps in.
const (
	removeMost   = 32
	removeWorth  = 2.0
	refillBase   = 32
	refillPerBid = 8
)

// Improve improves an allocation by local search. First each divisible
// winner, in decreasing value / sqrt(size), grows to the largest fraction
// that fits. Then every losing bid that fits as it stands comes in, in the
// same order, in one pass that maxWork does not limit (a move that takes
// nothing out: the swap-in moves below find such bids too, but on large
// markets their work runs out before they reach most of them; on DDU
// 2,000 × 10,000, awards after 60 s had 46–64 losing bids that fit
// whole). Then come swap-in moves: a losing bid is added, the winners
// that keep it from fitting are taken out (least value / sqrt(size) first,
// only those in a limit it breaks, at most removeMost of them worth at
// most removeWorth times the bid), the groups and min-volumes this leaves
// short are completed or taken back, and the room freed is refilled
// greedily, by value / sqrt(size), with bids that share an item or a
// bidder with those taken out. A move is kept when it raises Σ value ×
// fraction by more than a relative 1e-9 and, under the rule min-winners,
// leaves no more regions short of winners (counted as the deficit
// Σ max(0, K − winners)) than before; it is undone otherwise. The losing
// bids are tried in decreasing value / sqrt(size), ties by index, going
// round again after each improvement (first improvement), until a whole
// round brings none or maxWork bid evaluations (growths and moves tried,
// winners examined for taking out, refill offers) are spent.
//
// The result is worth at least as much as a, by the model's objective; a
// itself is returned when no move improves it, and also when it is
// malformed (a bid named twice or out of range, a fraction out of range,
// a bid that can never win). Improve expects an allocation within the
// model's limits, such as any that passes Check: a limit a overfills
// stays overfilled, and no move adds to it.
func (r *Rounder) Improve(a auction.Allocation, maxWork int) auction.Allocation {
	s := r.s
	if maxWork <= 0 || !r.load(a) {
		return a
	}
	obj := s.objective()
	improved := false
	n := len(r.byScore)
	work := 0
	for _, i := range r.byScore {
		if work >= maxWork {
			break
		}
		if f := s.frac[i]; f > 0 && f < s.hi[i] {
			work++
			if d := r.grow(i, obj); d > 0 {
				obj += d
				improved = true
			}
		}
	}
	for _, j := range r.byScore {
		if s.frac[j] > 0 {
			continue
		}
		if _, ok := s.fit(j); !ok {
			continue
		}
		fill := 0
		if d, ok := r.move(j, &fill, math.MaxInt, obj); ok {
			obj += d
			improved = true
		}
	}
	for k, quiet := 0, 0; quiet < n && work < maxWork; k, quiet = (k+1)%n, quiet+1 {
		j := r.byScore[k]
		if s.frac[j] > 0 {
			continue
		}
		if d, ok := r.move(j, &work, maxWork, obj); ok {
			obj += d
			improved = true
			quiet = 0
		}
	}
	if !improved {
		return a
	}
	return s.allocation()
}

// grow raises the fraction of divisible winner i to the most that fits,
// and returns the gain: 0 when it cannot grow by more than the tolerance
// (relative to obj).
func (r *Rounder) grow(i int32, obj float64) float64 {
	s := r.s
	old := s.frac[i]
	s.journal = s.journal[:0]
	s.set(i, 0)
	if x, ok := s.fit(i); ok && float64(s.value[i])*(x-old) > improveTol*math.Max(1, math.Abs(obj)) {
		s.set(i, x)
	} else {
		s.undo(0)
	}
	s.journal = s.journal[:0]
	s.clearDirty()
	return float64(s.value[i]) * (s.frac[i] - old)
}

// load makes a the current allocation, every bid listed in score order at
// its largest fraction, and reports whether a is well formed.
func (r *Rounder) load(a auction.Allocation) bool {
	s := r.s
	r.begin()
	for _, i := range r.byScore {
		r.list(i, s.hi[i])
	}
	s.reset()
	for _, aw := range a.Awards {
		i, f := aw.Bid, aw.Fraction
		if i < 0 || i >= len(s.frac) || s.frac[i] > 0 || s.hi[i] <= 0 || !(f > 0 && f <= 1) || !s.divis[i] && f != 1 {
			return false
		}
		s.change(int32(i), f)
	}
	s.clearDirty()
	return true
}

// clearDirty forgets the dirty marks: the allocation is settled.
func (s *hstate) clearDirty() {
	for _, p := range s.dirtyNodes {
		s.nodeDirty[p] = false
	}
	for _, b := range s.dirtyBidders {
		s.bidderDirty[b] = false
	}
	s.dirtyNodes, s.dirtyBidders = s.dirtyNodes[:0], s.dirtyBidders[:0]
}

// move tries the swap-in of losing bid j. It keeps the move and returns
// its gain when that is above the tolerance (relative to obj); otherwise
// it undoes it.
func (r *Rounder) move(j int32, work *int, maxWork int, obj float64) (float64, bool) {
	s := r.s
	fail := func() (float64, bool) {
		s.undo(0)
		s.clearDirty()
		return 0, false
	}
	deficit := s.deficit
	if !r.insert(j, work, maxWork, true) {
		return fail()
	}
	// The gain: each bid changed, from its first recorded fraction to now.
	r.tick()
	var gain float64
	for _, e := range s.journal {
		if r.seen[e.bid] != r.stamp {
			r.seen[e.bid] = r.stamp
			gain += float64(s.value[e.bid]) * (s.frac[e.bid] - e.old)
		}
	}
	if gain <= improveTol*math.Max(1, math.Abs(obj)) || s.deficit > deficit {
		return fail()
	}
	s.journal = s.journal[:0]
	s.clearDirty()
	return gain, true
}

// insert starts a journaled change that brings losing bid j in: room made
// for it when it does not fit (limited as makeRoom says), j added and its
// groups and bidder settled, the model repaired, the room freed refilled
// and repaired again. It returns false when j cannot come in or the repair
// takes it out again; the caller keeps or undoes the journal either way.
func (r *Rounder) insert(j int32, work *int, maxWork int, limited bool) bool {
	s := r.s
	s.newEpoch()
	s.journal = s.journal[:0]
	*work++
	if _, ok := s.fit(j); !ok && !r.makeRoom(j, work, limited) {
		return false
	}
	if !s.addSettled(j) {
		return false
	}
	s.repair()
	if s.frac[j] == 0 {
		return false
	}
	r.refill(work, maxWork)
	s.repair()
	return true
}

// tick starts a new stamp for seen and items without touching the order
// (ranks and targets stay).
func (r *Rounder) tick() {
	r.stamp++
	if r.stamp == 0 {
		clear(r.seen)
		clear(r.items)
		r.stamp = 1
	}
}

// makeRoom takes out winners until losing bid j fits, and reports whether
// it does. The winners considered are those in a limit j breaks: below the
// group that blocks it, on an item whose capacity (or j's bidder's
// max-share) it exceeds, and of its own bidder when its bidder's budget,
// max-volume or max-items stops it; they go out least value / sqrt(size)
// first (ties by index), each only while it still holds such a limit. With
// limited set, a swap that would take out more than removeMost winners, or
// more than removeWorth times j's value, is not made.
func (r *Rounder) makeRoom(j int32, work *int, limited bool) bool {
	s := r.s
	s.itemIndex()
	r.tick()
	for k := s.demLo[j]; k < s.demLo[j+1]; k++ {
		r.items[s.demItem[k]] = r.stamp
	}
	start := len(s.buf)
	add := func(c int32) {
		if s.frac[c] > 0 && r.seen[c] != r.stamp {
			r.seen[c] = r.stamp
			s.buf = append(s.buf, c)
		}
	}
	if p := r.blockingNode(j); p >= 0 {
		for _, c := range s.tree[s.nodeLo[p]:s.nodeHi[p]] {
			add(c)
		}
	}
	b := s.bidder[j]
	for k := s.demLo[j]; k < s.demLo[j+1]; k++ {
		it := s.demItem[k]
		if r.itemShort(j, k) {
			for _, c := range s.itemBids[s.itemLo[it]:s.itemLo[it+1]] {
				add(c)
			}
		} else if r.shareShort(j, k) {
			for _, c := range s.itemBids[s.itemLo[it]:s.itemLo[it+1]] {
				if s.bidder[c] == b {
					add(c)
				}
			}
		}
	}
	if r.bidderStops(j) {
		for _, c := range s.tree[s.bidderLo[b]:s.bidderHi[b]] {
			add(c)
		}
	}
	cands := s.buf[start:]
	slices.SortFunc(cands, func(a, b int32) int {
		if c := cmp.Compare(s.score[a], s.score[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	// A swap that takes out much more than j brings is not worth its
	// refill.
	most := removeWorth*float64(s.value[j]) + 1
	var worth float64
	out := 0
	ok := false
	for _, c := range cands {
		if _, ok = s.fit(j); ok {
			break
		}
		*work++
		if r.holds(c, j) {
			worth += float64(s.value[c]) * s.frac[c]
			out++
			if limited && (worth > most || out > removeMost) {
				break
			}
			s.set(c, 0)
		}
	}
	if !ok && (!limited || worth <= most && out <= removeMost) {
		_, ok = s.fit(j)
	}
	s.pop(start)
	return ok
}

// blockingNode is the group above bid j whose maximum keeps it out, or -1.
func (r *Rounder) blockingNode(j int32) int32 {
	s := r.s
	for p := s.parent[j]; p >= 0; p = s.nodeParent[p] {
		if s.count[p] >= s.nodeMax[p] {
			return p
		}
		if s.count[p] > 0 {
			break
		}
	}
	return -1
}

// itemShort reports whether the item of demand k of bid j lacks the
// capacity for j's least award.
func (r *Rounder) itemShort(j, k int32) bool {
	s := r.s
	it := s.demItem[k]
	t := r.least(j)
	return room(t, t, &s.used[it], s.capacity[it], s.demVol[k], fitTol) < t
}

// shareShort is itemShort for j's bidder's max-share limit.
func (r *Rounder) shareShort(j, k int32) bool {
	s := r.s
	if !s.useShare {
		return false
	}
	t := r.least(j)
	return room(t, t, &s.share[s.demSlot[k]], s.shareLim[s.demItem[k]], s.demVol[k], fitTol) < t
}

// bidderStops reports whether bid j's bidder's budget, max-volume or
// max-items keeps j's least award out.
func (r *Rounder) bidderStops(j int32) bool {
	s := r.s
	b := s.bidder[j]
	t := r.least(j)
	if s.budget[b] > 0 && room(t, t, &s.paid[b], s.budget[b], s.value[j], budgetTol) < t {
		return true
	}
	if s.maxVol[b] > 0 && room(t, t, &s.vol[b], s.maxVol[b], s.tvol[j], fitTol) < t {
		return true
	}
	if mi := s.maxItems[b]; mi > 0 {
		k := s.nItems[b]
		for d := s.demLo[j]; d < s.demLo[j+1]; d++ {
			if s.slotWins[s.demSlot[d]] == 0 {
				k++
			}
		}
		return k > mi
	}
	return false
}

// least is the smallest fraction bid j may win.
func (r *Rounder) least(j int32) float64 {
	if r.s.divis[j] {
		return r.s.lo[j]
	}
	return 1
}

// holds reports whether winner c is in a limit that still keeps bid j
// out.
func (r *Rounder) holds(c, j int32) bool {
	s := r.s
	if p := r.blockingNode(j); p >= 0 {
		// c is below p when p is among its ancestors.
		for q := s.parent[c]; q >= 0; q = s.nodeParent[q] {
			if q == p {
				return true
			}
		}
	}
	if s.bidder[c] == s.bidder[j] && r.bidderStops(j) {
		return true
	}
	for k := s.demLo[c]; k < s.demLo[c+1]; k++ {
		if r.items[s.demItem[k]] != r.stamp {
			continue
		}
		for d := s.demLo[j]; d < s.demLo[j+1]; d++ {
			if s.demItem[d] == s.demItem[k] && (r.itemShort(j, d) || s.bidder[c] == s.bidder[j] && r.shareShort(j, d)) {
				return true
			}
		}
	}
	return false
}

// refill offers, in score order, the losing bids that share an item or a
// bidder with a bid the move took out, while work remains.
func (r *Rounder) refill(work *int, maxWork int) {
	s := r.s
	s.itemIndex()
	r.tick()
	start := len(s.buf)
	limit := refillBase
	add := func(c int32) {
		if s.frac[c] == 0 && r.seen[c] != r.stamp && s.usable(c) {
			r.seen[c] = r.stamp
			s.buf = append(s.buf, c)
		}
	}
	for _, e := range s.journal {
		i := e.bid
		if e.old == 0 || s.frac[i] != 0 {
			continue
		}
		limit += refillPerBid
		for k := s.demLo[i]; k < s.demLo[i+1]; k++ {
			it := s.demItem[k]
			if r.items[it] == r.stamp {
				continue
			}
			r.items[it] = r.stamp
			for _, c := range s.itemBids[s.itemLo[it]:s.itemLo[it+1]] {
				add(c)
			}
		}
		b := s.bidder[i]
		for _, c := range s.tree[s.bidderLo[b]:s.bidderHi[b]] {
			add(c)
		}
	}
	cands := s.buf[start:]
	slices.SortFunc(cands, func(a, b int32) int { return int(s.rank[a]) - int(s.rank[b]) })
	if len(cands) > limit {
		cands = cands[:limit]
	}
	for _, c := range cands {
		if *work >= maxWork {
			break
		}
		*work++
		if s.frac[c] == 0 && s.banned[c] != s.epoch {
			s.addSettled(c)
		}
	}
	s.pop(start)
}

// Improve is Rounder.Improve on an instance. It returns a for nil or an
// invalid instance. To call it more than once on one instance, use a
// Rounder.
func Improve(in *auction.Instance, a auction.Allocation, maxWork int) auction.Allocation {
	r, err := NewRounder(in)
	if err != nil {
		return a
	}
	return r.Improve(a, maxWork)
}
