package sparse

import "math"

// LU tolerances.
const (
	luThreshold = 0.1   // a pivot must be this large relative to its column's largest entry
	luAbsTol    = 1e-11 // entries below this count as zero when choosing pivots
	luSearch    = 4     // columns and rows looked at before a Markowitz choice is taken
	etaDrop     = 1e-14 // eta entries below this are dropped
	maxEtas     = 100   // updates between two factorizations
)

// factor is an LU factorization of the basis matrix B, whose column p is
// the column of the basic variable at position p, followed by a file of
// product-form updates:
//
//	B = L⁻¹·U·E₁⁻¹···  i.e.  B_k⁻¹ = E_k⁻¹···E₁⁻¹·U⁻¹·L
//
// L is a sequence of column etas (row i −= l_i·row r), U is stored by
// column and by row, with pivot k at (pivRow[k], pivCol[k]); U's entries
// lie in rows pivoted before the column's own pivot. Vectors indexed by
// row are the right-hand sides of FTRAN and the results of BTRAN; vectors
// indexed by basis position the results of FTRAN and the right-hand sides
// of BTRAN.
type factor struct {
	m int

	np     int // pivots found
	pivRow []int32
	pivCol []int32
	pivVal []float64

	lRow   []int32 // per L eta: its pivot row
	lStart []int32 // len(lRow)+1 offsets into lIdx, lVal
	lIdx   []int32
	lVal   []float64

	ucStart []int32 // U by column (position): rows and values
	ucIdx   []int32
	ucVal   []float64
	urStart []int32 // U by row: positions and values
	urIdx   []int32
	urVal   []float64
	luNnz   int

	ePos   []int32 // per eta: the position it replaced
	ePiv   []float64
	eStart []int32 // len(ePos)+1 offsets into eIdx, eVal
	eIdx   []int32
	eVal   []float64
	etaNnz int

	// Factorization workspace: the active submatrix by column (rows and
	// values) and by row (columns), count buckets, U triplets.
	colR    [][]int32
	colV    [][]float64
	rowC    [][]int32
	bufR    []int32 // backing store of colR, colV and rowC
	bufV    []float64
	bufC    []int32
	cb, rb  buckets
	rowDone []bool
	cmax    []float64 // per active column: its largest magnitude, or -1 when not known
	pos     []int32
	tR, tC  []int32
	tV      []float64
	prj     []int32
	prv     []float64
	dep     []int32 // positions found dependent
	free    []int32 // rows left without a pivot
	active  int
}

// buckets files items (columns or rows) by count in doubly linked lists.
type buckets struct {
	head, next, prev, at []int32
}

func (b *buckets) reset(items, counts int) {
	b.head = resize(b.head, counts+1)
	for c := range b.head {
		b.head[c] = -1
	}
	b.next = resize(b.next, items)
	b.prev = resize(b.prev, items)
	b.at = resize(b.at, items)
	for x := range b.at {
		b.at[x] = -1
	}
}

func (b *buckets) insert(x int32, c int) {
	if c >= len(b.head) {
		c = len(b.head) - 1
	}
	h := b.head[c]
	b.next[x], b.prev[x], b.at[x] = h, -1, int32(c)
	if h >= 0 {
		b.prev[h] = x
	}
	b.head[c] = x
}

func (b *buckets) remove(x int32) {
	c := b.at[x]
	if c < 0 {
		return
	}
	if p := b.prev[x]; p >= 0 {
		b.next[p] = b.next[x]
	} else {
		b.head[c] = b.next[x]
	}
	if nx := b.next[x]; nx >= 0 {
		b.prev[nx] = b.prev[x]
	}
	b.at[x] = -1
}

func (b *buckets) move(x int32, c int) {
	if b.at[x] == int32(min(c, len(b.head)-1)) {
		return
	}
	b.remove(x)
	b.insert(x, c)
}

// columnSource gives the columns of the basis: the structural columns of
// the scaled matrix and the logical columns −e_i.
type columnSource struct {
	a *matrix
	n int
}

