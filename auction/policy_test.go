package auction

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// policyInstance is a fresh small instance: one item with a reserve, one
// bidder who may win all of it, and bidders with and without max-items.
func policyInstance(t *testing.T) *Instance {
	t.Helper()
	b := NewBuilder("policy")
	d1 := b.Item("D1", 100, 35) // 0.35 a unit
	d2 := b.Item("D2", 100, 0)
	bigger := b.Bidder("big")
	b.Bid(bigger, "whole", 100_00, Demand{Item: d1, Volume: 100}, Demand{Item: d2, Volume: 10})
	few := b.Bidder("few")
	b.Instance().Bidders[few].MaxItems = 3
	b.Bid(few, "f", 20_00, Demand{Item: d2, Volume: 20})
	many := b.Bidder("many")
	b.Instance().Bidders[many].MaxItems = 7
	b.Bid(many, "m", 20_00, Demand{Item: d2, Volume: 20})
	in, err := b.Build()
	require.NoError(t, err)
	return in
}

func TestPolicyZeroChangesNothing(t *testing.T) {
	in := policyInstance(t)
	assert.True(t, Policy{}.IsZero())
	out, err := Policy{}.Apply(in)
	require.NoError(t, err)
	assert.Equal(t, in, out)
	assert.NotSame(t, in, out)
}

func TestPolicyApply(t *testing.T) {
	half := Ratio{Num: 1, Den: 2}
	p := Policy{MaxShare: half, MaxItems: 5, ReserveScale: Ratio{Num: 11, Den: 10}}
	assert.False(t, p.IsZero())
	in := policyInstance(t)
	out, err := p.Apply(in)
	require.NoError(t, err)

	assert.Equal(t, policyInstance(t), in, "the input is not changed")
	assert.Equal(t, half, out.Rules.MaxShare)
	assert.Equal(t, []int{5, 3, 5}, []int{out.Bidders[0].MaxItems, out.Bidders[1].MaxItems, out.Bidders[2].MaxItems},
		"no limit gets the cap, a tighter one stays, a looser one is capped")
	assert.Equal(t, Money(39), out.Items[0].Reserve, "0.35 × 1.1 = 0.385 rounds up to 0.39")
	assert.Equal(t, Money(0), out.Items[1].Reserve)
	require.NoError(t, out.Validate())

	// The certificate sees the new rule: taking the whole of D1 was fine,
	// and is above half of it now.
	whole := Allocation{Awards: won(0)}
	assert.Empty(t, in.Check(whole))
	probs := out.Check(whole)
	require.Len(t, probs, 1)
	assert.ErrorIs(t, probs[0], ErrRuleViolated)
	assert.Equal(t, FieldMaxShare, probs[0].Ref.Field)
}

func TestPolicyReserveScaleZeroRemovesReserves(t *testing.T) {
	out, err := Policy{ReserveScale: Ratio{Num: 0, Den: 1}}.Apply(policyInstance(t))
	require.NoError(t, err)
	for _, it := range out.Items {
		assert.Equal(t, Money(0), it.Reserve, it.ID)
	}
}

func TestPolicyErrors(t *testing.T) {
	tests := []struct {
		name string
		p    Policy
		err  error
	}{
		{"max-share 0", Policy{MaxShare: Ratio{Num: 0, Den: 1}}, ErrBounds},
		{"max-share above 1", Policy{MaxShare: Ratio{Num: 3, Den: 2}}, ErrBounds},
		{"max-share negative denominator", Policy{MaxShare: Ratio{Num: -1, Den: -2}}, ErrBounds},
		{"max-items negative", Policy{MaxItems: -1}, ErrNegative},
		{"reserve scale negative", Policy{ReserveScale: Ratio{Num: -1, Den: 2}}, ErrNegative},
		{"reserve overflow", Policy{ReserveScale: Ratio{Num: math.MaxInt64, Den: 1}}, ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := policyInstance(t)
			out, err := tt.p.Apply(in)
			assert.ErrorIs(t, err, tt.err)
			assert.Nil(t, out)
			assert.Equal(t, policyInstance(t), in, "the input is not changed on failure either")
		})
	}
	_, err := Policy{}.Apply(nil)
	assert.Error(t, err)
	assert.NoError(t, Policy{MaxShare: Ratio{Num: 1, Den: 1}, ReserveScale: Ratio{Num: 1000, Den: 1}}.Validate())
}

// TestScaleRound checks the defining property of rounding to the nearest
// integer, halves away from zero, with exact integers: |r·d − m·n| ≤ d/2,
// and a tie goes away from zero.
func TestScaleRound(t *testing.T) {
	cases := []struct {
		m    Money
		s    Ratio
		want Money
	}{
		{35, Ratio{11, 10}, 39},
		{25, Ratio{11, 10}, 28}, // 27.5
		{40, Ratio{1, 3}, 13},
		{50, Ratio{1, 3}, 17}, // 16.67
		{0, Ratio{7, 3}, 0},
		{1, Ratio{1, 2}, 1},
		{-1, Ratio{1, 2}, -1},
		{math.MaxInt64, Ratio{1, 1}, math.MaxInt64},
	}
	for _, c := range cases {
		got, ok := scaleRound(c.m, c.s)
		assert.True(t, ok)
		assert.Equal(t, c.want, got, "%d × %d/%d", c.m, c.s.Num, c.s.Den)
	}
	_, ok := scaleRound(math.MaxInt64, Ratio{3, 2})
	assert.False(t, ok)

	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		m := Money(rng.Int64N(1e12) - 1e11)
		s := Ratio{Num: rng.Int64N(1e6), Den: 1 + rng.Int64N(1e6)}
		r, ok := scaleRound(m, s)
		require.True(t, ok)
		exact := new(big.Int).Mul(big.NewInt(int64(m)), big.NewInt(s.Num))
		diff := new(big.Int).Sub(new(big.Int).Mul(big.NewInt(int64(r)), big.NewInt(s.Den)), exact)
		twice := new(big.Int).Lsh(new(big.Int).Abs(diff), 1)
		c := twice.Cmp(big.NewInt(s.Den))
		require.LessOrEqual(t, c, 0, "%d × %d/%d gave %d", m, s.Num, s.Den, r)
		if c == 0 { // a tie: away from zero
			require.Equal(t, exact.Sign(), diff.Sign(), "%d × %d/%d gave %d", m, s.Num, s.Den, r)
		}
	}
}
