package main

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/mechanism"
	"github.com/spf13/pflag"
)

type benchOptions struct {
	rules    string
	payments string
	format   string

	dist  string
	goods int
	bids  int
	seeds string

	jobs      int
	threads   int
	engine    string
	timeLimit time.Duration
	gap       float64
	nodeLimit int64

	policyFlags

	csv     bool
	json    bool
	plot    string
	verbose bool

	fs *pflag.FlagSet // to tell a flag given from one left out
}

func benchCmd() *command {
	return &command{
		name:     "bench",
		summary:  "compare allocation and payment rules on bid files or generated markets",
		synopsis: "gavel bench [flags] FILE...   or   gavel bench --dist NAME [--goods N] [--bids M] [--seeds 1..20] [flags]",
		help: `Bench runs allocation rules and payment rules side by side on bid files
(FILE..., formats as in gavel check, each named once, all in one currency)
or on markets generated like gavel gen
(--dist, --goods, --bids, one market per seed of --seeds), and reports, for
each pair of rules, the median over the markets of each metric with its
spread (the interquartile range, [q1–q3]):

  revenue      what the bidders pay under the payment rule
  efficiency   welfare (Σ value × fraction of the award) / optimal welfare
  winners      bidders awarded something
  HHI          Herfindahl–Hirschman index of awarded volume across bidders
               (0..10,000; above 2,500 is highly concentrated)
  fill         awarded volume / capacity
  core viol.   parts of the market in which a coalition of bidders blocks the
               payments (0: in the core); "-" when not known
  exposed      bidders paying for pieces they cannot use (per-item only)
  time         the allocation rule's run time, and the payment rule's

Allocation rules (--rules): optimal (the exact solver), greedy (Lehmann,
O'Callaghan and Shoham: value / sqrt(size)), lp-round (LP relaxation,
rounding, local search), per-item (every item sold on its own: bundles are
broken up and bidders exposed to partial wins), fcfs (bids in file order).
Payment rules (--payments): pay-as-bid, vcg (Clarke pivot), core
(minimum-revenue core point nearest to VCG). The optimal welfare comes from
the optimal rule (or a reference solve when it is not asked for); when a
limit stops that solve, its proven bound is used, so efficiencies are lower
bounds, and the table says so. VCG and core payments on an allocation not
proven optimal are computed but flagged (!). per-item is priced pay-as-bid
on the pieces sold; vcg and core do not apply to it.

--time-limit applies to each solve (the allocation, and each re-solve of
VCG and core). Markets run in parallel (--jobs), each solve with --threads
threads. Policy flags (--max-share, --max-items, --reserve-scale,
--min-winners) apply to every market, as in gavel solve. A progress bar goes to standard error when
it is a terminal and the run lasts more than a second (-v: progress lines
even when it is not).

Outputs: a table (default), --csv (one row per pair of rules), --json (the
summary and every market's metrics), and --plot FILE.svg, a chart of median
revenue and efficiency (as a share of the optimal welfare) and of winning
bidders, per rule.

Examples:
  gavel bench --dist ddu --goods 200 --bids 1000 --seeds 1..10 --time-limit 20s
  gavel bench --rules optimal,greedy,fcfs --payments pay-as-bid,vcg,core examples/los-angeles.bids
  gavel bench --dist regions --goods 64 --bids 300 --seeds 1..20 --max-share 0.5 --plot rules.svg

Exit status:
  0    done
  1    failure (I/O error, a rule failed on a market)
  2    usage error (bad flags or arguments)
  4    invalid input (diagnostics printed on stderr, nothing on stdout)
  130  interrupted (Ctrl-C); nothing is printed
`,
		flags: func(fs *pflag.FlagSet) any {
			o := &benchOptions{fs: fs}
			fs.StringVar(&o.rules, "rules", strings.Join(mechanism.AllocationRules(), ","), "allocation rules, comma-separated")
			fs.StringVar(&o.payments, "payments", mechanism.PaymentPayAsBid, "payment rules, comma-separated: "+strings.Join(mechanism.PaymentRules(), ", "))
			fs.StringVar(&o.format, "format", "", "input format of the files: bids, json or cats (default: from the extension or content)")
			fs.StringVar(&o.dist, "dist", "", "generate the markets with this distribution (as gavel gen) instead of reading files")
			intFlag(fs, &o.goods, "goods", 0, "goods, or DDUs for ddu, of each generated market (gavel gen's default)")
			intFlag(fs, &o.bids, "bids", 0, "bids of each generated market (gavel gen's default)")
			fs.StringVar(&o.seeds, "seeds", "1..10", "seeds of the generated markets: a range 1..20, a list 1,4,9, or both")
			intFlag(fs, &o.jobs, "jobs", 0, "markets run at once (default: the number of CPUs)")
			intFlag(fs, &o.threads, "threads", 0, "threads of each solve, 1 to 1024 (default: CPUs / jobs, at least 1)")
			fs.StringVar(&o.engine, "engine", "", "LP engine, clp or native; this binary has "+strings.Join(solver.Engines(), ", "))
			fs.DurationVar(&o.timeLimit, "time-limit", 0, "limit of each solve, e.g. 30s (0 = none)")
			fs.Float64Var(&o.gap, "gap", 0, "relative gap at which a solve counts as optimal (default 1e-9)")
			int64Flag(fs, &o.nodeLimit, "node-limit", 0, "node limit of each component of each solve (0 = none)")
			o.policyFlags.add(fs)
			fs.BoolVar(&o.csv, "csv", false, "print the summary as CSV")
			fs.BoolVar(&o.json, "json", false, "print the summary and every market's metrics as one JSON document")
			fs.StringVar(&o.plot, "plot", "", "also write a chart of the summary to FILE.svg (or FILE.png)")
			fs.BoolVarP(&o.verbose, "verbose", "v", false, "print progress to stderr even when it is not a terminal")
			return o
		},
		run: runBench,
	}
}

