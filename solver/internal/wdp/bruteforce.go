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
	var winners []int
	for i, on := range s.on {
		if on {
			winners = append(winners, i)
		}
	}
	x, obj, ok := bestFractions(s.in, winners, s.value, s.total, s.share)
	if ok {
		s.keep(obj, x)
	}
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
