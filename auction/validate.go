package auction

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strings"
)

// Field names used in Ref.Field, so that readers of files can record where
// each field was read and point a Problem at it. Sub is 0 unless said.
const (
	FieldID         = "id"          // the ID of an item, bidder or bid
	FieldCapacity   = "capacity"    // Item.Capacity
	FieldReserve    = "reserve"     // Item.Reserve
	FieldLoc        = "loc"         // Item.Loc
	FieldBudget     = "budget"      // Bidder.Budget
	FieldMinVolume  = "min-volume"  // Bidder.MinVolume
	FieldMaxVolume  = "max-volume"  // Bidder.MaxVolume
	FieldMaxItems   = "max-items"   // Bidder.MaxItems
	FieldBidder     = "bidder"      // Bid.Bidder
	FieldBundle     = "bundle"      // Bid.Bundle as a whole
	FieldItem       = "item"        // Bid.Bundle[Sub].Item
	FieldVolume     = "volume"      // Bid.Bundle[Sub].Volume
	FieldPrice      = "price"       // Bid.Amount of a bid priced per bundle
	FieldRate       = "rate"        // Bid.Amount of a bid priced per unit
	FieldMin        = "min"         // Bid.MinFraction, or Group.Min (RefGroup)
	FieldMax        = "max"         // Group.Max (RefGroup)
	FieldKind       = "kind"        // Group.Kind (RefGroup)
	FieldChild      = "child"       // Group.Children[Sub] (RefGroup)
	FieldMaxShare   = "max-share"   // Rules.MaxShare (RefRule); in Check, RefBidder with Sub the item index
	FieldMinWinners = "min-winners" // Rules.MinWinners (RefRule); Sub the region index in Regions where one is meant
	FieldCurrency   = "currency"    // Instance.Currency (RefInstance)
	FieldSet        = "set"         // RefInstance: the name of Sets[Index]
	FieldSetItem    = "set-item"    // RefInstance: Sets[Index].Items[Sub]
	FieldAward      = "award"       // Check: Allocation.Awards[Sub]
)

// MaxTreeDepth is how deeply groups may nest below a bidder's root. Deeper
// trees are reported as ErrTreeShape.
const MaxTreeDepth = 64

// Problems checks the instance on its own terms and returns every problem
// found, errors and warnings, in a fixed order: currency and rules, items,
// sets, bidders, bids, bid trees, min-volumes out of reach, then regions
// where the rule min-winners cannot be met. It never
// panics, whatever the instance holds.
//
// Errors make the instance unusable: empty or duplicate IDs, capacities and
// volumes that are not positive, negative prices, rates, reserves and bidder
// limits, indices that name nothing, an item twice in one bundle, min
// fractions and max-share outside (0, 1], choose bounds outside
// 0 ≤ Min ≤ Max, 1 ≤ Max, Min ≤ len(Children), bid trees in which a bid is
// missing, repeated or under another bidder, and values whose sums do not fit
// in an int64 (so that for a valid instance no payment, revenue, volume or
// capacity total can overflow).
//
// Warnings name bids and bidders that can never win or never pay: a price or
// rate of exactly 0 (such a bid may win but can never add revenue; files
// written by the CATS generator can hold them), a volume above an item's
// capacity or max-share limit, a value below the reserve of the bundle or
// above the bidder's budget, a min-volume the bidder's bids cannot reach,
// a bidder without bids, a rule min-winners K with no item in a region
// (it then limits nothing), and a region in which fewer than K bidders
// bid (no allocation is then feasible: a solver reports the instance
// infeasible). The warning for a price or rate of 0 carries
// ErrNegative, as the error for a negative one does.
//
// Messages name things by their IDs; where an ID is missing they use the
// 0-based index, as in item[3].
//
// On an instance without problems, Problems allocates a fixed number of
// tables (an ID map per kind, a few slices indexed by bid or item) and
// builds no message: names and messages are made only for problems found.
func (in *Instance) Problems() Problems {
	if in == nil {
		return Problems{{Err: ErrEmpty, Msg: "no instance"}}
	}
	v := &validator{in: in, dec: in.decimals()}
	v.currency()
	v.rules()
	v.items()
	v.sets()
	v.bidders()
	v.bids()
	v.trees()
	v.reachability()
	v.regions()
	return v.ps
}

// Validate returns nil when the instance can be solved, and otherwise a
// *ProblemsError listing what is wrong. Warnings are not errors.
func (in *Instance) Validate() error {
	return in.Problems().Err()
}

