package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// external is a MIP solver run as a child process on the exported LP file.
type external struct {
	name string // as tables print it: "CBC", "GLPK"
	bin  string // executable looked up in PATH
	// args returns the command line for the LP file lp, a time limit, and
	// a scratch file the solver may write its solution to.
	args func(lp string, limit time.Duration, solFile string) []string
	// parse reads the solver's standard output (and the solution file,
	// when it wrote one) into an outcome.
	parse func(stdout []byte, solFile string) Outcome
}

// cbc runs COIN-OR CBC with a wall-clock time limit; threads 0 leaves CBC
// at its default (one thread).
func cbc(threads int) external {
	return external{
		name: "CBC",
		bin:  "cbc",
		args: func(lp string, limit time.Duration, _ string) []string {
			a := []string{lp, "-timeMode", "elapsed", "-sec", secondsArg(limit)}
			if threads > 0 {
				a = append(a, "-threads", strconv.Itoa(threads))
			}
			return append(a, "-solve", "-quit")
		},
		parse: func(stdout []byte, _ string) Outcome { return parseCBC(stdout) },
	}
}

// glpk runs glpsol on the LP file (its CPLEX LP reader) with its time
// limit, writing the solution report to solFile for the exact objective.
var glpk = external{
	name: "GLPK",
	bin:  "glpsol",
	args: func(lp string, limit time.Duration, solFile string) []string {
		return []string{"--lp", lp, "--tmlim", secondsArg(limit), "-o", solFile}
	},
	parse: func(stdout []byte, solFile string) Outcome {
		sol, _ := os.ReadFile(solFile) // absent when glpsol stopped early
		return parseGLPK(stdout, sol)
	},
}

// secondsArg is a time limit in whole seconds (at least 1), as both
// solvers take it.
func secondsArg(d time.Duration) string {
	return strconv.FormatInt(max(1, int64((d+time.Second-1)/time.Second)), 10)
}

// installed reports whether the solver's executable is in PATH.
func (x external) installed() bool {
	_, err := exec.LookPath(x.bin)
	return err == nil
}

// run solves the LP file lp with a time limit, killing the solver if it
// still runs grace after the limit. Wall time is measured here, from start
// to exit; the log goes to logFile when it is not empty.
func (x external) run(ctx context.Context, lp string, limit, grace time.Duration, solFile, logFile string) Outcome {
	hard := limit + grace
	if limit <= 0 {
		hard = 0
	}
	if hard > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, hard)
		defer cancel()
	}
	lim := limit
	if lim <= 0 {
		lim = 365 * 24 * time.Hour
	}
	_ = os.Remove(solFile)
	cmd := exec.CommandContext(ctx, x.bin, x.args(lp, lim, solFile)...)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stdout
	cmd.WaitDelay = 2 * time.Second
	start := time.Now()
	err := cmd.Run()
	secs := time.Since(start).Seconds()
	if logFile != "" {
		_ = os.WriteFile(logFile, stdout.Bytes(), 0o644)
	}
	out := x.parse(stdout.Bytes(), solFile)
	out.Solver = x.name
	out.Seconds = secs
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			out.PeakRSSKiB = ru.Maxrss // KiB on Linux
		}
	}
	switch {
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		out.Status = StatusKilled
		out.Detail = fmt.Sprintf("killed after %.0f s", hard.Seconds())
	case err != nil && out.Status != StatusError:
		// A non-zero exit with a status we could read (glpsol exits 0
		// either way; cbc too): keep the status but say so.
		out.Detail = err.Error()
	case err != nil:
		out.Detail = err.Error() + ": " + out.Detail
	}
	return out
}
