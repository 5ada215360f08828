package wdp

import (
	"math"

	"github.com/gavelhq/gavel/auction"
)

// Tolerances of the heuristics' feasibility tests. A limit whose sum holds
// a fractional award may be overfilled by fitTol × max(1, limit), a tenth
// of what auction.Instance.Check allows (auction.Tolerance); a budget by
// budgetTol × max(1, budget), far below the 1e-12 the model's own tests
// allow. Sums of whole awards are compared exactly.
const (
	fitTol    = 1e-10
	budgetTol = 1e-13
	// minFracTol is how far below its least fraction a divisible bid's
	// room may be and still win that least fraction.
	minFracTol = 1e-12
)

// acc is a running sum of coefficient × fraction over winning bids, kept
// exactly for whole awards (fraction 1) and in floating point for the
// others, so that sums of whole awards never drift and a sum left without
// fractional awards is exact again.
type acc struct {
	whole int64   // Σ coef over whole awards
	part  float64 // Σ coef × fraction over fractional awards
	nPart int32   // how many fractional awards part holds
}

func (a *acc) add(sign int, whole bool, f float64, coef int64) {
	if whole {
		a.whole += int64(sign) * coef
		return
	}
	a.part += float64(sign) * f * float64(coef)
	a.nPart += int32(sign)
	if a.nPart == 0 {
		a.part = 0
	}
}

func (a *acc) val() float64 { return float64(a.whole) + a.part }

// hstate is a partial allocation of one instance with running totals of
// every limit of the model, which the heuristics (greedy passes, LP
// rounding, local improvement) grow and shrink one bid at a time. The
// static tables are built once (newHState); reset clears the dynamic part
// in time linear in the instance.
//
// Every change goes through set, which records it in a journal, so that a
// tentative change (a group completion, an improvement move) is undone
// exactly with undo.
type hstate struct {
	in *auction.Instance

	// By bid.
	value   []int64
	tvol    []int64
	lo, hi  []float64 // the range it can win alone (soloRange); hi == 0: it can never win
	divis   []bool
	bidder  []int32
	parent  []int32   // node of its group, or -1 at the root of its bidder's tree
	score   []float64 // value / sqrt(size), the greedy's key
	demLo   []int32   // its bundle is demItem[demLo[i]:demLo[i+1]] (and demVol, demSlot)
	demItem []int32
	demVol  []int64
	demSlot []int32 // the (bidder, item) slot of each demand

	// By item.
	capacity []int64
	shareLim []int64
	useShare bool

	// By nested group (node), in preorder, so a child's index exceeds its
	// parent's. The bids below node p are tree[nodeLo[p]:nodeHi[p]].
	nodeParent []int32
	nodeMax    []int32 // most taken children (math.MaxInt32 when unlimited)
	nodeNeed   []int32 // fewest taken children when taken (0 when any number)
	nodeLo     []int32
	nodeHi     []int32
	tree       []int32 // every bid, depth first through each bidder's tree in bidder order

	// By bidder; its bids are tree[bidderLo[b]:bidderHi[b]].
	bidderLo, bidderHi []int32
	budget, minVol     []int64
	maxVol             []int64
	maxItems           []int32
	needsCompletion    bool // an all group, a choose with Min ≥ 2 or a min-volume exists

	// itemBids lists, by item, the bids demanding it (built on first use).
	itemLo   []int32
	itemBids []int32

	// Dynamic state.
	frac      []float64 // by bid: awarded fraction, 0 when it loses
	target    []float64 // by bid: the fraction to award when it fits (hi, or an LP value)
	rank      []int32   // by bid: its place in the current order, -1 when not offered
	banned    []uint32  // by bid: == epoch when taken back and not to be offered again
	count     []int32   // by node: taken children
	used      []acc     // by item
	share     []acc     // by slot
	slotWins  []int32   // by slot: winning bids
	nItems    []int32   // by bidder: slots with a winning bid
	paid      []acc     // by bidder: Σ value × fraction (the model's budget rule, unrounded)
	vol       []acc     // by bidder: total volume
	nWins     []int32   // by bidder: winning bids
	failed    []uint32  // by node, then by bidder (offset len(nodes)): == epoch when completing it failed
	epoch     uint32
	back      []int32  // the bids takeBack took back since greedy cleared it
	reoffered []int32  // scratch: the bids a greedy round offers again
	mark      []uint32 // by bid: == markStamp when listed (dedupe)
	markStamp uint32

	// The rule min-winners (regionTables; all empty when it does not
	// apply). A slot is a (bidder, region) pair with a bid.
	minWinners int32
	regLo      []int32 // by bid: its slots are regSlot[regLo[i]:regLo[i+1]]
	regSlot    []int32
	slotRegion []int32 // by slot
	regBidLo   []int32 // by region: its bids are regBids[regBidLo[r]:regBidLo[r+1]]
	regBids    []int32
	rsWins     []int32 // by slot: winning bids
	regWinners []int32 // by region: slots with a winning bid
	deficit    int32   // Σ over regions of max(0, minWinners − regWinners)

	journal      []journalEntry
	dirtyNodes   []int32
	nodeDirty    []bool
	dirtyBidders []int32
	bidderDirty  []bool
	spareNodes   []int32 // the other buffers of dirtyNodes and dirtyBidders
	spareBidders []int32
	buf          []int32 // scratch stack for candidate lists
}