// factorize computes the LU factors of the basis whose position p holds
// variable head[p]. It returns false when the basis is singular; then
// f.dep lists the positions of dependent columns and f.free as many rows
// that no pivot covers, and the factors are not usable.
func (f *factor) factorize(src columnSource, head []int32) bool {
	m := len(head)
	f.m = m
	f.np = 0
	f.pivRow, f.pivCol, f.pivVal = f.pivRow[:0], f.pivCol[:0], f.pivVal[:0]
	f.lRow, f.lIdx, f.lVal = f.lRow[:0], f.lIdx[:0], f.lVal[:0]
	f.lStart = append(f.lStart[:0], 0)
	f.tR, f.tC, f.tV = f.tR[:0], f.tC[:0], f.tV[:0]
	f.dep, f.free = f.dep[:0], f.free[:0]
	f.clearEtas()
	f.rowDone = resize(f.rowDone, m)
	clear(f.rowDone)
	f.pos = resize(f.pos, m)
	clear(f.pos)
	f.colR, f.colV, f.rowC = resize(f.colR, m), resize(f.colV, m), resize(f.rowC, m)
	f.cmax = resize(f.cmax, m)
	for p := range f.cmax {
		f.cmax[p] = -1
	}
	// Logical columns first: each is a singleton −e_i and pivots at once.
	n := src.n
	isLogical := func(p int) bool { return int(head[p]) >= n }
	for p := range m {
		if isLogical(p) {
			i := head[p] - int32(n)
			if f.rowDone[i] {
				f.dep = append(f.dep, int32(p)) // the same logical twice: cannot happen, but be safe
				continue
			}
			f.rowDone[i] = true
			f.addPivot(i, int32(p), -1)
		}
	}
	// The structural columns, split into U entries (rows already pivoted)
	// and the active submatrix. The active columns and rows are carved
	// out of flat buffers, with room for some fill-in, so that a
	// factorization allocates nothing once the buffers have grown.
	a := src.a
	cnt := f.pos // entries per row, then cleared
	colTotal := 0
	for p := range m {
		if isLogical(p) {
			continue
		}
		j := head[p]
		k := 0
		for q := a.colStart[j]; q < a.colStart[j+1]; q++ {
			if i := a.rowIdx[q]; !f.rowDone[i] {
				cnt[i]++
				k++
			}
		}
		colTotal += k + k/2 + 4
	}
	rowTotal := 0
	for i := range m {
		rowTotal += int(cnt[i]) + int(cnt[i])/2 + 4
	}
	f.bufR = resize(f.bufR, colTotal)
	f.bufV = resize(f.bufV, colTotal)
	f.bufC = resize(f.bufC, rowTotal)
	off := 0
	for i := range m {
		c := int(cnt[i]) + int(cnt[i])/2 + 4
		f.rowC[i] = f.bufC[off : off : off+c]
		off += c
		cnt[i] = 0
	}
	off = 0
	for p := range m {
		if isLogical(p) {
			f.colR[p], f.colV[p] = f.colR[p][:0], f.colV[p][:0]
			continue
		}
		j := head[p]
		k := 0
		for q := a.colStart[j]; q < a.colStart[j+1]; q++ {
			if !f.rowDone[a.rowIdx[q]] {
				k++
			}
		}
		c := k + k/2 + 4
		f.colR[p], f.colV[p] = f.bufR[off:off:off+c], f.bufV[off:off:off+c]
		off += c
		for q := a.colStart[j]; q < a.colStart[j+1]; q++ {
			i, v := a.rowIdx[q], a.val[q]
			if f.rowDone[i] {
				f.tR, f.tC, f.tV = append(f.tR, i), append(f.tC, int32(p)), append(f.tV, v)
				continue
			}
			f.colR[p] = append(f.colR[p], i)
			f.colV[p] = append(f.colV[p], v)
			f.rowC[i] = append(f.rowC[i], int32(p))
		}
	}
	f.cb.reset(m, m)
	f.rb.reset(m, m)
	f.active = 0
	for p := range m {
		if !isLogical(p) {
			f.cb.insert(int32(p), len(f.colR[p]))
			f.active++
		}
	}
	for i := range m {
		if !f.rowDone[i] {
			f.rb.insert(int32(i), len(f.rowC[i]))
		}
	}
	for f.active > 0 {
		for c := f.cb.head[0]; c >= 0; c = f.cb.head[0] {
			f.cb.remove(c)
			f.dep = append(f.dep, c)
			f.active--
		}
		if f.active == 0 {
			break
		}
		r, c, dead := f.choose()
		switch {
		case dead >= 0:
			f.kill(dead)
		case r < 0:
			// Nothing usable is left: every remaining column is dependent.
			for cnt := range f.cb.head {
				for c := f.cb.head[cnt]; c >= 0; c = f.cb.head[cnt] {
					f.cb.remove(c)
					f.dep = append(f.dep, c)
					f.active--
				}
			}
		default:
			f.eliminate(r, c)
		}
	}
	if len(f.dep) > 0 {
		for i := range m {
			if !f.rowDone[i] {
				f.free = append(f.free, int32(i))
			}
		}
		return false
	}
	f.buildU()
	return true
}

