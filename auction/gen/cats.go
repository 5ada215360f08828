package gen

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/gavelhq/gavel/auction"
)

// catsBuilder collects the bids of a CATS distribution, one bidder (XOR
// set) at a time, removes dominated bids as CATS does, and assembles the
// single-unit instance.
//
// CATS writes the XOR set of a bidder with two or more bids as a dummy good
// shared by those bids. Dominance is judged on goods including that dummy:
// bid a dominates bid b when a's goods are a subset of b's, a's price is at
// least b's, and a is either a bid of its own (no dummy) or in b's XOR set.
// Removing b then never lowers the optimum: any award with b can take a
// instead. Ties go to the bid generated first.
type catsBuilder struct {
	goods    int
	decimals int
	dominate bool // remove dominated bids

	bids    []catsBid
	sets    [][]int32 // bidder -> its bids, in generation order
	byGood  [][]int32 // good -> bids containing it (dead ones too)
	byFirst [][]int32 // good -> bids whose smallest good it is
	alive   int

	mark  []uint32 // per good: == stamp when in the bundle being tested
	stamp uint32
}

type catsBid struct {
	goods []int32 // sorted, distinct
	price auction.Money
	set   int32 // bidder (XOR set) index
	xor   bool  // the set had two or more bids when it was added
	dead  bool
}

func newCATSBuilder(goods int, c *Config) *catsBuilder {
	return &catsBuilder{
		goods:    goods,
		decimals: c.Decimals,
		dominate: !c.KeepDominated,
		byGood:   make([][]int32, goods),
		byFirst:  make([][]int32, goods),
		mark:     make([]uint32, goods),
	}
}

// addSet adds one bidder's bids: bundles[i] (distinct goods, any order)
// at prices[i] in currency units. A set of one bid is a plain bid.
func (b *catsBuilder) addSet(bundles [][]int32, prices []float64) {
	if len(bundles) == 0 {
		return
	}
	set := int32(len(b.sets))
	xor := len(bundles) > 1
	var ids []int32
	for i, goods := range bundles {
		g := slices.Clone(goods)
		slices.Sort(g)
		g = slices.Compact(g)
		nb := catsBid{goods: g, price: toMoney(prices[i], b.decimals), set: set, xor: xor}
		if b.dominate && b.dominated(&nb) {
			continue
		}
		id := int32(len(b.bids))
		b.bids = append(b.bids, nb)
		if b.dominate {
			b.removeDominatedBy(id)
		}
		for _, gd := range g {
			b.byGood[gd] = append(b.byGood[gd], id)
		}
		b.byFirst[g[0]] = append(b.byFirst[g[0]], id)
		b.alive++
		ids = append(ids, id)
	}
	b.sets = append(b.sets, ids)
}

// mayDominate reports whether bid a's dummy good (if any) is among b's.
func mayDominate(a, b *catsBid) bool { return !a.xor || a.set == b.set }

// dominated reports whether an alive bid dominates nb.
func (b *catsBuilder) dominated(nb *catsBid) bool {
	b.stamp++
	for _, g := range nb.goods {
		b.mark[g] = b.stamp
	}
	for _, g := range nb.goods {
		for _, id := range b.byFirst[g] {
			o := &b.bids[id]
			if o.dead || o.price < nb.price || len(o.goods) > len(nb.goods) || !mayDominate(o, nb) {
				continue
			}
			subset := true
			for _, og := range o.goods {
				if b.mark[og] != b.stamp {
					subset = false
					break
				}
			}
			if subset {
				return true
			}
		}
	}
	return false
}

// removeDominatedBy kills the alive bids that bid id dominates.
func (b *catsBuilder) removeDominatedBy(id int32) {
	nb := &b.bids[id]
	rare := nb.goods[0]
	for _, g := range nb.goods {
		if len(b.byGood[g]) < len(b.byGood[rare]) {
			rare = g
		}
	}
	for _, oid := range b.byGood[rare] {
		o := &b.bids[oid]
		if o.dead || o.price > nb.price || len(o.goods) < len(nb.goods) || !mayDominate(nb, o) {
			continue
		}
		if isSubset(nb.goods, o.goods) {
			o.dead = true
			b.alive--
		}
	}
}

