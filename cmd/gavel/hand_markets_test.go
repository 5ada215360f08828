package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Small markets whose optimal award and payments are worked out by hand,
// one per construct of the bid language (each derivation is next to its
// market). gavel solve --json must give exactly the revenue, the winning
// bids with their fractions, and the payments under pay-as-bid, VCG and
// core where given. CBC on gavel export --to lp agrees on every revenue.

// handDivisible: price against rate, divisible bids. A has 100 units, B 50.
// p offers 300 for all of A (3.00 a unit). q offers 4.00 a unit for 60 of A
// (240 in all), any fraction from 0.5. r offers 2.50 a unit for 80 of A and
// 40 of B (300 in all), any fraction from 0.25. p leaves no room on A: 300.
// Without p, q at g and r at f share A: 60g + 80f ≤ 100; on that line f =
// (100 − 60g)/80 and the value 240g + 300f = 375 + 15g grows with g, so g =
// 1 (q whole, 240) and f = 0.5 (r: 40 of A, 20 of B, 150): 390 > 300.
const handDivisible = `
currency USD
ddu A capacity 100
ddu B capacity 50
bidder p
  bid p1 price 300 { A: 100 }
end
bidder q
  bid q1 rate 4 { A: 60 } min 0.5
end
bidder r
  bid r1 rate 2.5 { A: 80, B: 40 } min 0.25
end
`

// handGroups: xor, all and choose nested. A, B, C, D (10 units each, every
// bid takes all 10). x: xor of x1 {A, B} 50 and all{x2 {A} 30, x3 {C} 35}
// (65 for both or nothing). y: choose 2..2 of y1 {B} 20, y2 {D} 25, y3 {C}
// 40: pairs {B,D} 45, {B,C} 60, {C,D} 65. z: {C, D} 45. x1 + y's {C,D} =
// 115; x1 + z = 95; x's all {A,C} + y's {B,D} = 110; x's all + z clash on
// C; without x: 65 at most. Optimum 115: x1, y2, y3.
// VCG: W(−x) = 65 (y's {C,D}), W − v_x = 115 − 50 = 65: x pays 0. W(−y) =
// 95 (x1 + z), W − v_y = 50: y pays 45. Core: {x, z} blocks unless p_y ≥
// 95 − 50 = 45, {z} unless p_x + p_y ≥ 45, {y, z} unless p_x ≥ 0: the
// least revenue is 45 at (0, 45), VCG itself.
const handGroups = `
currency USD
ddu A capacity 10
ddu B capacity 10
ddu C capacity 10
ddu D capacity 10
bidder x
  xor {
    bid x1 price 50 { A: 10, B: 10 }
    all {
      bid x2 price 30 { A: 10 }
      bid x3 price 35 { C: 10 }
    }
  }
end
bidder y
  choose 2..2 {
    bid y1 price 20 { B: 10 }
    bid y2 price 25 { D: 10 }
    bid y3 price 40 { C: 10 }
  }
end
bidder z
  bid z1 price 45 { C: 10, D: 10 }
end
`

// handGroupsGlobal: handGroups with a loser w bidding 100 for all four
// items. The award stays (115 > 100). VCG: W(−x) = 100 (w), W − v_x = 65: x
// pays 35; W(−y) = 100, W − v_y = 50: y pays 50; total 85 < 100, so {w}
// blocks VCG. Core: p_x + p_y ≥ 100 ({w}), p_x ≥ 35 ({y, z, w}: 100 − 65),
// p_y ≥ 50 ({x, z, w}: 100 − 50), p_x ≤ 50, p_y ≤ 65. Least revenue 100;
// nearest VCG on p_x + p_y = 100 splits the 15 above VCG evenly: x 42.50,
// y 57.50.
const handGroupsGlobal = handGroups + `bidder w
  bid w1 price 100 { A: 10, B: 10, C: 10, D: 10 }
end
`

