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
	if cold {
		switch m.coldChoice() {
		case coldPrimalAlg:
			return s.primalCold()
		case coldIdiot:
			return s.idiotCold()
		}
	}
	// Dual phase 1 by flips and shifts: boxed variables go to the bound
	// their reduced cost asks for, the others have their cost shifted to
	// make it zero. dualFinish's primal cleanup removes the shifts.
	copy(s.cost, s.orig)
	s.dualStart()
	s.perturb()
	return s.dualFinish()
}

// idiotMinEntries is the size, in matrix entries, from which a cold solve
// starts with the idiot crash and the primal simplex rather than with the
// dual simplex from the slack basis.
const idiotMinEntries = 30000

// coldChoice is the algorithm of a cold solve: the one coldAlg names, or
// by size: the idiot crash and the primal simplex (idiotCold) from
// idiotMinEntries matrix entries on, the dual simplex below. The crash's
// passes cost about 4,000 reads of the matrix, which small LPs do not
// repay. CPU time of the idiot path against the dual's
// (benchmarks/lp-engines.md): set packing 64 × 256 and 256 × 1,000 (768
// and 2,935 entries) 2 to 4 times, set packing 1,000 × 5,000 (14,880)
// about the same, DDU 200 × 1,000 (20,891) 1.4 times, CATS arbitrary
// 256 × 1,000 (12,468) 0.65 times; CATS regions 1,000 × 5,000 (69,439)
// 0.2 times, DDU 1,000 × 5,000 (138,631) 0.28 times and DDU 2,000 ×
// 10,000 (281,306) 0.15 times. The threshold keeps every LP measured
// below it on the dual, DDU 200 × 1,000 included, at the cost of CATS
// arbitrary's gain. The primal simplex alone from the slack basis
// (coldPrimalAlg) is slower than the dual on every shape measured.
func (m *Model) coldChoice() coldMethod {
	if m.coldAlg != coldAuto {
		return m.coldAlg
	}
	if len(m.a.val) >= idiotMinEntries {
		return coldIdiot
	}
	return coldDual
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
