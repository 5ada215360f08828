package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// result is what one in-process run of gavel printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

func gavel(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring
		stderr string // substring
	}{
		{"no args", nil, exitUsage, "", "Usage:"},
		{"help", []string{"help"}, exitOK, "Commands:", ""},
		{"help check", []string{"help", "check"}, exitOK, "EXIT STATUS", ""},
		{"check --help", []string{"check", "--help"}, exitOK, "gavel check", ""},
		{"convert -h", []string{"convert", "-h"}, exitOK, "Examples:", ""},
		{"unknown command", []string{"chek"}, exitUsage, "", `did you mean "check"`},
		{"help help", []string{"help", "help"}, exitOK, "Commands:", ""},
		{"help unknown", []string{"help", "nope"}, exitUsage, "", "unknown command"},
		{"bad flag", []string{"check", "--nope", "x.bids"}, exitUsage, "", "unknown flag"},
		{"check without file", []string{"check"}, exitUsage, "", "FILE"},
		{"stdin twice", []string{"check", "-", "-"}, exitUsage, "", "read once"},
		{"convert without --to", []string{"convert", "x.bids"}, exitUsage, "", "--to is required"},
		{"convert bad --to", []string{"convert", "--to", "xml", "x.bids"}, exitUsage, "", "unknown format"},
		{"missing file", []string{"check", "does-not-exist.bids"}, exitFailure, "", "does-not-exist.bids"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := gavel(t, "", tt.args...)
			assert.Equal(t, tt.code, r.code, "stderr: %s", r.stderr)
			if tt.stdout != "" {
				assert.Contains(t, strings.ToUpper(r.stdout), strings.ToUpper(tt.stdout))
			}
			if tt.stderr != "" {
				assert.Contains(t, r.stderr, tt.stderr)
			}
			if tt.code != exitOK {
				assert.Empty(t, r.stdout, "nothing on stdout on failure")
			}
		})
	}
}

func TestEveryCommandHelpHasSynopsisExampleAndExitStatus(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			r := gavel(t, "", "help", c.name)
			require.Equal(t, exitOK, r.code)
			assert.Contains(t, r.stdout, "Usage:")
			assert.Contains(t, r.stdout, "gavel "+c.name)
			assert.Contains(t, r.stdout, "Example")
			assert.Contains(t, r.stdout, "Exit status:")
		})
	}
}

func TestInvalidInputExits4WithNothingOnStdout(t *testing.T) {
	bad := writeFile(t, "bad.bids", "auction \"x\"\nddu D1 capacity -5\n")
	for _, args := range [][]string{
		{"check", bad},
		{"convert", "--to", "json", bad},
	} {
		r := gavel(t, "", args...)
		assert.Equal(t, exitInvalid, r.code, "args %v, stderr %s", args, r.stderr)
		assert.Empty(t, r.stdout)
		assert.Contains(t, r.stderr, bad+":2:")
	}
}

func TestConvertRoundTripsExamples(t *testing.T) {
	for _, ex := range []string{"quickstart.bids", "los-angeles.bids"} {
		t.Run(ex, func(t *testing.T) {
			path := filepath.Join("..", "..", "examples", ex)
			j := gavel(t, "", "convert", "--to", "json", path)
			require.Equal(t, exitOK, j.code, j.stderr)
			b := gavel(t, j.stdout, "convert", "--to", "bids", "--format", "json", "-")
			require.Equal(t, exitOK, b.code, b.stderr)
			b2 := gavel(t, b.stdout, "convert", "--to", "bids", "-")
			require.Equal(t, exitOK, b2.code, b2.stderr)
			assert.Equal(t, b.stdout, b2.stdout, "formatting is idempotent")
			j2 := gavel(t, b.stdout, "convert", "--to", "json", "-")
			require.Equal(t, exitOK, j2.code, j2.stderr)
			assert.Equal(t, j.stdout, j2.stdout, "bids -> json -> bids -> json is stable")
		})
	}
}

func TestConvertToCATSRefusesWhatItCannotExpress(t *testing.T) {
	r := gavel(t, "", "convert", "--to", "cats", filepath.Join("..", "..", "examples", "quickstart.bids"))
	assert.Equal(t, exitFailure, r.code)
	assert.Empty(t, r.stdout)
	assert.NotEmpty(t, r.stderr)
}

func TestConvertCATSFromStdin(t *testing.T) {
	cats := "%% generated\n\ngoods 3\nbids 2\ndummy 1\n0\t10.5\t0\t1\t3\t#\n1\t7\t2\t3\t#\n"
	r := gavel(t, cats, "convert", "--to", "cats", "-")
	require.Equal(t, exitOK, r.code, r.stderr)
	back := gavel(t, r.stdout, "convert", "--to", "cats", "-")
	require.Equal(t, exitOK, back.code, back.stderr)
	assert.Equal(t, r.stdout, back.stdout)
}

