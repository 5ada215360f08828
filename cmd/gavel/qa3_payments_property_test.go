package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var qaLongPayments = flag.Bool("qa-long", false, "run the payments property test on 1,000 random markets instead of 12")

// qaRandomMarket writes a small random market of divisible and
// all-or-nothing bids, per-unit and bundle prices, xor groups, reserves,
// budgets, min-volumes and the max-share rule, one bidder block per bidder; reserve holds each item's reserve in cents.
func qaRandomMarket(r *rand.Rand) (header string, bidders []string, reserve map[string]float64) {
	reserve = map[string]float64{}
	items := []string{"A", "B", "C"}[:2+r.IntN(2)]
	var h strings.Builder
	h.WriteString("currency USD\n")
	for _, it := range items {
		fmt.Fprintf(&h, "ddu %s capacity %d", it, 10*(1+r.IntN(3)))
		if r.IntN(2) == 0 {
			c := 5 * (1 + r.IntN(6)) // 0.05 .. 0.30 a unit
			fmt.Fprintf(&h, " reserve 0.%02d", c)
			reserve[it] = float64(c)
		}
		h.WriteString("\n")
	}
	if r.IntN(4) == 0 {
		h.WriteString("rule max-share 0.6\n")
	}
	n := 2 + r.IntN(3)
	for b := range n {
		var s strings.Builder
		fmt.Fprintf(&s, "bidder p%d", b)
		if r.IntN(4) == 0 {
			fmt.Fprintf(&s, " budget %d", 5+r.IntN(20))
		}
		if r.IntN(6) == 0 {
			fmt.Fprintf(&s, " min-volume %d", 5*(1+r.IntN(3)))
		}
		s.WriteString("\n")
		nb := 1 + r.IntN(3)
		xor := nb > 1 && r.IntN(2) == 0
		if xor {
			s.WriteString("  xor {\n")
		}
		for k := range nb {
			var bundle []string
			for _, it := range items {
				if r.IntN(2) == 0 || len(bundle) == 0 && it == items[len(items)-1] {
					bundle = append(bundle, fmt.Sprintf("%s: %d", it, 5*(1+r.IntN(4))))
				}
			}
			if r.IntN(2) == 0 {
				fmt.Fprintf(&s, "  bid p%db%d rate 0.%02d { %s } min 0.%d\n", b, k, 20+r.IntN(80), strings.Join(bundle, ", "), 1+r.IntN(9))
			} else {
				fmt.Fprintf(&s, "  bid p%db%d price %d { %s }\n", b, k, 2+r.IntN(30), strings.Join(bundle, ", "))
			}
		}
		if xor {
			s.WriteString("  }\n")
		}
		s.WriteString("end\n")
		bidders = append(bidders, s.String())
	}
	return h.String(), bidders, reserve
}

// qaPayDoc is the part of gavel solve --json the property test reads.
type qaPayDoc struct {
	Status    string      `json:"status"`
	Objective json.Number `json:"objective"`
	Winners   []struct {
		Bidder   string      `json:"bidder"`
		Fraction float64     `json:"fraction"`
		Price    json.Number `json:"price"`
		Volumes  []struct {
			Item   string  `json:"item"`
			Volume float64 `json:"volume"`
		} `json:"volumes"`
	} `json:"winners"`
	Bidders []struct {
		Bidder      string      `json:"bidder"`
		Payment     json.Number `json:"payment"`
		RulePayment json.Number `json:"rule_payment"`
	} `json:"bidders"`
	Payments struct {
		Exact bool `json:"exact"`
	} `json:"payments"`
}

func qaSolvePay(t *testing.T, src string, args ...string) qaPayDoc {
	t.Helper()
	r := gavel(t, "", append(append([]string{"solve", "--json"}, args...), writeFile(t, "m.bids", src))...)
	require.Equal(t, exitOK, r.code, "%s\n%s", r.stderr, src)
	var d qaPayDoc
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &d))
	require.Equal(t, "optimal", d.Status)
	return d
}

// TestQAPaymentsPropertyRandomMarkets checks gavel solve's VCG and core
// payments on random markets of divisible bids, reserves and budgets
// against their definitions, with W(K) from a solve of the bids of K alone
// (a separate file, not the payment code's re-solves): VCG is the Clarke
// pivot W(−b) − (W − v_b) rounded up, or the reserve of what b wins when
// that is more, and never more than b's bid; core payments are at least
// VCG, at most the bids, and no coalition K offers more than the payments
// of the winners outside it plus the values of the winners inside it.
func TestQAPaymentsPropertyRandomMarkets(t *testing.T) {
	markets := 12
	if *qaLongPayments {
		markets = 1000
	}
	rng := rand.New(rand.NewPCG(2026, 1122))
	for m := range markets {
		header, bidders, reserve := qaRandomMarket(rng)
		src := header + strings.Join(bidders, "")
		welfare := func(with []int) float64 { // cents
			if len(with) == 0 {
				return 0
			}
			s := header
			for _, b := range with {
				s += bidders[b]
			}
			return minorUnits(t, qaSolvePay(t, s).Objective, 2)
		}
		vcg := qaSolvePay(t, src, "--payment", "vcg")
		core := qaSolvePay(t, src, "--payment", "core")
		require.True(t, vcg.Payments.Exact, "market %d:\n%s", m, src)
		require.True(t, core.Payments.Exact, "market %d:\n%s", m, src)
		w := minorUnits(t, vcg.Objective, 2)
		value := map[string]float64{} // v_b, cents
		floor := map[string]float64{} // reserve of what b wins, cents
		for _, x := range vcg.Winners {
			value[x.Bidder] += x.Fraction * minorUnits(t, x.Price, 2)
			for _, v := range x.Volumes {
				floor[x.Bidder] += v.Volume * reserve[v.Item]
			}
		}
		all := make([]int, len(bidders))
		for b := range all {
			all[b] = b
		}
		for b, bd := range vcg.Bidders {
			got, bid := minorUnits(t, bd.RulePayment, 2), minorUnits(t, bd.Payment, 2)
			if value[bd.Bidder] == 0 {
				assert.Zero(t, got, "market %d %s wins nothing", m, bd.Bidder)
				continue
			}
			without := append(append([]int{}, all[:b]...), all[b+1:]...)
			pivot := welfare(without) - (w - value[bd.Bidder])
			want := math.Min(math.Max(math.Ceil(pivot-1e-6), floor[bd.Bidder]), bid)
			assert.InDelta(t, want, got, 1.000001, "market %d %s: VCG (pivot %.3f, floor %.3f, bid %.0f)\n%s", m, bd.Bidder, pivot, floor[bd.Bidder], bid, src)
			c := minorUnits(t, core.Bidders[b].RulePayment, 2)
			assert.GreaterOrEqual(t, c+1e-6, got, "market %d %s: core >= VCG", m, bd.Bidder)
			assert.LessOrEqual(t, c, bid+1e-6, "market %d %s: core <= bid", m, bd.Bidder)
		}
		for mask := 1; mask < 1<<len(bidders)-1; mask++ {
			var with []int
			var inside, outside float64
			for b, bd := range core.Bidders {
				if mask&(1<<b) != 0 {
					with = append(with, b)
					inside += value[bd.Bidder]
				} else {
					outside += minorUnits(t, bd.RulePayment, 2)
				}
			}
			assert.GreaterOrEqual(t, outside+1, welfare(with)-inside, "market %d: coalition %v blocks the core payments\n%s", m, with, src)
		}
	}
}
