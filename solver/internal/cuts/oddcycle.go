package cuts

import (
	"cmp"
	"math"
	"slices"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// OddCycles separates odd-cycle inequalities Σ_{j∈C} x_j ≤ (|C| − 1)/2
// over the conflict graph of a Cliques separator: the columns of an odd
// cycle C of conflicts, of which at most (|C| − 1)/2 can be 1 (see the
// package comment). It remembers the cuts it returned, so it belongs to
// one search (one goroutine) at a time, like the Cliques it reads.
type OddCycles struct {
	c    *Cliques
	pool pool

	// Scratch, by column: the position of a column in the support (−1
	// when it is not in it).
	pos []int32
	// The support graph of one call: the fractional columns, their
	// adjacency (indices into the support) and edge weights.
	cols  []int
	start []int32
	adj   []int32
	wt    []float64
	// Dijkstra over the doubled graph: state 2·v + parity.
	dist []float64
	prev []int32
	done []bool
	heap stateHeap
	seen []int32 // states reached in the current run
	use  []int32 // by support vertex: the cycles found through it
	work int
}

// NewOddCycles prepares odd-cycle separation over the conflict graph of
// c.
func NewOddCycles(c *Cliques) *OddCycles {
	o := &OddCycles{c: c, pool: newPool()}
	if c != nil {
		o.pos = make([]int32, c.n)
		for j := range o.pos {
			o.pos[j] = -1
		}
	}
	return o
}

// Odd-cycle separation parameters.
const (
	oddMaxWork   = 20_000_000 // adjacency steps and heap operations of one call
	oddMaxUse    = 3          // cycles found through one vertex per call, at most
	oddMaxLength = 31         // longest cycle kept
	oddMinX      = 1e-3       // least x of a column in the support graph
)

// Separate appends to dst odd-cycle inequalities that x violates by more
// than Tol, the most violated first, at most max, and returns how many it
// appended. It never returns a cut it returned before.
//
// With edge weights 1 − x_u − x_v (not negative where x satisfies the
// rows that define the conflicts), an odd cycle C weighs |C| − 2·Σ_C x,
// so its inequality is violated exactly when the cycle weighs less than
// 1. The shortest odd closed walk through each column is found by
// Dijkstra's algorithm on the graph doubled by parity (Grötschel, Lovász
// and Schrijver), over the columns with a fractional x and the edges of
// weight below 1, and an odd simple cycle no heavier is taken from it.
// The work is bounded in steps, not time, so the cuts are deterministic.
func (o *OddCycles) Separate(x []float64, dst *lp.Rows, max int) int {
	c := o.c
	if c == nil || len(x) < c.n || max <= 0 || dst == nil {
		return 0
	}
	if !c.built {
		c.buildDense()
		c.built = true
	}
	o.work = 0
	o.support(x)
	defer func() {
		for _, j := range o.cols {
			o.pos[j] = -1
		}
	}()
	nv := len(o.cols)
	if nv < 3 {
		return o.pool.flush(dst, max)
	}
	o.use = append(o.use[:0], make([]int32, nv)...)
	// Sources by x closest to 1/2 first (the cheapest cycles run through
	// them), ties by column.
	order := make([]int32, nv)
	for v := range order {
		order[v] = int32(v)
	}
	slices.SortFunc(order, func(a, b int32) int {
		da, db := math.Abs(x[o.cols[a]]-0.5), math.Abs(x[o.cols[b]]-0.5)
		if r := cmp.Compare(da, db); r != 0 {
			return r
		}
		return cmp.Compare(a, b)
	})
	var cyc []int32
	for _, s := range order {
		if o.work > oddMaxWork {
			break
		}
		if o.use[s] >= oddMaxUse {
			continue
		}
		cyc = o.shortest(s, cyc[:0])
		if len(cyc) < 3 || len(cyc) > oddMaxLength {
			continue
		}
		ct := cut{cols: make([]int, len(cyc)), coef: make([]float64, len(cyc)), rhs: float64((len(cyc) - 1) / 2)}
		for k, v := range cyc {
			ct.cols[k] = o.cols[v]
			ct.coef[k] = 1
			o.use[v]++
		}
		ct.canonical()
		ct.violation = ct.activity(x) - ct.rhs
		if ct.violation > Tol {
			o.pool.offer(ct)
		}
	}
	return o.pool.flush(dst, max)
}

// support builds the graph of the fractional columns of x and the
// conflicts between them of weight below 1, each adjacency list by
// support index (a deterministic order).
func (o *OddCycles) support(x []float64) {
	c := o.c
	o.cols = o.cols[:0]
	for j := range c.n {
		if len(c.memb[j]) > 0 && x[j] > oddMinX && x[j] < 1-oddMinX {
			o.pos[j] = int32(len(o.cols))
			o.cols = append(o.cols, j)
		}
	}
	o.start = append(o.start[:0], 0)
	o.adj, o.wt = o.adj[:0], o.wt[:0]
	var nb []int
	var edges []supportEdge
	for _, u := range o.cols {
		if o.work > oddMaxWork {
			// Out of budget: the other columns keep no edges (every
			// cycle found is still one of the graph).
			o.start = append(o.start, int32(len(o.adj)))
			continue
		}
		nb = c.neighbours(u, nb[:0])
		o.work += len(nb)
		edges = edges[:0]
		for _, v := range nb {
			p := o.pos[v]
			if p < 0 || v == u {
				continue
			}
			if w := math.Max(0, 1-x[u]-x[v]); w < 1-Tol {
				edges = append(edges, supportEdge{p, w})
			}
		}
		slices.SortFunc(edges, func(a, b supportEdge) int { return cmp.Compare(a.to, b.to) })
		for _, e := range edges {
			o.adj = append(o.adj, e.to)
			o.wt = append(o.wt, e.w)
		}
		o.start = append(o.start, int32(len(o.adj)))
	}
}

// supportEdge is an edge of the support graph: the other end (a support
// index) and the weight.
type supportEdge struct {
	to int32
	w  float64
}

// shortest appends to cyc an odd simple cycle no heavier than the
// shortest odd closed walk through support vertex s, when that walk
// weighs less than 1 − Tol; else it leaves cyc empty.
//
// The search meets in the middle: an odd cycle through s of weight W has
// an edge (u, v) that holds its midpoint, and both ends are reached from
// s with the same parity (along the cycle, one way to u, the other way to
// v) within W/2. So Dijkstra's algorithm on the doubled graph stops at
// distance 1/2, and the best edge between two states of the same parity
// closes the walk.
func (o *OddCycles) shortest(s int32, cyc []int32) []int32 {
	ns := 2 * len(o.cols)
	if len(o.dist) < ns {
		o.dist = make([]float64, ns)
		o.prev = make([]int32, ns)
		o.done = make([]bool, ns)
		for i := range o.dist {
			o.dist[i] = math.Inf(1)
		}
	}
	defer func() {
		for _, st := range o.seen {
			o.dist[st], o.done[st] = math.Inf(1), false
		}
		o.seen = o.seen[:0]
		o.heap = o.heap[:0]
	}()
	src := 2 * s
	o.dist[src], o.prev[src] = 0, -1
	o.seen = append(o.seen, src)
	o.heap.push(stateItem{src, 0})
	const half = 0.5
	var settled []int32
	for len(o.heap) > 0 {
		it := o.heap.pop()
		o.work++
		st := it.state
		if o.done[st] || it.d > o.dist[st] {
			continue
		}
		o.done[st] = true
		settled = append(settled, st)
		v, par := st/2, st%2
		for k := o.start[v]; k < o.start[v+1]; k++ {
			o.work++
			u, w := o.adj[k], o.wt[k]
			nst := 2*u + (1 - par)
			nd := it.d + w
			if nd < o.dist[nst] && nd < half {
				if math.IsInf(o.dist[nst], 1) {
					o.seen = append(o.seen, nst)
				}
				o.dist[nst], o.prev[nst] = nd, st
				o.heap.push(stateItem{nst, nd})
			}
		}
	}
	// The lightest edge between settled states of the same parity.
	best, bu, bv := 1-Tol, int32(-1), int32(-1)
	for _, st := range settled {
		v, par := st/2, st%2
		for k := o.start[v]; k < o.start[v+1]; k++ {
			o.work++
			ust := 2*o.adj[k] + par
			if !o.done[ust] {
				continue
			}
			if d := o.dist[st] + o.wt[k] + o.dist[ust]; d < best {
				best, bu, bv = d, st, ust
			}
		}
	}
	if bu < 0 {
		return cyc
	}
	// The closed walk s → … → u, v → … → s.
	var walk []int32
	for st := bu; st >= 0; st = o.prev[st] {
		walk = append(walk, st/2)
	}
	slices.Reverse(walk)
	for st := bv; st != src; st = o.prev[st] {
		walk = append(walk, st/2)
	}
	return append(cyc, oddSimple(walk)...)
}

// oddSimple returns an odd simple cycle among the vertices of the closed
// walk w (w[i] adjacent to w[i+1], the last to the first, len(w) odd):
// while a vertex repeats, the walk splits there into two closed walks, one
// of odd length, which is kept. Its weight is at most the walk's (weights
// are not negative).
func oddSimple(w []int32) []int32 {
	for {
		at := map[int32]int{}
		split := false
		for i, v := range w {
			if p, ok := at[v]; ok {
				inner := w[p:i] // closed walk v … (back to v)
				if len(inner)%2 == 1 {
					w = slices.Clone(inner)
				} else {
					w = append(slices.Clone(w[:p]), w[i:]...)
				}
				split = true
				break
			}
			at[v] = i
		}
		if !split {
			return w
		}
	}
}

// Reset forgets the cuts returned so far.
func (o *OddCycles) Reset() { o.pool.reset() }

// stateItem is a state of the doubled graph and its tentative distance.
type stateItem struct {
	state int32
	d     float64
}

// stateHeap is a binary min-heap of states by distance, ties by state.
type stateHeap []stateItem

func (h stateHeap) less(i, j int) bool {
	if h[i].d != h[j].d {
		return h[i].d < h[j].d
	}
	return h[i].state < h[j].state
}

func (h *stateHeap) push(it stateItem) {
	*h = append(*h, it)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if !a.less(i, p) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (h *stateHeap) pop() stateItem {
	a := *h
	top := a[0]
	n := len(a) - 1
	a[0] = a[n]
	a = a[:n]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < n && a.less(l, m) {
			m = l
		}
		if r := l + 1; r < n && a.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}
