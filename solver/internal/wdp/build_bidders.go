package wdp

import (
	"math"
	"slices"
)

func (b *builder) bidderRows() {
	in, f := b.in, b.f
	for bd := range in.Bidders {
		bdr := &in.Bidders[bd]
		live := b.byBd[bd]
		id := bdr.ID
		if bdr.Budget > 0 {
			coef := make([]int64, len(live))
			for k, i := range live {
				v, _ := in.Bids[i].Value()
				coef[k] = int64(v)
			}
			b.packing(Row{Kind: RowBudget, Item: -1, Region: -1, Bidder: bd, Bid: -1, Name: name("budget_", id)}, live, coef, int64(bdr.Budget))
		}
		if bdr.MinVolume > 0 && b.minVolumeBinds(bd) {
			w := b.addCol(Col{Kind: ColBidder, Bid: -1, Bidder: bd, Item: -1, Region: -1, Name: name("w_", id)}, 0, 0, 1, true)
			f.BidderCol[bd] = w
			buf := rowBuf{lo: 0, hi: math.Inf(1)}
			for _, i := range live {
				buf.cols = append(buf.cols, i)
				buf.vals = append(buf.vals, float64(in.Bids[i].TotalVolume()))
			}
			buf.cols = append(buf.cols, w)
			buf.vals = append(buf.vals, -float64(bdr.MinVolume))
			b.addRow(Row{Kind: RowMinVolume, Item: -1, Region: -1, Bidder: bd, Bid: -1, Name: name("minvol_", id)}, buf)
			for _, i := range live {
				b.addRow(Row{Kind: RowMinVolumeLink, Item: -1, Region: -1, Bidder: bd, Bid: i, Name: name("minlink_", in.Bids[i].ID)},
					rowBuf{cols: []int{f.Taken[i], w}, vals: []float64{1, -1}, lo: math.Inf(-1), hi: 0})
			}
		}
		if bdr.MaxVolume > 0 {
			coef := make([]int64, len(live))
			for k, i := range live {
				coef[k] = in.Bids[i].TotalVolume()
			}
			b.packing(Row{Kind: RowMaxVolume, Item: -1, Region: -1, Bidder: bd, Bid: -1, Name: name("maxvol_", id)}, live, coef, bdr.MaxVolume)
		}
		if bdr.MaxItems > 0 {
			b.maxItems(bd)
		}
	}
}

// minVolumeBinds reports whether a bidder's min-volume needs a switch: it
// has two or more live bids and one of them, alone at its least fraction,
// falls short of the min-volume (one live bid was folded into its range).
func (b *builder) minVolumeBinds(bd int) bool {
	live := b.byBd[bd]
	if len(live) < 2 {
		return false
	}
	m := b.in.Bidders[bd].MinVolume
	for _, i := range live {
		least := b.rng[i].lo // the least volume is lo × total ≥ m ⇔ lo ≥ m/total
		if least.less(qFrac(m, b.in.Bids[i].TotalVolume())) {
			return true
		}
	}
	return false
}

func (b *builder) maxItems(bd int) {
	in, f := b.in, b.f
	live := b.byBd[bd]
	var items []int
	for _, i := range live {
		for _, d := range in.Bids[i].Bundle {
			items = append(items, d.Item)
		}
	}
	slices.Sort(items)
	items = slices.Compact(items)
	k := in.Bidders[bd].MaxItems
	if len(items) <= k {
		return
	}
	id := in.Bidders[bd].ID
	ucol := make(map[int]int, len(items))
	sum := rowBuf{lo: math.Inf(-1), hi: float64(k)}
	for _, it := range items {
		u := b.addCol(Col{Kind: ColUsage, Bid: -1, Bidder: bd, Item: it, Region: -1, Name: name("u_", id, in.Items[it].ID)}, 0, 0, 1, true)
		ucol[it] = u
		sum.cols = append(sum.cols, u)
		sum.vals = append(sum.vals, 1)
	}
	for _, i := range live {
		for _, d := range in.Bids[i].Bundle {
			b.addRow(Row{Kind: RowUsageLink, Item: d.Item, Region: -1, Bidder: bd, Bid: i, Name: name("itemlink_", in.Bids[i].ID, in.Items[d.Item].ID)},
				rowBuf{cols: []int{f.Taken[i], ucol[d.Item]}, vals: []float64{1, -1}, lo: math.Inf(-1), hi: 0})
		}
	}
	b.addRow(Row{Kind: RowMaxItems, Item: -1, Region: -1, Bidder: bd, Bid: -1, Name: name("maxitems_", id)}, sum)
}

// shareRows limits each bidder's volume on each item to the max-share
// limit, where that limit is below the capacity.
func (b *builder) shareRows() {
	in := b.in
	if s := in.Rules.MaxShare; s.Den <= 0 || s.Num <= 0 || s.Num >= s.Den {
		return
	}
	type entry struct {
		item, bid int
		vol       int64
	}
	for bd := range in.Bidders {
		var es []entry
		for _, i := range b.byBd[bd] {
			for _, d := range in.Bids[i].Bundle {
				es = append(es, entry{d.Item, i, d.Volume})
			}
		}
		slices.SortFunc(es, func(a, b entry) int {
			if a.item != b.item {
				return a.item - b.item
			}
			return a.bid - b.bid
		})
		for s := 0; s < len(es); {
			e := s
			for e < len(es) && es[e].item == es[s].item {
				e++
			}
			it := es[s].item
			if limit := maxShareLimit(in, it); limit < in.Items[it].Capacity {
				bids := make([]int, 0, e-s)
				vols := make([]int64, 0, e-s)
				for _, x := range es[s:e] {
					bids = append(bids, x.bid)
					vols = append(vols, x.vol)
				}
				b.packing(Row{Kind: RowMaxShare, Item: it, Region: -1, Bidder: bd, Bid: -1, Name: name("share_", in.Bidders[bd].ID, in.Items[it].ID)},
					bids, vols, limit)
			}
			s = e
		}
	}
}
