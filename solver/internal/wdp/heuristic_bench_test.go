package wdp

import (
	"sync"
	"testing"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
)

var nationalFixture = struct {
	once sync.Once
	in   *auction.Instance
}{}

// heuristicInstance returns the ddu-2000 fixture (2,000 DDUs, 10,000 bids)
// or the national DDU market (18,000 DDUs, 100,000 bids), which is
// skipped in -short runs.
func heuristicInstance(b *testing.B, name string) *auction.Instance {
	b.Helper()
	if name != "national" {
		return benchInstance(b, name)
	}
	if testing.Short() {
		b.Skip("the national market is skipped in -short runs")
	}
	nationalFixture.once.Do(func() {
		nationalFixture.in, _ = gen.Generate("ddu", gen.Config{Goods: 18000, Bids: 100000, Seed: 1})
	})
	if nationalFixture.in == nil {
		b.Fatal("no national market")
	}
	return nationalFixture.in
}

var heuristicBenchmarks = []string{"ddu-2000", "national"}

func BenchmarkNewRounder(b *testing.B) {
	for _, name := range heuristicBenchmarks {
		b.Run(name, func(b *testing.B) {
			in := heuristicInstance(b, name)
			for b.Loop() {
				_ = newRounder(in)
			}
		})
	}
}

func BenchmarkRounderGreedy(b *testing.B) {
	for _, name := range heuristicBenchmarks {
		b.Run(name, func(b *testing.B) {
			in := heuristicInstance(b, name)
			r := newRounder(in)
			var a auction.Allocation
			for b.Loop() {
				a = r.Greedy()
			}
			b.ReportMetric(value(in, a), "revenue")
		})
	}
}

// lpLike is a vector shaped like an LP solution: the greedy award, every
// fifth bid at 1/2 and every seventh winner at 0.
func lpLike(in *auction.Instance, r *Rounder) []float64 {
	x := make([]float64, len(in.Bids))
	for _, aw := range r.Greedy().Awards {
		x[aw.Bid] = aw.Fraction
	}
	for i := range x {
		switch {
		case i%5 == 0:
			x[i] = 0.5
		case i%7 == 0:
			x[i] = 0
		}
	}
	return x
}

func BenchmarkRound(b *testing.B) {
	for _, name := range heuristicBenchmarks {
		b.Run(name, func(b *testing.B) {
			in := heuristicInstance(b, name)
			r := newRounder(in)
			x := lpLike(in, r)
			var a auction.Allocation
			for b.Loop() {
				a = r.Round(x)
			}
			b.ReportMetric(value(in, a), "revenue")
		})
	}
}

func BenchmarkImprove(b *testing.B) {
	for _, name := range heuristicBenchmarks {
		b.Run(name, func(b *testing.B) {
			in := heuristicInstance(b, name)
			r := newRounder(in)
			start := r.Round(lpLike(in, r))
			var a auction.Allocation
			for b.Loop() {
				a = r.Improve(start, 10000)
			}
			b.ReportMetric(value(in, a)-value(in, start), "gain")
		})
	}
}
