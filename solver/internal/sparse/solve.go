package sparse

import (
	"time"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// solve brings the basis in line with the bounds, factorizes it when it
// changed, and runs the dual simplex from a start made dual feasible by
// flips and cost shifts, with a primal cleanup once the perturbation and
// the shifts are removed.
func (m *Model) solve(lim lp.Limits) (lp.Status, error) {
	s := &m.s
	s.grow()
	cold := !m.hasBasis
	if cold {
		for k := range s.stat {
			if k < s.n {
				s.stat[k] = atLower // placeNonbasic moves it to a finite bound
			} else {
				s.stat[k] = basic
			}
		}
		m.hasBasis, m.needHead = true, true
	}
	if m.needHead || len(s.head) != s.m {
		s.buildHead()
		m.needHead = false
	}
	for k := range s.stat {
		if s.where[k] < 0 {
			s.placeNonbasic(k)
		}
	}
	s.maxIters = 50*(s.n+s.m) + 10000 // a guard against cycling, not a limit
	s.iterLimit, s.timeLimit = false, false
	if lim.Iterations > 0 {
		s.maxIters, s.iterLimit = lim.Iterations, true
	}
	if lim.Time > 0 {
		s.deadline, s.timeLimit = time.Now().Add(lim.Time), true
	}
	s.iters = 0
	m.iters = 0
	s.tolD = dualTol * s.costScale
	st, err := m.run(cold)
	m.iters = s.iters
	if st == lp.Numerical {
		m.hasBasis = false // start cold next time
		s.factored = false
		return st, err
	}
	s.saveWeights()
	copy(s.cost, s.orig)
	if st == lp.Optimal {
		s.computeDuals(s.cost)
		m.fillSolution()
	}
	return st, err
}

// run is the body of solve once the basis is in place; cold says that it
// is the slack basis of a first solve.
func (m *Model) run(cold bool) (lp.Status, error) {
	s := &m.s
	if !s.factored || s.lu.stale {
		if err := s.refactor(); err != nil {
			return lp.Numerical, err
		}
	}
	if cold && m.coldPrimal() {
		return s.primalCold()
	}
	// Dual phase 1 by flips and shifts: boxed variables go to the bound
	// their reduced cost asks for, the others have their cost shifted to
	// make it zero. dualFinish's primal cleanup removes the shifts.
	copy(s.cost, s.orig)
	s.dualStart()
	s.perturb()
	return s.dualFinish()
}

// coldPrimal reports whether a cold solve starts with the primal simplex
// (from the slack basis, on perturbed bounds) rather than the dual. The
// dual is the choice for every shape measured: from the slack basis the
// primal took 1.2 to 3.7 times the dual's pivots and 1.5 to 4.6 times its
// time on CATS arbitrary 256 × 1,000, regions 1,000 × 5,000 and DDU
// 1,000 × 5,000 and 2,000 × 10,000 (benchmarks/lp-engines.md). A crash that leaves the primal
// few pivots, as Clp's idiot crash does, would change that.
func (m *Model) coldPrimal() bool {
	return m.coldAlg == coldPrimalAlg
}

// fillSolution reads an optimal solution out of the simplex, unscaled and
// back in the model's sense: x within its bounds, A·x, y and d = c − Aᵀy
// recomputed on the data as given. s.rho holds the scaled duals.
func (m *Model) fillSolution() {
	s, a := &m.s, &m.a
	n, rows := s.n, s.m
	sign := 1.0
	if m.sense == lp.Maximize {
		sign = -1
	}
	sol := &m.sol
	sol.x = lp.Resize(sol.x, n)
	sol.act = lp.Resize(sol.act, rows)
	sol.y = lp.Resize(sol.y, rows)
	sol.d = lp.Resize(sol.d, n)
	sol.basis.Cols = append(sol.basis.Cols[:0], s.stat[:n]...)
	sol.basis.Rows = append(sol.basis.Rows[:0], s.stat[n:]...)
	clear(sol.act)
	for i := range rows {
		sol.y[i] = sign * s.rho[i] * a.rowScale[i]
	}
	sol.obj = 0
	for j := range n {
		x := min(max(s.x[j]*a.colScale[j], m.colLower[j]), m.colUpper[j])
		sol.x[j] = x
		sol.obj += m.obj[j] * x
		d := m.obj[j]
		for p := a.colStart[j]; p < a.colStart[j+1]; p++ {
			i := a.rowIdx[p]
			v := a.val[p] / (a.rowScale[i] * a.colScale[j])
			sol.act[i] += v * x
			d -= v * sol.y[i]
		}
		sol.d[j] = d
	}
}
