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
// The national size (18000x100000) is skipped in -short mode.
func BenchmarkCold(b *testing.B) {
	for _, s := range lptest.BenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			skipLarge(b, s)
			b.ReportAllocs()
			lptest.BenchCold(b, Engine, lptest.Fixture(s))
		})
	}
	for _, s := range lptest.DDUBenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			f, err := lptest.DDUFixture(s)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			lptest.BenchCold(b, Engine, f.Problem)
		})
	}
}

func BenchmarkWarm(b *testing.B) {
	for _, s := range lptest.BenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			skipLarge(b, s)
			b.ReportAllocs()
			lptest.BenchWarm(b, Engine, lptest.Fixture(s))
		})
	}
	for _, s := range lptest.DDUBenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			f, err := lptest.DDUFixture(s)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			lptest.BenchWarmInteger(b, Engine, f.Problem, f.Integer)
		})
	}
}

func skipLarge(b *testing.B, s lptest.BenchSize) {
	if testing.Short() && s.Items > 1000 {
		b.Skip("national size: not in -short mode")
	}
}
