package main

import (
	"context"
	"encoding/json"
	"math"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/bidlang"
	"github.com/gavelhq/gavel/solver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var losAngeles = filepath.Join("..", "..", "examples", "los-angeles.bids")

// laOptimum is the optimum of examples/los-angeles.bids in cents, as CBC
// finds it on `gavel export --to lp` (TestSolveAgreesWithCBC checks it
// again where cbc is installed).
const laOptimum = 108684_00

// assertLAOptimum checks that a document holds the optimum of Los Angeles:
// the objective Σ value × fraction is laOptimum, and the pay-as-bid revenue
// is too, but for the rounding down of each divisible winner's payment to
// a cent (solver.Result: "can be a little below Objective").
func assertLAOptimum(t *testing.T, in *auction.Instance, doc solveDoc) {
	t.Helper()
	assert.InDelta(t, laOptimum, minorUnits(t, doc.Objective, 2), 1e-9*laOptimum, "objective")
	divisible := 0
	for _, w := range doc.Winners {
		for i := range in.Bids {
			if in.Bids[i].ID == w.Bid && in.Bids[i].Divisible() && w.Fraction < 1 {
				divisible++
			}
		}
	}
	rev := money(t, doc.Revenue, 2)
	assert.LessOrEqual(t, rev, auction.Money(laOptimum))
	assert.GreaterOrEqual(t, rev, auction.Money(laOptimum-divisible), "revenue %s", doc.Revenue)
}

// solveDoc is the JSON document of gavel solve, read with json.Number so
// that money keeps its exact decimal form.
type solveDoc struct {
	File      string       `json:"file"`
	Auction   string       `json:"auction"`
	Status    string       `json:"status"`
	Currency  string       `json:"currency"`
	Decimals  int          `json:"decimals"`
	Revenue   json.Number  `json:"revenue"`
	Objective json.Number  `json:"objective"`
	Bound     *json.Number `json:"bound"`
	Gap       *float64     `json:"gap"`
	Policy    *struct {
		MaxShare     string `json:"max_share"`
		MaxItems     int    `json:"max_items"`
		MinWinners   int    `json:"min_winners"`
		ReserveScale string `json:"reserve_scale"`
	} `json:"policy"`
	Winners []struct {
		Bid      string       `json:"bid"`
		Bidder   string       `json:"bidder"`
		Fraction float64      `json:"fraction"`
		Price    json.Number  `json:"price"`
		Rate     *json.Number `json:"rate"`
		Payment  json.Number  `json:"payment"`
		Volume   float64      `json:"volume"`
		Volumes  []struct {
			Item   string  `json:"item"`
			Volume float64 `json:"volume"`
		} `json:"volumes"`
	} `json:"winners"`
	Bidders []struct {
		Bidder  string      `json:"bidder"`
		Name    string      `json:"name"`
		Bids    int         `json:"bids"`
		Payment json.Number `json:"payment"`
		Volume  float64     `json:"volume"`
		Share   float64     `json:"share"`
	} `json:"bidders"`
	Regions []struct {
		Region   string  `json:"region"`
		Items    int     `json:"items"`
		Capacity int64   `json:"capacity"`
		Volume   float64 `json:"volume"`
		Fill     float64 `json:"fill"`
		Winners  int     `json:"winners"`
	} `json:"regions"`
	Stats struct {
		Seconds      *float64 `json:"seconds"`
		Engine       string   `json:"engine"`
		Nodes        *int64   `json:"nodes"`
		SubNodes     *int64   `json:"sub_nodes"`
		Components   *int     `json:"components"`
		LPIterations *int64   `json:"lp_iterations"`
		Bids         int      `json:"bids"`
		Threads      int      `json:"threads"`
		Removed      int      `json:"removed"`
		Trivial      int      `json:"trivial"`
		LargestBids  int      `json:"largest_component_bids"`
		Cuts         int      `json:"cuts"`
	} `json:"stats"`
}

// parseSolveDoc checks that out is exactly one JSON document and reads it.
func parseSolveDoc(t *testing.T, out string) solveDoc {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	var doc solveDoc
	require.NoError(t, dec.Decode(&doc), out)
	require.False(t, dec.More(), "exactly one JSON document")
	require.NotNil(t, doc.Stats.Seconds, "stats.seconds")
	require.NotNil(t, doc.Stats.Nodes, "stats.nodes")
	require.NotNil(t, doc.Stats.SubNodes, "stats.sub_nodes")
	require.NotNil(t, doc.Stats.Components, "stats.components")
	require.NotNil(t, doc.Stats.LPIterations, "stats.lp_iterations")
	return doc
}

// readInstance reads a bid file directly with bidlang, apart from the
// command's own loading.
func readInstance(t *testing.T, path string) *auction.Instance {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	in, diags := bidlang.ReadBids(path, src)
	require.NoError(t, diags.Err())
	require.NoError(t, in.Validate())
	return in
}

func money(t *testing.T, n json.Number, decimals int) auction.Money {
	t.Helper()
	m, err := auction.ParseMoney(n.String(), decimals)
	require.NoError(t, err, "money %q written exactly", n)
	return m
}

// minorUnits reads a number in major units exactly and returns it in minor
// units, as a float64 (for objective and bound).
func minorUnits(t *testing.T, n json.Number, decimals int) float64 {
	t.Helper()
	r, ok := new(big.Rat).SetString(n.String())
	require.True(t, ok, "number %q", n)
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)))
	f, _ := r.Float64()
	return f
}

