package gen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPathsSmallMarkets: paths builds a road graph for small markets too
// (before, most seeds of 3 to 20 roads failed: CATS's growth of the city
// count left more cities than the roads could join).
func TestPathsSmallMarkets(t *testing.T) {
	for goods := 3; goods <= 20; goods++ {
		for seed := range uint64(12) {
			in, err := Generate("paths", Config{Goods: goods, Bids: 10, Seed: seed, KeepDominated: true})
			require.NoError(t, err, "goods %d seed %d", goods, seed)
			assert.Len(t, in.Items, goods)
			assert.NoError(t, in.Validate(), "goods %d seed %d", goods, seed)
		}
	}
}
