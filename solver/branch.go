package solver

import "math"

// pseudoCosts estimate, per column, how much the LP bound drops per unit of
// change when the column is branched down or up: the averages of the drops
// observed so far (Bénichou et al., 1971).
type pseudoCosts struct {
	downSum, upSum []float64
	downN, upN     []int32
	// Averages over every column, for columns not yet branched on.
	allDown, allUp   float64
	allDownN, allUpN int64
}

func newPseudoCosts(n int) pseudoCosts {
	return pseudoCosts{downSum: make([]float64, n), upSum: make([]float64, n),
		downN: make([]int32, n), upN: make([]int32, n)}
}

// record notes the bound drop of a node created by branching, now that its
// LP objective obj is known (n.bound is its parent's objective).
func (p *pseudoCosts) record(n *node, obj float64) {
	if n.col < 0 || math.IsInf(n.bound, 0) {
		return
	}
	drop := math.Max(n.bound-obj, 0)
	j := n.col
	if n.up {
		if n.frac < 1 {
			u := drop / (1 - n.frac)
			p.upSum[j] += u
			p.upN[j]++
			p.allUp += u
			p.allUpN++
		}
		return
	}
	if n.frac > 0 {
		u := drop / n.frac
		p.downSum[j] += u
		p.downN[j]++
		p.allDown += u
		p.allDownN++
	}
}

// score is the product of the estimated down and up drops of branching on
// column j at fractional part f (Achterberg's product rule); columns never
// branched on use the average drops, so that the first branchings go to
// the most fractional columns.
func (p *pseudoCosts) score(j int, f float64) float64 {
	avgDown, avgUp := 1.0, 1.0
	if p.allDownN > 0 {
		avgDown = p.allDown / float64(p.allDownN)
	}
	if p.allUpN > 0 {
		avgUp = p.allUp / float64(p.allUpN)
	}
	dn, up := avgDown, avgUp
	if p.downN[j] > 0 {
		dn = p.downSum[j] / float64(p.downN[j])
	}
	if p.upN[j] > 0 {
		up = p.upSum[j] / float64(p.upN[j])
	}
	const eps = 1e-6
	return math.Max(dn*f, eps) * math.Max(up*(1-f), eps)
}
