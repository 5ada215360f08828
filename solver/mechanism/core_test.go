package mechanism

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// maxOracleBidders bounds the coalitions the oracles enumerate (2^n).
const maxOracleBidders = 9

// coalitionWelfare returns W(C) for every coalition C of in's bidders, by
// bit mask, each by brute force on the market of C's bids alone.
func coalitionWelfare(t testing.TB, in *auction.Instance) []float64 {
	n := len(in.Bidders)
	w := make([]float64, 1<<n)
	for c := range w {
		w[c] = brute(t, restrict(in, func(b int) bool { return c&(1<<b) != 0 }).in)
	}
	return w
}

// TestSeparationExact checks the separation instance (phantom bids) against
// its definition on random instances of every family: at payments p (random,
// between 0 and the bids), its optimum minus the phantom prices must be
//
//	z = max over coalitions C of  W(C) − Σ_{winners j ∈ C} floor(v_j − p_j)
//
// with W(C) by brute force. Budgets, min-volumes, max-share and nested groups
// all meet the phantoms here.
func TestSeparationExact(t *testing.T) {
	seeds := 6
	if testing.Short() {
		seeds = 2
	}
	for _, fam := range wdptest.Families {
		for seed := range seeds {
			t.Run(fmt.Sprintf("%s/%d", fam, seed), func(t *testing.T) {
				r := wdptest.Rand(uint64(100 + seed))
				in := wdptest.Instance(r, fam)
				if len(in.Bidders) > maxOracleBidders {
					t.Skipf("%d bidders", len(in.Bidders))
				}
				out := solved(t, in)
				m, err := newMarket(in, out.Allocation)
				require.NoError(t, err)
				all := make([]int, len(in.Bidders))
				for b := range all {
					all[b] = b
				}
				g := &coreGroup{bidders: all}
				for b := range in.Bidders {
					if m.value[b] > 0 {
						g.winners = append(g.winners, b)
					}
				}
				if len(g.winners) == 0 {
					t.Skip("no winner")
				}
				sep := newSeparator(m, g)
				w := coalitionWelfare(t, in)
				for trial := range 3 {
					paid := make([]float64, len(g.winners))
					u := make([]float64, len(g.winners))
					for k, b := range g.winners {
						if trial > 0 {
							paid[k] = float64(r.Int64N(int64(m.pab[b]) + 1))
						}
						u[k] = math.Floor(m.value[b] - paid[k] + noise(m.value[b]-paid[k]))
					}
					want := math.Inf(-1)
					for c := range w {
						z := w[c]
						for k, b := range g.winners {
							if c&(1<<b) != 0 {
								z -= u[k]
							}
						}
						want = max(want, z)
					}
					si := sep.instance(paid)
					require.Zero(t, si.clipped)
					sum := si.sum
					res, err := solver.Solve(context.Background(), si.in, solver.Options{RelGap: 1e-12})
					require.NoError(t, err)
					require.Equal(t, solver.Optimal, res.Status)
					assert.InDelta(t, want, res.Objective-float64(sum), 1e-6*max(1, math.Abs(want)), "trial %d, paid %v", trial, paid)
					c, _, _, err := sep.separate(context.Background(), solver.Options{}, 1, si, auction.Allocation{})
					require.NoError(t, err)
					// The heuristic separation: an allocation of the
					// separation instance, no better than the optimum, with
					// the constraint of its own coalition.
					ha, hc, err := sep.heuristic(si, nil)
					require.NoError(t, err)
					require.NoError(t, si.in.Check(ha).Err())
					assert.LessOrEqual(t, allocObjective(si.in, ha), res.Objective+1e-6*max(1, res.Objective))
					assert.Equal(t, sep.cons(si, ha), hc)
					// The constraint of the coalition found: its violation at
					// paid is z − Σ paid (the same optimum, seen from the
					// payments).
					viol := c.rhs
					for _, k := range c.out {
						viol -= paid[k]
					}
					var sp float64
					for _, x := range paid {
						sp += x
					}
					assert.InDelta(t, want-sp, viol+cFloorLoss(m, g, paid, c), 1e-6*max(1, math.Abs(want)))
				}
			})
		}
	}
}

// cFloorLoss is Σ over winners in the coalition of c of (u_j −
// floor(u_j)): what the phantoms' rounding down leaves out of c's violation.
func cFloorLoss(m *market, g *coreGroup, paid []float64, c coreCons) float64 {
	var s float64
	for k, b := range g.winners {
		if slices.Contains(c.out, k) {
			continue
		}
		u := m.value[b] - paid[k]
		s += u - math.Floor(u+noise(u))
	}
	return s
}