// benchConfig is a checked command line.
type benchConfig struct {
	rules, payments []string
	seeds           []uint64
	jobs            int
	opts            solver.Options
	so              *solveOptions // policy flags, read by its policy method
}

// check validates the flags that need no input.
func (o *benchOptions) check(args []string) (*benchConfig, error) {
	c := &benchConfig{}
	var err error
	if c.rules, err = benchList("--rules", o.rules, mechanism.AllocationRules()); err != nil {
		return nil, err
	}
	if c.payments, err = benchList("--payments", o.payments, mechanism.PaymentRules()); err != nil {
		return nil, err
	}
	if len(c.rules) == 1 && c.rules[0] == mechanism.RulePerItem && !slices.Contains(c.payments, mechanism.PaymentPayAsBid) {
		// As gavel solve --rule per-item --payment vcg: nothing would run.
		return nil, fmt.Errorf("--rules per-item --payments %s: per-item is priced pay-as-bid on the pieces sold, so no pair of rules applies", strings.Join(c.payments, ","))
	}
	switch {
	case o.dist == "" && len(args) == 0:
		return nil, fmt.Errorf("give bid files, or --dist to generate markets")
	case o.dist != "" && len(args) > 0:
		return nil, fmt.Errorf("give bid files or --dist, not both")
	case o.jobs < 0:
		return nil, fmt.Errorf("--jobs %d must not be negative", o.jobs)
	case o.plot != "" && !strings.HasSuffix(strings.ToLower(o.plot), ".svg") && !strings.HasSuffix(strings.ToLower(o.plot), ".png"):
		return nil, fmt.Errorf("--plot %s: the chart is written as SVG (or PNG); name it FILE.svg (or FILE.png)", o.plot)
	case o.csv && o.json:
		return nil, fmt.Errorf("--csv and --json: choose one")
	}
	if o.dist == "" {
		for _, name := range []string{"goods", "bids", "seeds"} {
			if o.fs != nil && o.fs.Changed(name) {
				return nil, fmt.Errorf("--%s applies to generated markets (--dist), not to bid files", name)
			}
		}
	}
	if o.dist != "" {
		if o.fs != nil {
			if err := checkGenSizes(o.fs, gen.Config{Goods: o.goods, Bids: o.bids}, false); err != nil {
				return nil, err
			}
		}
		if c.seeds, err = parseSeeds(o.seeds); err != nil {
			return nil, fmt.Errorf("--seeds: %v", err)
		}
		known := false
		for _, d := range gen.Distributions() {
			if strings.EqualFold(d.Name, o.dist) {
				o.dist, known = d.Name, true // case-insensitive, as gavel gen
			}
		}
		if !known {
			return nil, fmt.Errorf("--dist: unknown distribution %q; run 'gavel help gen' for the list", o.dist)
		}
	}
	c.jobs = o.jobs
	if c.jobs == 0 {
		c.jobs = runtime.GOMAXPROCS(0)
	}
	c.so = &solveOptions{engine: o.engine, threads: o.threads, timeLimit: o.timeLimit, gap: o.gap, nodeLimit: o.nodeLimit,
		policyFlags: o.policyFlags}
	if c.so.threads == 0 {
		c.so.threads = max(1, runtime.GOMAXPROCS(0)/c.jobs)
	}
	if c.opts, err = c.so.solverOptions(); err != nil {
		return nil, err
	}
	if _, err := c.so.policy(); err != nil {
		return nil, err
	}
	return c, nil
}

// benchList reads a comma-separated list of names, each one of known, in
// the order given, without repeats.
func benchList(flag, s string, known []string) ([]string, error) {
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		ok := false
		for _, k := range known {
			ok = ok || k == name
		}
		if !ok {
			best, bestD := "", 3
			for _, k := range known {
				if d := editDistance(name, k); d < bestD {
					best, bestD = k, d
				}
			}
			hint := ""
			if best != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", best)
			}
			return nil, fmt.Errorf("%s: unknown rule %q%s; known: %s", flag, name, hint, strings.Join(known, ", "))
		}
		dup := false
		for _, x := range out {
			dup = dup || x == name
		}
		if !dup {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no rule given", flag)
	}
	return out, nil
}

// parseSeeds reads "1..20", "1,4,9" or a mix ("1..3,7"), at most 100,000
// seeds, none twice (a market counted twice would skew the medians).
func parseSeeds(s string) ([]uint64, error) {
	var out []uint64
	seen := map[uint64]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "..")
		a, err := strconv.ParseUint(lo, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a seed, a list 1,4,9 or a range 1..20", part)
		}
		b := a
		if isRange {
			if b, err = strconv.ParseUint(hi, 10, 64); err != nil || b < a {
				return nil, fmt.Errorf("%q is not a range such as 1..20", part)
			}
		}
		if b-a >= 100000 || len(out)+int(b-a) >= 100000 {
			return nil, fmt.Errorf("too many seeds (at most 100,000)")
		}
		for x := a; ; x++ {
			if seen[x] {
				return nil, fmt.Errorf("seed %d is given twice", x)
			}
			seen[x] = true
			out = append(out, x)
			if x == b {
				break
			}
		}
	}
	return out, nil
}
