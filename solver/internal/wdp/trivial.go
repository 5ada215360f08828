package wdp

import (
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// solveTrivial returns the optimal allocation of an instance with one bid,
// or one in which all bids can win together; ok is false otherwise.
func solveTrivial(in *auction.Instance) (auction.Allocation, bool) {
	if allFit(in) {
		all := auction.Allocation{Awards: make([]auction.Award, len(in.Bids))}
		for i := range in.Bids {
			all.Awards[i] = auction.Award{Bid: i, Fraction: 1}
		}
		if len(in.Check(all)) == 0 { // the certificate; cheap when it holds
			return all, true
		}
	}
	if len(in.Bids) != 1 {
		return auction.Allocation{}, false
	}
	r := soloRange(in, 0)
	if m := in.Bidders[in.Bids[0].Bidder].MinVolume; m > 0 && r.dead == ReasonNone {
		r = raiseForMinVolume(r, m, in.Bids[0].TotalVolume())
	}
	if r.dead != ReasonNone {
		// It cannot win: the empty award is optimal, if it is feasible (the
		// rule min-winners may ask for a winner).
		return auction.Allocation{}, len(in.Check(auction.Allocation{})) == 0
	}
	// The bid is divisible and wins the most it can: hi < 1 is a quotient
	// of integers; its float64 may round up by half an ulp, within Check's
	// tolerance.
	a := auction.Allocation{Awards: []auction.Award{{Bid: 0, Fraction: r.hi.float()}}}
	if len(in.Check(a)) != 0 {
		return auction.Allocation{}, false // leave it to the search
	}
	return a, true
}

// allFit reports whether every bid of a valid instance can win whole at
// once, in time linear in its size. Check, which builds a message for each
// violation, is slow on large infeasible awards; this test keeps it for
// the awards that pass.
func allFit(in *auction.Instance) bool {
	used := make([]int64, len(in.Items))
	pay := make([]auction.Money, len(in.Bidders))
	vol := make([]int64, len(in.Bidders))
	items := make([][]int, len(in.Bidders))
	type bidderItem struct{ bidder, item int }
	share := map[bidderItem]int64{}
	for i := range in.Bids {
		bid := &in.Bids[i]
		v, _ := bid.Value()
		if r, ok := bundleReserve(in, bid); !ok || v < r {
			return false
		}
		b := bid.Bidder
		pay[b] += v // Validate: all values sum within int64
		vol[b] += bid.TotalVolume()
		for _, d := range bid.Bundle {
			used[d.Item] += d.Volume
			items[b] = append(items[b], d.Item)
			if maxShareLimit(in, d.Item) < in.Items[d.Item].Capacity {
				share[bidderItem{b, d.Item}] += d.Volume
			}
		}
	}
	for it, u := range used {
		if u > in.Items[it].Capacity {
			return false
		}
	}
	for k, v := range share {
		if v > maxShareLimit(in, k.item) {
			return false
		}
	}
	for b := range in.Bidders {
		bd := &in.Bidders[b]
		slices.Sort(items[b])
		if bd.Budget > 0 && pay[b] > bd.Budget || bd.MaxVolume > 0 && vol[b] > bd.MaxVolume ||
			bd.MinVolume > 0 && vol[b] > 0 && vol[b] < bd.MinVolume ||
			bd.MaxItems > 0 && len(slices.Compact(items[b])) > bd.MaxItems || !treeFits(&bd.Tree) {
			return false
		}
	}
	return true
}

// treeFits reports whether all the children of every group of a tree may
// be taken at once.
func treeFits(g *auction.Group) bool {
	n := len(g.Children)
	if g.Kind == auction.Xor && n > 1 || g.Kind == auction.Choose && g.Max < n {
		return false
	}
	for _, ch := range g.Children {
		if ch.Group != nil && !treeFits(ch.Group) {
			return false
		}
	}
	return true
}
