package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/mechanism"
	"github.com/spf13/pflag"
)

type solveOptions struct {
	format  string
	json    bool
	verbose bool

	engine    string
	threads   int
	timeLimit time.Duration
	gap       float64
	nodeLimit int64

	policyFlags

	rule    string // allocation rule (mechanism.AllocationRules); "" = optimal
	payment string // payment rule (mechanism.PaymentRules); "" = none beyond pay-as-bid
}

func solveCmd() *command {
	return &command{
		name:     "solve",
		summary:  "find the revenue-maximizing award and prove it optimal",
		synopsis: "gavel solve [flags] FILE",
		help: `Solve reads one bid file (FILE, or - for standard input; formats as in
gavel check), finds the award of largest pay-as-bid revenue that meets every
rule of the auction, and proves it optimal: no award can earn more than the
bound it prints. The award is checked by gavel's independent certificate
before it is printed.

By default it prints a table: the status, revenue, proven bound and gap,
the work done, the winning bids of each bidder (fraction won, the bid's
price for its whole bundle, payment, volume), each bidder's payment, volume
and share of the awarded volume, and, for items with a region, each region's
capacity, awarded volume, fill and number of winning bidders. With --json
it prints one JSON document instead (its fields are in cmd/gavel/solve.md;
money is in major units, written exactly: 108684.5 is $108,684.50).

A time limit, node limit or Ctrl-C stops the search early: the best award
found so far is printed with status feasible (a limit) or canceled (Ctrl-C),
with the proven bound and the gap between the two. --time-limit counts from
the start of the command, reading the file included; with --payment vcg or
core, the payments' re-solves share what the allocation left of it, and are
flagged not exact when it runs out. --gap stops the search as soon as the
award is proven within that relative distance of optimal: its status is
then feasible (a gap limit is not a proof of optimality), and the exit
status 0.

Policy flags change the auction's rules before solving, without editing the
file: --max-share replaces the file's max-share rule, --max-items caps every
bidder's max-items, --reserve-scale multiplies every reserve (rounded to
the nearest minor unit, a cent for USD; halves up), and --min-winners K
replaces the file's min-winners rule: in every region (the items sharing a
region label) at least K distinct bidders must win some volume. That rule
is strict: where fewer than K bidders can win in a region, no award
satisfies the auction and the status is infeasible (exit status 1); a
limit that stops the search before it finds any award gives the status
no-award (exit status 3). per-item refuses the rule, and vcg and core
refuse a market where removing a winner leaves no award (exit status 2);
under the rule, core counts only coalitions that could meet it alone.

--rule chooses another allocation rule than the exact solver (greedy,
lp-round, per-item, fcfs; see gavel help bench): the award it gives is
printed with status feasible and no bound, and the exit status is 0.
--payment adds what each bidder pays under a payment rule (pay-as-bid, vcg,
core) to the Bidders table and to the JSON document (payments, and
rule_payment per bidder). VCG and core payments on an award not proven
optimal are computed but flagged as not to be trusted. Under per-item,
bidders pay for the pieces they bought (pay-as-bid only), and the JSON says
each bidder's exposure: what it pays beyond the value it can use.

Progress (incumbent, bound, gap, nodes, open nodes, elapsed time) goes to
standard error about once a second when it is a terminal, or with -v.

Examples:
  gavel solve examples/los-angeles.bids
  gavel solve --json --time-limit 30s market.bids > award.json
  gavel solve --max-share 1/2 --reserve-scale 1.1 examples/los-angeles.bids
  gavel solve --min-winners 2 examples/los-angeles.bids
  gavel solve --payment vcg examples/los-angeles.bids
  gavel solve --rule greedy --payment pay-as-bid --json examples/los-angeles.bids
  gavel gen --dist regions --goods 256 --bids 1000 | gavel solve -v --gap 0.001 --time-limit 60s -

Exit status:
  0    solved: optimal, or within --gap of optimal
  1    failure (I/O error, internal error; also an auction that no award satisfies)
  2    usage error (bad flags or arguments, an engine this binary lacks)
  3    stopped by --time-limit or --node-limit; the best award found is printed
  4    invalid input (diagnostics printed on stderr, nothing on stdout)
  130  interrupted (Ctrl-C); the best award found is printed
`,
		flags: func(fs *pflag.FlagSet) any {
			o := &solveOptions{}
			fs.StringVar(&o.format, "format", "", "input format: bids, json or cats (default: from the extension or content)")
			fs.BoolVar(&o.json, "json", false, "print the result as one JSON document")
			fs.BoolVarP(&o.verbose, "verbose", "v", false, "print progress to stderr even when it is not a terminal")
			fs.DurationVar(&o.timeLimit, "time-limit", 0, "stop after this long, e.g. 30s or 5m (0 = no limit)")
			fs.Float64Var(&o.gap, "gap", 0, "stop once within this relative gap of optimal, e.g. 0.01 (default 1e-9)")
			int64Flag(fs, &o.nodeLimit, "node-limit", 0, "stop each component's search after this many nodes, its heuristics' sub-search nodes included (0 = no limit)")
			intFlag(fs, &o.threads, "threads", 0, "threads of the solve, 1 to 1024: components searched at once, and the parallel steps of each (default: the number of CPUs)")
			fs.StringVar(&o.engine, "engine", "", "LP engine, clp or native; this binary has "+strings.Join(solver.Engines(), ", ")+" (default "+solver.Engines()[0]+")")
			o.policyFlags.add(fs)
			fs.StringVar(&o.rule, "rule", "", "allocation rule: "+strings.Join(mechanism.AllocationRules(), ", ")+" (default optimal)")
			fs.StringVar(&o.payment, "payment", "", "also compute payments under this rule: "+strings.Join(mechanism.PaymentRules(), ", "))
			return o
		},
		run: runSolve,
	}
}

