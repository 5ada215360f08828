package lagrange

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
	"github.com/gavelhq/gavel/solver/internal/sparse"
)

// knownOptimum returns the case's optimum, from the gonum oracle when the
// generator does not know it, and whether there is one.
func knownOptimum(c lptest.Case) (float64, bool) {
	if c.Want != lp.Optimal {
		return 0, false
	}
	if !math.IsNaN(c.Obj) {
		return c.Obj, true
	}
	st, obj, ok := lptest.Gonum(c.Problem)
	return obj, ok && st == lp.Optimal
}

// wrongSide reports whether bound is on the wrong side of the optimum of p
// by more than a relative 1e-7.
func wrongSide(p *lp.Problem, bound, opt float64) bool {
	tol := 1e-7 * math.Max(1, math.Abs(opt))
	if p.Sense == lp.Maximize {
		return bound < opt-tol
	}
	return bound > opt+tol
}

// TestPDHGBoundIsValid checks PDHG's bound against the optimum on every
// random family of the LP suite with one (packing and covering rows,
// equalities, ranges, free and fixed columns; maximizations and
// minimizations), after few and after many steps, with and without
// polishing, and that the multipliers reproduce the bound.
func TestPDHGBoundIsValid(t *testing.T) {
	seeds := uint64(60)
	if testing.Short() {
		seeds = 15
	}
	checked, finite := 0, 0
	for _, fam := range lptest.Families {
		for seed := uint64(1); seed <= seeds; seed++ {
			c := fam.Gen(lptest.NewRand(fam.Name, seed))
			opt, ok := knownOptimum(c)
			if !ok {
				continue
			}
			for _, o := range []Options{{Iterations: 3}, {Iterations: 400}, {Iterations: 400, Polish: 5}, {Iterations: 3, Polish: 2}} {
				o.Method = PDHG
				res := Solve(context.Background(), c.Problem, o)
				if math.IsNaN(res.Bound) || wrongSide(c.Problem, res.Bound, opt) {
					t.Fatalf("%s seed %d (%v, %+v): bound %g on the wrong side of the optimum %g",
						fam.Name, seed, c.Problem.Sense, o, res.Bound, opt)
				}
				if !math.IsInf(res.Bound, 0) {
					finite++
					if got := dualValue(c.Problem, res.Y); math.Abs(got-res.Bound) > 1e-6*math.Max(1, math.Abs(got)) {
						t.Fatalf("%s seed %d: L(Y) = %g, Bound %g", fam.Name, seed, got, res.Bound)
					}
				}
			}
			checked++
		}
	}
	if checked < 50 || finite < 4*checked/2 {
		t.Fatalf("only %d cases with a known optimum, %d finite bounds", checked, finite)
	}
}

// TestPolishNeverWorsens checks on random LPs that each sweep of
// coordinate descent lowers L(y) or keeps it, from the multipliers of a
// short subgradient run, and that the result stays a valid bound.
func TestPolishNeverWorsens(t *testing.T) {
	moved := 0
	for _, fam := range lptest.Families {
		for seed := uint64(1); seed <= 20; seed++ {
			c := fam.Gen(lptest.NewRand(fam.Name, seed))
			opt, ok := knownOptimum(c)
			if !ok {
				continue
			}
			p := c.Problem
			res := Solve(context.Background(), p, Options{Iterations: 5})
			if math.IsInf(res.Bound, 0) {
				continue
			}
			y := append([]float64(nil), res.Y...)
			q := newPolisher(p)
			q.load(y)
			prev := boundOf(p, y)
			for sweep := range 4 {
				q.sweep(y)
				b := boundOf(p, y)
				if b > prev+1e-9*math.Max(1, math.Abs(prev)) {
					t.Fatalf("%s seed %d sweep %d: L went up from %g to %g", fam.Name, seed, sweep, prev, b)
				}
				if b < prev-1e-9*math.Max(1, math.Abs(prev)) {
					moved++
				}
				prev = b
			}
			sign := 1.0
			if p.Sense == lp.Minimize {
				sign = -1
			}
			if wrongSide(p, sign*prev, opt) {
				t.Fatalf("%s seed %d: polished bound %g on the wrong side of the optimum %g", fam.Name, seed, sign*prev, opt)
			}
		}
	}
	if moved == 0 {
		t.Fatal("polishing never lowered a bound")
	}
}

