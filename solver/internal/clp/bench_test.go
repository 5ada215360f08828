//go:build clp && cgo

package clp_test

import (
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// BenchmarkCold and BenchmarkWarm measure Clp on set-packing LP
// relaxations, then on the relaxations of generated DDU markets (where
// BenchmarkWarm branches on the integer columns only);
// benchmarks/README.md records the figures and the command.
func BenchmarkCold(b *testing.B) {
	for _, s := range lptest.BenchSizes {
		b.Run(s.String(), func(b *testing.B) { lptest.BenchCold(b, engine, lptest.Fixture(s)) })
	}
	for _, s := range lptest.DDUBenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			f, err := lptest.DDUFixture(s)
			if err != nil {
				b.Fatal(err)
			}
			lptest.BenchCold(b, engine, f.Problem)
		})
	}
}

func BenchmarkWarm(b *testing.B) {
	for _, s := range lptest.BenchSizes {
		b.Run(s.String(), func(b *testing.B) { lptest.BenchWarm(b, engine, lptest.Fixture(s)) })
	}
	for _, s := range lptest.DDUBenchSizes {
		b.Run(s.String(), func(b *testing.B) {
			f, err := lptest.DDUFixture(s)
			if err != nil {
				b.Fatal(err)
			}
			lptest.BenchWarmInteger(b, engine, f.Problem, f.Integer)
		})
	}
}