// verifyDoc checks a solve document against the instance it is about with
// the auction package alone: the award passes the certificate, and every
// payment, volume, total and region figure is what the instance says.
func verifyDoc(t *testing.T, in *auction.Instance, doc solveDoc) auction.Allocation {
	t.Helper()
	dec := in.CurrencyOrDefault().Decimals
	assert.Equal(t, in.CurrencyOrDefault().Code, doc.Currency)
	assert.Equal(t, dec, doc.Decimals)
	bidIndex := map[string]int{}
	for i, b := range in.Bids {
		bidIndex[b.ID] = i
	}
	itemIndex := map[string]int{}
	for i, it := range in.Items {
		itemIndex[it.ID] = i
	}

	var alloc auction.Allocation
	var objective float64
	for _, w := range doc.Winners {
		i, ok := bidIndex[w.Bid]
		require.True(t, ok, "winner %q is a bid", w.Bid)
		bid := &in.Bids[i]
		aw := auction.Award{Bid: i, Fraction: w.Fraction}
		alloc.Awards = append(alloc.Awards, aw)
		assert.Equal(t, in.Bidders[bid.Bidder].ID, w.Bidder)
		value, ok := bid.Value()
		require.True(t, ok)
		objective += float64(value) * w.Fraction
		assert.Equal(t, value, money(t, w.Price, dec), "price of %s is the bid's value", w.Bid)
		assert.Equal(t, in.PayAsBid(aw), money(t, w.Payment, dec), "payment of %s", w.Bid)
		assert.Equal(t, bid.PerUnit, w.Rate != nil, "rate only for bids priced per unit")
		require.Len(t, w.Volumes, len(bid.Bundle))
		var vol float64
		for k, d := range bid.Bundle {
			assert.Equal(t, in.Items[d.Item].ID, w.Volumes[k].Item)
			assert.InDelta(t, w.Fraction*float64(d.Volume), w.Volumes[k].Volume, 1e-6)
			vol += w.Volumes[k].Volume
		}
		assert.InDelta(t, vol, w.Volume, 1e-6)
	}
	require.Empty(t, in.Check(alloc), "the printed award passes the certificate")
	revenue := money(t, doc.Revenue, dec)
	assert.Equal(t, in.Revenue(alloc), revenue)
	assert.InDelta(t, objective, minorUnits(t, doc.Objective, dec), 1e-6*max(1, objective))

	pays, vols := in.BidderPayments(alloc), in.BidderVolumes(alloc)
	require.Len(t, doc.Bidders, len(in.Bidders), "every bidder is listed")
	var sum auction.Money
	var total float64
	for _, v := range vols {
		total += v
	}
	for b, br := range doc.Bidders {
		assert.Equal(t, in.Bidders[b].ID, br.Bidder)
		assert.Equal(t, pays[b], money(t, br.Payment, dec), "payment of %s", br.Bidder)
		assert.InDelta(t, vols[b], br.Volume, 1e-6)
		if total > 0 {
			assert.InDelta(t, vols[b]/total, br.Share, 1e-9)
		}
		sum += money(t, br.Payment, dec)
	}
	assert.Equal(t, revenue, sum, "the bidders' payments add up to the revenue")

	if doc.Status != "infeasible" {
		require.NotNil(t, doc.Bound)
		bound := minorUnits(t, *doc.Bound, dec)
		assert.GreaterOrEqual(t, bound, objective-1e-6*max(1, objective), "bound ≥ objective")
		require.NotNil(t, doc.Gap, "a gap with every bound")
		assert.InDelta(t, max(0, (bound-objective)/max(math.Abs(bound), 1)), *doc.Gap, 1e-9)
	} else {
		assert.Nil(t, doc.Gap, "no bound, no gap")
	}

	// Regions, recomputed from the items.
	itemVols := in.ItemVolumes(alloc)
	for _, r := range doc.Regions {
		var items int
		var capacity int64
		var vol float64
		for i, it := range in.Items {
			if it.Region == r.Region {
				items++
				capacity += it.Capacity
				vol += itemVols[i]
			}
		}
		assert.Equal(t, items, r.Items, r.Region)
		assert.Equal(t, capacity, r.Capacity, r.Region)
		assert.InDelta(t, vol, r.Volume, 1e-6, r.Region)
		assert.InDelta(t, vol/float64(capacity), r.Fill, 1e-9, r.Region)
	}
	return alloc
}

