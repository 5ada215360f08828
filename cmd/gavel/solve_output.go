package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
	"github.com/gavelhq/gavel/solver/mechanism"
)

// solveReport is what gavel solve prints: the JSON document as it is, or
// the table written by writeText. The fields are documented in solve.md.
// Money is a json.Number in major units, written exactly from the Money's
// decimal form; the unexported copies feed the table.
type solveReport struct {
	File      string         `json:"file"`
	Auction   string         `json:"auction,omitempty"`
	Status    solver.Status  `json:"status"`
	Currency  string         `json:"currency"`
	Decimals  int            `json:"decimals"`
	Revenue   json.Number    `json:"revenue"`
	Objective json.Number    `json:"objective"`
	Bound     *json.Number   `json:"bound"` // null when infeasible or no bound was computed
	Gap       *float64       `json:"gap"`   // null with Bound
	Policy    *policyReport  `json:"policy,omitempty"`
	Winners   []winnerReport `json:"winners"`
	Bidders   []bidderReport `json:"bidders"`
	Regions   []regionReport `json:"regions"`
	Stats     statsReport    `json:"stats"`
	// Rule and Payments are set by --rule and --payment only.
	Rule     string          `json:"rule,omitempty"`
	Payments *paymentsReport `json:"payments,omitempty"`

	revenue   auction.Money
	objective float64 // minor units
	bound     float64 // minor units; -Inf when infeasible
	gap       float64 // *Gap, 0 when null
	capacity  int64   // of all items
	volume    float64 // awarded, over all items
	askedGap  float64 // --gap, 0 when not given
	noAward   error   // why a --rule found no award that meets the rules (min-winners), or nil
}

type policyReport struct {
	MaxShare     string `json:"max_share,omitempty"`
	MaxItems     int    `json:"max_items,omitempty"`
	MinWinners   int    `json:"min_winners,omitempty"`
	ReserveScale string `json:"reserve_scale,omitempty"`
}

// String describes the policy in one line: "max-share 1/2, max-items 3".
func (p *policyReport) String() string {
	var parts []string
	if p.MaxShare != "" {
		parts = append(parts, "max-share "+p.MaxShare)
	}
	if p.MaxItems != 0 {
		parts = append(parts, fmt.Sprintf("max-items %d", p.MaxItems))
	}
	if p.ReserveScale != "" {
		parts = append(parts, "reserves × "+p.ReserveScale)
	}
	if p.MinWinners != 0 {
		parts = append(parts, fmt.Sprintf("min-winners %d", p.MinWinners))
	}
	return strings.Join(parts, ", ")
}

type winnerReport struct {
	Bid      string       `json:"bid"`
	Bidder   string       `json:"bidder"`
	Fraction float64      `json:"fraction"`
	Price    json.Number  `json:"price"`          // the bid's value for its whole bundle
	Rate     *json.Number `json:"rate,omitempty"` // per unit, for bids priced per unit
	Payment  json.Number  `json:"payment"`
	Volume   float64      `json:"volume"`
	Volumes  []itemVolume `json:"volumes"`

	price, payment auction.Money
}

type itemVolume struct {
	Item   string  `json:"item"`
	Volume float64 `json:"volume"`
}

type bidderReport struct {
	Bidder  string      `json:"bidder"`
	Name    string      `json:"name,omitempty"`
	Bids    int         `json:"bids"` // winning bids
	Payment json.Number `json:"payment"`
	Volume  float64     `json:"volume"`
	Share   float64     `json:"share"` // of the volume awarded to all bidders
	// With --payment: what the bidder pays under that rule; with --rule
	// per-item: what it pays beyond the value it can use.
	RulePayment *json.Number `json:"rule_payment,omitempty"`
	Exposure    *json.Number `json:"exposure,omitempty"`

	payment     auction.Money
	rulePayment auction.Money
	exposure    auction.Money
}

// paymentsReport is the payment rule's result (--payment).
type paymentsReport struct {
	Rule    string      `json:"rule"`
	Total   json.Number `json:"total"`
	Exact   bool        `json:"exact"` // false: flagged, not to be trusted (see notes)
	Notes   []string    `json:"notes"`
	Seconds float64     `json:"seconds"`
	// IRViolations counts the bidders whose payment was capped at their
	// bid; Resolves the VCG re-solves.
	IRViolations int         `json:"ir_violations"`
	Resolves     int         `json:"resolves"`
	Core         *coreReport `json:"core,omitempty"` // only for core

	total auction.Money
}

