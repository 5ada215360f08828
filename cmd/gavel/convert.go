package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/bidlang"
	"github.com/spf13/pflag"
)

type convertOptions struct {
	to     string
	format string
}

func convertCmd() *command {
	return &command{
		name:     "convert",
		summary:  "write a bid file in another format",
		synopsis: "gavel convert --to bids|json|cats [--format F] FILE",
		help: `Convert reads one bid file (FILE, or - for standard input) and writes the
same instance to standard output in the format named by --to. The input
format is taken from --format, else from the file's extension (.bids, .json,
.txt/.cats), else guessed from its content.

Converting to CATS fails, naming what cannot be written, when the instance
uses something CATS cannot express (divisible bids, budgets, choose groups,
reserves, ...): gavel never writes a lossy file.

Examples:
  gavel convert --to json examples/quickstart.bids > quickstart.json
  gavel convert --to bids auction.txt
` + exitStatusHelp,
		flags: func(fs *pflag.FlagSet) any {
			o := &convertOptions{}
			fs.StringVar(&o.to, "to", "", "output format: bids, json or cats (required)")
			fs.StringVar(&o.format, "format", "", "input format: bids, json or cats (default: from the extension or content)")
			return o
		},
		run: runConvert,
	}
}

func runConvert(e *env, opts any, args []string) int {
	o := opts.(*convertOptions)
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, "gavel convert: want exactly one FILE (or - for standard input)")
		return exitUsage
	}
	if o.to == "" {
		fmt.Fprintln(e.stderr, "gavel convert: --to is required (bids, json or cats)")
		return exitUsage
	}
	to, err := bidlang.ParseFormat(o.to)
	if err != nil {
		fmt.Fprintf(e.stderr, "gavel convert: --to: %v\n", err)
		return exitUsage
	}
	return transform(e, "convert", args[0], o.format, nil, func(w io.Writer, in *auction.Instance) error {
		return bidlang.Write(w, in, to)
	})
}

// transform is the body of the commands that read one instance and write it
// out another way: it checks --format, loads path, hands the instance to
// prepare when there is one (which may replace it, or print why not and
// return an exit code other than exitOK), and writes the result to stdout
// only when all of it was produced.
func transform(e *env, cmd, path, format string, prepare func(*auction.Instance) (*auction.Instance, int), write func(io.Writer, *auction.Instance) error) int {
	if code, ok := checkFormatFlag(e, cmd, format); !ok {
		return code
	}
	in, err := loadInstance(e, path, format)
	if err != nil {
		return reportLoadError(e, cmd, err)
	}
	if prepare != nil {
		var code int
		if in, code = prepare(in); code != exitOK {
			return code
		}
	}
	var buf bytes.Buffer
	if err := write(&buf, in); err != nil {
		fmt.Fprintf(e.stderr, "gavel %s: %v\n", cmd, err)
		return exitFailure
	}
	return flush(e, &buf)
}

// reportLoadError prints a failure to load input and returns the exit code.
func reportLoadError(e *env, cmd string, err error) int {
	if errors.Is(err, errInvalid) {
		return exitInvalid
	}
	fmt.Fprintf(e.stderr, "gavel %s: %v\n", cmd, err)
	return exitFailure
}
