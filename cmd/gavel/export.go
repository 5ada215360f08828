package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/spf13/pflag"
)

type exportOptions struct {
	to     string
	format string

	// Policy flags, as gavel solve's: the model written is the one that
	// gavel solve with the same flags solves.
	policyFlags
}

func exportCmd() *command {
	return &command{
		name:     "export",
		summary:  "write the winner-determination MIP as CPLEX LP or MPS",
		synopsis: "gavel export --to lp|mps [--format F] [--max-share R] [--max-items N] [--min-winners K] [--reserve-scale R] FILE",
		help: `Export reads one bid file (FILE, or - for standard input) and writes the
winner-determination problem gavel solves, as a mixed-integer program, in
CPLEX LP or free MPS format, so that CPLEX, Gurobi, HiGHS, CBC or GLPK can
cross-check gavel's answers. The model is written before any presolve:
one column per bid (binary when all or nothing), switches for divisible
bids, indicators for nested groups and bidder constraints, and one row per
capacity, group, budget and rule constraint. The MPS objective is negated
(MPS minimizes); the LP file says Maximize.

The policy flags --max-share, --max-items, --min-winners and
--reserve-scale change the auction's rules before the model is written,
as they do for gavel solve, so that a solve under a policy can be
cross-checked too.

Examples:
  gavel export --to lp examples/quickstart.bids > quickstart.lp
  cbc quickstart.lp solve
  gavel export --to mps market.bids > market.mps && glpsol --freemps market.mps
  gavel export --to lp --max-share 1/2 examples/los-angeles.bids > la-half.lp
` + exitStatusHelp,
		flags: func(fs *pflag.FlagSet) any {
			o := &exportOptions{}
			fs.StringVar(&o.to, "to", "", "output format: lp or mps (required)")
			fs.StringVar(&o.format, "format", "", "input format: bids, json or cats (default: from the extension or content)")
			o.policyFlags.add(fs)
			return o
		},
		run: runExport,
	}
}

func runExport(e *env, opts any, args []string) int {
	o := opts.(*exportOptions)
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, "gavel export: want exactly one FILE (or - for standard input)")
		return exitUsage
	}
	o.to = strings.ToLower(o.to) // as the bid-file formats, LP and MPS in any case
	switch o.to {
	case "lp", "mps":
	case "":
		fmt.Fprintln(e.stderr, "gavel export: --to is required: lp or mps")
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "gavel export: --to must be lp or mps, not %q\n", o.to)
		return exitUsage
	}
	write := solver.WriteLP
	if o.to == "mps" {
		write = solver.WriteMPS
	}
	policy, err := o.policy()
	if err != nil {
		fmt.Fprintf(e.stderr, "gavel export: %v\n", err)
		return exitUsage
	}
	var prepare func(*auction.Instance) (*auction.Instance, int)
	if !policy.IsZero() {
		prepare = func(in *auction.Instance) (*auction.Instance, int) {
			in, err := policy.Apply(in)
			if err != nil {
				fmt.Fprintf(e.stderr, "gavel export: %s: %v\n", displayName(args[0]), err)
				return nil, exitInvalid
			}
			var pe *auction.ProblemsError
			if err := in.Validate(); errors.As(err, &pe) {
				return nil, reportInvalid(e, "export", args[0], true, pe)
			} else if err != nil {
				fmt.Fprintf(e.stderr, "gavel export: %s: %v\n", displayName(args[0]), err)
				return nil, exitInvalid
			}
			return in, exitOK
		}
	}
	return transform(e, "export", args[0], o.format, prepare, write)
}
