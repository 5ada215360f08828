package lagrange

import (
	"cmp"
	"slices"
	"sync"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// parallelNonzeros is the least number of matrix elements for which the
// products are split over workers (unless Options.SplitFrom says
// otherwise): below it a product takes less than a few hundred
// microseconds, and starting the goroutines would cost more than it saves.
const parallelNonzeros = 200_000

// workers is the number of workers that share the products with the
// matrix of a problem of nnz elements.
func (o Options) workers(nnz int) int {
	from := parallelNonzeros
	if o.SplitFrom > 0 {
		from = o.SplitFrom
	}
	if nnz < from {
		return 1
	}
	return max(o.Threads, 1)
}

// matrix is a sparse matrix by column, with rows ascending within each
// column, split for its products over a fixed number of workers: Ax by
// blocks of rows (each worker goes through every column, but only through
// the part of it in its rows) and Aᵀy by blocks of columns, both blocks of
// about equal numbers of elements. Every output entry is computed by one
// worker, adding the same terms in the same order as one worker would (Ax
// by ascending column, Aᵀy by ascending row), so the products are
// bit-identical whatever the number of workers.
type matrix struct {
	n        int
	colStart []int
	row      []int32
	val      []float64

	workers int
	rowCut  []int   // workers+1 row boundaries of the blocks of Ax
	colCut  []int   // workers+1 column boundaries of the blocks of Aᵀy
	seg     [][]int // seg[b][j], b = 1..workers−1: where column j's part in row block b starts (seg[0] unused)
}

// newMatrix returns p's structure with the values val (in p's order), for
// the given number of workers (at least 1).
func newMatrix(p *lp.Problem, val []float64, workers int) *matrix {
	m, n := p.NumRows(), p.NumCols()
	a := &matrix{n: n, colStart: p.ColStart, row: make([]int32, len(val)), val: make([]float64, len(val))}
	var perm []int
	for j := range n {
		lo, hi := p.ColStart[j], p.ColStart[j+1]
		if slices.IsSorted(p.RowIndex[lo:hi]) {
			for k := lo; k < hi; k++ {
				a.row[k], a.val[k] = int32(p.RowIndex[k]), val[k]
			}
			continue
		}
		perm = perm[:0]
		for k := lo; k < hi; k++ {
			perm = append(perm, k)
		}
		slices.SortFunc(perm, func(x, y int) int { return cmp.Compare(p.RowIndex[x], p.RowIndex[y]) })
		for t, k := range perm {
			a.row[lo+t], a.val[lo+t] = int32(p.RowIndex[k]), val[k]
		}
	}
	a.workers = max(1, min(workers, m, n))
	// Column blocks of about equal elements.
	a.colCut = make([]int, a.workers+1)
	for b := 1; b < a.workers; b++ {
		want := len(val) * b / a.workers
		a.colCut[b] = max(a.colCut[b-1], sortSearch(n, func(j int) bool { return p.ColStart[j] >= want }))
	}
	a.colCut[a.workers] = n
	// Row blocks of about equal elements.
	count := make([]int, m+1)
	for _, i := range a.row {
		count[i+1]++
	}
	for i := range m {
		count[i+1] += count[i]
	}
	a.rowCut = make([]int, a.workers+1)
	for b := 1; b < a.workers; b++ {
		want := len(val) * b / a.workers
		a.rowCut[b] = max(a.rowCut[b-1], sortSearch(m, func(i int) bool { return count[i] >= want }))
	}
	a.rowCut[a.workers] = m
	a.seg = make([][]int, a.workers)
	for b := 1; b < a.workers; b++ {
		s := make([]int, n)
		first := int32(a.rowCut[b])
		for j := range n {
			lo, hi := p.ColStart[j], p.ColStart[j+1]
			s[j] = lo + sortSearch(hi-lo, func(t int) bool { return a.row[lo+t] >= first })
		}
		a.seg[b] = s
	}
	return a
}

// sortSearch is sort.Search: the least i in [0, n) with f(i), or n.
func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if !f(h) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// each runs f(b) for every block b, on a worker each.
func (a *matrix) each(f func(b int)) {
	if a.workers == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for b := 1; b < a.workers; b++ {
		wg.Go(func() { f(b) })
	}
	f(0)
	wg.Wait()
}

// segment returns the range of column j's elements in row block b.
func (a *matrix) segment(b, j int) (lo, hi int) {
	lo, hi = a.colStart[j], a.colStart[j+1]
	if b > 0 {
		lo = a.seg[b][j]
	}
	if b+1 < a.workers {
		hi = a.seg[b+1][j]
	}
	return lo, hi
}

// times sets out = Ax, skipping the columns where x is 0.
func (a *matrix) times(x, out []float64) {
	a.each(func(b int) {
		clear(out[a.rowCut[b]:a.rowCut[b+1]])
		for j, v := range x {
			if v == 0 {
				continue
			}
			lo, hi := a.segment(b, j)
			for k := lo; k < hi; k++ {
				out[a.row[k]] += v * a.val[k]
			}
		}
	})
}

// timesT sets out = Aᵀy.
func (a *matrix) timesT(y, out []float64) {
	a.each(func(b int) {
		for j := a.colCut[b]; j < a.colCut[b+1]; j++ {
			sum := 0.0
			for k := a.colStart[j]; k < a.colStart[j+1]; k++ {
				sum += y[a.row[k]] * a.val[k]
			}
			out[j] = sum
		}
	})
}

// reduced sets out_j = c_j − Σ_i y_i a_ij, subtracting the terms one by
// one in ascending row order (the subgradient method's rounding).
func (a *matrix) reduced(c, y, out []float64) {
	a.each(func(b int) {
		for j := a.colCut[b]; j < a.colCut[b+1]; j++ {
			d := c[j]
			for k := a.colStart[j]; k < a.colStart[j+1]; k++ {
				d -= y[a.row[k]] * a.val[k]
			}
			out[j] = d
		}
	})
}