// coreReport is the constraint generation of core payments
// (mechanism.CoreStats).
type coreReport struct {
	Parts         int `json:"parts"`
	VCGBlocked    int `json:"vcg_blocked"`
	Constraints   int `json:"constraints"`
	Missed        int `json:"missed"`
	Uncertified   int `json:"uncertified"`
	Separations   int `json:"separations"`
	Heuristic     int `json:"heuristic"`
	NearestFailed int `json:"nearest_failed"`
}

// addPayments adds a payment rule's payments, and a per-item outcome's
// exposures, to the report.
func (r *solveReport) addPayments(in *auction.Instance, pay mechanism.Payments, perItem *mechanism.PerItemOutcome) {
	dec := r.Decimals
	r.Payments = &paymentsReport{Rule: pay.Rule, Total: moneyNumber(pay.Total, dec), Exact: pay.Exact,
		Notes: append([]string{}, pay.Notes...), Seconds: pay.Elapsed.Seconds(), total: pay.Total,
		IRViolations: pay.IRViolations, Resolves: pay.Resolves}
	if c := pay.Core; c != nil {
		r.Payments.Core = &coreReport{Parts: c.Parts, VCGBlocked: c.VCGBlocked, Constraints: c.Constraints,
			Missed: c.Missed, Uncertified: c.Uncertified, Separations: c.Separations, Heuristic: c.Heuristic,
			NearestFailed: c.NearestFailed}
	}
	for b := range r.Bidders {
		if b >= len(pay.ByBidder) {
			break
		}
		n := moneyNumber(pay.ByBidder[b], dec)
		r.Bidders[b].RulePayment, r.Bidders[b].rulePayment = &n, pay.ByBidder[b]
		if perItem != nil {
			x := moneyNumber(perItem.Exposure[b], dec)
			r.Bidders[b].Exposure, r.Bidders[b].exposure = &x, perItem.Exposure[b]
		}
	}
}

type regionReport struct {
	Region   string  `json:"region"`
	Items    int     `json:"items"`
	Capacity int64   `json:"capacity"`
	Volume   float64 `json:"volume"`  // awarded
	Fill     float64 `json:"fill"`    // Volume / Capacity
	Winners  int     `json:"winners"` // bidders awarded volume in the region
}

type statsReport struct {
	Seconds      float64 `json:"seconds"`
	Engine       string  `json:"engine"`
	Threads      int     `json:"threads"`
	Bids         int     `json:"bids"`
	Removed      int     `json:"removed"`
	Components   int     `json:"components"`
	Trivial      int     `json:"trivial"`
	LargestBids  int     `json:"largest_component_bids"`
	Nodes        int64   `json:"nodes"`
	SubNodes     int64   `json:"sub_nodes"`
	LPIterations int64   `json:"lp_iterations"`
	Cuts         int     `json:"cuts"`
}

