package mechanism

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// Names of the payment rules, for Pay and PaymentRules.
const (
	PaymentPayAsBid = "pay-as-bid" // each winner pays its bids (auction.Instance.BidderPayments)
	PaymentVCG      = "vcg"        // Clarke pivot: the welfare the winner's presence costs the others
	PaymentCore     = "core"       // minimum-revenue core point nearest to VCG (Day & Raghavan; Day & Cramton)
)

// PaymentRules lists the payment rules Pay knows, in the order a report
// shows them.
func PaymentRules() []string {
	return []string{PaymentPayAsBid, PaymentVCG, PaymentCore}
}

// Pay computes what each bidder pays under a payment rule for an outcome of
// in: "pay-as-bid", "vcg" or "core" (PaymentRules). An unknown rule is an
// error wrapping ErrRule.
//
// VCG and core payments are defined against an efficient allocation: Pay
// refuses them (an error wrapping ErrNotOptimal) when out.Optimal is false.
// PayAnyway computes them all the same and flags them.
//
// The allocation must pass in.Check; an instance that fails Validate, invalid
// options or an allocation that fails the certificate are errors. A limit is
// not an error: the payments come back with Exact false and a note. The
// context's deadline and opts.TimeLimit (counted from the call) bound the
// whole computation, every re-solve and separation together, not each one
// (shareDeadline); opts.NodeLimit applies to each re-solve.
// opts.Progress is not called by the re-solves.
//
// # Money
//
// The VCG and core payments are real numbers when divisible bids win (the
// welfare Σ value × fraction is then fractional) or when the core's quadratic
// tie-break splits a sum. Pay rounds each bidder's payment up to the minor
// unit, after forgiving max(1e-6, 1e-13 × |payment|) minor units of
// floating-point noise, and then caps it at the bidder's pay-as-bid payment
// (auction.Instance.PayAsBid, itself rounded down): no bidder ever pays more
// than it bid. Rounding up keeps a core point in the core (every core
// constraint bounds a sum of payments from below) and keeps VCG ≤ core for
// every bidder. When every winning award is of a whole bid, the welfare is an
// integer, VCG payments need no rounding and neither does the cap.
//
// # Reserves
//
// No VCG or core payment is below the reserve of what the bidder wins
// (Σ volume × reserve over its awards, times the fraction won): a reserve is
// the least the auctioneer sells a unit for, under every payment rule, so a
// Clarke pivot below it is raised to it, and the core keeps that floor.
func Pay(ctx context.Context, in *auction.Instance, out Outcome, rule string, opts solver.Options) (Payments, error) {
	return pay(ctx, in, out, rule, opts, false, false)
}

// PayAnyway is Pay for an outcome that may not be proven optimal: it
// computes VCG and core payments on such an outcome instead of refusing them,
// sets Payments.Exact to false and says why in Payments.Notes. On an optimal
// outcome it is Pay. The CLI uses it to flag rather than refuse.
//
// On an allocation that is not optimal the VCG formula can ask a bidder for
// more than it bid; the payment is then capped at its bid and a note names
// the bidder.
func PayAnyway(ctx context.Context, in *auction.Instance, out Outcome, rule string, opts solver.Options) (Payments, error) {
	return pay(ctx, in, out, rule, opts, true, false)
}

