package mechanism

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/internal/par"
)

// maxCoreRounds caps the rounds of separation of one part of the market.
const maxCoreRounds = 500

// coreGroup is a part of the market the core is computed on alone: the
// union of the components of wdp.Decompose that share a bidder. No
// constraint and no bidder links two groups, so the core of the market is
// the product of the groups' cores (a coalition's welfare is the sum of its
// parts' welfare in each group, and so is each side of every core
// constraint), and so are its minimum-revenue point and the point nearest to
// VCG (the objectives are separable by bidder).
type coreGroup struct {
	bidders []int // parent indices, ascending
	winners []int // bidders with an award, ascending
	comps   []int // its components, ascending
	// Results.
	pay         []float64 // by winner: the final payments, whole minor units
	rounds      int       // exact separations solved
	heuristic   int       // blocking coalitions found without an exact separation
	cons        int       // core constraints found
	blocked     bool      // VCG is not in the core
	certified   bool      // the last separation proved no coalition blocks pay
	broken      int       // constraints found that pay misses (should be 0)
	nearestFail bool      // a QP fell back to the LP vertex
	notes       []string
	err         error
}

// payCore returns the core-selecting payments, from the real VCG payments
// vcg, as whole minor units held in float64 (round leaves them as they are).
//
// # The core
//
// Bidders' payoffs are v_j − p_j (v_j the value of j's awards, p_j its
// payment), the seller's is Σ_j p_j. The payments are in the core when no
// coalition C of bidders can offer the seller more than it gets, that is for
// every C
//
//	Σ_{j ∉ C} p_j ≥ W(C) − Σ_{j ∈ C} v_j                                  (1)
//
// where W(C) is the optimal welfare of C's bids alone (losers have v_j = p_j =
// 0), and 0 ≤ p_j ≤ v_j. With C = all bidders but j, (1) is p_j ≥ VCG_j,
// so every core point is at least VCG bidder by bidder.
//
// # Constraint generation (Day and Raghavan, 2007)
//
// Start from p = VCG. Separation: with u_j = v_j − p_j the winners' surplus,
// (1) holds for every C exactly when
//
//	z(p) = max over allocations x of  Σ_j v_j(x) − Σ_{winners j active in x} u_j  ≤  Σ_j p_j
//
// (take C = the bidders x awards something; including a winner costs its
// surplus, a loser nothing). The fixed cost u_j per active winner is modelled
// exactly in an instance the exact solver solves (separationInstance): each
// winner j gets a phantom bid worth u_j, on an item of its own, placed with
// j's whole bid tree under a new xor group, so that the phantom wins exactly
// when none of j's bids does. The optimum of that instance is z(p) + Σ u_j.
// (Lowering the prices of j's bids by u_j instead, as one does for
// single-minded bidders, would charge u_j once per winning bid and miss
// coalitions in which j wins several bids.)
//
// When x blocks (z(p) > Σ p), C = the bidders active in x gives the core
// constraint Σ_{j ∈ W\C} p_j ≥ v(x) − Σ_{j ∈ C∩W} v_j (valid since W(C) ≥
// v(x)). The payment LP then finds the least revenue R* over VCG ≤ p ≤ v and
// the constraints so far, and the quadratic tie-break of Day and Cramton
// (2012) the point of revenue R* nearest to VCG in Euclidean distance
// (minRevenueNearest). Separate at that point; repeat until nothing blocks.
// Then p is in the core and its revenue R* is least over a relaxation of the
// core, so p is the minimum-revenue core point nearest to VCG.
//
// # Fewer exact separations
//
// Each exact separation is a winner determination as hard as the
// allocation, or harder. Any feasible allocation of the group's bids gives
// a valid core constraint (W(C) is at least its value), so the rounds first
// try coalitions that cost no solve (coreOf): those of the VCG re-solves
// (the allocation without each winner, which Day and Cramton use to seed
// the core) and of earlier separations, every violated one added at once,
// then a local search on the separation instance (heuristic separation
// first: Bünz, Seuken and Lubin, 2015). An exact separation runs only when
// these find nothing, from the local search's best allocation. The point
// found is the same: the
// minimum-revenue core point nearest to VCG is unique and does not depend
// on the constraints met on the way, and the last round is an exact
// separation.
//
// An exact separation searches 4 to 26 times the nodes of the allocation
// (DDU 20 × 100: 1,330, 7,763, 9,035 and 7,887 nodes against 354): its LP
// is weaker (root gap 3.5% of W against 1.3%: the LP pays a fractional
// winner part of its phantom), and once the payments near the core many
// coalitions come within a few minor units of W, all of which the last
// separations must rule out. Measured there and not kept: branching on
// the phantoms and group indicators first (4 times the nodes); local
// search from every coalition of the pool (no fewer exact separations);
// the best sub-coalition of each allocation of the pool (none violated);
// splitting a separation on whether its largest winner takes part (the
// half in which it does is as hard as the whole). Stopping one at its first blocking coalition, rather
// than at the most violated one, was measured and not kept: the payments
// were the same, but the rounds grew (DDU 15 × 70, seeds 1-4: 6, 7, 10
// and 6 exact separations became 11, 16, 19 and 7) and so, on three of
// the four markets, did the simplex iterations.
//
// # Money and tolerances
//
// Each round separates at the payments rounded up to whole minor units (as
// roundUp does, forgiving also up to 1e-11 × max_j v_j of error in the LP and
// QP's solution, and capped at pay-as-bid), which are the payments reported:
// the final answer is certified as it is paid. A constraint counts as
// violated when it misses by more than
//
//	τ = 0.5 + Σ_{j ∈ W\C} (v_j − pab_j) + 1e-12 × |rhs| + 1e-11 × |W\C| × max_j v_j
//
// minor units; pab_j ≤ v_j is j's pay-as-bid payment (rounded down),
// so τ is half a minor unit when no divisible bid wins, where everything is
// an integer and the test is exact. Phantom prices are u_j rounded down to
// the minor unit (exact when no divisible bid wins; otherwise the separation
// may report a coalition that blocks by less than τ, which is then ignored)
// and at most the bidder's budget (a note says when that cut one).
// Separations run the exact solver with an absolute gap below a tenth of a
// minor unit; one that a limit stops proves nothing when it finds no
// blocking coalition, and the payments are then flagged (Exact false).
// Under a deadline (pay's shareDeadline), the VCG re-solves get half of the
// time and the separations what is left; no round begins after the
// deadline, and the payments are then those of the last round, flagged.
//
// # Under min-winners
//
// A coalition can only block with an allocation the auction would accept:
// W(C) is the best welfare of C's bids among the allocations that meet the
// rule in every region, and −∞ (no constraint) when none does, for example
// when C has fewer than K bidders in some region. The separation instance
// keeps the rule (its phantom items have no region, so a phantom counts as
// no region's winner), so every allocation it returns meets the rule, and
// so do the coalitions of the VCG re-solves and of the local search (which
// are checked). The split into groups still holds: a blocking coalition's
// term is the sum of its parts' terms, each group's grand coalition meets
// the rule there with a term of 0, and so the market's core is the product
// of the groups' cores. The core is not empty (pay-as-bid is in it), and
// VCG ≤ core holds as without the rule; VCG itself, the reference point,
// is undefined when removing a winner leaves no allocation that meets the
// rule, and core payments then fail with ErrUnsupported as VCG does.
//
// The core is computed on each group alone (coreGroup), groups in parallel.
// A group whose components are all trivial (every bid can win at once) has
// no competition: W(C) = Σ_{j ∈ C} v_j, so the core is p = VCG = 0 there.
func (m *market) payCore(ctx context.Context, opts solver.Options, vcg []float64, p *Payments) ([]float64, error) {
	out := make([]float64, len(vcg))
	for b := range vcg {
		out[b] = float64(roundUp(vcg[b], m.pab[b]))
	}
	groups := m.coreGroups()
	outer, inner := workers(opts, len(groups))
	par.ForEach(len(groups), outer, func(i int) {
		m.coreOf(ctx, opts, inner, groups[i], vcg)
	})
	st := &CoreStats{Parts: len(groups)}
	for _, g := range groups {
		if g.err != nil {
			return nil, fmt.Errorf("mechanism: core (bidders %s): %w", m.ids(g.winners), g.err)
		}
		for k, b := range g.winners {
			out[b] = g.pay[k]
		}
		st.Separations += g.rounds
		st.Heuristic += g.heuristic
		st.Constraints += g.cons
		if g.blocked {
			st.VCGBlocked++
		}
		if !g.certified {
			st.Uncertified++
		}
		st.Missed += g.broken
		if g.nearestFail {
			st.NearestFailed++
		}
		p.Notes = append(p.Notes, g.notes...)
	}
	p.Core = st
	switch {
	case st.VCGBlocked == 0 && st.Uncertified == 0:
		p.Notes = append(p.Notes, fmt.Sprintf("core: VCG is in the core (%d exact separations in %d parts of the market): core = VCG", st.Separations, len(groups)))
	case st.VCGBlocked == 0:
		p.Notes = append(p.Notes, fmt.Sprintf("core: no coalition found that blocks VCG (%d exact separations in %d parts of the market): the payments are VCG's", st.Separations, len(groups)))
	default:
		p.Notes = append(p.Notes, fmt.Sprintf("core: VCG is blocked in %d of %d parts of the market; %d core constraints (%d found without an exact separation), %d exact separations",
			st.VCGBlocked, len(groups), st.Constraints, st.Heuristic, st.Separations))
	}
	if st.Uncertified > 0 {
		p.Exact = false
		p.Notes = append(p.Notes, fmt.Sprintf("core: in %d parts no proof that the payments are in the core (a limit stopped a separation, or see above)", st.Uncertified))
	} else {
		p.Notes = append(p.Notes, "core: no coalition blocks the payments (every separation proven optimal)")
	}
	if st.Missed > 0 {
		p.Exact = false
		p.Notes = append(p.Notes, fmt.Sprintf("core: the payments miss %d of the core constraints found", st.Missed))
	} else if st.Constraints > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("core: the payments satisfy all %d core constraints found", st.Constraints))
	}
	if st.NearestFailed > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("core: in %d parts the quadratic tie-break failed numerically; the payments there are a minimum-revenue core point, not necessarily the one nearest to VCG", st.NearestFailed))
	}
	return out, nil
}

