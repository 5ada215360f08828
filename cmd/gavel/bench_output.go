package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/mechanism"
)

// benchReport is what gavel bench prints: the summary per pair of rules
// and, in JSON, every market's metrics. Money and welfare are in major
// units of the markets' currency (one for all markets; its decimals may
// differ from market to market, as between CATS files).
type benchReport struct {
	Source        string              `json:"source"`
	Markets       int                 `json:"markets"`
	Currency      string              `json:"currency"`
	Policy        *policyReport       `json:"policy,omitempty"`
	OptimumProven int                 `json:"optimum_proven"` // markets whose optimal welfare is proven
	Summary       []benchSummary      `json:"summary"`
	Detail        []benchMarketReport `json:"detail"`

	notes []string
}

// benchSummary is one pair of rules over all markets.
type benchSummary struct {
	Rule    string `json:"rule"`
	Payment string `json:"payment"`
	// Markets is how many markets measured the pair; Flagged how many of
	// those carry a flag (see Flags).
	Markets        int       `json:"markets"`
	Flagged        int       `json:"flagged"`
	Flags          []string  `json:"flags,omitempty"`
	Skipped        string    `json:"skipped,omitempty"`
	Revenue        benchStat `json:"revenue"`
	Welfare        benchStat `json:"welfare"`
	Efficiency     benchStat `json:"efficiency"`
	Winners        benchStat `json:"winners"`
	HHI            benchStat `json:"hhi"`
	Fill           benchStat `json:"fill"`
	CoreViolations benchStat `json:"core_violations"` // over the markets where it is known
	Exposed        benchStat `json:"exposed"`
	AllocSeconds   benchStat `json:"alloc_seconds"`
	PaySeconds     benchStat `json:"pay_seconds"`
}

