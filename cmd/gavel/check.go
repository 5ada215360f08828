package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/bidlang"
	"github.com/spf13/pflag"
)

type checkOptions struct {
	format string
	json   bool
}

func checkCmd() *command {
	return &command{
		name:     "check",
		summary:  "validate bid files and summarize them",
		synopsis: "gavel check [--format F] [--json] FILE...",
		help: `Check reads each FILE (or - for standard input), reports every problem it
finds on standard error as file:line:col: message, and, when all files are
valid, prints a summary of each: items, DDUs and tender windows, capacity,
bidders, bids, groups, rules, and demanded volume against capacity per
region. Warnings (a bid that can never win, a constraint that cannot be met)
are printed but do not make a file invalid.

The format is taken from --format, else from the extension (.bids, .json,
.txt or .cats), else guessed from the content.

Examples:
  gavel check examples/los-angeles.bids
  gavel check --json auction.json
  cat bids.txt | gavel check --format cats -
` + exitStatusHelp,
		flags: func(fs *pflag.FlagSet) any {
			o := &checkOptions{}
			fs.StringVar(&o.format, "format", "", "input format: bids, json or cats (default: from the extension or content)")
			fs.BoolVar(&o.json, "json", false, "print the summaries as one JSON document")
			return o
		},
		run: runCheck,
	}
}

func runCheck(e *env, opts any, args []string) int {
	o := opts.(*checkOptions)
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "gavel check: want at least one FILE (or - for standard input)")
		return exitUsage
	}
	if code, ok := checkFormatFlag(e, "check", o.format); !ok {
		return code
	}
	if n := countStdin(args); n > 1 {
		fmt.Fprintf(e.stderr, "gavel check: - (standard input) is named %d times; it can be read once\n", n)
		return exitUsage
	}
	code := exitOK
	var summaries []checkSummary
	for _, path := range args {
		in, err := loadInstance(e, path, o.format)
		if err != nil {
			if c := reportLoadError(e, "check", err); c > code || code == exitOK {
				code = c
			}
			continue
		}
		summaries = append(summaries, summarize(displayName(path), in))
	}
	if code != exitOK {
		return code
	}
	var buf bytes.Buffer
	if o.json {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // "<stdin>", names with & or <, as solve and bench write them
		if err := enc.Encode(map[string]any{"files": summaries}); err != nil {
			fmt.Fprintf(e.stderr, "gavel check: %v\n", err)
			return exitFailure
		}
	} else {
		for i, s := range summaries {
			if i > 0 {
				buf.WriteString("\n")
			}
			s.writeText(&buf)
		}
	}
	return flush(e, &buf)
}

func checkFormatFlag(e *env, cmd, format string) (int, bool) {
	if format == "" {
		return 0, true
	}
	if _, err := bidlang.ParseFormat(format); err != nil {
		fmt.Fprintf(e.stderr, "gavel %s: --format: %v\n", cmd, err)
		return exitUsage, false
	}
	return 0, true
}

func countStdin(args []string) int {
	n := 0
	for _, a := range args {
		if a == "-" {
			n++
		}
	}
	return n
}

// checkSummary is what gavel check reports about one valid file.
type checkSummary struct {
	File         string          `json:"file"`
	Auction      string          `json:"auction,omitempty"`
	Currency     string          `json:"currency"`
	Decimals     int             `json:"decimals"`
	Items        int             `json:"items"`
	DDUs         int             `json:"ddus"`
	Windows      int             `json:"windows"`
	Capacity     int64           `json:"capacity"`
	Bidders      int             `json:"bidders"`
	Bids         int             `json:"bids"`
	AllOrNothing int             `json:"all_or_nothing"`
	Divisible    int             `json:"divisible"`
	PerUnit      int             `json:"per_unit"`
	Groups       map[string]int  `json:"groups"`
	MaxDepth     int             `json:"max_depth"`
	Rules        map[string]any  `json:"rules,omitempty"`
	Demand       int64           `json:"demand"`
	MaxRatio     float64         `json:"max_demand_ratio"`
	MaxRatioItem string          `json:"max_demand_item,omitempty"`
	Regions      []regionSummary `json:"regions"`
}

type regionSummary struct {
	Region       string  `json:"region"`
	Items        int     `json:"items"`
	Capacity     int64   `json:"capacity"`
	Demand       int64   `json:"demand"`
	MaxRatio     float64 `json:"max_demand_ratio"`
	MaxRatioItem string  `json:"max_demand_item,omitempty"`
}

