package lagrange

import (
	"context"
	"math"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// PDHG's constants, PDLP's defaults (Applegate et al. 2021, section 3 and
// 4): restarts are considered every restartEvery steps; a restart happens
// when the candidate's KKT error fell below restartSufficient times the
// last restart's, or below restartNecessary times it without progress
// since the previous check, or after restartArtificial of the iterations
// done; the primal weight moves halfway (in logarithm) toward the ratio of
// the dual and primal movements since the last restart.
const (
	restartEvery      = 64
	restartSufficient = 0.2
	restartNecessary  = 0.8
	restartArtificial = 0.36
	weightSmoothing   = 0.5
)

// pdhg is the state of the restarted primal-dual hybrid gradient method on
// the saddle problem min over y, max over x in the column box of
// cᵀx − yᵀAx + h(y), h(y) = Σ_i max(y_i u_i, y_i l_i), of the LP scaled by
// rows and columns (scaling) and turned into a maximization. Its optimal y
// minimizes the Lagrangian dual L, and L(y) = max over x of the saddle
// function is a valid bound for any y, so every dual iterate gives one.
type pdhg struct {
	p      *lp.Problem
	sign   float64
	r, s   []float64 // row and column factors: y = r∘ỹ, x = s∘x̃
	a      *matrix   // Ã, with its products split over the workers
	c      []float64 // scaled objective of the maximization
	lo, hi []float64 // scaled column bounds
	rl, ru []float64 // scaled row bounds

	x, ax, y, aty     []float64 // the iterate and its products Ãx, Ãᵀy
	nx, nax, ny, naty []float64 // the next iterate
	// The running average since the last restart, weighted by the steps.
	sx, sax, sy, saty []float64
	wsum              float64
	rx, ry            []float64 // the point of the last restart

	omega, eta float64 // primal weight and step
	steps      int     // steps tried, for the adaptive rule's exponents

	best           float64   // the least L̃ seen
	bestY, bestAty []float64 // its ỹ and Ãᵀỹ
	rc, px         []float64 // buffers of reduced and primal
}

// newPDHG sets up PDHG on p, its products split over the given number of
// workers.
func newPDHG(p *lp.Problem, workers int) *pdhg {
	m, n := p.NumRows(), p.NumCols()
	q := &pdhg{p: p, sign: 1}
	if p.Sense == lp.Minimize {
		q.sign = -1
	}
	q.r, q.s = scaling(p)
	val := make([]float64, len(p.Value))
	maxA := 0.0
	for j := range n {
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			val[k] = p.Value[k] * q.r[p.RowIndex[k]] * q.s[j]
			maxA = math.Max(maxA, math.Abs(val[k]))
		}
	}
	q.a = newMatrix(p, val, workers)
	vec := func(k int) []float64 { return make([]float64, k) }
	q.c, q.lo, q.hi = vec(n), vec(n), vec(n)
	for j := range n {
		q.c[j] = q.sign * p.Objective[j] * q.s[j]
		q.lo[j] = p.ColLower[j] / q.s[j]
		q.hi[j] = p.ColUpper[j] / q.s[j]
	}
	q.rl, q.ru = vec(m), vec(m)
	for i := range m {
		q.rl[i] = p.RowLower[i] * q.r[i]
		q.ru[i] = p.RowUpper[i] * q.r[i]
	}
	q.x, q.nx, q.sx, q.rx = vec(n), vec(n), vec(n), vec(n)
	q.aty, q.naty, q.saty, q.bestAty = vec(n), vec(n), vec(n), vec(n)
	q.y, q.ny, q.sy, q.ry, q.bestY = vec(m), vec(m), vec(m), vec(m), vec(m)
	q.ax, q.nax, q.sax = vec(m), vec(m), vec(m)
	// Start at the point of the box nearest 0, with y = 0.
	for j := range n {
		q.x[j] = clamp(0, q.lo[j], q.hi[j])
	}
	q.times(q.x, q.ax)
	copy(q.rx, q.x)
	q.eta = 1
	if maxA > 0 {
		q.eta = 1 / maxA
	}
	q.omega = 1
	if cn, bn := norm(q.c), boundsNorm(q.rl, q.ru); cn > 1e-10 && bn > 1e-10 {
		q.omega = cn / bn
	}
	q.best = math.Inf(1)
	return q
}

// times sets out = Ãx.
func (q *pdhg) times(x, out []float64) { q.a.times(x, out) }

// timesT sets out = Ãᵀy.
func (q *pdhg) timesT(y, out []float64) { q.a.timesT(y, out) }

