package mechanism

import (
	"fmt"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// market is an instance and an allocation of it, split into the independent
// components the VCG and core computations re-solve one at a time.
type market struct {
	in    *auction.Instance
	alloc auction.Allocation
	comps []wdp.Component // wdp.Decompose: no constraint links two of them
	comp  []int           // by bid: its component
	local []int           // by bid: its index in its component's instance
	award []float64       // by bid: value × fraction in the allocation (0 if it loses)
	value []float64       // by bidder: Σ value × fraction of its awards (v_b)
	pab   []auction.Money // by bidder: its pay-as-bid payment, the cap of every payment

	vcgTasks []*vcgTask // payVCG's re-solves, by component then bidder: their allocations seed the core
	plain    bool       // a test oracle: VCG re-solves to their proof, core by exact separation alone (no seeds nor heuristics)
}

// newMarket decomposes a valid instance and values an allocation that passed
// its Check.
func newMarket(in *auction.Instance, a auction.Allocation) (*market, error) {
	comps, err := wdp.Decompose(in)
	if err != nil {
		return nil, fmt.Errorf("mechanism: %w", err)
	}
	m := &market{in: in, alloc: a, comps: comps,
		comp: make([]int, len(in.Bids)), local: make([]int, len(in.Bids)),
		award: make([]float64, len(in.Bids)), value: make([]float64, len(in.Bidders)),
		pab: in.BidderPayments(a)}
	for k := range comps {
		for l, i := range comps[k].Bids {
			m.comp[i], m.local[i] = k, l
		}
	}
	for _, aw := range a.Awards {
		x := awardValue(&in.Bids[aw.Bid], aw.Fraction)
		m.award[aw.Bid] += x
		m.value[in.Bids[aw.Bid].Bidder] += x
	}
	return m, nil
}

// awardValue is value × fraction, as the solver's objective counts it.
func awardValue(b *auction.Bid, f float64) float64 {
	v, _ := b.Value() // Validate: values do not overflow
	if f >= 1 {
		return float64(v)
	}
	return float64(v) * f
}

// subMarket is some bidders of a parent instance, with all their bids and
// only the items those bids use, as an instance of its own.
type subMarket struct {
	in      *auction.Instance
	bids    []int // by bid of in: its index in the parent
	bidders []int // by bidder of in: its index in the parent
}

// restrict builds the sub-market of the bidders for which keep is true.
// Bidders, bids and items keep the parent's order; each kept bidder keeps its
// whole tree (copied, with bid indices renumbered) and its limits. Items no
// kept bid uses are dropped, and with them, under min-winners, the regions
// no kept bid touches: the allocations of the sub-market are the
// allocations of the parent that award no bid of a bidder left out, with
// the rule held only in the regions the kept bids touch (see
// restrictAllRegions). Item sets are dropped (they are a shorthand of
// files).
func restrict(parent *auction.Instance, keep func(bidder int) bool) *subMarket {
	return restrictItems(parent, keep, false)
}

// restrictAllRegions is restrict, except that under min-winners it keeps
// every item of a region, so that the rule holds in every region of the
// parent, including those only left-out bidders bid in (where then no
// allocation meets it): the allocations of the sub-market are exactly the
// allocations of the parent that award no bid of a bidder left out.
func restrictAllRegions(parent *auction.Instance, keep func(bidder int) bool) *subMarket {
	return restrictItems(parent, keep, parent.Rules.MinWinners > 0)
}

// restrictItems is restrict, keeping also the items of every region when
// regions is set.
func restrictItems(parent *auction.Instance, keep func(bidder int) bool, regions bool) *subMarket {
	s := &subMarket{in: &auction.Instance{Name: parent.Name, Currency: parent.Currency, Rules: parent.Rules}}
	bidderIdx := make([]int, len(parent.Bidders))
	for b := range parent.Bidders {
		bidderIdx[b] = -1
		if keep(b) {
			bidderIdx[b] = len(s.bidders)
			s.bidders = append(s.bidders, b)
		}
	}
	bidIdx := make([]int, len(parent.Bids))
	itemIdx := make([]int, len(parent.Items))
	for it := range itemIdx {
		itemIdx[it] = -1
	}
	used := make([]bool, len(parent.Items))
	for i := range parent.Bids {
		bidIdx[i] = -1
		if bidderIdx[parent.Bids[i].Bidder] < 0 {
			continue
		}
		bidIdx[i] = len(s.bids)
		s.bids = append(s.bids, i)
		for _, d := range parent.Bids[i].Bundle {
			used[d.Item] = true
		}
	}
	for it := range parent.Items {
		if used[it] || regions && parent.Items[it].Region != "" {
			itemIdx[it] = len(s.in.Items)
			s.in.Items = append(s.in.Items, parent.Items[it])
		}
	}
	s.in.Bidders = make([]auction.Bidder, len(s.bidders))
	for k, b := range s.bidders {
		s.in.Bidders[k] = parent.Bidders[b]
		s.in.Bidders[k].Tree = copyGroup(&parent.Bidders[b].Tree, bidIdx)
	}
	s.in.Bids = make([]auction.Bid, len(s.bids))
	for k, i := range s.bids {
		bid := parent.Bids[i]
		bid.Bidder = bidderIdx[bid.Bidder]
		bid.Bundle = make([]auction.Demand, len(parent.Bids[i].Bundle))
		for j, d := range parent.Bids[i].Bundle {
			bid.Bundle[j] = auction.Demand{Item: itemIdx[d.Item], Volume: d.Volume}
		}
		s.in.Bids[k] = bid
	}
	return s
}

// copyGroup copies a bid tree with bid indices mapped by idx.
func copyGroup(g *auction.Group, idx []int) auction.Group {
	out := auction.Group{Kind: g.Kind, Min: g.Min, Max: g.Max, Children: make([]auction.Node, len(g.Children))}
	for k, ch := range g.Children {
		if ch.Group != nil {
			c := copyGroup(ch.Group, idx)
			out.Children[k] = auction.Node{Group: &c}
		} else {
			out.Children[k] = auction.Node{Bid: idx[ch.Bid]}
		}
	}
	return out
}
