package sparse

import "math"

// The dense kernel of the factorization. The block starts late because
// it keeps entries the sparse elimination would not create, which every
// FTRAN and BTRAN then reads: on a basis of the national DDU LP, starting
// at 90% density adds 2% to L and U, at 60% 9.5%, for about the same
// factorization time; from order 400 on, no benchmark LP below the
// national one goes dense (benchmarks/lp-engines.md).
const (
	denseOrder   = 400     // the active submatrix goes dense from this many columns on (factor.denseMin)
	denseShare   = 0.9     // once this share of its entries are nonzero
	denseEntries = 1 << 24 // and never when its dense copy would hold more entries (128 MB)
)

// wantsDense reports whether the Markowitz elimination should hand the
// rest of the active submatrix to the dense kernel: it is square (no
// column found dependent so far), large enough and dense enough, and the
// dense kernel has not been tried in this factorization.
func (f *factor) wantsDense() bool {
	n, from := f.active, f.denseMin
	if from == 0 {
		from = denseOrder
	}
	if f.denseTried || n < from || f.m-f.np != n || n*n > denseEntries {
		return false
	}
	return float64(f.activeNnz) >= denseShare*float64(n)*float64(n)
}

// denseFinish factorizes the active submatrix as a dense matrix by LU
// with partial pivoting (denseLU): without the Markowitz search and the
// scattered updates of the sparse elimination, whose work on a dense
// nucleus is the same but whose cost per entry is many times higher.
// Every pivot is the largest magnitude of its column, so it passes the
// threshold test. The pivots, L etas and U entries are appended as
// eliminate's would be, the columns pivoting in index order; entries
// that are exactly zero are left out. It reports false, changing nothing
// in the sparse workspace, when a pivot is below luAbsTol: the sparse
// elimination then goes on and finds the dependent columns.
func (f *factor) denseFinish() bool {
	f.denseTried = true
	n := f.active
	f.dRows, f.dCols = f.dRows[:0], f.dCols[:0]
	for i := range f.m {
		if !f.rowDone[i] {
			f.pos[i] = int32(len(f.dRows) + 1)
			f.dRows = append(f.dRows, int32(i))
		}
	}
	for p := range f.m {
		if f.cb.at[p] >= 0 {
			f.dCols = append(f.dCols, int32(p))
		}
	}
	a := resize(f.dense, n*n)
	f.dense = a
	clear(a)
	for t, c := range f.dCols {
		for k, i := range f.colR[c] {
			a[int(f.pos[i]-1)*n+t] = f.colV[c][k]
		}
	}
	for _, i := range f.dRows {
		f.pos[i] = 0
	}
	f.ipiv = resize(f.ipiv, n)
	denseLU(a, n, f.ipiv)
	for k := range n {
		if math.Abs(a[k*n+k]) < luAbsTol {
			return false
		}
	}
	perm := f.dRows
	for k, q := range f.ipiv {
		perm[k], perm[q] = perm[q], perm[k]
	}
	for k := range n {
		r, c := perm[k], f.dCols[k]
		lstart := len(f.lIdx)
		for i := k + 1; i < n; i++ {
			if l := a[i*n+k]; l != 0 {
				f.lIdx = append(f.lIdx, perm[i])
				f.lVal = append(f.lVal, l)
			}
		}
		if len(f.lIdx) > lstart {
			f.lRow = append(f.lRow, r)
			f.lStart = append(f.lStart, int32(len(f.lIdx)))
		}
		row := a[k*n : (k+1)*n]
		for j := k + 1; j < n; j++ {
			if v := row[j]; v != 0 {
				f.tR, f.tC, f.tV = append(f.tR, r), append(f.tC, f.dCols[j]), append(f.tV, v)
			}
		}
		f.addPivot(r, c, row[k])
		f.rowDone[r] = true
	}
	for _, c := range f.dCols {
		f.cb.remove(c)
		f.colR[c], f.colV[c], f.colX[c] = f.colR[c][:0], f.colV[c][:0], f.colX[c][:0]
	}
	for _, i := range perm {
		f.rb.remove(i)
		f.rowC[i], f.rowX[i] = f.rowC[i][:0], f.rowX[i][:0]
	}
	f.active, f.activeNnz = 0, 0
	f.denseSize = n
	return true
}

// denseLU factorizes the n×n row-major matrix a in place by LU with
// partial pivoting, as LAPACK's getf2 does: at step k the row of the
// largest magnitude in column k (the first such) is exchanged with row k
// (whole rows, so that the multipliers end in the final row order) and
// recorded in ipiv[k]; a then holds L's multipliers below the diagonal and
// U on and above it. A zero column leaves its pivot zero (the caller
// checks the diagonal). The rank-one updates run along rows, skipping
// the rows whose multiplier is zero. It allocates nothing and runs on
// the calling goroutine alone.
func denseLU(a []float64, n int, ipiv []int) {
	for k := range n {
		p, big := k, math.Abs(a[k*n+k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(a[i*n+k]); v > big {
				p, big = i, v
			}
		}
		ipiv[k] = p
		if p != k {
			rk, rp := a[k*n:(k+1)*n], a[p*n:(p+1)*n]
			for j := range rk {
				rk[j], rp[j] = rp[j], rk[j]
			}
		}
		piv := a[k*n+k]
		if piv == 0 {
			continue
		}
		uk := a[k*n+k+1 : (k+1)*n]
		for i := k + 1; i < n; i++ {
			l := a[i*n+k]
			if l == 0 {
				continue
			}
			l /= piv
			a[i*n+k] = l
			ri := a[i*n+k+1 : (i+1)*n]
			ri = ri[:len(uk)]
			for j, u := range uk {
				ri[j] -= l * u
			}
		}
	}
}
