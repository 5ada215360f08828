package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
)

// TestQAGenEveryDistributionEveryFormat generates a small market of every
// distribution with a few flag combinations, twice: the bytes are the same,
// gavel check accepts them, every format that can hold the market converts
// to every other, and gavel solve finds the same optimum on each.
func TestQAGenEveryDistributionEveryFormat(t *testing.T) {
	dir := t.TempDir()
	for _, d := range gen.Distributions() {
		size := []string{"--goods", "10", "--bids", "14"}
		extra := [][]string{nil, {"--keep-dominated", "--decimals", "2", "--seed", "18446744073709551615"}}
		switch d.Name {
		case "matching":
			size = []string{"--goods", "12", "--bids", "14"}
		case "L1":
			size = []string{"--goods", "16", "--bids", "6"}
		case "ddu":
			size = []string{"--goods", "15", "--bids", "24"}
			extra = [][]string{nil, {"--ddu-no-sets", "--ddu-windows-share", "1", "--ddu-max-share", "0.5", "--seed", "3"},
				{"--ddu-divisible-share", "1", "--ddu-budget-share", "1", "--ddu-reserve-share", "0", "--ddu-xor-share", "0"}}
		}
		for k, x := range extra {
			name := fmt.Sprintf("%s/%d", d.Name, k)
			args := append(append([]string{"gen", "--dist", d.Name}, size...), x...)
			r1 := gavel(t, "", args...)
			require.Equal(t, exitOK, r1.code, "%s: %s", name, r1.stderr)
			require.Empty(t, r1.stderr, name)
			r2 := gavel(t, "", args...)
			require.Equal(t, r1.stdout, r2.stdout, "%s: same flags, same bytes", name)

			var objective string
			formats := []string{"bids", "json", "cats"}
			for k, f := range formats {
				r := gavel(t, "", append(append([]string{}, args...), "--format", f)...)
				if f == "cats" && d.Name == "ddu" {
					assert.Equal(t, exitFailure, r.code, name)
					assert.Contains(t, r.stderr, "cannot write cats", name)
					assert.Empty(t, r.stdout, name)
					continue
				}
				require.Equal(t, exitOK, r.code, "%s %s: %s", name, f, r.stderr)
				path := filepath.Join(dir, strings.ReplaceAll(name, "/", "-")+"."+map[string]string{"bids": "bids", "json": "json", "cats": "txt"}[f])
				require.NoError(t, writeFileAtomic(path, []byte(r.stdout)))
				c := gavel(t, "", "check", path)
				require.Equal(t, exitOK, c.code, "%s %s: %s", name, f, c.stderr)
				// The next format reads back (bids -> json -> cats -> bids; ddu: json -> bids).
				to := formats[(k+1)%len(formats)]
				if d.Name == "ddu" && to == "cats" {
					to = "bids"
				}
				cv := gavel(t, "", "convert", "--to", to, path)
				require.Equal(t, exitOK, cv.code, "%s %s->%s: %s", name, f, to, cv.stderr)
				back := gavel(t, cv.stdout, "check", "--format", to, "-")
				require.Equal(t, exitOK, back.code, "%s %s->%s: %s", name, f, to, back.stderr)
				s := gavel(t, "", "solve", "--json", path)
				require.Equal(t, exitOK, s.code, "%s %s: %s", name, f, s.stderr)
				var doc struct {
					Status    string      `json:"status"`
					Objective json.Number `json:"objective"`
				}
				require.NoError(t, json.Unmarshal([]byte(s.stdout), &doc))
				assert.Equal(t, "optimal", doc.Status, name)
				if objective == "" {
					objective = doc.Objective.String()
				}
				assert.Equal(t, objective, doc.Objective.String(), "%s %s: the same optimum in every format", name, f)
			}
		}
	}
}
