package cuts

import (
	"cmp"
	"math/bits"
	"slices"
	"sort"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// Cliques separates clique inequalities Σ_{j∈C} x_j ≤ 1 over the conflict
// graph of the binary columns of one formulation (see the package
// comment). It is built once per formulation with NewCliques; it
// remembers the cuts it returned, so it belongs to one search (one
// goroutine) at a time.
type Cliques struct {
	knaps []knapsack // only the items that conflict with some other item
	memb  [][]member // by column: the knapsacks it is in, ascending
	obj   []float64  // objective by column: the order of extension
	n     int        // number of columns
	pool  pool

	stamp []int // by column: the seed that last marked it as a neighbour
	tick  int
	adj   []uint64  // scratch of heaviest
	count []int32   // scratch of common: zero between calls
	nb    []int     // scratch of common
	work  int       // adjacency steps of the current Separate call
	dense *bitGraph // the graph as a bit matrix, when small (see buildDense)
	built bool      // buildDense has run
}

// member is one column's place in one knapsack.
type member struct {
	k int     // index into knaps
	w float64 // the column's weight there
}

// NewCliques builds the conflict graph of the binary columns of f: two
// columns conflict when some row, with every other column at its least
// contribution (see the package comment), cannot hold both at 1. The graph
// is kept implicit, per row, so building it costs a sort of each row; the
// first Separate call also builds it as a bit matrix when that is small
// (see buildDense).
func NewCliques(f *wdp.Formulation) *Cliques {
	c := &Cliques{pool: newPool()}
	if f == nil || f.Problem == nil {
		return c
	}
	c.n = f.Problem.NumCols()
	c.obj = f.Problem.Objective
	c.memb = make([][]member, c.n)
	c.stamp = make([]int, c.n)
	for _, k := range knapsacks(f) {
		// Sorted heaviest first: item p conflicts with some other item
		// exactly when it conflicts with the heaviest other one, and the
		// items that do form a prefix.
		n := 0
		for p := range k.cols {
			other := k.w[0]
			if p == 0 {
				other = k.w[1]
			}
			if !k.conflicts(k.w[p], other) {
				break
			}
			n = p + 1
		}
		if n < 2 {
			continue
		}
		k.cols, k.w = k.cols[:n:n], k.w[:n:n]
		idx := len(c.knaps)
		c.knaps = append(c.knaps, k)
		for p, j := range k.cols {
			c.memb[j] = append(c.memb[j], member{idx, k.w[p]})
		}
	}
	return c
}

// Edges returns the number of rows that define conflicts, and an upper
// bound on the number of conflicting pairs (a pair may come from several
// rows); for statistics.
func (c *Cliques) Edges() (rows, pairs int) {
	for i := range c.knaps {
		k := &c.knaps[i]
		for p := range k.cols {
			n := c.prefix(k, k.w[p])
			if n > p {
				n-- // p itself
			}
			pairs += n
		}
	}
	return len(c.knaps), pairs / 2
}

// prefix is the number of items of k that conflict with an item of weight
// w (the item itself included when it conflicts with itself).
func (c *Cliques) prefix(k *knapsack, w float64) int {
	return sort.Search(len(k.w), func(q int) bool { return !k.conflicts(w, k.w[q]) })
}

// Adjacent reports whether columns a and b conflict.
func (c *Cliques) Adjacent(a, b int) bool {
	if a == b || a < 0 || b < 0 || a >= c.n || b >= c.n {
		return false
	}
	if c.dense != nil {
		c.work++
		return c.dense.has(a, b)
	}
	ma, mb := c.memb[a], c.memb[b]
	c.work += len(ma) + len(mb)
	for p, q := 0, 0; p < len(ma) && q < len(mb); {
		switch {
		case ma[p].k < mb[q].k:
			p++
		case ma[p].k > mb[q].k:
			q++
		default:
			if c.knaps[ma[p].k].conflicts(ma[p].w, mb[q].w) {
				return true
			}
			p++
			q++
		}
	}
	return false
}

// neighbours appends the columns that conflict with j to dst, each once,
// in the order of the rows and of weight.
func (c *Cliques) neighbours(j int, dst []int) []int {
	if g := c.dense; g != nil {
		start := len(dst)
		dst = appendSet(dst, g.row(j))
		c.work += g.words + len(dst) - start
		return dst
	}
	c.tick++
	c.stamp[j] = c.tick
	for _, m := range c.memb[j] {
		k := &c.knaps[m.k]
		cols := k.cols[:c.prefix(k, m.w)]
		c.work += len(cols)
		for _, v := range cols {
			if c.stamp[v] != c.tick {
				c.stamp[v] = c.tick
				dst = append(dst, v)
			}
		}
	}
	return dst
}

// Separate appends to dst clique cuts Σ_{j∈C} x_j ≤ 1 that x (one value
// per column) violates by more than Tol, the most violated first, at most
// max, and returns how many it appended. It never returns a cut it
// returned before. For each seed column with x > Eps, it finds the
// heaviest clique through the seed among its neighbours with x > Eps
// (exactly, by branch and bound, when there are at most 64 of them and
// the search stays within maxNodes nodes; else greedily, by decreasing
// x), then makes it maximal with the common neighbours at 0, in
// decreasing order of objective. A malformed x (too short) gives no cuts.
//
// A call does at most about maxWork steps of adjacency tests and
// neighbour scans (maxDenseWork on a bit matrix; dense conflict graphs, as
// in L7 markets of 1,000 goods, would otherwise take minutes): past it, the clique being grown is cut
// off where it is (still a clique, so still valid) and no further seed is
// tried. The budget counts steps, not time, so cuts are deterministic.
func (c *Cliques) Separate(x []float64, dst *lp.Rows, max int) int {
	if len(x) < c.n || max <= 0 || dst == nil {
		return 0
	}
	if !c.built {
		c.buildDense()
		c.built = true
	}
	c.work = 0
	var seeds []int
	for j := range c.n {
		if len(c.memb[j]) > 0 && x[j] > Eps {
			seeds = append(seeds, j)
		}
	}
	byValue := func(a, b int) int {
		if r := cmp.Compare(x[b], x[a]); r != 0 {
			return r
		}
		return cmp.Compare(a, b)
	}
	byObjective := func(a, b int) int {
		if r := cmp.Compare(c.obj[b], c.obj[a]); r != 0 {
			return r
		}
		return cmp.Compare(a, b)
	}
	slices.SortFunc(seeds, byValue)
	var nb, frac, zero, clique []int
	budget := maxWork
	if c.dense != nil {
		budget = maxDenseWork // bit tests, not list merges
	}
	for _, s := range seeds {
		if c.work > budget {
			break
		}
		nb = c.neighbours(s, nb[:0])
		frac = frac[:0]
		reach := x[s]
		for _, v := range nb {
			if x[v] > Eps {
				frac = append(frac, v)
				reach += x[v]
			}
		}
		if reach <= 1+Tol {
			continue // no clique through s is violated
		}
		slices.SortFunc(frac, byValue)
		clique = append(clique[:0], s)
		weight := x[s]
		if len(frac) <= 64 {
			clique, weight = c.heaviest(s, frac, x, clique)
		} else {
			for _, v := range frac {
				if c.work > budget {
					break
				}
				if c.adjacentAll(v, clique[1:]) {
					clique = append(clique, v)
					weight += x[v]
				}
			}
		}
		if weight <= 1+Tol {
			continue
		}
		zero = c.common(clique, x, zero[:0])
		slices.SortFunc(zero, byObjective)
		base := len(clique)
		for _, v := range zero {
			if c.work > budget {
				break
			}
			if c.adjacentAll(v, clique[base:]) {
				clique = append(clique, v)
				weight += x[v]
			}
		}
		ct := cut{cols: slices.Clone(clique), coef: make([]float64, len(clique)), rhs: 1}
		for k := range ct.coef {
			ct.coef[k] = 1
		}
		ct.canonical()
		ct.violation = ct.activity(x) - 1
		c.pool.offer(ct)
	}
	return c.pool.flush(dst, max)
}

// maxNodes caps the search of heaviest for one seed.
const maxNodes = 2000

// maxWork caps the adjacency steps of one Separate call on an implicit
// graph (list merges: about 0.1–0.3 s), maxDenseWork on a bit matrix (bit
// tests and words).
const (
	maxWork      = 10_000_000
	maxDenseWork = 100_000_000
)

// heaviest appends to clique (holding the seed s) the heaviest set of the
// columns of cand (neighbours of s, at most 64, by decreasing x) that
// conflict pairwise, by branch and bound over bit sets; after maxNodes
// nodes it keeps the best found, which is at least the greedy one (the
// first dive takes the columns greedily in order). It returns the clique
// and its weight.
func (c *Cliques) heaviest(s int, cand []int, x []float64, clique []int) ([]int, float64) {
	n := len(cand)
	adj := append(c.adj[:0], make([]uint64, n)...)
	for i := range n {
		for k := i + 1; k < n; k++ {
			if c.Adjacent(cand[i], cand[k]) {
				adj[i] |= 1 << k
				adj[k] |= 1 << i
			}
		}
	}
	c.adj = adj
	var best, cur uint64
	bestW, nodes := -1.0, 0
	var search func(p uint64, w float64)
	search = func(p uint64, w float64) {
		nodes++
		if w > bestW {
			best, bestW = cur, w
		}
		for p != 0 && nodes < maxNodes {
			rest := 0.0
			for q := p; q != 0; q &= q - 1 {
				rest += x[cand[bits.TrailingZeros64(q)]]
			}
			if w+rest <= bestW+Tol {
				return
			}
			i := bits.TrailingZeros64(p)
			p &^= 1 << i
			cur |= 1 << i
			search(p&adj[i], w+x[cand[i]])
			cur &^= 1 << i
		}
	}
	all := uint64(1)<<n - 1
	if n == 64 {
		all = ^uint64(0)
	}
	search(all, 0)
	weight := x[s]
	for q := best; q != 0; q &= q - 1 {
		v := cand[bits.TrailingZeros64(q)]
		clique = append(clique, v)
		weight += x[v]
	}
	return clique, weight
}

// common appends to dst the columns with x ≤ Eps that conflict with every
// member of clique, found by counting, for each column, the members whose
// neighbourhoods hold it.
func (c *Cliques) common(clique []int, x []float64, dst []int) []int {
	if g := c.dense; g != nil && len(clique) > 0 {
		and := append(g.and[:0], g.row(clique[0])...)
		for _, u := range clique[1:] {
			for wi, word := range g.row(u) {
				and[wi] &= word
			}
		}
		c.work += len(clique) * g.words
		start := len(dst)
		dst = appendSet(dst, and)
		k := start
		for _, v := range dst[start:] {
			if x[v] <= Eps {
				dst[k] = v
				k++
			}
		}
		return dst[:k]
	}
	if len(c.count) < c.n {
		c.count = make([]int32, c.n)
	}
	var nb []int
	for i, u := range clique {
		nb = c.neighbours(u, c.nb[:0])
		for _, v := range nb {
			if int(c.count[v]) == i {
				c.count[v]++
				if i == len(clique)-1 && x[v] <= Eps {
					dst = append(dst, v)
				}
			}
		}
		c.nb = nb
	}
	// Reset the counts of the neighbours of the first member (a superset
	// of every column counted).
	for _, v := range c.neighbours(clique[0], c.nb[:0]) {
		c.count[v] = 0
	}
	return dst
}

// adjacentAll reports whether v conflicts with every column of set.
func (c *Cliques) adjacentAll(v int, set []int) bool {
	for _, u := range set {
		if !c.Adjacent(v, u) {
			return false
		}
	}
	return true
}

// Reset forgets the cuts returned so far, so that they can be returned
// again (after the caller dropped them from its model).
func (c *Cliques) Reset() { c.pool.reset() }
