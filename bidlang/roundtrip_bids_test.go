package bidlang

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
)

// bidsGen builds random valid instances that use every construct of the
// model: item forms, windows, regions, locations, sets (with repeats and
// empty ones), currencies, rules, bidder limits, nested groups of every
// kind, divisible and per-unit bids, odd names and bids numbered in
// another order than their trees.
type bidsGen struct {
	r    *rand.Rand
	used map[string]bool
}

// Names of every shape: bare words, keywords, numbers, and names that need
// quotes.
var bidsGenNames = []string{
	"end", "bid", "all", "price", "rate", "each", "min", "set", "windows", "at", "bidder", "xor", "choose",
	"90210", "007", "x-1", "a_b", "café", "Zürich", "東京", "w.1",
	"a b", `q"uote`, "-5", ".x", "a..b", "tab\there", "#hash", "{", "a:b", "x,y", "new\nline", "é ", "a-",
}

func (g *bidsGen) name(prefix string) string {
	for {
		var s string
		switch g.r.IntN(4) {
		case 0:
			s = bidsGenNames[g.r.IntN(len(bidsGenNames))]
		default:
			s = fmt.Sprintf("%s%d", prefix, g.r.IntN(1000))
		}
		if !g.used[s] {
			g.used[s] = true
			return s
		}
	}
}

func (g *bidsGen) money(dec int, maxUnits int) auction.Money {
	scale := int64(1)
	for range dec {
		scale *= 10
	}
	return auction.Money(1 + g.r.Int64N(int64(maxUnits)*scale))
}

func (g *bidsGen) ratio() auction.Ratio {
	switch g.r.IntN(4) {
	case 0:
		return auction.Ratio{Num: 1, Den: 1}
	case 1:
		den := int64(1 + g.r.IntN(12))
		return auction.Ratio{Num: 1 + g.r.Int64N(den), Den: den} // kept as written, maybe unreduced
	default:
		r, err := auction.ParseRatio(fmt.Sprintf("0.%d", 1+g.r.IntN(999)))
		if err != nil {
			panic(err)
		}
		return r
	}
}

