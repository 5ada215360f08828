package cuts

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// cut is Σ coef_k·x_{cols_k} ≤ rhs, with cols ascending and every
// coefficient nonzero (positive for cliques and covers).
type cut struct {
	cols      []int
	coef      []float64
	rhs       float64
	violation float64 // at the point it was separated from
}

// key is an exact identity of the cut, for the set of cuts already
// returned.
func (c *cut) key() string {
	buf := make([]byte, 0, 8+12*len(c.cols))
	buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(c.rhs))
	for k, j := range c.cols {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(j))
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(c.coef[k]))
	}
	return string(buf)
}

// canonical sorts the entries of c by column.
func (c *cut) canonical() {
	idx := make([]int, len(c.cols))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(c.cols[a], c.cols[b]) })
	cols, coef := make([]int, len(idx)), make([]float64, len(idx))
	for i, o := range idx {
		cols[i], coef[i] = c.cols[o], c.coef[o]
	}
	c.cols, c.coef = cols, coef
}

// activity is Σ coef·x at x.
func (c *cut) activity(x []float64) float64 {
	s := 0.0
	for k, j := range c.cols {
		s += c.coef[k] * x[j]
	}
	return s
}

// pool collects the cuts of one Separate call and remembers, across calls,
// the cuts already returned.
type pool struct {
	seen  map[string]bool
	found []cut
	keys  map[string]bool // the keys of found
}

func newPool() pool { return pool{seen: map[string]bool{}} }

// offer adds c (in canonical order) unless it was returned before or found
// already in this call.
func (p *pool) offer(c cut) {
	if p.keys == nil {
		p.keys = map[string]bool{}
	}
	k := c.key()
	if p.seen[k] || p.keys[k] {
		return
	}
	p.keys[k] = true
	p.found = append(p.found, c)
}

// flush appends the most violated cuts found (at most max, ties in the
// order found) to dst as rows −∞ ≤ Σ coef·x ≤ rhs, remembers them, forgets
// the rest and returns how many it appended.
func (p *pool) flush(dst *lp.Rows, max int) int {
	found := p.found
	p.found, p.keys = p.found[:0], nil
	if dst == nil || max <= 0 {
		return 0
	}
	slices.SortStableFunc(found, func(a, b cut) int { return cmp.Compare(b.violation, a.violation) })
	if len(found) > max {
		found = found[:max]
	}
	if len(dst.Start) == 0 {
		dst.Start = append(dst.Start, len(dst.Col))
	}
	for _, c := range found {
		p.seen[c.key()] = true
		dst.Col = append(dst.Col, c.cols...)
		dst.Value = append(dst.Value, c.coef...)
		dst.Lower = append(dst.Lower, math.Inf(-1))
		dst.Upper = append(dst.Upper, c.rhs)
		dst.Start = append(dst.Start, len(dst.Col))
	}
	return len(found)
}

// reset forgets the cuts returned so far.
func (p *pool) reset() { clear(p.seen) }
