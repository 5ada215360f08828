package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/mechanism"
)

// benchMarket is one market of a bench run: a file read up front, or a
// generated market made by the worker that runs it.
type benchMarket struct {
	Name string `json:"market"`
	Seed *uint64
	in   *auction.Instance // nil until loaded
	cfg  gen.Config
	dist string
}

func (m *benchMarket) instance() (*auction.Instance, error) {
	if m.in != nil {
		return m.in, nil
	}
	return gen.Generate(m.dist, m.cfg)
}

// benchRecord is the metrics of one pair of rules on one market.
type benchRecord struct {
	market  int // index in the run's markets
	m       mechanism.Metrics
	skipped string   // why the pair does not apply (per-item with vcg or core)
	flags   []string // what a reader must know: allocation not proven optimal, inexact payments
	err     error
}

// benchResult is what one market gives: its records, in the order of the
// rules and then the payment rules, and whether its optimum is proven.
type benchResult struct {
	records       []benchRecord
	optimum       float64
	optimumProven bool
	noAward       bool // the optimal rule found no award that meets the rules (min-winners)
	currency      string
	decimals      int
	err           error
}

func runBench(e *env, opts any, args []string) int {
	o := opts.(*benchOptions)
	c, err := o.check(args)
	if err != nil {
		fmt.Fprintf(e.stderr, "gavel bench: %v\nRun 'gavel help bench' for usage.\n", err)
		return exitUsage
	}
	if code, ok := checkFormatFlag(e, "bench", o.format); !ok {
		return code
	}
	policy, _ := c.so.policy()

	var markets []*benchMarket
	if o.dist != "" {
		for _, s := range c.seeds {
			seed := s
			markets = append(markets, &benchMarket{Name: fmt.Sprintf("%s/%d", o.dist, s), Seed: &seed, dist: o.dist,
				cfg: gen.Config{Goods: o.goods, Bids: o.bids, Seed: s}})
		}
		// Generate one market now, so that bad sizes fail before the run.
		if _, err := gen.Generate(o.dist, gen.Config{Goods: o.goods, Bids: o.bids, Seed: c.seeds[0]}); err != nil {
			fmt.Fprintf(e.stderr, "gavel bench: %v\n", err)
			return exitUsage
		}
	} else {
		if n := countStdin(args); n > 1 {
			fmt.Fprintf(e.stderr, "gavel bench: - (standard input) is named %d times; it can be read once\n", n)
			return exitUsage
		}
		if a, b, ok := sameFiles(args); ok {
			fmt.Fprintf(e.stderr, "gavel bench: %s and %s are the same file (a market counted twice would skew the medians)\n", a, b)
			return exitUsage
		}
		for _, path := range args {
			in, err := loadInstance(e, path, o.format)
			if err != nil {
				return reportLoadError(e, "bench", err)
			}
			markets = append(markets, &benchMarket{Name: displayName(path), in: in})
		}
		// Money is summarized across markets: one currency for all (the
		// decimals may differ, as between CATS files; each market's
		// amounts are read in its own).
		first := markets[0].in.CurrencyOrDefault().Code
		for _, m := range markets[1:] {
			if code := m.in.CurrencyOrDefault().Code; code != first {
				fmt.Fprintf(e.stderr, "gavel bench: %s is in %s but %s is in %s: markets in different currencies cannot be summarized together\n",
					markets[0].Name, first, m.Name, code)
				return exitUsage
			}
		}
	}

	prog := newBenchProgress(e.stderr, len(markets), o.verbose || isTerminal(e.stderr), isTerminal(e.stderr))
	results := make([]benchResult, len(markets))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(c.jobs, len(markets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(markets) || e.ctx.Err() != nil {
					return
				}
				results[k] = benchOne(e.ctx, markets[k], k, policy, c)
				markets[k].in = nil // keep memory to the markets running
				prog.done()
			}
		}()
	}
	wg.Wait()
	prog.finish()
	if e.ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "gavel bench: interrupted")
		return exitInterrupted
	}

	code := exitOK
	for k, r := range results {
		if r.err != nil {
			fmt.Fprintf(e.stderr, "gavel bench: %s: %v\n", markets[k].Name, r.err)
			code = exitFailure
			continue
		}
		for _, rec := range r.records {
			if rec.err != nil {
				fmt.Fprintf(e.stderr, "gavel bench: %s: %s with %s: %v\n", markets[k].Name, rec.m.Rule, rec.m.Payment, rec.err)
				code = exitFailure
			}
		}
	}
	rep := newBenchReport(o, c, policy, markets, results)
	if err := rep.write(e, o); err != nil {
		fmt.Fprintf(e.stderr, "gavel bench: %v\n", err)
		return exitFailure
	}
	return code
}

