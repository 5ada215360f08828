package mechanism

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// TestQAHugeAmountsAreFlagged: the threshold market at a billion dollars
// (amounts in cents): x 6,000,000,000.01 on A, y the same on B, z
// 10,000,000,000 on both. The core is (5e9, 5e9) dollars exactly, but the
// core LP's tolerance (1e-11 of the largest value, per winner) is a few
// cents there: the payments come back a few cents short of the core. They
// must then not claim to be exact.
func TestQAHugeAmountsAreFlagged(t *testing.T) {
	b := auction.NewBuilder("huge")
	a, bb := b.Item("A", 1, 0), b.Item("B", 1, 0)
	ids := bidders(b, "x", "y", "z")
	b.Bid(ids[0], "x1", 600000000001, auction.Demand{Item: a, Volume: 1})
	b.Bid(ids[1], "y1", 600000000001, auction.Demand{Item: bb, Volume: 1})
	b.Bid(ids[2], "z1", 1000000000000, auction.Demand{Item: a, Volume: 1}, auction.Demand{Item: bb, Volume: 1})
	in, err := b.Build()
	require.NoError(t, err)
	out := solved(t, in)
	require.True(t, out.Optimal)
	for _, rule := range []string{PaymentVCG, PaymentCore} {
		p, err := Pay(context.Background(), in, out, rule, solver.Options{})
		require.NoError(t, err)
		if rule == PaymentCore && p.Total == 1000000000000 {
			continue // exact after all
		}
		assert.False(t, p.Exact, "%s: total %d", rule, p.Total)
		assert.Contains(t, strings.Join(p.Notes, "\n"), "precision", rule)
	}
	// The same market in dollars is exact.
	b = auction.NewBuilder("small")
	a, bb = b.Item("A", 1, 0), b.Item("B", 1, 0)
	ids = bidders(b, "x", "y", "z")
	b.Bid(ids[0], "x1", 601, auction.Demand{Item: a, Volume: 1})
	b.Bid(ids[1], "y1", 601, auction.Demand{Item: bb, Volume: 1})
	b.Bid(ids[2], "z1", 1000, auction.Demand{Item: a, Volume: 1}, auction.Demand{Item: bb, Volume: 1})
	in, err = b.Build()
	require.NoError(t, err)
	out = solved(t, in)
	p, err := Pay(context.Background(), in, out, PaymentCore, solver.Options{})
	require.NoError(t, err)
	assert.True(t, p.Exact)
	assert.Equal(t, auction.Money(1000), p.Total)
}
