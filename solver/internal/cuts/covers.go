package cuts

import (
	"cmp"
	"slices"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// Covers separates lifted cover inequalities from the knapsacks that the
// rows of one formulation imply (see the package comment). It is built
// once per formulation with NewCovers; it remembers the cuts it returned,
// so it belongs to one search (one goroutine) at a time.
type Covers struct {
	knaps []knapsack
	n     int
	pool  pool

	order, cover, rest []int // scratch: positions in a knapsack
	least              []float64
}

// NewCovers collects the knapsacks of f's rows that have covers other than
// pairs of items: rows where every two items conflict give only clique
// cuts, which Cliques finds.
func NewCovers(f *wdp.Formulation) *Covers {
	c := &Covers{pool: newPool()}
	if f == nil || f.Problem == nil {
		return c
	}
	c.n = f.Problem.NumCols()
	for _, k := range knapsacks(f) {
		// The two lightest items that can be 1 at all.
		n := len(k.w)
		for n > 0 && k.w[n-1] > k.cap+k.tol {
			n--
		}
		if n < 2 {
			continue
		}
		if i := len(k.w) - 1; k.conflicts(k.w[i], k.w[i-1]) {
			continue // every pair conflicts
		}
		c.knaps = append(c.knaps, k)
	}
	return c
}

// Rows is the number of knapsacks the separator works on; for statistics.
func (c *Covers) Rows() int { return len(c.knaps) }

// Separate appends to dst lifted cover cuts that x (one value per column)
// violates by more than Tol, the most violated first, at most max, and
// returns how many it appended. It never returns a cut it returned
// before. For each knapsack with an item strictly between Eps and 1 − Eps
// it finds one cover greedily (items by (1 − x_j)/w_j), makes it minimal
// and lifts the other items in sequence, exactly, by dynamic programming
// over the cut's right-hand side. A minimal cover of two items is left
// out: lifted, it is a clique of the conflict graph, which Cliques
// separates. A malformed x (too short) gives no cuts.
func (c *Covers) Separate(x []float64, dst *lp.Rows, max int) int {
	if len(x) < c.n || max <= 0 || dst == nil {
		return 0
	}
	for i := range c.knaps {
		if ct, ok := c.separate(&c.knaps[i], x); ok {
			c.pool.offer(ct)
		}
	}
	return c.pool.flush(dst, max)
}

// separate finds one lifted cover cut of k violated at x, if the greedy
// finds one.
func (c *Covers) separate(k *knapsack, x []float64) (cut, bool) {
	fractional := false
	c.order = c.order[:0]
	for p, j := range k.cols {
		if k.w[p] > k.cap+k.tol {
			continue // never 1: lifted below
		}
		c.order = append(c.order, p)
		fractional = fractional || (x[j] > Eps && x[j] < 1-Eps)
	}
	if !fractional {
		return cut{}, false
	}
	// Greedy cover: least (1 − x_j)/w_j first.
	slices.SortFunc(c.order, func(a, b int) int {
		ka, kb := (1-x[k.cols[a]])/k.w[a], (1-x[k.cols[b]])/k.w[b]
		if r := cmp.Compare(ka, kb); r != 0 {
			return r
		}
		if r := cmp.Compare(x[k.cols[b]], x[k.cols[a]]); r != 0 {
			return r
		}
		return cmp.Compare(a, b)
	})
	c.cover = c.cover[:0]
	weight := 0.0
	for _, p := range c.order {
		c.cover = append(c.cover, p)
		weight += k.w[p]
		if weight > k.cap+k.tol {
			break
		}
	}
	if weight <= k.cap+k.tol {
		return cut{}, false
	}
	// Minimal: drop items of least x (the heavier first) while it stays a
	// cover.
	slices.SortFunc(c.cover, func(a, b int) int {
		if r := cmp.Compare(x[k.cols[a]], x[k.cols[b]]); r != 0 {
			return r
		}
		return cmp.Compare(a, b) // positions: heavier first
	})
	kept := c.cover[:0]
	for i, p := range c.cover {
		if weight-k.w[p] > k.cap+k.tol {
			weight -= k.w[p]
			continue
		}
		kept = append(kept, c.cover[i])
	}
	c.cover = kept
	r := len(c.cover) - 1
	if r < 2 {
		return cut{}, false // a cover of two items lifts to a clique: Cliques' part
	}
	inCover := 0.0
	for _, p := range c.cover {
		inCover += x[k.cols[p]]
	}
	// Lifting can add at most r·x_j per item: skip hopeless covers.
	c.rest = c.rest[:0]
	slices.Sort(c.cover)
	outside := 0.0
	for p, q := 0, 0; p < len(k.cols); p++ {
		if q < len(c.cover) && c.cover[q] == p {
			q++
			continue
		}
		c.rest = append(c.rest, p)
		outside += x[k.cols[p]]
	}
	if inCover-float64(r)+float64(r)*outside <= Tol {
		return cut{}, false
	}
	coef := c.lift(k, x, r)
	ct := cut{rhs: float64(r)}
	for _, p := range c.cover {
		ct.cols = append(ct.cols, k.cols[p])
		ct.coef = append(ct.coef, 1)
	}
	for i, p := range c.rest {
		if coef[i] > 0 {
			ct.cols = append(ct.cols, k.cols[p])
			ct.coef = append(ct.coef, float64(coef[i]))
		}
	}
	ct.canonical()
	ct.violation = ct.activity(x) - ct.rhs
	return ct, ct.violation > Tol
}

// lift computes the coefficients of the items of c.rest (in that order)
// by sequential up-lifting of Σ_{cover} x_j ≤ r: items with x > Eps first,
// by decreasing x, then the others, heaviest first. least[p] is the least
// weight of a set of the items lifted so far whose coefficients sum to at
// least p; an item of weight w gets r minus the largest p with least[p] ≤
// cap − w (r when even the empty set leaves no room).
func (c *Covers) lift(k *knapsack, x []float64, r int) []int {
	c.least = c.least[:0]
	c.least = append(c.least, 0)
	// The cover's items, lightest first (c.cover is by position: heaviest first).
	for i := len(c.cover) - 1; i >= 0 && len(c.least) <= r; i-- {
		c.least = append(c.least, c.least[len(c.least)-1]+k.w[c.cover[i]])
	}
	ord := make([]int, len(c.rest)) // indices into c.rest
	for i := range ord {
		ord[i] = i
	}
	slices.SortFunc(ord, func(a, b int) int {
		xa, xb := x[k.cols[c.rest[a]]], x[k.cols[c.rest[b]]]
		if (xa > Eps) != (xb > Eps) {
			if xa > Eps {
				return -1
			}
			return 1
		}
		if xa > Eps {
			if r := cmp.Compare(xb, xa); r != 0 {
				return r
			}
		}
		return cmp.Compare(c.rest[a], c.rest[b]) // by position: heaviest first
	})
	coef := make([]int, len(c.rest))
	for _, i := range ord {
		w := k.w[c.rest[i]]
		room := k.cap + k.tol - w
		best := -1
		for p := range c.least {
			if c.least[p] <= room {
				best = p
			}
		}
		a := r
		if best >= 0 {
			a = r - best
		}
		coef[i] = a
		if a == 0 {
			continue
		}
		for p := r; p >= 1; p-- {
			c.least[p] = min(c.least[p], c.least[max(0, p-a)]+w)
		}
	}
	return coef
}

// Reset forgets the cuts returned so far, so that they can be returned
// again (after the caller dropped them from its model).
func (c *Covers) Reset() { c.pool.reset() }
