package gen

import (
	"cmp"
	"container/heap"
	"fmt"
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// Published defaults of paths (CATS 2.x, paths.cpp; EC 2000 §4.1).
const (
	pathsInitialConnections = 2   // each city is first joined to its nearest cities
	pathsEdgeDensity        = 3.0 // edges per city: cities = goods / edge_density
	pathsBuildingPenalty    = 1.7 // a new road costs its length × building_penalty
	pathsShippingCostFactor = 1.5 // a bidder values A→B at d·dist(A,B), d ~ U[1, factor]
	pathsMaxBidSetSize      = 5   // at most this many paths per bidder
	pathsCandidates         = 10  // gavel: roads are only built between a city and its nearest cities
	pathsMaxGoods           = 20000
)

// genPaths: cities are uniform in the unit square; roads are built, as in
// CATS, by joining every city to its initial_connections nearest cities and
// then, for random pairs of cities, building the roads of the cheapest
// route where an existing road costs its length and a new one its length
// times building_penalty, until the graph has exactly Goods roads. Goods
// are the roads. A bidder wants to ship between two random cities, values
// that at d·dist(A,B) with d ~ U[1, shipping_cost_factor], and bids that
// price on each of the up to max_bid_set_size cheapest routes whose length
// is at most that value, as an XOR set.
func genPaths(c *Config) (*auction.Instance, error) {
	n := c.Goods
	if n < 3 || n > pathsMaxGoods {
		return nil, fmt.Errorf("%w: paths needs 3 to %d goods (roads)", ErrConfig, pathsMaxGoods)
	}
	g := newRNG(c.Seed, "paths")
	cities := max(3, int((float64(n)+pathsEdgeDensity-1)/pathsEdgeDensity))
	for cities*(cities-1)/2 < n {
		cities++
	}
	var rg *roadGraph
	start := cities
	for try := 0; try < 50 && cities-1 <= n; try++ { // n roads join at most n+1 cities
		if r := buildRoads(g, cities, n, false); r != nil && r.connected() {
			rg = r
			break
		}
		cities += 1 + cities/10 // as CATS, more cities when building stalls
	}
	// gavel: on small markets CATS's growth of the city count overshoots
	// (more cities than n roads can join) and most seeds of 3 to 20 roads
	// failed. Then back to the first count, a stalled build finished with
	// the shortest roads not yet built. Markets built above are unchanged.
	for try := 0; rg == nil && try < 50; try++ {
		if r := buildRoads(g, start, n, true); r != nil && r.connected() {
			rg = r
		}
	}
	if rg == nil {
		return nil, fmt.Errorf("%w: paths: could not build a connected road graph with %d roads; try more goods or another seed", ErrExhausted, n)
	}
	b := newCATSBuilder(n, c)
	ys := newYen(rg)
	next := func() bool {
		a := g.intn(rg.n)
		z := g.intn(rg.n - 1)
		if z >= a {
			z++
		}
		value := mul(g.uniform(1, pathsShippingCostFactor), rg.cityDist(a, z))
		paths := ys.kShortest(a, z, pathsMaxBidSetSize, value)
		if len(paths) == 0 {
			return true // no route is cheap enough: this shipper does not bid
		}
		bundles := make([][]int32, len(paths))
		prices := make([]float64, len(paths))
		for i, p := range paths {
			bundles[i] = p.edges
			prices[i] = value
		}
		b.addSet(bundles, prices)
		return true
	}
	if err := b.run(c.Bids, next); err != nil {
		return nil, fmt.Errorf("paths: %w", err)
	}
	return b.instance(instanceName("paths", c)), nil
}

// roadGraph is the city graph: candidate roads between near cities, some
// of them built.
type roadGraph struct {
	n      int
	x, y   []float64
	adj    [][]roadArc // candidate roads, by city
	built  []int32     // per candidate road: its good (edge id), or -1
	length []float64   // per candidate road
	ends   [][2]int32  // per candidate road
	goods  int         // roads built
}

type roadArc struct {
	to   int32
	road int32 // candidate road index
}

func (rg *roadGraph) cityDist(a, b int) float64 { return dist(rg.x[a], rg.y[a], rg.x[b], rg.y[b]) }

// buildRoads places cities and builds exactly want roads, or returns nil
// when building stalls; with finish, a stalled build goes on with the
// shortest candidate road not yet built.
func buildRoads(g *rng, cities, want int, finish bool) *roadGraph {
	rg := &roadGraph{n: cities, x: make([]float64, cities), y: make([]float64, cities), adj: make([][]roadArc, cities)}
	for i := range cities {
		rg.x[i], rg.y[i] = g.float(), g.float()
	}
	// Candidate roads: each city to its pathsCandidates nearest cities.
	k := min(pathsCandidates, cities-1)
	nearest := make([][]int32, cities)
	order := make([]int32, 0, cities)
	roadOf := map[[2]int32]int32{}
	for i := range cities {
		order = order[:0]
		for j := range cities {
			if j != i {
				order = append(order, int32(j))
			}
		}
		slices.SortFunc(order, func(a, b int32) int {
			if c := cmp.Compare(rg.cityDist(i, int(a)), rg.cityDist(i, int(b))); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		nearest[i] = slices.Clone(order[:k])
		for _, j := range nearest[i] {
			rg.addCandidate(int32(i), j, roadOf)
		}
	}
	ps := newPathSearch(rg)
	build := func(a, z int) bool {
		p, ok := ps.shortest(a, z, true)
		if !ok {
			return false
		}
		made := false
		for _, r := range p.roads {
			if rg.built[r] < 0 && rg.goods < want {
				rg.built[r] = int32(rg.goods)
				rg.goods++
				made = true
			}
		}
		return made
	}
	for i := 0; i < cities && rg.goods < want; i++ {
		for _, j := range nearest[i][:min(pathsInitialConnections, k)] {
			build(i, int(j))
		}
	}
	for idle := 0; rg.goods < want; {
		a := g.intn(cities)
		z := g.intn(cities - 1)
		if z >= a {
			z++
		}
		if build(a, z) {
			idle = 0
		} else if idle++; idle > cities {
			if !finish || !rg.buildShortestUnbuilt() {
				return nil
			}
			idle = 0
		}
	}
	return rg
}

// buildShortestUnbuilt builds the shortest candidate road not yet built
// (the first such on ties) and reports whether there was one.
func (rg *roadGraph) buildShortestUnbuilt() bool {
	best := -1
	for r, l := range rg.length {
		if rg.built[r] < 0 && (best < 0 || l < rg.length[best]) {
			best = r
		}
	}
	if best < 0 {
		return false
	}
	rg.built[best] = int32(rg.goods)
	rg.goods++
	return true
}

func (rg *roadGraph) addCandidate(a, b int32, roadOf map[[2]int32]int32) {
	key := [2]int32{min(a, b), max(a, b)}
	if _, ok := roadOf[key]; ok {
		return
	}
	r := int32(len(rg.length))
	roadOf[key] = r
	rg.length = append(rg.length, rg.cityDist(int(a), int(b)))
	rg.built = append(rg.built, -1)
	rg.ends = append(rg.ends, key)
	rg.adj[a] = append(rg.adj[a], roadArc{b, r})
	rg.adj[b] = append(rg.adj[b], roadArc{a, r})
}

// connected reports whether the built roads join every city.
func (rg *roadGraph) connected() bool {
	seen := make([]bool, rg.n)
	stack := []int{0}
	seen[0] = true
	count := 1
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, a := range rg.adj[v] {
			if rg.built[a.road] >= 0 && !seen[a.to] {
				seen[a.to] = true
				count++
				stack = append(stack, int(a.to))
			}
		}
	}
	return count == rg.n
}

// route is a path between two cities.
type route struct {
	nodes []int32
	roads []int32 // candidate road indices
	edges []int32 // goods
	cost  float64
}

// pathSearch runs A* searches (the straight line is an admissible,
// consistent estimate: no road is shorter than it).
type pathSearch struct {
	rg      *roadGraph
	g       []float64
	prev    []roadArc
	seen    []uint32 // == stamp: g is set
	done    []uint32 // == stamp: settled
	blockN  []uint32 // == stamp: node is blocked
	blockR  []uint32 // == stamp: road is blocked
	stamp   uint32
	pq      astarQueue
	targetX float64
	targetY float64
}

func newPathSearch(rg *roadGraph) *pathSearch {
	return &pathSearch{
		rg: rg, g: make([]float64, rg.n), prev: make([]roadArc, rg.n),
		seen: make([]uint32, rg.n), done: make([]uint32, rg.n), blockN: make([]uint32, rg.n),
		blockR: make([]uint32, len(rg.length)),
	}
}

// reset starts a new search generation; blocks set after it apply to it.
func (ps *pathSearch) reset() {
	ps.stamp++
	if len(ps.blockR) < len(ps.rg.length) {
		ps.blockR = append(ps.blockR, make([]uint32, len(ps.rg.length)-len(ps.blockR))...)
	}
}

// shortest finds the cheapest route from a to z. When building, every
// candidate road may be used and an unbuilt one costs its length times the
// building penalty; otherwise only built roads are used, at their length,
// avoiding the blocked nodes and roads of the current generation.
func (ps *pathSearch) shortest(a, z int, building bool) (route, bool) {
	if building {
		ps.reset()
	}
	rg := ps.rg
	ps.targetX, ps.targetY = rg.x[z], rg.y[z]
	ps.pq = ps.pq[:0]
	ps.g[a] = 0
	ps.seen[a] = ps.stamp
	heap.Push(&ps.pq, astarItem{f: rg.cityDist(a, z), node: int32(a)})
	for ps.pq.Len() > 0 {
		it := heap.Pop(&ps.pq).(astarItem)
		v := int(it.node)
		if ps.done[v] == ps.stamp {
			continue
		}
		ps.done[v] = ps.stamp
		if v == z {
			break
		}
		for _, arc := range rg.adj[v] {
			w := int(arc.to)
			if ps.done[w] == ps.stamp || ps.blockN[w] == ps.stamp || ps.blockR[arc.road] == ps.stamp {
				continue
			}
			cost := rg.length[arc.road]
			if rg.built[arc.road] < 0 {
				if !building {
					continue
				}
				cost = mul(cost, pathsBuildingPenalty)
			}
			ng := ps.g[v] + cost
			if ps.seen[w] != ps.stamp || ng < ps.g[w] {
				ps.seen[w] = ps.stamp
				ps.g[w] = ng
				ps.prev[w] = roadArc{to: int32(v), road: arc.road}
				heap.Push(&ps.pq, astarItem{f: ng + rg.cityDist(w, z), node: int32(w)})
			}
		}
	}
	if ps.done[z] != ps.stamp {
		return route{}, false
	}
	var r route
	for v := z; v != a; v = int(ps.prev[v].to) {
		r.nodes = append(r.nodes, int32(v))
		r.roads = append(r.roads, ps.prev[v].road)
	}
	r.nodes = append(r.nodes, int32(a))
	slices.Reverse(r.nodes)
	slices.Reverse(r.roads)
	r.cost = ps.g[z]
	return r, true
}

type astarItem struct {
	f    float64
	node int32
}

type astarQueue []astarItem

func (q astarQueue) Len() int { return len(q) }
func (q astarQueue) Less(i, j int) bool {
	if q[i].f != q[j].f {
		return q[i].f < q[j].f
	}
	return q[i].node < q[j].node
}
func (q astarQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *astarQueue) Push(x any)   { *q = append(*q, x.(astarItem)) }
func (q *astarQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// yen finds the k cheapest simple routes over built roads (Yen, 1971).
type yen struct {
	rg *roadGraph
	ps *pathSearch
}

func newYen(rg *roadGraph) *yen { return &yen{rg: rg, ps: newPathSearch(rg)} }

// kShortest returns up to k cheapest simple routes from a to z whose cost
// is at most limit, cheapest first (ties by node sequence).
func (y *yen) kShortest(a, z, k int, limit float64) []route {
	y.ps.reset()
	first, ok := y.ps.shortest(a, z, false)
	if !ok || first.cost > limit {
		return nil
	}
	found := []route{first}
	var cands []route
	for len(found) < k {
		last := found[len(found)-1]
		for i := 0; i+1 < len(last.nodes); i++ {
			y.ps.reset()
			root := last.nodes[:i+1]
			for _, p := range found {
				if len(p.nodes) > i+1 && slices.Equal(p.nodes[:i+1], root) {
					y.ps.blockR[p.roads[i]] = y.ps.stamp
				}
			}
			for _, v := range root[:i] {
				y.ps.blockN[v] = y.ps.stamp
			}
			spur, ok := y.ps.shortest(int(last.nodes[i]), z, false)
			if !ok {
				continue
			}
			rootCost := 0.0
			for _, r := range last.roads[:i] {
				rootCost += y.rg.length[r]
			}
			cand := route{
				nodes: append(slices.Clone(root[:i]), spur.nodes...),
				roads: append(slices.Clone(last.roads[:i]), spur.roads...),
				cost:  rootCost + spur.cost,
			}
			if cand.cost > limit || containsRoute(found, cand) || containsRoute(cands, cand) {
				continue
			}
			cands = append(cands, cand)
		}
		if len(cands) == 0 {
			break
		}
		best := 0
		for i := 1; i < len(cands); i++ {
			if c := cmp.Compare(cands[i].cost, cands[best].cost); c < 0 || (c == 0 && slices.Compare(cands[i].nodes, cands[best].nodes) < 0) {
				best = i
			}
		}
		found = append(found, cands[best])
		cands = slices.Delete(cands, best, best+1)
	}
	for i := range found {
		found[i].edges = make([]int32, len(found[i].roads))
		for j, r := range found[i].roads {
			found[i].edges[j] = y.rg.built[r]
		}
	}
	return found
}

func containsRoute(rs []route, r route) bool {
	for _, o := range rs {
		if slices.Equal(o.nodes, r.nodes) {
			return true
		}
	}
	return false
}
