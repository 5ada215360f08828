package wdp

import (
	"context"
	"fmt"
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// Component is one independent part of an instance: a sub-instance whose
// bids interact with no bid outside it.
type Component struct {
	Sub
	// Trivial is set when Solution is known to be optimal without a
	// search: the component has one bid, or all its bids can win together.
	Trivial bool
	// Solution is the optimal allocation of a trivial component, in the
	// indices of Sub.In; empty otherwise.
	Solution auction.Allocation
}

// Decompose splits a valid instance into independent components. Two bids
// are linked when a constraint that can bind holds both:
//
//   - an item whose total demand (all bids at fraction 1) exceeds its
//     capacity links all its bids; one that does not, links the bids of
//     each bidder whose own demand on it exceeds the max-share limit;
//   - a nested group whose kind limits its children (xor, choose, all with
//     two or more children), or whose taken status its parent's limit
//     needs, links all the bids below it;
//   - a bidder's budget, max-volume or max-items links its bids when its
//     bids together exceed it; its min-volume when one of its bids alone,
//     at its least fraction, falls short of it;
//   - the rule min-winners links all the bids with volume in a region
//     (items sharing a non-empty Item.Region), so that no component splits
//     a region.
//
// When the rule min-winners cannot be met because in some region fewer
// bidders bid than it asks for (a region without bids is in no
// component), Decompose returns a single component that is the whole
// instance, every item and bidder included, and not Trivial: its
// formulation is infeasible (Formulation.Infeasible), and so is the
// instance.
//
// Components are the classes of the transitive closure (union-find),
// ordered by their smallest bid index, with their bids, items and bidders
// in the original order. A constraint that links nothing cannot bind
// whatever the components award together, so their allocations, lifted
// with Sub.Lift and merged, form an allocation of the instance that passes
// Check when each part does, and the optimum is the sum of the components'
// optima. Each component holds only its own items and bidders (a bidder
// split over components is copied into each, with its limits, which then
// cannot bind either).
//
// A component is Trivial when it has one bid or when all its bids can win
// together (checked with auction.Instance.Check); its Solution is then
// optimal, as every bid has a positive value.
func Decompose(in *auction.Instance) ([]Component, error) {
	if in == nil {
		return nil, ErrNoInstance
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("wdp: invalid instance: %w", err)
	}
	return DecomposeContext(context.Background(), in)
}

// DecomposeContext is Decompose for an instance that has passed Validate
// (it is not validated again; a presolved instance has), and that gives up
// when ctx is done: it then returns an error wrapping ctx.Err(), a few
// milliseconds later at most (on the national DDU market, 100,000 bids,
// decomposition takes about half a second).
func DecomposeContext(ctx context.Context, in *auction.Instance) ([]Component, error) {
	if in == nil {
		return nil, ErrNoInstance
	}
	poll := &poller{ctx: ctx}
	canceled := func() ([]Component, error) { return nil, fmt.Errorf("wdp: decompose: %w", poll.err) }
	uf := newUnionFind(len(in.Bids))
	if !linkItems(in, uf, poll) {
		return canceled()
	}
	for b := range in.Bidders {
		for _, ch := range in.Bidders[b].Tree.Children {
			if ch.Group != nil {
				linkGroup(ch.Group, false, uf)
			}
		}
	}
	linkBidders(in, uf)
	if poll.stop(len(in.Bidders) + len(in.Bids)) {
		return canceled()
	}
	if !linkRegions(in, uf) {
		all := make([]int, len(in.Bids))
		for i := range all {
			all[i] = i
		}
		sub, err := newExtractor(in).extract(all, false)
		if err != nil {
			return nil, err
		}
		return []Component{{Sub: *sub}}, nil
	}

	// Classes in order of their smallest bid.
	classOf := make(map[int]int)
	var members [][]int
	for i := range in.Bids {
		r := uf.find(i)
		k, ok := classOf[r]
		if !ok {
			k = len(members)
			classOf[r] = k
			members = append(members, nil)
		}
		members[k] = append(members[k], i)
	}
	out := make([]Component, 0, len(members))
	ex := newExtractor(in)
	for _, ms := range members {
		if poll.stop(len(ms)) {
			return canceled()
		}
		sub, err := ex.extract(ms, true)
		if err != nil {
			return nil, err
		}
		c := Component{Sub: *sub}
		c.Solution, c.Trivial = solveTrivial(sub.In)
		out = append(out, c)
	}
	return out, nil
}

// linkItems links the bids on items whose capacity or max-share limit can
// bind. It returns false when poll sees the context done.
func linkItems(in *auction.Instance, uf *unionFind, poll *poller) bool {
	type entry struct {
		bidder, bid int
		vol         int64
	}
	on := make([][]entry, len(in.Items))
	for i := range in.Bids {
		for _, d := range in.Bids[i].Bundle {
			on[d.Item] = append(on[d.Item], entry{in.Bids[i].Bidder, i, d.Volume})
		}
	}
	for it, es := range on {
		if poll.stop(1 + len(es)) {
			return false
		}
		var total int64
		for _, e := range es {
			total += e.vol // Validate: all volumes sum within int64
		}
		if total > in.Items[it].Capacity {
			for _, e := range es[1:] {
				uf.union(es[0].bid, e.bid)
			}
			continue
		}
		limit := maxShareLimit(in, it)
		if total <= limit {
			continue
		}
		slices.SortStableFunc(es, func(a, b entry) int { return a.bidder - b.bidder })
		for s := 0; s < len(es); {
			e := s
			var sum int64
			for e < len(es) && es[e].bidder == es[s].bidder {
				sum += es[e].vol
				e++
			}
			if sum > limit {
				for _, x := range es[s+1 : e] {
					uf.union(es[s].bid, x.bid)
				}
			}
			s = e
		}
	}
	return true
}

// linkRegions links the bids with volume in each region, under the rule
// min-winners, and reports whether every region has as many bidders as
// the rule asks for.
func linkRegions(in *auction.Instance, uf *unionFind) bool {
	es, regs := liveRegionBids(in, func(int) bool { return true })
	if len(regs) == 0 {
		return true
	}
	bidders := make([]int, len(regs))
	for k, e := range es {
		if k > 0 && es[k-1].region == e.region {
			uf.union(es[k-1].bid, e.bid)
			if es[k-1].bidder == e.bidder {
				continue
			}
		}
		bidders[e.region]++
	}
	return !slices.ContainsFunc(bidders, func(n int) bool { return n < in.Rules.MinWinners })
}

// linkGroup links the bids below a group that limits them, and returns
// one of its bids (−1 for none). used says whether the parent needs its
// taken status; the rule is Build's (see group in build.go).
func linkGroup(g *auction.Group, used bool, uf *unionFind) int {
	uses := used || disjunctive(g) || constrained(g)
	first := -1
	for _, ch := range g.Children {
		var b int
		if ch.Group != nil {
			b = linkGroup(ch.Group, uses, uf)
		} else {
			b = ch.Bid
		}
		if b < 0 {
			continue
		}
		if first < 0 {
			first = b
		} else if uses {
			uf.union(first, b)
		}
	}
	return first
}

// linkBidders links the bids of each bidder with a limit that can bind.
func linkBidders(in *auction.Instance, uf *unionFind) {
	byBidder := make([][]int, len(in.Bidders))
	for i := range in.Bids {
		byBidder[in.Bids[i].Bidder] = append(byBidder[in.Bids[i].Bidder], i)
	}
	for b, bids := range byBidder {
		if len(bids) < 2 || !bidderBinds(in, b, bids) {
			continue
		}
		for _, i := range bids[1:] {
			uf.union(bids[0], i)
		}
	}
}

func bidderBinds(in *auction.Instance, b int, bids []int) bool {
	bd := &in.Bidders[b]
	var value auction.Money
	var volume int64
	items := map[int]bool{}
	short := false
	for _, i := range bids {
		bid := &in.Bids[i]
		v, _ := bid.Value()
		value += v // Validate: all values sum within int64
		t := bid.TotalVolume()
		volume += t
		for _, d := range bid.Bundle {
			items[d.Item] = true
		}
		least := qOne
		if bid.Divisible() {
			least = qRatio(bid.MinFraction)
		}
		if bd.MinVolume > 0 && least.less(qFrac(bd.MinVolume, t)) {
			short = true
		}
	}
	return bd.Budget > 0 && value > bd.Budget ||
		bd.MaxVolume > 0 && volume > bd.MaxVolume ||
		bd.MaxItems > 0 && len(items) > bd.MaxItems ||
		short
}