type journalEntry struct {
	bid int32
	old float64
}

// newHState builds the static tables of a valid instance.
func newHState(in *auction.Instance) *hstate {
	n := len(in.Bids)
	s := &hstate{in: in,
		value: make([]int64, n), tvol: make([]int64, n), lo: make([]float64, n), hi: make([]float64, n),
		divis: make([]bool, n), bidder: make([]int32, n), parent: make([]int32, n), score: make([]float64, n),
		demLo: make([]int32, n+1), capacity: make([]int64, len(in.Items)), shareLim: make([]int64, len(in.Items)),
		bidderLo: make([]int32, len(in.Bidders)), bidderHi: make([]int32, len(in.Bidders)),
		budget: make([]int64, len(in.Bidders)), minVol: make([]int64, len(in.Bidders)),
		maxVol: make([]int64, len(in.Bidders)), maxItems: make([]int32, len(in.Bidders)),
		tree: make([]int32, 0, n)}
	for it := range in.Items {
		s.capacity[it] = in.Items[it].Capacity
		s.shareLim[it] = maxShareLimit(in, it)
		if s.shareLim[it] < s.capacity[it] {
			s.useShare = true
		}
	}
	total := 0
	for i := range in.Bids {
		total += len(in.Bids[i].Bundle)
	}
	s.demItem, s.demVol, s.demSlot = make([]int32, 0, total), make([]int64, 0, total), make([]int32, total)
	for i := range in.Bids {
		bid := &in.Bids[i]
		s.demLo[i] = int32(len(s.demItem))
		r := soloRange(in, i)
		if r.dead == ReasonNone {
			s.lo[i], s.hi[i] = r.lo.float(), r.hi.float()
		}
		v, _ := bid.Value()
		s.value[i] = int64(v)
		s.tvol[i] = bid.TotalVolume()
		s.divis[i] = bid.Divisible()
		s.bidder[i] = int32(bid.Bidder)
		s.parent[i] = -1
		var size float64
		for _, d := range bid.Bundle {
			s.demItem = append(s.demItem, int32(d.Item))
			s.demVol = append(s.demVol, d.Volume)
			size += float64(d.Volume) / float64(in.Items[d.Item].Capacity)
		}
		s.score[i] = float64(v) / math.Sqrt(size)
	}
	s.demLo[n] = int32(len(s.demItem))
	for b := range in.Bidders {
		bd := &in.Bidders[b]
		s.budget[b], s.minVol[b], s.maxVol[b], s.maxItems[b] = int64(bd.Budget), bd.MinVolume, bd.MaxVolume, int32(bd.MaxItems)
		if bd.MinVolume > 0 {
			s.needsCompletion = true
		}
		s.bidderLo[b] = int32(len(s.tree))
		for _, ch := range bd.Tree.Children {
			s.walk(ch, -1)
		}
		s.bidderHi[b] = int32(len(s.tree))
	}
	s.assignSlots()
	s.regionTables(in)
	nn := len(s.nodeParent)
	s.frac, s.target, s.rank, s.banned = make([]float64, n), make([]float64, n), make([]int32, n), make([]uint32, n)
	s.mark = make([]uint32, n)
	s.count, s.nodeDirty = make([]int32, nn), make([]bool, nn)
	s.used = make([]acc, len(in.Items))
	s.paid, s.vol = make([]acc, len(in.Bidders)), make([]acc, len(in.Bidders))
	s.nItems, s.nWins, s.bidderDirty = make([]int32, len(in.Bidders)), make([]int32, len(in.Bidders)), make([]bool, len(in.Bidders))
	s.failed = make([]uint32, nn+len(in.Bidders))
	copy(s.target, s.hi)
	return s
}