func TestCheckSummarizesExamples(t *testing.T) {
	r := gavel(t, "", "check", filepath.Join("..", "..", "examples", "los-angeles.bids"))
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "los-angeles.bids: valid")
	assert.Contains(t, r.stdout, "bidders")
	assert.Contains(t, r.stdout, "CENTRAL")

	j := gavel(t, "", "check", "--json", filepath.Join("..", "..", "examples", "quickstart.bids"))
	require.Equal(t, exitOK, j.code, j.stderr)
	var doc struct {
		Files []struct {
			Items   int            `json:"items"`
			Bidders int            `json:"bidders"`
			Bids    int            `json:"bids"`
			Groups  map[string]int `json:"groups"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(j.stdout), &doc), "exactly one JSON document")
	require.Len(t, doc.Files, 1)
	assert.Equal(t, 7, doc.Files[0].Items)
	assert.Equal(t, 3, doc.Files[0].Bidders)
	assert.Equal(t, 13, doc.Files[0].Bids)
	assert.Equal(t, 2, doc.Files[0].Groups["xor"])
}

func TestCheckReportsEveryFileAndFailsIfAnyIsInvalid(t *testing.T) {
	good := filepath.Join("..", "..", "examples", "quickstart.bids")
	bad := writeFile(t, "bad.bids", "ddu D1 capacity 10\nbidder a\n  bid x price 5 { D2: 1 }\nend\n")
	r := gavel(t, "", "check", good, bad)
	assert.Equal(t, exitInvalid, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, bad+":3:")
	assert.Contains(t, r.stderr, `did you mean "D1"`)
}

func TestGenIsDeterministicAndReadable(t *testing.T) {
	for _, f := range []string{"bids", "json", "cats"} {
		dist := "ddu"
		if f == "cats" {
			dist = "regions"
		}
		args := []string{"gen", "--dist", dist, "--goods", "30", "--bids", "60", "--seed", "3", "--format", f}
		a := gavel(t, "", args...)
		require.Equal(t, exitOK, a.code, a.stderr)
		b := gavel(t, "", args...)
		assert.Equal(t, a.stdout, b.stdout, "same seed, same bytes")
		c := gavel(t, a.stdout, "check", "--format", f, "-")
		assert.Equal(t, exitOK, c.code, "generated %s file must check: %s", f, c.stderr)
	}
	out := filepath.Join(t.TempDir(), "m.json")
	r := gavel(t, "", "gen", "--dist", "L3", "--goods", "20", "--bids", "50", "-o", out)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(strings.TrimSpace(string(data)), "{"), "format taken from -o's extension")

	bad := gavel(t, "", "gen", "--dist", "nope")
	assert.Equal(t, exitUsage, bad.code)
	assert.Empty(t, bad.stdout)
	ddu := gavel(t, "", "gen", "--dist", "ddu", "--goods", "20", "--ddu-windows-share", "2")
	assert.Equal(t, exitUsage, ddu.code, "out-of-range parameter")
}

func TestVersionListsEngines(t *testing.T) {
	r := gavel(t, "", "version")
	require.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "engines: ")
	assert.Contains(t, r.stdout, "native")
}

func TestExportIsReadAndSolvedByCBC(t *testing.T) {
	quick := filepath.Join("..", "..", "examples", "quickstart.bids")
	lpOut := gavel(t, "", "export", "--to", "lp", quick)
	require.Equal(t, exitOK, lpOut.code, lpOut.stderr)
	assert.Contains(t, lpOut.stdout, "Maximize")
	mps := gavel(t, "", "export", "--to", "mps", quick)
	require.Equal(t, exitOK, mps.code, mps.stderr)
	assert.Contains(t, mps.stdout, "MARKER")

	bad := gavel(t, "", "export", "--to", "xls", quick)
	assert.Equal(t, exitUsage, bad.code)
	assert.Empty(t, bad.stdout)

	cbc, err := exec.LookPath("cbc")
	if err != nil {
		t.Skip("cbc not installed (apt-get install coinor-cbc)")
	}
	dir := t.TempDir()
	lpFile := filepath.Join(dir, "q.lp")
	require.NoError(t, os.WriteFile(lpFile, []byte(lpOut.stdout), 0o644))
	out, err := exec.Command(cbc, lpFile, "solve", "quit").CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "Optimal", "cbc reads the exported model and proves an optimum:\n%s", out)
}
