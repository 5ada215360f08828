package wdp

import (
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// MaxBruteForceBids is the largest number of bids BruteForce accepts.
const MaxBruteForceBids = 16

// ErrTooLarge is returned by BruteForce for an instance with more than
// MaxBruteForceBids bids.
var ErrTooLarge = errors.New("wdp: too many bids for brute force")

// BruteResult is the exact optimum of an instance.
type BruteResult struct {
	// Feasible is false when no allocation satisfies the constraints:
	// only the rule min-winners can do that (without it the empty
	// allocation always does). Exact is then 0 and Allocation empty.
	Feasible   bool
	Exact      *big.Rat // the optimal revenue Σ value·fraction, in minor units, exactly
	Objective  float64  // Exact as a float64
	Allocation auction.Allocation
}

// BruteForce solves a small instance exactly, without the formulation: it
// enumerates the sets of winning bids depth-first (pruning sets that break
// a capacity, max-share, budget, max-volume, max-items or group limit even
// at the least fractions, and sets that cannot beat the best found), and
// for each set it checks the group and bidder rules and the rule
// min-winners (whose verdict depends on the set alone: every winning bid
// has positive volume on each of its items) exactly; when
// divisible bids win, it maximizes over their fractions with an exact
// rational simplex. It is the reference for the tests of the formulation,
// presolve, decomposition and the branch and bound.
//
// It solves the same model as Build (see the package comment): budgets
// charge value × fraction without rounding and bids below the reserve of
// their bundle never win. Among optimal allocations it returns the first
// in the order of the search, which is deterministic.
func BruteForce(in *auction.Instance) (BruteResult, error) {
	if in == nil {
		return BruteResult{}, ErrNoInstance
	}
	if len(in.Bids) > MaxBruteForceBids {
		return BruteResult{}, fmt.Errorf("%w: %d bids, at most %d", ErrTooLarge, len(in.Bids), MaxBruteForceBids)
	}
	if err := in.Validate(); err != nil {
		return BruteResult{}, fmt.Errorf("wdp: invalid instance: %w", err)
	}
	s := newBrute(in)
	s.search(0)
	if s.best == nil {
		return BruteResult{Exact: new(big.Rat)}, nil
	}
	res := BruteResult{Feasible: true, Exact: s.best}
	res.Objective, _ = s.best.Float64()
	for i, x := range s.bestX {
		if x == nil {
			continue
		}
		f, _ := x.Float64()
		if x.Cmp(big.NewRat(1, 1)) == 0 || !in.Bids[i].Divisible() {
			f = 1
		}
		res.Allocation.Awards = append(res.Allocation.Awards, auction.Award{Bid: i, Fraction: f})
	}
	return res, nil
}

type brute struct {
	in       *auction.Instance
	value    []int64     // by bid
	total    []int64     // by bid: total volume
	least    []float64   // by bid: least fraction (1 or MinFraction)
	viable   []bool      // by bid: value ≥ reserve
	restSum  []int64     // restSum[k] = Σ value of viable bids ≥ k
	parent   []*bnode    // by bid: the group node holding it
	groups   []*bnode    // every nested group, parents before children
	on       []bool      // by bid
	onValue  int64       // Σ value of the bids on
	lowUse   []float64   // by item: volume at least fractions
	lowShare [][]float64 // by bidder, item
	lowPay   []float64   // by bidder
	lowVol   []float64   // by bidder
	itemCnt  [][]int     // by bidder, item: bids on that win volume there
	nItems   []int       // by bidder
	share    []int64     // by item: the max-share limit (capacity when unset)
	regions  [][]int     // by bid: the regions its bundle touches, when the rule min-winners applies
	nRegions int         // regions of the instance, when the rule min-winners applies

	best  *big.Rat   // nil until a feasible set is found
	bestX []*big.Rat // by bid: fraction, nil when losing
}

// bnode is a group of a bid tree with a count of its taken children.
type bnode struct {
	g      *auction.Group
	parent *bnode // nil for a child of the root
	count  int
}

func newBrute(in *auction.Instance) *brute {
	n := len(in.Bids)
	s := &brute{in: in, value: make([]int64, n), total: make([]int64, n), least: make([]float64, n),
		viable: make([]bool, n), restSum: make([]int64, n+1), parent: make([]*bnode, n), on: make([]bool, n),
		lowUse: make([]float64, len(in.Items)), lowPay: make([]float64, len(in.Bidders)),
		lowVol: make([]float64, len(in.Bidders)), nItems: make([]int, len(in.Bidders)),
		share: make([]int64, len(in.Items))}
	for b := range in.Bidders {
		s.lowShare = append(s.lowShare, make([]float64, len(in.Items)))
		s.itemCnt = append(s.itemCnt, make([]int, len(in.Items)))
		for _, ch := range in.Bidders[b].Tree.Children {
			s.walk(ch, nil)
		}
	}
	for it := range in.Items {
		s.share[it] = maxShareLimit(in, it)
	}
	for i := range in.Bids {
		bid := &in.Bids[i]
		v, _ := bid.Value()
		s.value[i], s.total[i] = int64(v), bid.TotalVolume()
		s.least[i] = 1
		if bid.Divisible() {
			s.least[i] = bid.MinFraction.Float()
		}
		r, ok := bundleReserve(in, bid)
		s.viable[i] = ok && v >= r
	}
	if in.Rules.MinWinners > 0 {
		region, nr := in.RegionOf()
		s.nRegions = nr
		s.regions = make([][]int, n)
		for i := range in.Bids {
			for _, d := range in.Bids[i].Bundle {
				if r := region[d.Item]; r >= 0 && !slices.Contains(s.regions[i], r) {
					s.regions[i] = append(s.regions[i], r)
				}
			}
		}
	}
	for i := n - 1; i >= 0; i-- {
		s.restSum[i] = s.restSum[i+1]
		if s.viable[i] {
			s.restSum[i] += s.value[i]
		}
	}
	return s
}

func (s *brute) walk(ch auction.Node, parent *bnode) {
	if ch.Group == nil {
		s.parent[ch.Bid] = parent
		return
	}
	node := &bnode{g: ch.Group, parent: parent}
	s.groups = append(s.groups, node)
	for _, c := range ch.Group.Children {
		s.walk(c, node)
	}
}

// slackOK is the float test used for pruning only: it never rejects a set
// whose exact least usage fits.
func slackOK(use float64, limit int64) bool {
	return use <= float64(limit)*(1+1e-12)+1e-12
}

func (s *brute) search(k int) {
	if s.best != nil && new(big.Rat).SetInt64(s.onValue+s.restSum[k]).Cmp(s.best) <= 0 {
		return
	}
	if k == len(s.on) {
		s.evaluate()
		return
	}
	if s.viable[k] && s.add(k) {
		s.search(k + 1)
		s.remove(k)
	}
	s.search(k + 1)
}

// add switches bid k on and reports whether the set can still be
// feasible; when it cannot, nothing is changed.
func (s *brute) add(k int) bool {
	in := s.in
	bid := &in.Bids[k]
	bd := &in.Bidders[bid.Bidder]
	f := s.least[k]
	// Group maxima: walk up while a group becomes newly taken.
	for g := s.parent[k]; g != nil; g = g.parent {
		c := g.count + 1
		if g.g.Kind == auction.Xor && c > 1 || g.g.Kind == auction.Choose && c > g.g.Max {
			return false
		}
		if g.count > 0 {
			break
		}
	}
	newItems := 0
	for _, d := range bid.Bundle {
		v := f * float64(d.Volume)
		if !slackOK(s.lowUse[d.Item]+v, in.Items[d.Item].Capacity) ||
			!slackOK(s.lowShare[bid.Bidder][d.Item]+v, s.share[d.Item]) {
			return false
		}
		if s.itemCnt[bid.Bidder][d.Item] == 0 {
			newItems++
		}
	}
	if bd.MaxItems > 0 && s.nItems[bid.Bidder]+newItems > bd.MaxItems ||
		bd.Budget > 0 && !slackOK(s.lowPay[bid.Bidder]+f*float64(s.value[k]), int64(bd.Budget)) ||
		bd.MaxVolume > 0 && !slackOK(s.lowVol[bid.Bidder]+f*float64(s.total[k]), bd.MaxVolume) {
		return false
	}
	s.apply(k, 1)
	return true
}

func (s *brute) remove(k int) { s.apply(k, -1) }

// apply adds (sign 1) or removes (sign −1) bid k's share of every tally.
func (s *brute) apply(k int, sign int) {
	in := s.in
	bid := &in.Bids[k]
	b := bid.Bidder
	f := s.least[k] * float64(sign)
	s.on[k] = sign > 0
	s.onValue += int64(sign) * s.value[k]
	for g := s.parent[k]; g != nil; g = g.parent {
		before := g.count
		g.count += sign
		if sign > 0 && before > 0 || sign < 0 && g.count > 0 {
			break
		}
	}
	for _, d := range bid.Bundle {
		v := f * float64(d.Volume)
		s.lowUse[d.Item] += v
		s.lowShare[b][d.Item] += v
		before := s.itemCnt[b][d.Item]
		s.itemCnt[b][d.Item] += sign
		if before == 0 && sign > 0 {
			s.nItems[b]++
		} else if s.itemCnt[b][d.Item] == 0 && sign < 0 {
			s.nItems[b]--
		}
	}
	s.lowPay[b] += f * float64(s.value[k])
	s.lowVol[b] += f * float64(s.total[k])
}

// evaluate decides the current set exactly and keeps it when it is the
// best so far.
func (s *brute) evaluate() {
	if !s.regionsMet() {
		return
	}
	for _, g := range s.groups {
		if g.count == 0 {
			continue
		}
		switch g.g.Kind {
		case auction.Choose:
			if g.count < g.g.Min {
				return
			}
		case auction.All:
			if g.count < len(g.g.Children) {
				return
			}
		}
	}
	lin := s.linear()
	var div []int
	for i, on := range s.on {
		if on && s.in.Bids[i].Divisible() {
			div = append(div, i)
		}
	}
	x := make([]*big.Rat, len(s.on))
	for i, on := range s.on {
		if on {
			x[i] = big.NewRat(1, 1)
		}
	}
	if lin.holds(x) {
		s.keep(new(big.Rat).SetInt64(s.onValue), x)
		return
	}
	if len(div) == 0 {
		return
	}
	// Some limit binds: maximize over the divisible bids' fractions.
	p := &ratLP{}
	col := make(map[int]int, len(div))
	for k, i := range div {
		col[i] = k
		p.c = append(p.c, new(big.Rat).SetInt64(s.value[i]))
		p.lo = append(p.lo, ratOf(s.in.Bids[i].MinFraction))
		p.hi = append(p.hi, big.NewRat(1, 1))
	}
	fixed := new(big.Rat)
	for i, on := range s.on {
		if on && !s.in.Bids[i].Divisible() {
			fixed.Add(fixed, new(big.Rat).SetInt64(s.value[i]))
		}
	}
	for _, c := range lin {
		r := ratRow{a: make([]*big.Rat, len(div)), op: c.op, b: new(big.Rat).SetInt64(c.rhs)}
		for k, i := range c.bids {
			if j, ok := col[i]; ok {
				r.a[j] = new(big.Rat).SetInt64(c.coef[k])
			} else {
				r.b.Sub(r.b, new(big.Rat).SetInt64(c.coef[k])) // an all-or-nothing bid at 1
			}
		}
		p.rows = append(p.rows, r)
	}
	sol, ok := p.solve()
	if !ok {
		return
	}
	obj := new(big.Rat).Set(fixed)
	for k, i := range div {
		x[i] = sol[k]
		obj.Add(obj, new(big.Rat).Mul(p.c[k], sol[k]))
	}
	s.keep(obj, x)
}

// regionsMet reports whether the bids on meet the rule min-winners: in
// every region at least K distinct bidders have a bid on there.
func (s *brute) regionsMet() bool {
	if s.nRegions == 0 {
		return true
	}
	winners := make([][]int, s.nRegions)
	for i, on := range s.on {
		if !on {
			continue
		}
		b := s.in.Bids[i].Bidder
		for _, r := range s.regions[i] {
			if !slices.Contains(winners[r], b) {
				winners[r] = append(winners[r], b)
			}
		}
	}
	for _, w := range winners {
		if len(w) < s.in.Rules.MinWinners {
			return false
		}
	}
	return true
}

func ratOf(r auction.Ratio) *big.Rat { return big.NewRat(r.Num, r.Den) }

func (s *brute) keep(obj *big.Rat, x []*big.Rat) {
	if s.best != nil && obj.Cmp(s.best) <= 0 {
		return
	}
	s.best = obj
	s.bestX = x
}

// linCons is a linear constraint Σ coef·x (op) rhs over bids that are on.
type linCons struct {
	bids []int
	coef []int64
	op   int8 // -1: ≤, +1: ≥
	rhs  int64
}

type linSet []linCons

// linear lists the capacity, max-share, budget, max-volume and
// min-volume constraints of the current set.
func (s *brute) linear() linSet {
	in := s.in
	var out linSet
	perItem := make([]linCons, len(in.Items))
	type key struct{ bidder, item int }
	perShare := map[key]*linCons{}
	var shareKeys []key
	perBidder := make([][]int, len(in.Bidders))
	for i, on := range s.on {
		if !on {
			continue
		}
		b := in.Bids[i].Bidder
		perBidder[b] = append(perBidder[b], i)
		for _, d := range in.Bids[i].Bundle {
			c := &perItem[d.Item]
			c.bids, c.coef = append(c.bids, i), append(c.coef, d.Volume)
			k := key{b, d.Item}
			if perShare[k] == nil {
				perShare[k] = &linCons{op: -1, rhs: s.share[d.Item]}
				shareKeys = append(shareKeys, k)
			}
			sc := perShare[k]
			sc.bids, sc.coef = append(sc.bids, i), append(sc.coef, d.Volume)
		}
	}
	for it, c := range perItem {
		if len(c.bids) > 0 {
			c.op, c.rhs = -1, in.Items[it].Capacity
			out = append(out, c)
		}
	}
	for _, k := range shareKeys {
		if s.share[k.item] < in.Items[k.item].Capacity {
			out = append(out, *perShare[k])
		}
	}
	for b, bids := range perBidder {
		if len(bids) == 0 {
			continue
		}
		bd := &in.Bidders[b]
		vals, vols := make([]int64, len(bids)), make([]int64, len(bids))
		for k, i := range bids {
			vals[k], vols[k] = s.value[i], s.total[i]
		}
		if bd.Budget > 0 {
			out = append(out, linCons{bids: bids, coef: vals, op: -1, rhs: int64(bd.Budget)})
		}
		if bd.MaxVolume > 0 {
			out = append(out, linCons{bids: bids, coef: vols, op: -1, rhs: bd.MaxVolume})
		}
		if bd.MinVolume > 0 {
			out = append(out, linCons{bids: bids, coef: vols, op: 1, rhs: bd.MinVolume})
		}
	}
	return out
}

// holds reports whether every constraint holds at x exactly.
func (l linSet) holds(x []*big.Rat) bool {
	sum, t := new(big.Rat), new(big.Rat)
	for _, c := range l {
		sum.SetInt64(0)
		for k, i := range c.bids {
			sum.Add(sum, t.Mul(t.SetInt64(c.coef[k]), x[i]))
		}
		cmp := sum.Cmp(t.SetInt64(c.rhs))
		if c.op < 0 && cmp > 0 || c.op > 0 && cmp < 0 {
			return false
		}
	}
	return true
}