// TestCoreBruteForce checks core payments on random instances of the
// families "unit" and "multi" (all or nothing: every quantity is an
// integer) with at most maxOracleBidders bidders, against every coalition:
//
//	Σ_{j ∉ C} p_j ≥ W(C) − Σ_{j ∈ C} v_j   for every C ⊆ bidders          (1)
//
// with W(C) by brute force, exactly; and VCG ≤ core ≤ pay-as-bid bidder by
// bidder. With at most 4 winners it also checks minimality and the
// tie-break against an oracle that enumerates vertices and faces of the
// full core polytope (coreOracle): the core payments are the oracle's
// point rounded up.
func TestCoreBruteForce(t *testing.T) {
	seeds := 30
	if testing.Short() {
		seeds = 8
	}
	blocked, oracle := 0, 0
	for _, fam := range []string{"unit", "multi"} {
		for seed := range seeds {
			t.Run(fmt.Sprintf("%s/%d", fam, seed), func(t *testing.T) {
				in := wdptest.Instance(wdptest.Rand(uint64(seed)), fam)
				if len(in.Bidders) > maxOracleBidders {
					t.Skipf("%d bidders", len(in.Bidders))
				}
				out := solved(t, in)
				require.True(t, out.Optimal)
				ctx := context.Background()
				vcg, err := Pay(ctx, in, out, PaymentVCG, solver.Options{})
				require.NoError(t, err)
				core, err := Pay(ctx, in, out, PaymentCore, solver.Options{})
				require.NoError(t, err)
				b, o := checkCore(t, in, out, vcg, core, coalitionWelfare(t, in))
				blocked += b
				oracle += o
			})
		}
	}
	t.Logf("VCG blocked on %d instances; oracle on %d", blocked, oracle)
	if !testing.Short() {
		assert.Greater(t, blocked, 5, "the test should meet markets where VCG is not in the core")
	}
}

// checkCore checks core payments against the definition, given W(C) for
// every coalition by bit mask (−Inf: C cannot win alone): VCG ≤ core ≤
// pay-as-bid bidder by bidder, no coalition blocks the payments, and, with
// at most four winners, the payments are coreOracle's point. It returns 1
// when VCG is not in the core (0 otherwise), and 1 when the oracle ran.
func checkCore(t *testing.T, in *auction.Instance, out Outcome, vcg, core Payments, w []float64) (blocked, oracle int) {
	t.Helper()
	assert.True(t, core.Exact, "%v", core.Notes)
	pab := in.BidderPayments(out.Allocation)
	v := make([]float64, len(in.Bidders))
	for _, aw := range out.Allocation.Awards {
		v[in.Bids[aw.Bid].Bidder] += awardValue(&in.Bids[aw.Bid], aw.Fraction)
	}
	for b := range in.Bidders {
		assert.LessOrEqual(t, vcg.ByBidder[b], core.ByBidder[b], "bidder %d", b)
		assert.LessOrEqual(t, core.ByBidder[b], pab[b], "bidder %d", b)
	}
	for c := range w {
		var outside, inside float64
		for b := range in.Bidders {
			if c&(1<<b) != 0 {
				inside += v[b]
			} else {
				outside += float64(core.ByBidder[b])
			}
		}
		require.GreaterOrEqual(t, outside, w[c]-inside, "coalition %b blocks %v (%v)", c, core.ByBidder, core.Notes)
	}
	if vcg.Total < core.Total {
		blocked = 1
	}
	var winners []int
	for b := range in.Bidders {
		if pab[b] > 0 {
			winners = append(winners, b)
		}
	}
	if len(winners) > 4 {
		return blocked, 0
	}
	want := coreOracle(t, w, winners, v, vcg.ByBidder)
	for k, b := range winners {
		assert.InDelta(t, want[k], float64(core.ByBidder[b]), 1-1e-9+1e-6*want[k],
			"bidder %d: oracle %v, got %v", b, want, core.ByBidder)
		assert.Equal(t, roundUp(want[k], pab[b]), core.ByBidder[b], "bidder %d: oracle %v", b, want)
	}
	return blocked, 1
}

// coreOracle is the minimum-revenue core point nearest to VCG, from every
// coalition by enumeration: the constraints (1) over the winners, one per
// set W\C (the strongest), handed to nearestOracle with VCG ≤ p ≤ v.
func coreOracle(t testing.TB, w []float64, winners []int, v []float64, vcg []auction.Money) []float64 {
	n := len(winners)
	best := map[int]float64{} // by bit mask of winners outside C
	for c := range w {
		if math.IsInf(w[c], -1) {
			continue // C cannot meet the rule min-winners alone: no constraint
		}
		outMask := 0
		rhs := w[c]
		for k, b := range winners {
			if c&(1<<b) != 0 {
				rhs -= v[b]
			} else {
				outMask |= 1 << k
			}
		}
		if x, ok := best[outMask]; !ok || rhs > x {
			best[outMask] = rhs
		}
	}
	var cons []coreCons
	for mask := 1; mask < 1<<n; mask++ {
		if x, ok := best[mask]; ok {
			c := coreCons{rhs: x}
			for k := range n {
				if mask&(1<<k) != 0 {
					c.out = append(c.out, k)
				}
			}
			cons = append(cons, c)
		}
	}
	lo, hi := make([]float64, n), make([]float64, n)
	for k, b := range winners {
		lo[k], hi[k] = float64(vcg[b]), v[b]
	}
	p := nearestOracle(lo, hi, cons)
	require.NotNil(t, p, "the core is empty")
	return p
}

