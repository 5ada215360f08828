package solver

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// ErrCertificate says that an allocation the search produced failed
// auction.Instance.Check. It is a bug in gavel, never a property of the
// input; the error names the violations. Test with errors.Is.
var ErrCertificate = errors.New("solver: allocation failed the certificate (a bug; please report it)")

// Solve finds the allocation of largest revenue Σ value × fraction that
// satisfies every rule of the instance (auction.Instance.Check), and proves
// it optimal or says how far from optimal it may be (Result.Status,
// Result.Bound, Result.Gap).
//
// The instance is presolved (bids that cannot win, dominated bids and
// duplicates go), split into independent components, and each component
// that is not trivial is searched by branch and bound over its LP
// relaxation, up to Options.Threads components at a time. The optimum is
// the sum of the components' optima, and so is the bound.
//
// The search stops at the context's deadline or cancellation,
// Options.TimeLimit or Options.NodeLimit, and then returns the best
// allocation found with status Feasible (Canceled when the context was
// canceled), a proven bound and the gap; the error is nil. A deadline holds
// for the whole call, presolve and the final certificate included: the
// search stops a measured reserve before it (see the package
// documentation), and on large markets Solve returns within a fraction of
// a second of it. Every returned
// allocation passes Instance.Check. Solve returns an error only for an
// invalid instance (wrapping its *auction.ProblemsError), invalid options
// (ErrOptions, ErrEngine), or a bug (ErrCertificate).
//
// Solve is deterministic: the same instance and options give the same
// allocation, whatever Threads is, as long as no time limit or
// cancellation stops it. Among optimal allocations the one returned is the
// first the search meets; components are searched in a fixed order of
// their bids, branching breaks ties by column index.
func Solve(ctx context.Context, in *auction.Instance, opts Options) (Result, error) {
	r, err := solve(ctx, in, opts)
	if err == nil && r.Status == Optimal && opts.relGap() > DefaultRelGap && r.Gap > DefaultRelGap {
		// A gap limit, not a proof, stopped the search.
		r.Status = Feasible
	}
	return r, err
}

// solve is Solve, with Optimal for a search that Options.RelGap stopped.
func solve(ctx context.Context, in *auction.Instance, opts Options) (Result, error) {
	start := time.Now()
	if opts.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, start.Add(opts.TimeLimit))
		defer cancel()
	}
	if err := opts.Validate(); err != nil {
		return Result{}, err
	}
	if in == nil {
		return Result{}, fmt.Errorf("solver: nil instance")
	}
	if err := in.Validate(); err != nil {
		return Result{}, fmt.Errorf("solver: invalid instance: %w", err)
	}
	// The work stops early enough for the certificate and the rest of
	// assemble to end by the deadline.
	validated := time.Since(start)
	pace := validated / time.Duration(max(len(in.Bids), 1))
	work, cancelWork := withReserve(ctx, finishReserve(validated))
	defer cancelWork()
	eng, _ := opts.engine()
	threads := opts.Threads
	if threads == 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	stats := Stats{Engine: eng.Name, Bids: len(in.Bids)}

	pre, err := wdp.PresolveContext(work, in)
	if err != nil {
		if work.Err() != nil {
			return stoppedEarly(ctx, in, opts, stats, start)
		}
		return Result{}, fmt.Errorf("solver: presolve: %w", err)
	}
	comps, err := wdp.DecomposeContext(work, pre.In)
	if err != nil {
		if work.Err() != nil {
			return stoppedEarly(ctx, in, opts, stats, start)
		}
		return Result{}, fmt.Errorf("solver: decompose: %w", err)
	}

	stats.Removed, stats.Components = len(pre.Removed), len(comps)
	var hard []int // components to search, largest first (they take longest)
	for k := range comps {
		stats.LargestBids = max(stats.LargestBids, len(comps[k].In.Bids))
		if comps[k].Trivial {
			stats.Trivial++
		} else {
			hard = append(hard, k)
		}
	}
	slices.SortStableFunc(hard, func(a, b int) int { return len(comps[b].In.Bids) - len(comps[a].In.Bids) })
	stats.Threads = threads
	workers := min(threads, max(len(hard), 1)) // components searched at once

	results := make([]componentResult, len(comps))
	for k := range comps {
		if comps[k].Trivial {
			obj := objective(comps[k].In, comps[k].Solution)
			results[k] = componentResult{status: Optimal, alloc: comps[k].Solution, objective: obj, bound: obj, done: true}
		} else {
			results[k].bound = valueBound(comps[k].In) // until its search reports
		}
	}
	starts, err := splitStart(in, pre, comps, opts.Start)
	if err != nil {
		return Result{}, err
	}
	track := newTracker(start, len(comps), opts, results)
	stopProgress := track.run()

	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				r := searchComponent(work, &comps[k], starts[k], eng, opts, pace, track.reporter(k))
				track.finish(k, r)
			}
		}()
	}
	for _, k := range hard {
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	stopProgress()

	return assemble(in, pre, comps, track.results(), stats, start)
}

