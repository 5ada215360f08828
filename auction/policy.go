package auction

import (
	"fmt"
	"math/big"
	"slices"
)

// Policy is a set of auctioneer's rules applied to an instance from outside
// its file, so that one market can be solved under several policies (what a
// max-share of 50% costs in revenue, what doubling the reserves does). The
// zero value changes nothing; each field left at its zero value leaves that
// part of the instance as it is.
type Policy struct {
	// MaxShare, when set, replaces Rules.MaxShare: no bidder wins more than
	// floor(MaxShare × capacity) of any item. It must be in (0, 1].
	MaxShare Ratio

	// MaxItems, when positive, caps every bidder's MaxItems: a bidder
	// without a limit gets MaxItems, one with a tighter limit keeps its
	// own. It must not be negative.
	MaxItems int

	// ReserveScale, when set, multiplies every item's reserve, rounding to
	// the nearest minor unit (halves up): 0.35 × 1.1 = 0.385 becomes 0.39.
	// It must not be negative; 0 removes every reserve.
	ReserveScale Ratio

	// MinWinners, when positive, replaces Rules.MinWinners: in every
	// region (the items sharing a non-empty Item.Region) at least
	// MinWinners distinct bidders must win some volume, or no allocation
	// is feasible. It must not be negative.
	MinWinners int
}

// IsZero reports whether the policy changes nothing.
func (p Policy) IsZero() bool {
	return !p.MaxShare.IsSet() && p.MaxItems == 0 && !p.ReserveScale.IsSet() && p.MinWinners == 0
}

// Validate reports a field out of range, as an error wrapping ErrBounds
// (MaxShare outside (0, 1]) or ErrNegative (a negative MaxItems,
// ReserveScale or MinWinners). A ratio with a negative denominator is out of range.
func (p Policy) Validate() error {
	if r := p.MaxShare; r.IsSet() && (r.Den < 0 || r.Num <= 0 || r.Num > r.Den) {
		return fmt.Errorf("policy: max-share %s must be in (0, 1]: %w", r, ErrBounds)
	}
	if p.MaxItems < 0 {
		return fmt.Errorf("policy: max-items %d must not be negative: %w", p.MaxItems, ErrNegative)
	}
	if r := p.ReserveScale; r.IsSet() && (r.Den < 0 || r.Num < 0) {
		return fmt.Errorf("policy: reserve scale %s must not be negative: %w", r, ErrNegative)
	}
	if p.MinWinners < 0 {
		return fmt.Errorf("policy: min-winners %d must not be negative: %w", p.MinWinners, ErrNegative)
	}
	return nil
}

// Apply returns a copy of in with the policy applied; in itself is never
// changed. The copy has its own Items and Bidders slices (the fields a
// policy changes) but shares everything else with in: bids, bid trees,
// item sets and locations. Treat both as read-only, or copy deeper before
// changing those parts.
//
// Apply returns an error wrapping ErrBounds or ErrNegative for a policy
// that Validate rejects, and ErrOverflow for a scaled reserve beyond the
// range of Money. It does not validate the result: a larger reserve can
// make bids unable to win (a warning), and Instance.Validate or the
// solver reports the rest.
func (p Policy) Apply(in *Instance) (*Instance, error) {
	if in == nil {
		return nil, fmt.Errorf("policy: nil instance")
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	out := *in
	out.Items = slices.Clone(in.Items)
	out.Bidders = slices.Clone(in.Bidders)
	if p.MaxShare.IsSet() {
		out.Rules.MaxShare = p.MaxShare
	}
	if p.MinWinners > 0 {
		out.Rules.MinWinners = p.MinWinners
	}
	if p.MaxItems > 0 {
		for b := range out.Bidders {
			if m := out.Bidders[b].MaxItems; m <= 0 || m > p.MaxItems {
				out.Bidders[b].MaxItems = p.MaxItems
			}
		}
	}
	if p.ReserveScale.IsSet() {
		for i := range out.Items {
			r, ok := scaleRound(out.Items[i].Reserve, p.ReserveScale)
			if !ok {
				return nil, fmt.Errorf("policy: %s: reserve %d × %s overflows: %w",
					in.itemName(i), out.Items[i].Reserve, p.ReserveScale, ErrOverflow)
			}
			out.Items[i].Reserve = r
		}
	}
	return &out, nil
}

// scaleRound returns m × s rounded to the nearest integer, halves away
// from zero, and whether it fits in a Money. s must have a positive
// denominator.
func scaleRound(m Money, s Ratio) (Money, bool) {
	// round(m·n/d) = floor((2·m·n + d) / (2·d)) for m·n ≥ 0; mirrored below 0.
	num := new(big.Int).Mul(big.NewInt(int64(m)), big.NewInt(s.Num))
	neg := num.Sign() < 0
	num.Abs(num)
	den := big.NewInt(s.Den)
	num.Lsh(num, 1).Add(num, den)
	num.Quo(num, den.Lsh(den, 1))
	if neg {
		num.Neg(num)
	}
	if !num.IsInt64() {
		return 0, false
	}
	return Money(num.Int64()), true
}