func runSolve(e *env, opts any, args []string) int {
	o := opts.(*solveOptions)
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, "gavel solve: want exactly one FILE (or - for standard input)")
		return exitUsage
	}
	if code, ok := checkFormatFlag(e, "solve", o.format); !ok {
		return code
	}
	sopts, err := o.solverOptions()
	if err != nil {
		fmt.Fprintf(e.stderr, "gavel solve: %v\n", err)
		return exitUsage
	}
	policy, err := o.policy()
	if err != nil {
		fmt.Fprintf(e.stderr, "gavel solve: %v\n", err)
		return exitUsage
	}
	if err := o.checkRules(); err != nil {
		fmt.Fprintf(e.stderr, "gavel solve: %v\n", err)
		return exitUsage
	}

	path := args[0]
	start := time.Now() // --time-limit counts from here: reading the file is part of the job
	in, warnings, err := loadInstanceWarnings(e, path, o.format)
	if err != nil {
		return reportLoadError(e, "solve", err)
	}
	orig := in
	if !policy.IsZero() {
		if in, err = policy.Apply(in); err != nil {
			fmt.Fprintf(e.stderr, "gavel solve: %s: %v\n", displayName(path), err)
			return exitInvalid
		}
		if warnings > 0 && (policy.MaxShare.IsSet() || policy.MaxItems > 0 || policy.ReserveScale.IsSet()) {
			// A warning that a bid can never win (below its reserve, over
			// the max-share limit) was about the rules of the file.
			fmt.Fprintf(e.stderr, "gavel solve: note: the warnings above are about %s as written; the policy flags change which bids can win\n", displayName(path))
		}
	}
	if o.verbose || isTerminal(e.stderr) {
		dec := in.CurrencyOrDefault().Decimals
		sopts.Progress = func(p solver.Progress) { fmt.Fprintln(e.stderr, progressLine(p, dec)) }
	}

	if o.rule != "" || o.payment != "" {
		return runSolveRule(e, o, path, orig != in, in, policy, sopts, start)
	}
	res, err := solver.Solve(e.ctx, in, o.allocationOptions(sopts, start))
	if err != nil {
		return reportSolveError(e, path, orig != in, err)
	}
	rep := newSolveReport(displayName(path), in, policy, res)
	rep.askedGap = o.gap
	return printSolveReport(e, o, rep, res.Status)
}