// addPivot records pivot (r, c) with value v.
func (f *factor) addPivot(r, c int32, v float64) {
	f.pivRow = append(f.pivRow, r)
	f.pivCol = append(f.pivCol, c)
	f.pivVal = append(f.pivVal, v)
	f.np++
}

// colMax is the largest magnitude in active column c, cached until the
// column changes.
func (f *factor) colMax(c int32) float64 {
	if big := f.cmax[c]; big >= 0 {
		return big
	}
	big := 0.0
	for _, v := range f.colV[c] {
		big = max(big, math.Abs(v))
	}
	f.cmax[c] = big
	return big
}

// choose picks the next pivot by Markowitz count among the entries that
// pass the threshold test, looking first at the sparsest columns and
// rows. dead >= 0 names a column with no usable entry.
func (f *factor) choose() (r, c, dead int32) {
	r, c, dead = -1, -1, -1
	best := int64(math.MaxInt64)
	searched := 0
	for cnt := 1; cnt < len(f.cb.head); cnt++ {
		for j := f.cb.head[cnt]; j >= 0; j = f.cb.next[j] {
			big := f.colMax(j)
			if big < luAbsTol {
				return -1, -1, j
			}
			for k, i := range f.colR[j] {
				v := math.Abs(f.colV[j][k])
				if v < luAbsTol || v < luThreshold*big {
					continue
				}
				cost := int64(len(f.rowC[i])-1) * int64(cnt-1)
				if cost < best || (cost == best && v > math.Abs(f.valueAt(r, c))) {
					best, r, c = cost, i, j
				}
			}
			searched++
			if r >= 0 && (searched >= luSearch || best <= int64(cnt-1)*int64(cnt-1)) {
				return r, c, -1
			}
		}
		for i := f.rb.head[cnt]; i >= 0; i = f.rb.next[i] {
			for _, j := range f.rowC[i] {
				v := math.Abs(f.valueAt(i, j))
				if v < luAbsTol || v < luThreshold*f.colMax(j) {
					continue
				}
				cost := int64(cnt-1) * int64(len(f.colR[j])-1)
				if cost < best {
					best, r, c = cost, i, j
				}
			}
			searched++
			if r >= 0 && (searched >= luSearch || best <= int64(cnt)*int64(cnt-1)) {
				return r, c, -1
			}
		}
	}
	return r, c, -1
}

// valueAt is the active entry (i, j), 0 when absent or when i < 0.
func (f *factor) valueAt(i, j int32) float64 {
	if i < 0 {
		return 0
	}
	for k, r := range f.colR[j] {
		if r == i {
			return f.colV[j][k]
		}
	}
	return 0
}

// removeFromRow drops column c from row i's list.
func (f *factor) removeFromRow(i, c int32) {
	row := f.rowC[i]
	for k, j := range row {
		if j == c {
			row[k] = row[len(row)-1]
			f.rowC[i] = row[:len(row)-1]
			return
		}
	}
}

