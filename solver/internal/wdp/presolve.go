package wdp

import (
	"context"
	"fmt"
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// Presolved is an instance reduced by Presolve, and the record of what was
// done, so that an allocation of the reduced instance can be lifted back
// to the original bids (Sub.Lift). The reduced instance keeps every item
// and bidder of the original, at the same indices; only bids go.
type Presolved struct {
	Sub
	// Removed lists every bid of the original that the reduced instance
	// leaves out, in ascending order of bid.
	Removed []Removal
	// Raised counts the divisible bids whose MinFraction was raised: the
	// only bid left to a bidder with a min-volume must reach it alone.
	Raised int
}

// Removal is one bid that presolve removed, and why.
type Removal struct {
	Bid    int    // index in the original instance
	Reason Reason // why it cannot win, or why it is not needed
	By     int    // for ReasonDominated and ReasonDuplicate: the original index of the bid that replaces it; else −1
}

// Count returns how many bids were removed for the reason.
func (p *Presolved) Count(r Reason) int {
	n := 0
	for _, rm := range p.Removed {
		if rm.Reason == r {
			n++
		}
	}
	return n
}

// Presolve reduces a valid instance without changing its optimal revenue:
//
//   - bids that cannot win are removed: below the reserve of their bundle;
//     a volume above an item's capacity or max-share limit, a payment above
//     the budget or a volume above the max-volume, even at the least
//     fraction; more items than the max-items; bids of a bidder whose
//     min-volume is out of reach of all its bids together; and bids in a
//     group that can no longer be taken (an all group that lost a bid, a
//     choose group left with fewer bids than its Min);
//   - the MinFraction of the one bid left to a bidder with a min-volume is
//     raised to what reaching it alone takes;
//   - dominated all-or-nothing bids and duplicates are removed, where that
//     is provably safe (see presolve_dominance.go for the argument).
//
// Each step keeps at least one optimal allocation, so the optimum of the
// reduced instance is the optimum of the original, and an allocation of
// the reduced instance that passes Check, lifted by Sub.Lift, passes Check
// on the original. Presolve is deterministic. Build, not Presolve, fixes
// the upper bounds of the fractions and tightens coefficients (Tighten).
func Presolve(in *auction.Instance) (*Presolved, error) {
	if in == nil {
		return nil, ErrNoInstance
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("wdp: invalid instance: %w", err)
	}
	return PresolveContext(context.Background(), in)
}

// PresolveContext is Presolve for an instance that has passed Validate (it
// is not validated again: on the national DDU market, 100,000 bids, that
// takes a tenth of a second, a fifth of presolve), and that gives up when
// ctx is done: it then returns an error wrapping ctx.Err(), a few
// milliseconds later at most.
func PresolveContext(ctx context.Context, in *auction.Instance) (*Presolved, error) {
	if in == nil {
		return nil, ErrNoInstance
	}
	ps := &presolver{in: in, rng: make([]bidRange, len(in.Bids)), dead: make([]bool, len(in.Bids)),
		why: make([]Reason, len(in.Bids)), by: make([]int, len(in.Bids)), byBidder: make([][]int, len(in.Bidders)),
		poll: poller{ctx: ctx}}
	for i := range in.Bids {
		if ps.poll.stop(len(in.Bids[i].Bundle)) {
			break
		}
		ps.byBidder[in.Bids[i].Bidder] = append(ps.byBidder[in.Bids[i].Bidder], i)
		ps.rng[i] = soloRange(in, i)
		ps.by[i] = -1
		if r := ps.rng[i].dead; r != ReasonNone {
			ps.kill(i, r)
		}
	}
	ps.fixpoint()
	ps.dominance()
	ps.fixpoint()
	if err := ps.poll.err; err != nil {
		return nil, fmt.Errorf("wdp: presolve: %w", err)
	}
	return ps.result()
}

type presolver struct {
	poll poller // every loop ends early once it sees the context done
	in   *auction.Instance
	rng  []bidRange // by bid, with least fractions raised
	dead []bool     // by bid
	why  []Reason   // by bid
	by   []int      // by bid: the dominating bid, or −1

	byBidder [][]int // by bidder: its bids, ascending
}

func (ps *presolver) kill(i int, why Reason) {
	if !ps.dead[i] {
		ps.dead[i], ps.why[i] = true, why
	}
}

// fixpoint removes bids in dead groups and of bidders whose min-volume is
// out of reach, and raises the least fraction of single bids with a
// min-volume, until nothing changes.
func (ps *presolver) fixpoint() {
	in := ps.in
	for changed := true; changed; {
		changed = false
		for b := range in.Bidders {
			if ps.poll.stop(1 + len(ps.byBidder[b])) {
				return
			}
			for _, ch := range in.Bidders[b].Tree.Children {
				if ch.Group != nil {
					groupDead(ch.Group, ps.dead, func(i int) {
						ps.kill(i, ReasonGroup)
						changed = true
					})
				}
			}
			if ps.minVolume(b) {
				changed = true
			}
		}
	}
}

// minVolume applies a bidder's min-volume: it removes all the bidder's
// bids when no allocation reaches it, or raises the least fraction of its
// only bid. It reports whether it changed anything.
func (ps *presolver) minVolume(b int) bool {
	in := ps.in
	m := in.Bidders[b].MinVolume
	if m <= 0 {
		return false
	}
	var live []int
	for _, i := range ps.byBidder[b] {
		if !ps.dead[i] {
			live = append(live, i)
		}
	}
	if len(live) == 0 {
		return false
	}
	if reach := ps.reach(b, live); reach < float64(m)*(1-1e-12) {
		for _, i := range live {
			ps.kill(i, ReasonMinVolume)
		}
		return true
	}
	if len(live) == 1 {
		i := live[0]
		r := raiseForMinVolume(ps.rng[i], m, in.Bids[i].TotalVolume())
		if r.dead != ReasonNone {
			ps.kill(i, r.dead)
			return true
		}
		if r.lo != ps.rng[i].lo {
			ps.rng[i] = r
			return true
		}
	}
	return false
}

// reach is an upper bound on the volume bidder b can win with its live
// bids: through its tree (a xor takes its largest child, a choose its Max
// largest), per item at most the capacity or max-share limit, and at most
// its max-volume.
func (ps *presolver) reach(b int, live []int) float64 {
	in := ps.in
	most := func(i int) float64 { return float64(in.Bids[i].TotalVolume()) * ps.rng[i].hi.float() }
	tree := ps.treeReach(&in.Bidders[b].Tree, most)
	demand := map[int]float64{}
	var items []int
	for _, i := range live {
		h := ps.rng[i].hi.float()
		for _, d := range in.Bids[i].Bundle {
			if _, ok := demand[d.Item]; !ok {
				items = append(items, d.Item)
			}
			demand[d.Item] += float64(d.Volume) * h
		}
	}
	slices.Sort(items)
	var perItem float64
	for _, it := range items {
		perItem += min(demand[it], float64(maxShareLimit(in, it)))
	}
	r := min(tree, perItem)
	if mv := in.Bidders[b].MaxVolume; mv > 0 {
		r = min(r, float64(mv))
	}
	return r
}

func (ps *presolver) treeReach(g *auction.Group, most func(int) float64) float64 {
	var vals []float64
	for _, ch := range g.Children {
		switch {
		case ch.Group != nil:
			vals = append(vals, ps.treeReach(ch.Group, most))
		case !ps.dead[ch.Bid]:
			vals = append(vals, most(ch.Bid))
		}
	}
	take := len(vals)
	switch g.Kind {
	case auction.Xor:
		take = min(take, 1)
	case auction.Choose:
		take = min(take, g.Max)
	}
	slices.SortFunc(vals, func(a, b float64) int { // largest first
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
	var s float64
	for _, v := range vals[:take] {
		s += v
	}
	return s
}

func (ps *presolver) result() (*Presolved, error) {
	in := ps.in
	var keep []int
	out := &Presolved{}
	for i := range in.Bids {
		if ps.dead[i] {
			out.Removed = append(out.Removed, Removal{Bid: i, Reason: ps.why[i], By: ps.by[i]})
		} else {
			keep = append(keep, i)
		}
	}
	sub, err := newExtractor(in).extract(keep, false)
	if err != nil {
		return nil, err
	}
	out.Sub = *sub
	for k, i := range out.Bids {
		bid := &out.In.Bids[k]
		if !bid.Divisible() || ps.rng[i].lo == qRatio(in.Bids[i].MinFraction) {
			continue
		}
		if r, ok := ps.rng[i].lo.ratio(); ok && bid.MinFraction.Cmp(r) < 0 {
			bid.MinFraction = r
			out.Raised++
		}
	}
	return out, nil
}
