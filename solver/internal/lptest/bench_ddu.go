package lptest

import (
	"fmt"
	"sync"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// DDUSize is the shape of a generated DDU market (gen's "ddu"
// distribution): DDUs and bids.
type DDUSize struct {
	DDUs, Bids int
}

func (s DDUSize) String() string { return fmt.Sprintf("ddu%dx%d", s.DDUs, s.Bids) }

var (
	dduMu       sync.Mutex
	dduFixtures = map[DDUSize]func() (*wdp.Formulation, error){}
)

// DDUFixture returns the LP relaxation of the winner-determination MIP
// (wdp.Build) of a generated DDU market, built once per process with seed 1.
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
