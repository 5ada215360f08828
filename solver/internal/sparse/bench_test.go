package sparse_test

import (
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// BenchmarkCold and BenchmarkWarm measure the sparse engine on the
// set-packing LP relaxations of lptest.BenchSizes, then on the relaxations
// of generated DDU markets (where BenchmarkWarm branches on the integer
// columns only), as the Clp benchmarks do; run both in one go and compare
// with benchstat:
//
//	go test -tags clp -run '^$' -bench . -count 6 -timeout 0 \
//	    ./solver/internal/sparse ./solver/internal/clp
//
// The national size (18000x100000) is skipped in -short mode. Both also
// report the process's CPU time per operation (cpu-ns/op, where the
// platform tells it; for the warm re-solves it includes the untimed
// restore), steadier than wall time on a machine shared with other
// work.
func BenchmarkCold(b *testing.B) {
	for _, s := range lptest.BenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			skipLarge(b, s)
			b.ReportAllocs()
			p := lptest.Fixture(s)
			defer reportCPU(b)()
			lptest.BenchCold(b, Engine, p)
		})
	}
	for _, s := range lptest.DDUBenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			f, err := lptest.DDUFixture(s)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			defer reportCPU(b)()
			lptest.BenchCold(b, Engine, f.Problem)
		})
	}
}

func BenchmarkWarm(b *testing.B) {
	for _, s := range lptest.BenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			skipLarge(b, s)
			b.ReportAllocs()
			p := lptest.Fixture(s)
			defer reportCPU(b)()
			lptest.BenchWarm(b, Engine, p)
		})
	}
	for _, s := range lptest.DDUBenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			f, err := lptest.DDUFixture(s)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			defer reportCPU(b)()
			lptest.BenchWarmInteger(b, Engine, f.Problem, f.Integer)
		})
	}
}

func skipLarge(b *testing.B, s lptest.BenchSize) {
	if testing.Short() && s.Items > 1000 {
		b.Skip("national size: not in -short mode")
	}
}

// reportCPU starts measuring the CPU time of a benchmark; the function it
// returns reports it per operation as cpu-ns/op.
func reportCPU(b *testing.B) func() {
	start, ok := cpuTime()
	return func() {
		end, _ := cpuTime()
		if ok && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}
