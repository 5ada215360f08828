package mechanism

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// brute is the optimal welfare of in by brute force (0 without bids).
func brute(t testing.TB, in *auction.Instance) float64 {
	t.Helper()
	if len(in.Bids) == 0 {
		return 0
	}
	res, err := wdp.BruteForce(in)
	require.NoError(t, err)
	return res.Objective
}

// divisibleWins reports whether a divisible bid wins in the allocation.
func divisibleWins(in *auction.Instance, a auction.Allocation) bool {
	for _, aw := range a.Awards {
		if in.Bids[aw.Bid].Divisible() {
			return true
		}
	}
	return false
}

// TestVCGBruteForce checks VCG payments on random small instances of every
// wdptest family against the definition, with every optimum by brute force
// on the whole market (no decomposition): p_b = W(−b) − (W − v_b), raised to
// the reserve of what b wins, rounded up and capped at the bid. Exact when no divisible bid wins; within one
// minor unit otherwise (the welfare is then a float).
func TestVCGBruteForce(t *testing.T) {
	seeds := 12
	if testing.Short() {
		seeds = 4
	}
	for _, fam := range wdptest.Families {
		for seed := range seeds {
			t.Run(fmt.Sprintf("%s/%d", fam, seed), func(t *testing.T) {
				in := wdptest.Instance(wdptest.Rand(uint64(seed)), fam)
				out := solved(t, in)
				require.True(t, out.Optimal)
				got, err := Pay(context.Background(), in, out, PaymentVCG, solver.Options{})
				require.NoError(t, err)
				w := brute(t, in)
				value := make([]float64, len(in.Bidders))
				floor := make([]float64, len(in.Bidders)) // the reserve of what b wins
				for _, aw := range out.Allocation.Awards {
					bid := &in.Bids[aw.Bid]
					value[bid.Bidder] += awardValue(bid, aw.Fraction)
					var r float64
					for _, d := range bid.Bundle {
						r += float64(d.Volume) * float64(in.Items[d.Item].Reserve)
					}
					floor[bid.Bidder] += math.Floor(r * min(aw.Fraction, 1))
				}
				pab := in.BidderPayments(out.Allocation)
				tol := auction.Money(0)
				if divisibleWins(in, out.Allocation) {
					tol = 1
				}
				for b := range in.Bidders {
					if value[b] == 0 && pab[b] == 0 {
						assert.Zero(t, got.ByBidder[b])
						continue
					}
					wb := brute(t, restrict(in, func(x int) bool { return x != b }).in)
					want := roundUp(max(wb-(w-value[b]), floor[b]), pab[b])
					d := got.ByBidder[b] - want
					assert.LessOrEqual(t, max(d, -d), tol, "bidder %s: got %d, want %d (W %g, W(−b) %g, v_b %g)",
						in.Bidders[b].ID, got.ByBidder[b], want, w, wb, value[b])
					assert.LessOrEqual(t, got.ByBidder[b], pab[b])
				}
				assert.True(t, got.Exact, "%v", got.Notes)
				assert.LessOrEqual(t, got.Total, in.Revenue(out.Allocation))
			})
		}
	}
}

// TestVCGDeadline runs VCG with a deadline already passed: the re-solves
// stop at once, the payments are flagged, and they still never exceed the
// bids.
func TestVCGDeadline(t *testing.T) {
	in := wdptest.Instance(wdptest.Rand(3), "multi")
	out := solved(t, in)
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	for _, rule := range []string{PaymentVCG, PaymentCore} {
		p, err := Pay(ctx, in, out, rule, solver.Options{})
		require.NoError(t, err)
		pab := in.BidderPayments(out.Allocation)
		for b := range pab {
			assert.LessOrEqual(t, p.ByBidder[b], pab[b])
			assert.GreaterOrEqual(t, p.ByBidder[b], auction.Money(0))
		}
		if !p.Exact {
			assert.NotEmpty(t, p.Notes)
		}
	}
}

// TestRoundUp pins the rounding of real payments.
func TestRoundUp(t *testing.T) {
	for _, c := range []struct {
		x     float64
		limit auction.Money
		want  auction.Money
	}{
		{0, 10, 0}, {-3, 10, 0}, {math.NaN(), 10, 0},
		{4, 10, 4}, {4.0000000001, 10, 4}, {3.9999999, 10, 4}, {4.2, 10, 5}, {4.5, 10, 5},
		{9.5, 9, 9}, {12, 10, 10}, {1e12 + 0.0001, 2e12, 1e12}, {1e12 + 0.5, 2e12, 1e12 + 1},
	} {
		assert.Equal(t, c.want, roundUp(c.x, c.limit), "roundUp(%v, %d)", c.x, c.limit)
	}
}
