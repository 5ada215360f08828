package mechanism

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/bidlang"
	"github.com/gavelhq/gavel/solver"
)

// minWinnersMarket has one region, LA, where three bidders bid; under
// min-winners 2 the optimum is a and b (55) rather than big (100).
const minWinnersMarket = `auction "regions"
ddu L1 capacity 10 region LA
ddu L2 capacity 10 region LA
bidder big
  bid big price 100 { L1: 10, L2: 10 }
end
bidder s1
  bid a price 30 { L1: 10 }
end
bidder s2
  bid b price 25 { L2: 10 }
end
`

func readMinWinners(t *testing.T, k int) *auction.Instance {
	return readMarket(t, minWinnersMarket, k)
}

// readMarket reads a test market in the .bids language under min-winners k.
func readMarket(t *testing.T, src string, k int) *auction.Instance {
	t.Helper()
	in, diags := bidlang.ReadBids("market.bids", []byte(src))
	require.NoError(t, diags.Err())
	in.Rules.MinWinners = k
	return in
}

// TestMinWinnersRules checks the rules under min-winners: the optimum
// honours it, VCG is defined while the market stays feasible without each
// winner, and the rules that cannot honour it say so instead of failing
// the certificate.
func TestMinWinnersRules(t *testing.T) {
	ctx := context.Background()
	in := readMinWinners(t, 2)
	out, err := Allocate(ctx, in, RuleOptimal, solver.Options{})
	require.NoError(t, err)
	require.InDelta(t, 5500, out.Objective, 1e-6) // a and b, in cents
	// Without s1 or s2 no two bidders can win LA: the Clarke pivot is undefined.
	_, err = Pay(ctx, in, out, PaymentVCG, solver.Options{})
	require.ErrorIs(t, err, ErrUnsupported)
	_, err = Pay(ctx, in, out, PaymentCore, solver.Options{})
	require.ErrorIs(t, err, ErrUnsupported)
	_, err = AllocatePerItem(ctx, in, solver.Options{})
	require.ErrorIs(t, err, ErrUnsupported)

	// Three winners in LA are impossible: no rule finds an allocation.
	none := readMinWinners(t, 3)
	for _, rule := range []string{RuleOptimal, RuleGreedy, RuleFCFS, RuleLPRound} {
		_, err := Allocate(ctx, none, rule, solver.Options{})
		require.ErrorIs(t, err, ErrNoAward, rule)
	}
}
