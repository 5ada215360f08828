package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// writeLP exports the instance's MIP to path as a CPLEX LP file.
func writeLP(path string, in *auction.Instance) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := solver.WriteLP(w, in); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// goVersion is the Go release the harness was built with.
func goVersion() string { return runtime.Version() }

// gavelVersion describes the gavel configuration measured.
func gavelVersion(engine string, threads int) string {
	if engine == "" {
		engine = solver.Engines()[0]
		for _, e := range solver.Engines() {
			if e == solver.EngineClp {
				engine = e
			}
		}
	}
	if threads == 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	return fmt.Sprintf("gavel engine %s, %d threads", engine, threads)
}

// solverVersion runs an external solver to ask its version and returns
// the rest of the first output line holding marker ("?" when none).
func solverVersion(bin string, args []string, marker string) string {
	out, _ := exec.Command(bin, args...).CombinedOutput()
	for line := range strings.Lines(string(out)) {
		if _, rest, ok := strings.Cut(line, marker); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				return f[len(f)-1]
			}
		}
	}
	return "?"
}

// machine describes the CPU the run measured: model and logical CPUs.
func machine() string {
	model := runtime.GOARCH
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d logical CPUs, %s", model, runtime.NumCPU(), runtime.GOOS)
}

// loadAverage is the 1-minute load average ("" where unknown): other
// jobs on the machine distort the timings.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	if f := strings.Fields(string(data)); len(f) > 0 {
		return f[0]
	}
	return ""
}

// moduleRoot finds the gavel module's directory: upwards from the
// working directory, else from the executable (run.sh builds it into
// benchmarks/out/).
func moduleRoot() (string, error) {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	for _, dir := range starts {
		for {
			if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(data, []byte("module github.com/gavelhq/gavel\n")) {
				return dir, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", errors.New("neither the working directory nor the executable is inside the gavel module")
}
