package sparse

import (
	"math"

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
