package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Policy flags worked out by hand with every allocation rule: each market
// below is small enough that the award of every rule, with and without the
// flag, follows from its definition (greedy: bids by value / sqrt(Σ volume /
// capacity); fcfs: bids in file order, each taken if it fits; per-item: each
// item sold to pieces by decreasing per-unit price; lp-round: here the LP
// rounds to the optimum). The comments give the working.

// qa4MaxShare: A and B, 100 units each.
//
//	s1 40 {A 50}   x1 300 {A 100, B 50}   y1 120 {A 50}   y2 100 {B 60}
//	z1 90 {B 50}   w1 30 {B 50}           v1 20 {B 50}    u1 110 {A 50, B 50}
//
// No policy: x1 + z1 = 390 is best (x1 fills A; y1 + u1 + z1 = 320).
// greedy scores: x1 300/√1.5 = 245, y1 170, y2 129, z1 127, u1 110, s1 57,
// w1 42, v1 28: x1, then only z1 fits: 390. fcfs: s1, y1 (A full), y2: 260.
// per-item: on A, y1 (2.4/unit) 50, x1 (2/unit) needs 100 and 50 are left,
// u1 (1.1) 50; on B, x1 50, z1 50. x and u each hold half a bundle: x pays
// 300 × 50/150 = 100 and u 110 × 50/100 = 55 for nothing; usable y1 + z1 =
// 210.
//
// max-share 0.5 (50 units a bidder an item): x1 (A 100) and y2 (B 60) can
// never win. Best: y1 + u1 on A, u1 + z1 on B = 320 (s1 + y1 + z1 + w1 =
// 280). greedy: y1, z1, u1 fill both: 320; fcfs: s1, y1, z1, w1: 280.
// per-item is unchanged: x1's piece on B (50) is within the share.
//
// VCG under max-share 0.5 (W = 320): y: W(−y) = s1 + u1 + z1 = 240, W − 120
// = 200: 40. u: W(−u) = 280, W − 110 = 210: 70. z: W(−z) = y1 + u1 + w1 =
// 260, W − 90 = 230: 30. In the core: the losers alone reach 90 (s1 + w1 +
// v1) ≤ 140; with u, 180 − 110 = 70 ≤ p_y + p_z = 70; with z, 160 − 90 = 70
// ≤ p_y + p_u; with y, 210 − 120 = 90 ≤ p_u + p_z: core = VCG. Without the
// rule (W = 390): x: W(−x) = 320, W − 300 = 90: 230; z: W(−z) = x1 + w1 =
// 330, W − 90 = 300: 30; the losers alone reach 260 = p_x + p_z.
const qa4MaxShare = `ddu A capacity 100
ddu B capacity 100
bidder s
  bid s1 price 40 { A: 50 }
end
bidder x
  bid x1 price 300 { A: 100, B: 50 }
end
bidder y
  bid y1 price 120 { A: 50 }
  bid y2 price 100 { B: 60 }
end
bidder z
  bid z1 price 90 { B: 50 }
end
bidder w
  bid w1 price 30 { B: 50 }
end
bidder v
  bid v1 price 20 { B: 50 }
end
bidder u
  bid u1 price 110 { A: 50, B: 50 }
end
`

// qa4MaxItems: A, B, C, 10 units each; every bid takes a whole item.
//
//	p1 50 {A}   p2 45 {B}   t1 15 {C}   r1 20 {B}   q1 60 {A, C}   q2 25 {C}
//
// No policy: p1 + p2 + q2 = 120 (q1 + p2 = 105). greedy: p1 50, p2 45, q1
// 60/√2 = 42, q2 25, r1, t1: p1, p2, q2 = 120. fcfs: p1, p2, t1 = 110.
// per-item: A to p1 (5/unit, q1's piece 3), B to p2, C to q1's piece
// (3/unit) over q2 (2.5): q cannot use half of q1 but can use its 10 units
// of C for q2 (25), having paid 60 × 10/20 = 30: exposure 5. Usable 120.
//
// max-items 1: p wins one item, q1 (two items) never. Best p1 + r1 + q2 =
// 95 (p2 + q2 = 70). greedy: p1, p2 no, q1 no, q2, r1: 95. fcfs: p1, t1
// (C), r1 (B): 85. per-item does not see max-items: p buys A and B (95)
// and can use one, p1: exposure 45; q as before. Usable p1 + q2 = 75.
const qa4MaxItems = `ddu A capacity 10
ddu B capacity 10
ddu C capacity 10
bidder p
  bid p1 price 50 { A: 10 }
  bid p2 price 45 { B: 10 }
end
bidder t
  bid t1 price 15 { C: 10 }
end
bidder r
  bid r1 price 20 { B: 10 }
end
bidder q
  bid q1 price 60 { A: 10, C: 10 }
  bid q2 price 25 { C: 10 }
end
`

