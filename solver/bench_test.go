package solver_test

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
)

// benchSolveLimit caps each Solve of BenchmarkSolve, as the harness in
// benchmarks/ caps each solver; a capped op reports its gap.
const benchSolveLimit = 60 * time.Second

// benchSolveCase is one generated instance of BenchmarkSolve.
type benchSolveCase struct {
	dist        string
	goods, bids int
	large       bool // run only when -bench names its size
	instance    func() (*auction.Instance, error)
}

func (c *benchSolveCase) name() string { return fmt.Sprintf("%s/%dx%d", c.dist, c.goods, c.bids) }

func (c *benchSolveCase) size() string { return fmt.Sprintf("%dx%d", c.goods, c.bids) }

// benchSolveCases are built once per process (seed 1, default parameters:
// the same instances as `gavel gen --dist D --goods G --bids B --seed 1`).
var benchSolveCases = func() []*benchSolveCase {
	cs := []*benchSolveCase{
		{dist: "arbitrary", goods: 256, bids: 1000},
		{dist: "regions", goods: 256, bids: 1000},
		{dist: "L2", goods: 256, bids: 1000},
		{dist: "scheduling", goods: 256, bids: 1000},
		{dist: "ddu", goods: 200, bids: 1000},
		{dist: "regions", goods: 1000, bids: 5000, large: true},
		{dist: "arbitrary", goods: 1000, bids: 5000, large: true},
		{dist: "ddu", goods: 2000, bids: 10000, large: true},
	}
	for _, c := range cs {
		c.instance = sync.OnceValues(func() (*auction.Instance, error) {
			return gen.Generate(c.dist, gen.Config{Goods: c.goods, Bids: c.bids, Seed: 1})
		})
	}
	return cs
}()

// benchPattern is the -test.bench pattern of this run ("" when none).
func benchPattern() string {
	if f := flag.Lookup("test.bench"); f != nil {
		return f.Value.String()
	}
	return ""
}

// BenchmarkSolve solves generated instances with the default engine and
// threads and a 60 s limit per op, reporting branch-and-bound nodes,
// simplex iterations and the gap reached (0 when proven optimal). The
// 1,000 × 5,000 and 2,000 × 10,000 instances run only when the -bench
// pattern holds their size, e.g. -bench 'Solve/.*/(1000x5000|2000x10000)'.
// The harness in benchmarks/ compares the same instances with CBC and
// GLPK.
func BenchmarkSolve(b *testing.B) {
	pattern := benchPattern()
	for _, c := range benchSolveCases {
		b.Run(c.name(), func(b *testing.B) {
			if c.large && !strings.Contains(pattern, c.size()) {
				b.Skipf("large: run with -bench naming %s", c.size())
			}
			in, err := c.instance()
			if err != nil {
				b.Fatal(err)
			}
			opts := solver.Options{TimeLimit: benchSolveLimit}
			var res solver.Result
			for b.Loop() {
				res, err = solver.Solve(context.Background(), in, opts)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Stats.Nodes), "nodes/op")
			b.ReportMetric(float64(res.Stats.LPIterations), "lpiters/op")
			b.ReportMetric(res.Gap, "gap")
		})
	}
}
