package bidlang

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/gavelhq/gavel/auction"
)

// WriteBids writes in in the text bid language, in canonical form: the
// auction name and currency, the items, the sets, the rules, then each
// bidder with its bid tree, all in the instance's order, indented by two
// spaces per level, amounts in the currency's decimals without trailing
// zeros, names quoted only when they must be. For an instance that passes
// Validate, reading the output gives back an equal instance (with empty
// slices read as nil), so writing is idempotent. When the
// instance numbers its bids in another order than its bid trees list them,
// a bid-order statement at the end keeps the numbering.
//
// An instance whose structure the language cannot hold (a bid in no bid
// tree or in two, a tree root that is not an or group, an index that names
// nothing) is not written: the error is an *UnrepresentableError. Other
// problems (a negative price, say) are written as they are, and reported
// when the file is read.
func WriteBids(w io.Writer, in *auction.Instance) error {
	if in == nil {
		return errors.New("bidlang: WriteBids of a nil instance")
	}
	bw := &bidsWriter{in: in, dec: min(max(in.CurrencyOrDefault().Decimals, 0), auction.MaxDecimals)}
	bw.check()
	if err := bw.bad.err(FormatBids); err != nil {
		return err
	}
	bw.shorthands()
	bw.w = bufio.NewWriterSize(w, 64<<10)
	bw.write()
	if bw.err != nil {
		return bw.err
	}
	return bw.w.Flush()
}

type bidsWriter struct {
	in    *auction.Instance
	dec   int
	bad   featureSet
	order []int    // bids in the order the trees list them
	short [][]int  // by first item: the sets usable as shorthand in bundles
	names []string // by item: its ID as written in bundles, bare or quoted

	ratios map[auction.Ratio]string // ratios written, and how
	w      *bufio.Writer
	buf    []byte
	err    error
}

// checkUTF8 refuses names that are not valid UTF-8: the reader refuses
// them (a file is UTF-8 text, and JSON could not hold them either).
func (bw *bidsWriter) checkUTF8() {
	in := bw.in
	text := func(s string) {
		if !utf8.ValidString(s) {
			bw.bad.add("text that is not valid UTF-8", strconv.Quote(s))
		}
	}
	text(in.Name)
	text(in.Currency.Code)
	for i := range in.Items {
		it := &in.Items[i]
		text(it.ID)
		text(it.DDU)
		text(it.Window)
		text(it.Region)
	}
	for s := range in.Sets {
		text(in.Sets[s].Name)
	}
	for b := range in.Bidders {
		text(in.Bidders[b].ID)
		text(in.Bidders[b].Name)
	}
	for i := range in.Bids {
		text(in.Bids[i].ID)
	}
}

// check finds what the language cannot express, and the order in which
// the bid trees list the bids.
func (bw *bidsWriter) check() {
	in := bw.in
	bw.checkUTF8()
	for i := range in.Items {
		if l := in.Items[i].Loc; l != nil && !(bidsFinite(l.Lat) && bidsFinite(l.Lon)) {
			bw.bad.add("locations that are not finite numbers", fmt.Sprintf("item %q", in.Items[i].ID))
		}
	}
	for s := range in.Sets {
		for _, it := range in.Sets[s].Items {
			if it < 0 || it >= len(in.Items) {
				bw.bad.add("set members that name no item", fmt.Sprintf("set %q", in.Sets[s].Name))
			}
		}
	}
	for i := range in.Bids {
		for _, d := range in.Bids[i].Bundle {
			if d.Item < 0 || d.Item >= len(in.Items) {
				bw.bad.add("demands that name no item", fmt.Sprintf("bid %q", in.Bids[i].ID))
			}
		}
	}
	owner := make([]int, len(in.Bids))
	for i := range owner {
		owner[i] = -1
	}
	seen := map[*auction.Group]bool{}
	var walk func(b int, g *auction.Group, depth int)
	walk = func(b int, g *auction.Group, depth int) {
		who := func() string { return fmt.Sprintf("bidder %q", in.Bidders[b].ID) } // made only when needed
		if seen[g] || depth > auction.MaxTreeDepth {
			bw.bad.add("groups in more than one place or nested too deep", who())
			return
		}
		seen[g] = true
		if g.Kind > auction.All {
			bw.bad.add("groups of unknown kind", who())
		}
		for _, ch := range g.Children {
			switch {
			case ch.Group != nil:
				walk(b, ch.Group, depth+1)
			case ch.Bid < 0 || ch.Bid >= len(in.Bids):
				bw.bad.add("tree nodes that name no bid", who())
			case owner[ch.Bid] >= 0:
				bw.bad.add("bids in more than one place in the bid trees", fmt.Sprintf("bid %q", in.Bids[ch.Bid].ID))
			default:
				owner[ch.Bid] = b
				bw.order = append(bw.order, ch.Bid)
				if in.Bids[ch.Bid].Bidder != b {
					bw.bad.add("bids in the tree of another bidder", fmt.Sprintf("bid %q", in.Bids[ch.Bid].ID))
				}
			}
		}
	}
	for b := range in.Bidders {
		root := &in.Bidders[b].Tree
		if root.Kind != auction.Or {
			bw.bad.add("bid trees whose root is not an or group", fmt.Sprintf("bidder %q", in.Bidders[b].ID))
		}
		walk(b, root, 0)
	}
	for i, o := range owner {
		if o < 0 {
			bw.bad.add("bids in no bid tree", fmt.Sprintf("bid %q", in.Bids[i].ID))
		}
	}
	if !bw.inOrder() {
		ids := make(map[string]bool, len(in.Bids))
		for i := range in.Bids {
			if ids[in.Bids[i].ID] {
				bw.bad.add("a bid numbering other than the trees' order with repeated bid ids", fmt.Sprintf("bid %q", in.Bids[i].ID))
				break
			}
			ids[in.Bids[i].ID] = true
		}
	}
}

