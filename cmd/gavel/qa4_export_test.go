package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// qa4LongNames is the quickstart market (every construct: windows, sets,
// reserves, max-share, budgets, xor, choose, all, divisible and per-unit
// bids, min-volume, max-volume, max-items) with item IDs over 300 bytes that
// differ only in their last bytes, regions for min-winners, and a bidder
// whose bid IDs differ only in characters an LP file cannot hold ("x y",
// "x_20y", ...), so that an exporter that cut or escaped names carelessly
// would merge columns or rows.
func qa4LongNames(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "quickstart.bids"))
	require.NoError(t, err)
	long := "D" + strings.Repeat("x", 300) + "9000"
	s := strings.ReplaceAll(string(src), "D9000", long)
	s = strings.Replace(s, "ddu "+long+"1 capacity 5000", "ddu "+long+"1 capacity 5000 region \"west side\"", 1)
	s = strings.Replace(s, "ddu "+long+"2 capacity 3000", "ddu "+long+"2 capacity 3000 region \"west side\"", 1)
	s += "\nbidder \"odd: names\"\n" +
		"  bid \"x y\" price 120 { " + long + "5: 300 }\n" +
		"  bid x_20y price 130 { " + long + "5: 300 }\n" +
		"  bid \"x_\" price 3 { " + long + "3: 10 }\n" +
		"  bid x price 4 { " + long + "3: 10 }\n" +
		"  bid \"" + strings.Repeat("b", 300) + "1\" price 40 { " + long + "1: 100 }\n" +
		"  bid \"" + strings.Repeat("b", 300) + "2\" price 41 { " + long + "2: 100 }\n" +
		"end\n" +
		"rule min-winners 2\n"
	return s
}