func (g *bidsGen) instance() *auction.Instance {
	g.used = map[string]bool{}
	in := &auction.Instance{}
	if g.r.IntN(2) == 0 {
		in.Name = []string{"Q3", "USPS DDU access 2026-Q3", `with "quotes"`, "☃ snow", "tab\tnew\nline"}[g.r.IntN(5)]
	}
	in.Currency = []auction.Currency{{}, {Code: "USD", Decimals: 2}, {Code: "JPY"}, {Code: "KWD", Decimals: 3},
		{Code: "XYZ", Decimals: 4}, {Code: "USD", Decimals: 5}, {Code: "", Decimals: 1}}[g.r.IntN(7)]
	dec := in.CurrencyOrDefault().Decimals

	// Items: whole DDUs, runs of windows, general items.
	windowDDUs := map[string]bool{}
	for len(in.Items) < 1+g.r.IntN(10) {
		var region string
		if g.r.IntN(3) == 0 {
			region = []string{"LA", "NYC", "LA basin", "east-1"}[g.r.IntN(4)]
		}
		var loc *auction.LatLon
		if g.r.IntN(3) == 0 {
			loc = &auction.LatLon{Lat: g.r.Float64()*180 - 90, Lon: float64(g.r.IntN(360_000_000)-180_000_000) / 1e6}
		}
		var reserve auction.Money
		if g.r.IntN(2) == 0 {
			reserve = g.money(dec, 2)
		}
		capacity := int64(1 + g.r.IntN(5000))
		switch g.r.IntN(3) {
		case 0:
			id := g.name("D")
			in.Items = append(in.Items, auction.Item{ID: id, DDU: id, Capacity: capacity, Reserve: reserve, Region: region, Loc: loc})
		case 1:
			ddu := g.name("W")
			windowDDUs[ddu] = true
			for k := range 1 + g.r.IntN(3) {
				w := []string{"am", "pm", "eve", "night", "a m", "end"}[(k+g.r.IntN(2))%6]
				if g.used[ddu+"."+w] {
					continue
				}
				g.used[ddu+"."+w] = true
				in.Items = append(in.Items, auction.Item{ID: ddu + "." + w, DDU: ddu, Window: w,
					Capacity: capacity + int64(k), Reserve: reserve, Region: region, Loc: loc})
				if g.r.IntN(3) == 0 {
					reserve = g.money(dec, 2) // the next window differs
				}
			}
		default:
			it := auction.Item{ID: g.name("g"), Capacity: capacity, Reserve: reserve, Region: region, Loc: loc}
			if g.r.IntN(2) == 0 {
				it.DDU = g.name("P")
			}
			if g.r.IntN(3) == 0 {
				it.Window = "w"
				if it.DDU != "" {
					windowDDUs[it.DDU] = true
					g.used[it.DDU] = true
				}
			}
			in.Items = append(in.Items, it)
		}
	}
	for d := range windowDDUs {
		g.used[d] = true // a set may not take a DDU's name
	}

	for range g.r.IntN(4) {
		set := auction.ItemSet{Name: g.name("S")}
		for range g.r.IntN(4) {
			set.Items = append(set.Items, g.r.IntN(len(in.Items))) // repeats are a warning only
		}
		in.Sets = append(in.Sets, set)
	}
	if g.r.IntN(2) == 0 {
		in.Rules.MaxShare = g.ratio()
	}
	if g.r.IntN(3) == 0 {
		in.Rules.MinWinners = 1 + g.r.IntN(3)
	}

	for b := range 1 + g.r.IntN(4) {
		bd := auction.Bidder{ID: g.name("b"), Tree: auction.Group{Kind: auction.Or}}
		if g.r.IntN(2) == 0 {
			bd.Name = []string{"Walmart Inc.", "UPS — Ground", `"Q"`, "", "Café ☕"}[g.r.IntN(5)]
		}
		if g.r.IntN(3) == 0 {
			bd.Budget = g.money(dec, 1_000_000)
		}
		if g.r.IntN(3) == 0 {
			bd.MaxVolume = int64(1 + g.r.IntN(10000))
		}
		if g.r.IntN(3) == 0 {
			bd.MinVolume = int64(1 + g.r.IntN(10))
		}
		if g.r.IntN(4) == 0 {
			bd.MaxItems = 1 + g.r.IntN(5)
		}
		in.Bidders = append(in.Bidders, bd)
		g.children(in, b, &in.Bidders[b].Tree, 0, dec)
	}
	if len(in.Bids) > 1 && g.r.IntN(3) == 0 {
		g.shuffleBids(in)
	}
	return in
}

// children fills a group with bids and nested groups.
func (g *bidsGen) children(in *auction.Instance, b int, grp *auction.Group, depth, dec int) {
	n := g.r.IntN(4)
	if depth > 0 {
		n++ // nested groups may not be empty
	}
	for range n {
		if depth < 3 && g.r.IntN(4) == 0 {
			sub := &auction.Group{Kind: auction.GroupKind(g.r.IntN(4))}
			g.children(in, b, sub, depth+1, dec)
			if sub.Kind == auction.Choose {
				sub.Max = 1 + g.r.IntN(len(sub.Children))
				sub.Min = g.r.IntN(sub.Max + 1)
			} else if g.r.IntN(8) == 0 {
				sub.Min, sub.Max = 1, 2 // ignored, with a warning
			}
			grp.Children = append(grp.Children, auction.Node{Group: sub})
			continue
		}
		grp.Children = append(grp.Children, auction.Node{Bid: len(in.Bids)})
		in.Bids = append(in.Bids, g.bid(in, b, dec))
	}
}