func TestSolveLosAngelesOnEveryEngine(t *testing.T) {
	in := readInstance(t, losAngeles)
	for _, engine := range solver.Engines() {
		t.Run(engine, func(t *testing.T) {
			r := gavel(t, "", "solve", "--engine", engine, losAngeles)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Empty(t, r.stderr, "no progress off a terminal without -v")
			assert.True(t, strings.HasPrefix(r.stdout, losAngeles+": optimal\n"), r.stdout)
			assert.Regexp(t, `revenue\s+108,68[34]\.\d\d USD`, r.stdout)
			assert.Contains(t, r.stdout, ", "+engine+" engine")
			for _, section := range []string{"\nWinners\n", "\nBidders\n", "\nRegions\n"} {
				assert.Contains(t, r.stdout, section)
			}
			// One row per region, one per bidder.
			assert.Regexp(t, `(?m)^  CENTRAL\s+12\s+49,000\s`, r.stdout)
			assert.Regexp(t, `(?m)^  total\s+\d+\s+108,68[34]\.\d\d\s`, r.stdout)

			j := gavel(t, "", "solve", "--json", "--engine", engine, losAngeles)
			require.Equal(t, exitOK, j.code, j.stderr)
			doc := parseSolveDoc(t, j.stdout)
			assert.Equal(t, "optimal", doc.Status)
			assert.Equal(t, engine, doc.Stats.Engine)
			verifyDoc(t, in, doc)
			assertLAOptimum(t, in, doc)
			assert.Equal(t, len(in.Bids), doc.Stats.Bids)
			assert.Len(t, doc.Regions, 6)
		})
	}
}