// benchOne runs every pair of rules on one market.
func benchOne(ctx context.Context, mk *benchMarket, k int, policy auction.Policy, c *benchConfig) benchResult {
	in, err := mk.instance()
	if err != nil {
		return benchResult{err: err, currency: auction.DefaultCurrency.Code, decimals: auction.DefaultCurrency.Decimals}
	}
	if !policy.IsZero() {
		if in, err = policy.Apply(in); err != nil {
			return benchResult{err: err}
		}
	}
	if err := in.Validate(); err != nil {
		return benchResult{err: err}
	}
	opts := c.opts
	cur := in.CurrencyOrDefault()
	res := benchResult{currency: cur.Code, decimals: cur.Decimals}

	// The allocations, and the optimum they are measured against.
	outcomes := make(map[string]mechanism.Outcome, len(c.rules))
	var perItem mechanism.PerItemOutcome
	allocErr := map[string]error{}
	for _, rule := range c.rules {
		var out mechanism.Outcome
		var err error
		if rule == mechanism.RulePerItem {
			perItem, err = mechanism.AllocatePerItem(ctx, in, opts)
			out = perItem.Outcome
		} else {
			out, err = mechanism.Allocate(ctx, in, rule, opts)
		}
		if err != nil {
			allocErr[rule] = err
			continue
		}
		outcomes[rule] = out
	}
	opt, ok := outcomes[mechanism.RuleOptimal]
	if !ok && allocErr[mechanism.RuleOptimal] == nil {
		if opt, err = mechanism.Allocate(ctx, in, mechanism.RuleOptimal, opts); err != nil {
			return benchResult{err: fmt.Errorf("reference solve: %w", err)}
		}
	}
	res.noAward = errors.Is(allocErr[mechanism.RuleOptimal], mechanism.ErrNoAward)
	res.optimum, res.optimumProven = opt.Objective, opt.Optimal
	if !opt.Optimal && opt.Result != nil {
		res.optimum = opt.Result.Bound
	}

	for _, rule := range c.rules {
		out := outcomes[rule]
		var core *mechanism.Payments
		vcgAt := -1
		for _, pr := range c.payments {
			rec := benchRecord{market: k, m: mechanism.Metrics{Rule: rule, Payment: pr, CoreViolations: -1}}
			switch {
			case allocErr[rule] != nil:
				rec.err = allocErr[rule]
			case rule == mechanism.RulePerItem && pr != mechanism.PaymentPayAsBid:
				rec.skipped = "per-item is priced pay-as-bid on the pieces sold"
			case rule == mechanism.RulePerItem:
				rec.m = mechanism.MeasurePerItem(in, perItem, res.optimum)
			default:
				pay, err := mechanism.PayAnyway(ctx, in, out, pr, opts)
				if err != nil {
					rec.err = err
					break
				}
				rec.m = mechanism.Measure(in, out, pay, res.optimum)
				if pr == mechanism.PaymentPayAsBid && !res.optimumProven && !out.Optimal {
					rec.m.CoreViolations = -1 // measured against a bound, not the optimum: unknown
				}
				if pr == mechanism.PaymentCore {
					core = &pay
				}
				if pr == mechanism.PaymentVCG {
					vcgAt = len(res.records)
				}
				if pr != mechanism.PaymentPayAsBid && !out.Optimal {
					rec.flags = append(rec.flags, "allocation not proven optimal")
				} else if !pay.Exact {
					rec.flags = append(rec.flags, "payments not exact (a limit stopped a re-solve)")
				}
			}
			res.records = append(res.records, rec)
		}
		if core != nil && vcgAt >= 0 {
			res.records[vcgAt].m.CoreViolations = mechanism.VCGBlocked(*core)
		}
	}
	return res
}

// benchProgress draws a progress bar on a terminal, or prints a line per
// market with -v, and nothing when neither. The bar appears only once the
// run has lasted a second, and is redrawn at most every 100 ms.
type benchProgress struct {
	w        io.Writer
	on, tty  bool
	total    int
	start    time.Time
	mu       sync.Mutex
	finished int
	drawn    bool
	last     time.Time
}

func newBenchProgress(w io.Writer, total int, on, tty bool) *benchProgress {
	return &benchProgress{w: w, on: on, tty: tty, total: total, start: time.Now()}
}

func (p *benchProgress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finished++
	if !p.on {
		return
	}
	el := time.Since(p.start)
	if !p.tty {
		fmt.Fprintf(p.w, "gavel bench: %d/%d markets, %.1fs\n", p.finished, p.total, el.Seconds())
		return
	}
	if el < time.Second || (time.Since(p.last) < 100*time.Millisecond && p.finished < p.total) {
		return
	}
	p.last = time.Now()
	const width = 30
	n := width * p.finished / max(p.total, 1)
	eta := ""
	if p.finished < p.total {
		rest := time.Duration(float64(el) / float64(p.finished) * float64(p.total-p.finished))
		eta = fmt.Sprintf(", about %s left", rest.Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d markets, %s%s\x1b[K", strings.Repeat("#", n), strings.Repeat(" ", width-n),
		p.finished, p.total, el.Round(time.Second), eta)
	p.drawn = true
}

func (p *benchProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}

// sameFiles reports two of the paths that name the same file: the same
// path, or two paths to one file (os.SameFile). Paths that cannot be read
// are left to the loading, which reports them.
func sameFiles(paths []string) (string, string, bool) {
	var infos []os.FileInfo
	var names []string
	for _, p := range paths {
		if p == "-" {
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		for k, prev := range infos {
			if os.SameFile(prev, fi) {
				return names[k], p, true
			}
		}
		infos, names = append(infos, fi), append(names, p)
	}
	return "", "", false
}
