package auction

import (
	"fmt"
	"math"
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