// printSolveReport prints the report as JSON or a table and returns the exit
// status of a solve that ended with the status.
func printSolveReport(e *env, o *solveOptions, rep *solveReport, status solver.Status) int {
	var buf bytes.Buffer
	if o.json {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(e.stderr, "gavel solve: %v\n", err)
			return exitFailure
		}
	} else {
		rep.writeText(&buf)
	}
	if code := flush(e, &buf); code != exitOK {
		return code
	}
	if rep.Rule != "" && rep.Rule != mechanism.RuleOptimal && status != solver.Infeasible {
		return exitOK // a heuristic rule: its award is what it is
	}
	switch status {
	case solver.Optimal:
		return exitOK
	case solver.Feasible:
		if rep.withinAskedGap() {
			return exitOK
		}
		fmt.Fprintf(e.stderr, "gavel solve: stopped by a limit with a gap of %s; the best award found is printed\n", percent(rep.gap))
		return exitLimit
	case solver.Canceled:
		fmt.Fprintf(e.stderr, "gavel solve: interrupted with a gap of %s; the best award found is printed\n", percent(rep.gap))
		return exitInterrupted
	case solver.NoAward:
		fmt.Fprintln(e.stderr, "gavel solve: stopped before any award satisfying the rules (min-winners) was found; only the bound is printed")
		return exitLimit
	default: // Infeasible
		if rep.noAward != nil {
			fmt.Fprintf(e.stderr, "gavel solve: %v\n", rep.noAward)
			return exitFailure
		}
		fmt.Fprintln(e.stderr, "gavel solve: no award satisfies the auction's constraints")
		return exitFailure
	}
}

// solverOptions checks the numeric flags and the engine, so that a bad
// command line fails before the input is read.
func (o *solveOptions) solverOptions() (solver.Options, error) {
	switch {
	case o.timeLimit < 0:
		return solver.Options{}, fmt.Errorf("--time-limit %v must not be negative", o.timeLimit)
	case !(o.gap >= 0 && o.gap < 1):
		return solver.Options{}, fmt.Errorf("--gap %v must be at least 0 and below 1", o.gap)
	case o.nodeLimit < 0:
		return solver.Options{}, fmt.Errorf("--node-limit %d must not be negative", o.nodeLimit)
	case o.threads < 0:
		return solver.Options{}, fmt.Errorf("--threads %d must not be negative", o.threads)
	}
	opts := solver.Options{Engine: o.engine, Threads: o.threads, RelGap: o.gap, TimeLimit: o.timeLimit, NodeLimit: o.nodeLimit}
	if err := opts.Validate(); err != nil {
		if errors.Is(err, solver.ErrEngine) {
			hint := ""
			if o.engine == solver.EngineClp {
				hint = " (clp needs a build with -tags clp)"
			}
			return solver.Options{}, fmt.Errorf("--engine: no LP engine %q in this binary%s; available: %s",
				o.engine, hint, strings.Join(solver.Engines(), ", "))
		}
		return solver.Options{}, err
	}
	return opts, nil
}

// allocationOptions are the options of the allocation: its time limit is
// what is left of --time-limit since start, when the command began to read
// its input (at least a nanosecond: the solve then returns at once with
// the best award it has). The payments get what is left after the
// allocation, shared by all their re-solves (mechanism.Pay), so that
// --time-limit bounds the whole command.
func (o *solveOptions) allocationOptions(sopts solver.Options, start time.Time) solver.Options {
	if o.timeLimit > 0 {
		sopts.TimeLimit = max(o.timeLimit-time.Since(start), time.Nanosecond)
	}
	return sopts
}

// policyFlags are the policy flags of solve, export and bench.
type policyFlags struct {
	maxShare     string // a ratio; "" = the file's rule
	maxItems     int
	minWinners   int
	reserveScale string // a ratio; "" = the file's reserves
}

// add defines the policy flags on fs.
func (o *policyFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&o.maxShare, "max-share", "", "policy: most any bidder wins of an item, as a ratio such as 0.5 or 1/2 (replaces the file's rule)")
	intFlag(fs, &o.maxItems, "max-items", 0, "policy: most items any bidder wins volume on (caps each bidder's max-items)")
	intFlag(fs, &o.minWinners, "min-winners", 0, "policy: fewest distinct winning bidders in every region, e.g. 2 (replaces the file's rule)")
	fs.StringVar(&o.reserveScale, "reserve-scale", "", "policy: multiply every item's reserve by this ratio, e.g. 1.1")
}

