package lagrange

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestBoundIsValid checks on every random family of the LP suite with an
// optimum that the bound is on the right side of it, for maximizations and
// minimizations, and that the multipliers reproduce the bound.
func TestBoundIsValid(t *testing.T) {
	seeds := uint64(60)
	if testing.Short() {
		seeds = 15
	}
	checked := 0
	for _, fam := range lptest.Families {
		for seed := uint64(1); seed <= seeds; seed++ {
			c := fam.Gen(lptest.NewRand(fam.Name, seed))
			if c.Want != lp.Optimal {
				continue
			}
			if math.IsNaN(c.Obj) {
				st, obj, ok := lptest.Gonum(c.Problem)
				if !ok || st != lp.Optimal {
					continue
				}
				c.Obj = obj
			}
			res := Solve(context.Background(), c.Problem, Options{Iterations: 200})
			tol := 1e-7 * math.Max(1, math.Abs(c.Obj))
			if c.Problem.Sense == lp.Maximize && res.Bound < c.Obj-tol ||
				c.Problem.Sense == lp.Minimize && res.Bound > c.Obj+tol {
				t.Fatalf("%s seed %d (%v): bound %g on the wrong side of the optimum %g",
					fam.Name, seed, c.Problem.Sense, res.Bound, c.Obj)
			}
			if !math.IsInf(res.Bound, 0) {
				if got := dualValue(c.Problem, res.Y); math.Abs(got-res.Bound) > 1e-6*math.Max(1, math.Abs(got)) {
					t.Fatalf("%s seed %d: L(Y) = %g, Bound %g", fam.Name, seed, got, res.Bound)
				}
			}
			checked++
		}
	}
	if checked < 50 {
		t.Fatalf("only %d cases with a known optimum", checked)
	}
}

// dualValue evaluates L(y) of a maximization (of −c for a minimization)
// directly from its definition, and returns it in the problem's sense.
func dualValue(p *lp.Problem, y []float64) float64 {
	sign := 1.0
	if p.Sense == lp.Minimize {
		sign = -1
	}
	val := 0.0
	for i, v := range y {
		switch {
		case v > 0:
			val += v * p.RowUpper[i]
		case v < 0:
			val += v * p.RowLower[i]
		}
	}
	for j := range p.Objective {
		d := sign * p.Objective[j]
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			d -= y[p.RowIndex[k]] * p.Value[k]
		}
		switch {
		case d > 0:
			val += d * p.ColUpper[j]
		case d < 0:
			val += d * p.ColLower[j]
		}
	}
	return sign * val
}

// TestConvergesOnSetPacking checks that the bound comes close to the LP
// optimum (computed by the gonum oracle) on set-packing relaxations, the
// LPs of winner determination, and that a primal callback is used.
func TestConvergesOnSetPacking(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		p := lptest.SetPacking(rand.New(rand.NewPCG(seed, 3)), 30, 90, 5)
		st, opt, ok := lptest.Gonum(p)
		if !ok || st != lp.Optimal {
			t.Fatalf("seed %d: oracle %v", seed, st)
		}
		calls := 0
		res := Solve(context.Background(), p, Options{Iterations: 2000, Every: 50,
			Primal: func(d, x []float64) float64 { calls++; return 0 }})
		if res.Bound < opt-1e-7*math.Abs(opt) {
			t.Fatalf("seed %d: bound %g below the LP optimum %g", seed, res.Bound, opt)
		}
		if gap := (res.Bound - opt) / opt; gap > 0.02 {
			t.Errorf("seed %d: bound %g is %.2f%% above the LP optimum %g", seed, res.Bound, 100*gap, opt)
		}
		if calls == 0 {
			t.Errorf("seed %d: Primal never called", seed)
		}
	}
}

// TestStopsAtTarget checks the early stop when the target meets the bound,
// and the context.
func TestStopsAtTarget(t *testing.T) {
	p := lptest.SetPacking(rand.New(rand.NewPCG(7, 3)), 30, 80, 4)
	_, opt, _ := lptest.Gonum(p)
	res := Solve(context.Background(), p, Options{Iterations: 100000, Target: opt})
	if res.Iterations == 100000 {
		t.Errorf("did not stop at the target")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if res := Solve(ctx, p, Options{Iterations: 100000}); res.Iterations > 1 {
		t.Errorf("canceled: %d iterations", res.Iterations)
	}
}

// TestUnboundedColumn checks that a column whose reduced cost points to a
// missing bound gives an infinite bound rather than a wrong one.
func TestUnboundedColumn(t *testing.T) {
	p := lptest.Dense(lp.Maximize, []float64{1}, []float64{0}, []float64{math.Inf(1)},
		[][]float64{{1}}, []float64{math.Inf(-1)}, []float64{math.Inf(1)})
	if res := Solve(context.Background(), p, Options{Iterations: 10}); !math.IsInf(res.Bound, 1) {
		t.Errorf("bound %g, want +Inf", res.Bound)
	}
}

// TestDeterministic checks that the same problem and options give the same
// bound and multipliers.
func TestDeterministic(t *testing.T) {
	p := lptest.SetPacking(rand.New(rand.NewPCG(9, 3)), 50, 150, 5)
	a := Solve(context.Background(), p, Options{Iterations: 300})
	b := Solve(context.Background(), p, Options{Iterations: 300})
	requireSameRun(t, a, b)
}

// requireSameRun fails unless two runs give the same bound, iterations
// and multipliers, bit for bit.
func requireSameRun(t *testing.T, a, b Result) {
	t.Helper()
	if a.Bound != b.Bound || a.Iterations != b.Iterations {
		t.Fatalf("two runs: %v / %v", a, b)
	}
	for i := range a.Y {
		if a.Y[i] != b.Y[i] {
			t.Fatalf("y[%d]: %g / %g", i, a.Y[i], b.Y[i])
		}
	}
}

// TestNoTarget checks that a target of −Inf (no known solution) still
// gives a valid bound that improves on the first evaluation.
func TestNoTarget(t *testing.T) {
	p := lptest.SetPacking(rand.New(rand.NewPCG(11, 3)), 30, 90, 5)
	_, opt, _ := lptest.Gonum(p)
	first := Solve(context.Background(), p, Options{Iterations: 1, Target: math.Inf(-1)})
	res := Solve(context.Background(), p, Options{Iterations: 500, Target: math.Inf(-1)})
	if math.IsNaN(res.Bound) || res.Bound < opt-1e-7*math.Abs(opt) {
		t.Fatalf("bound %g, LP optimum %g", res.Bound, opt)
	}
	if !(res.Bound < first.Bound) {
		t.Fatalf("no progress: %g after 500 steps, %g after 1", res.Bound, first.Bound)
	}
}