func (g *bidsGen) bid(in *auction.Instance, b, dec int) auction.Bid {
	bid := auction.Bid{ID: g.name("x"), Bidder: b, PerUnit: g.r.IntN(3) == 0}
	bid.Amount = g.money(dec, 100000)
	if bid.PerUnit {
		bid.Amount = g.money(dec, 5)
	}
	if len(in.Sets) > 0 && g.r.IntN(3) == 0 {
		// A bundle that a set may abbreviate.
		set := in.Sets[g.r.IntN(len(in.Sets))]
		seen := map[int]bool{}
		vol := int64(1 + g.r.IntN(50))
		for _, it := range set.Items {
			if !seen[it] {
				seen[it] = true
				bid.Bundle = append(bid.Bundle, auction.Demand{Item: it, Volume: vol})
			}
		}
	}
	for _, it := range g.r.Perm(len(in.Items))[:1+g.r.IntN(min(4, len(in.Items)))] {
		dup := false
		for _, d := range bid.Bundle {
			dup = dup || d.Item == it
		}
		if !dup {
			bid.Bundle = append(bid.Bundle, auction.Demand{Item: it, Volume: int64(1 + g.r.IntN(int(in.Items[it].Capacity)))})
		}
	}
	if g.r.IntN(3) == 0 {
		bid.MinFraction = g.ratio()
	}
	return bid
}

// shuffleBids numbers the bids in a random order, as a JSON file may.
func (g *bidsGen) shuffleBids(in *auction.Instance) {
	perm := g.r.Perm(len(in.Bids)) // new index of each old bid
	bids := make([]auction.Bid, len(in.Bids))
	for old, k := range perm {
		bids[k] = in.Bids[old]
	}
	in.Bids = bids
	for b := range in.Bidders {
		bidsRenumber(&in.Bidders[b].Tree, perm)
	}
}

func TestBidsRoundTripRandom(t *testing.T) {
	g := &bidsGen{r: rand.New(rand.NewPCG(2026, 7))}
	reordered := 0
	for n := range 1500 {
		in := g.instance()
		require.NoError(t, in.Validate(), "generator bug, instance %d", n)
		var out bytes.Buffer
		require.NoError(t, WriteBids(&out, in), "instance %d", n)
		if strings.Contains(out.String(), "\nbid-order {") {
			reordered++
		}
		back, list := ReadBids("rt.bids", out.Bytes())
		if !assert.NotNil(t, back, "instance %d:\n%s\n%s", n, bidsListString(list), out.String()) {
			return
		}
		if !assert.Equal(t, in, back, "instance %d:\n%s", n, out.String()) {
			return
		}
		again := bidsMustWrite(t, back)
		if !assert.Equal(t, out.String(), string(again), "instance %d: writing is idempotent", n) {
			return
		}
	}
	assert.Positive(t, reordered, "some instances need bid-order")
}

