package auction

import (
	"math"
	"math/big"
	"math/bits"
)

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
