package wdp

import (
	"math"
	"slices"
	"strconv"

	"github.com/gavelhq/gavel/auction"
)

// groupRows adds the rows of every nested group; a root is an or group
// and needs none.
func (b *builder) groupRows() {
	for bd := range b.in.Bidders {
		for k, ch := range b.in.Bidders[bd].Tree.Children {
			if ch.Group != nil {
				b.group(bd, ch.Group, []int{k}, false)
			}
		}
	}
}

// constrained reports whether a group's kind limits its children at all,
// and disjunctive whether the limit is "none, or at least a" (which needs
// an indicator).
func constrained(g *auction.Group) bool {
	n := len(g.Children)
	switch g.Kind {
	case auction.Xor, auction.All:
		return n >= 2
	case auction.Choose:
		return g.Max < n || g.Min >= 2
	}
	return false
}

func disjunctive(g *auction.Group) bool {
	n := len(g.Children)
	return g.Kind == auction.All && n >= 2 || g.Kind == auction.Choose && g.Min >= 2
}

// group adds the rows of a nested group and returns its indicator column,
// or -1 when it has none. used says whether its parent's rows need to know
// whether it is taken.
func (b *builder) group(bd int, g *auction.Group, path []int, used bool) int {
	in, f := b.in, b.f
	hasY := used || disjunctive(g)
	uses := hasY || constrained(g)
	y := -1
	if hasY {
		y = b.addCol(Col{Kind: ColGroup, Bid: -1, Bidder: bd, Item: -1, Region: -1, Group: g,
			Name: name("y_", in.Bidders[bd].ID, pathString(path))}, 0, 0, 1, true)
		f.GroupCol[g] = y
	}
	taken := make([]int, len(g.Children))
	for k, ch := range g.Children {
		if ch.Group != nil {
			taken[k] = b.group(bd, ch.Group, append(slices.Clip(path), k), uses)
		} else {
			taken[k] = f.Taken[ch.Bid]
		}
	}
	if !uses {
		return y
	}
	prefix := name("grp_", in.Bidders[bd].ID, pathString(path)) + "_"
	row := func(kind RowKind, suffix string, buf rowBuf) {
		b.addRow(Row{Kind: kind, Item: -1, Region: -1, Bidder: bd, Bid: -1, Group: g, Name: prefix + suffix}, buf)
	}
	sum := func(ycoef float64, lo, hi float64) rowBuf {
		buf := rowBuf{lo: lo, hi: hi}
		for _, t := range taken {
			buf.cols = append(buf.cols, t)
			buf.vals = append(buf.vals, 1)
		}
		if y >= 0 && ycoef != 0 {
			buf.cols = append(buf.cols, y)
			buf.vals = append(buf.vals, ycoef)
		}
		return buf
	}
	perChild := func(kind RowKind, tag string, lo float64) {
		for k, t := range taken {
			row(kind, tag+strconv.Itoa(k), rowBuf{cols: []int{t, y}, vals: []float64{1, -1}, lo: lo, hi: 0})
		}
	}
	n := len(taken)
	inf := math.Inf(1)
	if y < 0 { // a limit on the children only: Σ taken ≤ bound
		bound := 1
		if g.Kind == auction.Choose {
			bound = min(g.Max, n)
		}
		row(RowGroupAtMost, "max", sum(0, -inf, float64(bound)))
		return y
	}
	switch g.Kind {
	case auction.Xor:
		row(RowGroupExactly, "eq", sum(-1, 0, 0))
	case auction.All:
		perChild(RowGroupAll, "all", 0)
	case auction.Or:
		if n == 1 {
			row(RowGroupExactly, "eq", sum(-1, 0, 0))
			break
		}
		perChild(RowGroupChild, "c", -inf)
		row(RowGroupAtLeast, "min", sum(-1, 0, inf))
	case auction.Choose:
		lo, hi := max(g.Min, 1), min(g.Max, n)
		switch {
		case lo == n:
			perChild(RowGroupAll, "all", 0)
		case lo == hi:
			row(RowGroupExactly, "eq", sum(-float64(lo), 0, 0))
		default:
			if hi == n {
				perChild(RowGroupChild, "c", -inf)
			} else {
				row(RowGroupAtMost, "max", sum(-float64(hi), -inf, 0))
			}
			row(RowGroupAtLeast, "min", sum(-float64(lo), 0, inf))
		}
	}
	return y
}
