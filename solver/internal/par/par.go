// Package par runs independent calls on a bounded number of goroutines.
package par

import (
	"sync"
	"sync/atomic"
)

// ForEach calls f(0), …, f(n−1) from up to w goroutines, in no set order,
// and returns when every call has. With w ≤ 1 it calls them in order on
// the calling goroutine. Where each call writes only its own results, the
// outcome does not depend on w.
func ForEach(n, w int, f func(i int)) {
	if w <= 1 || n <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(w, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
