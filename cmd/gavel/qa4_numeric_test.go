package main

import (
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQA4MoneyAtTheInt64Limit: a price of exactly the largest int64 in
// cents solves and prints exactly; one cent more, or two bids whose values
// sum past it, are refused as invalid input (exit 4, nothing on stdout),
// at the line and column of the price.
func TestQA4MoneyAtTheInt64Limit(t *testing.T) {
	const head = "ddu A capacity 2\nbidder a\n"
	r, doc := qaSolve(t, head+"  bid a1 price 92233720368547758.07 { A: 1 }\nend\n")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "optimal", doc.Status)
	assert.Equal(t, "92233720368547758.07", doc.Revenue.String())

	for _, c := range []struct{ name, src, msg string }{
		{"one cent more", head + "  bid a1 price 92233720368547758.08 { A: 1 }\nend\n",
			`market.bids:3:16: price 92233720368547758.08 overflows int64 in minor units of USD`},
		{"sum of two", head + "  bid a1 price 92233720368547758.07 { A: 1 }\n  bid a2 price 0.01 { A: 1 }\nend\n",
			`market.bids:4:16: bid "a2": value 0.01 makes the sum of all bids' values overflow: all bids' values together must stay within 92233720368547758.07`},
		{"rate times volume", "ddu A capacity 9223372036854775807\nbidder a\n  bid a1 rate 0.02 { A: 4611686018427387904 }\nend\n",
			`market.bids:3:15: bid "a1": rate 0.02 times total volume 4611686018427387904 overflows`},
		{"capacity total", "ddu A capacity 5000000000000000000\nddu B capacity 5000000000000000000\nbidder a\n  bid a1 price 1 { A: 1 }\nend\n",
			`market.bids:2:16: item "B": capacity 5000000000000000000 makes the total capacity overflow: all items' capacities together must stay within 9223372036854775807`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, _ := qaSolve(t, c.src)
			assert.Equal(t, exitInvalid, r.code)
			assert.Empty(t, r.stdout)
			assert.Contains(t, r.stderr, c.msg)
		})
	}
}

// TestQA4HugeVolumesDivisible: volumes near the int64 limit with divisible
// bids, min-volume, max-volume and a budget at 9 decimals. By hand: the
// bidder must win at least 2e18 and at most 3e18 units of A (4e18); a1
// (5 for 4e18 units, min 0.5) can take only 0.5 to 0.75 and a2 (1e-9 a
// unit on 1e18 units, so 1e9 in all, min 0.1) all of it: the best is a2
// whole (1e9) with a1 at 0.5 (2.5), 2e18 + 1e18 = 3e18 units.
func TestQA4HugeVolumesDivisible(t *testing.T) {
	src := "currency X decimals 9\nddu A capacity 4000000000000000000\n" +
		"bidder a max-volume 3000000000000000000 min-volume 2000000000000000000 budget 9223372036.854775807\n" +
		"  bid a1 price 5 { A: 4000000000000000000 } min 0.5\n" +
		"  bid a2 rate 0.000000001 { A: 1000000000000000000 } min 0.1\nend\n"
	r, doc := qaSolve(t, src)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "optimal", doc.Status)
	assert.Equal(t, "1000000002.5", doc.Revenue.String())
	require.Len(t, doc.Winners, 2)
	assert.Equal(t, 0.5, doc.Winners[0].Fraction)
	assert.Equal(t, 1.0, doc.Winners[1].Fraction)
}

// TestQA4ManyBidsAtATrillion: 10,000 bids of about $10^12 each (10^14
// cents, their sum 2.5 × 10^17 cents, far beyond float64's exact
// integers), four single-unit bids on each of 2,500 items: the optimum is
// the best bid of every item, summed exactly here with big integers; the
// revenue gavel prints must be that sum to the cent, under the exact
// solver and under greedy (which takes the best bid of each item too).
func TestQA4ManyBidsAtATrillion(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 bids")
	}
	r := rand.New(rand.NewPCG(11, 12))
	var b strings.Builder
	for i := range 2500 {
		fmt.Fprintf(&b, "ddu D%d capacity 1\n", i)
	}
	want := new(big.Int)
	for i := range 2500 {
		best := int64(0)
		for k := range 4 {
			c := int64(1e14) + r.Int64N(1e6) // cents
			best = max(best, c)
			fmt.Fprintf(&b, "bidder s%d_%d\n  bid b%d_%d price %d.%02d { D%d: 1 }\nend\n", i, k, i, k, c/100, c%100, i)
		}
		want.Add(want, big.NewInt(best))
	}
	cents := want.String()
	wantText := cents[:len(cents)-2] + "." + cents[len(cents)-2:]
	wantText = strings.TrimRight(strings.TrimRight(wantText, "0"), ".")
	for _, rule := range []string{"optimal", "greedy"} {
		t.Run(rule, func(t *testing.T) {
			res, doc := qaSolve(t, b.String(), "--rule", rule)
			require.Equal(t, exitOK, res.code, res.stderr)
			assert.Equal(t, wantText, doc.Revenue.String())
			assert.Len(t, doc.Winners, 2500)
			var sum big.Int
			for _, bd := range doc.Bidders {
				c, ok := new(big.Rat).SetString(bd.Payment.String())
				require.True(t, ok)
				sum.Add(&sum, new(big.Int).Quo(new(big.Int).Mul(c.Num(), big.NewInt(100)), c.Denom()))
			}
			assert.Equal(t, cents, sum.String(), "the bidders' payments add up to the revenue")
			var raw map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(res.stdout), &raw))
		})
	}
}
