package lptest

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Engine is an engine under test.
type Engine struct {
	Name string
	New  func() lp.Model
	// WarmStart says that the engine re-solves from its basis: a Solve
	// right after SetBasis with an optimal basis takes no iteration.
	WarmStart bool
	// Limits says that the engine enforces lp.Limits.
	Limits bool
}

// Options tune a run of the suite. The zero value runs the default sizes.
type Options struct {
	// Seeds is the number of random cases per family; 0 means 500.
	Seeds int
	// Reference, when set, is another engine whose answers every answer
	// is compared with.
	Reference *Engine
}

func (o Options) seeds() int {
	if o.Seeds > 0 {
		return o.Seeds
	}
	return 500
}

// Run runs the whole conformance suite against e.
func Run(t *testing.T, e Engine, o Options) {
	t.Run("Table", func(t *testing.T) { testTable(t, e, o) })
	t.Run("Random", func(t *testing.T) { testRandom(t, e, o) })
	t.Run("Warm", func(t *testing.T) { testWarm(t, e, o) })
	t.Run("Rows", func(t *testing.T) { testRows(t, e, o) })
	t.Run("Basis", func(t *testing.T) { testBasis(t, e, o) })
	t.Run("OddBases", func(t *testing.T) { testOddBases(t, e, o) })
	t.Run("Limits", func(t *testing.T) { testLimits(t, e) })
	t.Run("Errors", func(t *testing.T) { testErrors(t, e) })
	t.Run("Lifecycle", func(t *testing.T) { testLifecycle(t, e) })
	t.Run("Interrupt", func(t *testing.T) { testInterrupt(t, e) })
}

// SolveCold loads p into a new model of e, solves it and collects the
// result.
func SolveCold(e Engine, p *lp.Problem) (Result, error) {
	m := e.New()
	defer m.Close()
	if err := m.Load(p); err != nil {
		return Result{}, err
	}
	return solveCollect(m)
}

func solveCollect(m lp.Model) (Result, error) {
	st, err := m.Solve(lp.Limits{})
	if err != nil {
		return Result{Status: st}, err
	}
	if st != m.Status() {
		return Result{Status: st}, fmt.Errorf("Solve returned %v, Status() says %v", st, m.Status())
	}
	return Collect(m)
}

// checkCase solves c with e (and the reference, if any), checks the
// answer and returns it; the error describes the first problem found.
func checkCase(e Engine, ref *Engine, c *Case) (Result, error) {
	r, err := SolveCold(e, c.Problem)
	if err != nil {
		return r, fmt.Errorf("%s: %w", e.Name, err)
	}
	if r.Status != c.Want {
		return r, fmt.Errorf("%s: status %v, want %v", e.Name, r.Status, c.Want)
	}
	if r.Status == lp.Optimal {
		if err := CheckOptimal(c.Problem, &r); err != nil {
			return r, fmt.Errorf("%s: %w", e.Name, err)
		}
		if err := CheckBasis(c.Problem, &r); err != nil {
			return r, fmt.Errorf("%s: basis: %w", e.Name, err)
		}
		if !math.IsNaN(c.Obj) && !near(r.Obj, c.Obj, c.Obj) {
			return r, fmt.Errorf("%s: objective %v, want %v", e.Name, r.Obj, c.Obj)
		}
	}
	if ref != nil {
		rr, err := SolveCold(*ref, c.Problem)
		if err != nil {
			return r, fmt.Errorf("reference %s: %w", ref.Name, err)
		}
		if err := Compare(c.Problem, &r, &rr); err != nil {
			return r, fmt.Errorf("%s against %s: %w", e.Name, ref.Name, err)
		}
	}
	return r, nil
}

func testTable(t *testing.T, e Engine, o Options) {
	for _, c := range TableCases() {
		t.Run(c.Name, func(t *testing.T) {
			SkipDefect(t, e, c.Name)
			r, err := checkCase(e, TrustedReference(t, o.Reference, c.Name), &c)
			require.NoError(t, err)
			_, err = checkOracle(&c, &r)
			assert.NoError(t, err)
		})
	}
}

func testRandom(t *testing.T, e Engine, o Options) {
	for _, f := range Families {
		t.Run(f.Name, func(t *testing.T) {
			failures, oracle := 0, 0
			for seed := range uint64(o.seeds()) {
				c := f.Gen(NewRand(f.Name, seed))
				// The random cases that are table cases for a known defect
				// are named "<family> seed <n>: ...".
				name := fmt.Sprintf("%s seed %d:", f.Name, seed)
				if reason, ok := randomDefect(e.Name, name); ok {
					t.Logf("%s skipped on %s, known defect: %s", name, e.Name, reason)
					continue
				}
				ref := o.Reference
				if ref != nil {
					if reason, ok := randomDefect(ref.Name, name); ok {
						t.Logf("%s not compared with %s, known defect: %s", name, ref.Name, reason)
						ref = nil
					}
				}
				r, err := checkCase(e, ref, &c)
				if err == nil && seed%oracleEvery == 0 {
					var used bool
					used, err = checkOracle(&c, &r)
					if used {
						oracle++
					}
				}
				if err != nil {
					t.Errorf("family %s seed %d: %v\n%s", f.Name, seed, err, Format(c.Problem))
					if failures++; failures == 5 {
						t.Fatal("too many failures")
					}
				}
			}
			t.Logf("%d cases, %d also checked against gonum", o.seeds(), oracle)
		})
	}
}

// oracleEvery says how often a random case is also solved with gonum,
// which is slow.
const oracleEvery = 4

// checkOracle compares an engine's answer r to c with gonum's, when gonum
// gives one; used reports whether it did.
func checkOracle(c *Case, r *Result) (used bool, err error) {
	st, obj, ok := Gonum(c.Problem)
	if !ok {
		return false, nil
	}
	if st != r.Status {
		return true, fmt.Errorf("status %v, gonum says %v", r.Status, st)
	}
	if st == lp.Optimal && !near(r.Obj, obj, max(math.Abs(obj), problemScale(c.Problem))) {
		return true, fmt.Errorf("objective %v, gonum says %v", r.Obj, obj)
	}
	return true, nil
}