// benchStat summarizes one metric over markets: the median, the quartiles
// (linear interpolation between order statistics) and the extremes. N is 0
// (and the rest 0) when no market measured it.
type benchStat struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	Q1     float64 `json:"q1"`
	Q3     float64 `json:"q3"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

type benchMarketReport struct {
	Market        string            `json:"market"`
	Seed          *uint64           `json:"seed,omitempty"`
	Optimum       float64           `json:"optimum"`
	OptimumProven bool              `json:"optimum_proven"`
	Error         string            `json:"error,omitempty"`
	Rules         []benchPairReport `json:"rules"`
}

type benchPairReport struct {
	Rule           string   `json:"rule"`
	Payment        string   `json:"payment"`
	Revenue        float64  `json:"revenue"`
	Welfare        float64  `json:"welfare"`
	Efficiency     *float64 `json:"efficiency"` // null when the optimum is not positive
	Winners        int      `json:"winners"`
	HHI            float64  `json:"hhi"`
	Fill           float64  `json:"fill"`
	CoreViolations *int     `json:"core_violations"` // null when not known
	Exposed        int      `json:"exposed"`
	Exposure       float64  `json:"exposure"`
	Optimal        bool     `json:"optimal"`
	Exact          bool     `json:"exact"`
	AllocSeconds   float64  `json:"alloc_seconds"`
	PaySeconds     float64  `json:"pay_seconds"`
	Flags          []string `json:"flags,omitempty"`
	Skipped        string   `json:"skipped,omitempty"`
	Error          string   `json:"error,omitempty"`
}

func newBenchReport(o *benchOptions, c *benchConfig, p auction.Policy, markets []*benchMarket, results []benchResult) *benchReport {
	r := &benchReport{Markets: len(markets), Summary: []benchSummary{}, Detail: []benchMarketReport{}, Currency: results[0].currency}
	if o.dist != "" {
		r.Source = fmt.Sprintf("%s markets, seeds %s", o.dist, o.seeds)
		if o.goods > 0 || o.bids > 0 {
			r.Source = fmt.Sprintf("%s markets of %s goods and %s bids, seeds %s", o.dist, sizeText(o.goods), sizeText(o.bids), o.seeds)
		}
	} else {
		names := make([]string, len(markets))
		for k, m := range markets {
			names[k] = m.Name
		}
		r.Source = strings.Join(names, ", ")
	}
	if !p.IsZero() {
		r.Policy = &policyReport{MaxShare: p.MaxShare.String(), MaxItems: p.MaxItems, MinWinners: p.MinWinners, ReserveScale: p.ReserveScale.String()}
	}
	noAward, failed := 0, 0
	for k, res := range results {
		major := math.Pow10(res.decimals) // each market's amounts in its own minor units
		mr := benchMarketReport{Market: markets[k].Name, Seed: markets[k].Seed, Optimum: res.optimum / major,
			OptimumProven: res.optimumProven, Rules: []benchPairReport{}}
		if res.err != nil {
			mr.Error = res.err.Error()
		}
		switch {
		case res.err != nil:
			failed++
		case res.optimumProven:
			r.OptimumProven++
		case res.noAward:
			noAward++
		}
		for _, rec := range res.records {
			m := rec.m
			pr := benchPairReport{Rule: m.Rule, Payment: m.Payment, Revenue: float64(m.Revenue) / major, Welfare: m.Welfare / major,
				Winners: m.Winners, HHI: m.HHI, Fill: m.Fill, Exposed: m.Exposed, Exposure: float64(m.Exposure) / major,
				Optimal: m.Optimal, Exact: m.Exact, AllocSeconds: m.AllocTime.Seconds(), PaySeconds: m.PayTime.Seconds(),
				Flags: rec.flags, Skipped: rec.skipped}
			if !math.IsNaN(m.Efficiency) {
				eff := m.Efficiency
				pr.Efficiency = &eff
			}
			if m.CoreViolations >= 0 {
				cv := m.CoreViolations
				pr.CoreViolations = &cv
			}
			if rec.err != nil {
				pr.Error = rec.err.Error()
			}
			mr.Rules = append(mr.Rules, pr)
		}
		r.Detail = append(r.Detail, mr)
	}
	for _, rule := range c.rules {
		for _, pay := range c.payments {
			r.Summary = append(r.Summary, r.summarize(rule, pay))
		}
	}
	if noAward > 0 {
		r.notes = append(r.notes, fmt.Sprintf("no award meets the auction's rules on %d of %d markets (min-winners): their rows are empty", noAward, r.Markets))
	}
	if n := r.Markets - r.OptimumProven - noAward - failed; n > 0 {
		r.notes = append(r.notes, fmt.Sprintf("the optimal welfare is not proven on %d of %d markets (a limit stopped the solve): efficiency there is against the proven bound, a lower bound", n, r.Markets))
	}
	return r
}

// summarize computes the summary of one pair of rules from the details.
func (r *benchReport) summarize(rule, pay string) benchSummary {
	s := benchSummary{Rule: rule, Payment: pay}
	var rev, wel, eff, win, hhi, fill, cv, exp, at, pt []float64
	flags := map[string]bool{}
	for _, mr := range r.Detail {
		for _, p := range mr.Rules {
			if p.Rule != rule || p.Payment != pay {
				continue
			}
			if p.Skipped != "" {
				s.Skipped = p.Skipped
				continue
			}
			if p.Error != "" {
				continue
			}
			s.Markets++
			if len(p.Flags) > 0 {
				s.Flagged++
				for _, f := range p.Flags {
					flags[f] = true
				}
			}
			rev, wel, win = append(rev, p.Revenue), append(wel, p.Welfare), append(win, float64(p.Winners))
			hhi, fill, exp = append(hhi, p.HHI), append(fill, p.Fill), append(exp, float64(p.Exposed))
			at, pt = append(at, p.AllocSeconds), append(pt, p.PaySeconds)
			if p.Efficiency != nil {
				eff = append(eff, *p.Efficiency)
			}
			if p.CoreViolations != nil {
				cv = append(cv, float64(*p.CoreViolations))
			}
		}
	}
	s.Flags = sortedKeys(flags)
	s.Revenue, s.Welfare, s.Efficiency, s.Winners = newBenchStat(rev), newBenchStat(wel), newBenchStat(eff), newBenchStat(win)
	s.HHI, s.Fill, s.CoreViolations, s.Exposed = newBenchStat(hhi), newBenchStat(fill), newBenchStat(cv), newBenchStat(exp)
	s.AllocSeconds, s.PaySeconds = newBenchStat(at), newBenchStat(pt)
	return s
}

func newBenchStat(xs []float64) benchStat {
	if len(xs) == 0 {
		return benchStat{}
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	q := func(p float64) float64 {
		h := p * float64(len(xs)-1)
		lo := math.Floor(h)
		if int(lo)+1 >= len(xs) {
			return xs[len(xs)-1]
		}
		return xs[int(lo)] + (h-lo)*(xs[int(lo)+1]-xs[int(lo)])
	}
	return benchStat{N: len(xs), Median: q(0.5), Q1: q(0.25), Q3: q(0.75), Min: xs[0], Max: xs[len(xs)-1]}
}

func sizeText(n int) string {
	if n == 0 {
		return "default"
	}
	return thousands(int64(n))
}

// write prints the report in the format asked for, and the chart.
func (r *benchReport) write(e *env, o *benchOptions) error {
	var buf bytes.Buffer
	switch {
	case o.json:
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			return err
		}
	case o.csv:
		if err := r.writeCSV(&buf); err != nil {
			return err
		}
	default:
		r.writeText(&buf)
	}
	if o.plot != "" {
		if err := r.writePlot(o.plot); err != nil {
			return fmt.Errorf("--plot: %w", err)
		}
	}
	if code := flush(e, &buf); code != exitOK {
		return fmt.Errorf("writing output failed")
	}
	return nil
}

// benchCSVMetrics names the metrics of a CSV row, in order.
var benchCSVMetrics = []string{"revenue", "welfare", "efficiency", "winners", "hhi", "fill", "core_violations", "exposed", "alloc_seconds", "pay_seconds"}

func (s *benchSummary) stats() []benchStat {
	return []benchStat{s.Revenue, s.Welfare, s.Efficiency, s.Winners, s.HHI, s.Fill, s.CoreViolations, s.Exposed, s.AllocSeconds, s.PaySeconds}
}

// writeCSV writes one row per pair of rules: the rules, how many markets
// measured them and how many are flagged, then for each metric its
// median, quartiles and extremes (empty when no market measured it).
func (r *benchReport) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"rule", "payment", "markets", "flagged", "skipped"}
	for _, m := range benchCSVMetrics {
		head = append(head, m+"_median", m+"_q1", m+"_q3", m+"_min", m+"_max")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, s := range r.Summary {
		row := []string{s.Rule, s.Payment, strconv.Itoa(s.Markets), strconv.Itoa(s.Flagged), s.Skipped}
		for _, st := range s.stats() {
			if st.N == 0 {
				row = append(row, "", "", "", "", "")
				continue
			}
			row = append(row, num(st.Median), num(st.Q1), num(st.Q3), num(st.Min), num(st.Max))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeText writes the summary as a table: medians, and the interquartile
// range in brackets when there are several markets.
func (r *benchReport) writeText(w io.Writer) {
	fmt.Fprintf(w, "gavel bench: %s %s: %s\n", thousands(int64(r.Markets)), plural(r.Markets, "market", "markets"), textName(r.Source))
	if p := r.Policy; p != nil {
		fmt.Fprintf(w, "policy: %s\n", p)
	}
	fmt.Fprintf(w, "medians over the markets, [q1–q3] the interquartile range; money in whole %s\n\n", r.Currency)
	spread := func(st benchStat, f func(float64) string) string {
		switch {
		case st.N == 0:
			return "-"
		case st.N == 1 || st.Q1 == st.Q3:
			return f(st.Median)
		}
		return fmt.Sprintf("%s [%s–%s]", f(st.Median), f(st.Q1), f(st.Q3))
	}
	money := func(x float64) string { return floatMoney(x, 0) } // whole major units
	pct := func(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }
	count := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	whole := func(x float64) string { return strconv.FormatFloat(math.Round(x), 'f', 0, 64) }
	secs := func(x float64) string { return fmt.Sprintf("%.2fs", x) }

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rule\tpayment\trevenue\tefficiency\twinners\tHHI\tfill\tcore viol.\texposed\ttime alloc + pay\t")
	var skipped []string
	for _, s := range r.Summary {
		if s.Skipped != "" && s.Markets == 0 {
			skipped = append(skipped, s.Rule+" with "+s.Payment)
			continue
		}
		mark := ""
		if s.Flagged > 0 {
			mark = " !"
		}
		exposed := ""
		if s.Rule == mechanism.RulePerItem {
			exposed = spread(s.Exposed, count)
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s + %s\t\n", s.Rule, s.Payment, mark,
			spread(s.Revenue, money), spread(s.Efficiency, pct), spread(s.Winners, count), spread(s.HHI, whole),
			spread(s.Fill, pct), spread(s.CoreViolations, count), exposed, secs(s.AllocSeconds.Median), secs(s.PaySeconds.Median))
	}
	tw.Flush()
	var notes []string
	for _, s := range r.Summary {
		if s.Flagged > 0 {
			notes = append(notes, fmt.Sprintf("! %s on %s: %s on %d of %d markets; computed anyway, not to be trusted",
				s.Payment, s.Rule, strings.Join(s.Flags, "; "), s.Flagged, s.Markets))
		}
	}
	if len(skipped) > 0 {
		notes = append(notes, "not run: "+strings.Join(skipped, ", ")+" (per-item is priced pay-as-bid on the pieces sold)")
	}
	notes = append(notes, r.notes...)
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range notes {
			fmt.Fprintln(w, n)
		}
	}
}