func TestSolveStoppedByALimitPrintsAValidAward(t *testing.T) {
	in := readInstance(t, losAngeles)
	tests := []struct {
		name string
		args []string
	}{
		{"time limit 1ns", []string{"--time-limit", "1ns"}},
		{"node limit 1", []string{"--node-limit", "1"}},
	}
	for _, tt := range tests {
		for _, engine := range solver.Engines() {
			t.Run(tt.name+"/"+engine, func(t *testing.T) {
				args := append([]string{"solve", "--json", "--engine", engine}, tt.args...)
				r := gavel(t, "", append(args, losAngeles)...)
				doc := parseSolveDoc(t, r.stdout)
				verifyDoc(t, in, doc)
				switch doc.Status {
				case "feasible":
					assert.Equal(t, exitLimit, r.code)
					assert.Contains(t, r.stderr, "stopped by a limit")
				case "optimal": // a limit that did not bite
					assert.Equal(t, exitOK, r.code)
					assertLAOptimum(t, in, doc)
				default:
					t.Fatalf("status %q, exit %d", doc.Status, r.code)
				}
			})
		}
	}
	// The root LP of Los Angeles is fractional, so one node cannot prove
	// the optimum, and no search ends before a deadline that has passed.
	for _, args := range [][]string{{"--node-limit", "1"}, {"--time-limit", "1ns"}} {
		r := gavel(t, "", append(append([]string{"solve"}, args...), losAngeles)...)
		assert.Equal(t, exitLimit, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stdout, ": feasible\n")
	}
}

func TestSolveGapCountsAsSolved(t *testing.T) {
	in := readInstance(t, losAngeles)
	r := gavel(t, "", "solve", "--json", "--gap", "0.05", losAngeles)
	require.Equal(t, exitOK, r.code, r.stderr)
	doc := parseSolveDoc(t, r.stdout)
	require.NotNil(t, doc.Gap)
	assert.LessOrEqual(t, *doc.Gap, 0.05)
	// A gap limit is not a proof: optimal only when the gap is closed.
	if *doc.Gap > solver.DefaultRelGap {
		assert.Equal(t, "feasible", doc.Status)
		text := gavel(t, "", "solve", "--gap", "0.05", losAngeles)
		require.Equal(t, exitOK, text.code, text.stderr)
		assert.Contains(t, text.stdout, "within the asked gap of 5")
	} else {
		assert.Equal(t, "optimal", doc.Status)
	}
	verifyDoc(t, in, doc)
}

func TestSolveCanceledPrintsTheBestAward(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as if Ctrl-C came at once
	var out, errb strings.Builder
	code := run(ctx, []string{"solve", "--json", losAngeles}, strings.NewReader(""), &out, &errb)
	assert.Equal(t, exitInterrupted, code, errb.String())
	doc := parseSolveDoc(t, out.String())
	assert.Equal(t, "canceled", doc.Status)
	verifyDoc(t, readInstance(t, losAngeles), doc)
	assert.Contains(t, errb.String(), "interrupted")
}

// slowReader hands out its data only after a delay, like a large file
// being read.
type slowReader struct {
	delay time.Duration
	data  *strings.Reader
}

func (r *slowReader) Read(p []byte) (int, error) {
	if r.delay > 0 {
		time.Sleep(r.delay)
		r.delay = 0
	}
	return r.data.Read(p)
}

// TestSolveTimeLimitCountsReading checks that --time-limit counts from the
// start of the command: reading that takes longer than the limit leaves the
// search no time, so Los Angeles (whose root LP is fractional) ends
// feasible, not optimal, though its search alone takes milliseconds.
func TestSolveTimeLimitCountsReading(t *testing.T) {
	src, err := os.ReadFile(losAngeles)
	require.NoError(t, err)
	var out, errb strings.Builder
	in := &slowReader{delay: 400 * time.Millisecond, data: strings.NewReader(string(src))}
	code := run(context.Background(), []string{"solve", "--json", "--time-limit", "300ms", "-"}, in, &out, &errb)
	require.Equal(t, exitLimit, code, errb.String())
	doc := parseSolveDoc(t, out.String())
	assert.Equal(t, "feasible", doc.Status)
	verifyDoc(t, readInstance(t, losAngeles), doc)
}

func TestSolveUsageErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string // regexp
	}{
		{"no file", nil, "exactly one FILE"},
		{"two files", []string{losAngeles, losAngeles}, "exactly one FILE"},
		{"unknown engine", []string{"--engine", "cplex", losAngeles}, `"cplex".*available: ` + regexp.QuoteMeta(strings.Join(solver.Engines(), ", "))},
		{"bad format", []string{"--format", "xml", losAngeles}, "--format"},
		{"gap 1", []string{"--gap", "1", losAngeles}, "--gap"},
		{"negative gap", []string{"--gap", "-0.1", losAngeles}, "--gap"},
		{"gap not a number", []string{"--gap", "NaN", losAngeles}, "--gap"},
		{"bad duration", []string{"--time-limit", "soon", losAngeles}, "time-limit"},
		{"negative time limit", []string{"--time-limit", "-1s", losAngeles}, "--time-limit"},
		{"negative node limit", []string{"--node-limit", "-5", losAngeles}, "--node-limit"},
		{"negative threads", []string{"--threads", "-1", losAngeles}, "--threads"},
		{"max-share 0", []string{"--max-share", "0", losAngeles}, "--max-share"},
		{"max-share above 1", []string{"--max-share", "3/2", losAngeles}, "--max-share"},
		{"max-share over 0", []string{"--max-share", "1/0", losAngeles}, "--max-share"},
		{"max-share text", []string{"--max-share", "half", losAngeles}, "--max-share"},
		{"negative max-items", []string{"--max-items", "-1", losAngeles}, "--max-items"},
		{"negative min-winners", []string{"--min-winners", "-1", losAngeles}, "--min-winners -1 must not be negative"},
		{"fractional min-winners", []string{"--min-winners", "1.5", losAngeles}, "min-winners"},
		{"negative reserve scale", []string{"--reserve-scale", "-1", losAngeles}, "--reserve-scale"},
		{"unknown flag", []string{"--fast", losAngeles}, "unknown flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := gavel(t, "", append([]string{"solve"}, tt.args...)...)
			assert.Equal(t, exitUsage, r.code, r.stderr)
			assert.Empty(t, r.stdout)
			assert.Regexp(t, tt.stderr, r.stderr)
		})
	}
	if !contains(solver.Engines(), solver.EngineClp) {
		r := gavel(t, "", "solve", "--engine", "clp", losAngeles)
		assert.Equal(t, exitUsage, r.code)
		assert.Contains(t, r.stderr, "-tags clp")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSolveInvalidInputExits4WithNothingOnStdout(t *testing.T) {
	bad := writeFile(t, "bad.bids", "auction \"x\"\nddu D1 capacity -5\n")
	for _, args := range [][]string{{"solve", bad}, {"solve", "--json", bad}} {
		r := gavel(t, "", args...)
		assert.Equal(t, exitInvalid, r.code, r.stderr)
		assert.Empty(t, r.stdout)
		assert.Contains(t, r.stderr, bad+":2:")
	}
	missing := gavel(t, "", "solve", "no-such-file.bids")
	assert.Equal(t, exitFailure, missing.code)
	assert.Empty(t, missing.stdout)
}

func TestSolveReadsStandardInput(t *testing.T) {
	src, err := os.ReadFile(losAngeles)
	require.NoError(t, err)
	r := gavel(t, string(src), "solve", "--json", "-")
	require.Equal(t, exitOK, r.code, r.stderr)
	doc := parseSolveDoc(t, r.stdout)
	assert.Equal(t, "<stdin>", doc.File)
	assertLAOptimum(t, readInstance(t, losAngeles), doc)

	// CATS on stdin, named by --format.
	cats := "goods 3\nbids 3\n0\t10.5\t0\t1\t#\n1\t7\t1\t2\t#\n2\t8\t2\t#\n"
	c := gavel(t, cats, "solve", "--format", "cats", "--json", "-")
	require.Equal(t, exitOK, c.code, c.stderr)
	cdoc := parseSolveDoc(t, c.stdout)
	in, diags := bidlang.Read("<stdin>", []byte(cats), bidlang.FormatCATS)
	require.NoError(t, diags.Err())
	verifyDoc(t, in, cdoc)
	assert.Equal(t, "optimal", cdoc.Status)
	assert.Equal(t, "18.5", cdoc.Revenue.String(), "bids 0 and 2 beat bid 1")
}

func TestSolveProgress(t *testing.T) {
	r := gavel(t, "", "solve", "-v", losAngeles)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `(?m)^gavel solve: +\d+\.\ds  incumbent [\d,.]+  bound [\d,.]+  gap [\d.]+%  nodes [\d,]+  open [\d,]+  components \d+/\d+$`, r.stderr)
	assert.Contains(t, r.stdout, "optimal", "progress never goes to stdout")
	q := gavel(t, "", "solve", "--verbose", "--json", losAngeles)
	require.Equal(t, exitOK, q.code)
	parseSolveDoc(t, q.stdout)
	assert.Contains(t, q.stderr, "incumbent")
}