// walk adds a child of a bidder's tree below node parent (-1: the root).
func (s *hstate) walk(ch auction.Node, parent int32) {
	if ch.Group == nil {
		s.parent[ch.Bid] = parent
		s.tree = append(s.tree, int32(ch.Bid))
		return
	}
	g := ch.Group
	p := int32(len(s.nodeParent))
	s.nodeParent = append(s.nodeParent, parent)
	most, need := int32(math.MaxInt32), int32(0)
	switch g.Kind {
	case auction.Xor:
		most = 1
	case auction.Choose:
		most, need = int32(g.Max), int32(g.Min)
	case auction.All:
		need = int32(len(g.Children))
	}
	if need >= 2 {
		s.needsCompletion = true
	}
	s.nodeMax = append(s.nodeMax, most)
	s.nodeNeed = append(s.nodeNeed, need)
	s.nodeLo = append(s.nodeLo, int32(len(s.tree)))
	s.nodeHi = append(s.nodeHi, 0)
	for _, c := range g.Children {
		s.walk(c, p)
	}
	s.nodeHi[p] = int32(len(s.tree))
}

// assignSlots numbers the distinct (bidder, item) pairs of the bundles,
// bidder by bidder, without a map.
func (s *hstate) assignSlots() {
	owner := make([]int32, len(s.capacity))
	slotOf := make([]int32, len(s.capacity))
	for k := range owner {
		owner[k] = -1
	}
	slots := int32(0)
	for b := range s.bidderLo {
		for _, i := range s.tree[s.bidderLo[b]:s.bidderHi[b]] {
			for k := s.demLo[i]; k < s.demLo[i+1]; k++ {
				it := s.demItem[k]
				if owner[it] != int32(b) {
					owner[it], slotOf[it] = int32(b), slots
					slots++
				}
				s.demSlot[k] = slotOf[it]
			}
		}
	}
	s.share, s.slotWins = make([]acc, slots), make([]int32, slots)
}

// itemIndex builds itemBids on first use.
func (s *hstate) itemIndex() {
	if s.itemLo != nil {
		return
	}
	s.itemLo = make([]int32, len(s.capacity)+1)
	for _, it := range s.demItem {
		s.itemLo[it+1]++
	}
	for k := 1; k < len(s.itemLo); k++ {
		s.itemLo[k] += s.itemLo[k-1]
	}
	s.itemBids = make([]int32, len(s.demItem))
	next := append([]int32(nil), s.itemLo[:len(s.capacity)]...)
	for i := range s.value {
		for k := s.demLo[i]; k < s.demLo[i+1]; k++ {
			it := s.demItem[k]
			s.itemBids[next[it]] = int32(i)
			next[it]++
		}
	}
}