// handBudget: a budget that binds under pay-as-bid. A, B, C (100 units).
// b (budget 500): b1 {A} 300, b2 {B} 350, b3 {C} 200; r: rA {A} 250, rB {B}
// 100, rC {C} 190 (OR bids). b's subsets within 500: {b1, b3} 500 + rB =
// 600; {b2} 350 + rA + rC = 790; {b1} + rB + rC = 590; {b3} + rA + rB =
// 550; {} + r's 540. Optimum 790: b2, rA, rC (without the budget b would
// win all three, 850).
const handBudget = `
currency USD
ddu A capacity 100
ddu B capacity 100
ddu C capacity 100
bidder b budget 500
  bid b1 price 300 { A: 100 }
  bid b2 price 350 { B: 100 }
  bid b3 price 200 { C: 100 }
end
bidder r
  bid rA price 250 { A: 100 }
  bid rB price 100 { B: 100 }
  bid rC price 190 { C: 100 }
end
`

// handVolumes: max-volume, max-items and min-volume. A, B, C, D (100 units).
// m (max-volume 150): m1 3.00 a unit for 100 of A, m2 2.00 a unit for 100
// of B, both divisible from 0.1. n (max-items 2): n1 {B: 100} 150, n2 {C:
// 100} 140, n3 {D: 100} 125. o (min-volume 200): o1 {C: 50} 160, o2 {D:
// 100} 120, o3 {A: 50} 90: only all three reach 200 (370).
// o wins: A has 50 left, so m1 ≤ 0.5 (150); C and D are too full for n2,
// n3; B goes to m2 whole (100 units, 200, m's volume 50 + 100 = 150) rather
// than n1 (150): 370 + 150 + 200 = 720. o loses: m1 whole (300) leaves m
// 50 units: m2 at 0.5 (100) if B is free; n's best two are C + D (265)
// with m2 (665) or B + C (290) without it (590). Optimum 720: m1 at 0.5,
// m2, o1, o2, o3. (Without max-volume, m1 + m2 + n2 + n3 = 765 would win;
// without max-items, m1 + n1 + n2 + n3 = 715 would still lose.)
const handVolumes = `
currency USD
ddu A capacity 100
ddu B capacity 100
ddu C capacity 100
ddu D capacity 100
bidder m max-volume 150
  bid m1 rate 3 { A: 100 } min 0.1
  bid m2 rate 2 { B: 100 } min 0.1
end
bidder n max-items 2
  bid n1 price 150 { B: 100 }
  bid n2 price 140 { C: 100 }
  bid n3 price 125 { D: 100 }
end
bidder o min-volume 200
  bid o1 price 160 { C: 50 }
  bid o2 price 120 { D: 100 }
  bid o3 price 90 { A: 50 }
end
`

// handReserves: reserves and max-share 0.6 (60 units a bidder an item). A
// (100 units, reserve 2.00), B (100, reserve 1.00). a1 (all of A) and b2
// (all of B) break max-share; c1 (50 for 60 of B, reserve 60) and c3 (80
// for 40 + 40, reserve 120) pay less than the reserves: none can win. On
// A: a2 (2.50 a unit, divisible, at most 60 units) and b1 (110 for 50):
// a2 at 0.5 + b1 = 125 + 110 = 235 > a2 at 0.6 alone (150). On B: c2 70.
// Optimum 305: a2 at 0.5, b1, c2.
// VCG: W(−a) = 110 + 70 = 180 = W − v_a: pivot 0, raised to the reserve of
// a's 50 units of A: 100. W(−b) = 150 + 70 = 220, W − v_b = 195: pivot 25,
// raised to b1's reserve 100. W(−c) = 235 = W − v_c: 0, raised to c2's
// reserve 60. Core without the floors is VCG ({a, c} blocks unless p_b ≥
// 25, {a} unless p_b + p_c ≥ 25, the rest ask ≥ 0), so the floored core is
// the same: 100, 100, 60.
const handReserves = `
currency USD
ddu A capacity 100 reserve 2
ddu B capacity 100 reserve 1
rule max-share 0.6
bidder a
  bid a1 price 250 { A: 100 }
  bid a2 rate 2.5 { A: 100 } min 0.2
end
bidder b
  bid b1 price 110 { A: 50 }
  bid b2 price 90 { B: 100 }
end
bidder c
  bid c1 price 50 { B: 60 }
  bid c2 price 70 { B: 60 }
  bid c3 price 80 { A: 40, B: 40 }
end
`

