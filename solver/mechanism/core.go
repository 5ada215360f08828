package mechanism

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// maxCoreRounds caps the separations of one part of the market.
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
	// Results.
	pay         []float64 // by winner: the final payments, whole minor units
	rounds      int       // separations solved
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
	forEach(len(groups), outer, func(i int) {
		m.coreOf(ctx, opts, inner, groups[i], vcg)
	})
	var rounds, cons, blocked, uncertified, broken, nearestFail int
	for _, g := range groups {
		if g.err != nil {
			return nil, fmt.Errorf("mechanism: core (bidders %s): %w", m.ids(g.winners), g.err)
		}
		for k, b := range g.winners {
			out[b] = g.pay[k]
		}
		rounds += g.rounds
		cons += g.cons
		if g.blocked {
			blocked++
		}
		if !g.certified {
			uncertified++
		}
		broken += g.broken
		if g.nearestFail {
			nearestFail++
		}
		p.Notes = append(p.Notes, g.notes...)
	}
	if blocked == 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("core: VCG is in the core (%d separations in %d parts of the market): core = VCG", rounds, len(groups)))
	} else {
		p.Notes = append(p.Notes, fmt.Sprintf("core: VCG is blocked in %d of %d parts of the market; %d core constraints from %d separations", blocked, len(groups), cons, rounds))
	}
	if uncertified > 0 {
		p.Exact = false
		p.Notes = append(p.Notes, fmt.Sprintf("core: in %d parts no proof that the payments are in the core (a limit stopped a separation, or see above)", uncertified))
	} else {
		p.Notes = append(p.Notes, "core: no coalition blocks the payments (every separation proven optimal)")
	}
	if broken > 0 {
		p.Exact = false
		p.Notes = append(p.Notes, fmt.Sprintf("core: the payments miss %d of the core constraints found", broken))
	} else if cons > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("core: the payments satisfy all %d core constraints found", cons))
	}
	if nearestFail > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("core: in %d parts the quadratic tie-break failed numerically; the payments there are a minimum-revenue core point, not necessarily the one nearest to VCG", nearestFail))
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
	for {
		for k, b := range g.winners {
			paid[k] = float64(roundUpTol(real[k], m.pab[b], fuzz))
		}
		if g.rounds == maxCoreRounds {
			g.notes = append(g.notes, fmt.Sprintf("core: stopped after %d separations (bidders %s)", maxCoreRounds, m.ids(g.winners)))
			break
		}
		c, status, err := sep.separate(ctx, opts, threads, paid)
		g.rounds++
		if err != nil {
			g.err = err
			return
		}
		if miss(c, paid) <= tau(c) {
			g.certified = status == solver.Optimal
			break
		}
		if len(found) == 0 {
			g.blocked = true
		}
		if len(c.out) == 0 {
			g.notes = append(g.notes, fmt.Sprintf("core: the bidders %s alone do better than the allocation, which is therefore not optimal", m.ids(g.bidders)))
			break
		}
		if slices.ContainsFunc(found, func(d coreCons) bool {
			return slices.Equal(d.out, c.out) && math.Abs(d.rhs-c.rhs) <= tau(c)
		}) {
			g.notes = append(g.notes, fmt.Sprintf("core: a core constraint came back twice (numerical trouble; bidders %s)", m.ids(g.winners)))
			break
		}
		found = append(found, c)
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

// separator builds and solves the separation instances of one group.
type separator struct {
	m       *market
	g       *coreGroup
	base    *subMarket // the group's bidders and bids
	local   []int      // by winner: its bidder index in base
	prefix  string     // of phantom IDs, a prefix of no ID of base
	welfare float64    // W_G: the allocation's welfare on the group
}

func newSeparator(m *market, g *coreGroup) *separator {
	s := &separator{m: m, g: g}
	s.base = restrict(m.in, func(b int) bool { _, ok := slices.BinarySearch(g.bidders, b); return ok })
	s.local = make([]int, len(g.winners))
	for k, b := range g.winners {
		s.local[k], _ = slices.BinarySearch(s.base.bidders, b)
		s.welfare += m.value[b]
	}
	s.prefix = "~phantom"
	for taken := true; taken; {
		taken = false
		for _, it := range s.base.in.Items {
			taken = taken || strings.HasPrefix(it.ID, s.prefix)
		}
		for _, bid := range s.base.in.Bids {
			taken = taken || strings.HasPrefix(bid.ID, s.prefix)
		}
		if taken {
			s.prefix += "~"
		}
	}
	return s
}

// separate solves the separation problem at payments paid (by winner) and
// returns the constraint of the coalition the optimum makes, with the
// status of that solve.
func (s *separator) separate(ctx context.Context, opts solver.Options, threads int, paid []float64) (coreCons, solver.Status, error) {
	in, phantoms, clipped := s.instance(paid)
	if clipped > 0 {
		s.g.notes = append(s.g.notes, fmt.Sprintf("core: %d phantom prices were cut to a budget; the separation may miss coalitions", clipped))
	}
	res, err := solver.Solve(ctx, in, subOptions(opts, threads, s.welfare+float64(phantoms)))
	if err != nil {
		return coreCons{}, 0, fmt.Errorf("separation: %w", err)
	}
	active := make([]bool, len(s.base.bidders))
	var vx float64
	for _, aw := range res.Allocation.Awards {
		if aw.Bid >= len(s.base.bids) {
			continue // a phantom
		}
		bid := &in.Bids[aw.Bid]
		active[bid.Bidder] = true
		vx += awardValue(bid, aw.Fraction)
	}
	c := coreCons{rhs: vx}
	for k, b := range s.g.winners {
		if active[s.local[k]] {
			c.rhs -= s.m.value[b]
		} else {
			c.out = append(c.out, k)
		}
	}
	return c, res.Status, nil
}

// instance builds the separation instance at payments paid: the group's
// market, plus, for each winner j with surplus u_j = v_j − paid_j of at least
// one minor unit, a phantom item and a phantom bid of j worth floor(u_j)
// (at most j's budget) on it, with j's tree turned from or(children) into
// or(xor(phantom, or(children))). The phantom asks max(1, min-volume of j)
// units of an item of its own whose capacity lets max-share allow that, so
// that j's limits never stop the phantom from winning alone. It returns the
// instance, the sum of the phantom prices, and how many were cut to a
// budget. The base market is shared, never changed.
func (s *separator) instance(paid []float64) (*auction.Instance, auction.Money, int) {
	base := s.base.in
	in := *base
	in.Items = slices.Clip(base.Items)
	in.Bids = slices.Clip(base.Bids)
	in.Bidders = slices.Clone(base.Bidders)
	var sum auction.Money
	clipped := 0
	for k, b := range s.g.winners {
		u := s.m.value[b] - paid[k]
		amt := auction.Money(math.Floor(u + noise(u)))
		bd := &in.Bidders[s.local[k]]
		if bd.Budget > 0 && amt > bd.Budget {
			amt, clipped = bd.Budget, clipped+1
		}
		if amt <= 0 {
			continue
		}
		vol := max(1, bd.MinVolume)
		it := len(in.Items)
		in.Items = append(in.Items, auction.Item{ID: fmt.Sprintf("%s.%d", s.prefix, k), DDU: fmt.Sprintf("%s.%d", s.prefix, k),
			Capacity: phantomCapacity(vol, in.Rules.MaxShare)})
		bid := len(in.Bids)
		in.Bids = append(in.Bids, auction.Bid{ID: fmt.Sprintf("%s.%d", s.prefix, k), Bidder: s.local[k],
			Bundle: []auction.Demand{{Item: it, Volume: vol}}, Amount: amt})
		inner := &auction.Group{Kind: bd.Tree.Kind, Children: bd.Tree.Children}
		bd.Tree = auction.Group{Kind: auction.Or, Children: []auction.Node{{Group: &auction.Group{Kind: auction.Xor,
			Children: []auction.Node{{Bid: bid}, {Group: inner}}}}}}
		sum += amt
	}
	return &in, sum, clipped
}

// phantomCapacity is a capacity on which max-share lets one bidder win vol.
func phantomCapacity(vol int64, share auction.Ratio) int64 {
	c := vol
	for share.IsSet() && share.FloorMul(c) < vol && c < math.MaxInt64/4 {
		c *= 2
	}
	return c
}
