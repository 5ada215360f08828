package wdp

import (
	"math"
	"testing"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExactFractionsWhereLimitsMeet checks a set whose one feasible
// fraction lies where three limits meet: bidder p's budget allows a
// fraction of at most 0.6 of its divisible bid, its min-volume asks for at
// least 0.6, and with q's all-or-nothing bid the item is then exactly
// full. The answer is 0.6, and Check passes it; with a larger bid of q's
// no fraction fits.
func TestExactFractionsWhereLimitsMeet(t *testing.T) {
	b := tiny([]int64{10}, 2)
	in := b.Instance()
	in.Bidders[0].Budget, in.Bidders[0].MinVolume = 300, 6
	a := b.AddBid(auction.Bid{ID: "a", Bidder: 0, Bundle: []auction.Demand{d(0, 10)}, Amount: 50, PerUnit: true,
		MinFraction: auction.Ratio{Num: 1, Den: 10}})
	q := b.Bid(1, "q", 100, d(0, 4))
	wide := b.Bid(1, "wide", 100, d(0, 5))
	require.NoError(t, in.Validate())

	got, ok := ExactFractions(in, []int{a, q}, 8)
	require.True(t, ok)
	require.Empty(t, in.Check(got))
	require.Len(t, got.Awards, 2)
	assert.Equal(t, 0.6, got.Awards[0].Fraction)
	assert.Equal(t, 1.0, got.Awards[1].Fraction)

	_, ok = ExactFractions(in, []int{a, wide}, 8)
	assert.False(t, ok, "6 + 5 units on an item of 10")
	_, ok = ExactFractions(in, []int{a, q}, 0)
	assert.False(t, ok, "more divisible winners than allowed")
}

// TestExactFractionsAgainstBruteForce checks, on random instances of every
// family, that the fractions found for the winners of the brute-force
// optimum pass Check and give that optimum.
func TestExactFractionsAgainstBruteForce(t *testing.T) {
	for _, fam := range wdptest.Families {
		for seed := range 60 {
			in := wdptest.Instance(wdptest.Rand(uint64(seed)), fam)
			want, err := BruteForce(in)
			require.NoError(t, err)
			if !want.Feasible {
				continue
			}
			var winners []int
			for _, aw := range want.Allocation.Awards {
				winners = append(winners, aw.Bid)
			}
			got, ok := ExactFractions(in, winners, MaxBruteForceBids)
			require.True(t, ok, "%s seed %d", fam, seed)
			require.Empty(t, in.Check(got), "%s seed %d", fam, seed)
			var v float64
			for _, aw := range got.Awards {
				val, _ := in.Bids[aw.Bid].Value()
				v += float64(val) * aw.Fraction
			}
			assert.InDelta(t, want.Objective, v, 1e-9*math.Max(1, want.Objective), "%s seed %d", fam, seed)
		}
	}
}
