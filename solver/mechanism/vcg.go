package mechanism

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/internal/par"
)

// vcgTask is one re-solve: component k of the market without bidder b.
type vcgTask struct {
	k, b  int     // component, bidder (parent index)
	w     float64 // W_k: the welfare of the allocation on component k
	vb    float64 // v_b,k: b's share of it
	floor float64 // the reserve of b's awards on component k (reserveFloors)
	// Results.
	without  float64 // W_k(−b): the optimum of component k without b, or an upper bound on it at most W_k − v_b,k + floor
	gap      float64 // Bound − Objective of that re-solve (0 when proven)
	status   solver.Status
	err      error
	resolved bool            // false when nothing was left to solve
	floored  bool            // stopped once its bound proved the pivot on k at most floor
	skipped  bool            // not begun: the shared deadline had passed
	alloc    []auction.Award // the allocation of component k without b that gave without, parent bid indices
}

// payVCG returns the VCG (Clarke pivot) payment of every bidder, as a real
// number in minor units, before rounding:
//
//	p_b = W(−b) − (W − v_b)
//
// where W is the welfare Σ value × fraction of the allocation, v_b the part
// of it that b's awards make up, and W(−b) the optimal welfare of the market
// without b's bids. A bidder that wins nothing pays 0.
//
// The market is split by wdp.Decompose into components that no constraint
// links (an item whose capacity or max-share can bind, a group that limits
// its children, a bidder limit that can bind). The optimum is the sum of the
// components' optima and removing b changes only the components that hold
// its bids, so
//
//	p_b = Σ over components k where b wins of  W_k(−b) − (W_k − v_b,k)
//
// with W_k the allocation's welfare on k (the optimum of k, for an optimal
// allocation). One re-solve (solver.Solve) per winner and component it wins
// in: component k with every bid of b removed. A component where every bid
// can win at once (wdp.Component.Trivial) needs none: there W_k(−b) = W_k −
// v_b,k, unless the rule min-winners applies to one of its regions (without
// b a region may have too few bidders left: regional). Under min-winners a
// re-solve keeps every region of its component (restrictAllRegions), and
// one that finds no allocation leaves p_b undefined: ErrUnsupported.
// Re-solves run in parallel, opts.Threads at a time, largest v_b,k first
// (they tend to take longest, and the largest payments rest on them),
// with a relative gap that makes their absolute gap at most a tenth of a
// minor unit (subOptions). They share the context's deadline (pay's
// shareDeadline): one that has not begun by then is not run. (They do not
// get a fair share of the time each: that would stop a hard re-solve the
// time would have let end, the easy ones ending early, and on the largest
// markets a share too short for the root LP does not improve on the
// start.) One that a limit stops, or that is not run, is not proven
// optimal: its best allocation (the award without b, when not run) is
// used, so the payment can only be too low, by at most the re-solve's
// Bound − Objective (v_b,k when not run: W_k(−b) ≤ W_k on an optimal
// allocation); Payments.Exact turns false and a note says by how much. An
// error from a re-solve (a bug: the sub-instances of a valid instance are
// valid) is returned.
//
// These are the pivots alone; pay raises each to the reserve of what the
// bidder wins (floorAtReserves) before the core starts from them. So the
// re-solve of a bidder that has no other stops, exactly, as soon as its
// proven bound puts b's pivot on k at or below the reserve of b's awards
// there, W_k(−b) ≤ W_k − v_b,k + reserve_b,k (solveUntil): the payment is
// then b's reserve whatever the optimum (its pivots on trivial components
// are 0), and the bound stands in for W_k(−b). Such a re-solve keeps its
// best allocation for the core's seeds, found by the time it stopped: the
// core payments do not depend on it, the count of its rounds may.
//
// # Cost
//
// Each re-solve is a full proof of optimality, and its branch-and-bound
// tree is the cost (TestResolveProfile measures it): on generated DDU and
// CATS regions markets, presolve, the root LP and the root cut loop take
// at most a tenth of a re-solve, the tree the rest, and a re-solve
// searches 0.3 to 13 times the nodes of the component's own solve (DDU 50
// × 300: 33 re-solves of 18,000 nodes on average, the component 21,000).
// Measured and not kept: starting a re-solve from its own optimum (about
// a tenth fewer simplex iterations on DDU 50 × 300: the most any better
// start can give); RINS off in the re-solves (18% fewer iterations on DDU
// 20 × 100, 43% more on five re-solves of 50 × 300); reopening the
// component's search tree instead of a new one (its closed subtrees with
// a bound above W_k(−b) number 7,000 to 11,000 on DDU 50 × 300, and its
// reduced-cost fixings 6,000 to 75,000, against 6,000 to 83,000 nodes in
// a re-solve); no strong branching in the re-solves (twice the nodes on
// DDU 20 × 100, and more time: what pseudo-costs carried over from the
// allocation's search could save is at most strong branching's share, a
// sixth of the time). The reserve-floor stop and the order by v_b,k cost
// nothing but did not change the median CPU time on DDU 20 × 100 (the
// floored re-solves are the cheap ones). So the payments cost about the
// number of winners with competition times 2.6 (the mean re-solve, DDU
// 20 × 100) allocations, over the workers.
func (m *market) payVCG(ctx context.Context, opts solver.Options, p *Payments) ([]float64, error) {
	var tasks []*vcgTask
	at := map[[2]int]*vcgTask{}
	for _, aw := range m.alloc.Awards {
		k, b := m.comp[aw.Bid], m.in.Bids[aw.Bid].Bidder
		t := at[[2]int{k, b}]
		if t == nil {
			t = &vcgTask{k: k, b: b}
			at[[2]int{k, b}] = t
			tasks = append(tasks, t)
		}
		t.vb += m.award[aw.Bid]
		t.floor += float64(m.in.ReserveDue(aw))
	}
	slices.SortFunc(tasks, func(x, y *vcgTask) int {
		if x.k != y.k {
			return x.k - y.k
		}
		return x.b - y.b
	})
	compW := make([]float64, len(m.comps))
	for _, aw := range m.alloc.Awards {
		compW[m.comp[aw.Bid]] += m.award[aw.Bid]
	}
	var todo []*vcgTask
	for _, t := range tasks {
		t.w = compW[t.k]
		if m.comps[t.k].Trivial && !m.regional(t.k) {
			t.without = t.w - t.vb
			t.status = solver.Optimal
			t.alloc = m.awardsWithout(t.k, t.b)
			continue
		}
		todo = append(todo, t)
	}
	// A bidder's payment is max(Σ_k pivot_k, Σ_k reserve_k) over the
	// components it wins in: a bound that puts one pivot below its
	// component's reserve decides it only when the bidder's other pivots
	// are 0 (trivial components), that is when it has one re-solve.
	resolves := make(map[int]int)
	for _, t := range todo {
		resolves[t.b]++
	}
	// The largest winners first: their re-solves tend to take longest,
	// and the workers then end together.
	slices.SortStableFunc(todo, func(x, y *vcgTask) int { return cmp.Compare(y.vb, x.vb) })
	outer, inner := workers(opts, len(todo))
	par.ForEach(len(todo), outer, func(i int) {
		t := todo[i]
		c := &m.comps[t.k]
		if ctx.Err() != nil { // the shared deadline passed before this one began
			t.status, t.skipped = solver.Feasible, true
			t.without, t.gap = t.w-t.vb, t.vb // W_k(−b) ≤ W_k on an optimal allocation
			t.alloc = m.awardsWithout(t.k, t.b)
			return
		}
		lb, _ := slices.BinarySearch(c.Bidders, t.b)
		// Under min-winners the re-solve keeps every region of the
		// component, b's own included: the rule must hold there without b.
		sub := restrictAllRegions(c.In, func(b int) bool { return b != lb })
		if len(sub.in.Bids) == 0 {
			t.status = solver.Optimal
			if sub.in.Rules.MinWinners > 0 && len(sub.in.Regions()) > 0 {
				t.status = solver.Infeasible
			}
			return
		}
		o := subOptions(opts, inner, t.w)
		o.Start = m.startWithout(t.k, sub) // the award without b: feasible, usually near optimal
		// Once a proven bound puts the pivot on k at or below b's reserve
		// there, the payment is that reserve (floorAtReserves): stop.
		cut, cuts := t.w-t.vb+t.floor, !m.plain && t.floor > 0 && resolves[t.b] == 1
		res, floored, err := solveUntil(ctx, sub.in, o, func(p solver.Progress) bool { return cuts && p.Bound <= cut })
		t.resolved, t.err, t.status = true, err, res.Status
		t.without, t.gap = res.Objective, max(0, res.Bound-res.Objective)
		if floored {
			t.floored, t.status, t.without, t.gap = true, solver.Optimal, res.Bound, 0
		}
		for _, aw := range res.Allocation.Awards {
			t.alloc = append(t.alloc, auction.Award{Bid: c.Bids[sub.bids[aw.Bid]], Fraction: aw.Fraction})
		}
	})
	m.vcgTasks = tasks
	v := make([]float64, len(m.in.Bidders))
	resolved, inexact, floored, skipped := 0, 0, 0, 0
	var gap float64
	var bigBids int
	for _, t := range tasks {
		if t.floored {
			floored++
		}
		if t.skipped {
			skipped++
		}
		if t.err != nil {
			return nil, fmt.Errorf("mechanism: vcg: re-solve without bidder %q: %w", m.in.Bidders[t.b].ID, t.err)
		}
		if t.status == solver.Infeasible {
			return nil, fmt.Errorf("%w: vcg: without bidder %q no allocation meets min-winners, so its Clarke pivot is undefined", ErrUnsupported, m.in.Bidders[t.b].ID)
		}
		if t.resolved {
			resolved++
			bigBids = max(bigBids, len(m.comps[t.k].Bids))
		}
		if t.status != solver.Optimal {
			inexact++
			gap = max(gap, t.gap)
		}
		v[t.b] += t.without - (t.w - t.vb)
	}
	for b := range v {
		v[b] = max(v[b], 0) // W(−b) ≥ W − v_b: the allocation without b is feasible
	}
	p.Resolves = resolved
	free := "1 winner of a component without competition pays 0 there"
	if n := len(tasks) - len(todo); n != 1 {
		free = fmt.Sprintf("%d winners of components without competition pay 0 there", n)
	}
	p.Notes = append(p.Notes, fmt.Sprintf("vcg: %s of a component without one of its winners (largest %d bids); %s",
		count(resolved, "re-solve"), bigBids, free))
	if floored > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("vcg: %s stopped once the bound proved the Clarke pivot below the reserve of what the winner wins there", count(floored, "re-solve")))
	}
	if inexact > 0 {
		p.Exact = false
		were, their := "were", "their payments"
		if inexact == 1 {
			were, their = "was", "its payment"
		}
		why := were + " stopped by a limit before a proof of optimality"
		if skipped > 0 {
			why += fmt.Sprintf(" (%d not begun: %s had passed)", skipped, stopped(ctx.Err()))
		}
		p.Notes = append(p.Notes, fmt.Sprintf("vcg: %s %s: %s may be too low by up to %s",
			count(inexact, "re-solve"), why, their, m.money(gap)))
	}
	return v, nil
}

// startWithout is the allocation of component k restricted to the bids of
// sub (the component without one bidder), in sub's indices: a head start
// for the re-solve.
func (m *market) startWithout(k int, sub *subMarket) auction.Allocation {
	var a auction.Allocation
	for _, aw := range m.alloc.Awards {
		if m.comp[aw.Bid] != k {
			continue
		}
		if i, ok := slices.BinarySearch(sub.bids, m.local[aw.Bid]); ok {
			a.Awards = append(a.Awards, auction.Award{Bid: i, Fraction: aw.Fraction})
		}
	}
	return a
}

// awardsWithout is the allocation's awards on component k, but those of
// bidder b, in parent bid indices.
func (m *market) awardsWithout(k, b int) []auction.Award {
	var out []auction.Award
	for _, aw := range m.alloc.Awards {
		if m.comp[aw.Bid] == k && m.in.Bids[aw.Bid].Bidder != b {
			out = append(out, aw)
		}
	}
	return out
}

// regional reports whether the rule min-winners applies to some item of
// component k.
func (m *market) regional(k int) bool {
	if m.in.Rules.MinWinners <= 0 {
		return false
	}
	for _, it := range m.comps[k].In.Items {
		if it.Region != "" {
			return true
		}
	}
	return false
}
