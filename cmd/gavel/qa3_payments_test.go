package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// qaDivisibleMarket is a market of divisible bids, budgets and reserves
// with its payments worked out by hand (in the comment of each case).
type qaDivisibleMarket struct {
	name    string
	header  string
	bidders []string // one bidder block each, "bidder ID ... end"
	payAB   map[string]string
	vcg     map[string]string
	core    map[string]string
}

var qaDivisibleMarkets = []qaDivisibleMarket{
	{
		// A: 100 units, reserve 1. x: 3/unit on 100, min 1/4; y: 200 for 60.
		// W = y + 0.4 x = 200 + 120 = 320 (x alone 300). VCG x: W(-x) = 200,
		// W - v_x = 200: 0, raised to the reserve of its 40 units: 40. y:
		// W(-y) = 300, W - v_y = 120: 180. Core: {x} blocks unless p_y >= 180,
		// {y} unless p_x >= 0: VCG is in the core.
		name:   "fraction won, pivot below reserve",
		header: "ddu A capacity 100 reserve 1\n",
		bidders: []string{
			"bidder x\n  bid x1 rate 3 { A: 100 } min 0.25\nend\n",
			"bidder y\n  bid y1 price 200 { A: 60 }\nend\n",
		},
		payAB: map[string]string{"x": "120", "y": "200"},
		vcg:   map[string]string{"x": "40", "y": "180"},
		core:  map[string]string{"x": "40", "y": "180"},
	},
	{
		// x's budget 150 lets it win one of its two bids of 100. W = x1 + z1
		// = 170 (x2 + y1 = 160, y1 + z1 = 130). VCG x: 130 - 70 = 60; z:
		// W(-z) = 160, W - v_z = 100: 60. Core: {y, z}: p_x >= 130 - 70;
		// {x, y}: p_z >= 160 - 100; {y}: p_x + p_z >= 60: VCG is in it.
		name:   "budget binds",
		header: "ddu A capacity 10\nddu B capacity 10\n",
		bidders: []string{
			"bidder x budget 150\n  bid x1 price 100 { A: 10 }\n  bid x2 price 100 { B: 10 }\nend\n",
			"bidder y\n  bid y1 price 60 { A: 10 }\nend\n",
			"bidder z\n  bid z1 price 70 { B: 10 }\nend\n",
		},
		payAB: map[string]string{"x": "100", "y": "0", "z": "70"},
		vcg:   map[string]string{"x": "60", "y": "0", "z": "60"},
		core:  map[string]string{"x": "60", "y": "0", "z": "60"},
	},
	{
		// Divisible x and y (10 each at 1/unit) against z's 12 for both,
		// reserve 0.30 a unit. W = 20. VCG: 12 - 10 = 2 each, raised to
		// the reserve 3. {z} blocks unless p_x + p_y >= 12: the core point
		// nearest to VCG is 6 each.
		name:   "core above VCG",
		header: "ddu A capacity 10 reserve 0.3\nddu B capacity 10 reserve 0.3\n",
		bidders: []string{
			"bidder x\n  bid x1 rate 1 { A: 10 } min 0.5\nend\n",
			"bidder y\n  bid y1 rate 1 { B: 10 } min 0.5\nend\n",
			"bidder z\n  bid z1 price 12 { A: 10, B: 10 }\nend\n",
		},
		payAB: map[string]string{"x": "10", "y": "10", "z": "0"},
		vcg:   map[string]string{"x": "3", "y": "3", "z": "0"},
		core:  map[string]string{"x": "6", "y": "6", "z": "0"},
	},
	{
		// x's budget 90 caps it at 45 of 100 units at 2/unit. W = y + 0.45 x
		// = 240 (y + half z 225, 0.45 x + 0.55 z 172.5, z 150). VCG x: 225 -
		// 150 = 75; y: 172.5 - 90 = 82.5. {z}: p_x + p_y >= 150: in the core.
		name:   "budget caps a fraction",
		header: "ddu A capacity 100\n",
		bidders: []string{
			"bidder x budget 90\n  bid x1 rate 2 { A: 100 } min 0.1\nend\n",
			"bidder y\n  bid y1 price 150 { A: 50 }\nend\n",
			"bidder z\n  bid z1 rate 1.5 { A: 100 } min 0.5\nend\n",
		},
		payAB: map[string]string{"x": "90", "y": "150", "z": "0"},
		vcg:   map[string]string{"x": "75", "y": "82.5", "z": "0"},
		core:  map[string]string{"x": "75", "y": "82.5", "z": "0"},
	},
	{
		// max-share 0.6 of 100 units: x (2/unit) wins 60, y (1.5/unit) the
		// other 40: W = 180. VCG x: W(-x) = 90 (y's 60), W - v_x = 60: 30;
		// y: W(-y) = 120, W - v_y = 120: 0. {y}: p_x >= 90 - 60: in the core.
		name:   "max-share splits an item",
		header: "ddu A capacity 100\nrule max-share 0.6\n",
		bidders: []string{
			"bidder x\n  bid x1 rate 2 { A: 100 } min 0.1\nend\n",
			"bidder y\n  bid y1 rate 1.5 { A: 100 } min 0.1\nend\n",
		},
		payAB: map[string]string{"x": "120", "y": "60"},
		vcg:   map[string]string{"x": "30", "y": "0"},
		core:  map[string]string{"x": "30", "y": "0"},
	},
	{
		// x must win 80 units or none: y's 30 units at 5 each leave x too
		// little, so x wins all 100 (200 > 150). VCG x: 150 - 0 = 150.
		name:   "min-volume excludes a split",
		header: "ddu A capacity 100\n",
		bidders: []string{
			"bidder x min-volume 80\n  bid x1 rate 2 { A: 100 } min 0.1\nend\n",
			"bidder y\n  bid y1 price 150 { A: 30 }\nend\n",
		},
		payAB: map[string]string{"x": "200", "y": "0"},
		vcg:   map[string]string{"x": "150", "y": "0"},
		core:  map[string]string{"x": "150", "y": "0"},
	},
}

