package main

import (
	"fmt"
	"strings"

	"github.com/gavelhq/gavel/solver"
	"github.com/spf13/pflag"
)

type exportOptions struct {
	to     string
	format string
}

func exportCmd() *command {
	return &command{
		name:     "export",
		summary:  "write the winner-determination MIP as CPLEX LP or MPS",
		synopsis: "gavel export --to lp|mps [--format F] FILE",
		help: `Export reads one bid file (FILE, or - for standard input) and writes the
winner-determination problem gavel solves, as a mixed-integer program, in
CPLEX LP or free MPS format, so that CPLEX, Gurobi, HiGHS, CBC or GLPK can
cross-check gavel's answers. The model is written before any presolve:
one column per bid (binary when all or nothing), switches for divisible
bids, indicators for nested groups and bidder constraints, and one row per
capacity, group, budget and rule constraint. The MPS objective is negated
(MPS minimizes); the LP file says Maximize.

Examples:
  gavel export --to lp examples/quickstart.bids > quickstart.lp
  cbc quickstart.lp solve
  gavel export --to mps market.bids > market.mps && glpsol --freemps market.mps
` + exitStatusHelp,
		flags: func(fs *pflag.FlagSet) any {
			o := &exportOptions{}
			fs.StringVar(&o.to, "to", "", "output format: lp or mps (required)")
			fs.StringVar(&o.format, "format", "", "input format: bids, json or cats (default: from the extension or content)")
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
	return transform(e, "export", args[0], o.format, write)
}