// policy reads the policy flags.
func (o *policyFlags) policy() (auction.Policy, error) {
	var p auction.Policy
	var err error
	if o.maxShare != "" {
		if p.MaxShare, err = parseRatioFlag(o.maxShare, "0.5", "1/2"); err != nil {
			return p, fmt.Errorf("--max-share: %v", err)
		}
		if r := p.MaxShare; r.Num <= 0 || r.Num > r.Den {
			return p, fmt.Errorf("--max-share %s must be above 0 and at most 1", o.maxShare)
		}
	}
	if o.maxItems < 0 {
		return p, fmt.Errorf("--max-items %d must not be negative", o.maxItems)
	}
	p.MaxItems = o.maxItems
	if o.minWinners < 0 {
		return p, fmt.Errorf("--min-winners %d must not be negative (0: the file's rule)", o.minWinners)
	}
	p.MinWinners = o.minWinners
	if o.reserveScale != "" {
		if p.ReserveScale, err = parseRatioFlag(o.reserveScale, "1.1", "11/10"); err != nil {
			return p, fmt.Errorf("--reserve-scale: %v", err)
		}
	}
	return p, p.Validate()
}

// parseRatioFlag reads a non-negative ratio written as a decimal ("0.5")
// or a fraction ("1/2"). The error names the value and says what would be
// read, with the examples given (a decimal and a ratio that suit the flag).
func parseRatioFlag(s, decimal, ratio string) (auction.Ratio, error) {
	bad := func(why string) (auction.Ratio, error) { return auction.Ratio{}, fmt.Errorf("%q %s", s, why) }
	if strings.HasPrefix(s, "-") {
		return bad("must not be negative")
	}
	num, den, isRatio := strings.Cut(s, "/")
	if !isRatio {
		r, err := auction.ParseRatio(s)
		switch {
		case err == nil:
			return r, nil
		case errors.Is(err, auction.ErrRange):
			return bad("is too large: it must be below 1000")
		case errors.Is(err, auction.ErrPrecision):
			return bad("has more than 15 decimals")
		}
	} else {
		n, err1 := strconv.ParseInt(num, 10, 64)
		d, err2 := strconv.ParseInt(den, 10, 64)
		if err1 == nil && err2 == nil && n >= 0 && d > 0 {
			return auction.Ratio{Num: n, Den: d}, nil
		}
	}
	hint := ""
	if _, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if strings.ContainsAny(s, "eE") {
			hint = " (exponents are not read)"
		}
	}
	return bad(fmt.Sprintf("is not a decimal such as %s or a ratio such as %s%s", decimal, ratio, hint))
}

// reportSolveError prints a failed solve and returns the exit code.
func reportSolveError(e *env, path string, policyApplied bool, err error) int {
	var pe *auction.ProblemsError
	switch {
	case errors.As(err, &pe):
		return reportInvalid(e, "solve", path, policyApplied, pe)
	case errors.Is(err, solver.ErrEngine), errors.Is(err, solver.ErrOptions), errors.Is(err, mechanism.ErrUnsupported):
		fmt.Fprintf(e.stderr, "gavel solve: %v\n", err)
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "gavel solve: %v\n", err)
		return exitFailure
	}
}

// reportInvalid prints the problems of an instance that a command found
// invalid after reading it and returns exitInvalid. The file was valid when
// read, so only the policy flags can have made it invalid (a scaled
// reserve whose sums overflow, say).
func reportInvalid(e *env, cmd, path string, policyApplied bool, pe *auction.ProblemsError) int {
	what := "the instance"
	if policyApplied {
		what = "the instance with the policy flags applied"
	}
	fmt.Fprintf(e.stderr, "gavel %s: %s: %s is invalid:\n", cmd, displayName(path), what)
	for _, p := range pe.Problems.Errors() {
		fmt.Fprintf(e.stderr, "  %s\n", p.Error())
	}
	return exitInvalid
}

