package bidlang

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/gavelhq/gavel/auction"
)

// WriteJSON writes in as one canonical JSON document (schema.md): fields in
// a fixed order, zero-valued optional fields left out, amounts as decimal
// strings with the currency's decimals, and 2-space indentation where a
// value does not fit on one line of 100 columns. The output is
// deterministic, and ReadJSON gives back an instance equal to in for every
// valid instance (empty slices come back as nil).
//
// WriteJSON refuses, without writing anything, an instance it cannot write
// faithfully: an index that names nothing, a currency with more than 9
// decimals, a bid tree whose root is not an or group, a string that is not
// UTF-8, a location that is not finite, min and max on a group other than
// choose (JSON has no place for them). The error then matches
// ErrNotRepresentable under errors.Is.
func WriteJSON(w io.Writer, in *auction.Instance) error {
	if in == nil {
		return errors.New("bidlang: WriteJSON: nil instance")
	}
	e := &jsonEncoder{in: in}
	root := e.instance()
	if e.err != nil {
		return &jsonRefusal{e.err}
	}
	var p jsonPrinter
	p.value(root, 0, 0, 0)
	if p.err != nil {
		return &jsonRefusal{p.err}
	}
	p.buf = append(p.buf, '\n')
	_, err := w.Write(p.buf)
	return err
}

// jsonRefusal is WriteJSON's error for an instance it cannot write
// faithfully, worded like the other writers' refusals ("cannot write json:
// ..."); it matches ErrNotRepresentable and the reason under errors.Is.
type jsonRefusal struct{ reason error }

func (r *jsonRefusal) Error() string   { return "cannot write json: " + r.reason.Error() }
func (r *jsonRefusal) Unwrap() []error { return []error{ErrNotRepresentable, r.reason} }

// jsonEncoder turns an instance into a jsonValue tree; it keeps the first
// reason the instance cannot be written.
type jsonEncoder struct {
	in       *auction.Instance
	decimals int
	err      error
}

func (e *jsonEncoder) fail(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf(format, args...)
	}
}

func jStr(s string) *jsonValue { return &jsonValue{kind: jsonString, text: s} }
func jInt(n int64) *jsonValue  { return &jsonValue{kind: jsonNumber, text: strconv.FormatInt(n, 10)} }
func jObj() *jsonValue         { return &jsonValue{kind: jsonObject} }
func jArr() *jsonValue         { return &jsonValue{kind: jsonArray} }
func (v *jsonValue) add(key string, val *jsonValue) {
	v.members = append(v.members, jsonMember{key: key, val: val})
}
func (v *jsonValue) push(val *jsonValue) { v.elems = append(v.elems, val) }

func (e *jsonEncoder) money(m auction.Money) *jsonValue { return jStr(m.Format(e.decimals)) }

func (e *jsonEncoder) float(f float64, what string) *jsonValue {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		e.fail("%s %v is not a finite number", what, f)
	}
	return &jsonValue{kind: jsonNumber, text: strconv.FormatFloat(f, 'g', -1, 64)}
}

// jsonFormatRatio writes a ratio as the decimal ParseRatio reads back to the
// same value, or else exactly as "num/den".
func jsonFormatRatio(r auction.Ratio) string {
	s := r.String()
	if back, err := auction.ParseRatio(s); err == nil && back == r {
		return s
	}
	return fmt.Sprintf("%d/%d", r.Num, r.Den)
}

func (e *jsonEncoder) itemID(i int, what string) *jsonValue {
	if i < 0 || i >= len(e.in.Items) {
		e.fail("%s names item %d, which does not exist", what, i)
		return jStr("")
	}
	return jStr(e.in.Items[i].ID)
}

