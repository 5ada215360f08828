package sparse

import "math"

// matrix is the constraint matrix after scaling, held twice: column by
// column for FTRAN right-hand sides and pricing, and row by row for the
// pivot row of the dual simplex. The scaled entry (i, j) is
// rowScale[i]·a_ij·colScale[j]; the factors are powers of two, so that
// scaling and unscaling are exact.
//
// Each row of the row-major copy lists the entries of nonbasic columns
// first (rowNB of them), then those of basic columns, so that the pivot
// row, which needs only the nonbasic columns, skips the basic ones
// without looking at them. setBasic keeps the split as columns enter and
// leave the basis, swapping entries within their rows; cpos and rkey link
// each entry's two copies.
type matrix struct {
	m, n int

	colStart []int32 // n+1 offsets into rowIdx and val
	rowIdx   []int32
	val      []float64
	cpos     []int32 // per column-major entry: its place in the row-major copy

	rowStart []int32 // m+1 offsets into colIdx and rval
	colIdx   []int32
	rval     []float64
	rkey     []int32 // per row-major entry: its place in the column-major copy
	rowNB    []int32 // per row: its entries in nonbasic columns, listed first

	basicCol []bool // per column: its entries sit in the basic part of their rows (basic or frozen)
	nbNnz    int    // entries of the nonbasic columns

	colScale []float64 // n
	rowScale []float64 // m
}

// load copies a column-major matrix of m rows (unscaled) into a, computes
// scale factors and scales it.
func (a *matrix) load(m, n int, colStart, rowIndex []int, value []float64) {
	a.m, a.n = m, n
	a.colStart = resize(a.colStart, n+1)
	a.rowIdx = a.rowIdx[:0]
	a.val = a.val[:0]
	for j := range n {
		a.colStart[j] = int32(len(a.val))
		for k := colStart[j]; k < colStart[j+1]; k++ {
			if value[k] == 0 {
				continue // an explicit zero holds nothing
			}
			a.rowIdx = append(a.rowIdx, int32(rowIndex[k]))
			a.val = append(a.val, value[k])
		}
	}
	a.colStart[n] = int32(len(a.val))
	a.computeScale()
	a.applyScale()
	a.buildRows()
}

// scalePasses is the number of geometric-mean passes over rows and columns.
const scalePasses = 6

// computeScale sets geometric scale factors, rounded to powers of two, on
// the unscaled matrix: each pass divides every row, then every column, by
// the geometric mean of its largest and smallest magnitude.
func (a *matrix) computeScale() {
	a.colScale = resize(a.colScale, a.n)
	a.rowScale = resize(a.rowScale, a.m)
	for j := range a.colScale {
		a.colScale[j] = 1
	}
	for i := range a.rowScale {
		a.rowScale[i] = 1
	}
	if len(a.val) == 0 {
		return
	}
	lo, hi := math.Inf(1), 0.0
	for _, v := range a.val {
		lo, hi = min(lo, math.Abs(v)), max(hi, math.Abs(v))
	}
	if hi <= 4*lo {
		return // already well scaled: keep the numbers exact
	}
	rmin := make([]float64, a.m)
	rmax := make([]float64, a.m)
	for range scalePasses {
		for i := range a.m {
			rmin[i], rmax[i] = math.Inf(1), 0
		}
		for j := range a.n {
			for k := a.colStart[j]; k < a.colStart[j+1]; k++ {
				v := math.Abs(a.val[k]) * a.colScale[j]
				i := a.rowIdx[k]
				rmin[i], rmax[i] = min(rmin[i], v), max(rmax[i], v)
			}
		}
		for i := range a.m {
			if rmax[i] > 0 {
				a.rowScale[i] = 1 / math.Sqrt(rmin[i]*rmax[i])
			}
		}
		for j := range a.n {
			cmin, cmax := math.Inf(1), 0.0
			for k := a.colStart[j]; k < a.colStart[j+1]; k++ {
				v := math.Abs(a.val[k]) * a.rowScale[a.rowIdx[k]]
				cmin, cmax = min(cmin, v), max(cmax, v)
			}
			if cmax > 0 {
				a.colScale[j] = 1 / math.Sqrt(cmin*cmax)
			}
		}
	}
	for i, v := range a.rowScale {
		a.rowScale[i] = pow2(v)
	}
	for j, v := range a.colScale {
		a.colScale[j] = pow2(v)
	}
}

// pow2 rounds a positive factor to the nearest power of two, within
// [2⁻³⁰, 2³⁰].
func pow2(v float64) float64 {
	e := math.Round(math.Log2(v))
	return math.Ldexp(1, int(min(max(e, -30), 30)))
}

func (a *matrix) applyScale() {
	for j := range a.n {
		for k := a.colStart[j]; k < a.colStart[j+1]; k++ {
			a.val[k] *= a.rowScale[a.rowIdx[k]] * a.colScale[j]
		}
	}
}

