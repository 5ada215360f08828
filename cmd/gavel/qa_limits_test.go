package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// TestQARatioFlagMessages: a ratio flag that cannot be read says what can
// be: "1e308" used to get "not a decimal number" (true, but not why), and
// "1000" "number out of range" (which range?).
func TestQARatioFlagMessages(t *testing.T) {
	path := writeFile(t, "m.bids", regionMarket)
	tests := []struct {
		flag, value string
		want        string
	}{
		{"--reserve-scale", "1e308", `--reserve-scale: "1e308" is not a decimal such as 1.1 or a ratio such as 11/10 (exponents are not read)`},
		{"--reserve-scale", "1E3", `(exponents are not read)`},
		{"--reserve-scale", "1000", `--reserve-scale: "1000" is too large: it must be below 1000`},
		{"--reserve-scale", "-1", `--reserve-scale: "-1" must not be negative`},
		{"--reserve-scale", "abc", `--reserve-scale: "abc" is not a decimal such as 1.1 or a ratio such as 11/10`},
		{"--reserve-scale", "0.0000000000000001", `--reserve-scale: "0.0000000000000001" has more than 15 decimals`},
		{"--reserve-scale", "99999999999999999999/1", `--reserve-scale: "99999999999999999999/1" is not a decimal such as 1.1 or a ratio such as 11/10`},
		{"--max-share", "5e-1", `--max-share: "5e-1" is not a decimal such as 0.5 or a ratio such as 1/2 (exponents are not read)`},
	}
	for _, tt := range tests {
		t.Run(tt.flag+" "+tt.value, func(t *testing.T) {
			for _, cmd := range []string{"solve", "bench"} {
				r := gavel(t, "", cmd, tt.flag, tt.value, path)
				assert.Equal(t, exitUsage, r.code, cmd)
				assert.Empty(t, r.stdout, cmd)
				assert.Contains(t, r.stderr, tt.want, cmd)
			}
		})
	}
}

// TestQAStoppedBeforeTheSearchText: a time limit that stops the solve before
// presolve and decomposition (--time-limit 1ns on a large market) leaves
// Threads and Components at 0. The table used to print "clp engine, 0
// threads" and "components 0 (0 solved directly, largest 0 bids)", as if
// the market had no parts.
func TestQAStoppedBeforeTheSearchText(t *testing.T) {
	in := readInstance(t, writeFile(t, "m.bids", regionMarket))
	res := solver.Result{Status: solver.Feasible, Bound: 195, Gap: 1,
		Stats: solver.Stats{Engine: "native", Bids: len(in.Bids), Elapsed: time.Millisecond}}
	res.Allocation = auction.Allocation{}
	var buf bytes.Buffer
	newSolveReport("m.bids", in, auction.Policy{}, res).writeText(&buf)
	out := buf.String()
	assert.NotContains(t, out, "0 threads")
	assert.NotContains(t, out, "components  0")
	assert.Contains(t, out, "native engine, stopped before the search began")
	assert.Contains(t, out, "not split: the limit came before presolve")

	// A search that ran still shows its figures.
	res.Stats.Threads, res.Stats.Components, res.Stats.LargestBids = 1, 1, 4
	buf.Reset()
	newSolveReport("m.bids", in, auction.Policy{}, res).writeText(&buf)
	assert.Contains(t, buf.String(), "native engine, 1 thread\n")
	assert.Contains(t, buf.String(), "components  1 (0 solved directly, largest 4 bids)")
}

// TestQAMinWinnersInfeasibleEveryRule: when no award meets min-winners, the
// default solve prints a document with status "infeasible" and exits 1, but
// --rule (any rule, optimal included) used to print nothing. Every rule now
// prints the same kind of document (the rule named, no winners) and exits
// 1; a heuristic's "infeasible" is its own: it found no award that meets
// the rules.
func TestQAMinWinnersInfeasibleEveryRule(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"--rule", "optimal"},
		{"--rule", "greedy"},
		{"--rule", "lp-round"},
		{"--rule", "fcfs"},
		{"--payment", "vcg"},
		{"--rule", "greedy", "--payment", "pay-as-bid"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			for _, asJSON := range []bool{true, false} {
				full := append([]string{"--min-winners", "3"}, args...)
				if asJSON {
					r, doc := qaSolve(t, regionMarket, full...)
					require.Equal(t, exitFailure, r.code, r.stderr)
					assert.Equal(t, "infeasible", doc.Status)
					assert.Empty(t, doc.Winners)
					assert.Nil(t, doc.Payments, "no payments without an award")
					assert.Regexp(t, `no (award satisfies|allocation meets)`, r.stderr)
					assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one message: %s", r.stderr)
					if len(args) == 0 || args[0] == "--rule" && args[1] == "optimal" {
						// The exact solver ran: its statistics are shown.
						var st struct {
							Stats struct {
								Components int `json:"components"`
							} `json:"stats"`
						}
						require.NoError(t, json.Unmarshal([]byte(r.stdout), &st))
						assert.Positive(t, st.Stats.Components)
					}
					continue
				}
				r := gavel(t, "", append(append([]string{"solve"}, full...), writeFile(t, "m.bids", regionMarket))...)
				require.Equal(t, exitFailure, r.code, r.stderr)
				assert.Regexp(t, `: infeasible(: the [a-z-]+ rule found no award that meets the rules)?\n`, r.stdout)
				assert.NotContains(t, r.stdout, "stopped before the search", "an infeasible market is not a limit")
			}
		})
	}
}

// TestQABenchInfeasibleMarketNotALimit: a market where no award meets
// min-winners used to be counted among the markets "not proven (a limit
// stopped the solve)"; it is reported as having no award instead.
func TestQABenchInfeasibleMarketNotALimit(t *testing.T) {
	r := gavel(t, "", "bench", "--rules", "optimal,greedy", "--min-winners", "3", writeFile(t, "m.bids", regionMarket))
	assert.Equal(t, exitFailure, r.code)
	assert.NotContains(t, r.stdout, "a limit stopped the solve")
	assert.Contains(t, r.stdout, "no award meets the auction's rules on 1 of 1 markets")
}

// TestQACATSHeaderOrderFromStdin: a CATS file whose header opens with
// "bids" (other tools write the labels in any order) is recognised on
// standard input and read; it used to be taken for a .bids file.
func TestQACATSHeaderOrderFromStdin(t *testing.T) {
	src := "bids 2\ngoods 2\ndummy 1\n0\t5\t0\t2\t#\n1\t4\t1\t2\t#\n"
	r := gavel(t, src, "solve", "--json", "-")
	require.Equal(t, exitOK, r.code, r.stderr)
	doc := parseSolveDoc(t, r.stdout)
	assert.Equal(t, "5", doc.Revenue.String(), "b0 and b1 share dummy good 2: one of them, the dearer")
}
