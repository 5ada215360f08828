package sparse

import (
	"math"
	"time"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// boundPerturb is the size of the primal simplex's bound perturbation,
// relative to 1+|bound|.
const boundPerturb = 1e-7

// perturbBounds widens the finite bounds of the basic variables that are
// not fixed by a small pseudo-random amount, keeping the bounds as given
// in s.lo0 and s.hi0: ties in the primal ratio test, which make
// set-packing LPs primal degenerate, are broken. The nonbasic variables
// keep their bounds (widened, their moves would make the slack basis of a
// packing LP primal infeasible).
func (s *simplex) perturbBounds() {
	t := s.m + s.n
	s.lo0 = resize(s.lo0, t)
	s.hi0 = resize(s.hi0, t)
	copy(s.lo0, s.lo)
	copy(s.hi0, s.hi)
	for k := range t {
		lo, hi := s.lo[k], s.hi[k]
		if lo == hi || s.where[k] < 0 {
			continue
		}
		h := uint32(k)*2246822519 ^ 0x27d4eb2f
		h ^= h >> 16
		h *= 0x7feb352d
		h ^= h >> 15
		u := 1 + float64(h%1024)/1024
		if !math.IsInf(lo, -1) {
			s.lo[k] = lo - boundPerturb*(1+math.Abs(lo))*u
		}
		if !math.IsInf(hi, 1) {
			s.hi[k] = hi + boundPerturb*(1+math.Abs(hi))*u
		}
	}
}

// restoreBounds puts back the bounds perturbBounds widened.
func (s *simplex) restoreBounds() {
	copy(s.lo, s.lo0)
	copy(s.hi, s.hi0)
	s.replace()
}

// replace moves every nonbasic variable to the bound its status names and
// recomputes the basic values.
func (s *simplex) replace() {
	for k := range s.stat {
		if s.where[k] < 0 {
			s.placeNonbasic(k)
		}
	}
	s.computeBasics()
}

// primalCold solves from the basis held (primal feasible or not) by the
// primal simplex on perturbed bounds, then removes the perturbation and
// finishes with the dual simplex (the basis is dual feasible for the
// costs as given), and the primal again if that loses dual feasibility.
func (s *simplex) primalCold() (lp.Status, error) {
	copy(s.cost, s.orig)
	s.perturbBounds()
	st, err := s.primal()
	return s.primalFinish(st, err)
}

// primalFinish ends a primal solve on perturbed bounds that returned st:
// it restores the bounds and, from an optimum, finishes with the dual
// simplex (the basis is dual feasible for the costs as given), and the
// primal again if that loses dual feasibility.
func (s *simplex) primalFinish(st lp.Status, err error) (lp.Status, error) {
	s.restoreBounds()
	switch st {
	case lp.Optimal:
	case lp.Unbounded:
		// A ray of the widened LP is one of the LP as given, but its
		// feasibility is not proven: phase 1 on the bounds as given.
		return s.primal()
	default:
		return st, err
	}
	s.dualStart()
	return s.dualFinish()
}

// dualFinish runs the dual simplex from a dual feasible basis, then
// removes the perturbation and the shifts of the costs and cleans up with
// the primal simplex if the basis is no longer dual feasible.
func (s *simplex) dualFinish() (lp.Status, error) {
	st, err := s.dual()
	if st != lp.Optimal {
		return st, err
	}
	copy(s.cost, s.orig)
	s.computeDuals(s.cost)
	if !s.dualInfeasible(false) {
		return lp.Optimal, nil
	}
	return s.primal()
}

// idiotCold solves from the slack basis after the idiot crash: the
// structural variables keep the crash's values (snapped to a bound when
// near one, else superbasic), and the logicals, basic, take their rows'
// activities. The primal simplex (on perturbed bounds, as in primalCold)
// first runs with the structurals the crash left at a bound frozen,
// which restricts it to the crash's support, then with all of them; the
// dual simplex finishes after the bounds are restored.
func (s *simplex) idiotCold() (lp.Status, error) {
	start := time.Now()
	s.idiot()
	super := s.snapToBounds()
	s.computeBasics()
	s.trace("idiot crash: %v, %d superbasic", time.Since(start).Round(time.Millisecond), super)
	copy(s.cost, s.orig)
	s.perturbBounds()
	s.freezeAtBounds()
	st, err := s.primal()
	s.trace("primal, frozen: %v after %d iterations", st, s.iters)
	s.unfreeze()
	// Infeasible with some variables frozen says nothing of the LP; a ray
	// found with some frozen is one of the LP (primalFinish checks it).
	if st == lp.Optimal || st == lp.Infeasible {
		st, err = s.primal()
		s.trace("primal: %v after %d iterations", st, s.iters)
	}
	return s.primalFinish(st, err)
}

// freezeAtBounds freezes the nonbasic structural columns that sit at a
// bound: the primal simplex does not price them, and their entries move
// out of the nonbasic part of the row-major copy (as a basic column's),
// so that the pivot row skips them. Their reduced costs are left stale
// until unfreeze.
func (s *simplex) freezeAtBounds() {
	for k := range s.n {
		if s.where[k] < 0 && (s.x[k] == s.lo[k] || s.x[k] == s.hi[k]) {
			s.frozen[k] = true
			s.a.setBasic(k, true)
		}
	}
}

// unfreeze undoes freezeAtBounds. The caller recomputes the reduced
// costs (primal does at its start).
func (s *simplex) unfreeze() {
	for k := range s.n {
		if s.frozen[k] {
			s.frozen[k] = false
			s.a.setBasic(k, s.where[k] >= 0)
		}
	}
}
