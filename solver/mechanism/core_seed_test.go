package mechanism

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// payPlain is Pay with the core computed by exact separations alone: no
// coalitions from the VCG re-solves, no heuristic separation. It is the
// oracle of TestCoreSeededMatchesPlain.
func payPlain(ctx context.Context, in *auction.Instance, out Outcome, rule string) (Payments, error) {
	return pay(ctx, in, out, rule, solver.Options{}, false, true)
}

// TestCoreSeededMatchesPlain checks the fast core (constraints seeded from
// the VCG re-solves, several per round, heuristic separation first)
// against the plain constraint generation of Day and Raghavan on random
// small markets of every wdptest family and on small generated DDU
// markets: the same payments to the minor unit, the same verdict on VCG,
// both certified, and no more exact separations over all the markets.
func TestCoreSeededMatchesPlain(t *testing.T) {
	seeds := 8
	if testing.Short() {
		seeds = 3
	}
	if *long {
		seeds = 60
	}
	type market struct {
		name string
		in   *auction.Instance
	}
	var markets []market
	for _, fam := range wdptest.Families {
		for seed := range seeds {
			markets = append(markets, market{fmt.Sprintf("%s/%d", fam, seed), wdptest.Instance(wdptest.Rand(uint64(7000+seed)), fam)})
		}
	}
	for seed := range seeds {
		in, err := gen.Generate("ddu", gen.Config{Goods: 6, Bids: 24, Seed: uint64(300 + seed)})
		require.NoError(t, err)
		markets = append(markets, market{fmt.Sprintf("ddu/%d", seed), in})
	}
	ctx := context.Background()
	sepFast, sepPlain := 0, 0
	for _, mk := range markets {
		t.Run(mk.name, func(t *testing.T) {
			out := solved(t, mk.in)
			fast, err := Pay(ctx, mk.in, out, PaymentCore, solver.Options{})
			require.NoError(t, err)
			plain, err := payPlain(ctx, mk.in, out, PaymentCore)
			require.NoError(t, err)
			require.NotNil(t, fast.Core)
			require.NotNil(t, plain.Core)
			assert.Equal(t, plain.ByBidder, fast.ByBidder, "fast %v\nplain %v", fast.Notes, plain.Notes)
			assert.Equal(t, plain.Core.VCGBlocked, fast.Core.VCGBlocked)
			assert.True(t, fast.Exact, "%v", fast.Notes)
			assert.Zero(t, fast.Core.Missed)
			assert.Zero(t, fast.Core.Uncertified)
			sepFast += fast.Core.Separations
			sepPlain += plain.Core.Separations
			assert.Equal(t, 0, CoreViolations(mk.in, out, fast, out.Objective))
		})
	}
	// Not market by market: the two paths meet different constraints on
	// the way, and now and then the seeded one needs a separation more.
	assert.LessOrEqual(t, sepFast, sepPlain, "exact separations over all markets")
	t.Logf("exact separations: %d seeded, %d plain, over %d markets", sepFast, sepPlain, len(markets))
}

// TestVCGCoalitionsValid checks the core constraints that seed the core
// (vcgCoalitions) against brute force on random small markets: each
// coalition's allocation passes Check, its value is at most the welfare
// W(C) of the bidders it does not leave out, and the constraint it gives
// asks the winner it was built for at least its VCG payment when it leaves
// out no other winner.
func TestVCGCoalitionsValid(t *testing.T) {
	seeds := 6
	if testing.Short() {
		seeds = 2
	}
	checked := 0
	for _, fam := range wdptest.Families {
		for seed := range seeds {
			in := wdptest.Instance(wdptest.Rand(uint64(9100+seed)), fam)
			if len(in.Bidders) > maxOracleBidders {
				continue
			}
			t.Run(fmt.Sprintf("%s/%d", fam, seed), func(t *testing.T) {
				out := solved(t, in)
				require.True(t, out.Optimal)
				m, err := newMarket(in, out.Allocation)
				require.NoError(t, err)
				var p Payments
				vcg, err := m.payVCG(context.Background(), solver.Options{}, &p)
				require.NoError(t, err)
				w := coalitionWelfare(t, in)
				for _, g := range m.coreGroups() {
					for _, c := range m.vcgCoalitions(g) {
						a := auction.Allocation{Awards: slices.Clone(c.awards)}
						slices.SortFunc(a.Awards, func(x, y auction.Award) int { return x.Bid - y.Bid })
						require.NoError(t, in.Check(a).Err())
						mask := (1 << len(in.Bidders)) - 1
						value := c.cons.rhs
						for k, b := range g.winners {
							if _, out := slices.BinarySearch(c.cons.out, k); out {
								mask &^= 1 << b
							} else {
								value += m.value[b]
							}
						}
						assert.InDelta(t, allocObjective(in, a), value, 1e-6*max(1, value))
						assert.LessOrEqual(t, value, w[mask]+1e-6*max(1, w[mask]))
						if len(c.cons.out) == 1 {
							b := g.winners[c.cons.out[0]]
							assert.InDelta(t, vcg[b], c.cons.rhs, 1e-6*max(1, vcg[b]), "bidder %d", b)
						}
						checked++
					}
				}
			})
		}
	}
	t.Logf("%d coalitions checked", checked)
}