// inOrder reports whether the trees list the bids in index order.
func (bw *bidsWriter) inOrder() bool {
	for k, i := range bw.order {
		if i != k {
			return false
		}
	}
	return true
}

func bidsFinite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func (bw *bidsWriter) line() {
	bw.buf = append(bw.buf, '\n')
	if bw.err == nil {
		_, bw.err = bw.w.Write(bw.buf)
	}
	bw.buf = bw.buf[:0]
}

func (bw *bidsWriter) str(s string)    { bw.buf = append(bw.buf, s...) }
func (bw *bidsWriter) int(n int64)     { bw.buf = strconv.AppendInt(bw.buf, n, 10) }
func (bw *bidsWriter) quoted(s string) { bw.buf = strconv.AppendQuote(bw.buf, s) }

// name writes a name bare when it reads back as itself, else quoted.
func (bw *bidsWriter) name(s string) {
	if bidsIsBare(s) {
		bw.str(s)
	} else {
		bw.quoted(s)
	}
}

func (bw *bidsWriter) money(m auction.Money) { bw.buf = bidsAppendMoney(bw.buf, m, bw.dec) }

// bidsPow10 holds the powers of ten up to 10^MaxDecimals.
var bidsPow10 = func() (p [auction.MaxDecimals + 1]uint64) {
	p[0] = 1
	for k := 1; k < len(p); k++ {
		p[k] = 10 * p[k-1]
	}
	return p
}()

// bidsAppendMoney appends m.FormatShort(dec), without allocating.
func bidsAppendMoney(b []byte, m auction.Money, dec int) []byte {
	dec = min(max(dec, 0), auction.MaxDecimals)
	u := uint64(m)
	if m < 0 {
		b = append(b, '-')
		u = uint64(-(m + 1)) + 1 // safe for math.MinInt64
	}
	whole, frac := u/bidsPow10[dec], u%bidsPow10[dec]
	b = strconv.AppendUint(b, whole, 10)
	if frac == 0 {
		return b
	}
	for frac%10 == 0 {
		frac /= 10
		dec--
	}
	b = append(b, '.')
	for k := dec - 1; k > 0 && frac < bidsPow10[k]; k-- {
		b = append(b, '0')
	}
	return strconv.AppendUint(b, frac, 10)
}

// ratio writes a ratio as bidsFormatRatio does, remembering the first 64
// it writes: the min fractions of a file are mostly the same few.
func (bw *bidsWriter) ratio(r auction.Ratio) {
	s, ok := bw.ratios[r]
	if !ok {
		s = bidsFormatRatio(r)
		if bw.ratios == nil {
			bw.ratios = map[auction.Ratio]string{}
		}
		if len(bw.ratios) < 64 {
			bw.ratios[r] = s
		}
	}
	bw.str(s)
}

func (bw *bidsWriter) indent(depth int) {
	for range depth {
		bw.str("  ")
	}
}

