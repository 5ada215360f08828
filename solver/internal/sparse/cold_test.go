package sparse

import (
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

var coldAlgs = flag.String("coldalgs", "auto,dual,primal,idiot", "the cold algorithms TestColdMeasure runs")

var coldSizes = flag.String("coldsizes", "", "measure every cold algorithm on these LPs (comma-separated: arbitrary, regions, ddu, ddu1000, national, packing18000)")

var coldTrace = flag.Bool("coldtrace", false, "TestColdMeasure logs the stages and progress of each cold solve")

var coldIters = flag.Int("coldIters", 0, "the iteration limit of each cold solve TestColdMeasure runs (0: none)")

var coldLimit = flag.Duration("coldlimit", 10*time.Minute, "the time limit of each cold solve TestColdMeasure runs")

// coldLPs are the LPs of -coldsizes (but for packing18000) by name.
var coldLPs = map[string]lptest.GenSize{
	"arbitrary": lptest.EngineBenchSizes[0],
	"regions":   lptest.EngineBenchSizes[1],
	"ddu":       lptest.EngineBenchSizes[2],
	"ddu1000":   {Dist: "ddu", Goods: 1000, Bids: 5000},
	"national":  lptest.NationalDDU,
}

// TestColdMeasure times each cold algorithm on the engine benchmark
// markets named by -coldsizes (and the largest set-packing benchmark LP),
// and checks that they agree on the optimum.
func TestColdMeasure(t *testing.T) {
	if *coldSizes == "" {
		t.Skip("-coldsizes not set")
	}
	algs := []struct {
		name string
		alg  coldMethod
	}{{"auto", coldAuto}, {"dual", coldDual}, {"primal", coldPrimalAlg}, {"idiot", coldIdiot}}
	for _, name := range strings.Split(*coldSizes, ",") {
		var p *lp.Problem
		if name == "packing18000" {
			p = lptest.Fixture(lptest.BenchSizes[3])
		} else {
			size, ok := coldLPs[name]
			require.True(t, ok, name)
			f, err := lptest.GenFixture(size)
			require.NoError(t, err)
			p = f.Problem
		}
		t.Logf("%s: %d rows, %d cols, %d entries", name, p.NumRows(), p.NumCols(), len(p.Value))
		ref := 0.0
		for _, a := range algs {
			if !strings.Contains(*coldAlgs, a.name) {
				continue
			}
			m := New()
			require.NoError(t, m.Load(p))
			m.coldAlg = a.alg
			if *coldTrace {
				start, cpu0 := time.Now(), processCPU()
				m.s.logf = func(format string, args ...any) {
					at := []any{time.Since(start).Seconds(), (processCPU() - cpu0).Seconds()}
					t.Logf("  %8.1fs wall %8.1fs CPU: "+format, append(at, args...)...)
				}
			}
			start, cpu := time.Now(), processCPU()
			st, err := m.Solve(lp.Limits{Time: *coldLimit, Iterations: *coldIters})
			el, cpu := time.Since(start), processCPU()-cpu
			require.NoError(t, err)
			obj, _ := m.Objective()
			t.Logf("  %-7s %v %8d iters %8.2fs wall %8.2fs CPU obj %.9g", a.name, st, m.Iterations(), el.Seconds(), cpu.Seconds(), obj)
			if st != lp.Optimal {
				continue
			}
			if ref == 0 {
				ref = obj
			} else {
				require.InDelta(t, ref, obj, 1e-7*(1+abs(ref)))
			}
		}
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
