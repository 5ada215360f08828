package wdp

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// Neighbourhoods grows neighbourhoods of one instance for a large-
// neighbourhood search: the bids that demand a compact set of items around
// a seed item. Items are taken nearest first when every item has a
// location (Item.Loc: on the generated DDU markets a neighbourhood is then
// a disc on the map, where shippers' bundles cluster), otherwise in
// breadth-first order over the bids they share. Its tables are built
// once; it is not safe for concurrent use, and its answers are
// deterministic.
type Neighbourhoods struct {
	in               *auction.Instance
	itemLo, itemBids []int32 // the bids on item it are itemBids[itemLo[it]:itemLo[it+1]]
	located          bool

	bidMark []uint32 // == stamp: taken in the current neighbourhood
	queued  []uint32 // by item: == stamp when queued by the breadth-first order
	stamp   uint32
	order   []int32   // scratch: items in the order they are taken
	dist    []float64 // scratch, by item
}

// NewNeighbourhoods builds the tables of an instance whose bids name
// items in range (any valid instance); it returns ErrNoInstance for nil
// and an error for a bid naming an item out of range.
func NewNeighbourhoods(in *auction.Instance) (*Neighbourhoods, error) {
	if in == nil {
		return nil, ErrNoInstance
	}
	ni := len(in.Items)
	n := &Neighbourhoods{in: in, itemLo: make([]int32, ni+1), located: ni > 0,
		bidMark: make([]uint32, len(in.Bids)), queued: make([]uint32, ni), dist: make([]float64, ni)}
	for i := range in.Bids {
		for _, d := range in.Bids[i].Bundle {
			if d.Item < 0 || d.Item >= ni {
				return nil, fmt.Errorf("wdp: neighbourhoods: bid %d names item %d, the instance has %d", i, d.Item, ni)
			}
			n.itemLo[d.Item+1]++
		}
	}
	for k := 1; k <= ni; k++ {
		n.itemLo[k] += n.itemLo[k-1]
	}
	n.itemBids = make([]int32, n.itemLo[ni])
	next := slices.Clone(n.itemLo[:ni])
	for i := range in.Bids {
		for _, d := range in.Bids[i].Bundle {
			n.itemBids[next[d.Item]] = int32(i)
			next[d.Item]++
		}
	}
	for it := range in.Items {
		if l := in.Items[it].Loc; l == nil || math.IsNaN(l.Lat) || math.IsNaN(l.Lon) {
			n.located = false
		}
	}
	return n, nil
}

// Around returns the neighbourhood of item seed: items are taken in order
// (nearest first, or breadth first; ties by index) with the bids that
// demand them, the seed always, the others while the bids taken stay
// within maxBids bids and maxDemands (item, volume) pairs in all. It
// returns the bids, ascending, and the items taken, in the order taken.
// A seed out of range gives nothing.
func (n *Neighbourhoods) Around(seed, maxBids, maxDemands int) (bids, items []int) {
	if seed < 0 || seed >= len(n.in.Items) {
		return nil, nil
	}
	n.stamp++
	if n.stamp == 0 {
		clear(n.bidMark)
		clear(n.queued)
		n.stamp = 1
	}
	var demands int
	take := func(it int32, first bool) bool {
		added, dem := 0, 0
		for _, i := range n.itemBids[n.itemLo[it]:n.itemLo[it+1]] {
			if n.bidMark[i] != n.stamp {
				added++
				dem += len(n.in.Bids[i].Bundle)
			}
		}
		if !first && (len(bids)+added > maxBids || demands+dem > maxDemands) {
			return false
		}
		items = append(items, int(it))
		for _, i := range n.itemBids[n.itemLo[it]:n.itemLo[it+1]] {
			if n.bidMark[i] != n.stamp {
				n.bidMark[i] = n.stamp
				bids = append(bids, int(i))
			}
		}
		demands += dem
		return true
	}
	if n.located {
		n.nearest(seed)
		for k, it := range n.order {
			if !take(it, k == 0) {
				break
			}
		}
	} else {
		n.breadthFirst(seed, take)
	}
	slices.Sort(bids)
	return bids, items
}

// nearest fills order with every item by distance from seed (an
// equirectangular projection around the seed's latitude), ties by index.
func (n *Neighbourhoods) nearest(seed int) {
	in := n.in
	s := in.Items[seed].Loc
	c := math.Cos(s.Lat * math.Pi / 180)
	n.order = n.order[:0]
	for it := range in.Items {
		l := in.Items[it].Loc
		dx, dy := (l.Lon-s.Lon)*c, l.Lat-s.Lat
		n.dist[it] = dx*dx + dy*dy
		n.order = append(n.order, int32(it))
	}
	slices.SortFunc(n.order, func(a, b int32) int {
		if c := cmp.Compare(n.dist[a], n.dist[b]); c != 0 {
			return c
		}
		return int(a - b)
	})
}

// breadthFirst takes items breadth first from seed over the bids they
// share, until take refuses one.
func (n *Neighbourhoods) breadthFirst(seed int, take func(it int32, first bool) bool) {
	in := n.in
	n.order = append(n.order[:0], int32(seed))
	n.queued[seed] = n.stamp
	for k := 0; k < len(n.order); k++ {
		it := n.order[k]
		if !take(it, k == 0) {
			return
		}
		for _, i := range n.itemBids[n.itemLo[it]:n.itemLo[it+1]] {
			for _, d := range in.Bids[i].Bundle {
				if j := int32(d.Item); n.queued[j] != n.stamp {
					n.queued[j] = n.stamp
					n.order = append(n.order, j)
				}
			}
		}
	}
}
