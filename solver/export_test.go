package solver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exportSolver runs a MIP solver on a file and reads its optimal
// objective from what it prints.
type exportSolver struct {
	name, bin string
	args      func(file, out string) []string
	objective *regexp.Regexp // group 1: the objective value
	optimal   *regexp.Regexp // must match for an optimal answer
	fromFile  bool           // read the report from out instead of stdout
}

var exportSolvers = []exportSolver{
	{
		name: "cbc", bin: "cbc",
		args: func(file, _ string) []string { return []string{file, "solve"} },
		// A MIP ends with "Result - Optimal solution found" and "Objective
		// value:"; a model without integer columns is solved as an LP.
		objective: regexp.MustCompile(`(?:Objective value:|Optimal - objective value)\s+(\S+)`),
		optimal:   regexp.MustCompile(`Result - Optimal solution found|Optimal - objective value`),
	},
	{
		name: "glpsol", bin: "glpsol",
		args: func(file, out string) []string {
			format := "--lp"
			if filepath.Ext(file) == ".mps" {
				format = "--freemps"
			}
			return []string{format, file, "-o", out}
		},
		objective: regexp.MustCompile(`Objective:\s+\S+ = (\S+)`),
		optimal:   regexp.MustCompile(`Status:\s+(INTEGER )?OPTIMAL`),
		fromFile:  true,
	},
}

func (s exportSolver) solve(t *testing.T, file string) float64 {
	t.Helper()
	// The reference solver takes seconds on these markets; the margin is
	// for a loaded machine (under -race, other packages' tests share the
	// cores), where 60 s once ran out.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out := file + "." + s.name + ".out"
	cmd := exec.CommandContext(ctx, s.bin, s.args(file, out)...)
	stdout, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %s:\n%s", s.name, file, stdout)
	report := stdout
	if s.fromFile {
		report, err = os.ReadFile(out)
		require.NoError(t, err)
	}
	require.Regexp(t, s.optimal, string(report), "%s %s: not optimal:\n%s", s.name, file, report)
	m := s.objective.FindSubmatch(report)
	require.NotNil(t, m, "%s %s: no objective in:\n%s", s.name, file, report)
	v, err := strconv.ParseFloat(string(m[1]), 64)
	require.NoError(t, err)
	return v
}

// TestExportAgainstExternalSolvers writes the LP and MPS files of random
// small instances of every family (some with IDs that need escaping) and
// solves them with CBC and GLPK where installed: their optimum must be
// brute force's.
func TestExportAgainstExternalSolvers(t *testing.T) {
	var solvers []exportSolver
	for _, s := range exportSolvers {
		if _, err := exec.LookPath(s.bin); err == nil {
			solvers = append(solvers, s)
		}
	}
	if len(solvers) == 0 {
		t.Skip("neither cbc (coinor-cbc) nor glpsol (glpk-utils) is installed")
	}
	perFamily := 12
	if testing.Short() {
		perFamily = 2
	}
	type named struct {
		name string
		in   *auction.Instance
	}
	cases := []named{{"no-bids", exportEdgeInstance(0)}, {"no-rows", exportEdgeInstance(1)}, {"zero-price-completes", zeroPriceInstance()}}
	for k, fam := range wdptest.Families {
		r := wdptest.Rand(uint64(3000 + k))
		for i := range perFamily {
			in := wdptest.Instance(r, fam)
			if i%2 == 1 {
				wdptest.OddIDs(in)
			}
			cases = append(cases, named{fmt.Sprintf("%s-%d", fam, i), in})
		}
	}
	dir := t.TempDir()
	for _, c := range cases {
		in, name := c.in, c.name
		require.NoError(t, in.Validate(), name)
		opt, err := wdp.BruteForce(in)
		require.NoError(t, err)
		t.Run(name, func(t *testing.T) {
			lpFile := filepath.Join(dir, name+".lp")
			mpsFile := filepath.Join(dir, name+".mps")
			writeExport(t, lpFile, in, WriteLP)
			writeExport(t, mpsFile, in, WriteMPS)
			for _, s := range solvers {
				assertObjective(t, opt.Objective, s.solve(t, lpFile), s.name+" on LP")
				assertObjective(t, opt.Objective, -s.solve(t, mpsFile), s.name+" on MPS (negated objective)")
			}
		})
	}
}

// edgeInstance is an instance without bids (0), or with one bid and so a
// formulation without rows (1).
func exportEdgeInstance(bids int) *auction.Instance {
	b := auction.NewBuilder("edge")
	b.Item("A", 5, 0)
	b.Bidder("p")
	for k := range bids {
		b.Bid(0, fmt.Sprintf("b%d", k), 7, auction.Demand{Item: 0, Volume: 2})
	}
	return b.Instance()
}

// zeroPriceInstance is a regression case: a bid of price 0 completes an
// all group and another reaches a min-volume, so dropping zero-price bids
// (as an early presolve did) loses the whole optimum of 150.00.
func zeroPriceInstance() *auction.Instance {
	b := auction.NewBuilder("zero price")
	a := b.Item("A", 10, 0)
	bb := b.Item("B", 10, 0)
	x := b.Bidder("x")
	x1 := b.Bid(x, "x1", 10000, auction.Demand{Item: a, Volume: 5})
	x2 := b.Bid(x, "x2", 0, auction.Demand{Item: bb, Volume: 5})
	b.Group(x, auction.All, x1, x2)
	y := b.Bidder("y")
	b.Bid(y, "y1", 5000, auction.Demand{Item: a, Volume: 5})
	b.Bid(y, "y2", 0, auction.Demand{Item: bb, Volume: 5})
	in := b.Instance()
	in.Bidders[y].MinVolume = 10
	return in
}

func TestZeroPriceBidsStayInTheModel(t *testing.T) {
	in := zeroPriceInstance()
	require.NoError(t, in.Validate())
	opt, err := wdp.BruteForce(in)
	require.NoError(t, err)
	assert.InDelta(t, 15000, opt.Objective, 1e-9, "all four bids win: 100.00 + 50.00")
}

func writeExport(t *testing.T, path string, in *auction.Instance, write func(w io.Writer, in *auction.Instance) error) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, write(&buf, in))
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

func assertObjective(t *testing.T, want, got float64, what string) {
	t.Helper()
	assert.LessOrEqual(t, math.Abs(want-got), 1e-6*max(1, math.Abs(want)), "%s: objective %v, brute force %v", what, got, want)
}

func TestExportErrors(t *testing.T) {
	bad := &auction.Instance{} // no items
	for _, write := range []func(io.Writer, *auction.Instance) error{WriteLP, WriteMPS} {
		err := write(io.Discard, bad)
		assert.ErrorIs(t, err, auction.ErrEmpty)
		err = write(io.Discard, nil)
		assert.Error(t, err)
	}
	// A failing writer's error comes back.
	b := auction.NewBuilder("x")
	b.Item("A", 1, 0)
	b.Bidder("p")
	b.Bid(0, "a", 5, auction.Demand{Item: 0, Volume: 1})
	in, err := b.Build()
	require.NoError(t, err)
	for _, write := range []func(io.Writer, *auction.Instance) error{WriteLP, WriteMPS} {
		assert.ErrorIs(t, write(failingExportWriter{}, in), errExportDiskFull)
	}
}

var errExportDiskFull = errors.New("disk full")

type failingExportWriter struct{}

func (failingExportWriter) Write([]byte) (int, error) { return 0, errExportDiskFull }
