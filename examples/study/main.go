// Command study asks two policy questions of generated DDU markets and
// prints the answers (its output is committed as output.txt):
//
//  1. What does a max-share of 50% (no shipper wins more than half of any
//     DDU) do to revenue, efficiency and the number of winning shippers,
//     under the exact solver and the heuristic rules, on a regional market
//     (2,000 DDUs, 10,000 bids) and on the national one (18,000 DDUs,
//     100,000 bids)?
//  2. What do VCG and core payments charge compared with pay-as-bid, with
//     and without the cap, on small markets (20 DDUs, 100 bids) that the
//     exact solver proves optimal in a fraction of a second, so that VCG and
//     core payments rest on proven optima?
//
// The sizes are flags; the defaults ran in six to eight minutes on two
// cores (quiet to busy) with the Clp engine (-tags clp) and take about
// 1.5 GiB. On the large markets the exact solver is stopped by
// -time-limit and does not prove optimality (its gap is printed): its
// revenue is the best found and efficiencies are measured against its
// proven bound, so they are lower bounds. lp-round gets the same limit:
// where its LP relaxation does not finish in time (the national market's
// takes about ten minutes), it rounds nothing and is the greedy followed
// by local search. VCG and core payments are not computed on the large
// markets: each re-solve would be as hard as the allocation, which is not
// proven there. The small markets' VCG and core payments take most of a
// minute each: every re-solve and core separation runs the exact solver.
//
//	go run -tags clp ./examples/study > examples/study/output.txt
//	go run ./examples/study -goods 200 -bids 1000 -national-goods 0 -time-limit 10s
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/mechanism"
)

func main() {
	goods := flag.Int("goods", 2000, "DDUs of the large market")
	bids := flag.Int("bids", 10000, "bids of the large market")
	seed := flag.Uint64("seed", 1, "seed of the large market")
	nationalGoods := flag.Int("national-goods", 18000, "DDUs of the national market (0: skip it)")
	nationalBids := flag.Int("national-bids", 100000, "bids of the national market")
	limit := flag.Duration("time-limit", 30*time.Second, "time limit of the exact solver and lp-round on the large markets")
	smallGoods := flag.Int("small-goods", 20, "DDUs of the small markets (payments)")
	smallBids := flag.Int("small-bids", 100, "bids of the small markets (payments)")
	smallSeeds := flag.Int("small-seeds", 2, "small markets, seeds 1..n")
	flag.Parse()
	large := []size{{*goods, *bids}}
	if *nationalGoods > 0 {
		large = append(large, size{*nationalGoods, *nationalBids})
	}
	if err := run(os.Stdout, large, *seed, *limit, *smallGoods, *smallBids, *smallSeeds); err != nil {
		fmt.Fprintln(os.Stderr, "study:", err)
		os.Exit(1)
	}
}

// policies are the two policies the study compares: the file's rules,
// and a max-share of 50% on top of them.
var policies = []struct {
	name string
	p    auction.Policy
}{{"file's rules", auction.Policy{}}, {"max-share 0.5", auction.Policy{MaxShare: auction.Ratio{Num: 1, Den: 2}}}}

// size is the size of a generated market.
type size struct{ goods, bids int }

