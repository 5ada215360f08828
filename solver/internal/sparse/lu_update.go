package sparse

import "math"

// Forrest–Tomlin updates and the refactorization policy.
const (
	maxUpdates    = 100  // updates between two factorizations, at least (updateLimit)
	rowsPerUpdate = 250  // beyond 25,000 rows, m/rowsPerUpdate updates (updateLimit)
	fillGrowth    = 2.0  // refactorize when L, U and the row etas outgrow the fresh factors this much
	rowRoom       = 4    // free slots after each row of U, for the spikes' entries
	ftDiagTol     = 1e-8 // largest relative gap between U's new diagonal and α_rq times the old one
)

// buildU stores the U triplets of the factorization by column and by row,
// with room after each row, and maps every position to its pivot slot.
func (f *factor) buildU() {
	m := f.m
	f.ucStart, f.ucLen = resize(f.ucStart, m), resize(f.ucLen, m)
	f.urStart, f.urLen, f.urCap = resize(f.urStart, m), resize(f.urLen, m), resize(f.urCap, m)
	clear(f.ucLen)
	clear(f.urLen)
	for k := range f.tR {
		f.ucLen[f.tC[k]]++
		f.urLen[f.tR[k]]++
	}
	nnz := len(f.tR)
	off := int32(0)
	for c := range m {
		f.ucStart[c] = off
		off += f.ucLen[c]
		f.ucLen[c] = 0
	}
	off = 0
	for r := range m {
		f.urStart[r] = off
		f.urCap[r] = f.urLen[r] + rowRoom
		off += f.urCap[r]
		f.urLen[r] = 0
	}
	f.ucIdx, f.ucVal = resize(f.ucIdx, nnz), resize(f.ucVal, nnz)
	f.urIdx, f.urVal = resize(f.urIdx, int(off)), resize(f.urVal, int(off))
	for k := range f.tR {
		r, c, v := f.tR[k], f.tC[k], f.tV[k]
		q := f.ucStart[c] + f.ucLen[c]
		f.ucLen[c]++
		f.ucIdx[q], f.ucVal[q] = r, v
		q = f.urStart[r] + f.urLen[r]
		f.urLen[r]++
		f.urIdx[q], f.urVal[q] = c, v
	}
	f.uNnz = nnz
	f.luNnz = nnz + len(f.lIdx) + m
	f.slot = resize(f.slot, m)
	for k := range f.np {
		f.slot[f.pivCol[k]] = int32(k)
	}
	f.wPos = resize(f.wPos, m)
	f.wRow = resize(f.wRow, m)
	clear(f.wPos)
	clear(f.wRow)
}

// clearUpdates forgets the updates: the factors are those of a fresh
// factorization.
func (f *factor) clearUpdates() {
	f.rRow = f.rRow[:0]
	f.rStart = append(f.rStart[:0], 0)
	f.rIdx, f.rVal = f.rIdx[:0], f.rVal[:0]
	f.updates = 0
	f.stale = false
	f.spkOK = false
}

// wantsRefactor reports whether the factors must be computed afresh: an
// update failed, or the updates have made FTRAN and BTRAN enough costlier
// than on a fresh factorization (their work follows the entries of L, U
// and the row etas), or there have been updateLimit of them.
func (f *factor) wantsRefactor() bool {
	if f.stale || f.updates >= updateLimit(f.m) {
		return true
	}
	return float64(len(f.lIdx)+f.uNnz+len(f.rIdx)+f.m) > fillGrowth*float64(f.luNnz)
}

