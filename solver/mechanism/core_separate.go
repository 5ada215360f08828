package mechanism

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// separator builds and solves the separation instances of one group.
type separator struct {
	m       *market
	g       *coreGroup
	base    *subMarket      // the group's bidders and bids
	local   []int           // by winner: its bidder index in base
	prefix  string          // of phantom IDs, a prefix of no ID of base
	welfare float64         // W_G: the allocation's welfare on the group
	awards  []auction.Award // the allocation's awards on the group, parent bid indices
}

func newSeparator(m *market, g *coreGroup) *separator {
	s := &separator{m: m, g: g}
	s.base = restrict(m.in, func(b int) bool { _, ok := slices.BinarySearch(g.bidders, b); return ok })
	s.local = make([]int, len(g.winners))
	for k, b := range g.winners {
		s.local[k], _ = slices.BinarySearch(s.base.bidders, b)
		s.welfare += m.value[b]
	}
	for _, aw := range m.alloc.Awards {
		if _, ok := slices.BinarySearch(g.comps, m.comp[aw.Bid]); ok {
			s.awards = append(s.awards, aw)
		}
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

// sepInstance is the separation instance at some payments (instance).
type sepInstance struct {
	in      *auction.Instance
	phantom []int         // by winner: the index of its phantom bid, or −1 when it has none
	sum     auction.Money // of the phantom prices
	clipped int           // phantom prices cut to a budget
}

// at builds the separation instance at payments paid, noting when a
// phantom price was cut to a budget.
func (s *separator) at(paid []float64) *sepInstance {
	si := s.instance(paid)
	if si.clipped > 0 {
		s.g.notes = append(s.g.notes, fmt.Sprintf("core: %d phantom prices were cut to a budget; the separation may miss coalitions", si.clipped))
	}
	return si
}

// separate solves the separation problem si exactly, from start when it is
// not empty, and returns the constraint of the coalition the optimum
// makes, the optimum (an allocation of si.in) and the status of that
// solve.
func (s *separator) separate(ctx context.Context, opts solver.Options, threads int, si *sepInstance, start auction.Allocation) (coreCons, auction.Allocation, solver.Status, error) {
	o := subOptions(opts, threads, s.welfare+float64(si.sum))
	o.Start = start
	res, err := solver.Solve(ctx, si.in, o)
	if err != nil {
		return coreCons{}, auction.Allocation{}, 0, fmt.Errorf("separation: %w", err)
	}
	return s.cons(si, res.Allocation), res.Allocation, res.Status, nil
}

// cons is the constraint of the coalition that allocation a of separation
// instance si makes: the bidders its real bids award something.
func (s *separator) cons(si *sepInstance, a auction.Allocation) coreCons {
	active := make([]bool, len(s.base.bidders))
	var vx float64
	for _, aw := range a.Awards {
		if aw.Bid >= len(s.base.bids) {
			continue // a phantom
		}
		bid := &si.in.Bids[aw.Bid]
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
	return c
}

// lift maps an allocation of a separation instance to parent bid indices,
// without its phantoms.
func (s *separator) lift(si *sepInstance, a auction.Allocation) []auction.Award {
	var out []auction.Award
	for _, aw := range a.Awards {
		if aw.Bid < len(s.base.bids) {
			out = append(out, auction.Award{Bid: s.base.bids[aw.Bid], Fraction: aw.Fraction})
		}
	}
	return out
}

// heuristicWork bounds the local search of one heuristic separation, in
// wdp.Rounder.Improve's units, per bid of the separation instance.
const heuristicWork = 50

// heuristic looks for a good allocation of separation instance si without
// an exact solve: wdp.Rounder's local search from the greedy allocation,
// from the auction's allocation of the group (the grand coalition, whose
// objective W_G is the optimum once nothing blocks: the exact separation
// then starts with it) and from the pool's coalition of largest separation
// objective (its allocation with the phantoms of the winners it leaves
// out). It returns the best allocation, which passes si.in.Check, and its
// constraint.
func (s *separator) heuristic(si *sepInstance, pool []coalition) (auction.Allocation, coreCons, error) {
	r, err := wdp.NewRounder(si.in)
	if err != nil {
		return auction.Allocation{}, coreCons{}, fmt.Errorf("separation heuristic: %w", err)
	}
	work := heuristicWork * (len(si.in.Bids) + 10)
	best := r.Improve(r.Greedy(), work)
	bestObj := allocObjective(si.in, best)
	from := [][]auction.Award{s.awards} // the grand coalition: W_G, the separation's optimum once nothing blocks
	if k := s.bestCoalition(si, pool); k >= 0 {
		from = append(from, pool[k].awards)
	}
	for _, aws := range from {
		a := r.Improve(s.withPhantoms(si, aws), work)
		if obj := allocObjective(si.in, a); obj > bestObj && len(si.in.Check(a)) == 0 {
			best, bestObj = a, obj
		}
	}
	if len(si.in.Check(best)) != 0 {
		return auction.Allocation{}, coreCons{}, nil // not expected; the exact separation decides
	}
	return best, s.cons(si, best), nil
}

// bestCoalition is the index of the pool's coalition of largest objective
// in separation instance si (its value plus the phantoms of the winners it
// leaves out), the first on a tie; −1 for an empty pool.
func (s *separator) bestCoalition(si *sepInstance, pool []coalition) int {
	best, at := math.Inf(-1), -1
	for k := range pool {
		obj := pool[k].cons.rhs
		for j, b := range s.g.winners {
			if _, out := slices.BinarySearch(pool[k].cons.out, j); out {
				if p := si.phantom[j]; p >= 0 {
					obj += awardValue(&si.in.Bids[p], 1)
				}
			} else {
				obj += s.m.value[b]
			}
		}
		if obj > best {
			best, at = obj, k
		}
	}
	return at
}

// withPhantoms maps a coalition's allocation (parent bid indices) into
// separation instance si and adds the phantoms of the winners it leaves
// out, in ascending order of bid.
func (s *separator) withPhantoms(si *sepInstance, aws []auction.Award) auction.Allocation {
	var a auction.Allocation
	active := make([]bool, len(s.base.bidders))
	for _, aw := range aws {
		if i, ok := slices.BinarySearch(s.base.bids, aw.Bid); ok {
			a.Awards = append(a.Awards, auction.Award{Bid: i, Fraction: aw.Fraction})
			active[si.in.Bids[i].Bidder] = true
		}
	}
	for k := range s.g.winners {
		if p := si.phantom[k]; p >= 0 && !active[s.local[k]] {
			a.Awards = append(a.Awards, auction.Award{Bid: p, Fraction: 1})
		}
	}
	slices.SortFunc(a.Awards, func(x, y auction.Award) int { return x.Bid - y.Bid })
	return a
}

// allocObjective is Σ value × fraction of an allocation of in.
func allocObjective(in *auction.Instance, a auction.Allocation) float64 {
	var x float64
	for _, aw := range a.Awards {
		x += awardValue(&in.Bids[aw.Bid], aw.Fraction)
	}
	return x
}

// instance builds the separation instance at payments paid: the group's
// market, plus, for each winner j with surplus u_j = v_j − paid_j of at least
// one minor unit, a phantom item and a phantom bid of j worth floor(u_j)
// (at most j's budget) on it, with j's tree turned from or(children) into
// or(xor(phantom, or(children))). The phantom asks max(1, min-volume of j)
// units of an item of its own whose capacity lets max-share allow that, so
// that j's limits never stop the phantom from winning alone. The
// sepInstance also holds the phantoms' indices, the sum of their prices
// and how many were cut to a budget. The base market is shared, never
// changed.
func (s *separator) instance(paid []float64) *sepInstance {
	base := s.base.in
	in := *base
	in.Items = slices.Clip(base.Items)
	in.Bids = slices.Clip(base.Bids)
	in.Bidders = slices.Clone(base.Bidders)
	var sum auction.Money
	clipped := 0
	phantom := make([]int, len(s.g.winners))
	for k, b := range s.g.winners {
		phantom[k] = -1
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
		phantom[k] = bid
		in.Bids = append(in.Bids, auction.Bid{ID: fmt.Sprintf("%s.%d", s.prefix, k), Bidder: s.local[k],
			Bundle: []auction.Demand{{Item: it, Volume: vol}}, Amount: amt})
		inner := &auction.Group{Kind: bd.Tree.Kind, Children: bd.Tree.Children}
		bd.Tree = auction.Group{Kind: auction.Or, Children: []auction.Node{{Group: &auction.Group{Kind: auction.Xor,
			Children: []auction.Node{{Bid: bid}, {Group: inner}}}}}}
		sum += amt
	}
	return &sepInstance{in: &in, phantom: phantom, sum: sum, clipped: clipped}
}

// phantomCapacity is a capacity on which max-share lets one bidder win vol.
func phantomCapacity(vol int64, share auction.Ratio) int64 {
	c := vol
	for share.IsSet() && share.FloorMul(c) < vol && c < math.MaxInt64/4 {
		c *= 2
	}
	return c
}
