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
	f.ftranLR(v)
	f.spkIdx, f.spkVal = f.spkIdx[:0], f.spkVal[:0]
	for r, vr := range v {
		if vr != 0 {
			f.spkIdx, f.spkVal = append(f.spkIdx, int32(r)), append(f.spkVal, vr)
		}
	}
	f.spkOK = true
	f.ftranU(v, x)
}

// ftranLR applies L and the row etas to v.
func (f *factor) ftranLR(v []float64) {
	for e, r := range f.lRow {
		vr := v[r]
		if vr == 0 {
			continue
		}
		for k := f.lStart[e]; k < f.lStart[e+1]; k++ {
			v[f.lIdx[k]] -= f.lVal[k] * vr
		}
	}
	for e, r := range f.rRow {
		s := v[r]
		for k := f.rStart[e]; k < f.rStart[e+1]; k++ {
			s -= f.rVal[k] * v[f.rIdx[k]]
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
		for q, j := range idx {
			e[j] -= val[q] * yr
		}
	}
	for t := len(f.rRow) - 1; t >= 0; t-- {
		yr := y[f.rRow[t]]
		if yr == 0 {
			continue
		}
		for k := f.rStart[t]; k < f.rStart[t+1]; k++ {
			y[f.rIdx[k]] -= f.rVal[k] * yr
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
