package lptest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// BenchSize is the shape of a set-packing LP relaxation used in the
// benchmarks.
type BenchSize struct {
	Items, Bids int
}

func (s BenchSize) String() string { return fmt.Sprintf("%dx%d", s.Items, s.Bids) }

// BenchSizes are the benchmark instances: a small one every engine can
// take, then the sizes of issue 4 up to the national scale.
var BenchSizes = []BenchSize{{64, 256}, {256, 1000}, {1000, 5000}, {18000, 100000}}

// benchMaxBundle is the largest bundle in the benchmark instances.
const benchMaxBundle = 5

var (
	fixtureMu sync.Mutex
	fixtures  = map[BenchSize]func() *lp.Problem{}
)

// Fixture returns the set-packing LP relaxation of a size, built once per
// process with a fixed seed (callers must not change it).
func Fixture(s BenchSize) *lp.Problem {
	fixtureMu.Lock()
	f, ok := fixtures[s]
	if !ok {
		f = sync.OnceValue(func() *lp.Problem {
			return SetPacking(NewRand("bench", uint64(s.Items)), s.Items, s.Bids, benchMaxBundle)
		})
		fixtures[s] = f
	}
	fixtureMu.Unlock()
	return f()
}

// BenchCold measures a cold solve: a new model, Load, Solve, Close.
func BenchCold(b *testing.B, e Engine, p *lp.Problem) {
	iters := 0
	for b.Loop() {
		m := e.New()
		if err := m.Load(p); err != nil {
			b.Fatal(err)
		}
		st, err := m.Solve(lp.Limits{})
		if err != nil || st != lp.Optimal {
			b.Fatalf("cold solve: %v, %v", st, err)
		}
		iters += m.Iterations()
		m.Close()
	}
	b.ReportMetric(float64(iters)/float64(b.N), "iters/op")
}

// root is the optimal basis of a benchmark instance and its fractional
// columns, kept across runs of a benchmark (-count) so that the cold root
// solve of the largest instances is paid once per process.
type root struct {
	basis lp.Basis
	frac  []int
}

var (
	rootMu sync.Mutex
	roots  = map[string]*root{}
)

// rootOf brings m, loaded with p, to its root optimum: cold the first time,
// from the cached root basis afterwards. The root's fractional columns are
// those that integer marks (all columns when it is nil).
func rootOf(b *testing.B, e Engine, p *lp.Problem, integer []bool, m lp.Model) *root {
	key := fmt.Sprintf("%s/%dx%d/%p/%t", e.Name, p.NumRows(), p.NumCols(), p, integer != nil)
	rootMu.Lock()
	r := roots[key]
	rootMu.Unlock()
	if r != nil {
		if err := m.SetBasis(&r.basis); err != nil {
			b.Fatal(err)
		}
	}
	if st, err := m.Solve(lp.Limits{}); err != nil || st != lp.Optimal {
		b.Fatalf("root solve: %v, %v", st, err)
	}
	if r != nil {
		return r
	}
	r = &root{}
	x, err := m.Primal(nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := m.Basis(&r.basis); err != nil {
		b.Fatal(err)
	}
	for j, v := range x {
		if (integer == nil || integer[j]) && v > 1e-6 && v < 1-1e-6 {
			r.frac = append(r.frac, j)
		}
	}
	rootMu.Lock()
	roots[key] = r
	rootMu.Unlock()
	return r
}

// BenchWarm measures a warm re-solve after fixing one fractional column of
// the root optimum, as branch and bound does at a child node: SetColBounds
// and Solve are timed; restoring the bounds and the root basis (SetBasis)
// between iterations is not. The fixed column cycles through the root's
// fractional columns, at 0 and 1 in turn.
func BenchWarm(b *testing.B, e Engine, p *lp.Problem) {
	BenchWarmInteger(b, e, p, nil)
}

// BenchWarmInteger is BenchWarm on a MIP's relaxation: it branches only on
// the columns that integer marks (binary columns: bounds within [0, 1]),
// as the search does. A nil integer marks every column.
func BenchWarmInteger(b *testing.B, e Engine, p *lp.Problem, integer []bool) {
	if integer != nil && len(integer) != p.NumCols() {
		b.Fatalf("integer marks %d columns, the problem has %d", len(integer), p.NumCols())
	}
	m := e.New()
	defer m.Close()
	if err := m.Load(p); err != nil {
		b.Fatal(err)
	}
	r := rootOf(b, e, p, integer, m)
	if len(r.frac) == 0 {
		b.Skip("the root optimum is integral: nothing to branch on")
	}
	k, iters := 0, 0
	col, lo, hi := []int{0}, []float64{0}, []float64{0}
	for b.Loop() {
		col[0] = r.frac[(k/2)%len(r.frac)]
		v := float64(k % 2)
		lo[0], hi[0] = v, v
		if err := m.SetColBounds(col, lo, hi); err != nil {
			b.Fatal(err)
		}
		st, err := m.Solve(lp.Limits{})
		if err != nil || (st != lp.Optimal && st != lp.Infeasible) {
			b.Fatalf("warm solve: %v, %v", st, err)
		}
		iters += m.Iterations()

		b.StopTimer()
		lo[0], hi[0] = p.ColLower[col[0]], p.ColUpper[col[0]]
		if err := m.SetColBounds(col, lo, hi); err != nil {
			b.Fatal(err)
		}
		if err := m.SetBasis(&r.basis); err != nil {
			b.Fatal(err)
		}
		k++
		b.StartTimer()
	}
	b.ReportMetric(float64(iters)/float64(b.N), "iters/op")
	b.ReportMetric(float64(len(r.frac)), "fractional")
}
