package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// runGavel solves the instance with solver.Solve in this process, timing
// the call alone. The award is checked again here, independently of the
// solver: it must pass Instance.Check, and its value Σ value × fraction
// must be the Objective the solver reports. A failure of either is an
// error outcome, which the harness reports as a disagreement.
//
// When measureRSS is set, the process's peak resident set is reset before
// the solve (Linux /proc/self/clear_refs) and read after it, so the figure
// covers the instance in memory plus everything the solve allocated, Go
// heap and Clp alike. It means nothing when other cases run at the same
// time (--jobs > 1).
func runGavel(ctx context.Context, in *auction.Instance, opts solver.Options, grace time.Duration, measureRSS bool) Outcome {
	out := Outcome{Solver: "gavel"}
	if opts.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.TimeLimit+grace)
		defer cancel()
	}
	if measureRSS {
		runtime.GC()
		debug.FreeOSMemory()
		measureRSS = resetPeakRSS() == nil
	}
	start := time.Now()
	res, err := solver.Solve(ctx, in, opts)
	out.Seconds = time.Since(start).Seconds()
	if measureRSS {
		if kib, err := peakRSSKiB(); err == nil {
			out.PeakRSSKiB = kib
		}
	}
	if err != nil {
		out.Status = StatusError
		out.Detail = err.Error()
		return out
	}
	out.Nodes = res.Stats.Nodes
	switch res.Status {
	case solver.Optimal:
		out.Status = StatusOptimal
	case solver.Feasible, solver.Canceled:
		out.Status = StatusFeasible
	case solver.Infeasible:
		out.Status = StatusInfeasible
		return out
	default:
		out.Status = StatusError
		out.Detail = fmt.Sprintf("unknown status %v", res.Status)
		return out
	}
	out.Objective, out.HasObjective = res.Objective, true
	out.Bound, out.HasBound = res.Bound, true
	if p := in.Check(res.Allocation); len(p) > 0 {
		out.Status = StatusError
		out.Detail = fmt.Sprintf("award fails the certificate: %v", p)
		return out
	}
	v, err := awardValue(in, res.Allocation)
	if err != nil {
		out.Status = StatusError
		out.Detail = err.Error()
		return out
	}
	if !sameObjective(v, res.Objective) {
		out.Status = StatusError
		out.Detail = fmt.Sprintf("reported objective %.6f but the award is worth %.6f", res.Objective, v)
		return out
	}
	if res.Bound < res.Objective-tolerance(res.Bound, res.Objective) {
		out.Status = StatusError
		out.Detail = fmt.Sprintf("bound %.6f below the objective %.6f", res.Bound, res.Objective)
	}
	return out
}

// awardValue is Σ value × fraction over the awards, in minor units,
// computed from the instance alone.
func awardValue(in *auction.Instance, a auction.Allocation) (float64, error) {
	var sum float64
	for _, aw := range a.Awards {
		if aw.Bid < 0 || aw.Bid >= len(in.Bids) {
			return 0, fmt.Errorf("award names bid %d of %d", aw.Bid, len(in.Bids))
		}
		v, ok := in.Bids[aw.Bid].Value()
		if !ok {
			return 0, fmt.Errorf("bid %q: value overflows", in.Bids[aw.Bid].ID)
		}
		sum += float64(v) * aw.Fraction
	}
	return sum, nil
}

// resetPeakRSS resets the kernel's record of this process's peak resident
// set (VmHWM).
func resetPeakRSS() error {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSSKiB reads this process's peak resident set (VmHWM) in KiB.
func peakRSSKiB() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

// tolerance is the absolute tolerance when comparing two objectives:
// relative 1e-6 of the larger, at least 1e-6 of a minor unit.
func tolerance(a, b float64) float64 {
	return 1e-6 * math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// sameObjective reports whether two objectives agree within tolerance.
func sameObjective(a, b float64) bool {
	return math.Abs(a-b) <= tolerance(a, b)
}
