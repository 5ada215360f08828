package auction

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Tolerance is the slack Check allows where fractions make volumes
// inexact: a divisible bid's fraction may be Tolerance below its
// MinFraction or above 1, and a sum of volumes holding a fractional award
// may exceed a limit L (capacity, max-share, max-volume) by
// Tolerance × max(1, L), or fall short of a min-volume by as much. Sums of
// awards at fraction 1 are compared exactly, and so is money.
const Tolerance = 1e-9

// Check verifies an allocation against every rule of the instance and
// returns one Problem per violation (nil for a feasible allocation). It is
// the certificate a solver's answer must pass, so it is written to be
// obviously right rather than fast, and shares nothing with any solver:
//
//   - every award names a bid, and no bid twice; an all-or-nothing bid has
//     fraction exactly 1, a divisible bid a fraction in [MinFraction, 1]
//     (ErrAwardMalformed; such an award is then left out of the checks
//     below);
//   - per item, Σ fraction × volume ≤ capacity;
//   - at every group of every bid tree, the number of taken children (those
//     holding a winning bid) fits the group's kind: xor at most 1, choose 0
//     or Min..Max, all 0 or all of them;
//   - per bidder, the pay-as-bid payments sum to at most the budget, the
//     total volume is 0 or at least min-volume and at most max-volume, and
//     volume is won on at most max-items items;
//   - per bidder and item, the volume won is at most floor(max-share ×
//     capacity);
//   - each winning bid pays at least the reserve of what it gets; as payment
//     and reserve scale alike, its value must be at least Σ volume × reserve;
//   - with the rule min-winners K, in every region (Instance.Regions) at
//     least K distinct bidders win volume on an item of the region (a
//     winning bid has positive volume on every item of its bundle). Under
//     this rule the empty allocation fails wherever a region exists.
//
// Rule violations are ErrRuleViolated. Check expects a valid instance
// (Validate); on an invalid one it does not panic, but its verdict means
// little.
func (in *Instance) Check(a Allocation) Problems {
	if in == nil {
		return Problems{{Err: ErrAwardMalformed, Msg: "no instance to check the allocation against"}}
	}
	c := &checker{in: in, dec: in.decimals()}
	c.awards(a)
	c.capacity()
	c.trees()
	c.bidders()
	c.reserves()
	c.regions()
	return c.ps
}

type checker struct {
	in  *Instance
	dec int
	ps  Problems

	frac []float64 // by bid: the awarded fraction, 0 for a losing bid
	won  []int     // winning bids, ascending
}

