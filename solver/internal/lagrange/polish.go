package lagrange

import (
	"cmp"
	"math"
	"slices"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// polisher lowers L(y) by exact minimization along one multiplier at a
// time (block coordinate descent, one row per block). Along y_i, with the
// other multipliers fixed, L is convex and piecewise linear: its slope is
// b_i(t) − Σ_j a_ij x_j(t), where b_i is l_i below 0 and u_i above, and
// x_j(t) jumps between its bounds where the reduced cost d_j(t) changes
// sign, at t_j = (d_j + a_ij y_i) / a_ij. Sorting these breakpoints finds
// a minimizer. Every move lowers L or keeps it, so the result stays a valid
// bound whatever the number of sweeps; coordinate descent can stall at a
// kink short of the minimum, so it polishes the multipliers of another
// method rather than replacing it.
type polisher struct {
	p    *lp.Problem
	sign float64
	// The matrix by row.
	rowStart []int
	col      []int
	val      []float64
	// skip marks the rows with a column that has an infinite bound: moving
	// their multiplier could make L infinite, so they are left alone.
	skip []bool
	d    []float64 // reduced costs sign·c − Aᵀy of the current y
	ev   []event
}

// event is a point where the slope of L along a multiplier jumps up by w:
// a column changing bounds, or t = 0 (zero set) where the row's bound
// changes from l_i to u_i.
type event struct {
	t, w float64
	zero bool
}

func newPolisher(p *lp.Problem) *polisher {
	m, n := p.NumRows(), p.NumCols()
	q := &polisher{p: p, sign: 1, rowStart: make([]int, m+1), col: make([]int, len(p.Value)),
		val: make([]float64, len(p.Value)), skip: make([]bool, m), d: make([]float64, n)}
	if p.Sense == lp.Minimize {
		q.sign = -1
	}
	for _, i := range p.RowIndex {
		q.rowStart[i+1]++
	}
	for i := range m {
		q.rowStart[i+1] += q.rowStart[i]
	}
	next := slices.Clone(q.rowStart[:m])
	for j := range n {
		free := math.IsInf(p.ColLower[j], 0) || math.IsInf(p.ColUpper[j], 0)
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			i := p.RowIndex[k]
			q.col[next[i]] = j
			q.val[next[i]] = p.Value[k]
			next[i]++
			if free {
				q.skip[i] = true
			}
		}
	}
	return q
}

// load computes the reduced costs of y.
func (q *polisher) load(y []float64) {
	p := q.p
	for j := range q.d {
		d := q.sign * p.Objective[j]
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			d -= y[p.RowIndex[k]] * p.Value[k]
		}
		q.d[j] = d
	}
}

// sweep minimizes L along every multiplier in turn, in row order, and
// keeps the reduced costs up to date.
func (q *polisher) sweep(y []float64) {
	p := q.p
	for i := range y {
		if q.skip[i] {
			continue
		}
		lo, hi := p.RowLower[i], p.RowUpper[i]
		yi := y[i]
		q.ev = append(q.ev[:0], event{zero: true})
		ax := 0.0 // Σ a_ij x_j(t) for t below every breakpoint
		for k := q.rowStart[i]; k < q.rowStart[i+1]; k++ {
			j, a := q.col[k], q.val[k]
			cl, cu := p.ColLower[j], p.ColUpper[j]
			// Far below, d_j(t) = d_j + a (y_i − t) has the sign of a.
			if a > 0 {
				ax += a * cu
			} else {
				ax += a * cl
			}
			if w := math.Abs(a) * (cu - cl); w > 0 {
				q.ev = append(q.ev, event{t: (q.d[j] + a*yi) / a, w: w})
			}
		}
		slices.SortFunc(q.ev, func(a, b event) int { return cmp.Compare(a.t, b.t) })
		if lo-ax > 0 {
			continue // L decreases without end below: the row cannot be met
		}
		t, found := 0.0, false
		past := false
		for e, ev := range q.ev {
			if ev.zero {
				past = true
			} else {
				ax -= ev.w
			}
			b := lo
			if past {
				b = hi
			}
			if s := b - ax; s >= 0 {
				t, found = ev.t, true
				if s == 0 && e+1 < len(q.ev) { // flat up to the next event
					t = clamp(yi, ev.t, q.ev[e+1].t)
				}
				break
			}
		}
		if !found || t == yi || math.IsNaN(t) {
			continue
		}
		if math.IsInf(hi, 1) && t > 0 || math.IsInf(lo, -1) && t < 0 {
			t = 0
		}
		delta := t - yi
		for k := q.rowStart[i]; k < q.rowStart[i+1]; k++ {
			q.d[q.col[k]] -= q.val[k] * delta
		}
		y[i] = t
	}
}
