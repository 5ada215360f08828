package wdptest

import (
	"fmt"
	"math/rand/v2"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
)

// Limits of the random instances.
const (
	MaxItems = 10
	MaxBids  = 14
)

// Families lists the instance families, each a mix of constructs:
//
//	unit       single-unit items (capacity 1, volume 1), xor groups: CATS-like
//	multi      multi-unit capacities, prices and rates, some bids over capacity
//	divisible  multi-unit with divisible bids (min 1/4 .. 1)
//	groups     nested or, xor, choose and all groups, some divisible bids
//	bidders    budgets, min-volume, max-volume and max-items
//	rules      reserves and max-share
//	dominance  near-copies of bids: subsets, duplicates, higher prices
//	mixed      everything at once
//	gen        tiny instances of the auction/gen distributions (CATS but paths, legacy, ddu)
var Families = []string{"unit", "multi", "divisible", "groups", "bidders", "rules", "dominance", "mixed", "gen"}

// Rand returns the generator of a seed.
func Rand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// features are the constructs a family turns on.
type features struct {
	unit, divisible, perUnit, groups, bidderLimits, maxShare, reserves, dominance bool
}

var familyFeatures = map[string]features{
	"unit":      {unit: true, groups: true},
	"multi":     {perUnit: true},
	"divisible": {divisible: true, perUnit: true},
	"groups":    {groups: true, divisible: true},
	"bidders":   {bidderLimits: true, divisible: true, perUnit: true},
	"rules":     {maxShare: true, reserves: true, divisible: true, perUnit: true},
	"dominance": {dominance: true, groups: true},
	"mixed":     {divisible: true, perUnit: true, groups: true, bidderLimits: true, maxShare: true, reserves: true, dominance: true},
}

// Instance returns a valid random instance of the family (one of
// Families; an unknown name is taken as "mixed") with at most MaxBids bids.
func Instance(r *rand.Rand, family string) *auction.Instance {
	return Sized(r, family, MaxBids)
}

// Sized is Instance with at most maxBids bids (1 ≤ maxBids ≤ MaxBids).
func Sized(r *rand.Rand, family string, maxBids int) *auction.Instance {
	maxBids = min(max(maxBids, 1), MaxBids)
	if family == "gen" {
		if in := genInstance(r, maxBids); in != nil {
			return in
		}
		family = "mixed"
	}
	ft, ok := familyFeatures[family]
	if !ok {
		ft = familyFeatures["mixed"]
	}
	for {
		in := randomInstance(r, ft, maxBids)
		in.Name = family
		if in.Validate() == nil {
			return in
		}
	}
}

// OddIDs gives the items, bidders and bids of in IDs that need escaping in
// LP and MPS files: spaces, signs, colons, underscores followed by hex
// digits, non-ASCII letters, leading digits and 'e'. IDs stay unique.
func OddIDs(in *auction.Instance) {
	odd := []string{" x", "-1", ":a", "_5F", "é", "e1", "1.5", "a b", "x+y", "<=", "__", "\\"}
	for i := range in.Items {
		in.Items[i].ID = fmt.Sprintf("%s%d", odd[i%len(odd)], i)
	}
	for b := range in.Bidders {
		in.Bidders[b].ID = fmt.Sprintf("%d%s", b, odd[(b+3)%len(odd)])
	}
	for i := range in.Bids {
		in.Bids[i].ID = fmt.Sprintf("%s%s%d", odd[(i+5)%len(odd)], odd[i%len(odd)], i)
	}
}

