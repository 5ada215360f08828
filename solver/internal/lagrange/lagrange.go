package lagrange

import (
	"context"
	"math"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Method is the algorithm that minimizes L(y).
type Method uint8

const (
	// Subgradient is the subgradient method with Polyak's step (the
	// default): two passes over the matrix per iteration, fast early
	// progress, slow convergence (it stalls 2.5% above the LP optimum on
	// the national DDU market).
	Subgradient Method = iota
	// PDHG is the restarted primal-dual hybrid gradient method on the LP
	// (PDLP): two passes over the matrix per accepted step, and every dual
	// iterate's L(y) is a bound.
	PDHG
)

func (m Method) String() string {
	switch m {
	case Subgradient:
		return "subgradient"
	case PDHG:
		return "pdhg"
	}
	return "Method(?)"
}

// Options bound the work of Solve. Work is counted in iterations, never in
// time, so that the same problem and options give the same multipliers;
// the context stops it early.
type Options struct {
	// Method is the algorithm (default Subgradient).
	Method Method
	// Iterations is the most steps (default 300): subgradient steps, or
	// PDHG's accepted steps (a rejected step costs one more pass).
	Iterations int
	// Target is a lower bound on the optimum (the objective of a known
	// solution), used by the step length. Solve stops once its bound is
	// within RelGap of Target. Without one (−Inf, for a problem whose
	// trivial solution is infeasible), each step aims 5% below the current
	// value.
	Target float64
	// Polish is the number of sweeps of coordinate descent on the best
	// multipliers at the end of PDHG (0: none): each multiplier in turn
	// moves to the minimum of L along it, so the bound can only improve
	// (on the national DDU market, 3 sweeps halve PDHG's excess over the LP
	// optimum). A sweep costs about as much as 10 passes over the matrix.
	Polish int
	// RelGap is the relative distance between the bound and Target at
	// which Solve stops (default 1e-9).
	RelGap float64
	// Every, when positive with Primal set, calls Primal every Every
	// iterations, and after the last one, with reduced costs and a primal
	// point: for Subgradient, the reduced costs of the current multipliers
	// (of the best ones at the end) and the Lagrangian's maximizer x; for
	// PDHG, the reduced costs of the best multipliers so far and the
	// current primal iterate (an approximate LP solution). Primal returns
	// the objective of the solution it built from them (or a smaller
	// number), which raises Target. The slices are only valid during the
	// call.
	Every  int
	Primal func(reduced, x []float64) float64
	// Threads is the number of workers that share the products with the
	// matrix (0 or 1: the calling goroutine alone), on problems of at
	// least 200,000 elements. Each entry of a product is computed by one
	// worker in a fixed order, so the result does not depend on it.
	Threads int
	// SplitFrom, when positive, is the number of elements from which the
	// products are split instead of 200,000 (tests split small problems).
	SplitFrom int
}

// Result is what Solve found.
type Result struct {
	// Bound is the least L(y) seen: an upper bound on the LP relaxation,
	// and so on every solution, for a maximization (a lower bound for a
	// minimization). It is +Inf (−Inf) when no multipliers gave a finite
	// bound (a column without the bound its reduced cost points to).
	Bound float64
	// Y are the multipliers of Bound, one per row, in the units of the
	// problem: Bound = Σ y_i b_i + Σ_j max over [lo_j, hi_j] of d_j x_j,
	// with d = c − Aᵀy and b_i the row's upper bound where y_i > 0, its
	// lower bound where y_i < 0. (For a minimization, c is the negated
	// objective and Bound the negated sum.)
	Y []float64
	// Target is the best lower bound known at the end (Options.Target or
	// better, from Primal).
	Target     float64
	Iterations int
	// X is PDHG's last primal iterate, an approximate LP solution (nil for
	// Subgradient).
	X []float64
	// Tries counts PDHG's steps tried, accepted or not, and Restarts its
	// restarts (0 for Subgradient).
	Tries, Restarts int
}

// Solve minimizes the Lagrangian dual function L(y) of p, in which every
// row is relaxed, by the subgradient method with Polyak's step toward
// Options.Target and a halving step factor. Every L(y) it evaluates is a
// valid bound; Result.Bound is the best of them, inflated by a relative
// 1e-12 and an absolute 1e-9 against rounding. Rows are scaled to a
// largest coefficient of 1 inside, so that rows of counts and rows of
// volumes move at the same pace. p must be valid (lp.Problem.Validate).
func Solve(ctx context.Context, p *lp.Problem, opts Options) Result {
	if opts.Iterations <= 0 {
		opts.Iterations = 300
	}
	if opts.RelGap <= 0 {
		opts.RelGap = 1e-9
	}
	res := Result{Bound: math.Inf(1), Y: make([]float64, p.NumRows()), Target: opts.Target}
	switch opts.Method {
	case PDHG:
		solvePDHG(ctx, p, opts, &res)
		polish(ctx, p, opts, &res)
		return res
	}
	s := newState(p, opts.workers(p.NumNonzeros()))
	sign := s.sign
	target := sign * opts.Target
	best := math.Inf(1)
	theta, stall := 2.0, 0
	for it := 0; it < opts.Iterations; it++ {
		if it%16 == 0 && ctx.Err() != nil {
			break
		}
		res.Iterations = it + 1
		val := s.evaluate()
		if val < best {
			best, stall = val, 0
			s.keep()
		} else if stall++; stall >= 20 {
			theta, stall = theta/2, 0
		}
		if opts.Primal != nil && opts.Every > 0 && it%opts.Every == opts.Every-1 {
			if v := sign * opts.Primal(s.reducedCosts(false), s.x); v > target {
				target = v
			}
		}
		if best-target <= opts.RelGap*math.Max(1, math.Abs(best)) || theta < 1e-6 {
			break
		}
		aim := target
		if math.IsInf(aim, 0) || math.IsNaN(aim) {
			aim = val - 0.05*math.Max(1, math.Abs(val)) // no known solution: aim 5% lower
		}
		if !s.step(theta * (val - aim)) {
			break // a zero subgradient: y is optimal
		}
	}
	if !math.IsInf(best, 1) {
		if opts.Primal != nil && opts.Every > 0 {
			if v := sign * opts.Primal(s.reducedCosts(true), s.x); v > target {
				target = v
			}
		}
		res.Bound = sign * (best + 1e-12*math.Abs(best) + 1e-9)
		s.unscaled(res.Y)
	} else {
		res.Bound = sign * math.Inf(1)
	}
	res.Target = sign * target
	return res
}

// polish runs opts.Polish sweeps of coordinate descent on res.Y, keeps the
// polished multipliers when their bound is better, and makes the last call
// to opts.Primal with their reduced costs and res.X.
func polish(ctx context.Context, p *lp.Problem, opts Options, res *Result) {
	sign := 1.0
	if p.Sense == lp.Minimize {
		sign = -1
	}
	q := newPolisher(p)
	y := append([]float64(nil), res.Y...)
	q.load(y)
	if !math.IsInf(res.Bound, 0) {
		for range opts.Polish {
			if ctx.Err() != nil {
				break
			}
			q.sweep(y)
		}
		if b := sign * boundOf(p, y); sign*b < sign*res.Bound {
			res.Bound = b
			copy(res.Y, y)
		} else {
			q.load(res.Y)
		}
	}
	if opts.Primal != nil && opts.Every > 0 {
		for j := range q.d {
			q.d[j] *= sign
		}
		if v := opts.Primal(q.d, res.X); sign*v > sign*res.Target {
			res.Target = v
		}
	}
}