// update replaces the column at position p by the entering column whose
// spike the last ftranSpike kept, where alphaP is entry p of that
// column's FTRAN (the pivot of the basis change). When there is no spike,
// or the new diagonal of U disagrees with alphaP times the old one (the
// factors have lost accuracy) or is too small, it leaves the factors stale
// instead: unusable, and wantsRefactor reports true.
func (f *factor) update(p int32, alphaP float64) {
	if !f.spkOK {
		f.stale = true
		return
	}
	f.spkOK = false
	kp := f.slot[p]
	rp := f.pivRow[kp]
	dOld := f.pivVal[kp]

	// Column p leaves U.
	for q := f.ucStart[p]; q < f.ucStart[p]+f.ucLen[p]; q++ {
		f.dropFromRow(f.ucIdx[q], p)
	}
	f.uNnz -= int(f.ucLen[p])
	f.ucLen[p] = 0

	// Row rp leaves U too, into w, and is eliminated by the rows of the
	// later slots, whose multipliers make the new row eta.
	// left counts the nonzero entries of w, so that the elimination stops
	// after the last one.
	w := f.wPos
	left := int(f.urLen[rp])
	for q := f.urStart[rp]; q < f.urStart[rp]+f.urLen[rp]; q++ {
		c := f.urIdx[q]
		w[c] = f.urVal[q]
		f.dropFromCol(c, rp)
	}
	f.uNnz -= int(f.urLen[rp])
	f.urLen[rp] = 0
	rs := len(f.rIdx)
	for k := int(kp) + 1; k < f.np && left > 0; k++ {
		c := f.pivCol[k]
		if c < 0 || w[c] == 0 {
			continue
		}
		wc := w[c]
		w[c] = 0
		left--
		mu := wc / f.pivVal[k]
		if math.Abs(mu) <= etaDrop {
			continue
		}
		r := f.pivRow[k]
		f.rIdx, f.rVal = append(f.rIdx, r), append(f.rVal, mu)
		idx := f.urIdx[f.urStart[r] : f.urStart[r]+f.urLen[r]]
		val := f.urVal[f.urStart[r] : f.urStart[r]+f.urLen[r]]
		val = val[:len(idx)]
		for q, j := range idx {
			wj := w[j]
			if wj == 0 {
				left++
			}
			if wj -= mu * val[q]; wj == 0 {
				left--
			}
			w[j] = wj
		}
	}

	// The new diagonal: the spike's entry in row rp after the new row eta.
	s := f.wRow
	for t, r := range f.spkIdx {
		s[r] = f.spkVal[t]
	}
	dNew := s[rp]
	for t := rs; t < len(f.rIdx); t++ {
		dNew -= f.rVal[t] * s[f.rIdx[t]]
	}
	want := alphaP * dOld
	if math.Abs(dNew) < luAbsTol || !(math.Abs(dNew-want) <= ftDiagTol*math.Abs(want)) {
		for _, r := range f.spkIdx {
			s[r] = 0
		}
		f.stale = true
		return
	}

	// The spike becomes column p of U, in the last slot.
	start := int32(len(f.ucIdx))
	for t, r := range f.spkIdx {
		s[r] = 0
		v := f.spkVal[t]
		if r == rp || math.Abs(v) <= etaDrop {
			continue
		}
		f.ucIdx, f.ucVal = append(f.ucIdx, r), append(f.ucVal, v)
		f.addToRow(r, p, v)
	}
	f.ucStart[p], f.ucLen[p] = start, int32(len(f.ucIdx))-start
	f.uNnz += int(f.ucLen[p])
	f.pivCol[kp] = -1
	f.pivRow, f.pivCol, f.pivVal = append(f.pivRow, rp), append(f.pivCol, p), append(f.pivVal, dNew)
	f.slot[p] = int32(f.np)
	f.np++
	if len(f.rIdx) > rs {
		f.rRow = append(f.rRow, rp)
		f.rStart = append(f.rStart, int32(len(f.rIdx)))
	}
	f.updates++
}

// dropFromRow removes the entry of position c from row r of U.
func (f *factor) dropFromRow(r, c int32) {
	f.urLen[r] = dropEntry(f.urIdx, f.urVal, f.urStart[r], f.urLen[r], c)
}

// dropFromCol removes the entry of row r from column c of U.
func (f *factor) dropFromCol(c, r int32) {
	f.ucLen[c] = dropEntry(f.ucIdx, f.ucVal, f.ucStart[c], f.ucLen[c], r)
}

// dropEntry removes the entry of index key from the n entries of idx and
// val that start at s, moving the last one into its place, and returns the
// new count (n when key is not there).
func dropEntry(idx []int32, val []float64, s, n, key int32) int32 {
	for q := s; q < s+n; q++ {
		if idx[q] == key {
			idx[q], val[q] = idx[s+n-1], val[s+n-1]
			return n - 1
		}
	}
	return n
}

// addToRow appends entry (r, c) with value v to row r of U, moving the
// row to the end of the row store, with room, when it is full.
func (f *factor) addToRow(r, c int32, v float64) {
	s, n := f.urStart[r], f.urLen[r]
	if n == f.urCap[r] {
		ns := int32(len(f.urIdx))
		f.urIdx = append(f.urIdx, f.urIdx[s:s+n]...)
		f.urVal = append(f.urVal, f.urVal[s:s+n]...)
		for range rowRoom {
			f.urIdx, f.urVal = append(f.urIdx, -1), append(f.urVal, 0)
		}
		s = ns
		f.urStart[r], f.urCap[r] = ns, n+rowRoom
	}
	f.urIdx[s+n], f.urVal[s+n] = c, v
	f.urLen[r] = n + 1
}

// updateLimit is the number of updates after which a basis of m rows is
// factorized afresh: maxUpdates up to 25,000 rows, then m/rowsPerUpdate
// (389 on the national DDU LP's 97,331 rows). On that LP the Markowitz
// factorization of its late bases (1.4 to 1.6 million entries in L and U)
// took 70% of the CPU time at 100 updates (a profile of pivots 18,000 to
// 20,000), while an update adds about 1,100 entries to U and the row
// etas, under a tenth of what FTRAN and BTRAN read; every LP of the
// benchmarks below that size keeps maxUpdates.
func updateLimit(m int) int {
	return max(maxUpdates, m/rowsPerUpdate)
}