func displayName(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return path
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressLine formats one progress report, money in major units.
func progressLine(p solver.Progress, decimals int) string {
	return fmt.Sprintf("gavel solve: %6.1fs  incumbent %s  bound %s  gap %s  nodes %s  open %s  components %d/%d",
		p.Elapsed.Seconds(), floatMoney(p.Incumbent, decimals), floatMoney(p.Bound, decimals), percent(p.Gap),
		thousands(p.Nodes), thousands(int64(p.Open)), p.Done, p.Components)
}

// sortedKeys returns a map's keys in order, so that output never depends on
// map iteration.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// checkRules checks --rule and --payment before the input is read.
func (o *solveOptions) checkRules() error {
	if o.rule != "" {
		if _, err := benchList("--rule", o.rule, mechanism.AllocationRules()); err != nil || strings.Contains(o.rule, ",") {
			if err == nil {
				err = fmt.Errorf("--rule: one rule, not a list")
			}
			return err
		}
	}
	if o.payment != "" {
		if _, err := benchList("--payment", o.payment, mechanism.PaymentRules()); err != nil || strings.Contains(o.payment, ",") {
			if err == nil {
				err = fmt.Errorf("--payment: one rule, not a list")
			}
			return err
		}
		if o.rule == mechanism.RulePerItem && o.payment != mechanism.PaymentPayAsBid {
			return fmt.Errorf("--payment %s: per-item is priced pay-as-bid on the pieces sold", o.payment)
		}
	}
	return nil
}

// runSolveRule is gavel solve with --rule or --payment: the award of an
// allocation rule, and the payments of a payment rule.
func runSolveRule(e *env, o *solveOptions, path string, policyApplied bool, in *auction.Instance, policy auction.Policy, sopts solver.Options, start time.Time) int {
	rule := o.rule
	if rule == "" {
		rule = mechanism.RuleOptimal
	}
	var out mechanism.Outcome
	var perItem *mechanism.PerItemOutcome
	var err error
	if rule == mechanism.RulePerItem {
		var p mechanism.PerItemOutcome
		p, err = mechanism.AllocatePerItem(e.ctx, in, o.allocationOptions(sopts, start))
		out, perItem = p.Outcome, &p
	} else {
		out, err = mechanism.Allocate(e.ctx, in, rule, o.allocationOptions(sopts, start))
	}
	if errors.Is(err, mechanism.ErrNoAward) {
		// As the default solve does for an infeasible market: a document
		// with no winners, status infeasible, exit 1. For a heuristic it
		// says what the rule found, not that no award exists.
		res := solver.Result{Status: solver.Infeasible, Bound: math.Inf(-1), Stats: solver.Stats{Bids: len(in.Bids), Elapsed: time.Since(start)}}
		if out.Result != nil { // the exact solver's: infeasible, or stopped by a limit first
			res = *out.Result
		}
		rep := newSolveReport(displayName(path), in, policy, res)
		rep.Rule, rep.noAward = rule, err
		return printSolveReport(e, o, rep, res.Status)
	}
	if err != nil {
		return reportSolveError(e, path, policyApplied, err)
	}
	res := solver.Result{Status: solver.Feasible, Allocation: out.Allocation, Revenue: in.Revenue(out.Allocation),
		Objective: out.Objective, Bound: math.Inf(1), Stats: solver.Stats{Elapsed: out.Elapsed, Bids: len(in.Bids)}}
	if out.Result != nil {
		res = *out.Result
	}
	rep := newSolveReport(displayName(path), in, policy, res)
	rep.askedGap = o.gap
	rep.Rule = rule
	if o.payment != "" {
		var pay mechanism.Payments
		if perItem != nil {
			pay = perItem.Payments()
		} else if pay, err = mechanism.PayAnyway(e.ctx, in, out, o.payment, o.allocationOptions(sopts, start)); err != nil {
			return reportSolveError(e, path, policyApplied, err)
		}
		rep.addPayments(in, pay, perItem)
	}
	return printSolveReport(e, o, rep, res.Status)
}