// policyMarket is a tiny market in which every policy flag changes the
// answer: big takes the whole of D1 unless max-share stops it, spread wins
// three items unless max-items stops it, and low falls below a raised
// reserve.
const policyMarket = `auction "policy"
ddu D1 capacity 100 reserve 0.50
ddu D2 capacity 100
ddu D3 capacity 100
ddu D4 capacity 100
bidder big
  bid whole price 100 { D1: 100 }
end
bidder mid
  bid m1 price 45 { D1: 50 }
end
bidder low
  bid l1 price 30 { D1: 50 }
end
bidder spread
  bid x2 price 10 { D2: 10 }
  bid x3 price 11 { D3: 10 }
  bid x4 price 12 { D4: 10 }
end
`

// bruteForce returns the largest revenue of any allocation of whole bids
// that passes the certificate, by trying every subset.
// solveHandWorked checks a hand-worked answer: brute force on in agrees
// with revenue, and `gavel solve --json` with args on the file at path
// proves it on every engine, with the winning bids winners (space-separated,
// in the document's order). It returns the documents, one per engine.
func solveHandWorked(t *testing.T, in *auction.Instance, path string, args []string, revenue, winners string) []solveDoc {
	t.Helper()
	require.Equal(t, revenue, bruteForce(t, in).FormatShort(2), "the hand-worked answer agrees with brute force")
	var docs []solveDoc
	for _, engine := range solver.Engines() {
		r := gavel(t, "", append(append([]string{"solve", "--json", "--engine", engine}, args...), path)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		doc := parseSolveDoc(t, r.stdout)
		verifyDoc(t, in, doc)
		assert.Equal(t, revenue, doc.Revenue.String(), engine)
		var got []string
		for _, w := range doc.Winners {
			got = append(got, w.Bid)
		}
		assert.Equal(t, winners, strings.Join(got, " "), engine)
		docs = append(docs, doc)
	}
	return docs
}

func bruteForce(t *testing.T, in *auction.Instance) auction.Money {
	t.Helper()
	n := len(in.Bids)
	require.LessOrEqual(t, n, 16)
	best := auction.Money(-1)
	for mask := 0; mask < 1<<n; mask++ {
		var a auction.Allocation
		for i := range n {
			if mask&(1<<i) != 0 {
				a.Awards = append(a.Awards, auction.Award{Bid: i, Fraction: 1})
			}
		}
		if len(in.Check(a)) == 0 {
			best = max(best, in.Revenue(a))
		}
	}
	return best
}

func TestSolvePolicyFlags(t *testing.T) {
	path := writeFile(t, "policy.bids", policyMarket)
	base := readInstance(t, path)
	tests := []struct {
		name    string
		args    []string
		policy  auction.Policy
		revenue string
		winners string
	}{
		{"none", nil, auction.Policy{}, "133", "whole x2 x3 x4"},
		{"max-share 0.5", []string{"--max-share", "0.5"}, auction.Policy{MaxShare: auction.Ratio{Num: 1, Den: 2}}, "108", "m1 l1 x2 x3 x4"},
		{"max-share 1/2", []string{"--max-share", "1/2"}, auction.Policy{MaxShare: auction.Ratio{Num: 1, Den: 2}}, "108", "m1 l1 x2 x3 x4"},
		{"max-items 2", []string{"--max-items", "2"}, auction.Policy{MaxItems: 2}, "123", "whole x3 x4"},
		{"reserve x1.5", []string{"--reserve-scale", "1.5"}, auction.Policy{ReserveScale: auction.Ratio{Num: 3, Den: 2}}, "133", "whole x2 x3 x4"},
		{"max-share and reserve x1.5", []string{"--max-share", "0.5", "--reserve-scale", "3/2"},
			auction.Policy{MaxShare: auction.Ratio{Num: 1, Den: 2}, ReserveScale: auction.Ratio{Num: 3, Den: 2}}, "78", "m1 x2 x3 x4"},
		{"reserve x2.1", []string{"--reserve-scale", "2.1"}, auction.Policy{ReserveScale: auction.Ratio{Num: 21, Den: 10}}, "33", "x2 x3 x4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := tt.policy.Apply(base)
			require.NoError(t, err)
			for _, doc := range solveHandWorked(t, in, path, tt.args, tt.revenue, tt.winners) {
				assert.Equal(t, len(tt.args) == 0, doc.Policy == nil, "policy reported when given")
			}
		})
	}
	// The table names the policy.
	r := gavel(t, "", "solve", "--max-share", "1/2", "--max-items", "2", "--reserve-scale", "1.1", path)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "policy      max-share 0.5, max-items 2, reserves × 1.1")
	// A reserve scaled beyond the range of money is invalid input.
	o := gavel(t, "", "solve", "--reserve-scale", "9223372036854775807/1", path)
	assert.Equal(t, exitInvalid, o.code, o.stderr)
	assert.Empty(t, o.stdout)
}

