package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// qaHHIMarket: A and B, 10 units each. x 100 for 6 of A, y 80 for 4 of A and
// 5 of B, z 30 for 5 of B, w 90 for 6 of A. The optimum x + y + z = 210
// fills both items (w + y + z = 200). Volumes 6, 9, 5 of 20: HHI =
// 10,000 × (0.3² + 0.45² + 0.25²) = 3,550. VCG: x pays 200 − 110 = 90, y
// and z pay 0 (no one else wants their units): 90, in the core.
const qaHHIMarket = `currency USD
ddu A capacity 10
ddu B capacity 10
bidder x
  bid x1 price 100 { A: 6 }
end
bidder y
  bid y1 price 80 { A: 4, B: 5 }
end
bidder z
  bid z1 price 30 { B: 5 }
end
bidder w
  bid w1 price 90 { A: 6 }
end
`

// TestQABenchAgreesWithSolveAndByHand: the table, CSV and JSON of one bench
// run agree with each other, with gavel solve on the same market and with
// the figures worked out by hand.
func TestQABenchAgreesWithSolveAndByHand(t *testing.T) {
	path := writeFile(t, "hhi.bids", qaHHIMarket)
	args := []string{"bench", "--rules", "optimal,greedy", "--payments", "pay-as-bid,vcg,core", path}
	js := gavel(t, "", append(args, "--json")...)
	require.Equal(t, exitOK, js.code, js.stderr)
	doc := benchDoc(t, js.stdout)
	want := map[string]float64{"pay-as-bid": 210, "vcg": 90, "core": 90}
	require.Len(t, doc.Detail, 1)
	assert.Equal(t, 210.0, doc.Detail[0].Optimum)
	for _, p := range doc.Detail[0].Rules {
		assert.Equal(t, want[p.Payment], p.Revenue, "%s %s", p.Rule, p.Payment)
		assert.Equal(t, 210.0, p.Welfare)
		assert.Equal(t, 3, p.Winners)
		assert.InDelta(t, 3550, p.HHI, 1e-9)
		assert.InDelta(t, 1, p.Fill, 1e-12)
	}

	cs := gavel(t, "", append(args, "--csv")...)
	require.Equal(t, exitOK, cs.code, cs.stderr)
	rows, err := csv.NewReader(strings.NewReader(cs.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+len(doc.Summary))
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	tab := gavel(t, "", args...)
	require.Equal(t, exitOK, tab.code, tab.stderr)
	for i, s := range doc.Summary {
		row := rows[i+1]
		assert.Equal(t, []string{s.Rule, s.Payment}, row[:2])
		for name, st := range map[string]benchStat{"revenue": s.Revenue, "hhi": s.HHI, "winners": s.Winners, "fill": s.Fill, "efficiency": s.Efficiency} {
			v, err := strconv.ParseFloat(row[col[name+"_median"]], 64)
			require.NoError(t, err, name)
			assert.Equal(t, st.Median, v, "%s %s %s", s.Rule, s.Payment, name)
		}
		line := fmt.Sprintf("%s\\s+%s( !)?\\s+%s\\s+100.0%%\\s+3\\s+3550\\s+100.0%%", s.Rule, s.Payment, strconv.FormatFloat(s.Revenue.Median, 'f', 0, 64))
		assert.Regexp(t, line, tab.stdout)
	}

	// gavel solve on the same market: the same revenue and per-bidder volumes.
	for _, p := range []string{"vcg", "core"} {
		r, sdoc := qaSolve(t, qaHHIMarket, "--payment", p)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, "210", sdoc.Revenue.String())
		assert.Equal(t, "90", sdoc.Payments.Total.String())
	}
	var vol struct {
		Bidders []struct {
			Volume float64 `json:"volume"`
		} `json:"bidders"`
	}
	s := gavel(t, "", "solve", "--json", path)
	require.NoError(t, json.Unmarshal([]byte(s.stdout), &vol))
	var total, hhi float64
	for _, b := range vol.Bidders {
		total += b.Volume
	}
	for _, b := range vol.Bidders {
		hhi += 10000 * (b.Volume / total) * (b.Volume / total)
	}
	assert.InDelta(t, 3550, hhi, 1e-9, "HHI from gavel solve's volumes")
}

