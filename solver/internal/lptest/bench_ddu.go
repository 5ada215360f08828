package lptest

import (
	"fmt"
	"sync"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// DDUSize is the size of a generated DDU market (gen's "ddu"
// distribution): DDUs and bids.
type DDUSize struct {
	DDUs, Bids int
}

func (s DDUSize) String() string { return fmt.Sprintf("ddu%dx%d", s.DDUs, s.Bids) }

// DDUBenchSizes are the DDU markets of the benchmarks. The national market
// (18,000 DDUs, 100,000 bids) is left out: it does not decompose (one
// component holds 99% of its bids) and its relaxation, 97,000 rows by
// 124,000 columns with 4.2 million entries, takes Clp far longer than a
// benchmark run can afford.
var DDUBenchSizes = []DDUSize{{200, 1000}, {1000, 5000}}

var (
	dduMu       sync.Mutex
	dduFixtures = map[DDUSize]func() (*wdp.Formulation, error){}
)

// DDUFixture returns the winner-determination MIP (wdp.Build) of a
// generated DDU market of a size, built once per process with seed 1
// (callers must not change it). Its relaxation is a richer LP than
// SetPacking's: multi-unit capacity rows, XOR groups, divisible bids with
// their switches, budgets and min-volumes.
func DDUFixture(s DDUSize) (*wdp.Formulation, error) {
	dduMu.Lock()
	f, ok := dduFixtures[s]
	if !ok {
		f = sync.OnceValues(func() (*wdp.Formulation, error) {
			in, err := gen.Generate("ddu", gen.Config{Goods: s.DDUs, Bids: s.Bids, Seed: 1})
			if err != nil {
				return nil, err
			}
			return wdp.Build(in)
		})
		dduFixtures[s] = f
	}
	dduMu.Unlock()
	return f()
}
