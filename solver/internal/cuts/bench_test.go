package cuts

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// benchCase is a formulation and a point to separate from.
type benchCase struct {
	f  *wdp.Formulation
	x  []float64
	lp bool // x is the LP optimum (else a random point)
}

var benchFixtures = struct {
	once  sync.Once
	cases map[string]benchCase
}{}

// benchFixture builds, once: CATS arbitrary at 256 goods × 1,000 bids and
// a DDU market of 2,000 DDUs × 10,000 bids, tightened, each with the
// optimum of its LP relaxation, or for the DDU market without the Clp
// engine (too large for the native one) a random point where each bid's
// taken column is 0 (80%), 1 (10%) or uniform.
func benchFixture(b *testing.B, name string) benchCase {
	b.Helper()
	benchFixtures.once.Do(func() {
		m := map[string]benchCase{}
		for _, c := range []struct {
			name, dist string
			cfg        gen.Config
		}{
			{"arbitrary-256x1000", "arbitrary", gen.Config{Goods: 256, Bids: 1000, Seed: 1}},
			{"ddu-2000x10000", "ddu", gen.Config{Goods: 2000, Bids: 10000, Seed: 1}},
		} {
			f := generated(b, c.dist, c.cfg)
			bc := benchCase{f: f}
			if fastLP || f.NumRows() < 2000 {
				mod := relaxation(b, f, nil)
				_, bc.x = solve(b, mod)
				require.NoError(b, mod.Close())
				bc.lp = true
			} else {
				bc.x = syntheticPoint(f)
			}
			m[c.name] = bc
		}
		benchFixtures.cases = m
	})
	return benchFixtures.cases[name]
}

// syntheticPoint is a fractional point with the sparsity of an LP optimum.
func syntheticPoint(f *wdp.Formulation) []float64 {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, f.NumCols())
	for i, j := range f.Taken {
		switch u := r.Float64(); {
		case u < 0.8:
		case u < 0.9:
			x[j] = 1
		default:
			x[j] = r.Float64()
		}
		if f.Switch[i] >= 0 && x[j] > 0 {
			x[i] = max(f.MinFrac[i], x[j]*f.Problem.ColUpper[i])
		}
	}
	return x
}

func BenchmarkNewCliques(b *testing.B) {
	for _, name := range []string{"arbitrary-256x1000", "ddu-2000x10000"} {
		b.Run(name, func(b *testing.B) {
			c := benchFixture(b, name)
			var cl *Cliques
			for b.Loop() {
				cl = NewCliques(c.f)
			}
			rows, pairs := cl.Edges()
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(pairs), "pairs")
		})
	}
}

func BenchmarkNewCovers(b *testing.B) {
	for _, name := range []string{"arbitrary-256x1000", "ddu-2000x10000"} {
		b.Run(name, func(b *testing.B) {
			c := benchFixture(b, name)
			var cv *Covers
			for b.Loop() {
				cv = NewCovers(c.f)
			}
			b.ReportMetric(float64(cv.Rows()), "rows")
		})
	}
}

// BenchmarkSeparate times one separation from a fresh separator (built
// outside the timing), so that no cut is suppressed as already returned.
func BenchmarkSeparate(b *testing.B) {
	for _, name := range []string{"arbitrary-256x1000", "ddu-2000x10000"} {
		for _, kind := range []string{"cliques", "covers"} {
			b.Run(name+"/"+kind, func(b *testing.B) {
				c := benchFixture(b, name)
				cl, cv := NewCliques(c.f), NewCovers(c.f)
				var rows lp.Rows
				n := 0
				for b.Loop() {
					rows = lp.Rows{}
					if kind == "cliques" {
						n = cl.Separate(c.x, &rows, 1000)
						cl.Reset()
					} else {
						n = cv.Separate(c.x, &rows, 1000)
						cv.Reset()
					}
				}
				b.ReportMetric(float64(n), "cuts/op")
				if !c.lp {
					b.ReportMetric(0, "lp-point")
				}
			})
		}
	}
}
