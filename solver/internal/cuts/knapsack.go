package cuts

import (
	"cmp"
	"math"
	"slices"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// knapsack is a binary knapsack Σ w_k·x_{col_k} ≤ cap implied by one side
// of one row of a formulation (see the package comment for the
// derivation). Its items are sorted by weight, heaviest first, ties by
// column; every weight is positive.
type knapsack struct {
	row  int // the row of the problem it comes from
	cols []int
	w    []float64
	cap  float64
	// tol is the margin of every infeasibility decision: a set of items is
	// taken to break the knapsack only when its weight exceeds cap + tol.
	tol float64
}

// conflicts reports whether weights a and b cannot both be taken.
func (k *knapsack) conflicts(a, b float64) bool { return a+b > k.cap+k.tol }

// implication is z = 1 ⇒ x_col ≥ lower, for a binary z and a continuous
// column (a divisible bid's switch and its fraction).
type implication struct {
	z     int
	lower float64
}

// knapsacks derives one binary knapsack from each finite side of each row
// of f.Problem that has at least two items and is not met by every 0-1
// point, in the order of rows (upper side first). Columns are taken at
// their global bounds: the result is valid for every integer-feasible
// point of f.
func knapsacks(f *wdp.Formulation) []knapsack {
	p := f.Problem
	if p == nil || p.Validate() != nil || len(f.Integer) != p.NumCols() {
		return nil
	}
	binary := make([]bool, p.NumCols())
	for j := range binary {
		binary[j] = f.Integer[j] && p.ColLower[j] == 0 && p.ColUpper[j] == 1
	}
	byRow := transpose(p)
	impl := implications(p, binary, byRow)

	var out []knapsack
	acc := make([]float64, p.NumCols()) // weight by binary column, for the row at hand
	var touched []int
	for i, row := range byRow {
		for _, side := range [2]float64{1, -1} {
			b := p.RowUpper[i]
			if side < 0 {
				b = -p.RowLower[i]
			}
			if math.IsInf(b, 0) {
				continue
			}
			touched = touched[:0]
			add := func(j int, w float64) {
				if acc[j] == 0 {
					touched = append(touched, j)
				}
				acc[j] += w
			}
			least, scale, ok := 0.0, math.Abs(b), true
			for _, e := range row {
				a := side * e.val
				j := e.col
				lo, hi := p.ColLower[j], p.ColUpper[j]
				at := 0.0 // the bound the column is taken at
				switch {
				case lo == hi:
					at = lo
				case binary[j]:
					at = 1
					if a > 0 {
						add(j, a)
						at = 0
					}
				case a > 0 && !math.IsInf(lo, -1):
					at = lo
					if im, found := impl[j]; found && im.lower > lo {
						add(im.z, a*(im.lower-lo))
					}
				case a < 0 && !math.IsInf(hi, 1):
					at = hi
				default:
					ok = false
				}
				if !ok {
					break
				}
				least += a * at
				scale += math.Abs(a) * max(1, math.Abs(at))
			}
			k := knapsack{row: i, cap: b - least, tol: 1e-9 * (1 + scale)}
			for _, j := range touched {
				if w := acc[j]; w > k.tol {
					k.cols = append(k.cols, j)
					k.w = append(k.w, w)
				}
				acc[j] = 0
			}
			if !ok || k.cap < 0 || len(k.cols) < 2 {
				continue
			}
			k.sort()
			if sum(k.w) > k.cap+k.tol {
				out = append(out, k)
			}
		}
	}
	return out
}

// sort orders the items by weight, heaviest first, ties by column.
func (k *knapsack) sort() {
	idx := make([]int, len(k.cols))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(k.w[b], k.w[a]); c != 0 {
			return c
		}
		return cmp.Compare(k.cols[a], k.cols[b])
	})
	cols, w := make([]int, len(idx)), make([]float64, len(idx))
	for i, o := range idx {
		cols[i], w[i] = k.cols[o], k.w[o]
	}
	k.cols, k.w = cols, w
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

type entry struct {
	col int
	val float64
}

// transpose returns the rows of p, each with its entries in column order.
func transpose(p *lp.Problem) [][]entry {
	count := make([]int, p.NumRows())
	for _, r := range p.RowIndex {
		count[r]++
	}
	rows := make([][]entry, p.NumRows())
	for i, c := range count {
		rows[i] = make([]entry, 0, c)
	}
	for j := range p.NumCols() {
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			r := p.RowIndex[k]
			rows[r] = append(rows[r], entry{j, p.Value[k]})
		}
	}
	return rows
}

// implications finds, for continuous columns x, the rows with exactly two
// entries that say a binary z = 1 forces x above its lower bound
// (x − f·z ≥ 0 for a divisible bid). A column forced by two different
// binaries gets none: their forced amounts would not add up.
func implications(p *lp.Problem, binary []bool, byRow [][]entry) map[int]implication {
	out := map[int]implication{}
	ambiguous := map[int]bool{}
	for i, row := range byRow {
		if len(row) != 2 {
			continue
		}
		zi, xi := 0, 1
		if !binary[row[zi].col] {
			zi, xi = 1, 0
		}
		z, x := row[zi], row[xi]
		if !binary[z.col] || binary[x.col] || p.ColLower[x.col] == p.ColUpper[x.col] || math.IsInf(p.ColLower[x.col], -1) {
			continue
		}
		// a_x·x + a_z·z ≥ lo, each finite side written so.
		for _, side := range [2]float64{1, -1} {
			lo := p.RowLower[i]
			if side < 0 {
				lo = -p.RowUpper[i]
			}
			ax, az := side*x.val, side*z.val
			if math.IsInf(lo, -1) || ax <= 0 {
				continue
			}
			bound := (lo - az) / ax
			bound -= 1e-12 * max(1, math.Abs(bound)) // rounding: never claim more than the row says
			if bound <= p.ColLower[x.col] {
				continue
			}
			bound = min(bound, p.ColUpper[x.col])
			if old, found := out[x.col]; found && old.z != z.col {
				ambiguous[x.col] = true
				continue
			} else if found {
				bound = max(bound, old.lower)
			}
			out[x.col] = implication{z.col, bound}
		}
	}
	for x := range ambiguous {
		delete(out, x)
	}
	return out
}