// qaWelfare solves the market of the given bidders alone and returns the
// optimal objective in cents (0 for no bidder).
func qaWelfare(t *testing.T, m qaDivisibleMarket, with []int) float64 {
	t.Helper()
	src := "currency USD\n" + m.header
	for _, b := range with {
		src += m.bidders[b]
	}
	if len(with) == 0 {
		return 0
	}
	r := gavel(t, "", "solve", "--json", writeFile(t, "sub.bids", src))
	require.Equal(t, exitOK, r.code, r.stderr)
	var doc struct {
		Status    string      `json:"status"`
		Objective json.Number `json:"objective"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc))
	require.Equal(t, "optimal", doc.Status)
	return minorUnits(t, doc.Objective, 2)
}

// TestQADivisiblePayments checks pay-as-bid, VCG and core payments on
// markets of divisible bids, budgets and reserves against the hand-worked
// figures, the totals against the bidders' sums, individual rationality,
// and the core payments against every coalition of bidders (W(K) by a solve
// of K's bids alone): no coalition offers more than the payments of the
// winners outside it plus what the winners inside it bid.
func TestQADivisiblePayments(t *testing.T) {
	for _, m := range qaDivisibleMarkets {
		src := "currency USD\n" + m.header + strings.Join(m.bidders, "")
		for _, rule := range []struct {
			name string
			want map[string]string
		}{{"pay-as-bid", m.payAB}, {"vcg", m.vcg}, {"core", m.core}} {
			r, doc := qaSolve(t, src, "--payment", rule.name)
			require.Equal(t, exitOK, r.code, "%s %s: %s", m.name, rule.name, r.stderr)
			require.NotNil(t, doc.Payments, m.name)
			assert.True(t, doc.Payments.Exact, "%s %s: %v", m.name, rule.name, doc.Payments.Notes)
			assert.Equal(t, rule.want, doc.rulePayments(), "%s %s", m.name, rule.name)
			var total float64
			for _, b := range doc.Bidders {
				total += minorUnits(t, b.RulePayment, 2)
				assert.LessOrEqual(t, minorUnits(t, b.RulePayment, 2), minorUnits(t, b.Payment, 2), "%s %s %s: individually rational", m.name, rule.name, b.Bidder)
			}
			assert.InDelta(t, minorUnits(t, doc.Payments.Total, 2), total, 1e-6, "%s %s: total", m.name, rule.name)

			// The text output shows the same payments, in the last column
			// of the Bidders table.
			txt := gavel(t, "", "solve", "--payment", rule.name, writeFile(t, "m.bids", src))
			require.Equal(t, exitOK, txt.code, txt.stderr)
			assert.Contains(t, txt.stdout, "("+rule.name+")", "%s %s", m.name, rule.name)
			assert.Contains(t, txt.stdout, rule.name+" payment\n", "%s %s", m.name, rule.name)
			for bidder, pay := range rule.want {
				cents := minorUnits(t, json.Number(pay), 2)
				row := fmt.Sprintf(`(?m)^  %s\s+\d+\s+\S+\s+\S+\s+\S+%%\s+%s$`, bidder, regexp.QuoteMeta(fmt.Sprintf("%.2f", cents/100)))
				assert.Regexp(t, row, txt.stdout, "%s %s %s", m.name, rule.name, bidder)
			}

			if rule.name != "core" {
				continue
			}
			// Every coalition K: Σ_{winners ∉ K} p ≥ W(K) − Σ_{winners ∈ K} v.
			n := len(m.bidders)
			value := map[string]float64{}
			for _, b := range doc.Bidders {
				value[b.Bidder] = minorUnits(t, b.Payment, 2) // pay-as-bid value of its award
			}
			for mask := 0; mask < 1<<n; mask++ {
				var with []int
				inK := map[string]bool{}
				for b := range n {
					if mask&(1<<b) != 0 {
						with = append(with, b)
						inK[doc.Bidders[b].Bidder] = true
					}
				}
				wk := qaWelfare(t, m, with)
				var outside, inside float64
				for _, b := range doc.Bidders {
					if inK[b.Bidder] {
						inside += value[b.Bidder]
					} else {
						outside += minorUnits(t, b.RulePayment, 2)
					}
				}
				assert.GreaterOrEqual(t, outside+1e-6, wk-inside, "%s: coalition %s blocks the core payments", m.name, fmt.Sprint(with))
			}
		}
	}
}

// TestQADivisiblePaymentsUnderPolicyFlags: policy flags apply to the VCG
// re-solves and the core as the same rules in the file do. Hand-worked
// figures as in qaDivisibleMarkets: max-share 0.6 from the flag gives the
// file rule's payments; reserve-scale 1.5 raises x's floor to 40 × 1.5 =
// 60 (y: 300 − 120 = 180, above its 90 floor).
func TestQADivisiblePaymentsUnderPolicyFlags(t *testing.T) {
	share := qaDivisibleMarkets[4]
	require.Contains(t, share.header, "max-share")
	src := "currency USD\nddu A capacity 100\n" + strings.Join(share.bidders, "")
	for _, p := range []string{"vcg", "core"} {
		r, doc := qaSolve(t, src, "--payment", p, "--max-share", "0.6")
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, share.vcg, doc.rulePayments(), p)
	}
	res := qaDivisibleMarkets[0]
	src = "currency USD\n" + res.header + strings.Join(res.bidders, "")
	r, doc := qaSolve(t, src, "--payment", "vcg", "--reserve-scale", "1.5")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, map[string]string{"x": "60", "y": "180"}, doc.rulePayments())
}