func newSolveReport(file string, in *auction.Instance, p auction.Policy, res solver.Result) *solveReport {
	cur := in.CurrencyOrDefault()
	dec := cur.Decimals
	st := res.Stats
	r := &solveReport{
		File: file, Auction: in.Name, Status: res.Status, Currency: cur.Code, Decimals: dec,
		Revenue:   moneyNumber(res.Revenue, dec),
		Objective: floatNumber(res.Objective, dec),
		revenue:   res.Revenue, objective: res.Objective, bound: res.Bound,
		Winners: []winnerReport{}, Bidders: []bidderReport{}, Regions: []regionReport{},
		Stats: statsReport{
			Seconds: st.Elapsed.Seconds(), Engine: st.Engine, Threads: st.Threads, Bids: st.Bids,
			Removed: st.Removed, Components: st.Components, Trivial: st.Trivial, LargestBids: st.LargestBids,
			Nodes: st.Nodes, SubNodes: st.SubNodes, LPIterations: st.LPIterations, Cuts: st.Cuts,
		},
	}
	if !math.IsInf(res.Bound, 0) && !math.IsNaN(res.Bound) {
		b := floatNumber(res.Bound, dec)
		r.Bound = &b
		r.gap = relGap(res.Objective, res.Bound)
		r.Gap = &r.gap
	}
	if !p.IsZero() {
		r.Policy = &policyReport{MaxShare: p.MaxShare.String(), MaxItems: p.MaxItems, MinWinners: p.MinWinners, ReserveScale: p.ReserveScale.String()}
	}

	// Winners, grouped by bidder in the instance's order, bids in theirs.
	awards := slices.Clone(res.Allocation.Awards)
	slices.SortStableFunc(awards, func(a, b auction.Award) int {
		if c := in.Bids[a.Bid].Bidder - in.Bids[b.Bid].Bidder; c != 0 {
			return c
		}
		return a.Bid - b.Bid
	})
	wins := make([]int, len(in.Bidders))
	for _, aw := range awards {
		bid := &in.Bids[aw.Bid]
		value, _ := bid.Value()
		w := winnerReport{
			Bid: bid.ID, Bidder: in.Bidders[bid.Bidder].ID, Fraction: aw.Fraction,
			Price: moneyNumber(value, dec), Payment: moneyNumber(in.PayAsBid(aw), dec),
			price: value, payment: in.PayAsBid(aw), Volumes: []itemVolume{},
		}
		if bid.PerUnit {
			rate := moneyNumber(bid.Amount, dec)
			w.Rate = &rate
		}
		for _, d := range bid.Bundle {
			v := awardedVolume(aw.Fraction, d.Volume)
			w.Volumes = append(w.Volumes, itemVolume{Item: in.Items[d.Item].ID, Volume: v})
			w.Volume += v
		}
		wins[bid.Bidder]++
		r.Winners = append(r.Winners, w)
	}

	// Bidders: every one, winners or not.
	pays := in.BidderPayments(res.Allocation)
	vols := in.BidderVolumes(res.Allocation)
	for _, v := range vols {
		r.volume += v
	}
	for b := range in.Bidders {
		br := bidderReport{
			Bidder: in.Bidders[b].ID, Name: in.Bidders[b].Name, Bids: wins[b],
			Payment: moneyNumber(pays[b], dec), payment: pays[b], Volume: vols[b],
		}
		if r.volume > 0 {
			br.Share = vols[b] / r.volume
		}
		r.Bidders = append(r.Bidders, br)
	}

	// Regions: items with a Region, by region name.
	itemVols := in.ItemVolumes(res.Allocation)
	regions := map[string]*regionReport{}
	winners := map[string]map[int]bool{} // region → bidders awarded volume there
	for i, it := range in.Items {
		r.capacity += it.Capacity
		if it.Region == "" {
			continue
		}
		rr := regions[it.Region]
		if rr == nil {
			rr = &regionReport{Region: it.Region}
			regions[it.Region] = rr
			winners[it.Region] = map[int]bool{}
		}
		rr.Items++
		rr.Capacity += it.Capacity
		rr.Volume += itemVols[i]
	}
	for _, aw := range awards {
		bid := &in.Bids[aw.Bid]
		for _, d := range bid.Bundle {
			if reg := in.Items[d.Item].Region; reg != "" {
				winners[reg][bid.Bidder] = true
			}
		}
	}
	for _, name := range sortedKeys(regions) {
		rr := regions[name]
		rr.Winners = len(winners[name])
		rr.Fill = rr.Volume / float64(rr.Capacity)
		r.Regions = append(r.Regions, *rr)
	}
	return r
}

// awardedVolume is fraction × volume, exact when the fraction is 1.
func awardedVolume(f float64, v int64) float64 {
	if f == 1 {
		return float64(v)
	}
	return f * float64(v)
}

// relGap is (bound − objective) / max(|bound|, 1), at least 0: the proven
// distance from optimal, as solver.Result.Gap defines it. Unlike Result.Gap
// it is not set to 0 when the status is optimal, so that an award proven
// only within --gap says how far it may be.
func relGap(objective, bound float64) float64 {
	g := (bound - objective) / max(math.Abs(bound), 1)
	return max(g, 0)
}

// moneyNumber writes an amount in major units, exactly and without
// trailing zeros: 10868400 cents is 108684, 50 cents 0.5.
func moneyNumber(m auction.Money, decimals int) json.Number {
	return json.Number(m.FormatShort(decimals))
}

// floatNumber writes an amount in minor units held as a float64 (an
// objective or a bound) in major units, by moving the decimal point of its
// shortest decimal form, so that no rounding is added: 10868437.5 cents is
// 108684.375.
func floatNumber(x float64, decimals int) json.Number {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if pad := decimals + 1 - len(intPart); pad > 0 {
		intPart = strings.Repeat("0", pad) + intPart
	}
	cut := len(intPart) - decimals
	intPart, frac = intPart[:cut], intPart[cut:]+frac
	frac = strings.TrimRight(frac, "0")
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return json.Number(out)
}

