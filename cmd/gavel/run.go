package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/pflag"
)

// Exit statuses, as documented in every command's help (DESIGN §6).
const (
	exitOK          = 0   // done; for solve: optimal or within the asked gap
	exitFailure     = 1   // any other failure
	exitUsage       = 2   // bad command line
	exitLimit       = 3   // stopped by a limit, best award printed
	exitInvalid     = 4   // invalid input, diagnostics on stderr
	exitInterrupted = 130 // interrupted, best award printed
)

// env is what a command may touch: no command reads os.Stdin or writes
// os.Stdout directly, so every command runs in tests with buffers.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand of gavel.
type command struct {
	name     string
	summary  string // one line, for "gavel help"
	synopsis string // "gavel check [flags] FILE..."
	help     string // description, examples and EXIT STATUS
	flags    func(fs *pflag.FlagSet) any
	run      func(e *env, opts any, args []string) int
}

func commands() []*command {
	return []*command{benchCmd(), checkCmd(), convertCmd(), exportCmd(), genCmd(), solveCmd(), versionCmd()}
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// run is the whole program: it parses args (without the program name) and
// returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		writeMainHelp(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		if len(args) > 1 && args[1] != "help" {
			c := findCommand(args[1])
			if c == nil {
				fmt.Fprintf(stderr, "gavel: unknown command %q%s\n", args[1], suggestCommand(args[1]))
				return exitUsage
			}
			writeCommandHelp(stdout, c, newFlagSet(c))
			return exitOK
		}
		writeMainHelp(stdout)
		return exitOK
	case "-v", "--version":
		name = "version"
	}
	c := findCommand(name)
	if c == nil {
		fmt.Fprintf(stderr, "gavel: unknown command %q%s\nRun 'gavel help' for the list of commands.\n", name, suggestCommand(name))
		return exitUsage
	}
	fs := newFlagSet(c)
	opts := c.flags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			writeCommandHelp(stdout, c, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "gavel %s: %v\nRun 'gavel help %s' for usage.\n", c.name, err, c.name)
		return exitUsage
	}
	return c.run(e, opts, fs.Args())
}

func newFlagSet(c *command) *pflag.FlagSet {
	fs := pflag.NewFlagSet("gavel "+c.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.SortFlags = false
	return fs
}

func writeMainHelp(w io.Writer) {
	fmt.Fprint(w, `gavel runs combinatorial auctions of delivery capacity, exactly.

Usage:
  gavel <command> [flags] [arguments]

Commands:
`)
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `  help      show help for a command

Run 'gavel help <command>' for a command's flags, examples and exit status.
`)
}

func writeCommandHelp(w io.Writer, c *command, fs *pflag.FlagSet) {
	if c.flags != nil && !fs.HasFlags() {
		c.flags(fs)
	}
	fmt.Fprintf(w, "Usage:\n  %s\n\n%s\n", c.synopsis, strings.TrimSpace(c.help))
	if fs.HasFlags() {
		fmt.Fprintf(w, "\nFlags:\n%s", fs.FlagUsages())
	}
}

// suggestCommand returns ` (did you mean "x"?)` for a near miss.
func suggestCommand(name string) string {
	best, bestD := "", 3
	for _, c := range commands() {
		if d := editDistance(name, c.name); d < bestD {
			best, bestD = c.name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

const exitStatusHelp = `
Exit status:
  0    success
  1    failure (I/O error, internal error)
  2    usage error (bad flags or arguments)
  4    invalid input (diagnostics printed on stderr, nothing on stdout)
`