// qa4Reserves: A (reserve 1/unit) and B (2/unit), 10 units each.
//
//	a1 14 {A}   b1 25 {B}   c1 44 {A, B}   d1 16 {A}   e1 29 {B}
//
// No policy (reserves 10 on A, 20 on B): d1 + e1 = 45 beats c1 (44) and
// d1 + b1 (41). greedy: c1 44/√2 = 31.1 first, then nothing fits: 44.
// fcfs: a1, b1: 39. per-item: A to c1's piece (2.2/unit), B to e1 (2.9):
// c pays 22 for half a bundle; usable e1 = 29.
//
// reserve-scale 1.5 (15 on A, 30 on B): a1, b1, e1 and c1 (needs 45) fall
// below; only d1 (16) can win, under every rule: 16. per-item: c1's piece
// on A (2.2 ≥ 1.5) still sells, nothing on B does (2.9 < 3): usable nothing,
// c exposed 22.
const qa4Reserves = `ddu A capacity 10 reserve 1
ddu B capacity 10 reserve 2
bidder a
  bid a1 price 14 { A: 10 }
end
bidder b
  bid b1 price 25 { B: 10 }
end
bidder c
  bid c1 price 44 { A: 10, B: 10 }
end
bidder d
  bid d1 price 16 { A: 10 }
end
bidder e
  bid e1 price 29 { B: 10 }
end
`

// qa4MinWinners: L1 and L2 (10 units each) in region LA. g1 100 {L1, L2},
// a1 30 {L1}, b1 25 {L2}, c1 20 {L2}. No policy: g1 = 100 under every rule.
// min-winners 2: g1 alone is one winner and leaves no room for another, so
// the awards that meet the rule are a1 + b1 = 55 and a1 + c1 = 50; every
// rule that honours it gives a1 + b1 (greedy and fcfs meet b1 before c1).
// per-item cannot honour the rule and refuses it (exit status 2).
const qa4MinWinners = `ddu L1 capacity 10 region LA
ddu L2 capacity 10 region LA
bidder big
  bid g1 price 100 { L1: 10, L2: 10 }
end
bidder a
  bid a1 price 30 { L1: 10 }
end
bidder b
  bid b1 price 25 { L2: 10 }
end
bidder c
  bid c1 price 20 { L2: 10 }
end
`

// qa4Case is one rule on one market: the award and, under per-item, what
// each bidder pays for its pieces and its exposure.
type qa4Case struct {
	rule    string
	revenue string
	winners string
	paid    map[string]string // per-item: rule_payment by bidder, "" for the other rules
	exposed map[string]string // per-item: exposure by bidder
}