// withinAskedGap reports whether --gap was given and a search the gap (or
// a limit) stopped is within it: the solve counts as done (exit status 0),
// though not proven optimal.
func (r *solveReport) withinAskedGap() bool {
	return r.Status == solver.Feasible && r.askedGap > 0 && r.gap <= r.askedGap
}

// writeText writes the report as tables.
func (r *solveReport) writeText(w io.Writer) {
	dec := r.Decimals
	money := func(m auction.Money) string { return formatMoney(m, dec) }
	status := r.Status.String()
	if r.withinAskedGap() {
		status += fmt.Sprintf(", within the asked gap of %s (not proven optimal)", percent(r.askedGap))
	}
	heuristic := r.Rule != "" && r.Rule != mechanism.RuleOptimal
	switch {
	case heuristic && r.noAward != nil:
		status = fmt.Sprintf("infeasible: the %s rule found no award that meets the rules", r.Rule)
	case heuristic:
		status = fmt.Sprintf("award of the %s rule (not proven optimal)", r.Rule)
	}
	fmt.Fprintf(w, "%s: %s\n", textName(r.File), status)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if r.Auction != "" {
		fmt.Fprintf(tw, "  auction\t%s\n", textName(r.Auction))
	}
	fmt.Fprintf(tw, "  revenue\t%s %s (pay-as-bid)\n", money(r.revenue), textName(r.Currency))
	if p := r.Payments; p != nil {
		flag := ""
		if !p.Exact {
			flag = " (flagged: not to be trusted, see the notes)"
		}
		fmt.Fprintf(tw, "  payments\t%s %s (%s)%s\n", money(p.total), textName(r.Currency), p.Rule, flag)
	}
	switch {
	case heuristic:
		fmt.Fprintf(tw, "  bound\tnone computed by the %s rule\n", r.Rule)
	case r.Bound != nil:
		fmt.Fprintf(tw, "  bound\t%s %s, gap %s\n", floatMoney(r.bound, dec), textName(r.Currency), percent(r.gap))
	default:
		fmt.Fprintf(tw, "  bound\tnone: no award meets the constraints\n")
	}
	if p := r.Policy; p != nil {
		fmt.Fprintf(tw, "  policy\t%s\n", p)
	}
	s := r.Stats
	// A limit can stop the solve before presolve and decomposition: no
	// thread searched, and the market was not split (not "0 components").
	early := s.Threads == 0
	brief := heuristic || r.noAward != nil // no search statistics to show
	switch {
	case brief:
		fmt.Fprintf(tw, "  time\t%.2f s\n", s.Seconds)
	case early:
		fmt.Fprintf(tw, "  time\t%.2f s, %s engine, stopped before the search began\n", s.Seconds, s.Engine)
	default:
		fmt.Fprintf(tw, "  time\t%.2f s, %s engine, %d %s\n", s.Seconds, s.Engine, s.Threads, plural(s.Threads, "thread", "threads"))
	}
	switch {
	case brief:
	case early:
		fmt.Fprintf(tw, "  nodes\t%s (%s LP iterations, %s cuts)\n", thousands(s.Nodes), thousands(s.LPIterations), thousands(int64(s.Cuts)))
		fmt.Fprintf(tw, "  components\tnot split: the limit came before presolve and decomposition (%s bids)\n", thousands(int64(s.Bids)))
	default:
		fmt.Fprintf(tw, "  nodes\t%s (%s LP iterations, %s cuts)\n", thousands(s.Nodes), thousands(s.LPIterations), thousands(int64(s.Cuts)))
		fmt.Fprintf(tw, "  components\t%s (%s solved directly, largest %s bids); presolve removed %s of %s bids\n",
			thousands(int64(s.Components)), thousands(int64(s.Trivial)), thousands(int64(s.LargestBids)),
			thousands(int64(s.Removed)), thousands(int64(s.Bids)))
	}
	nb := 0
	for _, b := range r.Bidders {
		if b.Bids > 0 {
			nb++
		}
	}
	fill := 0.0
	if r.capacity > 0 {
		fill = r.volume / float64(r.capacity)
	}
	fmt.Fprintf(tw, "  winners\t%s %s of %s %s; %s of %s units awarded (%s)\n",
		thousands(int64(len(r.Winners))), plural(len(r.Winners), "bid", "bids"), thousands(int64(nb)), plural(nb, "bidder", "bidders"),
		formatVolume(r.volume), thousands(r.capacity), percent(fill))
	tw.Flush()

	if len(r.Winners) > 0 {
		fmt.Fprintln(w, "\nWinners")
		bw, idw := len("bidder"), len("bid")
		for _, x := range r.Winners {
			bw, idw = max(bw, textWidth(textName(x.Bidder))), max(idw, textWidth(textName(x.Bid)))
		}
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\t%s\tfraction\tprice\tpayment\tvolume\t\n", padRight("bidder", bw), padRight("bid", idw))
		for i, x := range r.Winners {
			who := textName(x.Bidder)
			if i > 0 && r.Winners[i-1].Bidder == x.Bidder {
				who = ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", padRight(who, bw), padRight(textName(x.Bid), idw),
				formatFraction(x.Fraction), money(x.price), money(x.payment), formatVolume(x.Volume))
		}
		tw.Flush()
	}

	fmt.Fprintln(w, "\nBidders")
	bw := len("bidder")
	for _, b := range r.Bidders {
		bw = max(bw, textWidth(textName(b.Bidder)))
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	extra, extraTotal := "", ""
	if p := r.Payments; p != nil {
		extra = "\t" + p.Rule + " payment"
		extraTotal = "\t" + money(p.total)
		if r.Rule == mechanism.RulePerItem {
			extra += "\texposure"
			extraTotal += "\t"
		}
	}
	fmt.Fprintf(tw, "%s\tbids won\tpayment\tvolume\tshare%s\t\n", padRight("bidder", bw), extra)
	for _, b := range r.Bidders {
		cols := ""
		if b.RulePayment != nil {
			cols = "\t" + money(b.rulePayment)
			if b.Exposure != nil {
				cols += "\t" + money(b.exposure)
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s%s\t\n", padRight(textName(b.Bidder), bw), b.Bids, money(b.payment), formatVolume(b.Volume), percent(b.Share), cols)
	}
	share := 0.0
	if r.volume > 0 {
		share = 1
	}
	fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s%s\t\n", padRight("total", bw), len(r.Winners), money(r.revenue), formatVolume(r.volume), percent(share), extraTotal)
	tw.Flush()
	if p := r.Payments; p != nil && len(p.Notes) > 0 {
		fmt.Fprintf(w, "\nPayments (%s)\n", p.Rule)
		for _, n := range p.Notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}

	if len(r.Regions) == 0 {
		return
	}
	fmt.Fprintln(w, "\nRegions")
	rw := len("region")
	for _, x := range r.Regions {
		rw = max(rw, textWidth(textName(x.Region)))
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\titems\tcapacity\tawarded\tfill\twinners\t\n", padRight("region", rw))
	for _, x := range r.Regions {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%d\t\n", padRight(textName(x.Region), rw), x.Items, thousands(x.Capacity),
			formatVolume(x.Volume), percent(x.Fill), x.Winners)
	}
	tw.Flush()
}

// formatMoney writes an amount with thousands separators: 10868400 cents
// is "108,684.00".
func formatMoney(m auction.Money, decimals int) string {
	s := m.Format(decimals)
	intPart, frac, ok := strings.Cut(s, ".")
	n, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return s
	}
	out := thousands(n)
	if n == 0 && strings.HasPrefix(intPart, "-") {
		out = "-0"
	}
	if ok {
		out += "." + frac
	}
	return out
}

// floatMoney writes an amount in minor units held as a float64 in major
// units with the currency's decimals, for display.
func floatMoney(x float64, decimals int) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return fmt.Sprint(x)
	}
	s := strconv.FormatFloat(x/math.Pow10(decimals), 'f', decimals, 64)
	intPart, frac, ok := strings.Cut(s, ".")
	n, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return s
	}
	out := thousands(n)
	if ok {
		out += "." + frac
	}
	return out
}

// formatVolume writes a volume with thousands separators, and up to two
// decimals when a divisible award makes it fractional.
func formatVolume(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	n, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return s
	}
	out := thousands(n)
	if frac = strings.TrimRight(frac, "0"); frac != "" {
		out += "." + frac
	}
	return out
}

// formatFraction writes a fraction with at most four decimals: 1, 0.5,
// 0.6667; a fraction below 1 never shows as 1 (0.99999 is 0.9999), nor one
// above 0 as 0.
func formatFraction(f float64) string {
	s := strconv.FormatFloat(f, 'f', 4, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	switch {
	case s == "1" && f < 1:
		return "0.9999" // not "1": the bid is not awarded in full, and pays less than its price
	case s == "0" && f > 0:
		return strconv.FormatFloat(f, 'g', 2, 64)
	}
	return s
}

// percent writes a ratio as a percentage with two decimals.
func percent(x float64) string {
	return fmt.Sprintf("%.2f%%", 100*x)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
