package solver

import (
	"math"
	"sync"
	"time"

	"github.com/gavelhq/gavel/auction"
)

// componentResult is the outcome of one component's search, in the indices
// of the component's instance.
type componentResult struct {
	status     Status
	alloc      auction.Allocation
	objective  float64 // Σ value × fraction of alloc
	bound      float64 // proven upper bound
	nodes      int64   // of the search's tree
	subNodes   int64   // of its heuristics' sub-searches
	iterations int64
	cuts       int
	done       bool
	err        error
}

// tracker gathers the state of the components as they are searched, for
// the progress callback and for the final result.
type tracker struct {
	start    time.Time
	opts     Options
	mu       sync.Mutex
	res      []componentResult
	live     []liveState
	finished int
	stop     chan struct{}
	wg       sync.WaitGroup
}

// liveState is what a running component last reported.
type liveState struct {
	incumbent, bound float64
	nodes            int64
	open             int
	started          bool
}

func newTracker(start time.Time, n int, opts Options, res []componentResult) *tracker {
	t := &tracker{start: start, opts: opts, res: res, live: make([]liveState, n)}
	for k := range res {
		if res[k].done {
			t.finished++
		}
	}
	return t
}

// reporter returns the function through which component k reports its
// progress. Calls are cheap: they take a mutex and copy four numbers.
func (t *tracker) reporter(k int) func(incumbent, bound float64, nodes int64, open int) {
	return func(incumbent, bound float64, nodes int64, open int) {
		if math.IsInf(incumbent, -1) {
			incumbent = 0 // no allocation yet (min-winners): count none
		}
		t.mu.Lock()
		t.live[k] = liveState{incumbent: incumbent, bound: bound, nodes: nodes, open: open, started: true}
		t.mu.Unlock()
	}
}

// finish records the result of component k.
func (t *tracker) finish(k int, r componentResult) {
	r.done = true
	t.mu.Lock()
	t.res[k] = r
	t.finished++
	t.mu.Unlock()
}

// results returns the components' results once every search has ended.
func (t *tracker) results() []componentResult {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.res
}

// run starts calling Options.Progress about once per interval, and returns
// the function that stops it (after one last call).
func (t *tracker) run() (stop func()) {
	if t.opts.Progress == nil {
		return func() {}
	}
	every := t.opts.ProgressInterval
	if every == 0 {
		every = time.Second
	}
	t.stop = make(chan struct{})
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				t.opts.Progress(t.snapshot())
			case <-t.stop:
				return
			}
		}
	}()
	return func() {
		close(t.stop)
		t.wg.Wait()
		t.opts.Progress(t.snapshot())
	}
}

// snapshot sums the components' states. A component not yet started
// counts with its a-priori bound (set by the caller in its result).
func (t *tracker) snapshot() Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := Progress{Elapsed: time.Since(t.start), Components: len(t.res), Done: t.finished}
	for k := range t.res {
		switch r, l := &t.res[k], &t.live[k]; {
		case r.done:
			p.Incumbent += r.objective
			p.Bound += r.bound
			p.Nodes += r.nodes
		case l.started:
			p.Incumbent += l.incumbent
			p.Bound += l.bound
			p.Nodes += l.nodes
			p.Open += l.open
		default:
			p.Bound += r.bound
		}
	}
	p.Gap = gap(p.Incumbent, p.Bound)
	return p
}