// TestQA4ExportLongAndOddNames: CBC and GLPK read the LP and MPS export of
// qa4LongNames and find the optimum gavel solve proves.
func TestQA4ExportLongAndOddNames(t *testing.T) {
	src := qa4LongNames(t)
	path := writeFile(t, "long.bids", src)
	chk := gavel(t, "", "check", path)
	require.Equal(t, exitOK, chk.code, chk.stderr)

	r := gavel(t, "", "solve", "--json", path)
	require.Equal(t, exitOK, r.code, r.stderr)
	var doc struct {
		Status    string      `json:"status"`
		Objective json.Number `json:"objective"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc))
	require.Equal(t, "optimal", doc.Status)
	major, err := doc.Objective.Float64()
	require.NoError(t, err)
	want := major * 100 // minor units, as the exported objective

	dir := t.TempDir()
	files := map[string]string{}
	for _, to := range []string{"lp", "mps"} {
		out := gavel(t, "", "export", "--to", to, path)
		require.Equal(t, exitOK, out.code, out.stderr)
		files[to] = filepath.Join(dir, "long."+to)
		require.NoError(t, os.WriteFile(files[to], []byte(out.stdout), 0o644))
	}

	ran := 0
	if cbc, err := exec.LookPath("cbc"); err == nil {
		ran++
		for to, sign := range map[string]float64{"lp": 1, "mps": -1} {
			out := qa4Run(t, cbc, files[to], "solve", "quit")
			require.Contains(t, out, "Optimal solution found", out)
			m := regexp.MustCompile(`Objective value:\s+(\S+)`).FindStringSubmatch(out)
			require.NotNil(t, m, out)
			assert.InDelta(t, want, sign*qa4Float(t, m[1]), 1e-6*want, "cbc on %s", to)
		}
	}
	if glpsol, err := exec.LookPath("glpsol"); err == nil {
		ran++
		for to, sign := range map[string]float64{"lp": 1, "mps": -1} {
			flag := map[string]string{"lp": "--lp", "mps": "--freemps"}[to]
			report := files[to] + ".out"
			qa4Run(t, glpsol, flag, files[to], "-o", report)
			b, err := os.ReadFile(report)
			require.NoError(t, err)
			out := string(b)
			require.Regexp(t, `Status:\s+INTEGER OPTIMAL`, out)
			m := regexp.MustCompile(`Objective:\s+\S+ = (\S+)`).FindStringSubmatch(out)
			require.NotNil(t, m, out)
			assert.InDelta(t, want, sign*qa4Float(t, m[1]), 1e-6*want, "glpsol on %s", to)
		}
	}
	if ran == 0 {
		t.Skip("neither cbc nor glpsol is installed")
	}
}

func qa4Run(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	require.NoError(t, err, "%s %v:\n%s", bin, args, out)
	return string(out)
}

func qa4Float(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return v
}

// TestQA4ExportUnderPolicyFlags: gavel export takes the policy flags of
// gavel solve, so that a solve under a policy can be cross-checked: on the
// hand-worked markets of qa4_policy_test.go, CBC and GLPK find the optimum
// worked out there (in cents) from the LP and MPS files, with and without
// the flag, and gavel solve with the same flag agrees.
func TestQA4ExportUnderPolicyFlags(t *testing.T) {
	cbc, errCBC := exec.LookPath("cbc")
	glpsol, errGLPK := exec.LookPath("glpsol")
	for _, c := range []struct {
		name            string
		src             string
		flag            []string
		without, within float64 // optimum in cents
	}{
		{"max-share", qa4MaxShare, []string{"--max-share", "0.5"}, 39000, 32000},
		{"max-items", qa4MaxItems, []string{"--max-items", "1"}, 12000, 9500},
		{"reserve-scale", qa4Reserves, []string{"--reserve-scale", "1.5"}, 4500, 1600},
		{"min-winners", qa4MinWinners, []string{"--min-winners", "2"}, 10000, 5500},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, "m.bids", c.src)
			for _, flag := range [][]string{nil, c.flag} {
				want := c.without
				if flag != nil {
					want = c.within
				}
				r, doc := qaSolve(t, c.src, flag...)
				require.Equal(t, exitOK, r.code, r.stderr)
				major, err := doc.Revenue.Float64()
				require.NoError(t, err)
				assert.Equal(t, want, major*100, "gavel solve %v", flag)
				for _, to := range []string{"lp", "mps"} {
					out := gavel(t, "", append(append([]string{"export", "--to", to}, flag...), path)...)
					require.Equal(t, exitOK, out.code, out.stderr)
					file := filepath.Join(t.TempDir(), "m."+to)
					require.NoError(t, os.WriteFile(file, []byte(out.stdout), 0o644))
					sign := map[string]float64{"lp": 1, "mps": -1}[to]
					if errCBC == nil {
						o := qa4Run(t, cbc, file, "solve", "quit")
						m := regexp.MustCompile(`Objective value:\s+(\S+)`).FindStringSubmatch(o)
						require.NotNil(t, m, o)
						assert.Equal(t, want, sign*qa4Float(t, m[1]), "cbc on %s %v", to, flag)
					}
					if errGLPK == nil {
						report := file + ".out"
						qa4Run(t, glpsol, map[string]string{"lp": "--lp", "mps": "--freemps"}[to], file, "-o", report)
						b, err := os.ReadFile(report)
						require.NoError(t, err)
						m := regexp.MustCompile(`Objective:\s+\S+ = (\S+)`).FindStringSubmatch(string(b))
						require.NotNil(t, m, string(b))
						assert.Equal(t, want, sign*qa4Float(t, m[1]), "glpsol on %s %v", to, flag)
					}
				}
			}
		})
	}
	// A bad flag is a usage error; a reserve the scale makes overflow is
	// invalid input; nothing on stdout either way.
	path := writeFile(t, "m.bids", qa4Reserves)
	r := gavel(t, "", "export", "--to", "lp", "--max-share", "3/2", path)
	assert.Equal(t, exitUsage, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "--max-share")
	huge := writeFile(t, "huge.bids", "ddu A capacity 1 reserve 92233720368547758\nbidder a\n  bid a1 price 92233720368547758 { A: 1 }\nend\n")
	r = gavel(t, "", "export", "--to", "mps", "--reserve-scale", "2", huge)
	assert.Equal(t, exitInvalid, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "huge.bids")
	// A reserve the scale leaves in range but whose total over the
	// capacity overflows: the scaled instance fails validation, as in
	// gavel solve (exit 4, the file named), not the export (exit 1).
	total := writeFile(t, "total.bids", "currency USD\nddu A capacity 1000000 reserve 9000000000\nbidder p\n  bid x price 10000000000000000 { A: 1 }\nend\n")
	for _, cmd := range []string{"export", "solve"} {
		args := []string{cmd, "--reserve-scale", "100", total}
		if cmd == "export" {
			args = []string{cmd, "--to", "lp", "--reserve-scale", "100", total}
		}
		r = gavel(t, "", args...)
		assert.Equal(t, exitInvalid, r.code, "%s: %s", cmd, r.stderr)
		assert.Empty(t, r.stdout, cmd)
		assert.Contains(t, r.stderr, "total.bids: the instance with the policy flags applied is invalid", cmd)
	}
}