func (e *jsonEncoder) instance() *jsonValue {
	in := e.in
	cur := in.CurrencyOrDefault()
	if cur.Decimals < 0 || cur.Decimals > auction.MaxDecimals {
		e.fail("currency decimals %d out of range 0..%d", cur.Decimals, auction.MaxDecimals)
	}
	e.decimals = cur.Decimals
	root := jObj()
	root.add("format", jStr(JSONVersion))
	if in.Name != "" {
		root.add("name", jStr(in.Name))
	}
	if in.Currency != (auction.Currency{}) {
		c := jObj()
		if in.Currency.Code != "" {
			c.add("code", jStr(in.Currency.Code))
		}
		c.add("decimals", jInt(int64(in.Currency.Decimals)))
		root.add("currency", c)
	}
	if in.Rules.MaxShare.IsSet() || in.Rules.MinWinners != 0 {
		r := jObj()
		if in.Rules.MaxShare.IsSet() {
			r.add("max_share", jStr(jsonFormatRatio(in.Rules.MaxShare)))
		}
		if in.Rules.MinWinners != 0 {
			r.add("min_winners", jInt(int64(in.Rules.MinWinners)))
		}
		root.add("rules", r)
	}
	items := jArr()
	for _, it := range in.Items {
		items.push(e.item(it))
	}
	root.add("items", items)
	if len(in.Sets) > 0 {
		sets := jArr()
		for _, s := range in.Sets {
			o, refs := jObj(), jArr()
			o.add("name", jStr(s.Name))
			for _, i := range s.Items {
				refs.push(e.itemID(i, fmt.Sprintf("set %q", s.Name)))
			}
			o.add("items", refs)
			sets.push(o)
		}
		root.add("sets", sets)
	}
	byBidder := make([][]int, len(in.Bidders))
	for i, b := range in.Bids {
		if b.Bidder < 0 || b.Bidder >= len(in.Bidders) {
			e.fail("bid %q names bidder %d, which does not exist", b.ID, b.Bidder)
			continue
		}
		byBidder[b.Bidder] = append(byBidder[b.Bidder], i)
	}
	if len(in.Bidders) > 0 {
		bidders := jArr()
		for i := range in.Bidders {
			bidders.push(e.bidder(&in.Bidders[i], byBidder[i]))
		}
		root.add("bidders", bidders)
	}
	if len(in.Bids) > 0 {
		bids := jArr()
		for i := range in.Bids {
			bids.push(e.bid(&in.Bids[i]))
		}
		root.add("bids", bids)
	}
	return root
}

func (e *jsonEncoder) item(it auction.Item) *jsonValue {
	o := jObj()
	o.add("id", jStr(it.ID))
	if it.DDU != it.ID {
		o.add("ddu", jStr(it.DDU))
	}
	if it.Window != "" {
		o.add("window", jStr(it.Window))
	}
	o.add("capacity", jInt(it.Capacity))
	if it.Reserve != 0 {
		o.add("reserve", e.money(it.Reserve))
	}
	if it.Region != "" {
		o.add("region", jStr(it.Region))
	}
	if it.Loc != nil {
		loc := jObj()
		loc.add("lat", e.float(it.Loc.Lat, "latitude"))
		loc.add("lon", e.float(it.Loc.Lon, "longitude"))
		o.add("loc", loc)
	}
	return o
}

func (e *jsonEncoder) bidder(b *auction.Bidder, bids []int) *jsonValue {
	o := jObj()
	o.add("id", jStr(b.ID))
	if b.Name != "" {
		o.add("name", jStr(b.Name))
	}
	if b.Budget != 0 {
		o.add("budget", e.money(b.Budget))
	}
	if b.MinVolume != 0 {
		o.add("min_volume", jInt(b.MinVolume))
	}
	if b.MaxVolume != 0 {
		o.add("max_volume", jInt(b.MaxVolume))
	}
	if b.MaxItems != 0 {
		o.add("max_items", jInt(int64(b.MaxItems)))
	}
	if b.Tree.Kind != auction.Or {
		e.fail("bidder %q: the root of its bid tree is %s; it must be or", b.ID, b.Tree.Kind)
	}
	if !jsonDefaultTree(&b.Tree, bids) {
		o.add("tree", e.nodes(b.Tree.Children))
	}
	return o
}

// jsonDefaultTree reports whether a tree is what a reader builds when the
// "tree" field is left out: the bidder's bids, in order, under an Or root.
func jsonDefaultTree(g *auction.Group, bids []int) bool {
	if g.Kind != auction.Or || len(g.Children) != len(bids) || g.Min != 0 || g.Max != 0 {
		return false
	}
	if len(bids) == 0 {
		return g.Children == nil
	}
	for i, n := range g.Children {
		if n.Group != nil || n.Bid != bids[i] {
			return false
		}
	}
	return true
}

func (e *jsonEncoder) nodes(children []auction.Node) *jsonValue {
	a := jArr()
	for _, n := range children {
		if n.Group != nil {
			a.push(e.group(n.Group))
			continue
		}
		if n.Bid < 0 || n.Bid >= len(e.in.Bids) {
			e.fail("a bid tree names bid %d, which does not exist", n.Bid)
			continue
		}
		a.push(jStr(e.in.Bids[n.Bid].ID))
	}
	return a
}

func (e *jsonEncoder) group(g *auction.Group) *jsonValue {
	o := jObj()
	switch g.Kind {
	case auction.Or, auction.Xor, auction.All:
		if g.Min != 0 || g.Max != 0 {
			e.fail("an %s group has min and max %d..%d, which only a choose group can hold (the model ignores them: drop them, or make it a choose group)", g.Kind, g.Min, g.Max)
		}
		o.add(g.Kind.String(), e.nodes(g.Children))
	case auction.Choose:
		c := jObj()
		c.add("min", jInt(int64(g.Min)))
		c.add("max", jInt(int64(g.Max)))
		c.add("of", e.nodes(g.Children))
		o.add("choose", c)
	default:
		e.fail("a bid tree has a group of unknown kind %d", g.Kind)
	}
	return o
}