func randomInstance(r *rand.Rand, ft features, maxBids int) *auction.Instance {
	in := &auction.Instance{}
	nItems := 1 + r.IntN(MaxItems)
	if ft.unit {
		nItems = 2 + r.IntN(MaxItems-1)
	}
	for i := range nItems {
		it := auction.Item{ID: fmt.Sprintf("I%d", i), Capacity: 1}
		if !ft.unit {
			it.Capacity = int64(1 + r.IntN(40))
		}
		it.DDU = it.ID
		if ft.reserves && r.IntN(3) == 0 {
			it.Reserve = auction.Money(1 + r.IntN(4))
		}
		in.Items = append(in.Items, it)
	}
	if ft.maxShare && r.IntN(2) == 0 {
		shares := []auction.Ratio{{Num: 1, Den: 2}, {Num: 3, Den: 5}, {Num: 2, Den: 3}, {Num: 3, Den: 4}, {Num: 1, Den: 1}, {Num: 1, Den: 3}}
		in.Rules.MaxShare = shares[r.IntN(len(shares))]
	}
	nBidders := 1 + r.IntN(5)
	for b := range nBidders {
		bd := auction.Bidder{ID: fmt.Sprintf("B%d", b), Tree: auction.Group{Kind: auction.Or}}
		if ft.bidderLimits {
			if r.IntN(3) == 0 {
				bd.Budget = auction.Money(50 + r.IntN(400))
			}
			if r.IntN(3) == 0 {
				bd.MinVolume = int64(1 + r.IntN(40))
			}
			if r.IntN(3) == 0 {
				bd.MaxVolume = bd.MinVolume + int64(r.IntN(60))
			}
			if r.IntN(4) == 0 {
				bd.MaxItems = 1 + r.IntN(3)
			}
		}
		in.Bidders = append(in.Bidders, bd)
	}
	nBids := 1 + r.IntN(maxBids)
	owned := make([][]int, nBidders)
	for i := 0; i < nBids; i++ {
		var bid auction.Bid
		if ft.dominance && i > 0 && r.IntN(3) == 0 {
			bid = nearCopy(r, in, &in.Bids[r.IntN(i)])
		} else {
			bid = randomBid(r, in, ft)
		}
		bid.ID = fmt.Sprintf("b%d", i)
		in.Bids = append(in.Bids, bid)
		owned[bid.Bidder] = append(owned[bid.Bidder], i)
	}
	for b := range in.Bidders {
		if ft.groups {
			in.Bidders[b].Tree = randomTree(r, owned[b], 0)
		} else {
			in.Bidders[b].Tree = flatTree(r, owned[b], ft.unit)
		}
		in.Bidders[b].Tree.Kind = auction.Or
		in.Bidders[b].Tree.Min, in.Bidders[b].Tree.Max = 0, 0
	}
	return in
}

func randomBid(r *rand.Rand, in *auction.Instance, ft features) auction.Bid {
	bid := auction.Bid{Bidder: r.IntN(len(in.Bidders))}
	size := 1 + r.IntN(min(3, len(in.Items)))
	for _, it := range r.Perm(len(in.Items))[:size] {
		v := int64(1)
		if !ft.unit {
			c := in.Items[it].Capacity
			v = 1 + r.Int64N(c)
			if r.IntN(12) == 0 {
				v = c + 1 + r.Int64N(5) // over capacity: only a divisible bid can win it
			}
		}
		bid.Bundle = append(bid.Bundle, auction.Demand{Item: it, Volume: v})
	}
	if ft.perUnit && r.IntN(4) == 0 {
		bid.PerUnit = true
		bid.Amount = auction.Money(1 + r.IntN(8))
	} else {
		bid.Amount = auction.Money(1 + r.IntN(200))
	}
	if ft.divisible && r.IntN(2) == 0 {
		fracs := []auction.Ratio{{Num: 1, Den: 4}, {Num: 1, Den: 3}, {Num: 1, Den: 2}, {Num: 2, Den: 3}, {Num: 3, Den: 4}, {Num: 1, Den: 1}, {Num: 1, Den: 10}}
		bid.MinFraction = fracs[r.IntN(len(fracs))]
	}
	return bid
}

