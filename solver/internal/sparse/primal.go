package sparse

import (
	"math"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// degenerateRun is the number of degenerate primal steps in a row after
// which Bland's rules take over until the objective moves again.
const (
	degenerateRun = 50
	zeroStep      = 1e-12
	maxDevex      = 1e6 // a devex weight above this resets the reference framework
)

// phaseCost is the phase-1 cost of basic variable k: −1 below its lower
// bound, +1 above its upper bound, 0 when feasible.
func (s *simplex) phaseCost(k int32) float64 {
	switch v := s.x[k]; {
	case v < s.lo[k]-tolP(s.lo[k]):
		return -1
	case v > s.hi[k]+tolP(s.hi[k]):
		return 1
	}
	return 0
}

// phaseCosts sets s.pcost to the phase-1 costs of the basic variables (0
// for the nonbasic ones) and reports whether any is nonzero.
func (s *simplex) phaseCosts() bool {
	clear(s.pcost)
	any := false
	for _, k := range s.head {
		if c := s.phaseCost(k); c != 0 {
			s.pcost[k], any = c, true
		}
	}
	return any
}

// updatePhaseDuals brings s.pcost and the reduced costs in line with the
// basic values after a step in which variable leaving left the basis
// (leaving < 0 for a bound flip): the phase-1 costs c_B change by Δ, so
// the duals change by B⁻ᵀ·Δ and the reduced costs of the nonbasic
// variables by −[Â | −I]ᵀ·B⁻ᵀ·Δ, a pivot row's product (the frozen
// columns are skipped, as by every pivot row); the leaving variable's
// phase-1 cost becomes 0. This costs a BTRAN and a pivot row where
// computeDuals reads the whole matrix. It reports false, changing
// nothing, when no basic variable is infeasible any more.
func (s *simplex) updatePhaseDuals(leaving int) bool {
	e := s.work
	infeasible, changed := false, false
	for p, k := range s.head {
		c := s.phaseCost(k)
		if c != 0 {
			infeasible = true
		}
		if dc := c - s.pcost[k]; dc != 0 {
			e[p] = dc
			changed = true
		}
	}
	if !infeasible {
		clear(e)
		return false
	}
	if leaving >= 0 && s.pcost[leaving] != 0 {
		s.d[leaving] -= s.pcost[leaving]
		s.pcost[leaving] = 0
	}
	if !changed {
		return true
	}
	for p, k := range s.head {
		s.pcost[k] += e[p]
	}
	s.lu.btran(e, s.rho)
	s.pivotRow()
	for _, j := range s.plist {
		s.d[j] -= s.prow[j]
	}
	return true
}

// resetDevex starts a devex reference framework: every weight 1.
func (s *simplex) resetDevex() {
	for k := range s.devex {
		s.devex[k] = 1
	}
}

// primalPrice chooses the entering variable by devex: the largest squared
// reduced cost of the right sign over its weight; with bland, the first
// variable with a reduced cost of the right sign, over the variables
// listed in s.pricing (neither frozen nor fixed). dir is +1 when it
// increases, −1 when it decreases; q < 0 when there is none.
func (s *simplex) primalPrice(phase1, bland bool) (q int, dir float64) {
	tol := s.tolD
	if phase1 {
		tol = dualTol
	}
	q, best := -1, 0.0
	for _, k32 := range s.pricing {
		k := int(k32)
		if s.stat[k] == basic {
			continue
		}
		d := s.d[k]
		if d > -tol && d < tol {
			continue
		}
		lo, hi := s.lo[k], s.hi[k]
		var dk float64
		switch {
		case d < 0 && s.x[k] < hi-tolP(hi):
			dk = 1
		case d > 0 && s.x[k] > lo+tolP(lo):
			dk = -1
		default:
			continue
		}
		if bland {
			return k, dk
		}
		if score := d * d / s.devex[k]; score > best {
			q, dir, best = k, dk, score
		}
	}
	return q, dir
}

// blocking is how basic variable k, changing at rate delta per unit of
// the entering variable's move, limits that move: it reaches the bound
// st after (gap + slack·tol)/|delta|, where slack widens the bound
// (Harris' first pass). An infeasible variable blocks at the bound it
// comes back to; it does not block when moving away (ok false).
func (s *simplex) blocking(k int, delta float64) (gap, tol float64, st lp.BasisStatus, ok bool) {
	v, lo, hi := s.x[k], s.lo[k], s.hi[k]
	if delta > 0 {
		switch {
		case v < lo-tolP(lo):
			return lo - v, tolP(lo), atLower, true
		case !math.IsInf(hi, 1) && v <= hi+tolP(hi):
			return hi - v, tolP(hi), atUpper, true
		}
		return 0, 0, 0, false
	}
	switch {
	case v > hi+tolP(hi):
		return v - hi, tolP(hi), atUpper, true
	case !math.IsInf(lo, -1) && v >= lo-tolP(lo):
		return v - lo, tolP(lo), atLower, true
	}
	return 0, 0, 0, false
}

// primalCand is a candidate of the primal ratio test's second pass: the
// basic variable at position p reaches bound st after step t.
type primalCand struct {
	t  float64
	ad float64 // |delta|
	p  int32
	st lp.BasisStatus
}

// primalRatio is the ratio test for entering variable q moving in
// direction dir: Harris' two passes, or the textbook test with Bland's
// smallest-index rule. r < 0 means a bound flip of q; ok false means
// nothing blocks. The first pass keeps, in position order, every
// variable whose step is within the widened step found so far, a
// superset of those the second pass can take, so that the second looks
// at these only.
func (s *simplex) primalRatio(q int, dir float64, bland bool) (r int, t float64, leave lp.BasisStatus, ok bool) {
	flip := math.Inf(1)
	if dir > 0 && !math.IsInf(s.hi[q], 1) {
		flip = s.hi[q] - s.x[q]
	}
	if dir < 0 && !math.IsInf(s.lo[q], -1) {
		flip = s.x[q] - s.lo[q]
	}
	big := 0.0
	for _, a := range s.alpha {
		big = max(big, math.Abs(a))
	}
	piv := 1e-9 * max(1, big)
	slack := 1.0
	if bland {
		slack = 0
	}
	tmax := flip
	cand := s.pcand[:0]
	for p, k := range s.head {
		delta := -dir * s.alpha[p]
		ad := math.Abs(delta)
		if ad <= piv {
			continue
		}
		gap, tol, st, blocks := s.blocking(int(k), delta)
		if !blocks {
			continue
		}
		if tw := (gap + slack*tol) / ad; tw < tmax {
			tmax = tw
		}
		if t0 := gap / ad; t0 <= tmax+zeroStep {
			cand = append(cand, primalCand{t0, ad, int32(p), st})
		}
	}
	s.pcand = cand
	r, best := -1, 0.0
	for _, c := range cand {
		if c.t > tmax+zeroStep {
			continue
		}
		if bland {
			if r < 0 || s.head[c.p] < s.head[r] {
				r, t, leave = int(c.p), c.t, c.st
			}
			continue
		}
		if c.ad > best {
			r, t, leave, best = int(c.p), c.t, c.st, c.ad
		}
	}
	switch {
	case r < 0 && math.IsInf(flip, 1):
		return -1, 0, 0, false
	case r < 0 || flip <= t:
		return -1, flip, 0, true
	}
	return r, max(t, 0), leave, true
}

// primalDuals updates the reduced costs and the devex weights for q
// entering at position r, from the pivot row in s.prow and s.plist:
// d_j −= θ·α_rj with θ = d_q/α_rq, the leaving variable's becomes −θ.
func (s *simplex) primalDuals(q, r int) {
	arq := s.prow[q]
	k := int(s.head[r])
	theta := s.d[q] / arq
	wq := s.devex[q]
	reset := false
	for _, j := range s.plist {
		a := s.prow[j]
		s.d[j] -= theta * a
		ratio := a / arq
		if w := ratio * ratio * wq; w > s.devex[j] {
			s.devex[j] = w
			reset = reset || w > maxDevex
		}
	}
	s.d[q] = 0
	s.d[k] = -theta
	s.devex[k] = max(wq/(arq*arq), 1)
	if reset {
		s.resetDevex()
	}
}

// primalStep moves q by t in direction dir and, unless it is a bound flip
// (r < 0), exchanges it with the basic variable at position r.
func (s *simplex) primalStep(q int, dir float64, r int, t float64, leave lp.BasisStatus) {
	if t != 0 {
		for p, k := range s.head {
			if a := s.alpha[p]; a != 0 {
				s.x[k] -= dir * t * a
			}
		}
	}
	s.iters++
	if r < 0 {
		if dir > 0 {
			s.stat[q], s.x[q] = atUpper, s.hi[q]
		} else {
			s.stat[q], s.x[q] = atLower, s.lo[q]
		}
		return
	}
	s.x[q] += dir * t
	k := int(s.head[r])
	if leave == atLower {
		s.x[k] = s.lo[k]
	} else {
		s.x[k] = s.hi[k]
	}
	if s.lo[k] == s.hi[k] {
		leave = atLower
	}
	s.exchange(r, q, leave)
	s.weight[r] = 1
	s.lu.update(int32(r), s.alpha[r])
}

// primal runs the primal simplex from the current basis: phase 1
// minimizes the sum of infeasibilities of the basic variables, phase 2 the
// costs in use. The reduced costs are updated with the pivot row at every
// basis change and recomputed only on a new factorization or when the
// phase-1 costs change; pricing is devex. Optimality, infeasibility and
// unboundedness are confirmed on a fresh factorization.
func (s *simplex) primal() (lp.Status, error) {
	degenerate := 0
	fresh, recompute, phase1 := false, true, false
	s.resetDevex()
	s.pricing = s.pricing[:0]
	for k := range s.stat {
		if !s.frozen[k] && s.lo[k] != s.hi[k] {
			s.pricing = append(s.pricing, int32(k))
		}
	}
	for {
		if s.lu.wantsRefactor() {
			if err := s.refactor(); err != nil {
				return lp.Numerical, err
			}
			fresh, recompute = true, true
		}
		if recompute {
			phase1 = s.phaseCosts()
			if phase1 {
				s.computeDuals(s.pcost)
			} else {
				s.computeDuals(s.cost)
			}
			recompute = false
		}
		bland := degenerate > degenerateRun
		q, dir := s.primalPrice(phase1, bland)
		if q < 0 {
			if !fresh {
				if err := s.refactor(); err != nil {
					return lp.Numerical, err
				}
				fresh, recompute = true, true
				continue
			}
			if phase1 {
				return lp.Infeasible, nil
			}
			return lp.Optimal, nil
		}
		if st, err := s.checkLimits(); st != lp.NotSolved {
			return st, err
		}
		s.ftranCol(q)
		r, t, leave, ok := s.primalRatio(q, dir, bland)
		if !ok {
			if !fresh {
				if err := s.refactor(); err != nil {
					return lp.Numerical, err
				}
				fresh, recompute = true, true
				continue
			}
			if phase1 {
				return lp.Numerical, errNoBlock
			}
			return lp.Unbounded, nil
		}
		leaving := -1
		if r >= 0 {
			leaving = int(s.head[r])
			s.btranRow(r)
			s.pivotRow()
			arq := s.alpha[r]
			if math.Abs(arq-s.prow[q]) > driftTol*(1+math.Abs(arq)) {
				if !fresh {
					if err := s.refactor(); err != nil {
						return lp.Numerical, err
					}
					fresh, recompute = true, true
					continue
				}
				s.prow[q] = arq // trust the column on a fresh factorization
			}
			s.primalDuals(q, r)
		}
		s.primalStep(q, dir, r, t, leave)
		if s.logf != nil && s.iters%traceEvery == 0 {
			s.trace("primal %d: phase 1 %v, %d updates; %s", s.iters, phase1, s.lu.updates, s.density())
		}
		fresh = false
		if phase1 && !s.updatePhaseDuals(leaving) {
			recompute = true // feasible: phase 2 starts from fresh duals
		}
		if t <= zeroStep {
			degenerate++
		} else {
			degenerate = 0
		}
	}
}
