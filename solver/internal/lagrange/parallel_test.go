package lagrange

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// randomSparse returns a random m × n problem with about density of its
// elements set, its rows in random order within each column (and some
// empty rows and columns).
func randomSparse(r *rand.Rand, m, n int, density float64) *lp.Problem {
	p := &lp.Problem{Sense: lp.Maximize, ColStart: []int{0}}
	for range n {
		rows := r.Perm(m)
		for _, i := range rows {
			if r.Float64() < density {
				p.RowIndex = append(p.RowIndex, i)
				p.Value = append(p.Value, math.Round(r.NormFloat64()*1e3)/1e2)
			}
		}
		p.ColStart = append(p.ColStart, len(p.RowIndex))
		p.Objective = append(p.Objective, r.Float64())
		p.ColLower = append(p.ColLower, 0)
		p.ColUpper = append(p.ColUpper, 1)
	}
	for range m {
		p.RowLower = append(p.RowLower, math.Inf(-1))
		p.RowUpper = append(p.RowUpper, 1)
	}
	return p
}

// TestMatrixProducts checks the split products against a dense product
// (tolerance) and against each other for every number of workers (bit for
// bit).
func TestMatrixProducts(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	for trial := range 30 {
		m, n := 1+r.IntN(40), 1+r.IntN(60)
		p := randomSparse(r, m, n, r.Float64()*0.5)
		dense := make([][]float64, m)
		for i := range dense {
			dense[i] = make([]float64, n)
		}
		for j := range n {
			for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
				dense[p.RowIndex[k]][j] = p.Value[k]
			}
		}
		x, y, c := make([]float64, n), make([]float64, m), make([]float64, n)
		for j := range x {
			if r.IntN(3) > 0 {
				x[j] = r.NormFloat64()
			}
			c[j] = r.NormFloat64()
		}
		for i := range y {
			y[i] = r.NormFloat64()
		}
		var ax1, aty1, d1 []float64
		for workers := 1; workers <= 7; workers++ {
			a := newMatrix(p, p.Value, workers)
			ax, aty, d := make([]float64, m), make([]float64, n), make([]float64, n)
			for i := range ax {
				ax[i] = math.NaN() // times must overwrite every entry
			}
			a.times(x, ax)
			a.timesT(y, aty)
			a.reduced(c, y, d)
			for i := range m {
				want := 0.0
				for j := range n {
					want += dense[i][j] * x[j]
				}
				if math.Abs(ax[i]-want) > 1e-9*(1+math.Abs(want)) {
					t.Fatalf("trial %d, %d workers: (Ax)_%d = %g, want %g", trial, workers, i, ax[i], want)
				}
			}
			for j := range n {
				want := 0.0
				for i := range m {
					want += dense[i][j] * y[i]
				}
				if math.Abs(aty[j]-want) > 1e-9*(1+math.Abs(want)) || math.Abs(d[j]-(c[j]-want)) > 1e-9*(1+math.Abs(want)) {
					t.Fatalf("trial %d, %d workers: (Aᵀy)_%d = %g, c − Aᵀy %g, want %g", trial, workers, j, aty[j], d[j], want)
				}
			}
			if workers == 1 {
				ax1, aty1, d1 = ax, aty, d
				continue
			}
			for i := range ax {
				if math.Float64bits(ax[i]) != math.Float64bits(ax1[i]) {
					t.Fatalf("trial %d: (Ax)_%d with %d workers %v, with 1 %v", trial, i, workers, ax[i], ax1[i])
				}
			}
			for j := range aty {
				if math.Float64bits(aty[j]) != math.Float64bits(aty1[j]) || math.Float64bits(d[j]) != math.Float64bits(d1[j]) {
					t.Fatalf("trial %d: column %d differs with %d workers", trial, j, workers)
				}
			}
		}
	}
}

// TestThreadsSameRun checks that both methods give the same bound,
// multipliers, primal point and calls to Primal whatever the number of
// workers, on every family of the LP suite.
func TestThreadsSameRun(t *testing.T) {
	for _, fam := range lptest.Families {
		for seed := uint64(1); seed <= 4; seed++ {
			c := fam.Gen(lptest.NewRand(fam.Name, seed))
			for _, o := range []Options{{Iterations: 60, Every: 7}, {Method: PDHG, Iterations: 150, Polish: 2, Every: 20}} {
				var first Result
				var firstSum float64
				for threads := 1; threads <= 4; threads++ {
					o.Threads, o.SplitFrom = threads, 1
					sum := 0.0
					o.Primal = func(d, x []float64) float64 {
						for j := range d {
							sum += d[j] + 3*x[j]
						}
						return math.Inf(-1)
					}
					res := Solve(context.Background(), c.Problem, o)
					if threads == 1 {
						first, firstSum = res, sum
						continue
					}
					requireSameRun(t, first, res)
					if res.Tries != first.Tries || res.Restarts != first.Restarts || !sameBits(sum, firstSum) {
						t.Fatalf("%s seed %d %v: %d threads: %d tries, %d restarts, primal sum %v; 1 thread: %d, %d, %v",
							fam.Name, seed, o.Method, threads, res.Tries, res.Restarts, sum, first.Tries, first.Restarts, firstSum)
					}
					for j := range res.X {
						if !sameBits(res.X[j], first.X[j]) {
							t.Fatalf("%s seed %d: x[%d] %v with %d threads, %v with 1", fam.Name, seed, j, res.X[j], threads, first.X[j])
						}
					}
				}
			}
		}
	}
}

// sameBits reports whether a and b are the same float64, NaN included.
func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// BenchmarkPDHGThreads times 100 PDHG steps on the LP of DDU 2,000 ×
// 10,000 (about 0.5 million elements) with one and two workers, and the
// same for 100 subgradient steps.
func BenchmarkPDHGThreads(b *testing.B) {
	f, err := lptest.DDUFixture(lptest.DDUSize{DDUs: 2000, Bids: 10000})
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range []Method{PDHG, Subgradient} {
		for threads := 1; threads <= 2; threads++ {
			b.Run(fmt.Sprintf("%v/threads=%d", m, threads), func(b *testing.B) {
				for b.Loop() {
					Solve(context.Background(), f.Problem, Options{Method: m, Iterations: 100, Threads: threads})
				}
			})
		}
	}
}