func (e *jsonEncoder) bid(b *auction.Bid) *jsonValue {
	o := jObj()
	o.add("id", jStr(b.ID))
	if b.Bidder >= 0 && b.Bidder < len(e.in.Bidders) {
		o.add("bidder", jStr(e.in.Bidders[b.Bidder].ID))
	}
	if b.PerUnit {
		o.add("rate", e.money(b.Amount))
	} else {
		o.add("price", e.money(b.Amount))
	}
	bundle := jArr()
	for _, dm := range b.Bundle {
		d := jObj()
		d.add("item", e.itemID(dm.Item, fmt.Sprintf("bid %q", b.ID)))
		d.add("volume", jInt(dm.Volume))
		bundle.push(d)
	}
	o.add("bundle", bundle)
	if b.MinFraction.IsSet() {
		o.add("min_fraction", jStr(jsonFormatRatio(b.MinFraction)))
	}
	return o
}

// jsonLineWidth is the width up to which an object or array is written on
// one line.
const jsonLineWidth = 100

// jsonPrinter lays out a jsonValue tree: the document and its top-level
// arrays one member per line, anything else on one line when it fits in
// jsonLineWidth columns, else one member per line, indented by 2 spaces.
type jsonPrinter struct {
	buf     []byte
	scratch []byte
	err     error
}

// value writes v at the current position; indent is the indentation of
// the current line, used is how many columns of it are already taken, and
// level is the depth of v in the document.
func (p *jsonPrinter) value(v *jsonValue, indent, used, level int) {
	n := len(v.elems) + len(v.members)
	if (v.kind != jsonObject && v.kind != jsonArray) || n == 0 {
		p.buf, _ = p.compact(p.buf, v, math.MaxInt)
		return
	}
	if forced := level == 0 || (level == 1 && v.kind == jsonArray); !forced {
		var fits bool
		p.scratch, fits = p.compact(p.scratch[:0], v, jsonLineWidth-used)
		if fits {
			p.buf = append(p.buf, p.scratch...)
			return
		}
	}
	opening, closing := byte('['), byte(']')
	if v.kind == jsonObject {
		opening, closing = '{', '}'
	}
	p.buf = append(p.buf, opening, '\n')
	for i := 0; i < n; i++ {
		p.buf = jsonAppendIndent(p.buf, indent+2)
		child, taken := v, indent+2
		if v.kind == jsonObject {
			m := v.members[i]
			start := len(p.buf)
			p.buf = p.quote(p.buf, m.key)
			p.buf = append(p.buf, ": "...)
			taken += len(p.buf) - start
			child = m.val
		} else {
			child = v.elems[i]
		}
		if i < n-1 {
			taken++ // the comma
		}
		p.value(child, indent+2, taken, level+1)
		if i < n-1 {
			p.buf = append(p.buf, ',')
		}
		p.buf = append(p.buf, '\n')
	}
	p.buf = jsonAppendIndent(p.buf, indent)
	p.buf = append(p.buf, closing)
}

func jsonAppendIndent(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}

// compact appends v on one line and reports whether it took at most limit
// bytes; it stops early once it does not.
func (p *jsonPrinter) compact(dst []byte, v *jsonValue, limit int) ([]byte, bool) {
	start := len(dst)
	var walk func(v *jsonValue) bool
	walk = func(v *jsonValue) bool {
		switch v.kind {
		case jsonString:
			dst = p.quote(dst, v.text)
		case jsonNumber, jsonBool:
			dst = append(dst, v.text...)
		case jsonNull:
			dst = append(dst, "null"...)
		case jsonArray:
			dst = append(dst, '[')
			for i, el := range v.elems {
				if i > 0 {
					dst = append(dst, ", "...)
				}
				if !walk(el) {
					return false
				}
			}
			dst = append(dst, ']')
		case jsonObject:
			dst = append(dst, '{')
			for i, m := range v.members {
				if i > 0 {
					dst = append(dst, ", "...)
				}
				dst = p.quote(dst, m.key)
				dst = append(dst, ": "...)
				if !walk(m.val) {
					return false
				}
			}
			dst = append(dst, '}')
		}
		return len(dst)-start <= limit
	}
	ok := walk(v)
	return dst, ok
}

// quote appends s as a JSON string. Non-ASCII text is written as is; a
// string that is not valid UTF-8 cannot be written and sets p.err.
func (p *jsonPrinter) quote(dst []byte, s string) []byte {
	if !utf8.ValidString(s) && p.err == nil {
		p.err = fmt.Errorf("string %q is not valid UTF-8", s)
	}
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c < ' ':
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}
