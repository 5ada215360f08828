package wdp

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// restrictCases are the random instances of every family, and a copy of
// some under the rule min-winners.
func restrictCases(t *testing.T, n int, seed uint64) []namedInstance {
	cases := randomCases(t, n, 10, seed)
	r := wdptest.Rand(seed ^ 0x5eed)
	for k := range len(cases) / 3 {
		c := cases[3*k]
		cases = append(cases, namedInstance{c.name + "/regional", wdptest.Regional(r, c.in)})
	}
	return cases
}

// feasibleAllocations returns allocations of in that pass Check: the
// brute-force optimum, the greedy's, and up to five random ones.
func feasibleAllocations(t *testing.T, in *auction.Instance, r *rand.Rand) []auction.Allocation {
	var out []auction.Allocation
	if opt, err := BruteForce(in); err == nil && opt.Feasible {
		out = append(out, opt.Allocation)
	}
	if g, err := Greedy(in); err == nil && len(in.Check(g)) == 0 {
		out = append(out, g)
	}
	forEachAward(in, true, 300, r, func(a auction.Allocation) {
		if len(out) < 7 && len(in.Check(a)) == 0 {
			out = append(out, a)
		}
	})
	return out
}

// randomFree draws a set of free bids: each with probability 1/2, or all,
// or those touching one item (a neighbourhood).
func randomFree(in *auction.Instance, r *rand.Rand) []int {
	var free []int
	switch r.IntN(4) {
	case 0:
		for i := range in.Bids {
			free = append(free, i)
		}
	case 1:
		it := r.IntN(len(in.Items))
		for i := range in.Bids {
			if slices.ContainsFunc(in.Bids[i].Bundle, func(d auction.Demand) bool { return d.Item == it }) {
				free = append(free, i)
			}
		}
	default:
		for i := range in.Bids {
			if r.IntN(2) == 0 {
				free = append(free, i)
			}
		}
	}
	return free
}

func hasFraction(a auction.Allocation) bool {
	return slices.ContainsFunc(a.Awards, func(aw auction.Award) bool { return aw.Fraction != 1 })
}

// TestRestrictSound: for random instances, feasible allocations and free
// sets, the restriction is a valid instance that partitions the bids with
// the held awards, its Start combines back into the allocation (and
// passes the sub-instance's Check when no award is fractional), every
// allocation of the sub-instance that passes its Check combines into one
// that passes the parent's, and its optimum plus the held value lies
// between the allocation's value and the parent's optimum.
func TestRestrictSound(t *testing.T) {
	r := wdptest.Rand(7101)
	var subs, checked, held int
	for _, c := range restrictCases(t, 40, 7100) {
		in := c.in
		rs, err := NewRestricter(in)
		require.NoError(t, err, c.name)
		whole, err := BruteForce(in)
		require.NoError(t, err)
		for ka, a := range feasibleAllocations(t, in, r) {
			for kf := range 3 {
				name := fmt.Sprintf("%s/alloc%d/free%d", c.name, ka, kf)
				free := randomFree(in, r)
				res, err := rs.Restrict(a, free)
				require.NoError(t, err, name)
				back, err := res.Combine(res.Start)
				require.NoError(t, err, name)
				assert.ElementsMatch(t, a.Awards, back.Awards, "%s: Start and Fixed do not make the allocation", name)
				assert.True(t, slices.IsSortedFunc(back.Awards, func(x, y auction.Award) int { return x.Bid - y.Bid }), name)
				held += len(free) - len(res.Bids)
				if res.In == nil {
					assert.Empty(t, res.Bids, name)
					continue
				}
				subs++
				for _, i := range res.Bids {
					assert.Contains(t, free, i, "%s: a bid not asked for is free", name)
					assert.False(t, slices.ContainsFunc(res.Fixed.Awards, func(aw auction.Award) bool { return aw.Bid == i }),
						"%s: bid %d is both free and held", name, i)
				}
				require.NoError(t, res.In.Validate(), name)
				if !hasFraction(a) {
					assert.Empty(t, res.In.Check(res.Start), "%s: the start fails the sub-instance", name)
				}
				forEachAward(res.In, true, 400, r, func(s auction.Allocation) {
					if len(res.In.Check(s)) != 0 {
						return
					}
					checked++
					up, err := res.Combine(s)
					require.NoError(t, err)
					assert.Empty(t, in.Check(up), "%s: sub-allocation %v", name, s.Awards)
				})
				opt, err := BruteForce(res.In)
				require.NoError(t, err, name)
				got := value(in, res.Fixed) + opt.Objective
				if len(modelProblems(res.In, res.Start)) == 0 {
					assert.GreaterOrEqual(t, got, value(in, a)*(1-1e-9), "%s: the restriction lost the allocation", name)
				}
				assert.LessOrEqual(t, got, whole.Objective*(1+1e-9)+1e-9, "%s: the restriction beats the optimum", name)
				up, err := res.Combine(opt.Allocation)
				require.NoError(t, err)
				assert.Empty(t, in.Check(up), name)
			}
		}
	}
	t.Logf("%d restrictions, %d bids held by the rules, %d sub-allocations checked", subs, held, checked)
}