// pay is Pay (anyway false) and PayAnyway (anyway true); plain runs every
// VCG re-solve to its proof and computes the core by exact separations
// alone (market.plain), for tests.
func pay(ctx context.Context, in *auction.Instance, out Outcome, rule string, opts solver.Options, anyway, plain bool) (Payments, error) {
	start := time.Now()
	switch rule {
	case PaymentPayAsBid, PaymentVCG, PaymentCore:
	default:
		return Payments{}, fmt.Errorf("%w: payment rule %q (known: %s)", ErrRule, rule, strings.Join(PaymentRules(), ", "))
	}
	if in == nil {
		return Payments{}, fmt.Errorf("mechanism: no instance")
	}
	if err := in.Validate(); err != nil {
		return Payments{}, fmt.Errorf("mechanism: invalid instance: %w", err)
	}
	if err := opts.Validate(); err != nil {
		return Payments{}, err
	}
	if err := in.Check(out.Allocation).Err(); err != nil {
		return Payments{}, fmt.Errorf("mechanism: %s fails the certificate: %w", allocationName(out.Rule), err)
	}
	p := Payments{Rule: rule, Exact: true}
	if rule == PaymentPayAsBid {
		p.ByBidder = in.BidderPayments(out.Allocation)
		p.Total = sumMoney(p.ByBidder)
		p.Elapsed = time.Since(start)
		return p, nil
	}
	if !out.Optimal {
		if !anyway {
			return Payments{}, fmt.Errorf("%w: %s payments on %s", ErrNotOptimal, rule, allocationName(out.Rule))
		}
		p.Exact = false
		what := allocationName(out.Rule) + " is not proven optimal"
		if out.Rule == RuleOptimal {
			what = "the exact solver's allocation is not proven optimal (a limit or a relative gap stopped its search)"
		}
		p.Notes = append(p.Notes, fmt.Sprintf("%s: %s payments are not trustworthy", what, rule))
	}
	m, err := newMarket(in, out.Allocation)
	if err != nil {
		return Payments{}, err
	}
	m.plain = plain
	ctx, cancel, opts := shareDeadline(ctx, opts, start)
	defer cancel()
	vctx, vcancel := ctx, context.CancelFunc(func() {})
	if rule == PaymentCore {
		vctx, vcancel = firstHalf(ctx) // the separations keep at least half of the time left
	}
	v, err := m.payVCG(vctx, opts, &p)
	vcancel()
	if err == nil {
		m.floorAtReserves(v, &p)
	}
	if err == nil && rule == PaymentCore {
		v, err = m.payCore(ctx, opts, v, &p)
	}
	if err != nil {
		return Payments{}, err
	}
	p.ByBidder = m.round(v, &p)
	p.Total = sumMoney(p.ByBidder)
	if w := sumFloat(m.value); w > exactWelfare {
		p.Exact = false
		p.Notes = append(p.Notes, fmt.Sprintf("precision: the award's welfare, %.0f minor units, is above %.0f: the re-solves and the core's LP work in float64 and the payments may be off by a few minor units",
			w, float64(exactWelfare)))
	}
	p.Elapsed = time.Since(start)
	return p, nil
}

// exactWelfare is the largest welfare (Σ value × fraction of the award, minor
// units) for which VCG and core payments are exact to the minor unit: above
// it the tolerances of the re-solves (a relative gap of 0.1 / welfare) and of
// the core's LP and QP (1e-11 × the largest value, per winner) exceed a
// minor unit, and the payments are flagged (Exact false). 10^10 cents is
// $100 million; the national DDU market is worth about $65 million a day.
const exactWelfare = 1e10

// sumFloat adds non-negative reals.
func sumFloat(xs []float64) float64 {
	var t float64
	for _, x := range xs {
		t += x
	}
	return t
}

// sumMoney adds payments; for a valid instance they are at most the
// pay-as-bid revenue, which cannot overflow.
func sumMoney(ms []auction.Money) auction.Money {
	var t auction.Money
	for _, m := range ms {
		t += m
	}
	return t
}

// noise is the floating-point noise forgiven when a real payment is rounded
// up to the minor unit.
func noise(x float64) float64 { return max(1e-6, 1e-13*math.Abs(x)) }

// roundUp rounds a real payment up to the minor unit, forgiving noise, and
// caps it to [0, limit].
func roundUp(x float64, limit auction.Money) auction.Money {
	return roundUpTol(x, limit, 0)
}

// roundUpTol is roundUp forgiving at least tol.
func roundUpTol(x float64, limit auction.Money, tol float64) auction.Money {
	if !(x > 0) { // also NaN
		return 0
	}
	c := math.Ceil(x - max(tol, noise(x)))
	if c >= float64(limit) {
		return limit
	}
	return auction.Money(max(c, 0))
}