// buildRows builds the row-major copy from the column-major one, with
// every column nonbasic.
func (a *matrix) buildRows() {
	a.rowStart = resize(a.rowStart, a.m+1)
	clear(a.rowStart)
	for _, i := range a.rowIdx {
		a.rowStart[i+1]++
	}
	for i := range a.m {
		a.rowStart[i+1] += a.rowStart[i]
	}
	nnz := len(a.rowIdx)
	a.colIdx = resize(a.colIdx, nnz)
	a.rval = resize(a.rval, nnz)
	a.rkey = resize(a.rkey, nnz)
	a.cpos = resize(a.cpos, nnz)
	a.rowNB = resize(a.rowNB, a.m)
	next := a.rowNB // the next free slot of each row, then its length
	for i := range a.m {
		next[i] = a.rowStart[i]
	}
	for j := range a.n {
		for k := a.colStart[j]; k < a.colStart[j+1]; k++ {
			i := a.rowIdx[k]
			p := next[i]
			a.colIdx[p], a.rval[p], a.rkey[p], a.cpos[k] = int32(j), a.val[k], k, p
			next[i]++
		}
	}
	for i := range a.m {
		a.rowNB[i] = a.rowStart[i+1] - a.rowStart[i]
	}
	a.basicCol = resize(a.basicCol, a.n)
	clear(a.basicCol)
	a.nbNnz = nnz
}

// setBasic moves column j's entries to the basic (basic true) or the
// nonbasic part of their rows, if they are not there already.
func (a *matrix) setBasic(j int, basic bool) {
	if a.basicCol[j] == basic {
		return
	}
	a.basicCol[j] = basic
	s, e := a.colStart[j], a.colStart[j+1]
	if basic {
		a.nbNnz -= int(e - s)
	} else {
		a.nbNnz += int(e - s)
	}
	for k := s; k < e; k++ {
		i := a.rowIdx[k]
		var q int32 // the slot at the boundary of row i's two parts
		if basic {
			a.rowNB[i]--
			q = a.rowStart[i] + a.rowNB[i]
		} else {
			q = a.rowStart[i] + a.rowNB[i]
			a.rowNB[i]++
		}
		a.swapRowEntries(a.cpos[k], q)
	}
}

// swapRowEntries exchanges entries p and q of the row-major copy.
func (a *matrix) swapRowEntries(p, q int32) {
	if p == q {
		return
	}
	a.colIdx[p], a.colIdx[q] = a.colIdx[q], a.colIdx[p]
	a.rval[p], a.rval[q] = a.rval[q], a.rval[p]
	a.rkey[p], a.rkey[q] = a.rkey[q], a.rkey[p]
	a.cpos[a.rkey[p]], a.cpos[a.rkey[q]] = p, q
}

// addRows appends rows given row by row (unscaled), scaling each new row
// by the power of two nearest the inverse geometric mean of its scaled
// entries.
func (a *matrix) addRows(start, col []int, value []float64) {
	k := len(start) - 1
	// Rebuild the column-major part with the new entries.
	cnt := make([]int32, a.n+1)
	for j := range a.n {
		cnt[j+1] = a.colStart[j+1] - a.colStart[j]
	}
	for _, j := range col {
		cnt[j+1]++
	}
	for j := range a.n {
		cnt[j+1] += cnt[j]
	}
	nnz := int(cnt[a.n])
	rowIdx := make([]int32, nnz)
	val := make([]float64, nnz)
	next := make([]int32, a.n)
	for j := range a.n {
		q := cnt[j]
		for p := a.colStart[j]; p < a.colStart[j+1]; p++ {
			rowIdx[q], val[q] = a.rowIdx[p], a.val[p]
			q++
		}
		next[j] = q
	}
	for r := range k {
		lo, hi := math.Inf(1), 0.0
		for p := start[r]; p < start[r+1]; p++ {
			if value[p] != 0 {
				v := math.Abs(value[p]) * a.colScale[col[p]]
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		s := 1.0
		if hi > 0 {
			s = pow2(1 / math.Sqrt(lo*hi))
		}
		a.rowScale = append(a.rowScale, s)
		i := int32(a.m + r)
		for p := start[r]; p < start[r+1]; p++ {
			j := col[p]
			if value[p] == 0 {
				continue
			}
			rowIdx[next[j]], val[next[j]] = i, value[p]*s*a.colScale[j]
			next[j]++
		}
	}
	// Compact away the slots of explicit zeros.
	q := int32(0)
	for j := range a.n {
		from, to := cnt[j], next[j]
		a.colStart[j] = q
		for p := from; p < to; p++ {
			rowIdx[q], val[q] = rowIdx[p], val[p]
			q++
		}
	}
	a.colStart[a.n] = q
	a.rowIdx, a.val = rowIdx[:q], val[:q]
	a.m += k
	a.buildRows()
}

// deleteRows removes the rows marked gone and renumbers the others.
func (a *matrix) deleteRows(gone []bool) {
	newIdx := make([]int32, a.m)
	k := int32(0)
	for i := range a.m {
		if gone[i] {
			newIdx[i] = -1
			continue
		}
		newIdx[i] = k
		a.rowScale[k] = a.rowScale[i]
		k++
	}
	a.rowScale = a.rowScale[:k]
	q := int32(0)
	for j := range a.n {
		from, to := a.colStart[j], a.colStart[j+1]
		a.colStart[j] = q
		for p := from; p < to; p++ {
			if ni := newIdx[a.rowIdx[p]]; ni >= 0 {
				a.rowIdx[q], a.val[q] = ni, a.val[p]
				q++
			}
		}
	}
	a.colStart[a.n] = q
	a.rowIdx, a.val = a.rowIdx[:q], a.val[:q]
	a.m = int(k)
	a.buildRows()
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