// TestPDHGConverges checks that PDHG with polishing comes within 1% of the
// LP optimum (the sparse simplex's) on set-packing relaxations and a DDU market of 200 DDUs × 1,000
// bids, and closer than the subgradient method with as many steps.
func TestPDHGConverges(t *testing.T) {
	type tc struct {
		name  string
		p     *lp.Problem
		iters int
	}
	var cases []tc
	for seed := uint64(1); seed <= 3; seed++ {
		cases = append(cases, tc{"set-packing", lptest.SetPacking(rand.New(rand.NewPCG(seed, 3)), 30, 90, 5), 400})
	}
	if !testing.Short() {
		f, err := lptest.DDUFixture(lptest.DDUSize{DDUs: 200, Bids: 1000})
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, tc{"ddu200x1000", f.Problem, 1500})
	}
	for _, c := range cases {
		opt := lpOptimum(t, c.p)
		calls := 0
		res := Solve(context.Background(), c.p, Options{Method: PDHG, Iterations: c.iters, Polish: 3, Every: 100,
			Primal: func(d, x []float64) float64 {
				calls++
				if len(d) != c.p.NumCols() || len(x) != c.p.NumCols() {
					t.Fatalf("Primal got %d reduced costs and %d values for %d columns", len(d), len(x), c.p.NumCols())
				}
				return 0
			}})
		sub := Solve(context.Background(), c.p, Options{Iterations: c.iters})
		if wrongSide(c.p, res.Bound, opt) {
			t.Fatalf("%s: bound %g below the LP optimum %g", c.name, res.Bound, opt)
		}
		gap := (res.Bound - opt) / math.Abs(opt)
		t.Logf("%s: PDHG %.4f%% above the LP optimum, subgradient %.4f%%", c.name, 100*gap, 100*(sub.Bound-opt)/math.Abs(opt))
		if gap > 0.01 {
			t.Errorf("%s: bound %g is %.2f%% above the LP optimum %g", c.name, res.Bound, 100*gap, opt)
		}
		if res.Bound > sub.Bound {
			t.Errorf("%s: PDHG's bound %g worse than the subgradient method's %g", c.name, res.Bound, sub.Bound)
		}
		if calls != c.iters/100+1 {
			t.Errorf("%s: Primal called %d times", c.name, calls)
		}
	}
}

// lpOptimum solves p by the sparse simplex (the gonum oracle checks the
// bounds of the small random families; it is too slow here).
func lpOptimum(t *testing.T, p *lp.Problem) float64 {
	t.Helper()
	m := sparse.New()
	defer m.Close()
	if err := m.Load(p); err != nil {
		t.Fatal(err)
	}
	st, err := m.Solve(lp.Limits{})
	if err != nil || st != lp.Optimal {
		t.Fatalf("sparse: %v %v", st, err)
	}
	opt, err := m.Objective()
	if err != nil {
		t.Fatal(err)
	}
	return opt
}

// TestPDHGDeterministic checks that the same problem and options give the
// same bound and multipliers.
func TestPDHGDeterministic(t *testing.T) {
	p := lptest.SetPacking(rand.New(rand.NewPCG(9, 3)), 50, 150, 5)
	o := Options{Method: PDHG, Iterations: 300, Polish: 2}
	a := Solve(context.Background(), p, o)
	b := Solve(context.Background(), p, o)
	requireSameRun(t, a, b)
	if a.Tries != b.Tries {
		t.Fatalf("two runs: %d / %d tries", a.Tries, b.Tries)
	}
}

// TestPDHGStops checks the early stop at the target and on a canceled
// context, which still leaves a valid bound.
func TestPDHGStops(t *testing.T) {
	p := lptest.SetPacking(rand.New(rand.NewPCG(7, 3)), 30, 80, 4)
	opt := lpOptimum(t, p)
	res := Solve(context.Background(), p, Options{Method: PDHG, Iterations: 100000, Target: opt, RelGap: 1e-2})
	if res.Iterations == 100000 {
		t.Errorf("did not stop at the target")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res = Solve(ctx, p, Options{Method: PDHG, Iterations: 100000, Polish: 100})
	if res.Iterations > 1 || wrongSide(p, res.Bound, opt) {
		t.Errorf("canceled: %d iterations, bound %g (optimum %g)", res.Iterations, res.Bound, opt)
	}
}