// TestRestrictExact: where the sub-instance can model everything (no
// divisible bid, no max-share, no max-items, no min-winners), the
// restriction's optimum plus the held value is the best parent
// allocation that gives every held bid what the allocation gives it
// (enumerated), and with the empty allocation and every bid free it is
// the parent's optimum.
func TestRestrictExact(t *testing.T) {
	r := wdptest.Rand(7201)
	var compared int
	for _, c := range randomCases(t, 60, 10, 7200) {
		in := c.in
		if !exactlyRestrictable(in) {
			continue
		}
		rs, err := NewRestricter(in)
		require.NoError(t, err)
		whole, err := BruteForce(in)
		require.NoError(t, err)
		all := make([]int, len(in.Bids))
		for i := range all {
			all[i] = i
		}
		res, err := rs.Restrict(auction.Allocation{}, all)
		require.NoError(t, err, c.name)
		require.Len(t, res.Bids, len(in.Bids), c.name)
		opt, err := BruteForce(res.In)
		require.NoError(t, err)
		assert.Equal(t, whole.Exact.RatString(), opt.Exact.RatString(), c.name)

		for ka, a := range feasibleAllocations(t, in, r) {
			name := fmt.Sprintf("%s/alloc%d", c.name, ka)
			res, err := rs.Restrict(a, randomFree(in, r))
			require.NoError(t, err, name)
			held := make([]float64, len(in.Bids))
			isHeld := make([]bool, len(in.Bids))
			for i := range isHeld {
				isHeld[i] = true
			}
			for _, i := range res.Bids {
				isHeld[i] = false
			}
			for _, aw := range a.Awards {
				held[aw.Bid] = aw.Fraction
			}
			best := -1.0
			forEachAward(in, false, 1<<14, r, func(b auction.Allocation) {
				got := make([]float64, len(in.Bids))
				for _, aw := range b.Awards {
					got[aw.Bid] = aw.Fraction
				}
				for i := range got {
					if isHeld[i] && got[i] != held[i] {
						return
					}
				}
				if len(in.Check(b)) == 0 {
					best = max(best, value(in, b))
				}
			})
			sub := 0.0
			if res.In != nil {
				o, err := BruteForce(res.In)
				require.NoError(t, err)
				sub = o.Objective
			}
			compared++
			assert.InDelta(t, best, value(in, res.Fixed)+sub, 1e-6, name)
		}
	}
	t.Logf("%d restrictions compared with enumeration", compared)
}

// exactlyRestrictable reports whether a restriction of in loses nothing
// to its conservative rules but the holds themselves.
func exactlyRestrictable(in *auction.Instance) bool {
	if in.Rules.MinWinners > 0 || in.Rules.MaxShare.IsSet() && in.Rules.MaxShare.Num < in.Rules.MaxShare.Den {
		return false
	}
	for i := range in.Bids {
		if in.Bids[i].Divisible() {
			return false
		}
	}
	for b := range in.Bidders {
		if in.Bidders[b].MaxItems > 0 {
			return false
		}
	}
	return true
}

// TestRestrictErrors: malformed allocations and free sets are errors, not
// panics; a nil instance is ErrNoInstance.
func TestRestrictErrors(t *testing.T) {
	_, err := NewRestricter(nil)
	require.ErrorIs(t, err, ErrNoInstance)
	in := wdptest.Instance(wdptest.Rand(7301), "mixed")
	rs, err := NewRestricter(in)
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		a    auction.Allocation
		free []int
	}{
		"bid out of range":  {auction.Allocation{Awards: []auction.Award{{Bid: len(in.Bids), Fraction: 1}}}, nil},
		"negative bid":      {auction.Allocation{Awards: []auction.Award{{Bid: -1, Fraction: 1}}}, nil},
		"awarded twice":     {auction.Allocation{Awards: []auction.Award{{Bid: 0, Fraction: 1}, {Bid: 0, Fraction: 1}}}, nil},
		"zero fraction":     {auction.Allocation{Awards: []auction.Award{{Bid: 0, Fraction: 0}}}, nil},
		"free out of range": {auction.Allocation{}, []int{len(in.Bids)}},
	} {
		_, err := rs.Restrict(tc.a, tc.free)
		assert.Error(t, err, name)
	}
	res, err := rs.Restrict(auction.Allocation{}, []int{0, 0})
	require.NoError(t, err)
	assert.LessOrEqual(t, len(res.Bids), 1, "a repeated free bid is freed once")
}