// kill removes column c, all of whose entries are negligible, as
// dependent.
func (f *factor) kill(c int32) {
	for _, i := range f.colR[c] {
		f.removeFromRow(i, c)
		f.rb.move(i, len(f.rowC[i]))
	}
	f.colR[c], f.colV[c] = f.colR[c][:0], f.colV[c][:0]
	f.cb.remove(c)
	f.dep = append(f.dep, c)
	f.active--
}

// eliminate pivots on active entry (r, c): row r goes to U, column c to an
// L eta, and the rest of the active submatrix takes the rank-one update.
func (f *factor) eliminate(r, c int32) {
	f.cb.remove(c)
	f.rb.remove(r)
	f.active--
	piv := f.valueAt(r, c)
	f.prj, f.prv = f.prj[:0], f.prv[:0]
	for _, j := range f.rowC[r] {
		if j == c {
			continue
		}
		col := f.colR[j]
		for k, i := range col {
			if i == r {
				v := f.colV[j][k]
				last := len(col) - 1
				col[k], f.colV[j][k] = col[last], f.colV[j][last]
				f.colR[j], f.colV[j] = col[:last], f.colV[j][:last]
				f.prj, f.prv = append(f.prj, j), append(f.prv, v)
				f.tR, f.tC, f.tV = append(f.tR, r), append(f.tC, j), append(f.tV, v)
				break
			}
		}
	}
	f.rowC[r] = f.rowC[r][:0]
	f.rowDone[r] = true
	lstart := len(f.lIdx)
	for k, i := range f.colR[c] {
		if i == r {
			continue
		}
		f.lIdx = append(f.lIdx, i)
		f.lVal = append(f.lVal, f.colV[c][k]/piv)
		f.removeFromRow(i, c)
	}
	f.colR[c], f.colV[c] = f.colR[c][:0], f.colV[c][:0]
	if len(f.lIdx) > lstart {
		f.lRow = append(f.lRow, r)
		f.lStart = append(f.lStart, int32(len(f.lIdx)))
	}
	li, lv := f.lIdx[lstart:], f.lVal[lstart:]
	for q, j := range f.prj {
		f.cmax[j] = -1
		if len(li) > 0 {
			u := f.prv[q]
			for k, i := range f.colR[j] {
				f.pos[i] = int32(k + 1)
			}
			for t, i := range li {
				delta := -lv[t] * u
				if p := f.pos[i]; p > 0 {
					f.colV[j][p-1] += delta
					continue
				}
				f.colR[j] = append(f.colR[j], i)
				f.colV[j] = append(f.colV[j], delta)
				f.pos[i] = int32(len(f.colR[j]))
				f.rowC[i] = append(f.rowC[i], j)
			}
			for _, i := range f.colR[j] {
				f.pos[i] = 0
			}
		}
		f.cb.move(j, len(f.colR[j]))
	}
	for _, i := range li {
		f.rb.move(i, len(f.rowC[i]))
	}
	f.addPivot(r, c, piv)
}

// buildU stores the U triplets by column and by row.
func (f *factor) buildU() {
	m := f.m
	f.ucStart = resize(f.ucStart, m+1)
	f.urStart = resize(f.urStart, m+1)
	clear(f.ucStart)
	clear(f.urStart)
	for k := range f.tR {
		f.ucStart[f.tC[k]+1]++
		f.urStart[f.tR[k]+1]++
	}
	for i := range m {
		f.ucStart[i+1] += f.ucStart[i]
		f.urStart[i+1] += f.urStart[i]
	}
	nnz := len(f.tR)
	f.ucIdx, f.ucVal = resize(f.ucIdx, nnz), resize(f.ucVal, nnz)
	f.urIdx, f.urVal = resize(f.urIdx, nnz), resize(f.urVal, nnz)
	// Fill using pos as the next free slot (by column), then reuse it by row.
	next := f.pos
	for k := range f.tR {
		c := f.tC[k]
		q := f.ucStart[c] + next[c]
		next[c]++
		f.ucIdx[q], f.ucVal[q] = f.tR[k], f.tV[k]
	}
	clear(next)
	for k := range f.tR {
		r := f.tR[k]
		q := f.urStart[r] + next[r]
		next[r]++
		f.urIdx[q], f.urVal[q] = f.tC[k], f.tV[k]
	}
	clear(next)
	f.luNnz = nnz + len(f.lIdx) + m
}

