// Command harness runs the winner-determination benchmark suite of issue 5:
// it generates a fixed suite of instances (auction/gen), solves each with
// gavel (solver.Solve, in this process) and, where installed, with CBC and
// GLPK on the same model exported as a CPLEX LP file (solver.WriteLP),
// checks that their answers agree, and writes a markdown table of times,
// gaps, medians and the targets gavel misses.
//
// Run it through benchmarks/run.sh, which builds it with the Clp engine
// when pkg-config finds Clp:
//
//	benchmarks/run.sh --sizes small --time-limit 60s --update-readme
//
// Exit status: 0 when every answer agrees (whether or not the targets are
// met), 1 when solvers disagree, an award fails the certificate or a case
// cannot run, 2 for a usage error, 130 when interrupted.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
)

const (
	exitOK          = 0
	exitDisagree    = 1
	exitUsage       = 2
	exitInterrupted = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the harness's flags.
type options struct {
	sizes        string
	only         string
	seeds        int
	timeLimit    time.Duration
	grace        time.Duration
	solvers      []string
	engine       string
	threads      int
	cbcThreads   int
	jobs         int
	out          string
	jsonOut      string
	updateReadme bool
	readme       string
	workdir      string
}

const usage = `Usage:
  harness [--sizes small,medium,national|all] [--only REGEX] [--seeds N]
          [--time-limit 60s] [--solvers gavel,cbc,glpk] [--jobs N]
          [--out FILE] [--json FILE] [--update-readme] [--workdir DIR]

Runs the winner-determination suite (CATS regions, arbitrary, paths,
scheduling, L2, L3, L4, L6, L7 at 256 × 1,000 [small] and 1,000 × 5,000
[medium]; ddu at 200 × 1,000 [small], 2,000 × 10,000 [medium] and
18,000 × 100,000 [national]) with gavel and, where installed, CBC and GLPK
on the exported LP file; checks that the answers agree; prints a markdown
report (or writes it to --out and, with --update-readme, into
benchmarks/README.md between the wdp-results markers). Cases are named
family/GOODSxBIDS/sSEED for --only, e.g. --only '^(regions|ddu)/'.

Exit status:
  0    every answer agrees (targets may still be missed: see the report)
  1    a disagreement, a failed certificate, or a case that could not run
  2    usage error
  130  interrupted (the report holds the finished cases)

Flags:
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	fs := pflag.NewFlagSet("harness", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.sizes, "sizes", sizeSmall, "size classes to run: small, medium, national (comma-separated), or all")
	fs.StringVar(&o.only, "only", "", "run only the cases whose name (family/GOODSxBIDS/sSEED) matches this regular expression")
	fs.IntVar(&o.seeds, "seeds", 1, "seeds per family and size (1..N); tables give medians over them")
	fs.DurationVar(&o.timeLimit, "time-limit", 60*time.Second, "time limit of each solver on each instance")
	fs.DurationVar(&o.grace, "grace", 5*time.Second, "how long past the time limit a solver may run before it is killed")
	fs.StringSliceVar(&o.solvers, "solvers", []string{"gavel", "cbc", "glpk"}, "solvers to run; cbc and glpk are skipped when not installed")
	fs.StringVar(&o.engine, "engine", "", "gavel's LP engine: clp or native (default: clp when built in)")
	fs.IntVar(&o.threads, "threads", 0, "gavel's threads (default: GOMAXPROCS)")
	fs.IntVar(&o.cbcThreads, "cbc-threads", 0, "CBC's -threads (default: CBC's own, one thread)")
	fs.IntVar(&o.jobs, "jobs", 1, "cases run at the same time (more than 1 disturbs the timings; peak RSS is then not measured)")
	fs.StringVar(&o.out, "out", "", "write the markdown report to FILE instead of standard output")
	fs.StringVar(&o.jsonOut, "json", "", "also write every measurement as JSON to FILE")
	fs.BoolVar(&o.updateReadme, "update-readme", false, "write the report into the README between the wdp-results markers")
	fs.StringVar(&o.readme, "readme", "", "README to update (default: benchmarks/README.md of the module)")
	fs.StringVar(&o.workdir, "workdir", "", "keep the LP files and solver logs in DIR (default: a temporary directory, removed)")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "harness: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	cfg, code := o.validate(stderr)
	if code != exitOK {
		return code
	}
	rep, err := runSuite(ctx, cfg, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "harness:", err)
		return exitDisagree
	}
	if err := cfg.write(rep, stdout); err != nil {
		fmt.Fprintln(stderr, "harness:", err)
		return exitDisagree
	}
	switch {
	case rep.failed():
		fmt.Fprintln(stderr, "harness: DISAGREEMENT: see the report")
		for _, d := range rep.disagreements() {
			fmt.Fprintln(stderr, "  "+d)
		}
		return exitDisagree
	case ctx.Err() != nil:
		return exitInterrupted
	}
	return exitOK
}

// config is the validated plan of a run.
type config struct {
	options
	cases     []Case
	gavel     bool
	externals []external
	versions  []string
	command   string
}

func (o options) validate(stderr io.Writer) (*config, int) {
	usageErr := func(format string, a ...any) (*config, int) {
		fmt.Fprintf(stderr, "harness: "+format+"\n", a...)
		return nil, exitUsage
	}
	classes, err := parseClasses(o.sizes)
	if err != nil {
		return usageErr("%v", err)
	}
	var only *regexp.Regexp
	if o.only != "" {
		if only, err = regexp.Compile(o.only); err != nil {
			return usageErr("--only: %v", err)
		}
	}
	if o.seeds < 1 {
		return usageErr("--seeds must be at least 1")
	}
	if o.timeLimit <= 0 {
		return usageErr("--time-limit must be positive")
	}
	if o.jobs < 1 {
		return usageErr("--jobs must be at least 1")
	}
	cfg := &config{options: o, cases: buildSuite(classes, only, o.seeds)}
	if len(cfg.cases) == 0 {
		return usageErr("no case matches --sizes %s --only %q", o.sizes, o.only)
	}
	cfg.versions = append(cfg.versions, "Go "+strings.TrimPrefix(goVersion(), "go"))
	for _, s := range o.solvers {
		switch strings.ToLower(s) {
		case "gavel":
			cfg.gavel = true
			opts := solver.Options{Engine: o.engine, Threads: o.threads}
			if err := opts.Validate(); err != nil {
				return usageErr("%v", err)
			}
			cfg.versions = append(cfg.versions, gavelVersion(o.engine, o.threads))
		case "cbc":
			x := cbc(o.cbcThreads)
			if !x.installed() {
				fmt.Fprintln(stderr, "harness: cbc not found in PATH: CBC skipped (apt-get install coinor-cbc)")
				continue
			}
			cfg.externals = append(cfg.externals, x)
			v := "CBC " + solverVersion("cbc", []string{"-quit"}, "Version:")
			if o.cbcThreads > 0 {
				v += fmt.Sprintf(" (%d threads)", o.cbcThreads)
			} else {
				v += " (one thread)"
			}
			cfg.versions = append(cfg.versions, v)
		case "glpk":
			if !glpk.installed() {
				fmt.Fprintln(stderr, "harness: glpsol not found in PATH: GLPK skipped (apt-get install glpk-utils)")
				continue
			}
			cfg.externals = append(cfg.externals, glpk)
			cfg.versions = append(cfg.versions, "GLPK "+solverVersion("glpsol", []string{"--version"}, "GLPSOL"))
		default:
			return usageErr("--solvers: unknown solver %q (want gavel, cbc, glpk)", s)
		}
	}
	if !cfg.gavel && len(cfg.externals) == 0 {
		return usageErr("no solver to run")
	}
	cfg.command = commandLine(o)
	if o.updateReadme && o.readme == "" {
		root, err := moduleRoot()
		if err != nil {
			return usageErr("--update-readme: %v (give --readme)", err)
		}
		cfg.readme = filepath.Join(root, "benchmarks", "README.md")
	}
	return cfg, exitOK
}

// runSuite runs every case, up to --jobs at a time, and returns the
// report with the results in suite order. An interruption stops it
// between cases; the report then holds the cases finished.
func runSuite(ctx context.Context, cfg *config, stderr io.Writer) (*Report, error) {
	rep := &Report{
		Started:   time.Now(),
		Command:   cfg.command,
		Machine:   machine(),
		Versions:  cfg.versions,
		TimeLimit: fmt.Sprintf("%g s", cfg.timeLimit.Seconds()),
		LoadStart: loadAverage(),
	}
	defer func() { rep.LoadEnd = loadAverage() }()
	if cfg.gavel {
		rep.Solvers = append(rep.Solvers, "gavel")
	}
	for _, x := range cfg.externals {
		rep.Solvers = append(rep.Solvers, x.name)
	}
	dir := cfg.workdir
	if dir == "" {
		d, err := os.MkdirTemp("", "gavel-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}

	results := make([]*CaseResult, len(cfg.cases))
	next := make(chan int)
	var wg sync.WaitGroup
	var logMu sync.Mutex
	for range cfg.jobs {
		wg.Go(func() {
			for i := range next {
				r := runCase(ctx, cfg, cfg.cases[i], dir)
				results[i] = &r
				logMu.Lock()
				fmt.Fprintln(stderr, progressLine(r))
				logMu.Unlock()
			}
		})
	}
	for i := range cfg.cases {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for _, r := range results {
		if r != nil && (ctx.Err() == nil || !interrupted(r)) {
			rep.Results = append(rep.Results, *r)
		}
	}
	return rep, nil
}

// interrupted reports whether a case was cut short by the interruption
// (its runs then measure nothing).
func interrupted(r *CaseResult) bool {
	for _, o := range r.Outcomes {
		if o.Status == StatusKilled || o.Status == StatusError {
			return true
		}
	}
	return false
}

// runCase generates one case, exports it when an external solver runs,
// runs every solver one after the other and cross-checks their answers.
func runCase(ctx context.Context, cfg *config, c Case, dir string) CaseResult {
	r := CaseResult{Case: c}
	start := time.Now()
	in, err := gen.Generate(c.Family, gen.Config{Goods: c.Goods, Bids: c.Bids, Seed: c.Seed})
	if err == nil {
		err = in.Validate()
	}
	r.GenSeconds = time.Since(start).Seconds()
	if err != nil {
		r.Err = fmt.Sprintf("generate: %v", err)
		return r
	}
	lp := filepath.Join(dir, c.FileStem()+".lp")
	if len(cfg.externals) > 0 {
		if err := writeLP(lp, in); err != nil {
			r.Err = fmt.Sprintf("export: %v", err)
			return r
		}
	}
	if cfg.gavel {
		opts := solver.Options{Engine: cfg.engine, Threads: cfg.threads, TimeLimit: cfg.timeLimit}
		r.Outcomes = append(r.Outcomes, runGavel(ctx, in, opts, cfg.grace, cfg.jobs == 1))
	}
	for _, x := range cfg.externals {
		stem := filepath.Join(dir, c.FileStem()+"."+strings.ToLower(x.name))
		r.Outcomes = append(r.Outcomes, x.run(ctx, lp, cfg.timeLimit, cfg.grace, stem+".sol", stem+".log"))
	}
	if cfg.workdir == "" {
		_ = os.Remove(lp)
	}
	r.Disagreements = crossCheck(r.Outcomes)
	return r
}

// progressLine is the one-line summary of a case printed as it finishes.
func progressLine(r CaseResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-28s", r.Case.Key())
	if r.Err != "" {
		b.WriteString(" ERROR " + r.Err)
		return b.String()
	}
	for _, o := range r.Outcomes {
		fmt.Fprintf(&b, "  %s %s %ss", o.Solver, o.Status, fmtSeconds(o.Seconds))
		if o.Status != StatusOptimal {
			b.WriteString(" gap " + fmtGap(o))
		}
	}
	for _, d := range r.Disagreements {
		b.WriteString("\n    DISAGREEMENT: " + d)
	}
	return b.String()
}

// write puts the report where the flags say.
func (cfg *config) write(rep *Report, stdout io.Writer) error {
	var md strings.Builder
	if err := rep.writeMarkdown(&md); err != nil {
		return err
	}
	if cfg.out != "" {
		if err := os.WriteFile(cfg.out, []byte(md.String()), 0o644); err != nil {
			return err
		}
	} else if _, err := io.WriteString(stdout, md.String()); err != nil {
		return err
	}
	if cfg.jsonOut != "" {
		data, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(cfg.jsonOut, append(data, '\n'), 0o644); err != nil {
			return err
		}
	}
	if cfg.updateReadme {
		if err := updateReadme(cfg.readme, []byte(md.String())); err != nil {
			return err
		}
	}
	return nil
}

// commandLine is how the report names the run: run.sh with the flags
// that differ from their defaults.
func commandLine(o options) string {
	parts := []string{"benchmarks/run.sh"}
	add := func(flag, val string) { parts = append(parts, flag+" "+val) }
	if o.sizes != sizeSmall {
		add("--sizes", o.sizes)
	}
	if o.only != "" {
		add("--only", "'"+o.only+"'")
	}
	if o.seeds != 1 {
		add("--seeds", fmt.Sprint(o.seeds))
	}
	if o.timeLimit != 60*time.Second {
		add("--time-limit", o.timeLimit.String())
	}
	if !slices.Equal(o.solvers, []string{"gavel", "cbc", "glpk"}) {
		add("--solvers", strings.Join(o.solvers, ","))
	}
	if o.engine != "" {
		add("--engine", o.engine)
	}
	if o.threads != 0 {
		add("--threads", fmt.Sprint(o.threads))
	}
	if o.cbcThreads != 0 {
		add("--cbc-threads", fmt.Sprint(o.cbcThreads))
	}
	if o.jobs != 1 {
		add("--jobs", fmt.Sprint(o.jobs))
	}
	return strings.Join(parts, " ")
}
