package mechanism

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// coreCons is one core constraint found by separation: the winners outside a
// blocking coalition C must pay together at least rhs = v(x) − Σ_{j ∈ C∩W}
// v_j, where x is an allocation of C's bids and v_j the value bidder j
// gets in the auction's allocation.
type coreCons struct {
	out []int   // indices into the group's winners: W \ C, ascending
	rhs float64 // minor units
}

// errPaymentLP says that the payment LP or QP failed numerically.
var errPaymentLP = errors.New("payment LP")

// minRevenueNearest solves the two payment problems of one core iteration:
//
//	R* = min Σ_j p_j  subject to  lo ≤ p ≤ hi,  Σ_{j ∈ c.out} p_j ≥ c.rhs for every c
//
// (a linear program, by gonum's simplex, lp.Simplex) and then, among the
// points of least revenue, the one nearest to lo (the VCG payments):
//
//	min Σ_j (p_j − lo_j)²  subject to the same constraints and Σ_j p_j ≤ R* + 1e-12·max(1, R*)
//
// (a strictly convex quadratic program, solved exactly as a least-distance
// program, ldp). Both work in the variables q = (p − lo)/s, scaled by s =
// max(1, max hi), so that the data are of order 1. The quadratic point is
// checked against every constraint (to 1e-8 relative); when the check or the
// QP fails, the LP's vertex is returned instead, with nearest false. An
// error (wrapping errPaymentLP) means that not even the LP could be solved,
// or that it is infeasible (a constraint asks more than the bids: only on an
// allocation that is not optimal).
func minRevenueNearest(lo, hi []float64, cons []coreCons) (p []float64, nearest bool, err error) {
	n := len(lo)
	s := 1.0
	for _, h := range hi {
		s = max(s, h)
	}
	u := make([]float64, n) // upper bounds of q
	for j := range n {
		u[j] = max(0, hi[j]-lo[j]) / s
	}
	var act []coreCons // constraints not implied by q ≥ 0, in scaled units
	for _, c := range cons {
		r := c.rhs
		for _, j := range c.out {
			r -= lo[j]
		}
		if r /= s; r > 0 {
			act = append(act, coreCons{out: c.out, rhs: r})
		}
	}
	p = make([]float64, n)
	copy(p, lo)
	if len(act) == 0 {
		return p, true, nil
	}
	q, rev, err := minRevenueLP(u, act)
	if err != nil {
		return nil, false, err
	}
	z, qerr := nearestQP(u, act, rev)
	if qerr == nil {
		q, nearest = z, true
	}
	for j := range n {
		p[j] = min(max(lo[j]+s*q[j], lo[j]), max(hi[j], lo[j]))
	}
	return p, nearest, nil
}

// minRevenueLP solves min Σ q subject to 0 ≤ q ≤ u and Σ_{j ∈ c.out} q_j ≥
// c.rhs, in the standard form lp.Simplex takes: columns q (n), s (n, upper
// slacks: q + s = u), t (m, surpluses: Σ q − t = rhs). The slack columns make
// the rows independent, as Simplex needs.
func minRevenueLP(u []float64, cons []coreCons) (q []float64, rev float64, err error) {
	n, m := len(u), len(cons)
	a := mat.NewDense(n+m, 2*n+m, nil)
	b := make([]float64, n+m)
	c := make([]float64, 2*n+m)
	for j := range n {
		c[j] = 1
		a.Set(j, j, 1)
		a.Set(j, n+j, 1)
		b[j] = u[j]
	}
	for i, k := range cons {
		for _, j := range k.out {
			a.Set(n+i, j, 1)
		}
		a.Set(n+i, 2*n+i, -1)
		b[n+i] = k.rhs
	}
	defer func() {
		if r := recover(); r != nil { // gonum panics only on malformed input; be safe all the same
			q, err = nil, fmt.Errorf("%w: simplex: %v", errPaymentLP, r)
		}
	}()
	rev, x, err := lp.Simplex(c, a, b, 1e-10, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: simplex: %w", errPaymentLP, err)
	}
	q = x[:n:n]
	for j := range q {
		q[j] = min(max(q[j], 0), u[j])
	}
	return q, rev, nil
}

// nearestQP returns the point of least norm in {0 ≤ q ≤ u, Σ_{j ∈ c.out}
// q_j ≥ c.rhs, Σ q ≤ rev + 1e-12·max(1, rev)}, checked against every
// constraint to 1e-8 × max(1, |bound|).
func nearestQP(u []float64, cons []coreCons, rev float64) ([]float64, error) {
	n := len(u)
	var g [][]float64 // rows of G in G q ≥ h
	var h []float64
	row := func() []float64 { r := make([]float64, n); g = append(g, r); return r }
	for j := range n {
		row()[j] = 1
		h = append(h, 0)
		row()[j] = -1
		h = append(h, -u[j])
	}
	for _, c := range cons {
		r := row()
		for _, j := range c.out {
			r[j] = 1
		}
		h = append(h, c.rhs)
	}
	r := row()
	for j := range r {
		r[j] = -1
	}
	h = append(h, -(rev + 1e-12*max(1, rev)))
	q, err := ldp(g, h)
	if err != nil {
		return nil, err
	}
	for i := range g {
		var s float64
		for j, x := range g[i] {
			s += x * q[j]
		}
		if s < h[i]-1e-8*max(1, math.Abs(h[i])) {
			return nil, fmt.Errorf("%w: QP point misses a constraint by %g", errPaymentLP, h[i]-s)
		}
	}
	return q, nil
}

