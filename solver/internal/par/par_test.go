package par

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestForEach: every index is called exactly once, whatever the number of
// goroutines, and no more than w calls run at once.
func TestForEach(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100} {
		for _, w := range []int{-1, 0, 1, 2, 3, 16} {
			calls := make([]int32, n)
			var running, most atomic.Int32
			ForEach(n, w, func(i int) {
				r := running.Add(1)
				for {
					m := most.Load()
					if r <= m || most.CompareAndSwap(m, r) {
						break
					}
				}
				atomic.AddInt32(&calls[i], 1)
				running.Add(-1)
			})
			for i, c := range calls {
				require.Equal(t, int32(1), c, "n %d w %d: index %d", n, w, i)
			}
			require.LessOrEqual(t, int(most.Load()), max(w, 1), "n %d w %d", n, w)
		}
	}
}