func run(w io.Writer, large []size, seed uint64, limit time.Duration, sg, sb, sn int) error {
	ctx := context.Background()
	start := time.Now()
	fmt.Fprintf(w, "gavel study: max-share 0.5, and VCG vs core vs pay-as-bid, on generated DDU markets\n\n")

	// Part 1: allocation rules with and without the cap.
	for k, sz := range large {
		if err := allocations(ctx, w, fmt.Sprintf("1%c", 'a'+k), sz, seed, limit); err != nil {
			return err
		}
	}

	// Part 2: payment rules on small markets the solver proves optimal.
	fmt.Fprintf(w, "2. Payments on %d small markets (ddu, %d DDUs, %d bids, seeds 1..%d), optimal allocations proven\n\n", sn, sg, sb, sn)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "seed\tpolicy\twinning shippers\tpay-as-bid USD\tvcg USD\tcore USD\tvcg/bid\tcore/bid\tVCG blocked\t")
	for s := 1; s <= sn; s++ {
		base, err := gen.Generate("ddu", gen.Config{Goods: sg, Bids: sb, Seed: uint64(s)})
		if err != nil {
			return err
		}
		for _, pol := range policies {
			m := base
			if !pol.p.IsZero() {
				if m, err = pol.p.Apply(base); err != nil {
					return err
				}
			}
			out, err := mechanism.Allocate(ctx, m, mechanism.RuleOptimal, solver.Options{})
			if err != nil {
				return err
			}
			var total [3]auction.Money
			var core mechanism.Payments
			for k, rule := range mechanism.PaymentRules() {
				p, err := mechanism.Pay(ctx, m, out, rule, solver.Options{})
				if err != nil {
					return err
				}
				total[k] = p.Total
				if rule == mechanism.PaymentCore {
					core = p
				}
			}
			x := mechanism.Measure(m, out, mechanism.Payments{Rule: mechanism.PaymentPayAsBid}, out.Objective)
			fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%.1f%%\t%.1f%%\t%s\t\n", s, pol.name, x.Winners,
				whole(total[0], m), whole(total[1], m), whole(total[2], m),
				100*float64(total[1])/float64(total[0]), 100*float64(total[2])/float64(total[0]), blocked(mechanism.VCGBlocked(core)))
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "\nefficiency ≥: welfare / the exact solver's proven bound (a lower bound on the share of the optimum).\n")
	fmt.Fprintf(w, "Ran in %s on %d cores (go run -tags clp ./examples/study; run times vary).\n", time.Since(start).Round(time.Second), runtime.NumCPU())
	return nil
}

// allocations prints part 1 for one generated market: every allocation
// rule, with the file's rules and under max-share 0.5.
func allocations(ctx context.Context, w io.Writer, label string, sz size, seed uint64, limit time.Duration) error {
	in, err := gen.Generate("ddu", gen.Config{Goods: sz.goods, Bids: sz.bids, Seed: seed})
	if err != nil {
		return err
	}
	st := in.Stats()
	fmt.Fprintf(w, "%s. Market ddu seed %d: %d DDUs as %d items, %d bids of %d shippers; exact solver and lp-round stopped at %s\n\n",
		label, seed, sz.goods, len(in.Items), st.Bids, len(in.Bidders), limit)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "policy\trule\trevenue USD\tefficiency ≥\twinning shippers\tHHI\tfill\tproven gap\t")
	for _, pol := range policies {
		m := in
		if !pol.p.IsZero() {
			if m, err = pol.p.Apply(in); err != nil {
				return err
			}
		}
		opts := solver.Options{TimeLimit: limit}
		opt, err := mechanism.Allocate(ctx, m, mechanism.RuleOptimal, opts)
		if err != nil {
			return err
		}
		bound, gap := opt.Objective, 0.0
		if opt.Result != nil {
			bound, gap = opt.Result.Bound, opt.Result.Gap
		}
		for _, rule := range []string{mechanism.RuleOptimal, mechanism.RuleGreedy, mechanism.RuleLPRound, mechanism.RuleFCFS} {
			out := opt
			if rule != mechanism.RuleOptimal {
				if out, err = mechanism.Allocate(ctx, m, rule, opts); err != nil {
					return err
				}
			}
			pay, err := mechanism.Pay(ctx, m, out, mechanism.PaymentPayAsBid, opts)
			if err != nil {
				return err
			}
			x := mechanism.Measure(m, out, pay, bound)
			g := ""
			if rule == mechanism.RuleOptimal {
				g = fmt.Sprintf("%.2f%%", 100*gap)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f%%\t%d\t%.0f\t%.1f%%\t%s\t\n", pol.name, rule, whole(x.Revenue, m),
				100*x.Efficiency, x.Winners, x.HHI, 100*x.Fill, g)
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	return nil
}

func blocked(n int) string {
	switch {
	case n < 0:
		return "?"
	case n == 0:
		return "no"
	}
	return "yes"
}

// whole writes an amount in whole major units (dollars), rounded down.
func whole(m auction.Money, in *auction.Instance) string {
	d := in.CurrencyOrDefault().Decimals
	v := int64(m)
	for range d {
		v /= 10
	}
	return strconv.FormatInt(v, 10)
}