// nearCopy returns a bid close to b: the same bundle or a part of it,
// the same or smaller volumes, the same or another price, the same or
// another bidder. Such bids dominate each other, or nearly.
func nearCopy(r *rand.Rand, in *auction.Instance, b *auction.Bid) auction.Bid {
	c := auction.Bid{Bidder: b.Bidder, Amount: b.Amount, PerUnit: b.PerUnit, MinFraction: b.MinFraction}
	if r.IntN(3) == 0 {
		c.Bidder = r.IntN(len(in.Bidders))
	}
	for k, d := range b.Bundle {
		if k > 0 && r.IntN(3) == 0 {
			continue // a subset
		}
		if r.IntN(3) == 0 && d.Volume > 1 {
			d.Volume -= 1 + r.Int64N(d.Volume-1)
		}
		c.Bundle = append(c.Bundle, d)
	}
	switch r.IntN(4) {
	case 0:
		c.Amount += auction.Money(1 + r.IntN(20))
	case 1:
		if c.Amount > 1 {
			c.Amount--
		}
	}
	return c
}

// flatTree puts the bids at the root, or (unit family) some in a xor.
func flatTree(r *rand.Rand, bids []int, xor bool) auction.Group {
	g := auction.Group{Kind: auction.Or}
	if xor && len(bids) >= 2 && r.IntN(2) == 0 {
		n := 2 + r.IntN(len(bids)-1)
		x := &auction.Group{Kind: auction.Xor}
		for _, b := range bids[:n] {
			x.Children = append(x.Children, auction.Node{Bid: b})
		}
		g.Children = append(g.Children, auction.Node{Group: x})
		bids = bids[n:]
	}
	for _, b := range bids {
		g.Children = append(g.Children, auction.Node{Bid: b})
	}
	return g
}

// randomTree spreads bids over a group and nested groups of every kind.
func randomTree(r *rand.Rand, bids []int, depth int) auction.Group {
	g := auction.Group{Kind: auction.GroupKind(r.IntN(4))}
	for len(bids) > 0 {
		if depth < 3 && r.IntN(3) == 0 {
			n := 1 + r.IntN(len(bids))
			sub := randomTree(r, bids[:n], depth+1)
			g.Children = append(g.Children, auction.Node{Group: &sub})
			bids = bids[n:]
			continue
		}
		g.Children = append(g.Children, auction.Node{Bid: bids[0]})
		bids = bids[1:]
	}
	if g.Kind == auction.Choose && len(g.Children) > 0 {
		g.Max = 1 + r.IntN(len(g.Children)+1) // sometimes above the children: a warning only
		g.Min = r.IntN(min(g.Max, len(g.Children)) + 1)
	}
	return g
}

// genInstance is a tiny instance of a random auction/gen distribution.
func genInstance(r *rand.Rand, maxBids int) *auction.Instance {
	// Not paths: at these tiny sizes its road building can take seconds.
	dists := []string{"regions", "arbitrary", "scheduling", "matching", "L1", "L2", "L3", "L4", "L5", "L6", "L7", "ddu"}
	d := dists[r.IntN(len(dists))]
	cfg := gen.Config{Goods: 4 + r.IntN(MaxItems-3), Bids: 1 + r.IntN(maxBids), Seed: r.Uint64(), KeepDominated: r.IntN(2) == 0}
	if d == "matching" || d == "L1" {
		cfg.KeepDominated = true
	}
	if d == "matching" {
		cfg.Goods = 8
	}
	in, err := gen.Generate(d, cfg)
	if err != nil || in.Validate() != nil || len(in.Items) > MaxItems || len(in.Bids) > maxBids {
		return nil
	}
	in.Name = "gen-" + d
	return in
}

// Regional returns a copy of in under the rule min-winners: its items
// spread over two or three regions (about one in five left without a
// region) and MinWinners 1, 2 or (rarely) 3. Bids, bidders and trees are
// shared with in. The copy is valid when in is; the rule may leave it
// without a feasible allocation (a region where too few bidders bid, or
// can win), which is the point.
func Regional(r *rand.Rand, in *auction.Instance) *auction.Instance {
	out := *in
	out.Items = append([]auction.Item(nil), in.Items...)
	names := []string{"north", "south", "east"}[:2+r.IntN(2)]
	for i := range out.Items {
		out.Items[i].Region = ""
		if r.IntN(5) > 0 {
			out.Items[i].Region = names[r.IntN(len(names))]
		}
	}
	out.Rules.MinWinners = []int{1, 1, 2, 2, 2, 3}[r.IntN(6)]
	return &out
}