func TestQA4PolicyFlagsWithEveryRule(t *testing.T) {
	perItemMS := map[string]string{"x": "100", "y": "120", "z": "90", "u": "55"}
	exposedMS := map[string]string{"x": "100", "u": "55"}
	markets := []struct {
		name   string
		src    string
		flag   []string
		before []qa4Case
		after  []qa4Case
	}{
		{"max-share", qa4MaxShare, []string{"--max-share", "0.5"},
			[]qa4Case{
				{rule: "optimal", revenue: "390", winners: "x1 z1"},
				{rule: "greedy", revenue: "390", winners: "x1 z1"},
				{rule: "lp-round", revenue: "390", winners: "x1 z1"},
				{rule: "per-item", revenue: "210", winners: "y1 z1", paid: perItemMS, exposed: exposedMS},
				{rule: "fcfs", revenue: "260", winners: "s1 y1 y2"},
			},
			[]qa4Case{
				{rule: "optimal", revenue: "320", winners: "y1 z1 u1"},
				{rule: "greedy", revenue: "320", winners: "y1 z1 u1"},
				{rule: "lp-round", revenue: "320", winners: "y1 z1 u1"},
				{rule: "per-item", revenue: "210", winners: "y1 z1", paid: perItemMS, exposed: exposedMS},
				{rule: "fcfs", revenue: "280", winners: "s1 y1 z1 w1"},
			}},
		{"max-items", qa4MaxItems, []string{"--max-items", "1"},
			[]qa4Case{
				{rule: "optimal", revenue: "120", winners: "p1 p2 q2"},
				{rule: "greedy", revenue: "120", winners: "p1 p2 q2"},
				{rule: "lp-round", revenue: "120", winners: "p1 p2 q2"},
				{rule: "per-item", revenue: "120", winners: "p1 p2 q2",
					paid: map[string]string{"p": "95", "q": "30"}, exposed: map[string]string{"q": "5"}},
				{rule: "fcfs", revenue: "110", winners: "p1 p2 t1"},
			},
			[]qa4Case{
				{rule: "optimal", revenue: "95", winners: "p1 r1 q2"},
				{rule: "greedy", revenue: "95", winners: "p1 r1 q2"},
				{rule: "lp-round", revenue: "95", winners: "p1 r1 q2"},
				{rule: "per-item", revenue: "75", winners: "p1 q2",
					paid: map[string]string{"p": "95", "q": "30"}, exposed: map[string]string{"p": "45", "q": "5"}},
				{rule: "fcfs", revenue: "85", winners: "p1 t1 r1"},
			}},
		{"reserve-scale", qa4Reserves, []string{"--reserve-scale", "1.5"},
			[]qa4Case{
				{rule: "optimal", revenue: "45", winners: "d1 e1"},
				{rule: "greedy", revenue: "44", winners: "c1"},
				{rule: "lp-round", revenue: "45", winners: "d1 e1"},
				{rule: "per-item", revenue: "29", winners: "e1",
					paid: map[string]string{"c": "22", "e": "29"}, exposed: map[string]string{"c": "22"}},
				{rule: "fcfs", revenue: "39", winners: "a1 b1"},
			},
			[]qa4Case{
				{rule: "optimal", revenue: "16", winners: "d1"},
				{rule: "greedy", revenue: "16", winners: "d1"},
				{rule: "lp-round", revenue: "16", winners: "d1"},
				{rule: "per-item", revenue: "0", winners: "",
					paid: map[string]string{"c": "22"}, exposed: map[string]string{"c": "22"}},
				{rule: "fcfs", revenue: "16", winners: "d1"},
			}},
		{"min-winners", qa4MinWinners, []string{"--min-winners", "2"},
			[]qa4Case{
				{rule: "optimal", revenue: "100", winners: "g1"},
				{rule: "greedy", revenue: "100", winners: "g1"},
				{rule: "lp-round", revenue: "100", winners: "g1"},
				{rule: "per-item", revenue: "100", winners: "g1", paid: map[string]string{"big": "100"}, exposed: map[string]string{}},
				{rule: "fcfs", revenue: "100", winners: "g1"},
			},
			[]qa4Case{
				{rule: "optimal", revenue: "55", winners: "a1 b1"},
				{rule: "greedy", revenue: "55", winners: "a1 b1"},
				{rule: "lp-round", revenue: "55", winners: "a1 b1"},
				{rule: "fcfs", revenue: "55", winners: "a1 b1"},
			}},
	}
	for _, m := range markets {
		for _, with := range []bool{false, true} {
			cases, flag := m.before, []string(nil)
			if with {
				cases, flag = m.after, m.flag
			}
			for _, c := range cases {
				name := m.name + "/" + c.rule
				if with {
					name += "/" + strings.Join(flag, "=")
				}
				t.Run(name, func(t *testing.T) {
					args := append([]string{"--rule", c.rule, "--payment", "pay-as-bid"}, flag...)
					r, doc := qaSolve(t, m.src, args...)
					require.Equal(t, 0, r.code, r.stderr)
					wantStatus := "feasible"
					if c.rule == "optimal" {
						wantStatus = "optimal"
					}
					assert.Equal(t, wantStatus, doc.Status)
					assert.Equal(t, c.revenue, doc.Revenue.String())
					var won []string
					for _, w := range doc.Winners {
						assert.Equal(t, 1.0, w.Fraction, w.Bid)
						won = append(won, w.Bid)
					}
					assert.Equal(t, c.winners, strings.Join(won, " "))
					if c.paid == nil {
						return
					}
					for _, b := range doc.Bidders {
						want := c.paid[b.Bidder]
						if want == "" {
							want = "0"
						}
						assert.Equal(t, want, b.RulePayment.String(), "rule_payment of %s", b.Bidder)
						wantExp := c.exposed[b.Bidder]
						if wantExp == "" {
							wantExp = "0"
						}
						assert.Equal(t, wantExp, b.Exposure.String(), "exposure of %s", b.Bidder)
					}
				})
			}
		}
	}
}