// isSubset reports whether sorted a is a subset of sorted b.
func isSubset(a, b []int32) bool {
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			return false
		}
		j++
	}
	return true
}

// run calls next (one bidder per call) until the builder holds want alive
// bids, then trims the excess from the last bidders. It gives up with
// ErrExhausted after 50·want + 10,000 calls, when dominance removal keeps
// the count from growing.
func (b *catsBuilder) run(want int, next func() bool) error {
	limit := 50*want + 10000
	for calls := 0; b.alive < want; calls++ {
		if calls == limit {
			return fmt.Errorf("%w: %d distinct non-dominated bids after %d bidders (asked for %d; add goods, or keep dominated bids: Config.KeepDominated, gavel gen --keep-dominated)",
				ErrExhausted, b.alive, calls, want)
		}
		if !next() {
			return fmt.Errorf("%w: the distribution stopped after %d bids (asked for %d)", ErrExhausted, b.alive, want)
		}
	}
	for i := len(b.bids) - 1; i >= 0 && b.alive > want; i-- {
		if !b.bids[i].dead {
			b.bids[i].dead = true
			b.alive--
		}
	}
	return nil
}

// instance assembles the single-unit instance: goods g0..g{n-1} with
// capacity 1, bids b0.. in generation order, one bidder a0.. per XOR set
// that kept at least one bid.
func (b *catsBuilder) instance(name string) *auction.Instance {
	in := &auction.Instance{
		Name:     name,
		Currency: auction.Currency{Code: "XXX", Decimals: b.decimals},
		Items:    make([]auction.Item, b.goods),
	}
	for i := range in.Items {
		id := "g" + strconv.Itoa(i)
		in.Items[i] = auction.Item{ID: id, DDU: id, Capacity: 1}
	}
	newIndex := make([]int, len(b.bids))
	total := 0
	for _, bd := range b.bids {
		if !bd.dead {
			total += len(bd.goods)
		}
	}
	demands := make([]auction.Demand, 0, total)
	in.Bids = make([]auction.Bid, 0, b.alive)
	for id, bd := range b.bids {
		if bd.dead {
			newIndex[id] = -1
			continue
		}
		newIndex[id] = len(in.Bids)
		start := len(demands)
		for _, g := range bd.goods {
			demands = append(demands, auction.Demand{Item: int(g), Volume: 1})
		}
		in.Bids = append(in.Bids, auction.Bid{
			ID:     "b" + strconv.Itoa(len(in.Bids)),
			Bundle: demands[start:len(demands):len(demands)],
			Amount: bd.price,
		})
	}
	for _, ids := range b.sets {
		var kept []auction.Node
		for _, id := range ids {
			if ni := newIndex[id]; ni >= 0 {
				kept = append(kept, auction.Node{Bid: ni})
			}
		}
		if len(kept) == 0 {
			continue
		}
		bi := len(in.Bidders)
		for _, n := range kept {
			in.Bids[n.Bid].Bidder = bi
		}
		tree := auction.Group{Kind: auction.Or, Children: kept}
		if len(kept) > 1 {
			tree = auction.Group{Kind: auction.Or, Children: []auction.Node{{Group: &auction.Group{Kind: auction.Xor, Children: kept}}}}
		}
		in.Bidders = append(in.Bidders, auction.Bidder{ID: "a" + strconv.Itoa(bi), Tree: tree})
	}
	return in
}

// subsetPicker draws subsets of goods without replacement by a partial
// Fisher–Yates shuffle over a persistent permutation.
type subsetPicker struct {
	perm []int32
}

func newSubsetPicker(n int) *subsetPicker {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return &subsetPicker{perm: p}
}

// pick returns k distinct goods chosen uniformly; the slice is reused.
func (s *subsetPicker) pick(g *rng, k int) []int32 {
	n := len(s.perm)
	for i := 0; i < k; i++ {
		j := i + g.intn(n-i)
		s.perm[i], s.perm[j] = s.perm[j], s.perm[i]
	}
	return s.perm[:k]
}