// handMinWinners: min-winners 2 in regions LA (L1, L2) and SF (S1, S2), 10
// units each, every bid taking all 10. big's g1 {L1, L2} 100 and g2 {S1,
// S2} 90 would win without the rule (190), but each leaves one winner in its
// region. LA: a (s1) {L1} 30 + b (s2) {L2} 45 = 75 is the only pair. SF: c
// (s3) {S1} 40 with d (s1) {S2} 25 = 65, or with b2 (s2) {S2} 20 = 60.
// Optimum 140: a, d, b, c.
const handMinWinners = `
currency USD
ddu L1 capacity 10 region LA
ddu L2 capacity 10 region LA
ddu S1 capacity 10 region SF
ddu S2 capacity 10 region SF
rule min-winners 2
bidder big
  bid g1 price 100 { L1: 10, L2: 10 }
  bid g2 price 90 { S1: 10, S2: 10 }
end
bidder s1
  bid a price 30 { L1: 10 }
  bid d price 25 { S2: 10 }
end
bidder s2
  bid b price 45 { L2: 10 }
  bid b2 price 20 { S2: 10 }
end
bidder s3
  bid c price 40 { S1: 10 }
end
`

// handAllOfGroups: an all group of a choose group and an xor group. A, B,
// C, D (1 unit). n: all { choose 1..2 {n1 {A} 10, n2 {B} 12, n3 {C} 4},
// xor {n4 {C} 6, n5 {D} 9} }: one or two of the first three and exactly one
// of the last two, or nothing. k: k1 {A, B} 20, k2 {D} 8 (OR). k alone:
// 28. n1 + n2 + n4 + k2 = 36; n1 + n2 + n5 = 31; n3 + n5 + k1 = 33; n1 +
// n4 + k2 = 24; n2 + n4 + k2 = 26; n3 with n4 clash on C. Optimum 36: n1,
// n2, n4, k2.
// VCG: W(−n) = 28, W − v_n = 8: n pays 20. W(−k) = 31 (n1 + n2 + n5), W −
// v_k = 28: k pays 3. Core: {n} blocks unless p_k ≥ 31 − 28 = 3, {k}
// unless p_n ≥ 28 − 8 = 20: VCG is in the core.
const handAllOfGroups = `
currency USD
item A capacity 1
item B capacity 1
item C capacity 1
item D capacity 1
bidder n
  all {
    choose 1..2 {
      bid n1 price 10 { A: 1 }
      bid n2 price 12 { B: 1 }
      bid n3 price 4 { C: 1 }
    }
    xor {
      bid n4 price 6 { C: 1 }
      bid n5 price 9 { D: 1 }
    }
  }
end
bidder k
  bid k1 price 20 { A: 1, B: 1 }
  bid k2 price 8 { D: 1 }
end
`

// handXorOfOr: an or group inside an xor group. A, B, C (1 unit). u: xor
// of (or of u1 {A} 5, u2 {B} 6) and u3 {A, B, C} 14: any of u1, u2, or u3
// alone. v: v1 {C} 4, v2 {A} 7 (OR). u3 alone: 14; u1 + u2 + v1: 15; u2 +
// v1 + v2: 17. Optimum 17: u2, v1, v2.
// VCG: W(−u) = 11 = W − v_u: u pays 0. W(−v) = 14 (u3), W − v_v = 6: v
// pays 8. Core: {u} blocks unless p_v ≥ 14 − 6 = 8, {v} unless p_u ≥ 0:
// VCG.
const handXorOfOr = `
currency USD
item A capacity 1
item B capacity 1
item C capacity 1
bidder u
  xor {
    or {
      bid u1 price 5 { A: 1 }
      bid u2 price 6 { B: 1 }
    }
    bid u3 price 14 { A: 1, B: 1, C: 1 }
  }
end
bidder v
  bid v1 price 4 { C: 1 }
  bid v2 price 7 { A: 1 }
end
`