func TestWriteBidsRefuses(t *testing.T) {
	base := func() *auction.Instance {
		return &auction.Instance{
			Items:   []auction.Item{{ID: "D1", DDU: "D1", Capacity: 10}},
			Bidders: []auction.Bidder{{ID: "a", Tree: auction.Group{Kind: auction.Or, Children: []auction.Node{{Bid: 0}}}}},
			Bids:    []auction.Bid{{ID: "x", Bundle: []auction.Demand{{Item: 0, Volume: 1}}, Amount: 5}},
		}
	}
	cyclic := &auction.Group{Kind: auction.Xor}
	cyclic.Children = []auction.Node{{Group: cyclic}}
	tests := []struct {
		name   string
		change func(in *auction.Instance)
		want   string
	}{
		{"bid in no tree", func(in *auction.Instance) { in.Bidders[0].Tree.Children = nil }, "bids in no bid tree"},
		{"bid twice", func(in *auction.Instance) {
			in.Bidders[0].Tree.Children = append(in.Bidders[0].Tree.Children, auction.Node{Bid: 0})
		}, "more than one place"},
		{"root not or", func(in *auction.Instance) { in.Bidders[0].Tree.Kind = auction.Xor }, "root is not an or group"},
		{"bad bid index", func(in *auction.Instance) { in.Bidders[0].Tree.Children[0].Bid = 7 }, "name no bid"},
		{"bad item index", func(in *auction.Instance) { in.Bids[0].Bundle[0].Item = -1 }, "demands that name no item"},
		{"bad set member", func(in *auction.Instance) { in.Sets = []auction.ItemSet{{Name: "S", Items: []int{3}}} }, "set members"},
		{"cyclic group", func(in *auction.Instance) {
			in.Bidders[0].Tree.Children = append(in.Bidders[0].Tree.Children, auction.Node{Group: cyclic})
		}, "more than one place or nested too deep"},
		{"other bidder's bid", func(in *auction.Instance) { in.Bids[0].Bidder = 3 }, "tree of another bidder"},
		{"unknown kind", func(in *auction.Instance) {
			in.Bidders[0].Tree.Children = append(in.Bidders[0].Tree.Children, auction.Node{Group: &auction.Group{Kind: 9}})
		}, "unknown kind"},
		{"NaN location", func(in *auction.Instance) { in.Items[0].Loc = &auction.LatLon{Lat: 0 / func() float64 { return 0 }()} }, "not finite"},
		{"name not UTF-8", func(in *auction.Instance) { in.Bidders[0].Name = "caf\xe9" }, `text that is not valid UTF-8 (1, e.g. "caf\xe9")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.change(in)
			var out bytes.Buffer
			err := WriteBids(&out, in)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrNotRepresentable)
			assert.Contains(t, err.Error(), tt.want)
			assert.Zero(t, out.Len(), "nothing is written")
		})
	}
	assert.Error(t, WriteBids(&bytes.Buffer{}, nil))
}

// TestWriteBidsInvalidButExpressible writes instances the model rejects
// but the language can hold: reading them back reports the problem.
func TestWriteBidsInvalidButExpressible(t *testing.T) {
	in := &auction.Instance{
		Items:   []auction.Item{{ID: "D1", DDU: "D1", Capacity: -10, Reserve: -1}},
		Bidders: []auction.Bidder{{ID: "a", Budget: -3, Tree: auction.Group{Kind: auction.Or, Children: []auction.Node{{Bid: 0}}}}},
		Bids:    []auction.Bid{{ID: "x", Bundle: []auction.Demand{{Item: 0, Volume: -1}}, Amount: -5}},
	}
	out := bidsMustWrite(t, in)
	assert.Equal(t, "ddu D1 capacity -10 reserve -0.01\n\nbidder a budget -0.03\n  bid x price -0.05 { D1: -1 }\nend\n", string(out))
	back, list := ReadBids("bad.bids", out)
	assert.Nil(t, back)
	assert.ErrorIs(t, list.Err(), auction.ErrNegative)
}

type bidsFailWriter struct{ n int }

func (w *bidsFailWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, fmt.Errorf("disk full")
	}
	return len(p), nil
}

func TestWriteBidsWriterError(t *testing.T) {
	big := &auction.Instance{Items: []auction.Item{{ID: "D1", DDU: "D1", Capacity: 10}}, Bidders: []auction.Bidder{{ID: "a", Tree: auction.Group{Kind: auction.Or}}}}
	for i := range 5000 {
		big.Bids = append(big.Bids, auction.Bid{ID: fmt.Sprint("x", i), Amount: 1, Bundle: []auction.Demand{{Volume: 1}}})
		big.Bidders[0].Tree.Children = append(big.Bidders[0].Tree.Children, auction.Node{Bid: i})
	}
	err := WriteBids(&bidsFailWriter{n: 1000}, big)
	assert.EqualError(t, err, "disk full")
}