type validator struct {
	in   *Instance
	dec  int // currency decimals for messages, within 0..MaxDecimals
	ps   Problems
	nerr int // problems of severity SevError in ps

	itemByID map[string]int
	value    []Money // by bid; valid when valueOK
	valueOK  []bool
	treeOK   []bool // by bidder: the tree is well formed
	sumsOK   bool   // the sums of all bids' values and volumes fit in int64

	// mark is scratch by item: an item is marked in the current pass when
	// its mark equals stamp. Each set and bundle takes a new stamp, so
	// nothing is ever cleared.
	mark  []int
	stamp int
	at    []int   // scratch by item: where a bundle first named it, valid where marked
	vols  []int64 // scratch stack for treeVolume
}

func (v *validator) errorf(err error, ref Ref, format string, args ...any) {
	v.ps = append(v.ps, Problem{Severity: SevError, Err: err, Ref: ref, Msg: fmt.Sprintf(format, args...)})
	v.nerr++
}

func (v *validator) warnf(err error, ref Ref, format string, args ...any) {
	v.ps = append(v.ps, Problem{Severity: SevWarning, Err: err, Ref: ref, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) money(m Money) string { return m.FormatShort(v.dec) }

// newStamp starts a pass over the items: after it, no item is marked.
func (v *validator) newStamp() {
	if v.mark == nil {
		v.mark = make([]int, len(v.in.Items))
		v.at = make([]int, len(v.in.Items))
	}
	v.stamp++
}

func (v *validator) currency() {
	c := v.in.Currency
	if c.Decimals < 0 || c.Decimals > MaxDecimals {
		v.errorf(ErrCurrency, Ref{Kind: RefInstance, Field: FieldCurrency},
			"currency %q has %d decimals; it must have 0 to %d", c.Code, c.Decimals, MaxDecimals)
	}
}

// validUnitRatio reports whether r is set and in (0, 1].
func validUnitRatio(r Ratio) bool {
	return r.Den > 0 && r.Num > 0 && r.Num <= r.Den
}

func (v *validator) rules() {
	r := v.in.Rules.MaxShare
	if r.IsSet() && !validUnitRatio(r) {
		v.errorf(ErrBounds, Ref{Kind: RefRule, Field: FieldMaxShare},
			"max-share %s must be above 0 and at most 1", ratioText(r))
	}
	if k := v.in.Rules.MinWinners; k < 0 {
		v.errorf(ErrNegative, Ref{Kind: RefRule, Field: FieldMinWinners},
			"min-winners %d must not be negative (0: no rule)", k)
	}
}

// ratioText writes a ratio for a message, also a malformed one.
func ratioText(r Ratio) string {
	if r.Den <= 0 || r.Num < 0 {
		return fmt.Sprintf("%d/%d", r.Num, r.Den)
	}
	return r.String()
}

func (v *validator) items() {
	in := v.in
	if len(in.Items) == 0 {
		v.errorf(ErrEmpty, Ref{Kind: RefInstance}, "the instance has no items")
	}
	v.itemByID = make(map[string]int, len(in.Items))
	var total int64
	totalOK := true
	for i := range in.Items {
		it := &in.Items[i]
		ref := func(field string) Ref { return Ref{Kind: RefItem, Index: i, Field: field} }
		switch j, dup := v.itemByID[it.ID]; {
		case it.ID == "":
			v.errorf(ErrEmpty, ref(FieldID), "%s has no id", in.itemName(i))
		case dup:
			v.errorf(ErrDuplicate, ref(FieldID), "item %q is defined twice (items[%d] and items[%d])", it.ID, j, i)
		default:
			v.itemByID[it.ID] = i
		}
		if it.Capacity <= 0 {
			v.errorf(ErrNegative, ref(FieldCapacity), "%s: capacity %d must be positive", in.itemName(i), it.Capacity)
		} else if totalOK {
			if total+it.Capacity < total {
				v.errorf(ErrOverflow, ref(FieldCapacity), "%s: capacity %d makes the total capacity overflow: all items' capacities together must stay within %d", in.itemName(i), it.Capacity, int64(math.MaxInt64))
				totalOK = false
			}
			total += it.Capacity
		}
		if it.Reserve < 0 {
			v.errorf(ErrNegative, ref(FieldReserve), "%s: reserve %s must not be negative", in.itemName(i), v.money(it.Reserve))
		} else if it.Capacity > 0 {
			if _, ok := it.Reserve.MulInt(it.Capacity); !ok {
				v.errorf(ErrOverflow, ref(FieldReserve),
					"%s: reserve %s times capacity %d overflows", in.itemName(i), v.money(it.Reserve), it.Capacity)
			}
		}
		if l := it.Loc; l != nil && !(l.Lat >= -90 && l.Lat <= 90 && l.Lon >= -180 && l.Lon <= 180) {
			v.errorf(ErrBounds, ref(FieldLoc),
				"%s: location %v,%v is not a latitude in [-90, 90] and a longitude in [-180, 180]", in.itemName(i), l.Lat, l.Lon)
		}
	}
}

// setName names Sets[s] in messages: by name, or by index when it has none.
func (in *Instance) setName(s int) string {
	if in.Sets[s].Name == "" {
		return fmt.Sprintf("sets[%d]", s)
	}
	return fmt.Sprintf("set %q", in.Sets[s].Name)
}

func (v *validator) sets() {
	in := v.in
	if len(in.Sets) == 0 {
		return
	}
	names := make(map[string]int, len(in.Sets))
	for s := range in.Sets {
		set := &in.Sets[s]
		ref := Ref{Kind: RefInstance, Index: s, Field: FieldSet}
		switch j, dup := names[set.Name]; {
		case set.Name == "":
			v.errorf(ErrEmpty, ref, "%s has no name", in.setName(s))
		case dup:
			v.errorf(ErrDuplicate, ref, "set %q is defined twice (sets[%d] and sets[%d])", set.Name, j, s)
		default:
			names[set.Name] = s
			if i, clash := v.itemByID[set.Name]; clash {
				v.errorf(ErrDuplicate, ref, "set %q has the name of item %q (items[%d])", set.Name, set.Name, i)
			}
		}
		if len(set.Items) == 0 {
			v.warnf(ErrEmpty, ref, "%s is empty", in.setName(s))
		}
		v.newStamp()
		for k, it := range set.Items {
			ref := Ref{Kind: RefInstance, Index: s, Field: FieldSetItem, Sub: k}
			if it < 0 || it >= len(in.Items) {
				v.errorf(ErrUnknownRef, ref, "%s: item index %d names no item (there are %d)", in.setName(s), it, len(in.Items))
				continue
			}
			if v.mark[it] == v.stamp {
				v.warnf(ErrDuplicate, ref, "%s lists %s twice", in.setName(s), in.itemName(it))
				continue
			}
			v.mark[it] = v.stamp
		}
	}
}

func (v *validator) bidders() {
	in := v.in
	ids := make(map[string]int, len(in.Bidders))
	for b := range in.Bidders {
		bd := &in.Bidders[b]
		ref := func(field string) Ref { return Ref{Kind: RefBidder, Index: b, Field: field} }
		switch j, dup := ids[bd.ID]; {
		case bd.ID == "":
			v.errorf(ErrEmpty, ref(FieldID), "%s has no id", in.bidderName(b))
		case dup:
			v.errorf(ErrDuplicate, ref(FieldID), "bidder %q is defined twice (bidders[%d] and bidders[%d])", bd.ID, j, b)
		default:
			ids[bd.ID] = b
		}
		if bd.Budget < 0 {
			v.errorf(ErrNegative, ref(FieldBudget), "%s: budget %s must not be negative (0 means none)", in.bidderName(b), v.money(bd.Budget))
		}
		if bd.MinVolume < 0 {
			v.errorf(ErrNegative, ref(FieldMinVolume), "%s: min-volume %d must not be negative (0 means none)", in.bidderName(b), bd.MinVolume)
		}
		if bd.MaxVolume < 0 {
			v.errorf(ErrNegative, ref(FieldMaxVolume), "%s: max-volume %d must not be negative (0 means none)", in.bidderName(b), bd.MaxVolume)
		}
		if bd.MaxItems < 0 {
			v.errorf(ErrNegative, ref(FieldMaxItems), "%s: max-items %d must not be negative (0 means none)", in.bidderName(b), bd.MaxItems)
		}
		if bd.MinVolume > 0 && bd.MaxVolume > 0 && bd.MinVolume > bd.MaxVolume {
			v.errorf(ErrBounds, ref(FieldMinVolume), "%s: min-volume %d is above its max-volume %d", in.bidderName(b), bd.MinVolume, bd.MaxVolume)
		}
	}
}

// amountField is the field that holds a bid's Amount.
func amountField(bid *Bid) string {
	if bid.PerUnit {
		return FieldRate
	}
	return FieldPrice
}

func (v *validator) bids() {
	in := v.in
	if len(in.Bids) == 0 {
		v.warnf(ErrEmpty, Ref{Kind: RefInstance}, "the instance has no bids")
	}
	v.value = make([]Money, len(in.Bids))
	v.valueOK = make([]bool, len(in.Bids))
	ids := make(map[string]int, len(in.Bids))
	var allValue Money
	var allVolume int64
	allValueOK, allVolumeOK := true, true
	for i := range in.Bids {
		bid := &in.Bids[i]
		ref := func(field string) Ref { return Ref{Kind: RefBid, Index: i, Field: field} }
		switch j, dup := ids[bid.ID]; {
		case bid.ID == "":
			v.errorf(ErrEmpty, ref(FieldID), "%s has no id", in.bidName(i))
		case dup:
			v.errorf(ErrDuplicate, ref(FieldID), "bid %q is defined twice (bids[%d] and bids[%d])", bid.ID, j, i)
		default:
			ids[bid.ID] = i
		}
		if bid.Bidder < 0 || bid.Bidder >= len(in.Bidders) {
			v.errorf(ErrUnknownRef, ref(FieldBidder), "%s: bidder index %d names no bidder (there are %d)", in.bidName(i), bid.Bidder, len(in.Bidders))
		}

		total, bundleOK := v.bundle(i)

		priceField := amountField(bid)
		switch {
		case bid.Amount < 0:
			v.errorf(ErrNegative, ref(priceField), "%s: %s %s must be positive", in.bidName(i), priceField, v.money(bid.Amount))
		case bid.Amount == 0:
			v.warnf(ErrNegative, ref(priceField), "%s: %s 0: the bid pays nothing: it can never add revenue", in.bidName(i), priceField)
		}
		if bid.Amount >= 0 && bundleOK {
			val, ok := bid.Amount, true
			if bid.PerUnit {
				val, ok = bid.Amount.MulInt(total)
			}
			if !ok {
				v.errorf(ErrOverflow, ref(priceField), "%s: rate %s times total volume %d overflows", in.bidName(i), v.money(bid.Amount), total)
			} else {
				v.value[i], v.valueOK[i] = val, true
				if allValueOK {
					if allValue, allValueOK = AddMoney(allValue, val); !allValueOK {
						v.errorf(ErrOverflow, ref(priceField), "%s: value %s makes the sum of all bids' values overflow: all bids' values together must stay within %s", in.bidName(i), v.money(val), v.money(math.MaxInt64))
					}
				}
			}
			if allVolumeOK {
				if allVolume+total < allVolume {
					v.errorf(ErrOverflow, ref(FieldBundle), "%s: total volume %d makes the sum of all bids' volumes overflow: all bids' volumes together must stay within %d", in.bidName(i), total, int64(math.MaxInt64))
					allVolumeOK = false
				}
				allVolume += total
			}
		}

		if f := bid.MinFraction; f.IsSet() && !validUnitRatio(f) {
			v.errorf(ErrBounds, ref(FieldMin), "%s: min fraction %s must be above 0 and at most 1", in.bidName(i), ratioText(f))
		}
		if v.valueOK[i] {
			v.reserve(i)
			v.budget(i)
		}
	}
	v.sumsOK = allValueOK && allVolumeOK
}

// bundle checks one bid's bundle and reports whether its items and volumes
// are usable, and then its total volume.
func (v *validator) bundle(i int) (total int64, ok bool) {
	in := v.in
	bid := &in.Bids[i]
	if len(bid.Bundle) == 0 {
		v.errorf(ErrEmpty, Ref{Kind: RefBid, Index: i, Field: FieldBundle}, "%s: the bundle is empty", in.bidName(i))
		return 0, false
	}
	ok = true
	ms := in.Rules.MaxShare
	msOK := validUnitRatio(ms)
	v.newStamp()
	for k, d := range bid.Bundle {
		itemRef := Ref{Kind: RefBid, Index: i, Field: FieldItem, Sub: k}
		volRef := Ref{Kind: RefBid, Index: i, Field: FieldVolume, Sub: k}
		known := d.Item >= 0 && d.Item < len(in.Items)
		switch {
		case !known:
			v.errorf(ErrUnknownRef, itemRef, "%s: item index %d names no item (there are %d)", in.bidName(i), d.Item, len(in.Items))
			ok = false
		case v.mark[d.Item] == v.stamp:
			v.errorf(ErrDuplicate, itemRef, "%s: %s appears twice in the bundle (positions %d and %d)", in.bidName(i), in.itemName(d.Item), v.at[d.Item]+1, k+1)
			ok = false
		default:
			v.mark[d.Item], v.at[d.Item] = v.stamp, k
		}
		if d.Volume <= 0 {
			v.errorf(ErrNegative, volRef, "%s: volume %d on %s must be positive", in.bidName(i), d.Volume, in.itemName(d.Item))
			ok = false
			continue
		}
		if !known {
			continue
		}
		it := &in.Items[d.Item]
		if it.Capacity <= 0 {
			continue
		}
		if leastOver(bid, d.Volume, it.Capacity) {
			v.warnf(ErrOverCapacity, volRef, "%s: volume %d on %s exceeds its capacity %d%s: the bid can never win",
				in.bidName(i), d.Volume, in.itemName(d.Item), it.Capacity, evenAtMin(bid))
		} else if msOK {
			if limit := shareLimit(ms, it.Capacity); leastOver(bid, d.Volume, limit) {
				v.warnf(ErrOverCapacity, volRef, "%s: volume %d on %s exceeds the max-share limit %d (%s of %d)%s: the bid can never win",
					in.bidName(i), d.Volume, in.itemName(d.Item), limit, ms, it.Capacity, evenAtMin(bid))
			}
		}
	}
	total, fits := bundleVolume(bid.Bundle)
	if ok && !fits {
		v.errorf(ErrOverflow, Ref{Kind: RefBid, Index: i, Field: FieldBundle}, "%s: the total volume of the bundle overflows", in.bidName(i))
		ok = false
	}
	if !ok {
		return 0, false
	}
	return total, true
}

// leastOver reports whether the least share of volume the bid can win, the
// whole volume or MinFraction of it, is above limit.
func leastOver(bid *Bid, volume, limit int64) bool {
	if volume <= limit {
		return false
	}
	if !bid.Divisible() || !validUnitRatio(bid.MinFraction) {
		return true
	}
	least := new(big.Int).Mul(big.NewInt(volume), big.NewInt(bid.MinFraction.Num))
	return least.Cmp(new(big.Int).Mul(big.NewInt(limit), big.NewInt(bid.MinFraction.Den))) > 0
}

// evenAtMin qualifies "exceeds" for a divisible bid.
func evenAtMin(bid *Bid) string {
	if !bid.Divisible() || !validUnitRatio(bid.MinFraction) {
		return ""
	}
	return " even at its min fraction " + bid.MinFraction.String()
}

// shareLimit is floor(n × r) for r in (0, 1], as r.FloorMul(n), without
// allocating when n ≥ 0.
func shareLimit(r Ratio, n int64) int64 {
	if n < 0 {
		return r.FloorMul(n)
	}
	// n·Num < 2⁶³·Den, so the high word is below Den and Div64 cannot fail.
	hi, lo := bits.Mul64(uint64(n), uint64(r.Num))
	q, _ := bits.Div64(hi, lo, uint64(r.Den))
	return int64(q)
}

// reserve warns about a bid whose value is below the reserve of its bundle.
func (v *validator) reserve(i int) {
	in := v.in
	bid := &in.Bids[i]
	due, ok := in.bundleReserve(bid)
	if !ok {
		v.errorf(ErrOverflow, Ref{Kind: RefBid, Index: i, Field: FieldBundle},
			"%s: the reserve of the bundle (volume times reserve, summed) overflows", in.bidName(i))
		return
	}
	if v.value[i] < due {
		v.warnf(ErrBelowReserve, Ref{Kind: RefBid, Index: i, Field: amountField(bid)},
			"%s: value %s is below the reserve %s of its bundle: the bid can never win",
			in.bidName(i), v.money(v.value[i]), v.money(due))
	}
}

// budget warns about a bid whose least payment is above its bidder's budget.
func (v *validator) budget(i int) {
	in := v.in
	bid := &in.Bids[i]
	if bid.Bidder < 0 || bid.Bidder >= len(in.Bidders) {
		return
	}
	budget := in.Bidders[bid.Bidder].Budget
	if budget <= 0 || v.value[i] <= budget {
		return // the least payment is at most the value
	}
	least := v.value[i]
	if bid.Divisible() && validUnitRatio(bid.MinFraction) {
		// The least award Check accepts, and what it pays.
		least, _ = floorFraction(bid.MinFraction.Float()-Tolerance, least)
	}
	if least > budget {
		v.warnf(ErrUnsatisfiable, Ref{Kind: RefBid, Index: i, Field: amountField(bid)},
			"%s: it pays at least %s, above the budget %s of %s: the bid can never win",
			in.bidName(i), v.money(least), v.money(budget), in.bidderName(bid.Bidder))
	}
}

// trees checks that every bid is in exactly one place, in its own bidder's
// tree, and that every group is well formed.
func (v *validator) trees() {
	in := v.in
	// Room for every root and the groups right under it: all the groups of
	// the usual shallow trees.
	groups := len(in.Bidders)
	for b := range in.Bidders {
		for _, ch := range in.Bidders[b].Tree.Children {
			if ch.Group != nil {
				groups++
			}
		}
	}
	t := treeWalk{
		v:     v,
		owner: make([]int, len(in.Bids)),
		seen:  make(map[*Group]struct{}, groups),
	}
	for i := range t.owner {
		t.owner[i] = -1
	}
	v.treeOK = make([]bool, len(in.Bidders))
	for b := range in.Bidders {
		root := &in.Bidders[b].Tree
		before := v.nerr
		if len(root.Children) == 0 {
			v.warnf(ErrEmpty, Ref{Kind: RefBidder, Index: b}, "%s has no bids", in.bidderName(b))
		}
		if root.Kind != Or {
			v.errorf(ErrTreeShape, Ref{Kind: RefGroup, Index: b, Field: FieldKind, Group: root},
				"%s: the root of the bid tree must be an or group, not %s; nest the bids in a group instead", in.bidderName(b), kindText(root.Kind))
		}
		t.group(b, root, 0)
		v.treeOK[b] = v.nerr == before
	}
	for i, o := range t.owner {
		if o < 0 {
			bid := &in.Bids[i]
			whose := "its bidder"
			if bid.Bidder >= 0 && bid.Bidder < len(in.Bidders) {
				whose = in.bidderName(bid.Bidder)
				v.treeOK[bid.Bidder] = false
			}
			v.errorf(ErrTreeShape, Ref{Kind: RefBid, Index: i, Field: FieldBidder},
				"%s is in no bid tree: the tree of %s must hold it", in.bidName(i), whose)
		}
	}
}

type treeWalk struct {
	v     *validator
	owner []int // by bid: the bidder whose tree holds it, or -1
	seen  map[*Group]struct{}
}

func (t *treeWalk) group(b int, g *Group, depth int) {
	v, in := t.v, t.v.in
	ref := func(field string, sub int) Ref {
		return Ref{Kind: RefGroup, Index: b, Field: field, Sub: sub, Group: g}
	}
	if _, twice := t.seen[g]; twice {
		v.errorf(ErrTreeShape, ref("", 0), "%s: %s appears twice in the bid trees", in.bidderName(b), in.groupName(g))
		return
	}
	t.seen[g] = struct{}{}
	if depth > MaxTreeDepth {
		v.errorf(ErrTreeShape, ref("", 0), "%s: groups nest more than %d deep", in.bidderName(b), MaxTreeDepth)
		t.claim(b, g) // so that its bids are not also reported as in no tree
		return
	}
	n := len(g.Children)
	if depth > 0 && n == 0 {
		v.errorf(ErrEmpty, ref("", 0), "%s: %s %s group is empty", in.bidderName(b), article(g.Kind), g.Kind)
	}
	switch {
	case g.Kind > All:
		v.errorf(ErrTreeShape, ref(FieldKind, 0), "%s: group kind %d is not or, xor, choose or all", in.bidderName(b), g.Kind)
	case g.Kind == Choose:
		switch {
		case g.Min < 0:
			v.errorf(ErrBounds, ref(FieldMin, 0), "%s: %s: min %d must not be negative", in.bidderName(b), in.groupName(g), g.Min)
		case g.Max < 1:
			v.errorf(ErrBounds, ref(FieldMax, 0), "%s: %s: max %d must be at least 1", in.bidderName(b), in.groupName(g), g.Max)
		case g.Min > g.Max:
			v.errorf(ErrBounds, ref(FieldMin, 0), "%s: %s: min %d is above max %d", in.bidderName(b), in.groupName(g), g.Min, g.Max)
		case g.Min > n && n > 0: // an empty group is reported as such
			v.errorf(ErrBounds, ref(FieldMin, 0), "%s: %s: min %d is above its %d children", in.bidderName(b), in.groupName(g), g.Min, n)
		case g.Max > n && n > 0:
			v.warnf(ErrBounds, ref(FieldMax, 0), "%s: %s: max %d is above its %d children", in.bidderName(b), in.groupName(g), g.Max, n)
		}
	case g.Min != 0 || g.Max != 0:
		v.warnf(ErrBounds, ref(FieldMin, 0), "%s: %s: min and max (%d..%d) apply to choose groups only and are ignored",
			in.bidderName(b), in.groupName(g), g.Min, g.Max)
	}
	for k, ch := range g.Children {
		if ch.Group != nil {
			if ch.Bid != 0 {
				v.errorf(ErrTreeShape, ref(FieldChild, k), "%s: child %d of %s holds both bid index %d and a group; a group node leaves Bid at 0",
					in.bidderName(b), k+1, in.groupName(g), ch.Bid)
			}
			t.group(b, ch.Group, depth+1)
			continue
		}
		switch {
		case ch.Bid < 0:
			v.errorf(ErrTreeShape, ref(FieldChild, k), "%s: child %d of %s names neither a bid nor a group", in.bidderName(b), k+1, in.groupName(g))
		case ch.Bid >= len(in.Bids):
			v.errorf(ErrUnknownRef, ref(FieldChild, k), "%s: child %d of %s: bid index %d names no bid (there are %d)",
				in.bidderName(b), k+1, in.groupName(g), ch.Bid, len(in.Bids))
		case t.owner[ch.Bid] >= 0:
			v.errorf(ErrTreeShape, ref(FieldChild, k), "%s: %s appears twice in the bid trees (also under %s)",
				in.bidderName(b), in.bidName(ch.Bid), in.bidderName(t.owner[ch.Bid]))
		default:
			t.owner[ch.Bid] = b
			if owner := in.Bids[ch.Bid].Bidder; owner != b {
				v.errorf(ErrTreeShape, ref(FieldChild, k), "%s: %s belongs to %s but is in this bidder's tree",
					in.bidderName(b), in.bidName(ch.Bid), in.bidderName(owner))
			}
		}
	}
}

// claim records bidder b as the owner of the bids below g, a group too
// deep to check, without checking them. It walks with its own stack, since
// the depth is what is wrong.
func (t *treeWalk) claim(b int, g *Group) {
	stack := []*Group{g}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, ch := range g.Children {
			switch {
			case ch.Group != nil:
				if _, twice := t.seen[ch.Group]; !twice {
					t.seen[ch.Group] = struct{}{}
					stack = append(stack, ch.Group)
				}
			case ch.Bid >= 0 && ch.Bid < len(t.owner) && t.owner[ch.Bid] < 0:
				t.owner[ch.Bid] = b
			}
		}
	}
}

// article is "a" or "an", as the name of kind k needs ("an xor group").
func article(k GroupKind) string {
	if k == Or || k == Xor || k == All {
		return "an"
	}
	return "a"
}

// reachability warns about min-volumes no combination of bids can reach.
// It looks at well-formed trees of usable bids only.
func (v *validator) reachability() {
	in := v.in
	if !v.sumsOK {
		return
	}
	if !slices.ContainsFunc(in.Bidders, func(bd Bidder) bool { return bd.MinVolume > 0 }) {
		return
	}
	look := func(b int) bool {
		bd := &in.Bidders[b]
		return bd.MinVolume > 0 && v.treeOK[b] && (bd.MaxVolume <= 0 || bd.MinVolume <= bd.MaxVolume)
	}
	// The usable bids of the bidders looked at, laid out flat: those of
	// bidder b are bids[start[b]:start[b+1]].
	start := make([]int, len(in.Bidders)+1)
	usable := func(i int) (int, bool) {
		b := in.Bids[i].Bidder
		return b, v.valueOK[i] && b >= 0 && b < len(in.Bidders) && look(b)
	}
	for i := range in.Bids {
		if b, ok := usable(i); ok {
			start[b+1]++
		}
	}
	for b := range in.Bidders {
		start[b+1] += start[b]
	}
	bids := make([]int, start[len(in.Bidders)])
	next := slices.Clone(start[:len(in.Bidders)])
	for i := range in.Bids {
		if b, ok := usable(i); ok {
			bids[next[b]] = i
			next[b]++
		}
	}

	// demand is by item, valid where mark is the current stamp; touched
	// lists those items.
	demand := make([]int64, len(in.Items))
	var touched []int
	ms := in.Rules.MaxShare
	for b := range in.Bidders {
		bd := &in.Bidders[b]
		if !look(b) {
			continue
		}
		reach, ok := v.treeVolume(&bd.Tree)
		if !ok {
			continue
		}
		// Per item, no more than its capacity (and max-share limit) can be won.
		v.newStamp()
		touched = touched[:0]
		for _, i := range bids[start[b]:start[b+1]] {
			for _, d := range in.Bids[i].Bundle {
				if v.mark[d.Item] != v.stamp {
					v.mark[d.Item], demand[d.Item] = v.stamp, 0
					touched = append(touched, d.Item)
				}
				demand[d.Item] += d.Volume
			}
		}
		var perItem int64
		for _, it := range touched {
			c := in.Items[it].Capacity
			if validUnitRatio(ms) {
				c = shareLimit(ms, c)
			}
			perItem += min(demand[it], c)
		}
		reach = min(reach, perItem)
		if reach < bd.MinVolume {
			v.warnf(ErrUnsatisfiable, Ref{Kind: RefBidder, Index: b, Field: FieldMinVolume},
				"%s: min-volume %d is more than its bids can win (at most %d): the bidder can never win",
				in.bidderName(b), bd.MinVolume, reach)
		}
	}
}

// treeVolume is an upper bound on the volume a well-formed group can win.
// ok is false when a bid in it is unusable. It keeps the volumes of the
// children on the scratch stack v.vols, which it leaves as it found it.
func (v *validator) treeVolume(g *Group) (int64, bool) {
	in := v.in
	base := len(v.vols)
	for _, ch := range g.Children {
		var x int64
		if ch.Group != nil {
			var ok bool
			if x, ok = v.treeVolume(ch.Group); !ok {
				v.vols = v.vols[:base]
				return 0, false
			}
		} else {
			if !v.valueOK[ch.Bid] {
				v.vols = v.vols[:base]
				return 0, false
			}
			x, _ = bundleVolume(in.Bids[ch.Bid].Bundle)
		}
		v.vols = append(v.vols, x)
	}
	vols := v.vols[base:]
	take := len(vols)
	switch g.Kind {
	case Xor:
		take = min(take, 1)
	case Choose:
		take = min(take, g.Max)
	}
	if take < len(vols) {
		slices.Sort(vols)
	}
	var sum int64
	for _, x := range vols[len(vols)-take:] {
		sum += x // no overflow: all bids' volumes sum within int64
	}
	v.vols = v.vols[:base]
	return sum, true
}

// bundleVolume is the bundle's total volume; ok is false on overflow or when
// a volume is negative.
func bundleVolume(bundle []Demand) (total int64, ok bool) {
	for _, d := range bundle {
		if d.Volume < 0 || total > math.MaxInt64-d.Volume {
			return 0, false
		}
		total += d.Volume
	}
	return total, true
}

// bidValue is Bid.Value with the total volume checked for overflow too.
func bidValue(b *Bid) (Money, bool) {
	if !b.PerUnit {
		return b.Amount, true
	}
	total, ok := bundleVolume(b.Bundle)
	if !ok {
		return 0, false
	}
	return b.Amount.MulInt(total)
}

// bundleReserve is Σ volume × reserve over the bundle's items; ok is false
// on overflow. Demands naming no item count nothing.
func (in *Instance) bundleReserve(b *Bid) (Money, bool) {
	var due Money
	for _, d := range b.Bundle {
		if d.Item < 0 || d.Item >= len(in.Items) || in.Items[d.Item].Reserve <= 0 {
			continue
		}
		r, ok := in.Items[d.Item].Reserve.MulInt(d.Volume)
		if !ok {
			return 0, false
		}
		if due, ok = AddMoney(due, r); !ok {
			return 0, false
		}
	}
	return due, true
}

// kindText names a group kind in a message, also one out of range.
func kindText(k GroupKind) string {
	if k > All {
		return fmt.Sprintf("kind %d", k)
	}
	return k.String()
}

// decimals is the currency's number of decimals, within 0..MaxDecimals.
func (in *Instance) decimals() int {
	return min(max(in.CurrencyOrDefault().Decimals, 0), MaxDecimals)
}

// itemName, bidderName, bidName and groupName name parts of the instance in
// messages: by ID, or by index when the ID is empty or the index is bad.
func (in *Instance) itemName(i int) string {
	if i < 0 || i >= len(in.Items) {
		return fmt.Sprintf("item index %d", i)
	}
	if in.Items[i].ID == "" {
		return fmt.Sprintf("items[%d]", i)
	}
	return fmt.Sprintf("item %q", in.Items[i].ID)
}

func (in *Instance) bidderName(b int) string {
	if b < 0 || b >= len(in.Bidders) {
		return fmt.Sprintf("bidder index %d", b)
	}
	if in.Bidders[b].ID == "" {
		return fmt.Sprintf("bidders[%d]", b)
	}
	return fmt.Sprintf("bidder %q", in.Bidders[b].ID)
}

func (in *Instance) bidName(i int) string {
	if i < 0 || i >= len(in.Bids) {
		return fmt.Sprintf("bid index %d", i)
	}
	if in.Bids[i].ID == "" {
		return fmt.Sprintf("bids[%d]", i)
	}
	return fmt.Sprintf("bid %q", in.Bids[i].ID)
}

// groupName describes a group by its kind and the first bids directly in
// it: `xor group {w2, w3}`.
func (in *Instance) groupName(g *Group) string {
	var b strings.Builder
	b.WriteString(kindText(g.Kind))
	if g.Kind == Choose {
		fmt.Fprintf(&b, " %d..%d", g.Min, g.Max)
	}
	b.WriteString(" group {")
	n := 0
	for _, ch := range g.Children {
		if n == 3 {
			b.WriteString(", ...")
			break
		}
		if n > 0 {
			b.WriteString(", ")
		}
		switch {
		case ch.Group != nil:
			b.WriteString(kindText(ch.Group.Kind) + " {...}")
		case ch.Bid >= 0 && ch.Bid < len(in.Bids) && in.Bids[ch.Bid].ID != "":
			b.WriteString(in.Bids[ch.Bid].ID)
		default:
			fmt.Fprintf(&b, "bids[%d]", ch.Bid)
		}
		n++
	}
	b.WriteString("}")
	return b.String()
}