// ids lists bidders by ID, a few of them.
func (m *market) ids(bidders []int) string {
	s := make([]string, len(bidders))
	for k, b := range bidders {
		s[k] = m.in.Bidders[b].ID
	}
	return listSome(s, 5)
}

// coreGroups merges the components that share a bidder, in the order of
// their first component, and keeps those with a winner and a component that
// is not trivial.
func (m *market) coreGroups() []*coreGroup {
	n := len(m.comps)
	root := make([]int, n)
	for k := range root {
		root[k] = k
	}
	find := func(k int) int {
		for root[k] != k {
			root[k] = root[root[k]]
			k = root[k]
		}
		return k
	}
	first := make([]int, len(m.in.Bidders))
	for b := range first {
		first[b] = -1
	}
	for k := range m.comps {
		for _, b := range m.comps[k].Bidders {
			if first[b] < 0 {
				first[b] = k
			} else if x, y := find(first[b]), find(k); x != y {
				root[max(x, y)] = min(x, y)
			}
		}
	}
	at := make(map[int]*coreGroup)
	var groups []*coreGroup
	hard := make([]bool, n)
	for k := range m.comps {
		r := find(k)
		g := at[r]
		if g == nil {
			g = &coreGroup{}
			at[r] = g
			groups = append(groups, g)
		}
		if !m.comps[k].Trivial {
			hard[r] = true
		}
		g.bidders = append(g.bidders, m.comps[k].Bidders...)
		g.comps = append(g.comps, k)
	}
	won := make([]bool, len(m.in.Bidders))
	for _, aw := range m.alloc.Awards {
		won[m.in.Bids[aw.Bid].Bidder] = true
	}
	var out []*coreGroup
	for _, g := range groups {
		slices.Sort(g.bidders)
		g.bidders = slices.Compact(g.bidders)
		for _, b := range g.bidders {
			if won[b] {
				g.winners = append(g.winners, b)
			}
		}
	}
	for k := range m.comps {
		if r := find(k); r == k && hard[r] && len(at[r].winners) > 0 {
			out = append(out, at[r])
		}
	}
	return out
}

