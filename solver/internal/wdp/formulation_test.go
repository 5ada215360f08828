package wdp

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lpText builds an instance's formulation and returns its rows and bounds
// as LP text without the comment header, for table tests.
func lpText(t *testing.T, in *auction.Instance) string {
	t.Helper()
	f, err := Build(in)
	require.NoError(t, err)
	require.NoError(t, f.Problem.Validate())
	var buf bytes.Buffer
	require.NoError(t, f.WriteLP(&buf))
	return regexp.MustCompile(`(?m)^\\.*\n`).ReplaceAllString(buf.String(), "")
}

func TestBuildRows(t *testing.T) {
	cases := []struct {
		name  string
		build func() *auction.Instance
		want  string
	}{
		{"a capacity row only where bids overfill the item", func() *auction.Instance {
			b := tiny([]int64{1, 10}, 2)
			b.Bid(0, "a", 10, d(0, 1), d(1, 4))
			b.Bid(1, "b", 6, d(0, 1), d(1, 4))
			return b.Instance()
		}, `Maximize
 obj: 10 x_a + 6 x_b
Subject To
 cap_A: 1 x_a + 1 x_b <= 1
Bounds
Binaries
 x_a x_b
End
`},
		{"a xor at the root needs no indicator; a dead bid is fixed", func() *auction.Instance {
			b := tiny([]int64{5}, 1)
			x := b.Bid(0, "a", 7, d(0, 1))
			y := b.Bid(0, "b", 9, d(0, 1))
			b.Bid(0, "big", 9, d(0, 6))
			b.Group(0, auction.Xor, x, y)
			return b.Instance()
		}, `Maximize
 obj: 7 x_a + 9 x_b + 9 x_big
Subject To
 grp_p__1_max: 1 x_a + 1 x_b <= 1
Bounds
 x_big = 0
Binaries
 x_a x_b
Generals
 x_big
End
`},
		{"a nested group has an indicator: xor of all", func() *auction.Instance {
			b := tiny([]int64{5}, 1)
			x := b.Bid(0, "a", 7, d(0, 1))
			y := b.Bid(0, "b", 9, d(0, 1))
			z := b.Bid(0, "c", 5, d(0, 1))
			all := &auction.Group{Kind: auction.All, Children: []auction.Node{{Bid: x}, {Bid: y}}}
			b.Instance().Bidders[0].Tree = auction.Group{Kind: auction.Or, Children: []auction.Node{
				{Group: &auction.Group{Kind: auction.Xor, Children: []auction.Node{{Group: all}, {Bid: z}}}}}}
			return b.Instance()
		}, `Maximize
 obj: 7 x_a + 9 x_b + 5 x_c
Subject To
 grp_p__0.0_all0: 1 x_a - 1 y_p__0.0 = 0
 grp_p__0.0_all1: 1 x_b - 1 y_p__0.0 = 0
 grp_p__0_max: 1 x_c + 1 y_p__0.0 <= 1
Bounds
Binaries
 x_a x_b x_c y_p__0.0
End
`},
		{"choose 2..3 of 4 at the root", func() *auction.Instance {
			b := tiny([]int64{5}, 1)
			var bids []int
			for k := range 4 {
				bids = append(bids, b.Bid(0, string(rune('a'+k)), 5, d(0, 1)))
			}
			g := b.Group(0, auction.Choose, bids...)
			g.Min, g.Max = 2, 3
			return b.Instance()
		}, `Maximize
 obj: 5 x_a + 5 x_b + 5 x_c + 5 x_d
Subject To
 grp_p__0_max: 1 x_a + 1 x_b + 1 x_c + 1 x_d - 3 y_p__0 <= 0
 grp_p__0_min: 1 x_a + 1 x_b + 1 x_c + 1 x_d - 2 y_p__0 >= 0
Bounds
Binaries
 x_a x_b x_c x_d y_p__0
End
`},
		{"divisible: switch rows with the most it can win alone", func() *auction.Instance {
			b := tiny([]int64{6}, 2)
			b.AddBid(auction.Bid{ID: "f", Bidder: 0, Bundle: []auction.Demand{d(0, 8)}, Amount: 80, MinFraction: auction.Ratio{Num: 1, Den: 4}})
			b.Bid(1, "a", 30, d(0, 3))
			return b.Instance()
		}, `Maximize
 obj: 80 x_f + 30 x_a
Subject To
 cap_A: 8 x_f + 3 x_a <= 6
 swlo_f: 1 x_f - 0.25 z_f >= 0
 swhi_f: 1 x_f - 0.75 z_f <= 0
Bounds
 x_f <= 0.75
Binaries
 x_a z_f
End
`},
		{"bidder limits: budget, min-volume, max-items", func() *auction.Instance {
			b := tiny([]int64{10, 10, 10}, 1)
			b.Bid(0, "a", 40, d(0, 3))
			b.Bid(0, "b", 50, d(1, 4))
			b.Bid(0, "c", 60, d(2, 6))
			bd := &b.Instance().Bidders[0]
			bd.Budget, bd.MinVolume, bd.MaxItems = 100, 7, 2
			return b.Instance()
		}, `Maximize
 obj: 40 x_a + 50 x_b + 60 x_c
Subject To
 budget_p: 40 x_a + 50 x_b + 60 x_c <= 100
 minvol_p: 3 x_a + 4 x_b + 6 x_c - 7 w_p >= 0
 minlink_a: 1 x_a - 1 w_p <= 0
 minlink_b: 1 x_b - 1 w_p <= 0
 minlink_c: 1 x_c - 1 w_p <= 0
 itemlink_a__A: 1 x_a - 1 u_p__A <= 0
 itemlink_b__B: 1 x_b - 1 u_p__B <= 0
 itemlink_c__C: 1 x_c - 1 u_p__C <= 0
 maxitems_p: 1 u_p__A + 1 u_p__B + 1 u_p__C <= 2
Bounds
Binaries
 x_a x_b x_c w_p u_p__A u_p__B u_p__C
End
`},
		{"max-share across a bidder's bids, a single bid's share as a bound", func() *auction.Instance {
			b := tiny([]int64{10}, 2)
			b.Bid(0, "a", 50, d(0, 4))
			b.Bid(0, "b", 40, d(0, 3))
			b.AddBid(auction.Bid{ID: "f", Bidder: 1, Bundle: []auction.Demand{d(0, 10)}, Amount: 9, MinFraction: half()})
			b.Instance().Rules.MaxShare = auction.Ratio{Num: 6, Den: 10}
			return b.Instance()
		}, `Maximize
 obj: 50 x_a + 40 x_b + 9 x_f
Subject To
 cap_A: 4 x_a + 3 x_b + 10 x_f <= 10
 swlo_f: 1 x_f - 0.5 z_f >= 0
 swhi_f: 1 x_f - 0.6 z_f <= 0
 share_p__A: 4 x_a + 3 x_b <= 6
Bounds
 x_f <= 0.6
Binaries
 x_a x_b z_f
End
`},
		{"a min-volume with one bid raises its least fraction", func() *auction.Instance {
			b := tiny([]int64{10}, 1)
			b.AddBid(auction.Bid{ID: "f", Bidder: 0, Bundle: []auction.Demand{d(0, 8)}, Amount: 9, MinFraction: auction.Ratio{Num: 1, Den: 4}})
			b.Instance().Bidders[0].MinVolume = 6
			return b.Instance()
		}, `Maximize
 obj: 9 x_f
Subject To
 swlo_f: 1 x_f - 0.75 z_f >= 0
 swhi_f: 1 x_f - 1 z_f <= 0
Bounds
 x_f <= 1
Binaries
 z_f
End
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.build()
			require.NoError(t, in.Validate())
			assert.Equal(t, c.want, lpText(t, in))
		})
	}
}

func TestBuildErrors(t *testing.T) {
	_, err := Build(nil)
	assert.ErrorIs(t, err, ErrNoInstance)
	b := tiny([]int64{5}, 1)
	b.Bid(0, "a", -3, d(0, 1))
	_, err = Build(b.Instance())
	assert.ErrorIs(t, err, auction.ErrNegative)
}

// TestFormulationAgreesWithCheck enumerates awards (every bid losing, or
// winning at 1, at its min fraction or halfway) and checks both
// directions: an award is feasible for the model exactly when its point
// (Point) satisfies the formulation. Then it flips the indicators of
// feasible points at random: whatever stays feasible must still be a
// feasible award, since x alone decides the award.
func TestFormulationAgreesWithCheck(t *testing.T) {
	r := wdptest.Rand(7)
	cases := append(randomCases(t, 40, 10, 300), regionCases(t, 10, 10, 310)...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Build(c.in)
			require.NoError(t, err)
			require.NoError(t, f.Problem.Validate())
			forEachAward(c.in, true, 3000, r, func(a auction.Allocation) {
				x, err := f.Point(a)
				require.NoError(t, err)
				probs := modelProblems(c.in, a)
				ferr := f.Feasible(x, 1e-9)
				if (len(probs) == 0) != (ferr == nil) {
					t.Fatalf("award %v: model says %q, formulation says %v", a.Awards, probs, ferr)
				}
				if ferr != nil {
					return
				}
				back, err := f.Allocation(x)
				require.NoError(t, err)
				require.Equal(t, a, back, "Allocation(Point(a)) != a")
				assert.InDelta(t, value(c.in, a), f.Objective(x), 1e-6)
				for range 3 {
					y := append([]float64(nil), x...)
					for j := len(c.in.Bids); j < len(y); j++ {
						if f.Cols[j].Kind != ColSwitch && r.IntN(4) == 0 {
							y[j] = 1 - y[j]
						}
					}
					if f.Feasible(y, 1e-9) == nil {
						b, err := f.Allocation(y)
						require.NoError(t, err)
						assert.Empty(t, modelProblems(c.in, b), "flipped indicators of %v", a.Awards)
					}
				}
			})
		})
	}
}

func TestRelaxationBoundsOptimum(t *testing.T) {
	failed := 0
	cases := randomCases(t, 40, wdptest.MaxBids, 400)
	for _, c := range cases {
		f, err := Build(c.in)
		require.NoError(t, err)
		opt, err := BruteForce(c.in)
		require.NoError(t, err)
		bound, ok := relaxation(f.Problem)
		if !ok {
			failed++
			continue
		}
		assert.GreaterOrEqual(t, bound*(1+1e-9)+1e-7, opt.Objective, "%s: LP bound below the optimum", c.name)
	}
	t.Logf("gonum failed on %d of %d LPs", failed, len(cases))
	assert.Less(t, failed, len(cases)/20, "gonum failed on too many LPs")
}

func TestNamesAreUniqueAndSafe(t *testing.T) {
	safe := regexp.MustCompile(`^[A-Za-df-z][A-Za-z0-9_.]*$`)
	for _, c := range randomCases(t, 20, wdptest.MaxBids, 500) {
		in := c.in
		wdptest.OddIDs(in)
		require.NoError(t, in.Validate(), c.name)
		f, err := Build(in)
		require.NoError(t, err)
		seen := map[string]bool{}
		for _, col := range f.Cols {
			assert.Regexp(t, safe, col.Name)
			assert.False(t, seen[col.Name], "%s: column %s twice", c.name, col.Name)
			seen[col.Name] = true
		}
		for _, row := range f.Rows {
			assert.Regexp(t, safe, row.Name)
			assert.False(t, seen[row.Name], "%s: row %s twice", c.name, row.Name)
			seen[row.Name] = true
		}
	}
}

func TestEscapeID(t *testing.T) {
	cases := []struct{ id, want string }{
		{"D90211.am", "D90211.am"},
		{"a b", "a_20b"},
		{"a_b", "a_5Fb"},
		{"é", "_C3_A9"},
		{"", "_00"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, escapeID(c.id), c.id)
	}
	assert.Equal(t, "u_a_5F__b", name("u_", "a_", "b"))
	assert.Equal(t, "x__i7", shorten("x_"+string(bytes.Repeat([]byte("a"), maxNameLen)), 7))
}

func TestBuildIsDeterministic(t *testing.T) {
	for _, c := range randomCases(t, 5, wdptest.MaxBids, 600) {
		f1, err := Build(c.in)
		require.NoError(t, err)
		f2, err := Build(c.in)
		require.NoError(t, err)
		assert.Equal(t, f1.Problem, f2.Problem, c.name)
		assert.Equal(t, f1.Cols, f2.Cols, c.name)
		assert.Equal(t, f1.Rows, f2.Rows, c.name)
		assert.Equal(t, lp.Maximize, f1.Problem.Sense)
	}
}