// TestSolveAgreesWithCBC sets gavel's objective beside CBC's on the
// exported model of the examples and of small generated markets.
func TestSolveAgreesWithCBC(t *testing.T) {
	cbc, err := exec.LookPath("cbc")
	if err != nil {
		t.Skip("cbc not installed (apt-get install coinor-cbc)")
	}
	dir := t.TempDir()
	files := []string{losAngeles, filepath.Join("..", "..", "examples", "quickstart.bids")}
	for i, args := range [][]string{
		{"--dist", "L3", "--goods", "20", "--bids", "60", "--seed", "1"},
		{"--dist", "regions", "--goods", "30", "--bids", "80", "--seed", "2"},
		{"--dist", "ddu", "--goods", "10", "--bids", "30", "--seed", "2"},
	} {
		p := filepath.Join(dir, "gen"+strconv.Itoa(i)+".bids")
		g := gavel(t, "", append(append([]string{"gen"}, args...), "--format", "bids", "-o", p)...)
		require.Equal(t, exitOK, g.code, g.stderr)
		files = append(files, p)
	}
	objRE := regexp.MustCompile(`Objective value:\s+(-?[0-9.e+]+)`)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			lp := gavel(t, "", "export", "--to", "lp", f)
			require.Equal(t, exitOK, lp.code, lp.stderr)
			lpFile := filepath.Join(dir, filepath.Base(f)+".lp")
			require.NoError(t, os.WriteFile(lpFile, []byte(lp.stdout), 0o644))
			out, err := exec.Command(cbc, lpFile, "solve", "quit").CombinedOutput()
			require.NoError(t, err, string(out))
			require.Contains(t, string(out), "Optimal solution found", string(out))
			m := objRE.FindStringSubmatch(string(out))
			require.NotNil(t, m, string(out))
			cbcObj, err := strconv.ParseFloat(m[1], 64)
			require.NoError(t, err)

			r := gavel(t, "", "solve", "--json", f)
			require.Equal(t, exitOK, r.code, r.stderr)
			doc := parseSolveDoc(t, r.stdout)
			verifyDoc(t, readInstance(t, f), doc)
			obj := minorUnits(t, doc.Objective, doc.Decimals)
			assert.InDelta(t, cbcObj, obj, 1e-6*max(1, math.Abs(cbcObj)), "gavel %v, CBC %v", obj, cbcObj)
		})
	}
}