func (bw *bidsWriter) write() {
	in := bw.in
	section := false // something was written: the next section starts with a blank line
	blank := func() {
		if section {
			bw.line()
		}
		section = true
	}
	if in.Name != "" || in.Currency != (auction.Currency{}) {
		blank()
		if in.Name != "" {
			bw.str("auction ")
			bw.quoted(in.Name)
			bw.line()
		}
		if c := in.Currency; c != (auction.Currency{}) {
			bw.str("currency ")
			bw.name(c.Code)
			if d, known := bidsCurrencyDecimals[c.Code]; !known || d != c.Decimals {
				bw.str(" decimals ")
				bw.int(int64(c.Decimals))
			}
			bw.line()
		}
	}
	if len(in.Items) > 0 {
		blank()
		bw.items()
	}
	if len(in.Sets) > 0 {
		blank()
		for s := range in.Sets {
			set := &in.Sets[s]
			bw.str("set ")
			bw.name(set.Name)
			bw.str(" =")
			for _, it := range set.Items {
				bw.str(" ")
				bw.name(in.Items[it].ID)
			}
			bw.line()
		}
	}
	if in.Rules.MaxShare.IsSet() {
		blank()
		bw.str("rule max-share ")
		bw.ratio(in.Rules.MaxShare)
		bw.line()
	}
	if in.Rules.MinWinners != 0 {
		if !in.Rules.MaxShare.IsSet() {
			blank()
		}
		bw.str("rule min-winners ")
		bw.str(strconv.Itoa(in.Rules.MinWinners))
		bw.line()
	}
	for b := range in.Bidders {
		blank()
		bw.bidder(b)
	}
	if !bw.inOrder() {
		blank()
		bw.bidOrder()
	}
}

// items writes the items, one ddu statement for a run of windows of one DDU
// that share their reserve, region and location.
func (bw *bidsWriter) items() {
	in := bw.in
	for i := 0; i < len(in.Items); {
		it := &in.Items[i]
		switch {
		case it.Window == "" && it.ID == it.DDU:
			bw.str("ddu ")
			bw.name(it.ID)
			bw.str(" capacity ")
			bw.int(it.Capacity)
			i++
		case it.Window != "" && it.ID == it.DDU+"."+it.Window:
			bw.str("ddu ")
			bw.name(it.DDU)
			bw.str(" windows")
			j := i
			for ; j < len(in.Items) && bidsSameRun(it, &in.Items[j]); j++ {
				bw.str(" ")
				bw.name(in.Items[j].Window)
				bw.str(":")
				bw.int(in.Items[j].Capacity)
			}
			i = j
		default:
			bw.str("item ")
			bw.name(it.ID)
			bw.str(" capacity ")
			bw.int(it.Capacity)
			if it.DDU != "" {
				bw.str(" ddu ")
				bw.name(it.DDU)
			}
			if it.Window != "" {
				bw.str(" window ")
				bw.name(it.Window)
			}
			i++
		}
		if it.Reserve != 0 {
			bw.str(" reserve ")
			bw.money(it.Reserve)
		}
		if it.Region != "" {
			bw.str(" region ")
			bw.name(it.Region)
		}
		if l := it.Loc; l != nil {
			bw.str(" at ")
			bw.buf = strconv.AppendFloat(bw.buf, l.Lat, 'f', -1, 64)
			bw.str(",")
			bw.buf = strconv.AppendFloat(bw.buf, l.Lon, 'f', -1, 64)
		}
		bw.line()
	}
}

// bidsSameRun reports whether b is a window of a's DDU, written like a, with
// a's attributes.
func bidsSameRun(a, b *auction.Item) bool {
	if b.DDU != a.DDU || b.Window == "" || b.ID != b.DDU+"."+b.Window ||
		b.Reserve != a.Reserve || b.Region != a.Region || (a.Loc == nil) != (b.Loc == nil) {
		return false
	}
	return a.Loc == nil || *a.Loc == *b.Loc
}

func (bw *bidsWriter) bidder(b int) {
	bd := &bw.in.Bidders[b]
	bw.str("bidder ")
	bw.name(bd.ID)
	if bd.Name != "" {
		bw.str(" ")
		bw.quoted(bd.Name)
	}
	if bd.Budget != 0 {
		bw.str(" budget ")
		bw.money(bd.Budget)
	}
	if bd.MinVolume != 0 {
		bw.str(" min-volume ")
		bw.int(bd.MinVolume)
	}
	if bd.MaxVolume != 0 {
		bw.str(" max-volume ")
		bw.int(bd.MaxVolume)
	}
	if bd.MaxItems != 0 {
		bw.str(" max-items ")
		bw.int(int64(bd.MaxItems))
	}
	bw.line()
	bw.nodes(&bd.Tree, 1)
	bw.str("end")
	bw.line()
}