// round turns real payments into Money (roundUp, capped at pay-as-bid) and
// notes the bidders whose real payment was above their bid (individual
// rationality broken: only on an allocation that is not optimal, or by
// numerical error).
func (m *market) round(v []float64, p *Payments) []auction.Money {
	out := make([]auction.Money, len(v))
	var over []string
	fractional := 0
	for b, x := range v {
		out[b] = roundUp(x, m.pab[b])
		if x > m.value[b]+noise(m.value[b]) {
			over = append(over, fmt.Sprintf("%s (%s over a bid of %s)", m.in.Bidders[b].ID, m.money(x-m.value[b]), m.money(m.value[b])))
		}
		if x > 0 && math.Abs(x-math.Round(x)) > noise(x) {
			fractional++
		}
	}
	p.IRViolations = len(over)
	if len(over) > 0 {
		p.Exact = false
		p.Notes = append(p.Notes, fmt.Sprintf("individual rationality: %s would pay more than they bid, capped at their bids: %s",
			countBidders(len(over)), listSome(over, 5)))
	} else {
		p.Notes = append(p.Notes, "individual rationality holds: no bidder pays more than it bid")
	}
	if fractional > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("%d payments were fractional and are rounded up to the minor unit", fractional))
	}
	return out
}

// listSome joins the first n strings and says how many more there are.
func listSome(ss []string, n int) string {
	if len(ss) <= n {
		return strings.Join(ss, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ss[:n], ", "), len(ss)-n)
}

// workers is how many re-solves run at once, and with how many threads
// each: opts.Threads (default GOMAXPROCS) shared out over the tasks.
func workers(opts solver.Options, tasks int) (outer, inner int) {
	t := opts.Threads
	if t <= 0 {
		t = runtime.GOMAXPROCS(0)
	}
	outer = max(1, min(t, tasks))
	return outer, max(1, t/outer)
}

// shareDeadline returns the context every re-solve and separation of one
// payment computation runs under: ctx, with a deadline opts.TimeLimit after
// start when that comes first, so that the limit holds for the computation
// as a whole. The options returned have no time limit of their own: each
// re-solve stops at the shared deadline (solver.Solve keeps a reserve
// before it to finish), and one that has not begun by then is not run.
func shareDeadline(ctx context.Context, opts solver.Options, start time.Time) (context.Context, context.CancelFunc, solver.Options) {
	cancel := context.CancelFunc(func() {})
	if opts.TimeLimit > 0 {
		ctx, cancel = context.WithDeadline(ctx, start.Add(opts.TimeLimit))
	}
	opts.TimeLimit = 0
	return ctx, cancel, opts
}

// firstHalf returns ctx with, under a deadline, a deadline half-way to it.
func firstHalf(ctx context.Context) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok {
		return ctx, func() {}
	}
	return context.WithDeadline(ctx, time.Now().Add(time.Until(dl)/2))
}

// stopped says why a context ended, for notes: "the time limit" or
// "a cancellation".
func stopped(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "the time limit"
	}
	return "a cancellation"
}

// subOptions are the options of a re-solve whose optimum is at most scale
// (minor units): the caller's, without progress, with threads as given,
// and with a relative gap small enough that the absolute gap is below a
// tenth of a minor unit, so that the payments it yields are exact to the
// minor unit when the status is Optimal.
func subOptions(opts solver.Options, threads int, scale float64) solver.Options {
	o := opts
	o.Progress = nil
	o.Threads = threads
	rg := o.RelGap
	if rg == 0 {
		rg = solver.DefaultRelGap
	}
	o.RelGap = min(rg, 0.1/max(1, scale))
	return o
}

// countBidders is "1 bidder" or "n bidders".
func countBidders(n int) string { return count(n, "bidder") }

// count is "1 noun" or "n nouns".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// money writes an amount of minor units in the market's currency, rounded
// to the minor unit: "12.50 USD".
func (m *market) money(x float64) string { return money(m.in.CurrencyOrDefault(), x) }

// money writes an amount of minor units in currency c, rounded to the
// minor unit.
func money(c auction.Currency, x float64) string {
	if c == (auction.Currency{}) {
		c = auction.DefaultCurrency
	}
	s := auction.Money(math.Round(x)).Format(c.Decimals)
	if c.Code != "" {
		s += " " + c.Code
	}
	return s
}

// allocationName names the allocation of a rule in a message: "the
// greedy allocation", or "the allocation" when the rule is not named.
func allocationName(rule string) string {
	if rule == "" {
		return "the allocation"
	}
	return fmt.Sprintf("the %s allocation", rule)
}
