package cuts

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLiftedCoverKnapsack separates covers of random knapsacks of at most
// 12 items and checks each cut against the brute force of the knapsack's
// 0-1 points: it holds at every point that fits (valid), and raising any
// one coefficient by 1 makes some point that fits violate it (the
// sequential lifting is exact, the cover minimal).
func TestLiftedCoverKnapsack(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	found := 0
	for trial := range 3000 {
		n := 3 + r.IntN(10)
		k := knapsack{cols: make([]int, n), w: make([]float64, n)}
		total := 0.0
		for i := range n {
			k.cols[i] = i
			k.w[i] = float64(1 + r.IntN(30))
			if r.IntN(4) == 0 {
				k.w[i] = math.Round(k.w[i]*r.Float64()*100) / 100 // fractional weights
			}
			total += k.w[i]
		}
		k.cap = math.Floor(total * (0.2 + 0.6*r.Float64()))
		k.tol = 1e-9 * (1 + total)
		k.sort()
		x := make([]float64, n)
		for i := range x {
			switch r.IntN(3) {
			case 0:
				x[i] = r.Float64()
			case 1:
				x[i] = 1
			}
		}
		var c Covers
		ct, ok := c.separate(&k, x)
		if !ok {
			continue
		}
		found++
		coef := make([]float64, n) // by column (= item)
		for i, j := range ct.cols {
			coef[j] = ct.coef[i]
		}
		assert.Greater(t, ct.activity(x)-ct.rhs, Tol, "trial %d: the cut is not violated", trial)
		// raised[j]: some fitting point with item j at 1 has activity
		// exactly rhs, so coefficient j cannot grow.
		raised := make([]bool, n)
		weights := make([]float64, n)
		for i, j := range k.cols {
			weights[j] = k.w[i]
		}
		for mask := range 1 << n {
			w, act := 0.0, 0.0
			for j := range n {
				if mask&(1<<j) != 0 {
					w += weights[j]
					act += coef[j]
				}
			}
			if w > k.cap {
				continue
			}
			require.LessOrEqual(t, act, ct.rhs, "trial %d: the cut %v ≤ %v cuts off the point %b of weights %v, capacity %v", trial, coef, ct.rhs, mask, weights, k.cap)
			if act == ct.rhs {
				for j := range n {
					if mask&(1<<j) != 0 {
						raised[j] = true
					}
				}
			}
		}
		for j := range n {
			if weights[j] <= k.cap && coef[j] < ct.rhs {
				assert.True(t, raised[j], "trial %d: coefficient %v of item %d (weight %v) could be raised in %v ≤ %v, weights %v, capacity %v", trial, coef[j], j, weights[j], coef, ct.rhs, weights, k.cap)
			}
		}
	}
	t.Logf("%d violated covers checked", found)
	assert.Greater(t, found, 300)
}
