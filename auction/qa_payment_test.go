package auction

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQAPayAsBidThirds: a divisible bid awarded a third of its bundle (its
// `min 1/3`, or a capacity of 1,000 against a volume of 3,000) pays a third of
// its value. The solver's fraction is the float64 nearest 1/3, whose shortest
// decimal 0.3333333333333333 is a hair below 1/3: read as that decimal, a bid
// of 3,000.00 would pay 999.99 for a third. Worked out by hand: 300000 cents
// / 3 = 100000; 2/3 of 300000 = 200000; 2/3 of 100 = 66.67 → 66; 1/7 of
// 700 = 100; 5/6 of 1200 = 1000.
func TestQAPayAsBidThirds(t *testing.T) {
	for _, c := range []struct {
		f     float64
		value Money
		want  Money
	}{
		{1.0 / 3, 300000, 100000},
		{2.0 / 3, 300000, 200000},
		{2.0 / 3, 100, 66},
		{1.0 / 7, 700, 100},
		{5.0 / 6, 1200, 1000},
		{1000.0 / 3000, 300000, 100000},
		{0.6, 100, 60},     // the shortest decimal still counts
		{0.25, 101, 25},    // floor
		{0.1 + 0.2, 10, 3}, // 0.30000000000000004 is not 3/10: floor(3.0000000000000004)
	} {
		got, ok := floorFraction(c.f, c.value)
		require.True(t, ok)
		assert.Equal(t, c.want, got, "floor(%v × %d)", c.f, c.value)
	}
}

// TestReserveDue: the reserve a third of a bundle owes is a third of the
// bundle's, exactly, as for its payment. Worked out by hand: 3,000 units at
// a reserve of 1.00 (100 minor units) owe 300000 for the bundle, 100000 for
// a third; plus 10 units of a second item at 0.05 (50): 300050 whole,
// 150025 for half. An award of no bid owes nothing.
func TestReserveDue(t *testing.T) {
	b := NewBuilder("reserve-due")
	a := b.Item("A", 3000, 100)
	c := b.Item("C", 10, 5)
	x := b.Bidder("x")
	b.Bid(x, "x1", 400000, Demand{Item: a, Volume: 3000})
	b.Bid(x, "x2", 400000, Demand{Item: a, Volume: 3000}, Demand{Item: c, Volume: 10})
	in, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, Money(100000), in.ReserveDue(Award{Bid: 0, Fraction: 1.0 / 3}))
	assert.Equal(t, Money(300000), in.ReserveDue(Award{Bid: 0, Fraction: 1}))
	assert.Equal(t, Money(300050), in.ReserveDue(Award{Bid: 1, Fraction: 1}))
	assert.Equal(t, Money(150025), in.ReserveDue(Award{Bid: 1, Fraction: 0.5}))
	assert.Zero(t, in.ReserveDue(Award{Bid: 2, Fraction: 1}))
}

// TestQAFloorFractionBounds: whatever rational floorFraction takes for a
// float64 fraction f < 1, it rounds to f, so the payment stays within one
// minor unit of f × m computed exactly, never exceeds m, and is monotone
// in f. Checked on fractions next to small rationals (the float64 nearest p/q
// and its neighbours) and on random ones.
func TestQAFloorFractionBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var fs []float64
	for q := 2; q <= 60; q++ {
		for p := 1; p < q; p++ {
			f := float64(p) / float64(q)
			fs = append(fs, math.Nextafter(f, 0), f, math.Nextafter(f, 1))
		}
	}
	for range 2000 {
		fs = append(fs, rng.Float64())
	}
	slices.Sort(fs)
	for _, m := range []Money{1, 3, 100, 300000, 999999937, math.MaxInt64 / 3, math.MaxInt64} {
		prev, prevF := Money(-1), -1.0
		for _, f := range fs {
			if f <= 0 || f >= 1 {
				continue
			}
			got, ok := floorFraction(f, m)
			require.True(t, ok)
			// The rational taken rounds to f: it lies between the
			// midpoints to f's neighbours, and so does got / m, to a
			// minor unit.
			lo, hi := floorMid(f, math.Nextafter(f, 0), m), floorMid(f, math.Nextafter(f, 1), m)
			assert.True(t, lo <= got && got <= hi, "f %v m %d: got %d, not in [%d, %d]", f, m, got, lo, hi)
			assert.LessOrEqual(t, got, m)
			if f > prevF {
				assert.GreaterOrEqual(t, got, prev, "f %v after %v, m %d", f, prevF, m)
			}
			prev, prevF = got, f
		}
	}
}

// floorMid is floor(m × (f + g) / 2), exactly.
func floorMid(f, g float64, m Money) Money {
	r := new(big.Rat).Add(new(big.Rat).SetFloat64(f), new(big.Rat).SetFloat64(g))
	r.Mul(r, big.NewRat(int64(m), 2))
	return Money(new(big.Int).Div(r.Num(), r.Denom()).Int64())
}
