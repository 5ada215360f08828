package mechanism

import (
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// coalition is a feasible allocation of a group's bids and the core
// constraint of the coalition of bidders it awards something.
type coalition struct {
	cons   coreCons
	awards []auction.Award // parent bid indices
	used   bool            // its constraint is among those found
}

// vcgCoalitions are the coalitions of the VCG re-solves in group g: for
// each winner b, the allocation of the group without b, which is the
// re-solves' allocations on the components where b wins and the
// auction's allocation on the others. Its constraint asks at least b's
// VCG payment from the winners it leaves out (b and any other it does
// not award). Duplicates are dropped.
func (m *market) vcgCoalitions(g *coreGroup) []coalition {
	byBidder := map[int][]*vcgTask{}
	for _, t := range m.vcgTasks {
		byBidder[t.b] = append(byBidder[t.b], t)
	}
	byComp := map[int][]auction.Award{} // the allocation's awards on each of g's components
	for _, aw := range m.alloc.Awards {
		byComp[m.comp[aw.Bid]] = append(byComp[m.comp[aw.Bid]], aw)
	}
	var out []coalition
	for _, b := range g.winners {
		ts := byBidder[b]
		if len(ts) == 0 {
			continue
		}
		var aws []auction.Award
		for _, k := range g.comps {
			if at := slices.IndexFunc(ts, func(t *vcgTask) bool { return t.k == k }); at >= 0 {
				aws = append(aws, ts[at].alloc...)
			} else {
				aws = append(aws, byComp[k]...)
			}
		}
		c := m.coalitionCons(g, aws)
		if !slices.ContainsFunc(out, func(d coalition) bool { return slices.Equal(d.cons.out, c.out) && d.cons.rhs == c.rhs }) {
			out = append(out, coalition{cons: c, awards: aws})
		}
	}
	return out
}

// coalitionCons is the core constraint of the coalition that an
// allocation of group g's bids (parent bid indices) awards something: the
// winners it leaves out must pay at least its value less the values the
// winners in it get in the auction.
func (m *market) coalitionCons(g *coreGroup, aws []auction.Award) coreCons {
	active := make([]bool, len(g.winners))
	var c coreCons
	for _, aw := range aws {
		bid := &m.in.Bids[aw.Bid]
		c.rhs += awardValue(bid, aw.Fraction)
		if k, ok := slices.BinarySearch(g.winners, bid.Bidder); ok {
			active[k] = true
		}
	}
	for k, b := range g.winners {
		if active[k] {
			c.rhs -= m.value[b]
		} else {
			c.out = append(c.out, k)
		}
	}
	return c
}
