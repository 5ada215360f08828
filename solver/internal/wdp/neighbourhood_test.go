package wdp

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bidsOn returns the bids demanding any of the items, ascending.
func bidsOn(in *auction.Instance, items []int) []int {
	var out []int
	for i := range in.Bids {
		if slices.ContainsFunc(in.Bids[i].Bundle, func(d auction.Demand) bool { return slices.Contains(items, d.Item) }) {
			out = append(out, i)
		}
	}
	return out
}

// demandsOf counts the (item, volume) pairs of the bids.
func demandsOf(in *auction.Instance, bids []int) int {
	n := 0
	for _, i := range bids {
		n += len(in.Bids[i].Bundle)
	}
	return n
}

// TestNeighbourhoodsNearest checks Around on a DDU market (every item
// located) against a direct computation: the items nearest the seed,
// ties by index, as many as fit the limits (the seed always), and the
// bids demanding them.
func TestNeighbourhoodsNearest(t *testing.T) {
	in, err := gen.Generate("ddu", gen.Config{Goods: 40, Bids: 200, Seed: 3})
	require.NoError(t, err)
	nb, err := NewNeighbourhoods(in)
	require.NoError(t, err)
	for _, lim := range []struct{ bids, demands int }{{1, 1}, {20, 1000}, {60, 400}, {1000, 1 << 20}} {
		for seed := 0; seed < len(in.Items); seed += 7 {
			bids, items := nb.Around(seed, lim.bids, lim.demands)
			s := in.Items[seed].Loc
			c := math.Cos(s.Lat * math.Pi / 180)
			dist := func(it int) float64 {
				l := in.Items[it].Loc
				dx, dy := (l.Lon-s.Lon)*c, l.Lat-s.Lat
				return dx*dx + dy*dy
			}
			order := make([]int, len(in.Items))
			for i := range order {
				order[i] = i
			}
			slices.SortFunc(order, func(a, b int) int {
				if c := cmp.Compare(dist(a), dist(b)); c != 0 {
					return c
				}
				return a - b
			})
			want := order[:1]
			for k := 2; k <= len(order); k++ {
				b := bidsOn(in, order[:k])
				if len(b) > lim.bids || demandsOf(in, b) > lim.demands {
					break
				}
				want = order[:k]
			}
			assert.Equal(t, want, items, "seed %d limits %v", seed, lim)
			assert.Equal(t, bidsOn(in, items), nilIfEmpty(bids), "seed %d limits %v", seed, lim)
		}
	}
}

func nilIfEmpty(s []int) []int {
	if len(s) == 0 {
		return nil
	}
	return s
}

// TestNeighbourhoodsBreadthFirst checks Around on instances without
// locations: the seed comes first, every other item shares a bid with an
// item taken before it, the bids are those demanding the items, and the
// limits hold beyond the seed.
func TestNeighbourhoodsBreadthFirst(t *testing.T) {
	for _, c := range randomCases(t, 20, 14, 7400) {
		in := c.in
		for it := range in.Items {
			in.Items[it].Loc = nil
		}
		nb, err := NewNeighbourhoods(in)
		require.NoError(t, err)
		for seed := range in.Items {
			for _, lim := range []int{1, 3, 100} {
				bids, items := nb.Around(seed, lim, 10*lim)
				require.NotEmpty(t, items, c.name)
				assert.Equal(t, seed, items[0], c.name)
				for k := 1; k < len(items); k++ {
					assert.True(t, slices.ContainsFunc(bidsOn(in, items[:k]), func(i int) bool {
						return slices.ContainsFunc(in.Bids[i].Bundle, func(d auction.Demand) bool { return d.Item == items[k] })
					}), "%s: item %d is not next to the items before it", c.name, items[k])
				}
				assert.Equal(t, bidsOn(in, items), nilIfEmpty(bids), c.name)
				if len(items) > 1 {
					assert.LessOrEqual(t, len(bids), lim, c.name)
					assert.LessOrEqual(t, demandsOf(in, bids), 10*lim, c.name)
				}
			}
		}
	}
}

// TestNeighbourhoodsErrors: nil, items out of range and seeds out of range
// give errors or nothing, not panics.
func TestNeighbourhoodsErrors(t *testing.T) {
	_, err := NewNeighbourhoods(nil)
	require.ErrorIs(t, err, ErrNoInstance)
	in := wdptest.Instance(wdptest.Rand(7501), "mixed")
	nb, err := NewNeighbourhoods(in)
	require.NoError(t, err)
	for _, seed := range []int{-1, len(in.Items)} {
		bids, items := nb.Around(seed, 10, 10)
		assert.Nil(t, bids)
		assert.Nil(t, items)
	}
	bad := *in
	bad.Bids = slices.Clone(in.Bids)
	bad.Bids[0].Bundle = []auction.Demand{{Item: len(in.Items), Volume: 1}}
	_, err = NewNeighbourhoods(&bad)
	assert.Error(t, err)
}