// reset clears the allocation, the journal, the bans and the marks.
func (s *hstate) reset() {
	clear(s.frac)
	clear(s.count)
	clear(s.used)
	clear(s.share)
	clear(s.slotWins)
	clear(s.nItems)
	clear(s.paid)
	clear(s.vol)
	clear(s.nWins)
	clear(s.nodeDirty)
	clear(s.bidderDirty)
	s.dirtyNodes, s.dirtyBidders, s.journal = s.dirtyNodes[:0], s.dirtyBidders[:0], s.journal[:0]
	s.resetRegions()
	s.newEpoch()
}

// newEpoch lifts every ban and every failed-completion mark.
func (s *hstate) newEpoch() {
	s.epoch++
	if s.epoch == 0 { // wrapped: clear the stamps once
		clear(s.banned)
		clear(s.failed)
		s.epoch = 1
	}
}

// newMark starts a new stamp for mark.
func (s *hstate) newMark() {
	s.markStamp++
	if s.markStamp == 0 {
		clear(s.mark)
		s.markStamp = 1
	}
}

// usable reports whether bid i may be offered: it can win, it is in the
// current order and it has not been taken back.
func (s *hstate) usable(i int32) bool {
	return s.hi[i] > 0 && s.rank[i] >= 0 && s.banned[i] != s.epoch
}

// room lowers x, the fraction bid coefficients coef may take of a limit
// lim whose sum is a, when the target fraction t does not fit. A sum that
// will hold a fraction may be overfilled by tol × max(1, lim).
func room(x, t float64, a *acc, lim, coef int64, tol float64) float64 {
	if coef <= 0 {
		return x
	}
	free := float64(lim-a.whole) - a.part
	need := t * float64(coef)
	if need <= free {
		return x
	}
	if (a.nPart > 0 || t < 1) && need-free <= tol*math.Max(1, float64(lim)) {
		return x
	}
	return min(x, free/float64(coef))
}

// fit returns the fraction bid i (not winning) can take now, at most its
// target, and whether that is enough for it to win: its whole bundle for
// an all-or-nothing bid, at least its least fraction for a divisible one.
func (s *hstate) fit(i int32) (float64, bool) {
	t := s.target[i]
	if t <= 0 {
		return 0, false
	}
	for p := s.parent[i]; p >= 0; p = s.nodeParent[p] {
		if s.count[p] >= s.nodeMax[p] {
			return 0, false
		}
		if s.count[p] > 0 {
			break
		}
	}
	b := s.bidder[i]
	lo, hi := s.demLo[i], s.demLo[i+1]
	if mi := s.maxItems[b]; mi > 0 {
		k := s.nItems[b]
		for j := lo; j < hi; j++ {
			if s.slotWins[s.demSlot[j]] == 0 {
				k++
			}
		}
		if k > mi {
			return 0, false
		}
	}
	// least is the smallest x that can still win: the bid stops being
	// examined as soon as x falls below it.
	least := 1.0
	if s.divis[i] {
		least = s.lo[i] - minFracTol
	}
	x := t
	for j := lo; j < hi; j++ {
		it := s.demItem[j]
		x = room(x, t, &s.used[it], s.capacity[it], s.demVol[j], fitTol)
		if s.useShare {
			x = room(x, t, &s.share[s.demSlot[j]], s.shareLim[it], s.demVol[j], fitTol)
		}
		if x < least {
			return 0, false
		}
	}
	if s.budget[b] > 0 {
		x = room(x, t, &s.paid[b], s.budget[b], s.value[i], budgetTol)
	}
	if s.maxVol[b] > 0 {
		x = room(x, t, &s.vol[b], s.maxVol[b], s.tvol[i], fitTol)
	}
	if x < least || x <= 0 {
		return 0, false
	}
	if !s.divis[i] {
		return 1, true
	}
	return max(x, s.lo[i]), true
}