// ldp solves the least-distance program min ‖x‖ subject to G x ≥ h by the
// method of Lawson and Hanson (Solving Least Squares Problems, 1974,
// ch. 23): with E = [Gᵀ; hᵀ] and f = (0, …, 0, 1), solve the non-negative
// least squares problem min ‖E w − f‖ over w ≥ 0 (nnls); its residual r = E w
// − f is zero when the constraints are inconsistent, and otherwise x_j =
// −r_j / r_{n+1}. The method is finite and exact in exact arithmetic; in
// floating point the caller checks the answer against the constraints.
func ldp(g [][]float64, h []float64) ([]float64, error) {
	m := len(g)
	if m == 0 {
		return nil, fmt.Errorf("%w: no constraints", errPaymentLP)
	}
	n := len(g[0])
	e := mat.NewDense(n+1, m, nil)
	for i := range m {
		for j := range n {
			e.Set(j, i, g[i][j])
		}
		e.Set(n, i, h[i])
	}
	f := make([]float64, n+1)
	f[n] = 1
	w, err := nnls(e, f)
	if err != nil {
		return nil, err
	}
	var r mat.VecDense
	r.MulVec(e, mat.NewVecDense(m, w))
	r.SetVec(n, r.AtVec(n)-1)
	if math.Abs(r.AtVec(n)) < 1e-12 {
		return nil, fmt.Errorf("%w: QP constraints are inconsistent", errPaymentLP)
	}
	x := make([]float64, n)
	for j := range n {
		x[j] = -r.AtVec(j) / r.AtVec(n)
	}
	return x, nil
}

// nnls solves min ‖E w − f‖ subject to w ≥ 0 by the active-set algorithm
// NNLS of Lawson and Hanson (1974, ch. 23): columns move into the passive
// set while the gradient Eᵀ(f − E w) has a positive entry above 1e-11; each
// step solves the unconstrained least squares problem on the passive columns
// (QR, mat.Dense.Solve) and walks back to the feasible region when an entry
// turns non-positive. A column whose entry is not positive in its first
// least-squares solution (a numerically dependent column) is skipped until
// w next changes. It stops with an error after 3 × columns + 10 outer
// steps.
func nnls(e *mat.Dense, f []float64) ([]float64, error) {
	const tol = 1e-11
	r, c := e.Dims()
	w := make([]float64, c)
	passive := make([]bool, c)
	skip := make([]bool, c)
	fv := mat.NewVecDense(r, f)
	var res, grad mat.VecDense
	for range 3*c + 10 {
		res.MulVec(e, mat.NewVecDense(c, w))
		res.SubVec(fv, &res)
		grad.MulVec(e.T(), &res)
		t, best := -1, tol
		for j := range c {
			if !passive[j] && !skip[j] && grad.AtVec(j) > best {
				t, best = j, grad.AtVec(j)
			}
		}
		if t < 0 {
			return w, nil
		}
		passive[t] = true
		z, ok := passiveLS(e, passive, fv)
		if !ok || z[t] <= 0 {
			passive[t], skip[t] = false, true
			continue
		}
		for {
			alpha, at := math.Inf(1), -1
			for j := range c {
				if passive[j] && z[j] <= 0 {
					if a := w[j] / (w[j] - z[j]); a < alpha {
						alpha, at = a, j
					}
				}
			}
			if at < 0 {
				copy(w, z)
				break
			}
			for j := range c {
				if passive[j] {
					w[j] += alpha * (z[j] - w[j])
					if j == at || w[j] <= 1e-15 {
						w[j], passive[j] = 0, false
					}
				}
			}
			if z, ok = passiveLS(e, passive, fv); !ok {
				return nil, fmt.Errorf("%w: NNLS: singular least-squares step", errPaymentLP)
			}
		}
		clear(skip)
	}
	return nil, fmt.Errorf("%w: NNLS did not converge", errPaymentLP)
}

// passiveLS solves min ‖E_P z − f‖ over the passive columns P and returns z
// with zeros elsewhere; ok is false when E_P has more columns than rows or is
// rank deficient.
func passiveLS(e *mat.Dense, passive []bool, f *mat.VecDense) ([]float64, bool) {
	r, c := e.Dims()
	var cols []int
	for j := range c {
		if passive[j] {
			cols = append(cols, j)
		}
	}
	z := make([]float64, c)
	if len(cols) == 0 {
		return z, true
	}
	if len(cols) > r {
		return nil, false
	}
	ep := mat.NewDense(r, len(cols), nil)
	for k, j := range cols {
		for i := range r {
			ep.Set(i, k, e.At(i, j))
		}
	}
	var x mat.Dense
	if err := x.Solve(ep, f); err != nil {
		return nil, false
	}
	for k, j := range cols {
		z[j] = x.At(k, 0)
	}
	return z, true
}
