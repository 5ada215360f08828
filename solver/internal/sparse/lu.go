package sparse

import "math"

// LU tolerances.
const (
	luThreshold = 0.1   // a pivot must be this large relative to its column's largest entry
	luAbsTol    = 1e-11 // entries below this count as zero when choosing pivots
	luSearch    = 4     // columns and rows looked at before a Markowitz choice is taken
	etaDrop     = 1e-14 // spike entries and row-eta multipliers below this are dropped
)

// factor is an LU factorization of the basis matrix B, whose column p is
// the column of the basic variable at position p, kept up to date through
// basis changes by Forrest–Tomlin updates:
//
//	R_t···R_1·L·B = U
//
// L is a sequence of column etas (row i −= l_i·row r) from the
// factorization; each R is a row eta of an update (row r −= Σ μ_i·row i);
// U is triangular up to the order of its pivots: pivot slot k sits at
// (pivRow[k], pivCol[k]) with value pivVal[k], and U's off-diagonal
// entries lie in the rows of earlier slots than their column's. U is
// stored by column (FTRAN) and by row (BTRAN, updates), each column and
// row a segment of a flat array that can move to its end when it grows.
// An update replaces U's column at a position by the spike R·L·a_q, moves
// that position's slot to the end of the order (its old slot is left
// empty, pivCol −1) and eliminates the old row of the slot with a new row
// eta. Vectors indexed by row are the right-hand sides of FTRAN and the
// results of BTRAN; vectors indexed by basis position the results of
// FTRAN and the right-hand sides of BTRAN.
type factor struct {
	m int

	np     int // pivot slots: m after a factorization, one more per update
	pivRow []int32
	pivCol []int32 // -1: the slot was vacated by an update
	pivVal []float64
	slot   []int32 // per position: its pivot slot

	lRow   []int32 // per L eta: its pivot row
	lStart []int32 // len(lRow)+1 offsets into lIdx, lVal
	lIdx   []int32
	lVal   []float64

	ucStart, ucLen        []int32 // U by column (position): segments of rows and values
	ucIdx                 []int32
	ucVal                 []float64
	urStart, urLen, urCap []int32 // U by row: segments of positions and values
	urIdx                 []int32
	urVal                 []float64
	uNnz                  int // off-diagonal entries of U

	rRow   []int32 // per row eta: its row
	rStart []int32 // len(rRow)+1 offsets into rIdx, rVal
	rIdx   []int32
	rVal   []float64

	luNnz   int  // entries of L and U (with the diagonal) after the factorization
	updates int  // updates since the factorization
	stale   bool // an update failed: the factors are unusable until the next factorization

	// The spike of the last ftranSpike: the entering column after L and the
	// row etas, by row, until update uses it.
	spkIdx []int32
	spkVal []float64
	spkOK  bool
	wPos   []float64 // zero between uses: indexed by position
	wRow   []float64 // zero between uses: indexed by row

	// Factorization workspace: the active submatrix by column (rows and
	// values) and by row (columns), each entry linked to its twin in the
	// other list (colX[j][k]: the place of entry k of column j in its
	// row's list; rowX[i][t]: the place of entry t of row i in its
	// column's list), count buckets, U triplets.
	colR    [][]int32
	colV    [][]float64
	colX    [][]int32
	rowC    [][]int32
	rowX    [][]int32
	bufR    []int32 // backing store of colR, colV, colX, rowC and rowX
	bufV    []float64
	bufRX   []int32
	bufC    []int32
	bufCX   []int32
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
	// activeNnz counts the entries of the active submatrix, for the
	// switch to the dense kernel (lu_dense.go): its workspace is dense,
	// dRows, dCols and ipiv; denseSize is the order of the dense block
	// of the last factorization (0: none).
	activeNnz  int
	dense      []float64
	dRows      []int32
	dCols      []int32
	ipiv       []int
	denseSize  int
	denseTried bool
	denseMin   int // the order from which the active submatrix may go dense; 0: denseOrder (tests change it)
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
	f.clearUpdates()
	f.rowDone = resize(f.rowDone, m)
	clear(f.rowDone)
	f.pos = resize(f.pos, m)
	clear(f.pos)
	f.colR, f.colV, f.rowC = resize(f.colR, m), resize(f.colV, m), resize(f.rowC, m)
	f.colX, f.rowX = resize(f.colX, m), resize(f.rowX, m)
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
	f.bufRX = resize(f.bufRX, colTotal)
	f.bufC = resize(f.bufC, rowTotal)
	f.bufCX = resize(f.bufCX, rowTotal)
	off := 0
	for i := range m {
		c := int(cnt[i]) + int(cnt[i])/2 + 4
		f.rowC[i] = f.bufC[off : off : off+c]
		f.rowX[i] = f.bufCX[off : off : off+c]
		off += c
		cnt[i] = 0
	}
	off = 0
	for p := range m {
		if isLogical(p) {
			f.colR[p], f.colV[p], f.colX[p] = f.colR[p][:0], f.colV[p][:0], f.colX[p][:0]
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
		f.colR[p], f.colV[p], f.colX[p] = f.bufR[off:off:off+c], f.bufV[off:off:off+c], f.bufRX[off:off:off+c]
		off += c
		for q := a.colStart[j]; q < a.colStart[j+1]; q++ {
			i, v := a.rowIdx[q], a.val[q]
			if f.rowDone[i] {
				f.tR, f.tC, f.tV = append(f.tR, i), append(f.tC, int32(p)), append(f.tV, v)
				continue
			}
			f.link(i, int32(p), v)
		}
	}
	f.cb.reset(m, m)
	f.rb.reset(m, m)
	f.active, f.activeNnz, f.denseSize, f.denseTried = 0, 0, 0, false
	for p := range m {
		if !isLogical(p) {
			f.cb.insert(int32(p), len(f.colR[p]))
			f.active++
			f.activeNnz += len(f.colR[p])
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
		if f.active == 0 || f.wantsDense() && f.denseFinish() {
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
	bestV := 0.0 // |entry (r, c)|
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
				if cost < best || (cost == best && v > bestV) {
					best, r, c, bestV = cost, i, j, v
				}
			}
			searched++
			if r >= 0 && (searched >= luSearch || best <= int64(cnt-1)*int64(cnt-1)) {
				return r, c, -1
			}
		}
		for i := f.rb.head[cnt]; i >= 0; i = f.rb.next[i] {
			for t, j := range f.rowC[i] {
				cost := int64(cnt-1) * int64(len(f.colR[j])-1)
				if cost >= best {
					continue
				}
				v := math.Abs(f.colV[j][f.rowX[i][t]])
				if v < luAbsTol || v < luThreshold*f.colMax(j) {
					continue
				}
				best, r, c, bestV = cost, i, j, v
			}
			searched++
			if r >= 0 && (searched >= luSearch || best <= int64(cnt)*int64(cnt-1)) {
				return r, c, -1
			}
		}
	}
	return r, c, -1
}

// link appends entry (i, j) with value v to column j and row i, which
// have room for it.
func (f *factor) link(i, j int32, v float64) {
	f.colX[j] = append(f.colX[j], int32(len(f.rowC[i])))
	f.rowX[i] = append(f.rowX[i], int32(len(f.colR[j])))
	f.colR[j] = append(f.colR[j], i)
	f.colV[j] = append(f.colV[j], v)
	f.rowC[i] = append(f.rowC[i], j)
}

// unlinkCol removes entry k of column j from the column (not from its
// row): the column's last entry takes its place.
func (f *factor) unlinkCol(j int32, k int) {
	last := len(f.colR[j]) - 1
	if k != last {
		i, t := f.colR[j][last], f.colX[j][last]
		f.colR[j][k], f.colV[j][k], f.colX[j][k] = i, f.colV[j][last], t
		f.rowX[i][t] = int32(k)
	}
	f.colR[j], f.colV[j], f.colX[j] = f.colR[j][:last], f.colV[j][:last], f.colX[j][:last]
}

// unlinkRow removes entry t of row i from the row (not from its column):
// the row's last entry takes its place.
func (f *factor) unlinkRow(i int32, t int) {
	last := len(f.rowC[i]) - 1
	if t != last {
		j, k := f.rowC[i][last], f.rowX[i][last]
		f.rowC[i][t], f.rowX[i][t] = j, k
		f.colX[j][k] = int32(t)
	}
	f.rowC[i], f.rowX[i] = f.rowC[i][:last], f.rowX[i][:last]
}

// kill removes column c, all of whose entries are negligible, as
// dependent.
func (f *factor) kill(c int32) {
	for k, i := range f.colR[c] {
		f.unlinkRow(i, int(f.colX[c][k]))
		f.rb.move(i, len(f.rowC[i]))
	}
	f.activeNnz -= len(f.colR[c])
	f.colR[c], f.colV[c], f.colX[c] = f.colR[c][:0], f.colV[c][:0], f.colX[c][:0]
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
	f.activeNnz -= len(f.rowC[r]) + len(f.colR[c]) - 1
	piv := 0.0
	f.prj, f.prv = f.prj[:0], f.prv[:0]
	for t, j := range f.rowC[r] {
		k := int(f.rowX[r][t])
		v := f.colV[j][k]
		if j == c {
			piv = v
			continue
		}
		f.unlinkCol(j, k)
		f.prj, f.prv = append(f.prj, j), append(f.prv, v)
		f.tR, f.tC, f.tV = append(f.tR, r), append(f.tC, j), append(f.tV, v)
	}
	f.rowC[r], f.rowX[r] = f.rowC[r][:0], f.rowX[r][:0]
	f.rowDone[r] = true
	lstart := len(f.lIdx)
	for k, i := range f.colR[c] {
		if i == r {
			continue
		}
		f.lIdx = append(f.lIdx, i)
		f.lVal = append(f.lVal, f.colV[c][k]/piv)
		f.unlinkRow(i, int(f.colX[c][k]))
	}
	f.colR[c], f.colV[c], f.colX[c] = f.colR[c][:0], f.colV[c][:0], f.colX[c][:0]
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
				if len(f.colR[j]) == cap(f.colR[j]) {
					f.moveCol(j)
				}
				if len(f.rowC[i]) == cap(f.rowC[i]) {
					f.moveRow(i)
				}
				f.link(i, j, delta)
				f.activeNnz++
				f.pos[i] = int32(len(f.colR[j]))
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

// moveCol moves active column j, whose room is full, to the end of the
// workspace with room for as many entries again.
func (f *factor) moveCol(j int32) {
	c := 2*len(f.colR[j]) + 4
	f.colR[j] = append(carve(&f.bufR, c), f.colR[j]...)
	f.colV[j] = append(carve(&f.bufV, c), f.colV[j]...)
	f.colX[j] = append(carve(&f.bufRX, c), f.colX[j]...)
}

// moveRow moves active row i, whose room is full, to the end of the
// workspace with room for as many entries again.
func (f *factor) moveRow(i int32) {
	c := 2*len(f.rowC[i]) + 4
	f.rowC[i] = append(carve(&f.bufC, c), f.rowC[i]...)
	f.rowX[i] = append(carve(&f.bufCX, c), f.rowX[i]...)
}

// carve returns an empty slice with room for n elements from the end of
// *buf, extending *buf. When *buf has no room left, a new backing array,
// twice as large, takes over from here on (the segments carved before
// stay in the old one), and the next factorization reuses it, so that the
// workspace stops allocating once it has grown.
func carve[T any](buf *[]T, n int) []T {
	b := *buf
	if cap(b)-len(b) < n {
		b = make([]T, len(b), 2*cap(b)+n)
	}
	s := len(b)
	*buf = b[:s+n]
	return b[s : s : s+n]
}
