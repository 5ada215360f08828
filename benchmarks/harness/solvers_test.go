package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
)

// TestSolversAgree is the end-to-end check of the harness's plumbing: on
// small generated instances of several families, gavel, CBC and GLPK
// (those installed) must all prove optimality with the same objective.
// It fails if the exported model, its units or sign, or a parser is off.
func TestSolversAgree(t *testing.T) {
	var xs []external
	for _, x := range []external{cbc(0), glpk} {
		if x.installed() {
			xs = append(xs, x)
		} else {
			t.Logf("%s not installed: not compared", x.bin)
		}
	}
	cases := []Case{
		{Family: "L3", Goods: 30, Bids: 80, Seed: 1},
		{Family: "regions", Goods: 25, Bids: 60, Seed: 2},
		{Family: "arbitrary", Goods: 20, Bids: 60, Seed: 3},
		{Family: "scheduling", Goods: 16, Bids: 50, Seed: 4},
		{Family: "L6", Goods: 30, Bids: 60, Seed: 5},
		{Family: "ddu", Goods: 12, Bids: 50, Seed: 6},
		{Family: "ddu", Goods: 10, Bids: 40, Seed: 7},
		{Family: "ddu", Goods: 8, Bids: 50, Seed: 8},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.Key(), func(t *testing.T) {
			in, err := gen.Generate(c.Family, gen.Config{Goods: c.Goods, Bids: c.Bids, Seed: c.Seed})
			require.NoError(t, err)
			lp := filepath.Join(dir, c.FileStem()+".lp")
			require.NoError(t, writeLP(lp, in))
			outs := []Outcome{runGavel(context.Background(), in, solver.Options{TimeLimit: 30 * time.Second}, 5*time.Second, false)}
			for _, x := range xs {
				stem := filepath.Join(dir, c.FileStem()+"."+x.bin)
				outs = append(outs, x.run(context.Background(), lp, 30*time.Second, 5*time.Second, stem+".sol", stem+".log"))
			}
			for _, o := range outs {
				assert.Equal(t, StatusOptimal, o.Status, "%s: %s", o.Solver, o.Detail)
				assert.Positive(t, o.Objective, o.Solver)
				assert.Positive(t, o.Seconds, o.Solver)
			}
			for _, o := range outs {
				t.Logf("%s %s %.6f in %.3f s", o.Solver, o.Status, o.Objective, o.Seconds)
			}
			assert.Empty(t, crossCheck(outs))
		})
	}
}

// TestRunOneCase runs the harness's command line on the smallest case of
// the suite with every solver and checks the report it writes.
func TestRunOneCase(t *testing.T) {
	if testing.Short() {
		t.Skip("solves a 256 × 1,000 instance three times")
	}
	dir := t.TempDir()
	readme := filepath.Join(dir, "README.md")
	require.NoError(t, os.WriteFile(readme, []byte("# B\n\nLP figures\n\n"+readmeBegin+"\n"+readmeEnd+"\n"), 0o644))
	out := filepath.Join(dir, "report.md")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"--only", "^L2/256x", "--time-limit", "30s", "--out", out,
		"--json", filepath.Join(dir, "r.json"), "--update-readme", "--readme", readme}, &stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())
	assert.Empty(t, stdout.String(), "the report goes to --out")
	md, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(md), "| L2 | 256 × 1,000 | 1 | optimal |")
	assert.Contains(t, string(md), "None: gavel proved every instance optimal within 60 s.")
	doc, err := os.ReadFile(readme)
	require.NoError(t, err)
	assert.Contains(t, string(doc), "# B\n\nLP figures\n\n"+readmeBegin+"\nMeasured ")
	assert.Contains(t, string(doc), "| L2 | 256 × 1,000 | 1 | optimal |")
	assert.FileExists(t, filepath.Join(dir, "r.json"))
	assert.Contains(t, stderr.String(), "L2/256x1000/s1")
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{
		{"--sizes", "huge"},
		{"--only", "("},
		{"--only", "^nothing$"},
		{"--seeds", "0"},
		{"--solvers", "cplex"},
		{"--engine", "gurobi"},
		{"extra"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, &stdout, &stderr)
		assert.Equal(t, exitUsage, code, "%q", args)
		assert.NotEmpty(t, stderr.String(), "%q", args)
		assert.Empty(t, stdout.String(), "%q", args)
	}
}
