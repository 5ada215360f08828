package gen

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
)

// TestDDUMinVolumeReachable: no generated bidder has a min-volume above
// what its bids can win (the validator's warning ErrUnsatisfiable), with
// every multi-family bidder given a min-volume, on markets dense enough in
// bids per DDU that the DDUs' capacities bind; and some bidders do get a
// min-volume.
func TestDDUMinVolumeReachable(t *testing.T) {
	withMin := 0
	for seed := range uint64(12) {
		for _, ms := range []float64{0, 0.3} {
			in, err := Generate("ddu", Config{Goods: 40, Bids: 800, Seed: seed,
				DDU: DDUConfig{MinVolumeShare: 1, BudgetShare: Zero, MaxShare: ms}})
			require.NoError(t, err)
			for _, p := range in.Problems() {
				require.False(t, errors.Is(p, auction.ErrUnsatisfiable), "seed %d max-share %v: %v", seed, ms, p)
			}
			for _, b := range in.Bidders {
				if b.MinVolume > 0 {
					withMin++
				}
			}
		}
	}
	require.Positive(t, withMin)
}