// step makes one accepted step of PDHG with PDLP's adaptive step length,
// trying smaller steps until one is accepted (each try costs one product
// with Ã, an accepted one another with Ãᵀ). It returns the tries.
func (q *pdhg) step() int {
	tries := 0
	for {
		tries++
		q.steps++
		tau, sigma := q.eta/q.omega, q.eta*q.omega
		for j := range q.x {
			q.nx[j] = clamp(q.x[j]+tau*(q.c[j]-q.aty[j]), q.lo[j], q.hi[j])
		}
		q.times(q.nx, q.nax)
		interaction, dx2, dy2 := 0.0, 0.0, 0.0
		for i := range q.y {
			// The prox of σh: v − σ·proj(v/σ) onto [l_i, u_i], exactly 0
			// inside (so that no rounding gives a row without an upper
			// bound a positive multiplier).
			v := q.y[i] + sigma*(2*q.nax[i]-q.ax[i])
			ny := 0.0
			if w := v / sigma; w > q.ru[i] {
				ny = v - sigma*q.ru[i]
			} else if w < q.rl[i] {
				ny = v - sigma*q.rl[i]
			}
			q.ny[i] = ny
			dy := ny - q.y[i]
			dy2 += dy * dy
			interaction += dy * (q.nax[i] - q.ax[i])
		}
		for j := range q.x {
			d := q.nx[j] - q.x[j]
			dx2 += d * d
		}
		limit := math.Inf(1)
		if interaction = math.Abs(interaction); interaction > 0 {
			limit = (q.omega*dx2 + dy2/q.omega) / (2 * interaction)
		}
		k := float64(q.steps)
		next := math.Min((1-math.Pow(k+1, -0.3))*limit, (1+math.Pow(k+1, -0.6))*q.eta)
		if q.eta <= limit || tries >= 50 {
			q.timesT(q.ny, q.naty)
			w := q.eta
			q.x, q.nx = q.nx, q.x
			q.ax, q.nax = q.nax, q.ax
			q.y, q.ny = q.ny, q.y
			q.aty, q.naty = q.naty, q.aty
			axpy(q.sx, w, q.x)
			axpy(q.sax, w, q.ax)
			axpy(q.sy, w, q.y)
			axpy(q.saty, w, q.aty)
			q.wsum += w
			q.eta = next
			return tries
		}
		q.eta = next
	}
}

// dual returns L̃(y) of the scaled problem from y and Ãᵀy (+Inf when a
// reduced cost points to a missing column bound). It equals L(r∘y) of p's
// maximization.
func (q *pdhg) dual(y, aty []float64) float64 {
	v := 0.0
	for i, yi := range y {
		switch {
		case yi > 0:
			v += yi * q.ru[i]
		case yi < 0:
			v += yi * q.rl[i]
		}
	}
	for j, a := range aty {
		switch d := q.c[j] - a; {
		case d > 0:
			v += d * q.hi[j]
		case d < 0:
			v += d * q.lo[j]
		}
	}
	if math.IsNaN(v) {
		return math.Inf(1)
	}
	return v
}

// offer keeps y as the best multipliers when L̃(y) is the least seen.
func (q *pdhg) offer(y, aty []float64) bool {
	if v := q.dual(y, aty); v < q.best {
		q.best = v
		copy(q.bestY, y)
		copy(q.bestAty, aty)
		return true
	}
	return false
}

// kkt is PDLP's weighted KKT error of a point of the scaled problem:
// primal infeasibility, dual infeasibility (reduced costs toward a missing
// column bound) and the gap between the objectives of their finite parts.
func (q *pdhg) kkt(x, ax, y, aty []float64) float64 {
	pr, dr := 0.0, 0.0
	dualObj := 0.0
	for i, a := range ax {
		if e := math.Max(q.rl[i]-a, a-q.ru[i]); e > 0 {
			pr += e * e
		}
		switch yi := y[i]; {
		case yi > 0:
			dualObj += yi * q.ru[i]
		case yi < 0:
			dualObj += yi * q.rl[i]
		}
	}
	primalObj := 0.0
	for j, a := range aty {
		primalObj += q.c[j] * x[j]
		d := q.c[j] - a
		switch {
		case d > 0 && math.IsInf(q.hi[j], 1), d < 0 && math.IsInf(q.lo[j], -1):
			dr += d * d
		case d > 0:
			dualObj += d * q.hi[j]
		case d < 0:
			dualObj += d * q.lo[j]
		}
	}
	gap := primalObj - dualObj
	return math.Sqrt(q.omega*pr + dr/q.omega + gap*gap)
}

// restartTo moves the iterate to the average (when average is set),
// updates the primal weight from the movement since the last restart, and
// clears the average. The products of the average are recomputed so that
// rounding does not build up.
func (q *pdhg) restartTo(average bool) {
	if average && q.wsum > 0 {
		for j := range q.x {
			q.x[j] = q.sx[j] / q.wsum
		}
		for i := range q.y {
			q.y[i] = q.sy[i] / q.wsum
		}
		q.times(q.x, q.ax)
		q.timesT(q.y, q.aty)
	}
	dx, dy := dist(q.x, q.rx), dist(q.y, q.ry)
	if dx > 1e-10 && dy > 1e-10 {
		q.omega = math.Exp(weightSmoothing*math.Log(dy/dx) + (1-weightSmoothing)*math.Log(q.omega))
	}
	copy(q.rx, q.x)
	copy(q.ry, q.y)
	clear(q.sx)
	clear(q.sax)
	clear(q.sy)
	clear(q.saty)
	q.wsum = 0
}