func TestQA4PerItemRefusesMinWinners(t *testing.T) {
	r, _ := qaSolve(t, qa4MinWinners, "--rule", "per-item", "--min-winners", "2")
	assert.Equal(t, 2, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "min-winners")
}

// TestQA4PaymentsUnderMaxShare: VCG and core on qa4MaxShare with and
// without the flag (working in the comment of qa4MaxShare).
func TestQA4PaymentsUnderMaxShare(t *testing.T) {
	for _, c := range []struct {
		flag    []string
		winners string
		pay     map[string]string
		total   string
	}{
		{nil, "x1 z1", map[string]string{"x": "230", "z": "30"}, "260"},
		{[]string{"--max-share", "1/2"}, "y1 z1 u1", map[string]string{"y": "40", "u": "70", "z": "30"}, "140"},
	} {
		for _, p := range []string{"vcg", "core"} {
			t.Run(p+strings.Join(c.flag, "="), func(t *testing.T) {
				r, doc := qaSolve(t, qa4MaxShare, append([]string{"--payment", p}, c.flag...)...)
				require.Equal(t, 0, r.code, r.stderr)
				var won []string
				for _, w := range doc.Winners {
					won = append(won, w.Bid)
				}
				assert.Equal(t, c.winners, strings.Join(won, " "))
				require.NotNil(t, doc.Payments)
				assert.True(t, doc.Payments.Exact, doc.Payments.Notes)
				assert.Equal(t, c.total, doc.Payments.Total.String())
				for _, b := range doc.Bidders {
					want := c.pay[b.Bidder]
					if want == "" {
						want = "0"
					}
					assert.Equal(t, want, b.RulePayment.String(), "bidder %s", b.Bidder)
				}
			})
		}
	}
}

// qa4Divisible: A, 100 units. x1 rate 2 on 80 (160, min 0.25), y1 60 for
// 60 (all or nothing), z1 30 for 40 (min 0.5). Every rule takes x1 first
// (per unit 2 against 1 and 0.75; greedy 160/√0.8 = 179 against 77 and
// 47; first in the file), and then as much of what is left as fits:
// no policy: x1 whole (80), y1 does not fit in 20, z1 at 20/40 = 0.5, its
// minimum: 160 + 15 = 175 (x1 at 0.75 with z1 whole, 150, and y1 + z1,
// 90, are worse). max-share 0.5 (50 units a bidder): x1 at 50/80 = 0.625
// (100), y1 (60) never, z1 whole (40 ≤ 50): 130.
const qa4Divisible = `ddu A capacity 100
bidder x
  bid x1 rate 2 { A: 80 } min 0.25
end
bidder y
  bid y1 price 60 { A: 60 }
end
bidder z
  bid z1 price 30 { A: 40 } min 0.5
end
`

func TestQA4MaxShareDivisibleEveryRule(t *testing.T) {
	for _, c := range []struct {
		flag    []string
		revenue string
		x, z    float64 // fractions won
	}{
		{nil, "175", 1, 0.5},
		{[]string{"--max-share", "0.5"}, "130", 0.625, 1},
	} {
		for _, rule := range []string{"optimal", "greedy", "lp-round", "per-item", "fcfs"} {
			t.Run(rule+strings.Join(c.flag, "="), func(t *testing.T) {
				r, doc := qaSolve(t, qa4Divisible, append([]string{"--rule", rule, "--payment", "pay-as-bid"}, c.flag...)...)
				require.Equal(t, 0, r.code, r.stderr)
				assert.Equal(t, c.revenue, doc.Revenue.String())
				require.Len(t, doc.Winners, 2)
				assert.Equal(t, "x1", doc.Winners[0].Bid)
				assert.Equal(t, c.x, doc.Winners[0].Fraction)
				assert.Equal(t, "z1", doc.Winners[1].Bid)
				assert.Equal(t, c.z, doc.Winners[1].Fraction)
				for _, b := range doc.Bidders {
					assert.Equal(t, b.Payment.String(), b.RulePayment.String(), "bidder %s", b.Bidder)
				}
			})
		}
	}
}
