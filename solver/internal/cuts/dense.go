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
// denseMaxBuild the cost of building it (bits set and words ORed: see
// buildDense), beyond which the graph stays implicit.
const (
	denseMaxCells = 1 << 26
	denseMaxBuild = 1 << 28
)

// buildDense builds the bit matrix when it is small enough and cheap
// enough to build, and leaves c.dense nil otherwise.
//
// In a knapsack sorted by decreasing weight, the conflicts of the member
// at position q are a prefix of length p_q, and p_q does not grow with q.
// A knapsack is added either member by member (Σ p_q bit sets) or, when
// that costs more, by one bit set of the prefix grown from the lightest
// member up and ORed into each member's row (a row of words per member):
// on legacy L7 markets, whose rows conflict in every pair, the second is
// ten times cheaper. Either way the matrix is the same.
func (c *Cliques) buildDense() {
	if c.n == 0 || c.n*c.n > denseMaxCells {
		return
	}
	w := (c.n + 63) / 64
	prefixes := make([][]int, len(c.knaps)) // by knapsack: p_q
	byRows := make([]bool, len(c.knaps))    // by knapsack: added by prefix bit sets
	cost := 0
	for i := range c.knaps {
		k := &c.knaps[i]
		p := make([]int, len(k.cols))
		each, rows := 0, 0
		for q := range k.cols {
			p[q] = c.prefix(k, k.w[q])
			each += p[q]
			if p[q] > 0 {
				rows++
			}
		}
		if byRow := rows*w + len(k.cols); byRow < each {
			byRows[i], each = true, byRow
		}
		prefixes[i] = p
		if cost += each; cost > denseMaxBuild {
			return
		}
	}
	g := &bitGraph{words: w, bits: make([]uint64, c.n*w), and: make([]uint64, w)}
	set := make([]uint64, w)
	for i := range c.knaps {
		k, p := &c.knaps[i], prefixes[i]
		if !byRows[i] {
			for q, j := range k.cols {
				row := g.row(j)
				for _, v := range k.cols[:p[q]] {
					row[v>>6] |= 1 << (v & 63)
				}
			}
			continue
		}
		clear(set)
		grown := 0
		for q := len(k.cols) - 1; q >= 0; q-- {
			if p[q] == 0 {
				continue
			}
			for ; grown < p[q]; grown++ {
				v := k.cols[grown]
				set[v>>6] |= 1 << (v & 63)
			}
			row := g.row(k.cols[q])
			for wi, word := range set {
				row[wi] |= word
			}
		}
	}
	for j := range c.n {
		g.bits[j*w+j>>6] &^= 1 << (j & 63) // a column does not conflict with itself
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
