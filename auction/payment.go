package auction

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// PayAsBid is what a bid pays under the pay-as-bid rule for the fraction it
// is awarded: its whole value (Bid.Value) for a fraction of 1 or more, and
// otherwise floor(Fraction × value) in minor units, computed exactly. The
// fraction is taken as the fraction p/q with q ≤ 2^20 that converts back to
// the same float64 when there is one, so that 1/3 (a bid at its `min 1/3`,
// or a capacity of 1,000 against a volume of 3,000) pays exactly a third,
// and otherwise as the shortest decimal that does (what
// strconv.FormatFloat(f, 'g', -1, 64) prints), so that 0.6 pays exactly 60%
// although the float64 nearest 0.6 is slightly below it.
// Rounding down means a bidder never pays more than it bid, and a larger
// fraction never pays less.
//
// PayAsBid returns 0 for an award that names no bid, whose fraction is not
// a positive number, or whose bid's value overflows; Check and Validate
// report each of these.
func (in *Instance) PayAsBid(a Award) Money {
	p, _ := in.payAsBid(a)
	return p
}

// ReserveDue is the least an award may pay: the reserve of its bid's
// bundle (Σ volume × reserve) for the fraction awarded, rounded down as
// PayAsBid rounds, which Check asks every award's payment to reach. It
// returns 0 for an award that names no bid or whose bundle's reserve
// overflows (Validate reports that).
func (in *Instance) ReserveDue(a Award) Money {
	if in == nil || a.Bid < 0 || a.Bid >= len(in.Bids) {
		return 0
	}
	r, ok := in.bundleReserve(&in.Bids[a.Bid])
	if !ok {
		return 0
	}
	return dueAt(a.Fraction, r)
}

// payAsBid is PayAsBid; ok is false where PayAsBid returns a made-up 0.
func (in *Instance) payAsBid(a Award) (Money, bool) {
	if in == nil || a.Bid < 0 || a.Bid >= len(in.Bids) {
		return 0, false
	}
	v, ok := bidValue(&in.Bids[a.Bid])
	if !ok {
		return 0, false
	}
	return floorFraction(a.Fraction, v)
}

// floorFraction returns floor(f × m) exactly, m itself for f ≥ 1. ok is
// false when f is not a positive number.
func floorFraction(f float64, m Money) (Money, bool) {
	switch {
	case math.IsNaN(f) || f <= 0:
		return 0, false
	case f >= 1: // including +Inf
		return m, true
	}
	// A fraction p/q with a small denominator that rounds to f (the float64
	// nearest 1/3, say) is taken exactly: f stands for it.
	if p, q, ok := smallRatio(f); ok && m >= 0 {
		hi, lo := bits.Mul64(uint64(m), p)
		quo, _ := bits.Div64(hi, lo, q) // m × p < 2^63 × q: hi < q
		return Money(quo), true
	}
	// Else the shortest decimal d that rounds to f. Either rational is
	// below 1 (as f is), and r1 < r2 whenever f1 < f2, as rounding is
	// monotone, whichever way each was found.
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok {
		return 0, false // unreachable: FormatFloat writes a decimal
	}
	r.Mul(r, new(big.Rat).SetInt64(int64(m)))
	q := new(big.Int).Div(r.Num(), r.Denom()) // Euclidean division by a positive denominator is floor
	return Money(q.Int64()), true             // |f × m| < |m|: fits
}

// smallRatioDen bounds the denominators smallRatio tries: below it, two
// fractions p/q differ by more than 2^-40, far more than a float64's rounding
// interval near them, so at most one of them rounds to a given f.
const smallRatioDen = 1 << 20

// smallRatio returns the fraction p/q (0 < p < q ≤ smallRatioDen) that
// rounds to f, 0 < f < 1, when there is one: by Legendre's theorem it is a
// convergent of f's continued fraction, which is expanded in float64; each
// convergent is checked exactly (p and q are exact float64s and IEEE division
// rounds correctly), so an expansion that drifts only misses a fraction, and
// ok is false.
func smallRatio(f float64) (p, q uint64, ok bool) {
	x := f
	h0, h1 := uint64(0), uint64(1) // numerators of the last two convergents
	k0, k1 := uint64(1), uint64(0) // their denominators
	for range 64 {
		a := math.Floor(x)
		if !(a <= smallRatioDen) { // also NaN and +Inf
			return 0, 0, false
		}
		ai := uint64(a)
		h, k := ai*h1+h0, ai*k1+k0
		if k > smallRatioDen {
			return 0, 0, false
		}
		if h > 0 && float64(h)/float64(k) == f {
			return h, k, true
		}
		h0, h1, k0, k1 = h1, h, k1, k
		if x == a {
			return 0, 0, false
		}
		x = 1 / (x - a)
	}
	return 0, 0, false
}

// Revenue is the sum of the pay-as-bid payments of the awards. For a valid
// instance and an allocation that awards each bid at most once it cannot
// overflow; otherwise it stops at the largest Money.
func (in *Instance) Revenue(a Allocation) Money {
	var sum Money
	for _, aw := range a.Awards {
		var ok bool
		if sum, ok = AddMoney(sum, in.PayAsBid(aw)); !ok {
			return math.MaxInt64
		}
	}
	return sum
}

// BidderPayments returns, by bidder index, the sum of the pay-as-bid
// payments of each bidder's awards. Awards naming no bid, or a bid of no
// bidder, count for nobody.
func (in *Instance) BidderPayments(a Allocation) []Money {
	if in == nil {
		return nil
	}
	out := make([]Money, len(in.Bidders))
	for _, aw := range a.Awards {
		if aw.Bid < 0 || aw.Bid >= len(in.Bids) {
			continue
		}
		b := in.Bids[aw.Bid].Bidder
		if b < 0 || b >= len(out) {
			continue
		}
		s, ok := AddMoney(out[b], in.PayAsBid(aw))
		if !ok {
			s = math.MaxInt64
		}
		out[b] = s
	}
	return out
}

// ItemVolumes returns, by item index, the volume awarded on each item:
// Σ Fraction × volume over the awards. Use it for reports; Check decides
// feasibility with exact sums where the fractions are 1.
func (in *Instance) ItemVolumes(a Allocation) []float64 {
	if in == nil {
		return nil
	}
	out := make([]float64, len(in.Items))
	for _, aw := range a.Awards {
		if aw.Bid < 0 || aw.Bid >= len(in.Bids) {
			continue
		}
		for _, d := range in.Bids[aw.Bid].Bundle {
			if d.Item >= 0 && d.Item < len(out) {
				out[d.Item] += aw.Fraction * float64(d.Volume)
			}
		}
	}
	return out
}

// BidderVolumes returns, by bidder index, the total volume awarded to each
// bidder: Σ Fraction × volume over its awards.
func (in *Instance) BidderVolumes(a Allocation) []float64 {
	if in == nil {
		return nil
	}
	out := make([]float64, len(in.Bidders))
	for _, aw := range a.Awards {
		if aw.Bid < 0 || aw.Bid >= len(in.Bids) {
			continue
		}
		bid := &in.Bids[aw.Bid]
		if bid.Bidder < 0 || bid.Bidder >= len(out) {
			continue
		}
		for _, d := range bid.Bundle {
			out[bid.Bidder] += aw.Fraction * float64(d.Volume)
		}
	}
	return out
}