// finishReserve is the time kept, before a deadline, for what follows the
// search: closing the LP models, lifting the allocation and checking it on
// the whole instance (auction.Instance.Check), an engine's stop a little
// after its time limit. All grow with the instance, as its validation
// does: the reserve is finishFactor times the time validate took, measured
// on this machine, in this run. On the national DDU market (100,000 bids)
// validation takes 0.09 s on a quiet machine and 0.25 s on a loaded one,
// and the finish 0.1 to 0.7 s, the engine's overrun 0.3 to 0.5 s.
func finishReserve(validate time.Duration) time.Duration {
	return finishFactor * validate
}

// finishFactor: see finishReserve.
const finishFactor = 4

// withReserve returns a context done reserve before ctx's deadline, but
// keeping at least half of the time left for the work; without a
// deadline, ctx itself.
func withReserve(ctx context.Context, reserve time.Duration) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok || reserve <= 0 {
		return ctx, func() {}
	}
	reserve = min(reserve, time.Until(dl)/2)
	return context.WithDeadline(ctx, dl.Add(-reserve))
}

// stoppedEarly is the result of a solve stopped before its search began,
// during presolve or decomposition: the start allocation when it passes
// the certificate, else the empty one when it does, and the bound of
// valueBound (no LP).
func stoppedEarly(ctx context.Context, in *auction.Instance, opts Options, stats Stats, start time.Time) (Result, error) {
	bound := valueBound(in)
	status := Feasible
	if errors.Is(ctx.Err(), context.Canceled) {
		status = Canceled
	}
	var alloc auction.Allocation
	switch {
	case len(opts.Start.Awards) > 0 && len(in.Check(opts.Start)) == 0:
		alloc = opts.Start
	case len(in.Check(alloc)) != 0:
		stats.Elapsed = time.Since(start)
		return Result{Status: NoAward, Bound: bound, Gap: 1, Stats: stats}, nil
	}
	obj := objective(in, alloc)
	bound = max(bound, obj)
	if gap(obj, bound) <= opts.relGap() {
		status = Optimal
	}
	stats.Elapsed = time.Since(start)
	return Result{Status: status, Allocation: alloc, Revenue: in.Revenue(alloc), Objective: obj, Bound: bound,
		Gap: gap(obj, bound), Stats: stats}, nil
}

// assemble lifts the components' allocations to the original instance,
// checks the union, and sums objectives and bounds.
func assemble(in *auction.Instance, pre *wdp.Presolved, comps []wdp.Component, results []componentResult, stats Stats, start time.Time) (Result, error) {
	var reduced auction.Allocation
	var bound float64
	status := Optimal
	noAward := false
	for k := range comps {
		r := &results[k]
		if r.err != nil {
			return Result{}, r.err
		}
		if r.status == Infeasible {
			stats.Elapsed = time.Since(start)
			return Result{Status: Infeasible, Bound: math.Inf(-1), Stats: stats}, nil
		}
		if r.status == NoAward {
			noAward = true
		}
		lifted, err := comps[k].Lift(r.alloc)
		if err != nil {
			return Result{}, fmt.Errorf("%w: component %d: %v", ErrCertificate, k, err)
		}
		reduced.Awards = append(reduced.Awards, lifted.Awards...)
		bound += r.bound
		stats.Nodes += r.nodes
		stats.SubNodes += r.subNodes
		stats.LPIterations += r.iterations
		stats.Cuts += r.cuts
		status = worse(status, r.status)
	}
	if noAward { // a component has no allocation: neither has the whole
		stats.Elapsed = time.Since(start)
		return Result{Status: NoAward, Bound: bound, Gap: 1, Stats: stats}, nil
	}
	slices.SortFunc(reduced.Awards, func(x, y auction.Award) int { return x.Bid - y.Bid })
	alloc, err := pre.Lift(reduced)
	if err != nil {
		return Result{}, fmt.Errorf("%w: presolve: %v", ErrCertificate, err)
	}
	if probs := in.Check(alloc); len(probs) != 0 {
		return Result{}, fmt.Errorf("%w: %v", ErrCertificate, probs.Err())
	}
	obj := objective(in, alloc)
	bound = max(bound, obj)
	res := Result{Status: status, Allocation: alloc, Revenue: in.Revenue(alloc), Objective: obj, Bound: bound,
		Gap: gap(obj, bound), Stats: stats}
	res.Stats.Elapsed = time.Since(start)
	return res, nil
}

