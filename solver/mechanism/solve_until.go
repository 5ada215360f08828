package mechanism

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// untilEvery is how often solveUntil looks at a running solve's progress.
// The search itself reports at most every 50 ms.
const untilEvery = 20 * time.Millisecond

// solveUntil is solver.Solve, stopped as soon as a progress report of the
// running search satisfies enough (a proven bound low enough to decide
// what the caller needs, for example). It returns the result and whether
// enough stopped the search before it ended on its own; the result's Bound
// is then the least of its own and the bound of the report that stopped
// it, both proven. o.Progress is replaced.
func solveUntil(ctx context.Context, in *auction.Instance, o solver.Options, enough func(solver.Progress) bool) (solver.Result, bool, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	hit, bound := false, math.Inf(1)
	o.ProgressInterval = untilEvery
	o.Progress = func(p solver.Progress) {
		if !enough(p) {
			return
		}
		mu.Lock()
		if !hit {
			hit, bound = true, p.Bound
		}
		mu.Unlock()
		cancel()
	}
	res, err := solver.Solve(ctx, in, o)
	mu.Lock()
	defer mu.Unlock()
	if err != nil || !hit || res.Status != solver.Canceled {
		return res, false, err // ended on its own (the last report comes after the search)
	}
	res.Bound = min(res.Bound, bound)
	return res, true, nil
}
