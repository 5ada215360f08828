package mechanism

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
)

// benchFixture is a generated DDU market with its optimal allocation and
// the time that allocation took.
type benchFixture struct {
	in       *auction.Instance
	out      Outcome
	alloc    time.Duration // one allocation solve
	allocCPU time.Duration // its CPU time (0 where cpuTime is not read)
}

// benchSizes are the DDU markets of BenchmarkPay (goods × bids, seed 1, as
// `gavel gen --dist ddu --goods G --bids B --seed 1`). The larger ones run
// only when the -bench pattern names their size: the exact solver needs
// minutes (Clp) to prove their allocation optimal.
var benchSizes = []struct {
	goods, bids int
	large       bool
	fixture     func() (*benchFixture, error)
}{
	{goods: 20, bids: 100},
	{goods: 50, bids: 300, large: true},
	{goods: 200, bids: 1000, large: true},
}

func init() {
	for k := range benchSizes {
		s := &benchSizes[k]
		s.fixture = sync.OnceValues(func() (*benchFixture, error) { return benchMarket(s.goods, s.bids) })
	}
}

func benchMarket(goods, bids int) (*benchFixture, error) {
	in, err := gen.Generate("ddu", gen.Config{Goods: goods, Bids: bids, Seed: 1})
	if err != nil {
		return nil, err
	}
	start, cpu := time.Now(), cpuTime()
	res, err := solver.Solve(context.Background(), in, solver.Options{})
	if err != nil {
		return nil, err
	}
	return &benchFixture{in: in, alloc: time.Since(start), allocCPU: cpuTime() - cpu, out: Outcome{Rule: "optimal", Allocation: res.Allocation,
		Objective: res.Objective, Optimal: res.Status == solver.Optimal, Result: &res}}, nil
}

// BenchmarkPay prices the optimal allocation of generated DDU markets under
// each payment rule, and reports the time of one payment computation as a
// multiple of the allocation solve ("x-alloc"), with the number of winners
// and the revenue. The target is x-alloc < 5 for VCG and core.
// Larger sizes: -bench 'Pay/ddu-50x300'. It also reports the VCG
// re-solves and, for core, the exact separations and the blocking
// coalitions found without one. On a machine others load, the CPU times
// (cpu-s/op for the payments, alloc-cpu-s for the allocation; Unix only)
// are steadier than the wall times; the payments' re-solves run on
// GOMAXPROCS workers, the allocation of one component on one.
func BenchmarkPay(b *testing.B) {
	pattern := ""
	if f := flag.Lookup("test.bench"); f != nil {
		pattern = f.Value.String()
	}
	for _, s := range benchSizes {
		size := fmt.Sprintf("%dx%d", s.goods, s.bids)
		for _, rule := range PaymentRules() {
			b.Run(fmt.Sprintf("ddu-%s/%s", size, rule), func(b *testing.B) {
				if s.large && !strings.Contains(pattern, size) {
					b.Skipf("large: run with -bench naming %s", size)
				}
				f, err := s.fixture()
				require.NoError(b, err)
				require.True(b, f.out.Optimal, "the allocation is not proven optimal")
				var p Payments
				cpu := cpuTime()
				for b.Loop() {
					p, err = Pay(context.Background(), f.in, f.out, rule, solver.Options{})
					require.NoError(b, err)
				}
				winners := 0
				for _, m := range f.in.BidderPayments(f.out.Allocation) {
					if m > 0 {
						winners++
					}
				}
				cpu = cpuTime() - cpu
				b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(f.alloc), "x-alloc")
				if cpu > 0 && f.allocCPU > 0 {
					b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
					b.ReportMetric(f.allocCPU.Seconds(), "alloc-cpu-s")
				}
				b.ReportMetric(float64(winners), "winners")
				b.ReportMetric(float64(p.Total), "revenue")
				b.ReportMetric(float64(p.Resolves), "resolves")
				if p.Core != nil {
					b.ReportMetric(float64(p.Core.Separations), "separations")
					b.ReportMetric(float64(p.Core.Heuristic), "heuristic-cuts")
				}
				if !p.Exact {
					b.Logf("%s: not exact: %v", rule, p.Notes)
				}
			})
		}
	}
}
