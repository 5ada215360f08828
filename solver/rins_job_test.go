package solver

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
)

// TestRINSJobThreads searches the trees of medium CATS and DDU instances
// for a fixed number of nodes with RINS's sub-searches run beside the
// search (2 threads) and at once (1 thread): the same incumbent, the same
// nodes, the same sub-search nodes and the same open bound, each award
// passing Check. Across the instances RINS must have run (else the test
// tests nothing) and found something.
func TestRINSJobThreads(t *testing.T) {
	eng, err := Options{}.engine()
	require.NoError(t, err)
	ran, won := 0, 0
	for _, c := range []struct {
		dist        string
		goods, bids int
	}{{"regions", 40, 160}, {"arbitrary", 30, 120}, {"L6", 40, 160}, {"ddu", 10, 60}} {
		for seed := range uint64(3) {
			in, err := gen.Generate(c.dist, gen.Config{Goods: c.goods, Bids: c.bids, Seed: seed + 1})
			require.NoError(t, err)
			type outcome struct {
				inc                 float64
				nodes, sub, rinsSub int64
				bound               float64
			}
			var first outcome
			for k, threads := range []int{1, 2, 1} {
				s := rootSearch(t, in, eng)
				if s == nil {
					break
				}
				start := s.incObj
				s.opts.Threads = threads
				s.opts.NodeLimit = 300
				s.loop()
				s.m.Close()
				require.NoError(t, s.numerical)
				require.Empty(t, in.Check(s.inc), "%s seed %d threads %d", c.dist, seed, threads)
				got := outcome{s.incObj, s.nodes, s.subNodes, s.heur.nodes, s.open.top(math.Inf(-1))}
				if k == 0 {
					first = got
					if got.rinsSub > 0 {
						ran++
					}
					if got.inc > start {
						won++
					}
					continue
				}
				require.Equal(t, first, got, "%s seed %d threads %d", c.dist, seed, threads)
			}
		}
	}
	t.Logf("RINS ran in %d searches, %d improved", ran, won)
	require.Positive(t, ran, "RINS never ran")
	require.Positive(t, won, "the searches never improved an incumbent")
}
