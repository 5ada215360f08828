package mechanism

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// long runs the slow property tests in full.
var long = flag.Bool("long", false, "run the long property tests of the payment rules")

// TestMinRevenueNearestRandom compares the payment LP and QP with
// nearestOracle on random feasible problems of up to 5 winners and 7
// constraints (2,000 with -long), with integer data of mixed magnitudes (up to 10^9).
func TestMinRevenueNearestRandom(t *testing.T) {
	n := 60
	if testing.Short() {
		n = 20
	}
	if *long {
		n = 2000
	}
	fallback := 0
	for seed := range n {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		k := 1 + r.IntN(5)
		scale := math.Pow(10, float64(r.IntN(10)))
		lo, hi := make([]float64, k), make([]float64, k)
		for j := range k {
			lo[j] = math.Round(r.Float64() * 50 * scale)
			hi[j] = lo[j] + math.Round(r.Float64()*100*scale)
		}
		var cons []coreCons
		for range 1 + r.IntN(7) {
			var c coreCons
			var room float64
			for j := range k {
				if r.IntN(2) == 0 {
					c.out = append(c.out, j)
					room += hi[j]
				}
			}
			if len(c.out) == 0 {
				continue
			}
			c.rhs = math.Round(r.Float64() * room) // feasible: p = hi meets it
			cons = append(cons, c)
		}
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			want := nearestOracle(lo, hi, cons)
			require.NotNil(t, want)
			got, nearest, err := minRevenueNearest(lo, hi, cons)
			require.NoError(t, err)
			if !nearest {
				fallback++
			}
			var sg, sw float64
			for j := range k {
				sg += got[j]
				sw += want[j]
			}
			tol := 1e-7 * max(1, sw)
			assert.InDelta(t, sw, sg, tol, "revenue: lo %v hi %v cons %v", lo, hi, cons)
			if nearest {
				for j := range k {
					assert.InDelta(t, want[j], got[j], tol, "p[%d]: got %v want %v; lo %v hi %v cons %v", j, got, want, lo, hi, cons)
				}
			}
		})
	}
	t.Logf("%d of %d QPs fell back to the LP vertex", fallback, n)
	assert.LessOrEqual(t, fallback, n/50, "the QP fell back to the LP vertex too often")
}