func (f *factor) clearEtas() {
	f.ePos, f.ePiv = f.ePos[:0], f.ePiv[:0]
	f.eStart = append(f.eStart[:0], 0)
	f.eIdx, f.eVal = f.eIdx[:0], f.eVal[:0]
	f.etaNnz = 0
}

// numEtas is the number of updates since the factorization.
func (f *factor) numEtas() int { return len(f.ePos) }

// wantsRefactor reports whether the eta file has grown enough that a new
// factorization is cheaper than going on.
func (f *factor) wantsRefactor() bool {
	return len(f.ePos) >= maxEtas || f.etaNnz > 2*f.luNnz+f.m
}

// update records the replacement of the column at position p by a column
// whose FTRAN is alpha (indexed by position).
func (f *factor) update(p int32, alpha []float64) {
	f.ePos = append(f.ePos, p)
	f.ePiv = append(f.ePiv, alpha[p])
	for i, v := range alpha {
		if int32(i) != p && math.Abs(v) > etaDrop {
			f.eIdx = append(f.eIdx, int32(i))
			f.eVal = append(f.eVal, v)
		}
	}
	f.eStart = append(f.eStart, int32(len(f.eIdx)))
	f.etaNnz = len(f.eIdx)
}

// ftran solves B·x = v: v is indexed by row and is left all zero; x is
// indexed by position.
func (f *factor) ftran(v, x []float64) {
	for e, r := range f.lRow {
		vr := v[r]
		if vr == 0 {
			continue
		}
		for k := f.lStart[e]; k < f.lStart[e+1]; k++ {
			v[f.lIdx[k]] -= f.lVal[k] * vr
		}
	}
	for k := f.np - 1; k >= 0; k-- {
		r, c := f.pivRow[k], f.pivCol[k]
		vr := v[r]
		if vr == 0 {
			x[c] = 0
			continue
		}
		v[r] = 0
		xc := vr / f.pivVal[k]
		x[c] = xc
		for q := f.ucStart[c]; q < f.ucStart[c+1]; q++ {
			v[f.ucIdx[q]] -= f.ucVal[q] * xc
		}
	}
	for e, p := range f.ePos {
		xp := x[p]
		if xp == 0 {
			continue
		}
		xp /= f.ePiv[e]
		x[p] = xp
		for k := f.eStart[e]; k < f.eStart[e+1]; k++ {
			x[f.eIdx[k]] -= f.eVal[k] * xp
		}
	}
}

// btran solves Bᵀ·y = e: e is indexed by position and is left all zero;
// y is indexed by row.
func (f *factor) btran(e, y []float64) {
	for t := len(f.ePos) - 1; t >= 0; t-- {
		p := f.ePos[t]
		s := e[p]
		for k := f.eStart[t]; k < f.eStart[t+1]; k++ {
			s -= f.eVal[k] * e[f.eIdx[k]]
		}
		e[p] = s / f.ePiv[t]
	}
	for k := 0; k < f.np; k++ {
		r, c := f.pivRow[k], f.pivCol[k]
		ec := e[c]
		if ec == 0 {
			y[r] = 0
			continue
		}
		e[c] = 0
		yr := ec / f.pivVal[k]
		y[r] = yr
		for q := f.urStart[r]; q < f.urStart[r+1]; q++ {
			e[f.urIdx[q]] -= f.urVal[q] * yr
		}
	}
	for t := len(f.lRow) - 1; t >= 0; t-- {
		r := f.lRow[t]
		s := y[r]
		for k := f.lStart[t]; k < f.lStart[t+1]; k++ {
			s -= f.lVal[k] * y[f.lIdx[k]]
		}
		y[r] = s
	}
}
