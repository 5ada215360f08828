package lptest

import (
	"fmt"
	"sync"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// GenSize is a generated market of the benchmarks: a distribution of
// auction/gen ("arbitrary", "regions", "ddu", ...), goods and bids.
type GenSize struct {
	Dist        string
	Goods, Bids int
}

func (s GenSize) String() string { return fmt.Sprintf("%s%dx%d", s.Dist, s.Goods, s.Bids) }

// EngineBenchSizes are the markets on which the LP engines are compared
// side by side (issue 6): CATS arbitrary 256 × 1,000, CATS regions
// 1,000 × 5,000 and a DDU market of 2,000 DDUs and 10,000 bids. The
// national DDU market is NationalDDU.
var EngineBenchSizes = []GenSize{{"arbitrary", 256, 1000}, {"regions", 1000, 5000}, {"ddu", 2000, 10000}}

// NationalDDU is the national DDU market: 18,000 DDUs, 100,000 bids.
var NationalDDU = GenSize{"ddu", 18000, 100000}

var (
	genMu       sync.Mutex
	genFixtures = map[GenSize]func() (*wdp.Formulation, error){}
)

// GenFixture returns the winner-determination MIP (wdp.Build) of a
// generated market, built once per process with seed 1 (callers must not
// change it); its relaxation is the benchmark LP.
func GenFixture(s GenSize) (*wdp.Formulation, error) {
	genMu.Lock()
	f, ok := genFixtures[s]
	if !ok {
		f = sync.OnceValues(func() (*wdp.Formulation, error) {
			in, err := gen.Generate(s.Dist, gen.Config{Goods: s.Goods, Bids: s.Bids, Seed: 1})
			if err != nil {
				return nil, err
			}
			return wdp.Build(in)
		})
		genFixtures[s] = f
	}
	genMu.Unlock()
	return f()
}
