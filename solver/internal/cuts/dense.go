package cuts

import "math/bits"

// bitGraph is the conflict graph as a bit matrix, row j holding the
// columns that conflict with j. Dense conflict graphs (legacy L7 markets,
// where a bid conflicts with most others) make the implicit per-row form
// slow: each adjacency test merges two membership lists, each neighbour
// scan walks every row of the column. The matrix makes a test one bit and
// the common neighbours of a clique one AND per member and word.
type bitGraph struct {
	words int      // words per row
	bits  []uint64 // n rows of words
	and   []uint64 // scratch of common
}

// denseMaxCells caps the bit matrix (n² bits: 8 MiB at n = 8,192) and
// denseMaxBuild the cost of building it (Σ over the conflict rows of
// their size squared), beyond which the graph stays implicit.
const (
	denseMaxCells = 1 << 26
	denseMaxBuild = 1 << 28
)

// buildDense builds the bit matrix when it is small enough and cheap
// enough to build, and leaves c.dense nil otherwise.
func (c *Cliques) buildDense() {
	if c.n == 0 || c.n*c.n > denseMaxCells {
		return
	}
	cost := 0
	for i := range c.knaps {
		m := len(c.knaps[i].cols)
		if cost += m * m; cost > denseMaxBuild {
			return
		}
	}
	w := (c.n + 63) / 64
	g := &bitGraph{words: w, bits: make([]uint64, c.n*w), and: make([]uint64, w)}
	for j := range c.n {
		row := g.bits[j*w : (j+1)*w]
		for _, m := range c.memb[j] {
			k := &c.knaps[m.k]
			for _, v := range k.cols[:c.prefix(k, m.w)] {
				if v != j {
					row[v>>6] |= 1 << (v & 63)
				}
			}
		}
	}
	c.dense = g
}

// row is the bit row of column j.
func (g *bitGraph) row(j int) []uint64 { return g.bits[j*g.words : (j+1)*g.words] }

// has reports whether a and b conflict.
func (g *bitGraph) has(a, b int) bool { return g.bits[a*g.words+b>>6]&(1<<(b&63)) != 0 }

// appendSet appends the columns of a bit set to dst, ascending.
func appendSet(dst []int, set []uint64) []int {
	for wi, word := range set {
		for word != 0 {
			dst = append(dst, wi<<6|bits.TrailingZeros64(word))
			word &= word - 1
		}
	}
	return dst
}