// nearestOracle solves the problems of minRevenueNearest by enumeration,
// sharing nothing with it: the least revenue R* over the vertices of {lo ≤
// p ≤ hi, Σ_{out} p ≥ rhs} (every set of n constraints held with equality),
// then the projection of lo on every face of that set cut by Σ p ≤ R*
// (every set of at most n constraints held with equality), keeping the
// nearest feasible one. It returns nil when the set is empty.
func nearestOracle(lo, hi []float64, cons []coreCons) []float64 {
	n := len(lo)
	type row struct {
		a []float64
		b float64
	}
	var rows []row // a·p ≥ b
	for _, c := range cons {
		a := make([]float64, n)
		for _, k := range c.out {
			a[k] = 1
		}
		rows = append(rows, row{a, c.rhs})
	}
	for k := range n {
		a := make([]float64, n)
		a[k] = 1
		rows = append(rows, row{a, lo[k]})
		a = make([]float64, n)
		a[k] = -1
		rows = append(rows, row{a, -hi[k]})
	}
	feasible := func(p []float64) bool {
		for _, r := range rows {
			if mat.Dot(mat.NewVecDense(n, r.a), mat.NewVecDense(n, p)) < r.b-1e-7*max(1, math.Abs(r.b)) {
				return false
			}
		}
		return true
	}
	// project returns the projection of lo on {a_i·p = b_i, i in set}, or
	// nil when the rows are dependent.
	project := func(set []int) []float64 {
		k := len(set)
		if k == 0 {
			return slices.Clone(lo)
		}
		a := mat.NewDense(k, n, nil)
		rhs := mat.NewVecDense(k, nil)
		for i, s := range set {
			a.SetRow(i, rows[s].a)
			rhs.SetVec(i, rows[s].b-mat.Dot(mat.NewVecDense(n, rows[s].a), mat.NewVecDense(n, lo)))
		}
		var aat mat.Dense
		aat.Mul(a, a.T())
		if math.Abs(mat.Det(&aat)) < 1e-9 {
			return nil
		}
		var lam mat.VecDense
		if err := lam.SolveVec(&aat, rhs); err != nil {
			return nil
		}
		var d mat.VecDense
		d.MulVec(a.T(), &lam)
		p := slices.Clone(lo)
		for j := range n {
			p[j] += d.AtVec(j)
		}
		return p
	}
	subsets := func(m, k int, f func([]int)) {
		set := make([]int, 0, k)
		var rec func(start int)
		rec = func(start int) {
			f(set)
			if len(set) == k {
				return
			}
			for i := start; i < m; i++ {
				set = append(set, i)
				rec(i + 1)
				set = set[:len(set)-1]
			}
		}
		rec(0)
	}
	rStar := math.Inf(1)
	subsets(len(rows), n, func(set []int) {
		if len(set) != n {
			return
		}
		if p := project(set); p != nil && feasible(p) {
			rStar = min(rStar, floats(p))
		}
	})
	if math.IsInf(rStar, 1) {
		return nil
	}
	sumRow := row{make([]float64, n), -rStar - 1e-9*max(1, rStar)}
	for j := range sumRow.a {
		sumRow.a[j] = -1
	}
	rows = append(rows, sumRow)
	var out []float64
	dist := math.Inf(1)
	subsets(len(rows), n, func(set []int) {
		if p := project(set); p != nil && feasible(p) {
			var d float64
			for j := range n {
				d += (p[j] - lo[j]) * (p[j] - lo[j])
			}
			if d < dist-1e-9 {
				out, dist = p, d
			}
		}
	})
	return out
}

func floats(p []float64) float64 {
	var s float64
	for _, x := range p {
		s += x
	}
	return s
}

// TestCoreProperties runs every wdptest family (divisible bids, groups,
// bidder limits, rules): VCG ≤ core ≤ pay-as-bid bidder by bidder, the same
// for the totals, and the core payments are certified (Exact).
func TestCoreProperties(t *testing.T) {
	seeds := 10
	if testing.Short() {
		seeds = 3
	}
	for _, fam := range wdptest.Families {
		for seed := range seeds {
			t.Run(fmt.Sprintf("%s/%d", fam, seed), func(t *testing.T) {
				in := wdptest.Instance(wdptest.Rand(uint64(1000+seed)), fam)
				out := solved(t, in)
				ctx := context.Background()
				pays := map[string]Payments{}
				for _, rule := range PaymentRules() {
					p, err := Pay(ctx, in, out, rule, solver.Options{})
					require.NoError(t, err)
					pays[rule] = p
				}
				vcg, core, pab := pays[PaymentVCG], pays[PaymentCore], pays[PaymentPayAsBid]
				assert.True(t, core.Exact, "%v", core.Notes)
				for b := range in.Bidders {
					assert.LessOrEqual(t, vcg.ByBidder[b], core.ByBidder[b])
					assert.LessOrEqual(t, core.ByBidder[b], pab.ByBidder[b])
				}
				assert.LessOrEqual(t, vcg.Total, core.Total)
				assert.LessOrEqual(t, core.Total, pab.Total)
				assert.Equal(t, in.Revenue(out.Allocation), pab.Total)
			})
		}
	}
}
