package sparse

import (
	"math"
	"slices"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// perturb raises the cost of every nonbasic variable at its lower bound
// and lowers that of every one at its upper bound by a small pseudo-random
// amount: the basis stays dual feasible, and ties among reduced costs,
// which make set-packing LPs dual degenerate, are broken.
func (s *simplex) perturb() {
	for k, st := range s.stat {
		if st == basic || s.lo[k] == s.hi[k] || !s.boxed(k) && st == isFree {
			continue
		}
		h := uint32(k)*2654435761 ^ 0x9e3779b9
		h ^= h >> 15
		h *= 0x85ebca6b
		h ^= h >> 13
		u := float64(h%1024) / 1024
		xi := perturbRel * (1 + math.Abs(s.orig[k])) * (1 + u)
		if st == atUpper {
			xi = -xi
		}
		s.cost[k] += xi
		s.d[k] += xi
	}
}

// dualStart recomputes the reduced costs for the costs in use and restores
// dual feasibility: boxed variables move to the bound their reduced cost
// asks for, the costs of the others are shifted to make their reduced cost
// zero. Then it recomputes the basic values.
func (s *simplex) dualStart() {
	s.computeDuals(s.cost)
	for k, st := range s.stat {
		if st == basic || s.lo[k] == s.hi[k] {
			continue
		}
		d := s.d[k]
		wrong := (st == atLower && d < -s.tolD) || (st == atUpper && d > s.tolD) || (st == isFree && math.Abs(d) > s.tolD)
		if !wrong {
			continue
		}
		if s.boxed(k) {
			if d < 0 {
				s.stat[k], s.x[k] = atUpper, s.hi[k]
			} else {
				s.stat[k], s.x[k] = atLower, s.lo[k]
			}
			continue
		}
		s.cost[k] -= d
		s.d[k] = 0
	}
	s.computeBasics()
}

// chooseRow picks the leaving position by dual steepest edge: the largest
// squared infeasibility over the weight. It returns -1 when the basis is
// primal feasible.
func (s *simplex) chooseRow() int {
	r, best := -1, 0.0
	for p, k := range s.head {
		v, lo, hi := s.x[k], s.lo[k], s.hi[k]
		var inf float64
		// tolP without its test for infinite bounds: an infinite bound
		// stays infinite, and no value lies beyond it.
		switch {
		case v < lo-primalTol*(1+math.Abs(lo)):
			inf = lo - v
		case v > hi+primalTol*(1+math.Abs(hi)):
			inf = v - hi
		default:
			continue
		}
		if score := inf * inf / s.weight[p]; score > best {
			r, best = p, score
		}
	}
	return r
}

// breakpoint is a candidate of the dual ratio test: variable j, whose
// pivot-row entry (signed for the leaving direction) is a, reaches a zero
// reduced cost at dual step t, and at h with Harris' tolerance.
type breakpoint struct {
	t, h, a float64
	j       int32
}

// dualRatio is the bound-flipping ratio test with Harris' tolerances for
// leaving direction sgn (+1 when the leaving variable goes to its upper
// bound, −1 to its lower bound) and primal infeasibility infeas. It returns
// the entering variable, or -1 when the dual is unbounded (the LP is
// infeasible), and leaves in s.flips the boxed variables that pass their
// breakpoints and change bound.
//
// Each pass takes the smallest Harris bound among the breakpoints not
// passed yet, gathers the breakpoints up to it, and either passes them all
// (while the slope of the dual objective, the remaining primal
// infeasibility, stays positive and they are boxed) or picks among them
// the largest pivot (ties: the smallest step, then the smallest index).
// The first passes scan the candidates unsorted, since most ratio tests
// end in a few passes; a long run of flips sorts them once.
func (s *simplex) dualRatio(sgn, infeas, tol float64) int {
	bp := s.bps[:0]
	s.flips = s.flips[:0]
	reach := math.Inf(1) // the smallest Harris bound of a variable that cannot flip
	for _, j := range s.plist {
		a := sgn * s.prow[j]
		if math.Abs(a) < pivotTol || s.lo[j] == s.hi[j] {
			continue
		}
		d := s.d[j]
		var b breakpoint
		switch st := s.stat[j]; {
		case st == isFree:
			b = breakpoint{math.Abs(d) / math.Abs(a), (math.Abs(d) + s.tolD) / math.Abs(a), a, j}
		case st == atLower && a > 0:
			b = breakpoint{d / a, (d + s.tolD) / a, a, j}
		case st == atUpper && a < 0:
			b = breakpoint{d / a, (d - s.tolD) / a, a, j}
		default:
			continue
		}
		if b.t > reach {
			continue
		}
		if !s.boxed(int(j)) {
			reach = min(reach, b.h)
		}
		bp = append(bp, b)
	}
	// No pass goes beyond a breakpoint that cannot flip: it stops the
	// test once gathered, and it bounds the Harris bound of every pass
	// until then. The breakpoints beyond it play no part.
	if !math.IsInf(reach, 1) {
		kept := bp[:0]
		for _, b := range bp {
			if b.t <= reach {
				kept = append(kept, b)
			}
		}
		bp = kept
	}
	s.bps = bp
	slope := infeas
	for pass := 0; len(bp) > 0; pass++ {
		if pass == unsortedPasses {
			return s.dualRatioSorted(bp, slope, tol)
		}
		tmax := math.Inf(1)
		for k := range bp {
			tmax = min(tmax, bp[k].h)
		}
		red, best := 0.0, -1
		gathered := 0
		for k := range bp {
			b := &bp[k]
			if b.t > tmax {
				continue
			}
			gathered++
			red += math.Abs(b.a) * (s.hi[b.j] - s.lo[b.j])
			if best < 0 || better(b, &bp[best]) {
				best = k
			}
		}
		if best < 0 {
			return -1 // NaN steps: nothing usable
		}
		if slope-red <= tol || math.IsNaN(red) {
			return int(bp[best].j)
		}
		if gathered == len(bp) {
			return -1 // every breakpoint passed and the dual still rises
		}
		slope -= red
		kept := bp[:0]
		for _, b := range bp {
			if b.t <= tmax {
				s.flips = append(s.flips, b.j)
			} else {
				kept = append(kept, b)
			}
		}
		bp = kept
	}
	return -1
}

// unsortedPasses is the number of passes of the ratio test over unsorted
// breakpoints before it sorts them. A pass costs two scans of the
// breakpoints left, a sort about twenty; on the DDU benchmark LPs (a
// thousand or more breakpoints, eight flips an iteration on average) 12
// passes spend a quarter less time in the ratio test than 4, with the same
// choices.
const unsortedPasses = 12

// better reports whether breakpoint x is a better pivot than y among
// breakpoints within the same Harris bound: a larger pivot, then a
// smaller step, then a smaller index.
func better(x, y *breakpoint) bool {
	ax, ay := math.Abs(x.a), math.Abs(y.a)
	switch {
	case ax != ay:
		return ax > ay
	case x.t != y.t:
		return x.t < y.t
	}
	return x.j < y.j
}

// dualRatioSorted finishes dualRatio on breakpoints bp with slope left:
// sorted by step once, with suffix minima of the Harris bounds.
func (s *simplex) dualRatioSorted(bp []breakpoint, slope, tol float64) int {
	slices.SortFunc(bp, func(x, y breakpoint) int {
		switch {
		case x.t < y.t:
			return -1
		case x.t > y.t:
			return 1
		}
		return int(x.j - y.j)
	})
	for k := len(bp) - 2; k >= 0; k-- {
		bp[k].h = min(bp[k].h, bp[k+1].h)
	}
	for ptr := 0; ptr < len(bp); {
		tmax := bp[ptr].h
		end, red, best := ptr, 0.0, -1
		for ; end < len(bp) && bp[end].t <= tmax; end++ {
			b := &bp[end]
			red += math.Abs(b.a) * (s.hi[b.j] - s.lo[b.j])
			if best < 0 || better(b, &bp[best]) {
				best = end
			}
		}
		if best < 0 {
			return -1
		}
		if slope-red <= tol || math.IsNaN(red) {
			return int(bp[best].j)
		}
		if end == len(bp) {
			return -1 // every breakpoint passed and the dual still rises
		}
		slope -= red
		for _, b := range bp[ptr:end] {
			s.flips = append(s.flips, b.j)
		}
		ptr = end
	}
	return -1
}

// dual runs the dual simplex from a dual feasible basis until it is also
// primal feasible (Optimal) or a dual ray proves the LP infeasible.
func (s *simplex) dual() (lp.Status, error) {
	fresh := true // the factorization is new and the values recomputed
	for {
		if s.lu.wantsRefactor() {
			if err := s.refactor(); err != nil {
				return lp.Numerical, err
			}
			s.dualStart()
			fresh = true
		}
		r := s.chooseRow()
		if r < 0 {
			if !fresh {
				if err := s.refactor(); err != nil {
					return lp.Numerical, err
				}
				s.dualStart()
				fresh = true
				continue
			}
			return lp.Optimal, nil
		}
		if st, err := s.checkLimits(); st != lp.NotSolved {
			return st, err
		}
		k := int(s.head[r])
		sgn, bound := -1.0, s.lo[k]
		if s.x[k] > s.hi[k] {
			sgn, bound = 1, s.hi[k]
		}
		infeas := math.Abs(s.x[k] - bound)
		s.btranRow(r)
		s.pivotRow()
		q := s.dualRatio(sgn, infeas, tolP(bound))
		if q < 0 {
			if !fresh {
				if err := s.refactor(); err != nil {
					return lp.Numerical, err
				}
				s.dualStart()
				fresh = true
				continue
			}
			return lp.Infeasible, nil
		}
		s.ftranDual(q)
		arq := s.alpha[r]
		if math.Abs(arq-s.prow[q]) > driftTol*(1+math.Abs(arq)) || math.Abs(arq) < pivotTol {
			if !fresh {
				if err := s.refactor(); err != nil {
					return lp.Numerical, err
				}
				s.dualStart()
				fresh = true
				continue
			}
			if math.Abs(arq) < pivotTol {
				// A fresh factorization and still no usable pivot.
				return lp.Numerical, errPivot
			}
		}
		s.dualIterate(r, q, sgn, bound)
		if s.logf != nil && s.iters%traceEvery == 0 {
			s.trace("dual %d", s.iters)
		}
		fresh = false
	}
}

// ftranDual computes the three FTRANs of an iteration of the dual
// simplex in one pass over the factors (factor.ftranDual): s.alpha, the
// column of entering variable q (its spike kept for the update); s.tau =
// B⁻¹·rho, for the steepest-edge weights; and, when variables flip bound,
// s.dxf = B⁻¹·Σ a_j·δ_j over the flips, the change of the basic variables
// they cause (δ_j the move of variable j).
func (s *simplex) ftranDual(q int) {
	v := s.work
	s.scatterCol(q, v)
	copy(s.work2, s.rho)
	if len(s.flips) == 0 {
		s.lu.ftranDual(v, s.alpha, s.work2, s.tau, nil, nil)
		return
	}
	w, a := s.work3, s.a
	for _, j := range s.flips {
		delta := s.lo[j] - s.hi[j]
		if s.stat[j] == atLower {
			delta = -delta
		}
		if int(j) >= s.n {
			w[int(j)-s.n] -= delta
			continue
		}
		for p := a.colStart[j]; p < a.colStart[j+1]; p++ {
			w[a.rowIdx[p]] += a.val[p] * delta
		}
	}
	s.lu.ftranDual(v, s.alpha, s.work2, s.tau, w, s.dxf)
}

// dualIterate carries out one iteration of the dual simplex: position r
// leaves to bound (direction sgn), variable q enters, the variables in
// s.flips change bound; s.rho and s.prow hold row r of B⁻¹ and of the
// tableau, and s.alpha, s.tau and s.dxf what ftranDual computed.
func (s *simplex) dualIterate(r, q int, sgn, bound float64) {
	k := int(s.head[r])
	arq := s.alpha[r]
	// Dual step. With Harris' test d_q may have the wrong sign by up to
	// the tolerance: shift its cost rather than step backwards.
	if (sgn > 0 && s.d[q]/s.prow[q] < 0) || (sgn < 0 && s.d[q]/s.prow[q] > 0) {
		s.cost[q] -= s.d[q]
		s.d[q] = 0
	}
	thetaD := s.d[q] / s.prow[q]
	for _, j := range s.plist {
		s.d[j] -= thetaD * s.prow[j]
	}
	s.d[q] = 0
	s.d[k] = -thetaD

	// Dual steepest edge, with tau = B⁻¹·rho.
	wr := 0.0
	for _, v := range s.rho {
		wr += v * v
	}
	for p, a := range s.alpha {
		if a == 0 || p == r {
			continue
		}
		kappa := a / arq
		w := s.weight[p] + kappa*(kappa*wr-2*s.tau[p])
		s.weight[p] = max(w, minWeight)
	}
	s.weight[r] = max(wr/(arq*arq), minWeight)

	// Bound flips, then the primal step.
	if len(s.flips) > 0 {
		for _, j := range s.flips {
			if s.stat[j] == atLower {
				s.stat[j], s.x[j] = atUpper, s.hi[j]
			} else {
				s.stat[j], s.x[j] = atLower, s.lo[j]
			}
		}
		for p, kk := range s.head {
			s.x[kk] -= s.dxf[p]
		}
	}
	thetaP := (s.x[k] - bound) / arq
	if thetaP != 0 {
		for p, a := range s.alpha {
			if a != 0 {
				s.x[s.head[p]] -= thetaP * a
			}
		}
	}
	s.x[q] += thetaP
	s.x[k] = bound
	leave := atLower
	if sgn > 0 && s.lo[k] != s.hi[k] {
		leave = atUpper
	}
	s.exchange(r, q, leave)
	s.lu.update(int32(r), s.alpha[r])
	s.iters++
}
