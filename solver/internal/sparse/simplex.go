package sparse

import (
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Tolerances, on the scaled problem; see the package comment.
const (
	primalTol  = 1e-9 // feasibility, relative to 1+|bound|
	dualTol    = 1e-9 // optimality, relative to the largest cost (at least 1)
	pivotTol   = 1e-7 // smallest pivot-row entry the ratio tests take
	driftTol   = 1e-8 // largest disagreement between a pivot seen by row and by column
	perturbRel = 1e-7 // size of the cost perturbation, relative to 1+|c_j|
	minWeight  = 1e-4 // floor of the dual steepest-edge weights
)

// Short names for the statuses the algorithm juggles.
const (
	basic   = lp.Basic
	atLower = lp.AtLower
	atUpper = lp.AtUpper
	isFree  = lp.Free
)

// simplex is the state the model keeps between solves: the LP
//
//	minimize costᵀz subject to [Â | −I]·z = 0, lo ≤ z ≤ hi
//
// over z = (x̂, r̂), the n scaled columns followed by the m scaled row
// activities, with a basis (head, where, stat), its factorization, the
// values z and reduced costs d.
type simplex struct {
	m, n int
	a    *matrix

	orig    []float64 // the costs in minimization form, scaled
	cost    []float64 // the costs in use: orig plus perturbation and shifts
	lo, hi  []float64
	x, d    []float64
	stat    []lp.BasisStatus
	head    []int32 // per position: the basic variable
	where   []int32 // per variable: its position, or -1 when nonbasic
	weight  []float64
	devex   []float64 // primal devex weight per variable
	frozen  []bool    // per variable: the primal simplex does not price it
	pricing []int32   // the variables the primal simplex prices: not frozen, not fixed
	lo0     []float64 // the bounds as given while perturbBounds has widened lo and hi
	hi0     []float64
	varW    []float64 // dual steepest-edge weight kept per basic variable across solves
	freshW  bool      // buildHead starts every weight at 1: the basis was installed anew
	lu      factor

	factored  bool // lu holds the factorization of head (with its updates)
	costScale float64
	tolD      float64

	// Scratch vectors, indexed by row or position (m) or variable (n+m).
	rho, alpha, tau, dxf []float64
	work, work2, work3   []float64 // all zero between uses
	pcost                []float64
	prow                 []float64
	plist, flips         []int32
	bps                  []breakpoint
	pcand                []primalCand
	pmark                []bool

	iters, maxIters      int
	iterLimit, timeLimit bool
	deadline             time.Time
	stop                 *atomic.Bool // the model's interrupt flag (Model.Interrupt)

	// logf, when set (by tests and measurements), receives a line at
	// each stage of a cold solve and every traceEvery iterations.
	logf func(format string, args ...any)
}

// traceEvery is the number of iterations between two progress lines of
// logf.
const traceEvery = 2000

// density describes, for trace, how dense the last iteration's vectors
// and the factors are.
func (s *simplex) density() string {
	nz := func(v []float64) int {
		c := 0
		for _, x := range v {
			if x != 0 {
				c++
			}
		}
		return c
	}
	return fmt.Sprintf("alpha %d, rho %d, pivot row %d of %d nonbasic entries; L %d, U %d, row etas %d, fresh %d, dense block %d",
		nz(s.alpha), nz(s.rho), len(s.plist), s.a.nbNnz, len(s.lu.lIdx), s.lu.uNnz, len(s.lu.rIdx), s.lu.luNnz, s.lu.denseSize)
}

// trace passes a line to logf, if set.
func (s *simplex) trace(format string, args ...any) {
	if s.logf != nil {
		s.logf(format, args...)
	}
}

var (
	errNoBlock = fmt.Errorf("%w: phase 1 found no blocking variable", lp.ErrNumerical)
	errPivot   = fmt.Errorf("%w: the dual ratio test chose a pivot the factorization calls zero", lp.ErrNumerical)
)

// tolP is the feasibility tolerance at bound b.
func tolP(b float64) float64 {
	if math.IsInf(b, 0) {
		return 0
	}
	return primalTol * (1 + math.Abs(b))
}

// grow sizes every per-row and per-variable array for the current m and n.
func (s *simplex) grow() {
	m, t := s.m, s.m+s.n
	s.rho = resize(s.rho, m)
	s.alpha = resize(s.alpha, m)
	s.tau = resize(s.tau, m)
	s.work = resize(s.work, m)
	s.work2 = resize(s.work2, m)
	s.work3 = resize(s.work3, m)
	s.dxf = resize(s.dxf, m)
	s.weight = resize(s.weight, m)
	s.prow = resize(s.prow, t)
	s.pmark = resize(s.pmark, t)
	s.frozen = resize(s.frozen, t)
	clear(s.frozen)
	s.where = resize(s.where, t)
	s.d = resize(s.d, t)
	s.cost = resize(s.cost, t)
	s.pcost = resize(s.pcost, t)
	s.devex = resize(s.devex, t)
	clear(s.work)
	clear(s.work2)
	clear(s.work3)
	clear(s.prow)
	clear(s.pmark)
	s.plist = s.plist[:0]
}

// boxed reports whether variable k has two finite bounds.
func (s *simplex) boxed(k int) bool {
	return !math.IsInf(s.lo[k], -1) && !math.IsInf(s.hi[k], 1)
}

// placeNonbasic puts nonbasic variable k at the bound its status names,
// or, when that bound is infinite, at its natural place: the finite bound
// nearest to its value, or zero when free.
func (s *simplex) placeNonbasic(k int) {
	lo, hi := s.lo[k], s.hi[k]
	switch st := s.stat[k]; {
	case lo == hi:
		s.stat[k], s.x[k] = atLower, lo
	case st == atLower && !math.IsInf(lo, -1):
		s.x[k] = lo
	case st == atUpper && !math.IsInf(hi, 1):
		s.x[k] = hi
	case !math.IsInf(lo, -1) && !math.IsInf(hi, 1):
		if v := s.x[k]; !math.IsNaN(v) && hi-v < v-lo {
			s.stat[k], s.x[k] = atUpper, hi
		} else {
			s.stat[k], s.x[k] = atLower, lo
		}
	case !math.IsInf(lo, -1):
		s.stat[k], s.x[k] = atLower, lo
	case !math.IsInf(hi, 1):
		s.stat[k], s.x[k] = atUpper, hi
	default:
		s.stat[k], s.x[k] = isFree, 0
	}
}

// buildHead turns the statuses into a basis of exactly m positions: extra
// basic variables become nonbasic, missing ones are filled with logicals.
func (s *simplex) buildHead() {
	s.head = s.head[:0]
	for k := range s.stat {
		s.where[k] = -1
		if s.stat[k] != basic {
			continue
		}
		if len(s.head) < s.m {
			s.where[k] = int32(len(s.head))
			s.head = append(s.head, int32(k))
			continue
		}
		s.stat[k] = atLower
		s.placeNonbasic(k)
	}
	for i := 0; len(s.head) < s.m && i < s.m; i++ {
		if l := s.n + i; s.where[l] < 0 {
			s.where[l] = int32(len(s.head))
			s.head = append(s.head, int32(l))
			s.stat[l] = basic
		}
	}
	for p, k := range s.head {
		if s.freshW {
			s.varW[k] = 1
		}
		s.weight[p] = s.varW[k]
	}
	for j := range s.n {
		s.a.setBasic(j, s.where[j] >= 0)
	}
	s.freshW = false
	s.factored = false
}

// exchange makes the variable q basic at position r in place of the one
// there, which becomes nonbasic with status st (its value is the caller's).
func (s *simplex) exchange(r, q int, st lp.BasisStatus) {
	k := int(s.head[r])
	s.stat[k], s.where[k] = st, -1
	s.head[r], s.where[q], s.stat[q] = int32(q), int32(r), basic
	if k < s.n {
		s.a.setBasic(k, false)
	}
	if q < s.n {
		s.a.setBasic(q, true)
	}
}

// refactor factorizes the basis, replacing dependent columns by logicals
// of the rows no pivot covers, and recomputes the basic values.
func (s *simplex) refactor() error {
	s.saveWeights()
	src := columnSource{a: s.a, n: s.n}
	for attempt := 0; ; attempt++ {
		if s.lu.factorize(src, s.head) {
			break
		}
		if attempt == 2 || len(s.lu.dep) != len(s.lu.free) {
			s.factored = false
			return fmt.Errorf("%w: cannot make the basis nonsingular", lp.ErrNumerical)
		}
		for q, p := range s.lu.dep {
			k := int(s.head[p])
			s.exchange(int(p), s.n+int(s.lu.free[q]), atLower)
			s.placeNonbasic(k)
			s.weight[p] = 1
		}
	}
	s.factored = true
	s.computeBasics()
	return nil
}

// saveWeights keeps the dual steepest-edge weights by variable.
func (s *simplex) saveWeights() {
	for p, k := range s.head {
		s.varW[k] = s.weight[p]
	}
}

// computeBasics sets the basic variables from the nonbasic ones:
// B·z_B = −N·z_N.
func (s *simplex) computeBasics() {
	rhs := s.work
	a := s.a
	for k := range s.n {
		v := s.x[k]
		if s.where[k] >= 0 || v == 0 {
			continue
		}
		for p := a.colStart[k]; p < a.colStart[k+1]; p++ {
			rhs[a.rowIdx[p]] -= a.val[p] * v
		}
	}
	for i := range s.m {
		if l := s.n + i; s.where[l] < 0 {
			rhs[i] += s.x[l]
		}
	}
	s.lu.ftran(rhs, s.alpha)
	for p, k := range s.head {
		s.x[k] = s.alpha[p]
	}
}

// computeDuals sets y = B⁻ᵀ·c_B into s.rho, and the reduced costs
// d = c − [Â | −I]ᵀ·y of the nonbasic variables (zero for the basic ones).
func (s *simplex) computeDuals(cost []float64) {
	e := s.work
	for p, k := range s.head {
		e[p] = cost[k]
	}
	y := s.rho
	s.lu.btran(e, y)
	a := s.a
	for j := range s.n {
		if s.where[j] >= 0 {
			s.d[j] = 0
			continue
		}
		v := cost[j]
		for p := a.colStart[j]; p < a.colStart[j+1]; p++ {
			v -= a.val[p] * y[a.rowIdx[p]]
		}
		s.d[j] = v
	}
	for i := range s.m {
		l := s.n + i
		if s.where[l] >= 0 {
			s.d[l] = 0
			continue
		}
		s.d[l] = cost[l] + y[i]
	}
}

// ftranCol sets s.alpha = B⁻¹·(column of variable q), keeping its spike
// for the update that brings q into the basis.
func (s *simplex) ftranCol(q int) {
	s.scatterCol(q, s.work)
	s.lu.ftranSpike(s.work, s.alpha)
}

// scatterCol writes the column of variable q (a slack's is −e_i) into v,
// which must be zero on its rows.
func (s *simplex) scatterCol(q int, v []float64) {
	if q >= s.n {
		v[q-s.n] = -1
	} else {
		a := s.a
		for p := a.colStart[q]; p < a.colStart[q+1]; p++ {
			v[a.rowIdx[p]] = a.val[p]
		}
	}
}

// btranRow sets s.rho = B⁻ᵀ·e_r, row r of B⁻¹.
func (s *simplex) btranRow(r int) {
	e := s.work
	e[r] = 1
	s.lu.btran(e, s.rho)
}

// pivotRow computes row r of B⁻¹·[Â | −I] over the nonbasic variables
// that are not frozen, from s.rho, into s.prow, listing its nonzero
// entries in s.plist. A sparse rho is multiplied through the nonbasic part of the row-major copy
// of the matrix, a dense one column by column over the nonbasic columns;
// which is which follows the work each would do (see scatterCost).
func (s *simplex) pivotRow() {
	for _, j := range s.plist {
		s.prow[j] = 0
		s.pmark[j] = false
	}
	s.plist = s.plist[:0]
	a := s.a
	rowWork := 0 // nonbasic entries of the rows of rho's nonzeros
	for i, ri := range s.rho {
		if math.Abs(ri) < etaDrop {
			s.rho[i] = 0
			continue
		}
		rowWork += int(a.rowNB[i])
	}
	if rowWork*scatterCost > a.nbNnz {
		rho := s.rho
		for j := range s.n {
			if a.basicCol[j] { // basic or frozen
				continue
			}
			v := 0.0
			idx := a.rowIdx[a.colStart[j]:a.colStart[j+1]]
			val := a.val[a.colStart[j]:a.colStart[j+1]]
			val = val[:len(idx)] // one bounds check, not one per entry
			for p, i := range idx {
				v += val[p] * rho[i]
			}
			if v != 0 {
				s.prow[j] = v
				s.pmark[j] = true
				s.plist = append(s.plist, int32(j))
			}
		}
		for i, ri := range s.rho {
			if l := s.n + i; ri != 0 && s.where[l] < 0 {
				s.prow[l] = -ri
				s.pmark[l] = true
				s.plist = append(s.plist, int32(l))
			}
		}
		return
	}
	for i, ri := range s.rho {
		if ri == 0 {
			continue
		}
		if l := s.n + i; s.where[l] < 0 {
			s.prow[l] = -ri
			s.pmark[l] = true
			s.plist = append(s.plist, int32(l))
		}
		s0 := a.rowStart[i]
		cols, vals := a.colIdx[s0:s0+a.rowNB[i]], a.rval[s0:s0+a.rowNB[i]]
		vals = vals[:len(cols)]
		for p, j := range cols {
			if !s.pmark[j] {
				s.pmark[j] = true
				s.plist = append(s.plist, j)
			}
			s.prow[j] += ri * vals[p]
		}
	}
}

// scatterCost is the cost of an entry of the row-wise product of
// pivotRow relative to one of the column-wise product (a scatter with a
// mark against a gather): rho is dense when the rows of its nonzeros hold
// more than 1/scatterCost of the nonbasic columns' entries.
const scatterCost = 2

// checkLimits returns the status a limit imposes, or NotSolved.
func (s *simplex) checkLimits() (lp.Status, error) {
	switch {
	case s.iterLimit && s.iters >= s.maxIters:
		return lp.IterationLimit, nil
	case s.timeLimit && s.iters%8 == 0 && !time.Now().Before(s.deadline):
		return lp.TimeLimit, nil
	case s.stop != nil && s.stop.Load():
		return lp.TimeLimit, nil
	case !s.iterLimit && s.iters >= s.maxIters:
		return lp.Numerical, fmt.Errorf("%w: no progress after %d iterations", lp.ErrNumerical, s.iters)
	}
	return lp.NotSolved, nil
}

// primalInfeasible reports whether some basic variable is outside its
// bounds.
func (s *simplex) primalInfeasible() bool {
	for _, k := range s.head {
		if s.x[k] < s.lo[k]-tolP(s.lo[k]) || s.x[k] > s.hi[k]+tolP(s.hi[k]) {
			return true
		}
	}
	return false
}

// dualInfeasible reports whether some nonbasic variable has a reduced
// cost of the wrong sign for its status, beyond the tolerance. With fix,
// boxed variables are moved to the bound that makes them dual feasible
// (the caller recomputes the basic values) and only the others count.
func (s *simplex) dualInfeasible(fix bool) bool {
	bad := false
	for k, st := range s.stat {
		if st == basic || s.lo[k] == s.hi[k] {
			continue
		}
		d := s.d[k]
		wrong := (st == atLower && d < -s.tolD) || (st == atUpper && d > s.tolD) || (st == isFree && math.Abs(d) > s.tolD)
		if !wrong {
			continue
		}
		if fix && s.boxed(k) {
			if d < 0 {
				s.stat[k], s.x[k] = atUpper, s.hi[k]
			} else {
				s.stat[k], s.x[k] = atLower, s.lo[k]
			}
			continue
		}
		bad = true
	}
	return bad
}
