package wdp

import (
	"github.com/gavelhq/gavel/auction"
)

// Dominance. Presolve removes an all-or-nothing bid b1 when another live
// all-or-nothing bid b2 (its witness) satisfies all of:
//
//	(1) every item of b2 is in b1's bundle, with a volume no larger;
//	(2) value(b2) ≥ value(b1);
//	(3) b2 comes before b1 in the order: value descending, then total
//	    volume ascending, then index ascending;
//	(4) both are children of their bidders' roots, or they are siblings
//	    in one nested group of kind or, xor or choose;
//	(5) if they have the same bidder, it has no budget and no min-volume;
//	    if not, b1's bidder has no min-volume, b2's bidder has no budget,
//	    min-volume, max-volume or max-items, and the max-share rule limits
//	    nothing on b2's items (its limit is not below their capacities);
//	(6) they can never both win: they are siblings in a xor group (or a
//	    choose group with Max 1), or on some item of b2 their volumes add
//	    up to more than its capacity (or, for one bidder, than its
//	    max-share limit);
//	(7) under the rule min-winners, they have the same bidder and touch
//	    the same regions (by (1) b2's regions are among b1's, so b1 has
//	    no region b2 lacks).
//
// Why this keeps the optimum. Let A be a feasible allocation that awards
// b1. By (6) it does not award b2. Let A' be A with b2 awarded instead of
// b1. A' is feasible: no item's volume grows (1); the root of a tree is an
// or group, and in a shared parent group the number of taken children does
// not change, so no group above changes either (4); budgets, min- and
// max-volumes, max-items and max-share hold by (5) (for one bidder its
// volume on each item and its number of items do not grow); b2 is live, so
// it pays its reserve; and by (7) the bidder still wins in every region it
// won in, so every region keeps its winners. Without (7) the swap could
// drop a region below K: a dominated bid of another bidder may be the only
// way to give a region its K-th winner. And A' earns value(b2) − value(b1) ≥ 0 more (2). So
// dropping b1 keeps an optimal allocation.
//
// Several bids can go at once. Conditions (1)–(6) of a pair do not depend
// on the other bids, and removing bids from a group keeps its kind (and
// a choose group's Max at 1 if it was 1). Remove the dominated bids one at
// a time, from the last in order (3) to the first: when b1 goes, its
// witness precedes it, so it has not gone yet. The witness itself may go
// later, because of its own witness, which precedes it in turn.
//
// Duplicates (same bundle, same value) are the equal case: the one with
// the lower index stays. Merging two bids into one (adding volumes and
// values) is not done: two all-or-nothing bids are not one bid of the sum,
// and fractions of two divisible bids are not a fraction of their sum.
// Divisible bids are never removed as dominated: a part of one can win
// beside a part of the other.
//
// The search for witnesses looks, for each bid, at the bids whose smallest
// item is in its bundle, at most maxDominanceChecks of them (a fixed order,
// so the result stays deterministic).

const maxDominanceChecks = 4096

// domInfo holds what the dominance test reads, computed once.
type domInfo struct {
	parent    []*auction.Group // by bid: its nested parent group; nil for a child of the root
	value     []auction.Money  // by bid
	total     []int64          // by bid
	shareFree []bool           // by bid: max-share limits nothing on its items
	vol1      []int64          // by item: b1's volumes, 0 elsewhere
	regional  bool             // the rule min-winners applies: (7)
	nRegions  []int            // by bid: how many regions it touches, under (7)
}

