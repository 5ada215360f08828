package sparse_test

import (
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// BenchmarkCold and BenchmarkWarm measure the sparse engine on the
// set-packing LP relaxations of lptest.BenchSizes; run them with the Clp
// ones (go test -tags clp -bench . ./solver/internal/sparse
// ./solver/internal/clp) and compare with benchstat. The largest size is
// skipped in -short mode.
func BenchmarkCold(b *testing.B) {
	for _, s := range lptest.BenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			skipLarge(b, s)
			b.ReportAllocs()
			lptest.BenchCold(b, Engine, lptest.Fixture(s))
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
}

func skipLarge(b *testing.B, s lptest.BenchSize) {
	if testing.Short() && s.Items > 1000 {
		b.Skip("national size: not in -short mode")
	}
}