// tryAdd awards bid i what fits, if that is enough, and reports whether it
// did.
func (s *hstate) tryAdd(i int32) bool {
	x, ok := s.fit(i)
	if ok {
		s.set(i, x)
	}
	return ok
}

// set awards bid i fraction x, or takes it back (x == 0), recording the
// change in the journal. It assumes that x == 0 or the bid loses now.
func (s *hstate) set(i int32, x float64) {
	s.journal = append(s.journal, journalEntry{i, s.frac[i]})
	s.change(i, x)
}

// change is set without the journal.
func (s *hstate) change(i int32, x float64) {
	f, sign := x, 1
	if x == 0 {
		f, sign = s.frac[i], -1
		if f == 0 {
			return
		}
	}
	whole := f == 1
	for p := s.parent[i]; p >= 0; p = s.nodeParent[p] {
		before := s.count[p]
		s.count[p] += int32(sign)
		s.markNode(p)
		if sign > 0 && before > 0 || sign < 0 && s.count[p] > 0 {
			break
		}
	}
	b := s.bidder[i]
	for j := s.demLo[i]; j < s.demLo[i+1]; j++ {
		s.used[s.demItem[j]].add(sign, whole, f, s.demVol[j])
		slot := s.demSlot[j]
		s.share[slot].add(sign, whole, f, s.demVol[j])
		s.slotWins[slot] += int32(sign)
		switch {
		case sign > 0 && s.slotWins[slot] == 1:
			s.nItems[b]++
		case sign < 0 && s.slotWins[slot] == 0:
			s.nItems[b]--
		}
	}
	s.paid[b].add(sign, whole, f, s.value[i])
	s.vol[b].add(sign, whole, f, s.tvol[i])
	s.nWins[b] += int32(sign)
	if s.minWinners > 0 {
		s.countRegions(i, int32(sign))
	}
	s.markBidder(b)
	s.frac[i] = x
}

// undo reverts the journal back to its length mark.
func (s *hstate) undo(mark int) {
	for k := len(s.journal) - 1; k >= mark; k-- {
		e := s.journal[k]
		s.change(e.bid, 0)
		if e.old != 0 {
			s.change(e.bid, e.old)
		}
	}
	s.journal = s.journal[:mark]
}

func (s *hstate) markNode(p int32) {
	if !s.nodeDirty[p] {
		s.nodeDirty[p] = true
		s.dirtyNodes = append(s.dirtyNodes, p)
	}
}

func (s *hstate) markBidder(b int32) {
	if !s.bidderDirty[b] {
		s.bidderDirty[b] = true
		s.dirtyBidders = append(s.dirtyBidders, b)
	}
}

// nodeShort reports whether node p is taken with fewer children than its
// kind needs (choose below Min, all not complete).
func (s *hstate) nodeShort(p int32) bool {
	c := s.count[p]
	return c > 0 && c < s.nodeNeed[p]
}

// bidderShort reports whether bidder b wins something but less than its
// min-volume.
func (s *hstate) bidderShort(b int32) bool {
	m := s.minVol[b]
	if m == 0 || s.nWins[b] == 0 {
		return false
	}
	v := &s.vol[b]
	if v.nPart == 0 {
		return v.whole < m
	}
	return v.val() < float64(m)-fitTol*math.Max(1, float64(m))
}

// objective is Σ value × fraction of the current allocation.
func (s *hstate) objective() float64 {
	var sum float64
	for i, f := range s.frac {
		if f > 0 {
			sum += float64(s.value[i]) * f
		}
	}
	return sum
}

// allocation is the current allocation, awards in ascending bid order.
func (s *hstate) allocation() auction.Allocation {
	k := 0
	for _, f := range s.frac {
		if f > 0 {
			k++
		}
	}
	if k == 0 {
		return auction.Allocation{}
	}
	a := auction.Allocation{Awards: make([]auction.Award, 0, k)}
	for i, f := range s.frac {
		if f > 0 {
			a.Awards = append(a.Awards, auction.Award{Bid: i, Fraction: f})
		}
	}
	return a
}
