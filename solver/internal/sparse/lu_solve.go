package sparse

// ftran solves B·x = v: v is indexed by row and is left all zero; x is
// indexed by position.
func (f *factor) ftran(v, x []float64) {
	f.ftranLR(v)
	f.ftranU(v, x)
}

// ftranSpike is ftran for the column entering the basis: it also keeps
// the spike (v after L and the row etas) for update.
func (f *factor) ftranSpike(v, x []float64) {
	f.ftranLRSpike(v)
	f.ftranU(v, x)
}

// ftranLR applies L and the row etas to v.
func (f *factor) ftranLR(v []float64) {
	for e, r := range f.lRow {
		vr := v[r]
		if vr == 0 {
			continue
		}
		idx, val := f.lIdx[f.lStart[e]:f.lStart[e+1]], f.lVal[f.lStart[e]:f.lStart[e+1]]
		val = val[:len(idx)]
		for k, i := range idx {
			v[i] -= val[k] * vr
		}
	}
	for e, r := range f.rRow {
		s := v[r]
		idx, val := f.rIdx[f.rStart[e]:f.rStart[e+1]], f.rVal[f.rStart[e]:f.rStart[e+1]]
		val = val[:len(idx)]
		for k, i := range idx {
			s -= val[k] * v[i]
		}
		v[r] = s
	}
}

// ftranU solves U·x = v, the pivot slots from last to first.
func (f *factor) ftranU(v, x []float64) {
	for k := f.np - 1; k >= 0; k-- {
		c := f.pivCol[k]
		if c < 0 {
			continue
		}
		r := f.pivRow[k]
		vr := v[r]
		if vr == 0 {
			x[c] = 0
			continue
		}
		v[r] = 0
		xc := vr / f.pivVal[k]
		x[c] = xc
		s, e := f.ucStart[c], f.ucStart[c]+f.ucLen[c]
		idx, val := f.ucIdx[s:e], f.ucVal[s:e]
		val = val[:len(idx)]
		for q, i := range idx {
			v[i] -= val[q] * xc
		}
	}
}

// btran solves Bᵀ·y = e: e is indexed by position and is left all zero;
// y is indexed by row.
func (f *factor) btran(e, y []float64) {
	for k := 0; k < f.np; k++ {
		c := f.pivCol[k]
		if c < 0 {
			continue
		}
		r := f.pivRow[k]
		ec := e[c]
		if ec == 0 {
			y[r] = 0
			continue
		}
		e[c] = 0
		yr := ec / f.pivVal[k]
		y[r] = yr
		s, t := f.urStart[r], f.urStart[r]+f.urLen[r]
		idx, val := f.urIdx[s:t], f.urVal[s:t]
		val = val[:len(idx)]
		for q, j := range idx {
			e[j] -= val[q] * yr
		}
	}
	for t := len(f.rRow) - 1; t >= 0; t-- {
		yr := y[f.rRow[t]]
		if yr == 0 {
			continue
		}
		idx, val := f.rIdx[f.rStart[t]:f.rStart[t+1]], f.rVal[f.rStart[t]:f.rStart[t+1]]
		val = val[:len(idx)]
		for k, i := range idx {
			y[i] -= val[k] * yr
		}
	}
	for t := len(f.lRow) - 1; t >= 0; t-- {
		r := f.lRow[t]
		s := y[r]
		idx, val := f.lIdx[f.lStart[t]:f.lStart[t+1]], f.lVal[f.lStart[t]:f.lStart[t+1]]
		val = val[:len(idx)]
		for k, i := range idx {
			s -= val[k] * y[i]
		}
		y[r] = s
	}
}

// ftranDual is the three FTRANs of an iteration of the dual simplex in
// one pass over the factors: x1 = B⁻¹·v1 for the entering column (whose
// spike it keeps, as ftranSpike), x2 = B⁻¹·v2 for the steepest-edge
// update and, unless v3 is nil, x3 = B⁻¹·v3 for the bound flips. On the
// DDU benchmark LPs the three vectors are mostly dense, and reading each
// entry of L, U and the row etas once instead of three times saves a
// part of the work. Every v is indexed by row and left all zero.
func (f *factor) ftranDual(v1, x1, v2, x2, v3, x3 []float64) {
	if v3 == nil {
		f.ftranLR(v2)
		f.ftranLRSpike(v1)
		f.ftranU2(v1, x1, v2, x2)
		return
	}
	for e, r := range f.lRow {
		a, b, c := v1[r], v2[r], v3[r]
		if a == 0 && b == 0 && c == 0 {
			continue
		}
		s, t := f.lStart[e], f.lStart[e+1]
		idx, val := f.lIdx[s:t], f.lVal[s:t]
		val = val[:len(idx)]
		for k, i := range idx {
			l := val[k]
			v1[i] -= l * a
			v2[i] -= l * b
			v3[i] -= l * c
		}
	}
	for e, r := range f.rRow {
		a, b, c := v1[r], v2[r], v3[r]
		s, t := f.rStart[e], f.rStart[e+1]
		idx, val := f.rIdx[s:t], f.rVal[s:t]
		val = val[:len(idx)]
		for k, i := range idx {
			mu := val[k]
			a -= mu * v1[i]
			b -= mu * v2[i]
			c -= mu * v3[i]
		}
		v1[r], v2[r], v3[r] = a, b, c
	}
	f.keepSpike(v1)
	for k := f.np - 1; k >= 0; k-- {
		col := f.pivCol[k]
		if col < 0 {
			continue
		}
		r := f.pivRow[k]
		d := f.pivVal[k]
		a, b, c := v1[r]/d, v2[r]/d, v3[r]/d
		v1[r], v2[r], v3[r] = 0, 0, 0
		x1[col], x2[col], x3[col] = a, b, c
		if a == 0 && b == 0 && c == 0 {
			continue
		}
		s, e := f.ucStart[col], f.ucStart[col]+f.ucLen[col]
		idx, val := f.ucIdx[s:e], f.ucVal[s:e]
		val = val[:len(idx)]
		for q, i := range idx {
			u := val[q]
			v1[i] -= u * a
			v2[i] -= u * b
			v3[i] -= u * c
		}
	}
}

// ftranLRSpike applies L and the row etas to v and keeps the spike.
func (f *factor) ftranLRSpike(v []float64) {
	f.ftranLR(v)
	f.keepSpike(v)
}

// keepSpike keeps v, the entering column after L and the row etas, as the
// spike of the next update.
func (f *factor) keepSpike(v []float64) {
	f.spkIdx, f.spkVal = f.spkIdx[:0], f.spkVal[:0]
	for r, vr := range v {
		if vr != 0 {
			f.spkIdx, f.spkVal = append(f.spkIdx, int32(r)), append(f.spkVal, vr)
		}
	}
	f.spkOK = true
}

// ftranU2 solves U·x1 = v1 and U·x2 = v2 in one pass.
func (f *factor) ftranU2(v1, x1, v2, x2 []float64) {
	for k := f.np - 1; k >= 0; k-- {
		col := f.pivCol[k]
		if col < 0 {
			continue
		}
		r := f.pivRow[k]
		d := f.pivVal[k]
		a, b := v1[r]/d, v2[r]/d
		v1[r], v2[r] = 0, 0
		x1[col], x2[col] = a, b
		if a == 0 && b == 0 {
			continue
		}
		s, e := f.ucStart[col], f.ucStart[col]+f.ucLen[col]
		idx, val := f.ucIdx[s:e], f.ucVal[s:e]
		val = val[:len(idx)]
		for q, i := range idx {
			u := val[q]
			v1[i] -= u * a
			v2[i] -= u * b
		}
	}
}
