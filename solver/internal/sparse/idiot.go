package sparse

import (
	"math"
	"time"
)

// The idiot crash's schedule (see idiot), chosen on the DDU 2,000 ×
// 10,000 relaxation, where the primal simplex after it took (pivots, CPU
// of the whole solve, one run each on a loaded machine): 6,029 and 9.7 s
// after 150 major iterations, 4,802 and 7.5 s after 200, 4,229 and 7.4 s
// after 250 (200 and 250 within 20% of each other on DDU 1,000 × 5,000
// and CATS regions 1,000 × 5,000 too); with μ's floor at 1e-2 of its
// start, 22,597 pivots after 100 major iterations (5,803 superbasic
// columns after the crash); at 1e-4, 14,138 after 300 (the crash's
// objective 0.08% short).
const (
	idiotMajor  = 200  // major iterations: passes, then a multiplier update
	idiotPasses = 10   // coordinate-descent passes per major iteration
	idiotMu0    = 1e5  // the first penalty parameter, times 1/costScale
	idiotShrink = 0.8  // the penalty parameter's factor per major iteration
	idiotMuMin  = 3e-3 // its floor, relative to the first
	idiotFeas   = 30   // closing passes with a shrinking penalty, multipliers fixed
	idiotFeasMu = 0.5  // the penalty parameter's factor per closing pass
	idiotSnap   = 1e-3 // a value this close to a bound (relative to 1+min(|x|,1)) goes to it
)

// idiot sets the values s.x of every variable, structural and logical, to
// an approximate optimum of the scaled LP, within their bounds: a crash
// in the manner of Clp's "idiot". It minimizes the augmented Lagrangian
//
//	costᵀz − λᵀ(Â·x̂ − r̂) + ‖Â·x̂ − r̂‖²/(2μ)
//
// over the box lo ≤ z ≤ hi by passes of exact coordinate descent (each
// variable in turn moves to the minimizer of the quadratic in it, clamped
// to its bounds), updating λ −= (Â·x̂ − r̂)/μ and shrinking μ between
// major iterations; closing passes with a shrinking μ and λ fixed reduce
// the residual further. A pass costs two reads of the matrix. It stops
// early at the deadline, if any.
func (s *simplex) idiot() {
	a := s.a
	n, m := s.n, s.m
	res := make([]float64, m) // Â·x̂ − r̂
	lam := make([]float64, m)
	nrm := make([]float64, n) // ‖â_j‖²
	for j := range n {
		s.x[j] = min(max(0, s.lo[j]), s.hi[j])
		for p := a.colStart[j]; p < a.colStart[j+1]; p++ {
			nrm[j] += a.val[p] * a.val[p]
			res[a.rowIdx[p]] += a.val[p] * s.x[j]
		}
	}
	for i := range m {
		l := n + i
		s.x[l] = min(max(res[i], s.lo[l]), s.hi[l])
		res[i] -= s.x[l]
	}
	mu := idiotMu0 / s.costScale
	floor := mu * idiotMuMin
	for major := range idiotMajor + idiotFeas {
		if s.timeLimit && !time.Now().Before(s.deadline) || s.stop != nil && s.stop.Load() {
			return
		}
		passes := idiotPasses
		if major >= idiotMajor {
			mu, passes = mu*idiotFeasMu, 1
		}
		for range passes {
			s.idiotPass(mu, res, lam, nrm)
		}
		if major >= idiotMajor {
			continue
		}
		for i := range m {
			lam[i] -= res[i] / mu
		}
		mu = max(mu*idiotShrink, floor)
	}
}

// idiotPass is one pass of coordinate descent over every variable for
// penalty mu and multipliers lam, keeping res = Â·x̂ − r̂.
func (s *simplex) idiotPass(mu float64, res, lam, nrm []float64) {
	a := s.a
	n := s.n
	for j := range n {
		lo, hi := s.lo[j], s.hi[j]
		if nrm[j] == 0 || lo == hi {
			continue
		}
		idx := a.rowIdx[a.colStart[j]:a.colStart[j+1]]
		val := a.val[a.colStart[j]:a.colStart[j+1]]
		val = val[:len(idx)]
		g := s.orig[j] // the derivative in x_j, times mu
		for p, i := range idx {
			g += val[p] * (res[i]/mu - lam[i])
		}
		v := min(max(s.x[j]-g*mu/nrm[j], lo), hi)
		if dx := v - s.x[j]; dx != 0 {
			for p, i := range idx {
				res[i] += val[p] * dx
			}
			s.x[j] = v
		}
	}
	for i := range res {
		// The logical's column is −e_i: the derivative is
		// orig_l + λ_i − res_i/μ and the curvature 1/μ.
		l := n + i
		v := min(max(s.x[l]-(s.orig[l]+lam[i])*mu+res[i], s.lo[l]), s.hi[l])
		res[i] -= v - s.x[l]
		s.x[l] = v
	}
}

// snapToBounds puts every nonbasic variable whose value lies within
// idiotSnap of a bound at that bound; the others keep their values
// (superbasic), with the status of their nearer bound. It reports the
// superbasic ones.
func (s *simplex) snapToBounds() int {
	super := 0
	for k, w := range s.where {
		if w >= 0 {
			continue
		}
		lo, hi, v := s.lo[k], s.hi[k], s.x[k]
		near := idiotSnap * (1 + min(math.Abs(v), 1))
		switch {
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
			s.stat[k] = isFree
			super++
		case lo == hi || v-lo <= near && v-lo <= hi-v:
			s.stat[k], s.x[k] = atLower, lo
		case hi-v <= near:
			s.stat[k], s.x[k] = atUpper, hi
		case v-lo < hi-v:
			s.stat[k] = atLower
			super++
		default:
			s.stat[k] = atUpper
			super++
		}
	}
	return super
}