// coreOf runs the constraint generation of payCore on one group.
//
// Each round separates at the current payments in three steps, cheapest
// first, and stops at the first that finds a blocking coalition (after
// Bünz, Seuken and Lubin, 2015): the pool of coalitions known so far (the
// allocations of the VCG re-solves, as Day and Cramton seed the core, and
// those of earlier separations), all of whose violated constraints are
// added at once; local search on the separation instance from the pool's
// best coalition and from the greedy allocation; and only then the exact
// separation, from the local search's best allocation. The answer is the
// same as with exact separations alone: the payments are the
// minimum-revenue core point nearest to VCG, which does not depend on
// which constraints found it, and the last round is always an exact
// separation that proves it. m.plain turns the first two steps off (a
// test oracle).
func (m *market) coreOf(ctx context.Context, opts solver.Options, threads int, g *coreGroup, vcg []float64) {
	n := len(g.winners)
	lo, hi := make([]float64, n), make([]float64, n)
	slack := make([]float64, n) // v_j − pab_j: what rounding pay-as-bid down lost
	for k, b := range g.winners {
		hi[k] = m.value[b]
		lo[k] = min(max(vcg[b], 0), hi[k])
		slack[k] = max(0, m.value[b]-float64(m.pab[b]))
	}
	sep := newSeparator(m, g)
	real := slices.Clone(lo)
	paid := make([]float64, n)
	var found []coreCons
	var pool []coalition
	if !m.plain {
		pool = m.vcgCoalitions(g)
	}
	// fuzz is the error forgiven in the LP and QP's payments when they are
	// rounded up: relative 1e-11 of the group's largest value.
	fuzz := 1e-11 * max(1, slices.Max(hi))
	tau := func(c coreCons) float64 {
		t := 0.5 + 1e-12*math.Abs(c.rhs) + fuzz*float64(len(c.out))
		for _, j := range c.out {
			t += slack[j]
		}
		return t
	}
	miss := func(c coreCons, p []float64) float64 {
		s := c.rhs
		for _, j := range c.out {
			s -= p[j]
		}
		return s
	}
	known := func(c coreCons) bool {
		return slices.ContainsFunc(found, func(d coreCons) bool {
			return slices.Equal(d.out, c.out) && math.Abs(d.rhs-c.rhs) <= tau(c)
		})
	}
	for iter := 0; ; iter++ {
		for k, b := range g.winners {
			paid[k] = float64(roundUpTol(real[k], m.pab[b], fuzz))
		}
		if err := ctx.Err(); err != nil {
			g.notes = append(g.notes, fmt.Sprintf("core: %s stopped the separations after %d rounds (bidders %s): the payments are not proven to be in the core",
				stopped(err), iter, m.ids(g.winners)))
			break
		}
		if iter == maxCoreRounds {
			g.notes = append(g.notes, fmt.Sprintf("core: stopped after %d rounds of separation (bidders %s)", maxCoreRounds, m.ids(g.winners)))
			break
		}
		var add []coreCons
		var start auction.Allocation // for the exact separation
		at := sep.at(paid)
		if !m.plain {
			for k := range pool {
				if c := pool[k].cons; !pool[k].used && len(c.out) > 0 && miss(c, paid) > tau(c) && !known(c) {
					pool[k].used = true
					add = append(add, c)
				}
			}
			if len(add) == 0 {
				a, c, err := sep.heuristic(at, pool)
				if err != nil {
					g.err = err
					return
				}
				start = a
				if len(c.out) > 0 && miss(c, paid) > tau(c) && !known(c) {
					g.heuristic++
					add = append(add, c)
					pool = append(pool, coalition{cons: c, awards: sep.lift(at, a), used: true})
				}
			}
		}
		if len(add) == 0 {
			c, a, status, err := sep.separate(ctx, opts, threads, at, start)
			g.rounds++
			if err != nil {
				g.err = err
				return
			}
			if miss(c, paid) <= tau(c) {
				g.certified = status == solver.Optimal
				break
			}
			if len(c.out) == 0 {
				if len(found) == 0 {
					g.blocked = true
				}
				g.notes = append(g.notes, fmt.Sprintf("core: the bidders %s alone do better than the allocation, which is therefore not optimal", m.ids(g.bidders)))
				break
			}
			if known(c) {
				g.notes = append(g.notes, fmt.Sprintf("core: a core constraint came back twice (numerical trouble; bidders %s)", m.ids(g.winners)))
				break
			}
			add = append(add, c)
			if !m.plain {
				pool = append(pool, coalition{cons: c, awards: sep.lift(at, a), used: true})
			}
		}
		if len(found) == 0 {
			g.blocked = true
		}
		found = append(found, add...)
		p, nearest, err := minRevenueNearest(lo, hi, found)
		if err != nil {
			// Pay-as-bid is in the core when the allocation is optimal.
			g.notes = append(g.notes, fmt.Sprintf("core: %v; bidders %s pay their bids", err, m.ids(g.winners)))
			copy(real, hi)
			for k, b := range g.winners {
				paid[k] = float64(m.pab[b])
			}
			break
		}
		if !nearest {
			g.nearestFail = true
		}
		real = p
	}
	g.cons = len(found)
	g.pay = paid
	for _, c := range found {
		if miss(c, paid) > tau(c) {
			g.broken++
		}
	}
}
