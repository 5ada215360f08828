package cuts

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/lp"
)

// TestDenseGraphAgrees checks that the bit-matrix conflict graph is the
// implicit one: the same adjacency for every pair of columns, and the same
// clique cuts, call after call, from LP optima and random points.
func TestDenseGraphAgrees(t *testing.T) {
	for _, c := range []struct {
		dist string
		cfg  gen.Config
	}{
		{"L7", gen.Config{Goods: 40, Bids: 150, Seed: 3}},
		{"arbitrary", gen.Config{Goods: 32, Bids: 150, Seed: 5}},
		{"regions", gen.Config{Goods: 32, Bids: 120, Seed: 8}},
		{"ddu", gen.Config{Goods: 40, Bids: 200, Seed: 5}},
	} {
		t.Run(c.dist, func(t *testing.T) {
			f := generated(t, c.dist, c.cfg)
			m := relaxation(t, f, nil)
			_, x := solve(t, m)
			require.NoError(t, m.Close())

			dense, sparse := NewCliques(f), NewCliques(f)
			dense.buildDense()
			dense.built = true
			sparse.built = true // never build: stays implicit
			require.NotNil(t, dense.dense, "bit matrix not built")
			edges := 0
			for a := range dense.n {
				for b := range dense.n {
					d, s := dense.Adjacent(a, b), sparse.Adjacent(a, b)
					require.Equal(t, s, d, "columns %d, %d", a, b)
					if d {
						edges++
					}
				}
			}
			require.Positive(t, edges, "no conflicts: the test proves nothing")
			points := [][]float64{x, x, randomPoint(pcg(4), f), randomPoint(pcg(5), f)}
			cuts := 0
			for k, p := range points {
				var rd, rs lp.Rows
				nd := dense.Separate(p, &rd, 15)
				ns := sparse.Separate(p, &rs, 15)
				require.Equal(t, ns, nd, "point %d: cut counts", k)
				require.Equal(t, rs, rd, "point %d: cuts", k)
				cuts += nd
			}
			if c.dist != "ddu" {
				require.Positive(t, cuts, "no cuts: the test proves nothing")
			}
		})
	}
}
