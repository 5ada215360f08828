package sparse

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// refFactor is the factorization as it was before the active submatrix
// kept cross-links between its column and row lists (the Markowitz row
// scan and the elimination then searched a column for an entry): the
// oracle of TestFactorSameAsReference, which requires the same pivots and
// bitwise the same factors. Its methods shadow factor's; the others
// (addPivot, colMax, buildU) are factor's own.
type refFactor struct {
	factor
	onPivot func(*refFactor) // when set, called after each elimination
}

// factorize computes the LU factors of the basis whose position p holds
// variable head[p]. It returns false when the basis is singular; then
// f.dep lists the positions of dependent columns and f.free as many rows
// that no pivot covers, and the factors are not usable.
func (f *refFactor) factorize(src columnSource, head []int32) bool {
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
			if f.onPivot != nil {
				f.onPivot(f)
			}
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

// choose picks the next pivot by Markowitz count among the entries that
// pass the threshold test, looking first at the sparsest columns and
// rows. dead >= 0 names a column with no usable entry.
func (f *refFactor) choose() (r, c, dead int32) {
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
			for _, j := range f.rowC[i] {
				// The count first: it rules out most entries without
				// the search of column j for the value.
				cost := int64(cnt-1) * int64(len(f.colR[j])-1)
				if cost >= best {
					continue
				}
				v := math.Abs(f.valueAt(i, j))
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

// valueAt is the active entry (i, j), 0 when absent or when i < 0.
func (f *refFactor) valueAt(i, j int32) float64 {
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
func (f *refFactor) removeFromRow(i, c int32) {
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
func (f *refFactor) kill(c int32) {
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
func (f *refFactor) eliminate(r, c int32) {
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
				if len(f.colR[j]) == cap(f.colR[j]) {
					f.moveCol(j)
				}
				f.colR[j] = append(f.colR[j], i)
				f.colV[j] = append(f.colV[j], delta)
				f.pos[i] = int32(len(f.colR[j]))
				if len(f.rowC[i]) == cap(f.rowC[i]) {
					f.rowC[i] = append(carve(&f.bufC, 2*len(f.rowC[i])+4), f.rowC[i]...)
				}
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

// moveCol moves active column j, whose room is full, to the end of the
// workspace with room for as many entries again.
func (f *refFactor) moveCol(j int32) {
	c := 2*len(f.colR[j]) + 4
	f.colR[j] = append(carve(&f.bufR, c), f.colR[j]...)
	f.colV[j] = append(carve(&f.bufV, c), f.colV[j]...)
}

// TestFactorSameAsReference factorizes random bases, singular ones among
// them and a quarter that fill in (fillingBasis), with factor and with
// refFactor, each reusing its workspace from
// one basis to the next, and requires the same outcome, the same pivots
// and bitwise the same L and U.
func TestFactorSameAsReference(t *testing.T) {
	f := factor{denseMin: math.MaxInt}
	var ref refFactor
	for seed := range uint64(400) {
		rng := rand.New(rand.NewPCG(seed, 11))
		m := 1 + rng.IntN(60)
		if seed%10 == 0 {
			m = 200 + rng.IntN(300)
		}
		n := 1 + rng.IntN(2*m)
		a, head := randomBasis(rng, m, n, min(1, (1+8*rng.Float64())/float64(m)))
		if seed%4 == 1 { // nonsingular (but for the twin columns), with fill-in
			a, head = fillingBasis(rng, 100+rng.IntN(300), 3+rng.IntN(4), seed%8 == 1)
		}
		src := columnSource{a: a, n: a.n}
		ok := f.factorize(src, head)
		require.Equal(t, ref.factorize(src, head), ok, "seed %d", seed)
		require.Equal(t, ref.dep, f.dep, "seed %d", seed)
		require.Equal(t, ref.free, f.free, "seed %d", seed)
		require.Equal(t, ref.pivRow, f.pivRow, "seed %d", seed)
		require.Equal(t, ref.pivCol, f.pivCol, "seed %d", seed)
		require.Equal(t, ref.pivVal, f.pivVal, "seed %d", seed)
		require.Equal(t, ref.lRow, f.lRow, "seed %d", seed)
		require.Equal(t, ref.lStart, f.lStart, "seed %d", seed)
		require.Equal(t, ref.lIdx, f.lIdx, "seed %d", seed)
		require.Equal(t, ref.lVal, f.lVal, "seed %d", seed)
		require.Equal(t, ref.tR, f.tR, "seed %d", seed)
		require.Equal(t, ref.tC, f.tC, "seed %d", seed)
		require.Equal(t, ref.tV, f.tV, "seed %d", seed)
	}
}
