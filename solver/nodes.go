package solver

import (
	"container/heap"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// node is an open subproblem of the branch and bound: the global bounds
// with changes applied in order (a later change to a column overrides an
// earlier one).
type node struct {
	bound   float64 // upper bound on the subtree: the parent's LP objective
	depth   int32
	seq     int64 // creation order, the last tie-break
	changes []change
	basis   *lp.Basis // the parent's optimal basis, to warm-start from after a jump; may be nil

	// The branching that created the node, for pseudo-costs: the column,
	// its fractional value at the parent, and the direction (up: fixed to 1).
	col  int32
	frac float64
	up   bool
}

// change sets the bounds of one column.
type change struct {
	col    int32
	lo, hi float64
}

// child returns a child of n with extra changes appended to n's.
func (n *node) child(bound float64, seq int64, col int, frac float64, up bool, extra ...change) *node {
	ch := make([]change, 0, len(n.changes)+len(extra))
	ch = append(append(ch, n.changes...), extra...)
	return &node{bound: bound, depth: n.depth + 1, seq: seq, changes: ch, col: int32(col), frac: frac, up: up}
}

// nodeHeap orders open nodes best bound first; among equal bounds the
// deeper node (closer to a solution), then the older one.
type nodeHeap []*node

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.bound != b.bound {
		return a.bound > b.bound
	}
	if a.depth != b.depth {
		return a.depth > b.depth
	}
	return a.seq < b.seq
}
func (h nodeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(*node)) }
func (h *nodeHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return n
}

func (h *nodeHeap) push(n *node) { heap.Push(h, n) }
func (h *nodeHeap) pop() *node   { return heap.Pop(h).(*node) }

// top is the best open bound, or −∞ when no node is open.
func (h nodeHeap) top(negInf float64) float64 {
	if len(h) == 0 {
		return negInf
	}
	return h[0].bound
}
