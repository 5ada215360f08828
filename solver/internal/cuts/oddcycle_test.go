package cuts

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// graphCliques is a Cliques over n columns whose conflicts are exactly
// edges: one knapsack x_a + x_b ≤ 1 per edge.
func graphCliques(n int, edges [][2]int) *Cliques {
	c := &Cliques{n: n, memb: make([][]member, n), obj: make([]float64, n), stamp: make([]int, n), pool: newPool()}
	for _, e := range edges {
		idx := len(c.knaps)
		c.knaps = append(c.knaps, knapsack{row: idx, cols: []int{e[0], e[1]}, w: []float64{1, 1}, cap: 1, tol: 1e-9})
		c.memb[e[0]] = append(c.memb[e[0]], member{idx, 1})
		c.memb[e[1]] = append(c.memb[e[1]], member{idx, 1})
	}
	return c
}

// TestOddCyclesPentagon: the 5-cycle at x = 1/2 gives its odd-cycle
// inequality Σ x ≤ 2, and nothing once x meets it.
func TestOddCyclesPentagon(t *testing.T) {
	edges := [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}}
	o := NewOddCycles(graphCliques(6, edges))
	x := []float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.7} // column 5 has no conflict
	var rows lp.Rows
	require.Equal(t, 1, o.Separate(x, &rows, 10))
	cols, vals, rhs := rowOf(&rows, 0)
	assert.Equal(t, []int{0, 1, 2, 3, 4}, cols)
	assert.Equal(t, []float64{1, 1, 1, 1, 1}, vals)
	assert.Equal(t, 2.0, rhs)
	assert.True(t, math.IsInf(rows.Lower[0], -1))

	o = NewOddCycles(graphCliques(6, edges))
	rows = lp.Rows{}
	assert.Zero(t, o.Separate([]float64{0.4, 0.4, 0.4, 0.4, 0.4, 1}, &rows, 10), "Σ x = 2 violates nothing")
	// A 6-cycle (even) at 1/2 has no violated odd cycle.
	even := [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 0}}
	o = NewOddCycles(graphCliques(6, even))
	assert.Zero(t, o.Separate([]float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, &rows, 10))
}

// TestOddSimple checks the extraction of an odd simple cycle from odd
// closed walks on random graphs: the cycle is odd, simple, made of edges
// of the walk (consecutive, and last to first).
func TestOddSimple(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for trial := range 2000 {
		n := 3 + r.IntN(6)
		// A random closed walk of odd length on n vertices, no vertex
		// twice in a row.
		length := 3 + 2*r.IntN(6)
		var w []int32
		for len(w) < length {
			v := int32(r.IntN(n))
			if len(w) > 0 && w[len(w)-1] == v || len(w) == length-1 && w[0] == v {
				continue
			}
			w = append(w, v)
		}
		edge := map[[2]int32]bool{}
		for i, v := range w {
			u := w[(i+1)%len(w)]
			edge[[2]int32{v, u}], edge[[2]int32{u, v}] = true, true
		}
		c := oddSimple(slices.Clone(w))
		name := fmt.Sprintf("trial %d: walk %v gives %v", trial, w, c)
		require.Equal(t, 1, len(c)%2, name)
		require.GreaterOrEqual(t, len(c), 3, name)
		seen := map[int32]bool{}
		for i, v := range c {
			require.False(t, seen[v], name)
			seen[v] = true
			require.True(t, edge[[2]int32{v, c[(i+1)%len(c)]}], name)
		}
	}
}

// TestOddCyclesAgainstBruteForce compares the separation with the
// enumeration of every odd simple cycle of small random graphs, at points
// that satisfy every edge inequality x_a + x_b ≤ 1 (as LP solutions with
// the cliques do): a cut is returned when some odd cycle is violated by
// more than 1e-3 (the separation is exact there), every cut returned is
// violated, and every cut holds at every independent set of the graph.
func TestOddCyclesAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	found, expected := 0, 0
	for trial := range 400 {
		n := 4 + r.IntN(7)
		var edges [][2]int
		adj := make([][]bool, n)
		for a := range adj {
			adj[a] = make([]bool, n)
		}
		p := 0.2 + 0.4*r.Float64()
		for a := range n {
			for b := a + 1; b < n; b++ {
				if r.Float64() < p {
					edges = append(edges, [2]int{a, b})
					adj[a][b], adj[b][a] = true, true
				}
			}
		}
		x := make([]float64, n)
		for j := range x {
			switch r.IntN(4) {
			case 0:
				x[j] = 0.5
			case 1:
				x[j] = r.Float64()
			case 2:
				x[j] = 1.0 / 3
			}
		}
		// Meet every edge inequality: lower the larger end.
		for _, e := range edges {
			if s := x[e[0]] + x[e[1]]; s > 1 {
				if x[e[0]] > x[e[1]] {
					x[e[0]] = 1 - x[e[1]]
				} else {
					x[e[1]] = 1 - x[e[0]]
				}
			}
		}
		name := fmt.Sprintf("trial %d: n %d edges %v x %v", trial, n, edges, x)
		best := bestOddCycle(adj, x)
		o := NewOddCycles(graphCliques(n, edges))
		var rows lp.Rows
		k := o.Separate(x, &rows, 100)
		if best > 1e-3 {
			expected++
			assert.Positive(t, k, "%s: an odd cycle is violated by %g, none found", name, best)
		}
		if k > 0 {
			found++
		}
		for i := range k {
			assert.Greater(t, activity(&rows, i, x)-rows.Upper[i], Tol, name)
		}
		// Valid: every independent set satisfies every cut.
		for mask := range 1 << n {
			ok := true
			for _, e := range edges {
				if mask&(1<<e[0]) != 0 && mask&(1<<e[1]) != 0 {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			pt := make([]float64, n)
			for j := range pt {
				if mask&(1<<j) != 0 {
					pt[j] = 1
				}
			}
			if i := violated(&rows, pt, 1e-9); i >= 0 {
				cols, _, rhs := rowOf(&rows, i)
				t.Fatalf("%s: cut %v ≤ %v cuts off the independent set %v", name, cols, rhs, pt)
			}
		}
	}
	t.Logf("%d of 400 graphs had an odd cycle violated by more than 1e-3; cuts found on %d", expected, found)
	assert.Greater(t, expected, 40, "too few violated cycles for the test to mean anything")
}

// bestOddCycle is the largest violation Σ_C x − (|C| − 1)/2 over the odd
// simple cycles C of the graph, by enumeration (−Inf when there is none).
func bestOddCycle(adj [][]bool, x []float64) float64 {
	n := len(adj)
	best := math.Inf(-1)
	on := make([]bool, n)
	var path []int
	var dfs func(v int, sum float64)
	dfs = func(v int, sum float64) {
		s := path[0]
		if len(path) >= 3 && len(path)%2 == 1 && adj[v][s] {
			best = math.Max(best, sum-float64(len(path)-1)/2)
		}
		for u := s + 1; u < n; u++ { // the start is the least vertex of the cycle
			if adj[v][u] && !on[u] {
				on[u] = true
				path = append(path, u)
				dfs(u, sum+x[u])
				path = path[:len(path)-1]
				on[u] = false
			}
		}
	}
	for s := range n {
		on[s] = true
		path = append(path[:0], s)
		dfs(s, x[s])
		on[s] = false
	}
	return best
}