// averaged writes the running average into the next-iterate buffers
// (free between steps) and returns them: x, Ãx, y, Ãᵀy.
func (q *pdhg) averaged() (x, ax, y, aty []float64) {
	inv := 1 / q.wsum
	scaleInto(q.nx, q.sx, inv)
	scaleInto(q.nax, q.sax, inv)
	scaleInto(q.ny, q.sy, inv)
	scaleInto(q.naty, q.saty, inv)
	return q.nx, q.nax, q.ny, q.naty
}

// solvePDHG runs the restarted PDHG for opts.Iterations accepted steps (or
// until the bound meets the target, or ctx is done) and fills res.
func solvePDHG(ctx context.Context, p *lp.Problem, opts Options, res *Result) {
	q := newPDHG(p, opts.workers(p.NumNonzeros()))
	sign := q.sign
	target := sign * opts.Target
	q.timesT(q.y, q.aty)
	q.offer(q.y, q.aty)
	lastKKT := q.kkt(q.x, q.ax, q.y, q.aty)
	prevCand := lastKKT
	sinceRestart := 0
	for it := 0; it < opts.Iterations; it++ {
		if it%16 == 0 && ctx.Err() != nil {
			break
		}
		res.Iterations = it + 1
		res.Tries += q.step()
		sinceRestart++
		q.offer(q.y, q.aty)
		if opts.Primal != nil && opts.Every > 0 && it%opts.Every == opts.Every-1 {
			if v := sign * opts.Primal(q.reduced(q.bestAty), q.primalOf(q.x)); v > target {
				target = v
			}
		}
		if q.best-target <= opts.RelGap*math.Max(1, math.Abs(q.best)) {
			break
		}
		if sinceRestart%restartEvery != 0 {
			continue
		}
		cur := q.kkt(q.x, q.ax, q.y, q.aty)
		ax, aax, ay, aaty := q.averaged()
		q.offer(ay, aaty)
		avg := q.kkt(ax, aax, ay, aaty)
		cand := math.Min(cur, avg)
		if cand <= restartSufficient*lastKKT ||
			cand <= restartNecessary*lastKKT && cand > prevCand ||
			float64(sinceRestart) >= restartArtificial*float64(it+1) {
			q.restartTo(avg < cur)
			lastKKT = q.kkt(q.x, q.ax, q.y, q.aty)
			prevCand = lastKKT
			sinceRestart = 0
			res.Restarts++
			continue
		}
		prevCand = cand
	}
	q.finish(res, target, q.x)
}

// finish writes the best multipliers in p's units into res, with the bound
// L(y) evaluated afresh on p itself (not the scaled value), the target in
// p's sense and the primal point x (of the scaled problem) in p's units.
func (q *pdhg) finish(res *Result, target float64, x []float64) {
	for i, y := range q.bestY {
		res.Y[i] = y * q.r[i]
	}
	res.Bound = q.sign * boundOf(q.p, res.Y)
	res.Target = q.sign * target
	res.X = append(res.X[:0], q.primalOf(x)...)
}

// reduced returns the reduced costs of p, in its own sense, of the
// multipliers whose scaled products are aty, in a buffer the next call
// reuses.
func (q *pdhg) reduced(aty []float64) []float64 {
	q.rc = q.rc[:0]
	for j, a := range aty {
		q.rc = append(q.rc, q.sign*(q.c[j]-a)/q.s[j])
	}
	return q.rc
}

// primalOf returns x of the scaled problem in the units of p, in a buffer
// the next call reuses.
func (q *pdhg) primalOf(xs []float64) []float64 {
	q.px = q.px[:0]
	for j, x := range xs {
		q.px = append(q.px, x*q.s[j])
	}
	return q.px
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(v, hi)) }

func norm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// boundsNorm is the norm of the finite row bounds (the larger in magnitude
// of each row's), PDLP's norm of the right-hand side.
func boundsNorm(lo, hi []float64) float64 {
	s := 0.0
	for i := range lo {
		b := 0.0
		if !math.IsInf(lo[i], 0) {
			b = math.Abs(lo[i])
		}
		if !math.IsInf(hi[i], 0) {
			b = math.Max(b, math.Abs(hi[i]))
		}
		s += b * b
	}
	return math.Sqrt(s)
}

func dist(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s)
}

func axpy(dst []float64, a float64, x []float64) {
	for i, v := range x {
		dst[i] += a * v
	}
}

func scaleInto(dst, src []float64, a float64) {
	for i, v := range src {
		dst[i] = v * a
	}
}
