package wdp

import (
	"fmt"
	"math"
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// Restriction is the problem left of an instance when the bids outside a
// neighbourhood are held at what an allocation gives them: the free bids
// form the sub-instance In, whose items have the capacity the held
// awards leave (the residual capacity) and whose bidders have the budget,
// volume and item limits they leave. Bids, Items and Bidders map In back
// to the parent, as for any Sub.
//
// Whatever the sub-instance cannot express exactly is held too, so that
// every allocation of In that passes In.Check, combined with Fixed
// (Combine), passes Check on the parent (up to the tolerance Check allows
// a fractional award: a held fractional volume is rounded up to whole
// units before it is taken off a limit). See Restricter.Restrict for the
// rules.
type Restriction struct {
	Sub
	// Fixed holds the awards of the held bids, in the parent's indices,
	// ascending.
	Fixed auction.Allocation
	// Start holds the awards of the free bids, in In's indices: Combine(Start)
	// is the allocation the restriction was made from, and Start passes
	// In.Check when that allocation has no fractional award.
	Start auction.Allocation
}

// Combine lifts an allocation of the sub-instance to the parent and adds
// the held awards: the parent's allocation, ascending by bid.
func (r *Restriction) Combine(a auction.Allocation) (auction.Allocation, error) {
	up, err := r.Lift(a)
	if err != nil {
		return auction.Allocation{}, err
	}
	up.Awards = append(up.Awards, r.Fixed.Awards...)
	slices.SortFunc(up.Awards, func(x, y auction.Award) int { return x.Bid - y.Bid })
	return up, nil
}

// Restricter builds restrictions (Restrict) of one valid instance. Its
// tables are built once, in time linear in the instance; each Restrict
// then costs in proportion to the free bids, the bids on their items and
// the bids of their bidders (and, under the rule min-winners, the
// allocation's winners). It is not safe for concurrent use.
type Restricter struct {
	in *auction.Instance
	ex *extractor

	itemLo, itemBids     []int32 // the bids on item it are itemBids[itemLo[it]:itemLo[it+1]]
	bidderLo, bidderBids []int32 // the bids of bidder b, ascending
	topLo, topBids       []int32 // the bids below root child t, ascending; t = topOf[bid]
	topOf                []int32 // by bid: its root child, numbered across bidders
	region               []int   // by item: its region (RegionOf), −1 for none
	nRegions             int
	maxShare             bool // the rule max-share limits some item

	// Scratch, by bid: the fraction the allocation awards, and whether the
	// bid is held.
	frac []float64
	held []bool
	// Scratch by item, valid where itemStamp == stamp: the held awards'
	// volume (whole units exactly, fractional in floating point).
	itemStamp        []uint32
	usedW            []int64
	usedP            []float64
	bidItem          []uint32 // by item: == bstamp where the bidder being looked at holds volume
	bstamp           uint32
	stamp            uint32
	regMark, regWins []int // by region: last bidder counted + 1, distinct held winners
	bidders          []int // scratch: the bidders of the free bids
}

// NewRestricter builds the tables of a valid instance; it returns
// ErrNoInstance for nil and an error wrapping the instance's problems for
// an invalid one.
func NewRestricter(in *auction.Instance) (*Restricter, error) {
	if in == nil {
		return nil, ErrNoInstance
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("wdp: invalid instance: %w", err)
	}
	return newRestricter(in), nil
}

func newRestricter(in *auction.Instance) *Restricter {
	n, ni, nb := len(in.Bids), len(in.Items), len(in.Bidders)
	r := &Restricter{in: in, ex: newExtractor(in),
		itemLo: make([]int32, ni+1), bidderLo: make([]int32, nb+1), topOf: make([]int32, n),
		frac: make([]float64, n), held: make([]bool, n),
		itemStamp: make([]uint32, ni), usedW: make([]int64, ni), usedP: make([]float64, ni), bidItem: make([]uint32, ni)}
	for i := range in.Bids {
		for _, d := range in.Bids[i].Bundle {
			r.itemLo[d.Item+1]++
		}
		r.bidderLo[in.Bids[i].Bidder+1]++
	}
	for k := 1; k <= ni; k++ {
		r.itemLo[k] += r.itemLo[k-1]
	}
	for k := 1; k <= nb; k++ {
		r.bidderLo[k] += r.bidderLo[k-1]
	}
	r.itemBids, r.bidderBids = make([]int32, r.itemLo[ni]), make([]int32, n)
	nextI := slices.Clone(r.itemLo[:ni])
	nextB := slices.Clone(r.bidderLo[:nb])
	for i := range in.Bids {
		for _, d := range in.Bids[i].Bundle {
			r.itemBids[nextI[d.Item]] = int32(i)
			nextI[d.Item]++
		}
		b := in.Bids[i].Bidder
		r.bidderBids[nextB[b]] = int32(i)
		nextB[b]++
	}
	// Root children, numbered bidder by bidder.
	base := int32(0)
	for b := range in.Bidders {
		for _, i := range r.bidderBids[r.bidderLo[b]:r.bidderLo[b+1]] {
			r.topOf[i] = base + int32(r.ex.top[i])
		}
		base += int32(len(in.Bidders[b].Tree.Children))
	}
	r.topLo = make([]int32, base+1)
	for i := range in.Bids {
		r.topLo[r.topOf[i]+1]++
	}
	for k := 1; k < len(r.topLo); k++ {
		r.topLo[k] += r.topLo[k-1]
	}
	r.topBids = make([]int32, n)
	nextT := slices.Clone(r.topLo[:base])
	for i := range in.Bids {
		r.topBids[nextT[r.topOf[i]]] = int32(i)
		nextT[r.topOf[i]]++
	}
	if in.Rules.MinWinners > 0 {
		r.region, r.nRegions = in.RegionOf()
		r.regMark, r.regWins = make([]int, r.nRegions), make([]int, r.nRegions)
	}
	for it := range in.Items {
		if maxShareLimit(in, it) < in.Items[it].Capacity {
			r.maxShare = true
		}
	}
	return r
}

// bidderUse is what the held awards of one bidder use of its limits.
type bidderUse struct {
	payW  auction.Money // whole awards' values
	payP  float64       // fractional awards' value × fraction, unrounded
	volW  int64
	volP  float64
	items int // items with held volume
}

func (u bidderUse) vol() float64 { return float64(u.volW) + u.volP }

// pay is what the held awards charge the budget, as the model does
// (value × fraction unrounded, which is never less than the pay-as-bid
// payment Check counts), rounded up to a minor unit.
func (u bidderUse) pay() auction.Money { return u.payW + auction.Money(ceilUnits(u.payP)) }

// Restrict holds every bid of the instance but the given free ones at
// what a gives it, and returns the problem left for the free bids. a must
// pass the instance's Check (else what the restriction promises does not
// hold); awards naming no bid or a bid twice are an error, as are free
// bids out of range (repeats are ignored).
//
// A free bid is held after all, at a's award, when the sub-instance could
// not express what holding the others leaves it (every rule only ever
// holds more):
//
//   - it demands an item the held awards fill;
//   - under the rule max-share, its bidder holds volume on one of its
//     items (the sub-instance's limit is max-share of the residual
//     capacity, which is then not conservative);
//   - it is in a nested group that copyTree drops once the held bids are
//     left out (an all group that loses a child, a choose group left short
//     of its Min);
//   - a bid held while winning lies below the same child of its bidder's
//     root (the sub-instance cannot count a taken child it does not hold);
//   - its bidder's held awards leave no budget, volume or items, or meet
//     part but not all of its min-volume;
//   - under the rule min-winners, it wins in a and has volume in a region
//     where the held awards alone have fewer winners than the rule asks
//     for (the sub-instance has no rule min-winners: every region has its
//     winners whatever the free bids do).
//
// These rules are applied until none holds another bid. Then each item
// of the sub-instance has the capacity the held awards leave, each bidder
// the budget, max-volume and max-items they leave (a held fractional
// volume or payment rounded up; held awards charge a budget value ×
// fraction unrounded, as the model of Build does), and its min-volume
// when it holds no volume (none when it holds enough).
// When every free bid is held, the sub-instance has no bid (and In is
// nil).
func (r *Restricter) Restrict(a auction.Allocation, free []int) (*Restriction, error) {
	in := r.in
	clear(r.frac)
	for k, aw := range a.Awards {
		if aw.Bid < 0 || aw.Bid >= len(in.Bids) || r.frac[aw.Bid] != 0 || !(aw.Fraction > 0) {
			return nil, fmt.Errorf("%w: award %d of bid %d", ErrVector, k, aw.Bid)
		}
		r.frac[aw.Bid] = aw.Fraction
	}
	for i := range r.held {
		r.held[i] = true
	}
	list := make([]int, 0, len(free))
	for _, i := range free {
		if i < 0 || i >= len(in.Bids) {
			return nil, fmt.Errorf("wdp: restrict: free bid %d out of range [0, %d)", i, len(in.Bids))
		}
		if r.held[i] {
			r.held[i] = false
			list = append(list, i)
		}
	}
	slices.Sort(list)
	for r.holdMore(list) {
		list = slices.DeleteFunc(list, func(i int) bool { return r.held[i] })
	}
	list = slices.DeleteFunc(list, func(i int) bool { return r.held[i] })
	out := &Restriction{}
	for _, aw := range a.Awards {
		if r.held[aw.Bid] {
			out.Fixed.Awards = append(out.Fixed.Awards, aw)
		}
	}
	slices.SortFunc(out.Fixed.Awards, func(x, y auction.Award) int { return x.Bid - y.Bid })
	if len(list) == 0 {
		return out, nil
	}
	sub, err := r.ex.extract(list, true)
	if err != nil {
		return nil, err
	}
	out.Sub = *sub
	r.itemUse(list) // the final free set's residual capacities
	for k, it := range sub.Items {
		sub.In.Items[k].Capacity = in.Items[it].Capacity - r.usedW[it] - ceilUnits(r.usedP[it])
	}
	for k, b := range sub.Bidders {
		u := r.bidderUse(b)
		bd := &sub.In.Bidders[k]
		if bd.Budget > 0 {
			bd.Budget -= u.pay()
		}
		if bd.MaxVolume > 0 {
			bd.MaxVolume -= u.volW + ceilUnits(u.volP)
		}
		if bd.MaxItems > 0 {
			bd.MaxItems -= u.items
		}
		if bd.MinVolume > 0 && u.vol() > 0 {
			bd.MinVolume = 0 // held volume meets it (holdMore)
		}
	}
	sub.In.Rules.MinWinners = 0
	for k, i := range list {
		if f := r.frac[i]; f > 0 {
			out.Start.Awards = append(out.Start.Awards, auction.Award{Bid: k, Fraction: f})
		}
	}
	return out, nil
}

// ceilUnits rounds a held fractional volume up to whole units, all but
// a relative 1e-9 of rounding noise.
func ceilUnits(p float64) int64 {
	if p <= 0 {
		return 0
	}
	return int64(math.Ceil(p - 1e-9*max(1, p)))
}

// holdMore applies the rules of Restrict once to the free bids in list
// (ascending, some possibly held since) and reports whether it held one.
func (r *Restricter) holdMore(list []int) bool {
	in := r.in
	more := false
	hold := func(i int) {
		if !r.held[i] {
			r.held[i] = true
			more = true
		}
	}
	// Items the held awards fill.
	r.itemUse(list)
	for _, i := range list {
		if r.held[i] {
			continue
		}
		for _, d := range in.Bids[i].Bundle {
			if in.Items[d.Item].Capacity-r.usedW[d.Item]-ceilUnits(r.usedP[d.Item]) <= 0 {
				hold(i)
				break
			}
		}
	}
	// Bidder limits, and max-share.
	r.bidders = r.bidders[:0]
	for _, i := range list {
		if !r.held[i] {
			r.bidders = append(r.bidders, in.Bids[i].Bidder)
		}
	}
	slices.Sort(r.bidders)
	for _, b := range slices.Compact(r.bidders) {
		r.bidderFree(b, hold)
	}
	// Trees: groups dropped with the held bids, then mixed root children.
	kill := func(i int) { hold(i) }
	lastTop := int32(-1)
	for _, i := range list {
		t := r.topOf[i]
		if t == lastTop || r.held[i] {
			continue
		}
		lastTop = t
		b := in.Bids[i].Bidder
		if ch := in.Bidders[b].Tree.Children[r.ex.top[i]]; ch.Group != nil {
			groupDead(ch.Group, r.held, kill)
		}
		mixed := false
		for _, j := range r.topBids[r.topLo[t]:r.topLo[t+1]] {
			if r.held[j] && r.frac[j] > 0 {
				mixed = true
				break
			}
		}
		if mixed {
			for _, j := range r.topBids[r.topLo[t]:r.topLo[t+1]] {
				hold(int(j))
			}
		}
	}
	if in.Rules.MinWinners > 0 {
		r.regionsShort(list, hold)
	}
	return more
}

// bidderFree applies the bidder rules of Restrict to the free bids of
// bidder b.
func (r *Restricter) bidderFree(b int, hold func(int)) {
	bd := &r.in.Bidders[b]
	u := r.bidderUse(b) // also marks its held items in bidItem
	all := bd.Budget > 0 && u.pay() >= bd.Budget ||
		bd.MaxVolume > 0 && bd.MaxVolume-u.volW-ceilUnits(u.volP) <= 0 ||
		bd.MaxItems > 0 && u.items >= bd.MaxItems ||
		bd.MinVolume > 0 && u.vol() > 0 && u.vol() < float64(bd.MinVolume)
	for _, i := range r.bidderBids[r.bidderLo[b]:r.bidderLo[b+1]] {
		switch {
		case r.held[i]:
		case all:
			hold(int(i))
		case r.maxShare && u.items > 0:
			for _, d := range r.in.Bids[i].Bundle {
				if r.bidItem[d.Item] == r.bstamp {
					hold(int(i))
					break
				}
			}
		}
	}
}

// bidderUse sums the held awards of bidder b, and marks the items they
// give it volume on (bidItem == bstamp).
func (r *Restricter) bidderUse(b int) bidderUse {
	in := r.in
	r.bstamp++
	if r.bstamp == 0 {
		clear(r.bidItem)
		r.bstamp = 1
	}
	var u bidderUse
	for _, i := range r.bidderBids[r.bidderLo[b]:r.bidderLo[b+1]] {
		f := r.frac[i]
		if !r.held[i] || f <= 0 {
			continue
		}
		if v, _ := in.Bids[i].Value(); f == 1 {
			u.payW += v
		} else {
			u.payP += f * float64(v)
		}
		for _, d := range in.Bids[i].Bundle {
			if f == 1 {
				u.volW += d.Volume
			} else {
				u.volP += f * float64(d.Volume)
			}
			if r.bidItem[d.Item] != r.bstamp {
				r.bidItem[d.Item] = r.bstamp
				u.items++
			}
		}
	}
	return u
}

// itemUse computes usedW and usedP for the items of the free bids in
// list: the volume the held awards take of them.
func (r *Restricter) itemUse(list []int) {
	in := r.in
	r.stamp++
	if r.stamp == 0 {
		clear(r.itemStamp)
		r.stamp = 1
	}
	for _, i := range list {
		if r.held[i] {
			continue
		}
		for _, d := range in.Bids[i].Bundle {
			it := d.Item
			if r.itemStamp[it] == r.stamp {
				continue
			}
			r.itemStamp[it] = r.stamp
			var w int64
			var p float64
			for _, j := range r.itemBids[r.itemLo[it]:r.itemLo[it+1]] {
				f := r.frac[j]
				if !r.held[j] || f <= 0 {
					continue
				}
				v := volumeOn(&in.Bids[j], it)
				if f == 1 {
					w += v
				} else {
					p += f * float64(v)
				}
			}
			r.usedW[it], r.usedP[it] = w, p
		}
	}
}

// volumeOn is bid's volume on item it (0 when it does not demand it).
func volumeOn(bid *auction.Bid, it int) int64 {
	for _, d := range bid.Bundle {
		if d.Item == it {
			return d.Volume
		}
	}
	return 0
}

// regionsShort holds the winning free bids with volume in a region where
// the held awards have fewer distinct winners than the rule min-winners
// asks for.
func (r *Restricter) regionsShort(list []int, hold func(int)) {
	in := r.in
	clear(r.regMark)
	clear(r.regWins)
	for b := range in.Bidders {
		for _, i := range r.bidderBids[r.bidderLo[b]:r.bidderLo[b+1]] {
			if !r.held[i] || r.frac[i] <= 0 {
				continue
			}
			for _, d := range in.Bids[i].Bundle {
				if g := r.region[d.Item]; g >= 0 && r.regMark[g] != b+1 {
					r.regMark[g] = b + 1
					r.regWins[g]++
				}
			}
		}
	}
	for _, i := range list {
		if r.held[i] || r.frac[i] <= 0 {
			continue
		}
		for _, d := range in.Bids[i].Bundle {
			if g := r.region[d.Item]; g >= 0 && r.regWins[g] < in.Rules.MinWinners {
				hold(i)
				break
			}
		}
	}
}