// handThirds: a divisible bid held to two thirds by capacity. A has 3
// units. p offers 1.00 for all 3 (from 0.1); q 0.70 for 1. p whole: 1.00;
// q with p at 2/3 (2 units): 0.70 + 2/3 of 1.00 = 1.3667 > 1.00. p pays
// 2/3 of 100 cents rounded down, 66: revenue 1.36 (the objective keeps
// 136.67 cents).
const handThirds = `
currency USD
ddu A capacity 3
bidder p
  bid p1 price 1.00 { A: 3 } min 0.1
end
bidder q
  bid q1 price 0.70 { A: 1 }
end
`

// handWinner is a winning bid and the fraction of it awarded.
type handWinner struct {
	bid      string
	fraction float64
}

func TestHandComputedMarkets(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		revenue  string
		winners  []handWinner
		payments map[string]map[string]string // payment rule -> bidder -> payment
	}{
		{"divisible", handDivisible, "390", []handWinner{{"q1", 1}, {"r1", 0.5}}, nil},
		{"groups", handGroups, "115", []handWinner{{"x1", 1}, {"y2", 1}, {"y3", 1}}, map[string]map[string]string{
			"pay-as-bid": {"x": "50", "y": "65", "z": "0"},
			"vcg":        {"x": "0", "y": "45", "z": "0"},
			"core":       {"x": "0", "y": "45", "z": "0"},
		}},
		{"groups and a global loser", handGroupsGlobal, "115", []handWinner{{"x1", 1}, {"y2", 1}, {"y3", 1}}, map[string]map[string]string{
			"vcg":  {"x": "35", "y": "50", "z": "0", "w": "0"},
			"core": {"x": "42.5", "y": "57.5", "z": "0", "w": "0"},
		}},
		{"budget", handBudget, "790", []handWinner{{"b2", 1}, {"rA", 1}, {"rC", 1}}, nil},
		{"volumes and items", handVolumes, "720", []handWinner{{"m1", 0.5}, {"m2", 1}, {"o1", 1}, {"o2", 1}, {"o3", 1}}, nil},
		{"reserves and max-share", handReserves, "305", []handWinner{{"a2", 0.5}, {"b1", 1}, {"c2", 1}}, map[string]map[string]string{
			"pay-as-bid": {"a": "125", "b": "110", "c": "70"},
			"vcg":        {"a": "100", "b": "100", "c": "60"},
			"core":       {"a": "100", "b": "100", "c": "60"},
		}},
		{"min-winners", handMinWinners, "140", []handWinner{{"a", 1}, {"d", 1}, {"b", 1}, {"c", 1}}, nil},
		{"all of groups", handAllOfGroups, "36", []handWinner{{"n1", 1}, {"n2", 1}, {"n4", 1}, {"k2", 1}}, map[string]map[string]string{
			"pay-as-bid": {"n": "28", "k": "8"},
			"vcg":        {"n": "20", "k": "3"},
			"core":       {"n": "20", "k": "3"},
		}},
		{"xor of or", handXorOfOr, "17", []handWinner{{"u2", 1}, {"v1", 1}, {"v2", 1}}, map[string]map[string]string{
			"vcg":  {"u": "0", "v": "8"},
			"core": {"u": "0", "v": "8"},
		}},
		{"two thirds", handThirds, "1.36", []handWinner{{"p1", 2.0 / 3}, {"q1", 1}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, doc := qaSolve(t, tt.src)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, "optimal", doc.Status)
			assert.Equal(t, tt.revenue, doc.Revenue.String())
			var got []handWinner
			for _, w := range doc.Winners {
				got = append(got, handWinner{w.Bid, w.Fraction})
			}
			assert.Equal(t, tt.winners, got)
			for rule, want := range tt.payments {
				r, doc := qaSolve(t, tt.src, "--payment", rule)
				require.Equal(t, exitOK, r.code, r.stderr)
				assert.Equal(t, tt.revenue, doc.Revenue.String(), rule)
				assert.Equal(t, want, doc.rulePayments(), rule)
				require.NotNil(t, doc.Payments)
				assert.True(t, doc.Payments.Exact, "%s: %v", rule, doc.Payments.Notes)
			}
		})
	}
}