func (ps *presolver) dominance() {
	if ps.poll.err != nil {
		return
	}
	in := ps.in
	n := len(in.Bids)
	di := &domInfo{parent: make([]*auction.Group, n), value: make([]auction.Money, n), total: make([]int64, n),
		shareFree: make([]bool, n), vol1: make([]int64, len(in.Items))}
	for b := range in.Bidders {
		var walk func(g *auction.Group, nested bool)
		walk = func(g *auction.Group, nested bool) {
			for _, ch := range g.Children {
				if ch.Group != nil {
					walk(ch.Group, true)
				} else if nested {
					di.parent[ch.Bid] = g
				}
			}
		}
		walk(&in.Bidders[b].Tree, false)
	}
	if es, regs := liveRegionBids(in, func(int) bool { return true }); len(regs) > 0 {
		di.regional = true
		di.nRegions = make([]int, n)
		for _, e := range es {
			di.nRegions[e.bid]++
		}
	}
	eligible := func(i int) bool {
		if ps.dead[i] || in.Bids[i].Divisible() {
			return false
		}
		g := di.parent[i]
		return g == nil || g.Kind != auction.All
	}
	byFirst := make([][]int, len(in.Items)) // candidate witnesses by their smallest item
	for i := range in.Bids {
		bid := &in.Bids[i]
		di.value[i], _ = bid.Value()
		di.total[i] = bid.TotalVolume()
		di.shareFree[i] = true
		first := bid.Bundle[0].Item
		for _, d := range bid.Bundle {
			first = min(first, d.Item)
			if maxShareLimit(in, d.Item) < in.Items[d.Item].Capacity {
				di.shareFree[i] = false
			}
		}
		if eligible(i) {
			byFirst[first] = append(byFirst[first], i)
		}
	}
	for b1 := range in.Bids {
		if ps.poll.stop(1) {
			return
		}
		if !eligible(b1) {
			continue
		}
		for _, d := range in.Bids[b1].Bundle {
			di.vol1[d.Item] = d.Volume
		}
		checks := 0
	search:
		for _, d := range in.Bids[b1].Bundle {
			for _, b2 := range byFirst[d.Item] {
				if checks == maxDominanceChecks {
					break search
				}
				checks++
				if b2 != b1 && ps.dominates(b2, b1, di) {
					why := ReasonDominated
					if di.value[b1] == di.value[b2] && di.total[b1] == di.total[b2] &&
						len(in.Bids[b1].Bundle) == len(in.Bids[b2].Bundle) {
						why = ReasonDuplicate // (1) and equal totals: every volume is equal
					}
					ps.kill(b1, why)
					ps.by[b1] = b2
					break search
				}
			}
		}
		for _, d := range in.Bids[b1].Bundle {
			di.vol1[d.Item] = 0
		}
		ps.poll.stop(checks)
	}
}

// dominates checks conditions (1)–(6) for witness b2 and bid b1, the
// cheap ones first; di.vol1 holds b1's volumes by item.
func (ps *presolver) dominates(b2, b1 int, di *domInfo) bool {
	in := ps.in
	// (2), (3)
	v1, v2 := di.value[b1], di.value[b2]
	t1, t2 := di.total[b1], di.total[b2]
	if v2 < v1 || v2 == v1 && (t2 > t1 || t2 == t1 && b2 > b1) {
		return false
	}
	// (4)
	x1, x2 := &in.Bids[b1], &in.Bids[b2]
	p1, p2 := di.parent[b1], di.parent[b2]
	same := x1.Bidder == x2.Bidder
	if p1 != p2 || p1 != nil && !same {
		return false
	}
	// (5)
	bd1, bd2 := &in.Bidders[x1.Bidder], &in.Bidders[x2.Bidder]
	if same {
		if bd1.Budget > 0 || bd1.MinVolume > 0 {
			return false
		}
	} else if bd1.MinVolume > 0 || bd2.Budget > 0 || bd2.MinVolume > 0 || bd2.MaxVolume > 0 || bd2.MaxItems > 0 || !di.shareFree[b2] {
		return false
	}
	// (7): with (1), b2's regions are among b1's, so equal counts mean
	// equal sets.
	if di.regional && (!same || di.nRegions[b1] != di.nRegions[b2]) {
		return false
	}
	// (1)
	for _, d := range x2.Bundle {
		if d.Volume > di.vol1[d.Item] {
			return false
		}
	}
	// (6)
	if p1 != nil && (p1.Kind == auction.Xor || p1.Kind == auction.Choose && p1.Max == 1) {
		return true
	}
	for _, d := range x2.Bundle {
		both := d.Volume + di.vol1[d.Item] // no overflow: all volumes sum within int64
		if both > in.Items[d.Item].Capacity || same && both > maxShareLimit(in, d.Item) {
			return true
		}
	}
	return false
}