// TestQABenchGeneratedMatchesSolve: bench on generated markets reports, per
// seed, the revenue gavel solve finds on the market gavel gen writes for
// that seed, and the same report whatever --threads.
func TestQABenchGeneratedMatchesSolve(t *testing.T) {
	args := []string{"bench", "--dist", "L3", "--goods", "12", "--bids", "30", "--seeds", "5,1..2", "--rules", "optimal", "--payments", "pay-as-bid,vcg", "--json"}
	r1 := gavel(t, "", append(args, "--threads", "1")...)
	require.Equal(t, exitOK, r1.code, r1.stderr)
	doc := benchDoc(t, r1.stdout)
	require.Len(t, doc.Detail, 3)
	dir := t.TempDir()
	for i, seed := range []string{"5", "1", "2"} {
		g := gavel(t, "", "gen", "--dist", "L3", "--goods", "12", "--bids", "30", "--seed", seed)
		require.Equal(t, exitOK, g.code, g.stderr)
		path := filepath.Join(dir, "s"+seed+".bids")
		require.NoError(t, writeFileAtomic(path, []byte(g.stdout)))
		for _, p := range doc.Detail[i].Rules {
			r := gavel(t, "", "solve", "--json", "--payment", p.Payment, path)
			require.Equal(t, exitOK, r.code, r.stderr)
			var sd qaDoc
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &sd))
			total, err := strconv.ParseFloat(sd.Payments.Total.String(), 64)
			require.NoError(t, err)
			assert.InDelta(t, total, p.Revenue, 1e-9, "seed %s %s", seed, p.Payment)
		}
	}
	r2 := gavel(t, "", append(args, "--threads", "2", "--jobs", "2")...)
	require.Equal(t, exitOK, r2.code, r2.stderr)
	doc2 := benchDoc(t, r2.stdout)
	benchTimeless(&doc)
	benchTimeless(&doc2)
	assert.Equal(t, doc, doc2, "the same report whatever --threads and --jobs")
}

// TestQABenchCATSFilesOfDifferentDecimals: CATS files print prices with as
// many decimals as they need, so two files of one benchmark have different
// minor units; each market's money is read in its own (a file of 1-decimal
// prices after one of 5 decimals was reported 10,000 times too small).
func TestQABenchCATSFilesOfDifferentDecimals(t *testing.T) {
	fine := writeFile(t, "fine.txt", "goods 2\nbids 2\ndummy 0\n0\t1.5e+06\t0\t#\n1\t2.25E-3\t1\t#\n")
	coarse := writeFile(t, "coarse.txt", "goods 2\nbids 1\ndummy 0\n0\t1.5\t0\t1\t#\n")
	r := gavel(t, "", "bench", "--rules", "optimal,greedy", "--json", fine, coarse)
	require.Equal(t, exitOK, r.code, r.stderr)
	doc := benchDoc(t, r.stdout)
	require.Len(t, doc.Detail, 2)
	assert.Equal(t, 1500000.00225, doc.Detail[0].Optimum)
	assert.Equal(t, 1.5, doc.Detail[1].Optimum)
	for k, want := range []float64{1500000.00225, 1.5} {
		for _, p := range doc.Detail[k].Rules {
			assert.Equal(t, want, p.Revenue, "%s %s", doc.Detail[k].Market, p.Rule)
			assert.Equal(t, want, p.Welfare, "%s %s", doc.Detail[k].Market, p.Rule)
		}
	}
}

// TestQABenchFilesUsage: standard input or a file named twice, and markets
// in different currencies, are usage errors with nothing on stdout.
func TestQABenchFilesUsage(t *testing.T) {
	usd := writeFile(t, "usd.bids", qaHHIMarket)
	jpy := writeFile(t, "jpy.bids", strings.Replace(qaHHIMarket, "currency USD", "currency JPY", 1))
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"bench", "-", "-"}, "- (standard input) is named 2 times"},
		{[]string{"bench", usd, usd}, usd + " and " + usd + " are the same file"},
		{[]string{"bench", usd, filepath.Join(filepath.Dir(usd), ".", filepath.Base(usd))}, "are the same file"},
		{[]string{"bench", usd, jpy}, "is in USD but " + jpy + " is in JPY"},
	} {
		r := gavel(t, qaHHIMarket, tc.args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", tc.args, r.stderr)
		assert.Contains(t, r.stderr, tc.msg)
		assert.Empty(t, r.stdout)
	}
}

// TestQABenchTimeLimitStopsRuns: a limit that stops every solve is not a
// failure (exit 0) but is said: no optimum proven, efficiencies against
// the bound (never above 1), VCG on the stopped awards flagged, and the
// table's note.
func TestQABenchTimeLimitStopsRuns(t *testing.T) {
	args := []string{"bench", "--dist", "L3", "--goods", "12", "--bids", "30", "--seeds", "1..2", "--time-limit", "1ns",
		"--rules", "optimal,greedy", "--payments", "pay-as-bid,vcg"}
	r := gavel(t, "", append(args, "--json")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	doc := benchDoc(t, r.stdout)
	assert.Zero(t, doc.OptimumProven)
	for _, m := range doc.Detail {
		assert.False(t, m.OptimumProven)
		assert.Positive(t, m.Optimum, "the proven bound stands in for the optimum")
		for _, p := range m.Rules {
			assert.False(t, p.Optimal, "%s %s", p.Rule, p.Payment)
			if p.Efficiency != nil {
				assert.LessOrEqual(t, *p.Efficiency, 1.0)
			}
			if p.Payment == "vcg" {
				assert.Contains(t, p.Flags, "allocation not proven optimal")
				assert.False(t, p.Exact)
			}
		}
	}
	tab := gavel(t, "", args...)
	require.Equal(t, exitOK, tab.code, tab.stderr)
	assert.Contains(t, tab.stdout, "the optimal welfare is not proven on 2 of 2 markets")
	assert.Contains(t, tab.stdout, "vcg !")
}
