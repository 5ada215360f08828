package auction

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// regionInstance has two regions, LA (items 0 and 1) and SF (item 2), and
// an item without a region (3). Bidders: a bids on LA and SF, b on LA, c on
// SF, d only on the item without a region.
func regionInstance(t *testing.T, k int) *Instance {
	t.Helper()
	b := NewBuilder("regions")
	la1 := b.Item("LA1", 100, 0)
	la2 := b.Item("LA2", 100, 0)
	sf := b.Item("SF1", 100, 0)
	none := b.Item("X1", 100, 0)
	in := b.Instance()
	in.Items[la1].Region, in.Items[la2].Region, in.Items[sf].Region = "LA", "LA", "SF"
	in.Rules.MinWinners = k
	ba, bb, bc, bd := b.Bidder("a"), b.Bidder("b"), b.Bidder("c"), b.Bidder("d")
	b.Bid(ba, "a1", 500, Demand{Item: la1, Volume: 50}, Demand{Item: sf, Volume: 50}) // 0
	b.Bid(bb, "b1", 300, Demand{Item: la2, Volume: 50})                               // 1
	b.Bid(bc, "c1", 200, Demand{Item: sf, Volume: 50})                                // 2
	b.Bid(bd, "d1", 100, Demand{Item: none, Volume: 50})                              // 3
	b.Bid(ba, "a2", 100, Demand{Item: la2, Volume: 10})                               // 4
	if k < 0 {
		return b.Instance() // invalid on purpose
	}
	out, err := b.Build()
	require.NoError(t, err)
	return out
}

func TestRegions(t *testing.T) {
	in := regionInstance(t, 2)
	assert.Equal(t, []Region{{Name: "LA", Items: []int{0, 1}}, {Name: "SF", Items: []int{2}}}, in.Regions())
	region, n := in.RegionOf()
	assert.Equal(t, []int{0, 0, 1, -1}, region)
	assert.Equal(t, 2, n)
}

func TestCheckMinWinners(t *testing.T) {
	tests := []struct {
		name    string
		k       int
		awards  []Award
		regions []int // Sub of each problem: the regions that fall short
	}{
		{"no rule, empty award", 0, nil, nil},
		{"empty award fails every region", 1, nil, []int{0, 1}},
		{"one bid counts in both its regions", 1, won(0), nil},
		{"two bidders in LA, one in SF", 2, won(0, 1), []int{1}},
		{"two in each", 2, won(0, 1, 2), nil},
		{"an item without a region counts nowhere", 1, won(3), []int{0, 1}},
		{"two bids of one bidder count once", 2, won(0, 4, 2), []int{0}},
		{"K above the bidders", 3, won(0, 1, 2, 3), []int{0, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := regionInstance(t, tc.k)
			probs := in.Check(Allocation{Awards: tc.awards})
			var subs []int
			for _, p := range probs {
				assert.ErrorIs(t, p, ErrRuleViolated)
				assert.Equal(t, RefRule, p.Ref.Kind)
				assert.Equal(t, FieldMinWinners, p.Ref.Field)
				subs = append(subs, p.Ref.Sub)
			}
			assert.Equal(t, tc.regions, subs, "%v", probs)
		})
	}
}

func TestCheckMinWinnersMessage(t *testing.T) {
	in := regionInstance(t, 2)
	probs := in.Check(Allocation{Awards: won(0, 4, 2)})
	require.Len(t, probs, 1)
	assert.Equal(t, `region "LA": 1 bidder wins volume there (bidder "a"), fewer than the rule min-winners 2`, probs[0].Msg)
}

func TestCheckMinWinnersDivisible(t *testing.T) {
	in := regionInstance(t, 2)
	in.Bids[1].MinFraction = Ratio{Num: 1, Den: 10}
	require.NoError(t, in.Validate())
	// Any positive fraction counts.
	assert.Empty(t, in.Check(Allocation{Awards: []Award{{Bid: 0, Fraction: 1}, {Bid: 1, Fraction: 0.1}, {Bid: 2, Fraction: 1}}}))
}

func TestValidateMinWinners(t *testing.T) {
	in := regionInstance(t, -1)
	err := in.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrNegative)
	assert.Contains(t, err.Error(), "min-winners -1 must not be negative")

	// Two bidders bid in each region (d's item has none): K = 2 is fine,
	// K = 3 out of reach in both, a warning each.
	assert.Empty(t, regionInstance(t, 2).Problems())
	in = regionInstance(t, 3)
	require.NoError(t, in.Validate())
	ws := in.Problems().Warnings()
	require.Len(t, ws, 2)
	for r, w := range ws {
		assert.ErrorIs(t, w, ErrUnsatisfiable)
		assert.Equal(t, Ref{Kind: RefRule, Field: FieldMinWinners, Sub: r}, w.Ref)
	}
	assert.Contains(t, ws[1].Msg, `only 2 bidders bid in region "SF" (bidder "a", bidder "c")`)

	// No region at all: the rule limits nothing.
	in = regionInstance(t, 1)
	for it := range in.Items {
		in.Items[it].Region = ""
	}
	ws = in.Problems().Warnings()
	require.Len(t, ws, 1)
	assert.ErrorIs(t, ws[0], ErrEmpty)
	assert.Empty(t, in.Check(Allocation{}), "without regions the empty award is feasible")
}

func TestPolicyMinWinners(t *testing.T) {
	in := regionInstance(t, 0)
	out, err := Policy{MinWinners: 2}.Apply(in)
	require.NoError(t, err)
	assert.Equal(t, 0, in.Rules.MinWinners, "the input is not changed")
	assert.Equal(t, 2, out.Rules.MinWinners)
	assert.False(t, Policy{MinWinners: 2}.IsZero())
	assert.Empty(t, in.Check(Allocation{Awards: won(0)}))
	assert.NotEmpty(t, out.Check(Allocation{Awards: won(0)}))

	// Zero keeps the file's rule.
	in.Rules.MinWinners = 1
	out, err = Policy{MaxItems: 3}.Apply(in)
	require.NoError(t, err)
	assert.Equal(t, 1, out.Rules.MinWinners)

	_, err = Policy{MinWinners: -2}.Apply(in)
	assert.ErrorIs(t, err, ErrNegative)
	assert.ErrorIs(t, Policy{MinWinners: -2}.Validate(), ErrNegative)
}