func summarize(path string, in *auction.Instance) checkSummary {
	st := in.Stats()
	cur := in.CurrencyOrDefault()
	itemID := func(i int) string {
		if i >= 0 && i < len(in.Items) {
			return in.Items[i].ID
		}
		return ""
	}
	s := checkSummary{
		File: path, Auction: in.Name, Currency: cur.Code, Decimals: cur.Decimals,
		Items: st.Items, DDUs: st.DDUs, Windows: st.Windows, Capacity: st.Capacity,
		Bidders: st.Bidders, Bids: st.Bids, AllOrNothing: st.AllOrNothing, Divisible: st.Divisible,
		PerUnit: st.PerUnit, Groups: map[string]int{}, MaxDepth: st.MaxDepth,
		Demand: st.Demand, MaxRatio: st.MaxRatio, MaxRatioItem: itemID(st.MaxRatioItem),
	}
	for k := auction.Xor; k <= auction.All; k++ {
		s.Groups[k.String()] = st.Groups[k]
	}
	if in.Rules.MaxShare.IsSet() {
		s.Rules = map[string]any{"max-share": in.Rules.MaxShare.String()}
	}
	for _, r := range st.Regions {
		s.Regions = append(s.Regions, regionSummary{
			Region: r.Region, Items: r.Items, Capacity: r.Capacity, Demand: r.Demand,
			MaxRatio: r.MaxRatio, MaxRatioItem: itemID(r.MaxRatioItem),
		})
	}
	return s
}

func (s checkSummary) writeText(w io.Writer) {
	fmt.Fprintf(w, "%s: valid\n", textName(s.File))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if s.Auction != "" {
		fmt.Fprintf(tw, "  auction\t%s\n", textName(s.Auction))
	}
	fmt.Fprintf(tw, "  currency\t%s (%d decimals)\n", textName(s.Currency), s.Decimals)
	fmt.Fprintf(tw, "  items\t%s (%s DDUs, %s tender windows), capacity %s units\n",
		thousands(int64(s.Items)), thousands(int64(s.DDUs)), thousands(int64(s.Windows)), thousands(s.Capacity))
	fmt.Fprintf(tw, "  bidders\t%s\n", thousands(int64(s.Bidders)))
	fmt.Fprintf(tw, "  bids\t%s (%s all-or-nothing, %s divisible; %s priced per unit)\n",
		thousands(int64(s.Bids)), thousands(int64(s.AllOrNothing)), thousands(int64(s.Divisible)), thousands(int64(s.PerUnit)))
	var groups []string
	for k := auction.Xor; k <= auction.All; k++ {
		if n := s.Groups[k.String()]; n > 0 {
			groups = append(groups, fmt.Sprintf("%s %s", thousands(int64(n)), k))
		}
	}
	if len(groups) == 0 {
		groups = []string{"none"}
	}
	fmt.Fprintf(tw, "  groups\t%s; max depth %d\n", strings.Join(groups, ", "), s.MaxDepth)
	if v, ok := s.Rules["max-share"]; ok {
		fmt.Fprintf(tw, "  rules\tmax-share %v\n", v)
	}
	ratio := 0.0
	if s.Capacity > 0 {
		ratio = float64(s.Demand) / float64(s.Capacity)
	}
	fmt.Fprintf(tw, "  demand\t%s units (%.2f × capacity)", thousands(s.Demand), ratio)
	if s.MaxRatioItem != "" {
		fmt.Fprintf(tw, "; most demanded item %s at %.2f × capacity", textName(s.MaxRatioItem), s.MaxRatio)
	}
	fmt.Fprintln(tw)
	tw.Flush()
	if len(s.Regions) == 0 {
		return
	}
	fmt.Fprintln(w)
	// Right-aligned numbers; region names padded so that they read left-aligned.
	width := len("region")
	for _, r := range s.Regions {
		width = max(width, textWidth(textName(r.Region)))
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  %s\titems\tcapacity\tdemand\tdemand/capacity\t  most demanded item\n", padRight("region", width))
	for _, r := range s.Regions {
		rr := 0.0
		if r.Capacity > 0 {
			rr = float64(r.Demand) / float64(r.Capacity)
		}
		most := "-"
		if r.MaxRatioItem != "" {
			most = fmt.Sprintf("%s (%.2f×)", textName(r.MaxRatioItem), r.MaxRatio)
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%.2f\t  %s\n", padRight(textName(r.Region), width), r.Items, thousands(r.Capacity), thousands(r.Demand), rr, most)
	}
	tw.Flush()
}

// thousands formats n with comma separators: 1234567 → "1,234,567".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