func (c *checker) add(err error, ref Ref, format string, args ...any) {
	c.ps = append(c.ps, Problem{Severity: SevError, Err: err, Ref: ref, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) money(m Money) string { return m.FormatShort(c.dec) }

// awards reads the allocation into c.frac and c.won.
func (c *checker) awards(a Allocation) {
	in := c.in
	c.frac = make([]float64, len(in.Bids))
	first := make([]int, len(in.Bids)) // by bid: 1 + the index of its first award
	for k, aw := range a.Awards {
		if aw.Bid < 0 || aw.Bid >= len(in.Bids) {
			c.add(ErrAwardMalformed, Ref{Kind: RefInstance, Field: FieldAward, Sub: k},
				"award %d names bid index %d, but there are %d bids", k, aw.Bid, len(in.Bids))
			continue
		}
		ref := Ref{Kind: RefBid, Index: aw.Bid, Field: FieldAward, Sub: k}
		name := in.bidName(aw.Bid)
		if j := first[aw.Bid]; j > 0 {
			c.add(ErrAwardMalformed, ref, "%s is awarded twice (awards %d and %d)", name, j-1, k)
			continue
		}
		first[aw.Bid] = k + 1
		bid := &in.Bids[aw.Bid]
		f := aw.Fraction
		switch {
		case math.IsNaN(f) || math.IsInf(f, 0) || f <= 0:
			c.add(ErrAwardMalformed, ref, "%s: fraction %v is not a number in (0, 1]", name, f)
		case !bid.Divisible() && f != 1:
			c.add(ErrAwardMalformed, ref, "%s is all or nothing: its fraction must be 1, not %v", name, f)
		case bid.Divisible() && (f < bid.MinFraction.Float()-Tolerance || f > 1+Tolerance):
			c.add(ErrAwardMalformed, ref, "%s: fraction %v is outside its range [%s, 1]", name, f, bid.MinFraction)
		default:
			c.frac[aw.Bid] = f
		}
	}
	for i, f := range c.frac {
		if f > 0 {
			c.won = append(c.won, i)
		}
	}
}

// volume is an awarded volume: whole sums the awards at fraction 1 exactly,
// part the fractional ones.
type volume struct {
	whole int64
	part  float64
}

func (v *volume) add(f float64, n int64) {
	if f == 1 {
		if s := v.whole + n; (n > 0) == (s > v.whole) {
			v.whole = s
		} else {
			v.whole = math.MaxInt64 // only on an invalid instance
		}
		return
	}
	v.part += f * float64(n)
}

func (v volume) positive() bool { return v.whole > 0 || v.part > 0 }

// over reports whether v exceeds limit, beyond the tolerance if v is inexact.
func (v volume) over(limit int64) bool {
	if v.part == 0 {
		return v.whole > limit
	}
	return float64(v.whole)+v.part > float64(limit)+Tolerance*max(1, float64(limit))
}

// under reports whether v falls short of limit, beyond the tolerance if v is
// inexact.
func (v volume) under(limit int64) bool {
	if v.part == 0 {
		return v.whole < limit
	}
	return float64(v.whole)+v.part < float64(limit)-Tolerance*max(1, float64(limit))
}

func (v volume) String() string {
	if v.part == 0 {
		return strconv.FormatInt(v.whole, 10)
	}
	return strconv.FormatFloat(float64(v.whole)+v.part, 'f', -1, 64)
}

// share writes what winning bid i gets of volume n: "w1 3000".
func (c *checker) share(i int, n int64) string {
	var v volume
	v.add(c.frac[i], n)
	id := c.in.Bids[i].ID
	if id == "" {
		id = fmt.Sprintf("bids[%d]", i)
	}
	return id + " " + v.String()
}

func (c *checker) capacity() {
	in := c.in
	vol := make([]volume, len(in.Items))
	for _, i := range c.won {
		for _, d := range in.Bids[i].Bundle {
			if d.Item >= 0 && d.Item < len(vol) {
				vol[d.Item].add(c.frac[i], d.Volume)
			}
		}
	}
	for it, v := range vol {
		if !v.over(in.Items[it].Capacity) {
			continue
		}
		var who []string
		for _, i := range c.won {
			for _, d := range in.Bids[i].Bundle {
				if d.Item == it {
					who = append(who, c.share(i, d.Volume))
				}
			}
		}
		c.add(ErrRuleViolated, Ref{Kind: RefItem, Index: it, Field: FieldCapacity},
			"%s: awarded volume %s exceeds its capacity %d (%s)", in.itemName(it), v, in.Items[it].Capacity, list(who))
	}
}

// list joins at most 5 names.
func list(names []string) string {
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + fmt.Sprintf(" and %d more", len(names)-5)
	}
	return strings.Join(names, ", ")
}

func (c *checker) trees() {
	for b := range c.in.Bidders {
		c.group(b, &c.in.Bidders[b].Tree, 0, map[*Group]bool{})
	}
}

// group checks g and the groups below it, and reports whether g is taken:
// whether a bid in it wins.
func (c *checker) group(b int, g *Group, depth int, seen map[*Group]bool) bool {
	in := c.in
	if depth > MaxTreeDepth || seen[g] {
		return false // a malformed tree, reported by Validate
	}
	seen[g] = true
	var taken []Node
	for _, ch := range g.Children {
		switch {
		case ch.Group != nil:
			if c.group(b, ch.Group, depth+1, seen) {
				taken = append(taken, ch)
			}
		case ch.Bid >= 0 && ch.Bid < len(c.frac) && c.frac[ch.Bid] > 0:
			taken = append(taken, ch)
		}
	}
	n := len(taken)
	var rule string
	switch g.Kind {
	case Or:
	case Xor:
		if n > 1 {
			rule = "at most 1 child may win"
		}
	case Choose:
		if n > 0 && (n < g.Min || n > g.Max) {
			rule = fmt.Sprintf("none or %d to %d children may win", g.Min, g.Max)
		}
	case All:
		if n > 0 && n < len(g.Children) {
			rule = fmt.Sprintf("all %d children or none must win", len(g.Children))
		}
	default:
		if n > 0 {
			rule = fmt.Sprintf("no child of a group of unknown kind %d may win", g.Kind)
		}
	}
	if rule != "" {
		names := make([]string, n)
		for k, ch := range taken {
			if ch.Group != nil {
				names[k] = in.groupName(ch.Group)
			} else {
				names[k] = in.bidName(ch.Bid)
			}
		}
		c.add(ErrRuleViolated, Ref{Kind: RefGroup, Index: b, Group: g},
			"%s: %s: %s, but %d do (%s)", in.bidderName(b), in.groupName(g), rule, n, list(names))
	}
	return n > 0
}

func (c *checker) bidders() {
	in := c.in
	byBidder := make([][]int, len(in.Bidders))
	for _, i := range c.won {
		if b := in.Bids[i].Bidder; b >= 0 && b < len(in.Bidders) {
			byBidder[b] = append(byBidder[b], i)
		}
	}
	for b, won := range byBidder {
		if len(won) == 0 {
			continue
		}
		bd := &in.Bidders[b]
		name := in.bidderName(b)
		ref := func(field string, sub int) Ref { return Ref{Kind: RefBidder, Index: b, Field: field, Sub: sub} }

		var pay Money
		payOK := true
		var total volume
		perItem := map[int]*volume{}
		for _, i := range won {
			f := c.frac[i]
			p, ok := c.in.payAsBid(Award{Bid: i, Fraction: f})
			if payOK && ok {
				pay, payOK = AddMoney(pay, p)
			} else {
				payOK = false
			}
			for _, d := range in.Bids[i].Bundle {
				total.add(f, d.Volume)
				v := perItem[d.Item]
				if v == nil {
					v = &volume{}
					perItem[d.Item] = v
				}
				v.add(f, d.Volume)
			}
		}
		items := make([]int, 0, len(perItem))
		for it, v := range perItem {
			if v.positive() {
				items = append(items, it)
			}
		}
		slices.Sort(items)

		if bd.Budget > 0 && (!payOK || pay > bd.Budget) {
			if payOK {
				c.add(ErrRuleViolated, ref(FieldBudget, 0), "%s pays %s in total, above its budget %s",
					name, c.money(pay), c.money(bd.Budget))
			} else {
				c.add(ErrRuleViolated, ref(FieldBudget, 0), "%s: its payments overflow, above its budget %s",
					name, c.money(bd.Budget))
			}
		}
		if bd.MinVolume > 0 && total.positive() && total.under(bd.MinVolume) {
			c.add(ErrRuleViolated, ref(FieldMinVolume, 0), "%s wins volume %s, below its min-volume %d (it must win none or at least that)",
				name, total, bd.MinVolume)
		}
		if bd.MaxVolume > 0 && total.over(bd.MaxVolume) {
			c.add(ErrRuleViolated, ref(FieldMaxVolume, 0), "%s wins volume %s, above its max-volume %d",
				name, total, bd.MaxVolume)
		}
		if bd.MaxItems > 0 && len(items) > bd.MaxItems {
			names := make([]string, len(items))
			for k, it := range items {
				names[k] = in.itemName(it)
			}
			c.add(ErrRuleViolated, ref(FieldMaxItems, 0), "%s wins volume on %d items, above its max-items %d (%s)",
				name, len(items), bd.MaxItems, list(names))
		}
		if ms := in.Rules.MaxShare; validUnitRatio(ms) {
			for _, it := range items {
				if it < 0 || it >= len(in.Items) {
					continue
				}
				limit := ms.FloorMul(in.Items[it].Capacity)
				if v := *perItem[it]; v.over(limit) {
					c.add(ErrRuleViolated, ref(FieldMaxShare, it), "%s wins %s of %s, above the max-share limit %d (%s of %d)",
						name, v, in.itemName(it), limit, ms, in.Items[it].Capacity)
				}
			}
		}
	}
}

func (c *checker) reserves() {
	in := c.in
	for _, i := range c.won {
		bid := &in.Bids[i]
		ref := Ref{Kind: RefBid, Index: i, Field: FieldPrice}
		if bid.PerUnit {
			ref.Field = FieldRate
		}
		pay, ok := in.payAsBid(Award{Bid: i, Fraction: c.frac[i]})
		if !ok {
			c.add(ErrRuleViolated, ref, "%s: its value overflows, so its payment is unknown", in.bidName(i))
			continue
		}
		r, ok := in.bundleReserve(bid)
		if !ok {
			c.add(ErrRuleViolated, ref, "%s: the reserve of its bundle overflows", in.bidName(i))
			continue
		}
		// Payment and reserve scale by the same fraction, so the bid
		// meets the reserve at every fraction exactly when its full value
		// does; comparing full amounts keeps rounding out of the verdict.
		value, _ := bid.Value()
		switch due := dueAt(c.frac[i], r); {
		case pay < due:
			c.add(ErrRuleViolated, ref, "%s pays %s for its award, below the reserve %s of what it gets",
				in.bidName(i), c.money(pay), c.money(due))
		case value < r:
			c.add(ErrRuleViolated, ref, "%s: its value %s is below the reserve %s of its whole bundle, so it may not win at any fraction",
				in.bidName(i), c.money(value), c.money(r))
		}
	}
}

// dueAt is the reserve of a fraction of a bundle, rounded down like a
// payment; for messages only.
func dueAt(f float64, reserve Money) Money {
	due, _ := floorFraction(f, reserve)
	return due
}
