package mechanism

import (
	"math"
	"time"

	"github.com/gavelhq/gavel/auction"
)

// Metrics describe one outcome under one payment rule, for comparing
// rules side by side (gavel bench). Money and welfare are in minor units.
type Metrics struct {
	Rule    string // allocation rule
	Payment string // payment rule

	Revenue auction.Money // Σ payments
	Welfare float64       // Σ value × fraction of the allocation: the bids' value of what is awarded
	// Efficiency is Welfare / the optimum passed to Measure; NaN when the
	// optimum is not positive (1 when both are 0).
	Efficiency float64
	Winners    int     // bidders awarded something
	HHI        float64 // Herfindahl–Hirschman index of awarded volume across bidders, 0..10000
	Fill       float64 // awarded volume / total capacity, 0..1

	// CoreViolations says whether coalitions of bidders would offer the
	// seller more than the payments: 0 means the payments are in the
	// core, -1 that it is not known; see the function CoreViolations for
	// what a positive count counts under each payment rule.
	CoreViolations int

	Optimal bool // the allocation is proven optimal
	Exact   bool // the payments are exact (Payments.Exact)

	// Exposed and Exposure are for per-item outcomes (MeasurePerItem):
	// the bidders paying for more than they can use, and the sum of their
	// losses. Zero for the other rules, which never award part of a bid.
	Exposed  int
	Exposure auction.Money

	AllocTime time.Duration // the allocation rule's run time
	PayTime   time.Duration // the payment rule's run time
}

// Measure computes the metrics of an outcome of in under payments pay.
// optimum is the optimal welfare of in (Σ value × fraction at the optimum,
// in minor units), the reference for Efficiency: pass the Objective of an
// optimal outcome, or a proven bound when none is optimal (Efficiency is
// then a lower bound).
func Measure(in *auction.Instance, out Outcome, pay Payments, optimum float64) Metrics {
	m := Metrics{
		Rule: out.Rule, Payment: pay.Rule, Revenue: pay.Total, Welfare: allocValue(in, out.Allocation),
		Optimal: out.Optimal, Exact: pay.Exact, AllocTime: out.Elapsed, PayTime: pay.Elapsed,
		CoreViolations: CoreViolations(in, out, pay, optimum),
	}
	switch {
	case optimum > 0:
		m.Efficiency = m.Welfare / optimum
	case optimum == 0 && m.Welfare == 0:
		m.Efficiency = 1
	default:
		m.Efficiency = math.NaN()
	}
	vols := in.BidderVolumes(out.Allocation)
	total := 0.0
	for _, v := range vols {
		if v > 0 {
			m.Winners++
			total += v
		}
	}
	if total > 0 {
		for _, v := range vols {
			s := 100 * v / total
			m.HHI += s * s
		}
	}
	var capacity int64
	for _, it := range in.Items {
		capacity += it.Capacity
	}
	if capacity > 0 {
		m.Fill = total / float64(capacity)
	}
	return m
}

// MeasurePerItem is Measure for a per-item outcome under its own payments
// (p.Payments()), with the exposure filled in. The revenue counts every
// piece sold; the welfare, winners, HHI and fill count what the bidders
// can use (p.Allocation).
func MeasurePerItem(in *auction.Instance, p PerItemOutcome, optimum float64) Metrics {
	m := Measure(in, p.Outcome, p.Payments(), optimum)
	m.Exposed, m.Exposure = p.Exposed()
	m.CoreViolations = -1 // bidders paying above their value: the core is not the question
	return m
}

// CoreViolations says in how many places a coalition of bidders blocks
// the payments (offers the seller more than they bring in), or -1 when it
// is not known:
//
//   - pay-as-bid: 0 when the allocation's welfare reaches the optimum
//     (within 1e-9 relative): the seller then gets all the welfare any
//     coalition could create. Otherwise 1: the coalition of all bidders
//     offers the optimum, more than the revenue. This needs optimum to be
//     the proven optimum; a caller that passes a bound instead must not
//     trust a 1 (gavel bench reports it as unknown).
//   - core: the core constraints found that the payments miss
//     (CoreStats.Missed); 0 when they miss none and every part of the
//     market was certified by an exact separation, -1 when a part was not
//     (CoreStats.Uncertified: a limit stopped the proof).
//   - vcg: -1, as VCG payments alone do not say; core payments of the
//     same outcome do (VCGBlocked), and gavel bench uses them when it
//     computes both.
func CoreViolations(in *auction.Instance, out Outcome, pay Payments, optimum float64) int {
	switch pay.Rule {
	case PaymentPayAsBid:
		w := allocValue(in, out.Allocation)
		if out.Optimal || w >= optimum-1e-9*math.Abs(optimum) {
			return 0
		}
		return 1
	case PaymentCore:
		switch c := pay.Core; {
		case c == nil:
			return -1
		case c.Missed > 0:
			return c.Missed
		case c.Uncertified > 0:
			return -1
		}
		return 0
	}
	return -1
}

// VCGBlocked reads, from core payments (Pay with rule "core"), in how many
// parts of the market a coalition blocks the VCG payments of the same
// outcome (CoreStats.VCGBlocked): 0 when VCG is in the core, -1 when the
// payments are not core payments.
func VCGBlocked(core Payments) int {
	if core.Rule != PaymentCore || core.Core == nil {
		return -1
	}
	return core.Core.VCGBlocked
}
