package sparse_test

import (
	"os"
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// benchEngines are the engines BenchmarkEngines compares: the sparse
// engine, and Clp in a build with the clp tag (clp_test.go).
var benchEngines = []lptest.Engine{Engine}

// nationalEnv names the environment variable that adds the national DDU
// market to BenchmarkEngines; its cold solve takes minutes.
const nationalEnv = "GAVEL_BENCH_NATIONAL"

// BenchmarkEngines measures every engine of the build on the LP
// relaxations of generated markets (lptest.EngineBenchSizes, and
// lptest.NationalDDU when $GAVEL_BENCH_NATIONAL is set), cold solve and
// warm re-solve after fixing a binary column, in one run, named so that
// benchstat puts the engines side by side. Both report the process's CPU
// time per operation (cpu-ns/op); a warm benchmark's first run in a
// process also pays the cold root solve (lptest caches the root basis
// for the later runs), so compare medians of several runs:
//
//	go test -tags clp -run '^$' -bench Engines -count 6 -timeout 0 ./solver/internal/sparse | tee lp.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /engine lp.txt
func BenchmarkEngines(b *testing.B) {
	sizes := lptest.EngineBenchSizes
	if os.Getenv(nationalEnv) != "" {
		sizes = append(sizes[:len(sizes):len(sizes)], lptest.NationalDDU)
	}
	for _, s := range sizes {
		b.Run(s.String(), func(b *testing.B) {
			f, err := lptest.GenFixture(s)
			if err != nil {
				b.Fatal(err)
			}
			for _, e := range benchEngines {
				b.Run("cold/engine="+e.Name, func(b *testing.B) {
					defer reportCPU(b)()
					lptest.BenchCold(b, e, f.Problem)
				})
				b.Run("warm/engine="+e.Name, func(b *testing.B) {
					defer reportCPU(b)()
					lptest.BenchWarmInteger(b, e, f.Problem, f.Integer)
				})
			}
		})
	}
}

// BenchmarkEnginesDDU is BenchmarkEngines's cold solve on the DDU markets
// of BenchmarkCold (lptest.DDUBenchSizes), every engine of the build side
// by side with its CPU time, which the Clp package's own benchmarks do not
// report:
//
//	go test -tags clp -run '^$' -bench EnginesDDU -benchtime 1x -count 6 -timeout 0 ./solver/internal/sparse
func BenchmarkEnginesDDU(b *testing.B) {
	for _, s := range lptest.DDUBenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			f, err := lptest.DDUFixture(s)
			if err != nil {
				b.Fatal(err)
			}
			for _, e := range benchEngines {
				b.Run("cold/engine="+e.Name, func(b *testing.B) {
					defer reportCPU(b)()
					lptest.BenchCold(b, e, f.Problem)
				})
			}
		})
	}
}
