package wdp

import (
	"math/big"

	"github.com/gavelhq/gavel/auction"
)

// ExactFractions returns the allocation in which exactly the bids winners
// win (bid indices of in, each once), with the fractions of the divisible
// ones chosen to maximize revenue, exactly (over the rationals), under the
// limits that fractions can break: capacity, max-share, budget,
// max-volume and min-volume. It returns false when no fractions meet them,
// or when more than maxDivisible divisible bids win (the exact simplex is
// dense: it is for a handful of fractions). Its fractions are the exact
// optimum rounded to float64, so the allocation meets those limits within
// far less than auction.Tolerance; it does not look at the rules that
// depend on which bids win alone (groups, max-items, reserves,
// min-winners): the caller's auction.Instance.Check does.
//
// The search uses it to repair an integral LP point that the engine met
// only within its own tolerance, such as a min-volume short by 1e-7 while
// a budget binds exactly at the same point.
func ExactFractions(in *auction.Instance, winners []int, maxDivisible int) (auction.Allocation, bool) {
	div := 0
	value, total := make([]int64, len(in.Bids)), make([]int64, len(in.Bids))
	for _, i := range winners {
		if in.Bids[i].Divisible() {
			div++
		}
		v, _ := in.Bids[i].Value()
		value[i], total[i] = int64(v), in.Bids[i].TotalVolume()
	}
	if div > maxDivisible {
		return auction.Allocation{}, false
	}
	share := make([]int64, len(in.Items))
	for _, i := range winners {
		for _, d := range in.Bids[i].Bundle {
			share[d.Item] = maxShareLimit(in, d.Item)
		}
	}
	x, _, ok := bestFractions(in, winners, value, total, share)
	if !ok {
		return auction.Allocation{}, false
	}
	var a auction.Allocation
	for _, i := range winners {
		f := 1.0
		if in.Bids[i].Divisible() {
			f, _ = x[i].Float64()
		}
		a.Awards = append(a.Awards, auction.Award{Bid: i, Fraction: f})
	}
	return a, true
}

// bestFractions returns the fractions, by bid (nil for a bid that does not
// win), that maximize the value of the set winners under the linear limits
// (linear), and that value, exactly: every bid at 1 when that fits, or
// else the optimum of the exact simplex over the divisible bids'
// fractions. ok is false when no fractions fit. value and total are by bid
// (value and total volume), share by item (its max-share limit, the
// capacity when the rule is unset), read for the winners and their items.
func bestFractions(in *auction.Instance, winners []int, value, total, share []int64) (x []*big.Rat, obj *big.Rat, ok bool) {
	lin := linear(in, winners, value, total, share)
	x = make([]*big.Rat, len(in.Bids))
	obj = new(big.Rat)
	var div []int
	for _, i := range winners {
		x[i] = big.NewRat(1, 1)
		obj.Add(obj, new(big.Rat).SetInt64(value[i]))
		if in.Bids[i].Divisible() {
			div = append(div, i)
		}
	}
	if lin.holds(x) {
		return x, obj, true
	}
	if len(div) == 0 {
		return nil, nil, false
	}
	// Some limit binds: maximize over the divisible bids' fractions.
	p := &ratLP{}
	col := make(map[int]int, len(div))
	for k, i := range div {
		col[i] = k
		p.c = append(p.c, new(big.Rat).SetInt64(value[i]))
		p.lo = append(p.lo, ratOf(in.Bids[i].MinFraction))
		p.hi = append(p.hi, big.NewRat(1, 1))
	}
	obj.SetInt64(0)
	for _, i := range winners {
		if !in.Bids[i].Divisible() {
			obj.Add(obj, new(big.Rat).SetInt64(value[i]))
		}
	}
	for _, c := range lin {
		r := ratRow{a: make([]*big.Rat, len(div)), op: c.op, b: new(big.Rat).SetInt64(c.rhs)}
		fractional := false
		for k, i := range c.bids {
			if j, ok := col[i]; ok {
				r.a[j] = new(big.Rat).SetInt64(c.coef[k])
				fractional = true
			} else {
				r.b.Sub(r.b, new(big.Rat).SetInt64(c.coef[k])) // an all-or-nothing bid at 1
			}
		}
		if !fractional { // all-or-nothing bids alone: 0 (op) b decides
			if c.op < 0 && r.b.Sign() < 0 || c.op > 0 && r.b.Sign() > 0 {
				return nil, nil, false
			}
			continue
		}
		p.rows = append(p.rows, r)
	}
	sol, ok := p.solve()
	if !ok {
		return nil, nil, false
	}
	for k, i := range div {
		x[i] = sol[k]
		obj.Add(obj, new(big.Rat).Mul(p.c[k], sol[k]))
	}
	return x, obj, true
}

// linCons is a linear constraint Σ coef·x (op) rhs over winning bids.
type linCons struct {
	bids []int
	coef []int64
	op   int8 // -1: ≤, +1: ≥
	rhs  int64
}

type linSet []linCons

// linear lists the capacity, max-share, budget, max-volume and
// min-volume constraints of the set winners (see bestFractions for the
// other arguments).
func linear(in *auction.Instance, winners []int, value, total, share []int64) linSet {
	var out linSet
	perItem := make([]linCons, len(in.Items))
	type key struct{ bidder, item int }
	perShare := map[key]*linCons{}
	var shareKeys []key
	perBidder := make([][]int, len(in.Bidders))
	for _, i := range winners {
		b := in.Bids[i].Bidder
		perBidder[b] = append(perBidder[b], i)
		for _, d := range in.Bids[i].Bundle {
			c := &perItem[d.Item]
			c.bids, c.coef = append(c.bids, i), append(c.coef, d.Volume)
			k := key{b, d.Item}
			if perShare[k] == nil {
				perShare[k] = &linCons{op: -1, rhs: share[d.Item]}
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
		if share[k.item] < in.Items[k.item].Capacity {
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
			vals[k], vols[k] = value[i], total[i]
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
