package wdp

import (
	"math"
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// regionBid says that a bid of a bidder has volume in a region (an index
// in Instance.Regions), for the rule min-winners.
type regionBid struct{ region, bidder, bid int }

// liveRegionBids returns the (region, bidder, bid) triples of the bids for
// which live reports true, sorted and without repeats, and the regions of
// in. It returns nothing when the rule min-winners is off.
func liveRegionBids(in *auction.Instance, live func(bid int) bool) ([]regionBid, []auction.Region) {
	if in.Rules.MinWinners <= 0 {
		return nil, nil
	}
	regs := in.Regions()
	if len(regs) == 0 {
		return nil, nil
	}
	region, _ := in.RegionOf()
	var es []regionBid
	for i := range in.Bids {
		if !live(i) {
			continue
		}
		for _, d := range in.Bids[i].Bundle {
			if r := region[d.Item]; r >= 0 {
				es = append(es, regionBid{r, in.Bids[i].Bidder, i})
			}
		}
	}
	slices.SortFunc(es, func(a, b regionBid) int {
		if a.region != b.region {
			return a.region - b.region
		}
		if a.bidder != b.bidder {
			return a.bidder - b.bidder
		}
		return a.bid - b.bid
	})
	return slices.Compact(es), regs
}

// regionRows formulates the rule min-winners K. For each region R and each
// bidder with live bids touching R, a winner column: the Taken column of
// its bid when it has one there, else a binary r with
// r − Σ taken ≤ 0 over its bids touching R (r = 1 only if one of them
// wins; a divisible bid's taken column is its switch, whose row
// x ≥ MinFraction·z gives it real volume). Then Σ winner columns ≥ K.
//
// A region with fewer than K bidders that can win gets its row all the
// same, which no point meets (each winner column is at most 1), so the LP
// and the MIP are infeasible; Infeasible says so without a solve. A
// region without any such bidder gets an empty row 0 ≥ K.
func (b *builder) regionRows() {
	in, f := b.in, b.f
	es, regs := liveRegionBids(in, func(i int) bool { return f.Dead[i] == ReasonNone })
	if len(regs) == 0 {
		return
	}
	k := in.Rules.MinWinners
	at := 0
	for r, reg := range regs {
		sum := rowBuf{lo: float64(k), hi: math.Inf(1)}
		for at < len(es) && es[at].region == r {
			s := at
			for at < len(es) && es[at].region == r && es[at].bidder == es[s].bidder {
				at++
			}
			bd := es[s].bidder
			col := f.Taken[es[s].bid]
			if at-s > 1 {
				bid := in.Bidders[bd].ID
				col = b.addCol(Col{Kind: ColRegion, Bid: -1, Bidder: bd, Item: -1, Region: r, Name: name("r_", bid, reg.Name)}, 0, 0, 1, true)
				link := rowBuf{cols: []int{col}, vals: []float64{1}, lo: math.Inf(-1), hi: 0}
				for _, e := range es[s:at] {
					link.cols = append(link.cols, f.Taken[e.bid])
					link.vals = append(link.vals, -1)
				}
				b.addRow(Row{Kind: RowRegionLink, Item: -1, Region: r, Bidder: bd, Bid: -1, Name: name("regwin_", bid, reg.Name)}, link)
			}
			sum.cols = append(sum.cols, col)
			sum.vals = append(sum.vals, 1)
		}
		if len(sum.cols) < k {
			f.Infeasible = true
		}
		b.addRow(Row{Kind: RowMinWinners, Item: -1, Region: r, Bidder: -1, Bid: -1, Name: name("minwin_", reg.Name)}, sum)
	}
}
