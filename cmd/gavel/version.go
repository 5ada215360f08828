package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/gavelhq/gavel/solver"
	"github.com/spf13/pflag"
)

func versionCmd() *command {
	return &command{
		name:     "version",
		summary:  "print the version and the LP engines built in",
		synopsis: "gavel version",
		help: `Version prints gavel's version, the Go version it was built with, and the
LP engines built into this binary. The Clp engine is built in with
-tags clp (it needs the Debian package coinor-libclp-dev).

Example:
  gavel version

Exit status:
  0    success
  2    usage error (an argument was given)
`,
		flags: func(fs *pflag.FlagSet) any { return nil },
		run: func(e *env, _ any, args []string) int {
			if len(args) != 0 {
				fmt.Fprintf(e.stderr, "gavel version: unexpected argument %q\n", args[0])
				return exitUsage
			}
			fmt.Fprintf(e.stdout, "gavel %s (%s, %s/%s)\nengines: %s\n",
				version(), runtime.Version(), runtime.GOOS, runtime.GOARCH, strings.Join(solver.Engines(), ", "))
			return exitOK
		},
	}
}

// version is the module version when gavel was installed with go install,
// else the VCS revision it was built from, else "devel".
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "devel-" + rev
}