func TestFloatNumber(t *testing.T) {
	tests := []struct {
		x    float64
		dec  int
		want string
	}{
		{10868400, 2, "108684"},
		{10868437.5, 2, "108684.375"},
		{5, 2, "0.05"},
		{50, 2, "0.5"},
		{0, 2, "0"},
		{-5, 2, "-0.05"},
		{123.5, 0, "123.5"},
		{147345469, 4, "14734.5469"},
		{1e21, 2, "10000000000000000000"},
	}
	for _, tt := range tests {
		assert.Equal(t, json.Number(tt.want), floatNumber(tt.x, tt.dec), "%v with %d decimals", tt.x, tt.dec)
	}
	// The written number is exactly x / 10^dec.
	for _, x := range []float64{0.1, 1.0 / 3, 12345.678901, 9.87654321e15, 3e-7} {
		for dec := range 5 {
			got, ok := new(big.Rat).SetString(floatNumber(x, dec).String())
			require.True(t, ok)
			want, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'f', -1, 64))
			require.True(t, ok)
			want.Quo(want, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(dec)), nil)))
			assert.Zero(t, got.Cmp(want), "%v with %d decimals: %s", x, dec, floatNumber(x, dec))
		}
	}
}

func TestParseRatioFlag(t *testing.T) {
	for s, want := range map[string]auction.Ratio{
		"0.5": {Num: 1, Den: 2}, "1/2": {Num: 1, Den: 2}, "1": {Num: 1, Den: 1}, "2/3": {Num: 2, Den: 3}, "1.1": {Num: 11, Den: 10},
	} {
		got, err := parseRatioFlag(s, "0.5", "1/2")
		require.NoError(t, err, s)
		assert.Zero(t, got.Cmp(want), s)
	}
	for _, s := range []string{"", "x", "1/", "/2", "1/0", "-1/2", "1/-2", "0.5/2", "-0.5"} {
		_, err := parseRatioFlag(s, "0.5", "1/2")
		assert.Error(t, err, s)
	}
}

func TestFormatting(t *testing.T) {
	assert.Equal(t, "108,684.00", formatMoney(108684_00, 2))
	assert.Equal(t, "0.05", formatMoney(5, 2))
	assert.Equal(t, "-1,000", formatMoney(-1000, 0))
	assert.Equal(t, "12,832.76", formatVolume(12832.758620))
	assert.Equal(t, "7,000", formatVolume(7000))
	assert.Equal(t, "0.6547", formatFraction(0.654725))
	assert.Equal(t, "1", formatFraction(1))
	assert.Equal(t, "108,684.38", floatMoney(10868437.5, 2))
}

func TestSolveReportOfAnInfeasibleResult(t *testing.T) {
	in := readInstance(t, filepath.Join("..", "..", "examples", "quickstart.bids"))
	res := solver.Result{Status: solver.Infeasible, Bound: math.Inf(-1)}
	rep := newSolveReport("q.bids", in, auction.Policy{}, res)
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	require.NoError(t, enc.Encode(rep), "-Inf never reaches the encoder")
	doc := parseSolveDoc(t, buf.String())
	assert.Equal(t, "infeasible", doc.Status)
	assert.Nil(t, doc.Bound, "bound is null")
	assert.Nil(t, doc.Gap, "gap is null")
	assert.Empty(t, doc.Winners)
	assert.NotNil(t, doc.Winners, "an empty list, not null")
	assert.Equal(t, json.Number("0"), doc.Revenue)
	var text strings.Builder
	rep.writeText(&text)
	assert.Contains(t, text.String(), "q.bids: infeasible\n")
	assert.Contains(t, text.String(), "no award meets the constraints")
}
