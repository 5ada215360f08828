package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/mechanism"
)

// benchDoc reads gavel bench --json with the report's own types.
func benchDoc(t *testing.T, out string) benchReport {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var r benchReport
	require.NoError(t, dec.Decode(&r), out)
	require.False(t, dec.More(), "exactly one JSON document")
	return r
}

// benchTimeless zeroes the run times, the only part of a report that may
// change from run to run.
func benchTimeless(r *benchReport) {
	for k := range r.Summary {
		r.Summary[k].AllocSeconds, r.Summary[k].PaySeconds = benchStat{}, benchStat{}
	}
	for k := range r.Detail {
		for j := range r.Detail[k].Rules {
			r.Detail[k].Rules[j].AllocSeconds, r.Detail[k].Rules[j].PaySeconds = 0, 0
		}
	}
}

func TestBenchGeneratedMarkets(t *testing.T) {
	args := []string{"bench", "--dist", "regions", "--goods", "16", "--bids", "40", "--seeds", "1..4",
		"--payments", "pay-as-bid,vcg,core", "--jobs", "2", "--json"}
	r1 := gavel(t, "", args...)
	require.Equal(t, exitOK, r1.code, r1.stderr)
	doc := benchDoc(t, r1.stdout)
	assert.Equal(t, 4, doc.Markets)
	assert.Equal(t, 4, doc.OptimumProven)
	require.Len(t, doc.Summary, len(mechanism.AllocationRules())*3)
	require.Len(t, doc.Detail, 4)

	for _, mr := range doc.Detail {
		var opt float64
		for _, p := range mr.Rules {
			if p.Rule == mechanism.RuleOptimal && p.Payment == mechanism.PaymentPayAsBid {
				opt = p.Welfare
				require.NotNil(t, p.Efficiency)
				assert.InDelta(t, 1, *p.Efficiency, 1e-9)
			}
		}
		assert.InDelta(t, mr.Optimum, opt, 1e-9*opt)
		for _, p := range mr.Rules {
			if p.Skipped != "" {
				assert.Equal(t, mechanism.RulePerItem, p.Rule)
				continue
			}
			require.Empty(t, p.Error)
			assert.LessOrEqual(t, p.Welfare, opt*(1+1e-9), "%s: no rule beats the optimum", p.Rule)
			assert.GreaterOrEqual(t, p.HHI, 0.0)
			assert.LessOrEqual(t, p.HHI, 10000.0+1e-6)
			if p.Payment != mechanism.PaymentPayAsBid && p.Rule != mechanism.RuleOptimal {
				assert.Contains(t, p.Flags, "allocation not proven optimal", "%s %s is flagged", p.Rule, p.Payment)
			}
		}
	}
	// Same markets, one job: the same report but for run times.
	r2 := gavel(t, "", append(args[:len(args)-3:len(args)-3], "--jobs", "1", "--json")...)
	require.Equal(t, exitOK, r2.code, r2.stderr)
	doc2 := benchDoc(t, r2.stdout)
	benchTimeless(&doc)
	benchTimeless(&doc2)
	assert.Equal(t, doc, doc2)
}

func TestBenchTableCSVAndPlot(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "rules.svg")
	r := gavel(t, "", "bench", "--rules", "optimal,greedy,per-item", "--max-share", "0.5", "--plot", svg, losAngeles)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "policy: max-share 0.5")
	assert.Contains(t, r.stdout, "per-item")
	data, err := os.ReadFile(svg)
	require.NoError(t, err)
	assert.Contains(t, string(data), "<svg")

	r = gavel(t, "", "bench", "--rules", "optimal,fcfs", "--payments", "pay-as-bid,vcg", "--csv", losAngeles)
	require.Equal(t, exitOK, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 5)
	assert.Equal(t, []string{"optimal", "pay-as-bid", "1", "0"}, rows[1][:4])
	assert.Equal(t, []string{"fcfs", "vcg", "1", "1"}, rows[4][:4], "vcg on fcfs is flagged")
	// The pay-as-bid revenue of the optimum of Los Angeles.
	rev, err := auction.ParseMoney(rows[1][5], 2)
	require.NoError(t, err, rows[1][5])
	assert.InDelta(t, laOptimum, float64(rev), 10)
}

func TestBenchUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"bench"}, "give bid files, or --dist"},
		{[]string{"bench", "--dist", "ddu", losAngeles}, "not both"},
		{[]string{"bench", "--rules", "gredy", losAngeles}, `did you mean "greedy"`},
		{[]string{"bench", "--payments", "vcg,cor", losAngeles}, `did you mean "core"`},
		{[]string{"bench", "--dist", "ddu", "--seeds", "5..2"}, "--seeds"},
		{[]string{"bench", "--dist", "nope"}, "unknown distribution"},
		{[]string{"bench", "--plot", "x.pdf", losAngeles}, "SVG"},
		{[]string{"bench", "--csv", "--json", losAngeles}, "choose one"},
	} {
		r := gavel(t, "", tc.args...)
		assert.Equal(t, exitUsage, r.code, "%v", tc.args)
		assert.Contains(t, r.stderr, tc.msg, "%v", tc.args)
		assert.Empty(t, r.stdout)
	}
}

func TestParseSeeds(t *testing.T) {
	s, err := parseSeeds("1..3,7, 9")
	require.NoError(t, err)
	assert.Equal(t, []uint64{1, 2, 3, 7, 9}, s)
	for _, bad := range []string{"", "a", "3..1", "1..x", "0..100000"} {
		_, err := parseSeeds(bad)
		assert.Error(t, err, bad)
	}
}

func TestBenchStat(t *testing.T) {
	st := newBenchStat([]float64{4, 1, 3, 2})
	assert.Equal(t, benchStat{N: 4, Median: 2.5, Q1: 1.75, Q3: 3.25, Min: 1, Max: 4}, st)
	assert.Equal(t, benchStat{}, newBenchStat(nil))
}

func TestSolveRuleAndPayment(t *testing.T) {
	in := readInstance(t, losAngeles)
	r := gavel(t, "", "solve", "--json", "--payment", "vcg", losAngeles)
	require.Equal(t, exitOK, r.code, r.stderr)
	var doc struct {
		Status   string `json:"status"`
		Rule     string `json:"rule"`
		Bound    *json.Number
		Gap      *float64
		Payments struct {
			Rule  string      `json:"rule"`
			Total json.Number `json:"total"`
			Exact bool        `json:"exact"`
			Notes []string    `json:"notes"`
		} `json:"payments"`
		Bidders []struct {
			Bidder      string       `json:"bidder"`
			Payment     json.Number  `json:"payment"`
			RulePayment *json.Number `json:"rule_payment"`
			Exposure    *json.Number `json:"exposure"`
		} `json:"bidders"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc))
	assert.Equal(t, "optimal", doc.Status)
	assert.Equal(t, "optimal", doc.Rule)
	assert.Equal(t, "vcg", doc.Payments.Rule)
	assert.True(t, doc.Payments.Exact)
	var total auction.Money
	require.Len(t, doc.Bidders, len(in.Bidders))
	for _, b := range doc.Bidders {
		require.NotNil(t, b.RulePayment)
		vcg, pab := money(t, *b.RulePayment, 2), money(t, b.Payment, 2)
		assert.LessOrEqual(t, vcg, pab, "%s: VCG never above the bid", b.Bidder)
		total += vcg
	}
	assert.Equal(t, money(t, doc.Payments.Total, 2), total)

	// A heuristic rule: no bound, exit 0; vcg on it is flagged.
	r = gavel(t, "", "solve", "--rule", "greedy", "--payment", "vcg", losAngeles)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "award of the greedy rule (not proven optimal)")
	assert.Contains(t, r.stdout, "flagged")
	assert.Contains(t, r.stdout, "vcg payment")

	// per-item: exposure per bidder, pieces paid.
	r = gavel(t, "", "solve", "--json", "--rule", "per-item", "--payment", "pay-as-bid", losAngeles)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc))
	assert.Equal(t, "per-item", doc.Rule)
	assert.Nil(t, doc.Bound)
	assert.Nil(t, doc.Gap, "a rule that computes no bound states no gap")
	for _, b := range doc.Bidders {
		require.NotNil(t, b.Exposure)
		assert.Equal(t, money(t, *b.RulePayment, 2)-money(t, b.Payment, 2), money(t, *b.Exposure, 2), b.Bidder)
	}

	for _, bad := range [][]string{{"--rule", "gredy"}, {"--payment", "vcg,core"}, {"--rule", "per-item", "--payment", "core"}} {
		r = gavel(t, "", append(append([]string{"solve"}, bad...), losAngeles)...)
		assert.Equal(t, exitUsage, r.code, "%v", bad)
		assert.Empty(t, r.stdout)
	}
}