func (bw *bidsWriter) nodes(g *auction.Group, depth int) {
	for _, ch := range g.Children {
		if ch.Group == nil {
			bw.bid(ch.Bid, depth)
			continue
		}
		sub := ch.Group
		bw.indent(depth)
		bw.str(sub.Kind.String())
		if sub.Kind == auction.Choose || sub.Min != 0 || sub.Max != 0 {
			bw.str(" ")
			bw.int(int64(sub.Min))
			bw.str("..")
			bw.int(int64(sub.Max))
		}
		bw.str(" {")
		bw.line()
		bw.nodes(sub, depth+1)
		bw.indent(depth)
		bw.str("}")
		bw.line()
	}
}

func (bw *bidsWriter) bid(i, depth int) {
	in := bw.in
	bid := &in.Bids[i]
	bw.indent(depth)
	bw.str("bid ")
	bw.name(bid.ID)
	if bid.PerUnit {
		bw.str(" rate ")
	} else {
		bw.str(" price ")
	}
	bw.money(bid.Amount)
	bw.str(" {")
	for k := 0; k < len(bid.Bundle); {
		if k > 0 {
			bw.str(",")
		}
		bw.str(" ")
		d := bid.Bundle[k]
		if s := bw.shorthand(bid.Bundle[k:]); s >= 0 {
			bw.name(in.Sets[s].Name)
			bw.str(": ")
			bw.int(d.Volume)
			bw.str(" each")
			k += len(in.Sets[s].Items)
			continue
		}
		bw.str(bw.itemName(d.Item))
		bw.str(": ")
		bw.int(d.Volume)
		k++
	}
	bw.str(" }")
	if bid.MinFraction.IsSet() {
		bw.str(" min ")
		bw.ratio(bid.MinFraction)
	}
	bw.line()
}

// itemName returns item i's ID as a bundle writes it, bare or quoted,
// deciding once per item.
func (bw *bidsWriter) itemName(i int) string {
	if bw.names == nil {
		bw.names = make([]string, len(bw.in.Items))
	}
	if bw.names[i] == "" {
		id := bw.in.Items[i].ID
		if bidsIsBare(id) {
			bw.names[i] = id
		} else {
			bw.names[i] = strconv.Quote(id)
		}
	}
	return bw.names[i]
}

// shorthands indexes the sets that a bundle may name instead of their
// items: sets of two items or more whose name, when read, names the set (no
// item, DDU with windows or earlier set has it).
func (bw *bidsWriter) shorthands() {
	in := bw.in
	taken := make(map[string]bool, len(in.Items))
	for i := range in.Items {
		taken[in.Items[i].ID] = true
		if in.Items[i].Window != "" {
			taken[in.Items[i].DDU] = true
		}
	}
	for s := range in.Sets {
		set := &in.Sets[s]
		if taken[set.Name] {
			continue
		}
		taken[set.Name] = true
		if len(set.Items) < 2 {
			continue
		}
		if bw.short == nil {
			bw.short = make([][]int, len(in.Items))
		}
		bw.short[set.Items[0]] = append(bw.short[set.Items[0]], s)
	}
}

// shorthand returns the longest set whose items start the bundle, each
// with the first demand's volume, or -1.
func (bw *bidsWriter) shorthand(bundle []auction.Demand) int {
	best, bestLen := -1, 0
	if bundle[0].Item >= len(bw.short) {
		return best
	}
	for _, s := range bw.short[bundle[0].Item] {
		items := bw.in.Sets[s].Items
		if len(items) <= bestLen || len(items) > len(bundle) {
			continue
		}
		match := true
		for j, it := range items {
			if bundle[j].Item != it || bundle[j].Volume != bundle[0].Volume {
				match = false
				break
			}
		}
		if match {
			best, bestLen = s, len(items)
		}
	}
	return best
}

// bidOrder writes the bid-order statement, about 100 columns a line. An ID
// that is a statement keyword is quoted, since a line may start with it.
func (bw *bidsWriter) bidOrder() {
	bw.str("bid-order {")
	bw.line()
	bw.indent(1)
	for k := range bw.in.Bids {
		if len(bw.buf) > 100 {
			bw.line()
			bw.indent(1)
		} else if k > 0 {
			bw.str(" ")
		}
		id := bw.in.Bids[k].ID
		if isStatementKeyword(id) {
			bw.quoted(id)
		} else {
			bw.name(id)
		}
	}
	bw.line()
	bw.str("}")
	bw.line()
}