// worse combines the statuses of two components: a canceled component makes
// the whole canceled, a component stopped by a limit makes it feasible.
func worse(a, b Status) Status {
	rank := func(s Status) int {
		switch s {
		case Optimal:
			return 0
		case Feasible:
			return 1
		case Canceled:
			return 2
		case NoAward:
			return 3
		}
		return 4 // Infeasible
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// valueBound is an upper bound on the objective that needs no LP, for a
// search stopped before its root LP is solved: the smaller of Σ value over
// all bids (every bid at fraction 1) and the capacity bound. For the
// latter, spread each bid's value over its volume at the rate ρ = value /
// total volume; then Σ value·x = Σ_items Σ_bids ρ·volume·x, and on each item
// the volume awarded is at most its capacity, so the objective is at most
// Σ_items capacity × the largest ρ of a bid on it.
func valueBound(in *auction.Instance) float64 {
	var all, free float64
	rate := make([]float64, len(in.Items))
	for i := range in.Bids {
		b := &in.Bids[i]
		v, _ := b.Value()
		all += float64(v)
		vol := b.TotalVolume()
		if vol <= 0 {
			free += float64(v)
			continue
		}
		r := float64(v) / float64(vol)
		for _, d := range b.Bundle {
			rate[d.Item] = max(rate[d.Item], r)
		}
	}
	byCap := free
	for it := range in.Items {
		byCap += rate[it] * float64(in.Items[it].Capacity)
	}
	return min(all, byCap*(1+1e-12))
}

// objective is Σ value × fraction of an allocation, in minor units, never
// below its revenue (Instance.Revenue) however large the sums or whatever
// the fractions: the whole awards are summed exactly (the values of all
// bids fit in an int64: Instance.Validate) and rounded up once, where a
// float sum past 2⁵³ minor units could fall below the revenue; the
// divisible ones are added in floating point, and when there are some the
// result is at least the revenue rounded up (a bid of 0.49 USD for 49
// units awarded 1/49 of them pays 0.01, and 49 × fl(1/49) × 0.49 USD is
// below it).
func objective(in *auction.Instance, a auction.Allocation) float64 {
	var whole int64
	var frac float64
	divisible := false
	for _, aw := range a.Awards {
		v, _ := in.Bids[aw.Bid].Value()
		if aw.Fraction == 1 {
			whole += int64(v)
		} else {
			frac += float64(v) * aw.Fraction
			divisible = true
		}
	}
	obj := upFloat(whole) + frac
	if divisible {
		obj = max(obj, upFloat(int64(in.Revenue(a))))
	}
	return obj
}

// upFloat is n as a float64, rounded up.
func upFloat(n int64) float64 {
	f := float64(n)
	if f < 0x1p63 && int64(f) < n {
		f = math.Nextafter(f, math.Inf(1))
	}
	return f
}

// splitStart maps a starting allocation of the original instance to the
// components: by component, the awards of its bids, in its indices. Awards
// of bids that presolve removed are dropped (the start then only seeds the
// components it lies in whole).
func splitStart(in *auction.Instance, pre *wdp.Presolved, comps []wdp.Component, a auction.Allocation) ([]auction.Allocation, error) {
	out := make([]auction.Allocation, len(comps))
	if len(a.Awards) == 0 {
		return out, nil
	}
	reduced := make([]int, len(in.Bids)) // original bid -> reduced bid, or -1
	for i := range reduced {
		reduced[i] = -1
	}
	for r, o := range pre.Bids {
		reduced[o] = r
	}
	comp := make([]int, len(pre.In.Bids)) // reduced bid -> component
	local := make([]int, len(pre.In.Bids))
	for k := range comps {
		for c, r := range comps[k].Bids {
			comp[r], local[r] = k, c
		}
	}
	for _, aw := range a.Awards {
		if aw.Bid < 0 || aw.Bid >= len(in.Bids) {
			return nil, fmt.Errorf("%w: Start awards bid index %d, the instance has %d bids", ErrOptions, aw.Bid, len(in.Bids))
		}
		r := reduced[aw.Bid]
		if r < 0 {
			continue
		}
		k := comp[r]
		out[k].Awards = append(out[k].Awards, auction.Award{Bid: local[r], Fraction: aw.Fraction})
	}
	for k := range out {
		slices.SortFunc(out[k].Awards, func(x, y auction.Award) int { return x.Bid - y.Bid })
	}
	return out, nil
}
