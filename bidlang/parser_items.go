package bidlang

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gavelhq/gavel/auction"
)

// bidsCurrencyDecimals gives the decimals of common ISO 4217 currencies;
// others need "currency XYZ decimals N".
var bidsCurrencyDecimals = map[string]int{
	"USD": 2, "EUR": 2, "GBP": 2, "CAD": 2, "AUD": 2, "NZD": 2, "CHF": 2, "CNY": 2,
	"HKD": 2, "SGD": 2, "TWD": 2, "INR": 2, "MXN": 2, "BRL": 2, "ARS": 2, "COP": 2,
	"PEN": 2, "SEK": 2, "NOK": 2, "DKK": 2, "PLN": 2, "CZK": 2, "HUF": 2, "RON": 2,
	"ZAR": 2, "TRY": 2, "ILS": 2, "AED": 2, "SAR": 2, "QAR": 2, "EGP": 2, "NGN": 2,
	"THB": 2, "PHP": 2, "MYR": 2, "IDR": 2, "RUB": 2, "UAH": 2,
	"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "PYG": 0, "UGX": 0, "XOF": 0, "XAF": 0,
	"KWD": 3, "BHD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
}

// bidsCurrencyCodes lists the table's codes in a fixed order, for
// suggestions.
var bidsCurrencyCodes = func() []string {
	codes := make([]string, 0, len(bidsCurrencyDecimals))
	for c := range bidsCurrencyDecimals {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}()

// auctionStmt: auction "name".
func (p *bidsParser) auctionStmt() {
	kw := p.tok
	p.next()
	name, nameTok, ok := p.name("auction name (a quoted string)")
	if !ok {
		p.skipLine()
		return
	}
	if t := p.tok; nameTok.kind == bidsWord && (t.kind == bidsWord || t.kind == bidsString) {
		// auction USPS Q3 2026
		p.syntaxError(t, "expected end of line, found %s (a name with spaces goes in double quotes: auction \"%s\")",
			p.found(t), clipText(p.restOfLine(nameTok), 40))
		p.skipLine()
		return
	}
	if p.hasAuction {
		d := p.valueError(kw, nil, "auction name given twice")
		bidsRelate(d, p.at(p.auctionTok), "first given here")
	} else {
		p.in.Name = strings.Clone(name)
		p.auctionTok, p.hasAuction = kw, true
	}
	p.endStatement("end of line")
}

// currencyStmt: currency CODE [decimals N].
func (p *bidsParser) currencyStmt() {
	kw := p.tok
	p.next()
	code, codeTok, ok := p.name("currency code")
	if !ok {
		p.skipLine()
		return
	}
	dec, known := bidsCurrencyDecimals[code]
	decOK := true
	if p.is("decimals") {
		p.next()
		n, t, good := p.smallInt("decimals")
		switch {
		case !good:
			decOK = false
		case n < 0 || n > auction.MaxDecimals:
			p.valueError(t, auction.ErrCurrency, "decimals must be 0 to %d, found %d", auction.MaxDecimals, n)
			decOK = false
		default:
			dec, known = n, true
		}
	}
	if !known && decOK {
		written := code // as the statement must write it
		if !bidsIsBare(code) {
			written = strconv.Quote(code)
		}
		msg := fmt.Sprintf("unknown currency code %q: say how many decimals it has, as in \"currency %s decimals 2\"", code, written)
		if s := bidsSuggest(code, bidsCurrencyCodes); s != "" {
			msg = fmt.Sprintf("unknown currency code %q (did you mean %s?); for another currency say how many decimals it has, as in \"currency %s decimals 2\"", code, s, written)
		}
		p.report(p.at(codeTok), p.endOf(codeTok), auction.ErrCurrency, false, msg)
	}
	switch {
	case p.hasCurrency:
		d := p.valueError(kw, auction.ErrCurrency, "currency given twice")
		bidsRelate(d, p.at(p.currencyTok), "first given here")
	case p.hasDecl:
		d := p.valueError(kw, auction.ErrCurrency, "currency must come before the first ddu, item, set, rule or bidder, whose amounts it gives")
		bidsRelate(d, p.at(p.firstDecl), "first one here")
	default:
		p.currencyTok, p.hasCurrency = kw, true
		if known {
			p.in.Currency = auction.Currency{Code: strings.Clone(code), Decimals: dec}
			p.dec = dec
		}
		p.pos.field(auction.RefInstance, 0, auction.FieldCurrency, 0, p.at(codeTok))
	}
	p.endStatement("decimals or end of line")
}

// dduStmt: ddu NAME (capacity N | windows W:N ...) [reserve M] [region R] [at LAT,LON].
func (p *bidsParser) dduStmt() {
	p.taint.curItems = len(p.in.Items)
	defer func() { p.taint.endItems(len(p.in.Items)) }()
	p.next()
	ddu, nameTok, ok := p.name("DDU name")
	if !ok {
		p.skipLine()
		return
	}
	first := len(p.in.Items)
	switch {
	case p.is("capacity"):
		p.next()
		c, ct, _ := p.integer("capacity")
		p.addItem(auction.Item{ID: ddu, DDU: ddu, Capacity: c}, nameTok, ct)
	case p.is("windows"):
		p.next()
		p.windowList(ddu, nameTok)
	default:
		p.expectedWord(p.tok, "capacity or windows", []string{"capacity", "windows"})
		p.markBroken(ddu)
		p.skipLine()
		return
	}
	p.itemAttrs(first, false)
}

// markBroken records a name whose declaration failed: an item, a set, or a
// DDU whose windows could not all be read. The bids and sets that use it then
// get no "unknown item" besides the declaration's own error.
func (p *bidsParser) markBroken(name string) {
	if p.broken == nil {
		p.broken = make(map[string]bool)
	}
	p.broken[strings.Clone(name)] = true
}

// isBroken reports whether name, or the DDU of a window name D.W, is one
// whose declaration failed.
func (p *bidsParser) isBroken(name string) bool {
	if p.broken == nil {
		return false
	}
	if p.broken[name] {
		return true
	}
	i := strings.LastIndexByte(name, '.')
	return i > 0 && p.broken[name[:i]]
}

// windowList reads W:N pairs after "windows".
func (p *bidsParser) windowList(ddu string, dduTok bidsToken) {
	n := 0
	for p.tok.kind == bidsWord || p.tok.kind == bidsString {
		if n > 0 && p.peek().kind != bidsColon {
			if !slices.Contains(bidsDDUAttrKeywords, p.keyword(p.tok)) {
				p.markBroken(ddu) // a window without its capacity, reported as such after
			}
			break // an attribute such as reserve
		}
		w, wt, ok := p.sharedName("window name")
		if !ok {
			p.markBroken(ddu)
			return
		}
		if p.tok.kind != bidsColon {
			p.expected(p.tok, fmt.Sprintf("':' and the capacity of window %s", w))
			p.markBroken(ddu)
			return
		}
		p.next()
		c, ct, _ := p.integer("capacity")
		p.addItem(auction.Item{ID: ddu + "." + w, DDU: ddu, Window: w, Capacity: c}, wt, ct)
		n++
	}
	if n == 0 {
		p.expected(p.tok, "a window and its capacity (such as am:4000) after windows")
		p.markBroken(ddu)
	}
	if _, seen := p.dduPos[ddu]; !seen {
		p.dduPos[ddu] = p.at(dduTok)
		if _, isSet := p.sets[ddu]; isSet {
			d := p.valueError(dduTok, auction.ErrDuplicate, "DDU %q has the name of a set; a name may be one or the other", ddu)
			bidsRelate(d, p.pos.fields[fieldKey{auction.RefInstance, p.sets[ddu], auction.FieldSet, 0}], "set defined here")
		}
	}
}

// addItem adds an item read at name (its ID, or its window) with its
// capacity read at capTok.
func (p *bidsParser) addItem(it auction.Item, name, capTok bidsToken) {
	i := len(p.in.Items)
	p.in.Items = bidsAppend(p.in.Items, it)
	pos := p.at(name)
	p.pos.items = bidsAppend(p.pos.items, pos)
	if capTok.kind == bidsWord {
		p.pos.field(auction.RefItem, i, auction.FieldCapacity, 0, p.at(capTok))
	}
	if j, dup := p.items[it.ID]; dup {
		p.dupOf[pos.Offset] = Related{Pos: p.pos.items[j], Msg: "first defined here"}
	} else {
		p.items[it.ID] = i
		p.itemIndex.add(it.ID, i)
	}
	if it.Window != "" {
		if _, seen := p.windows[it.DDU]; !seen {
			p.dduNames = append(p.dduNames, it.DDU)
		}
		p.windows[it.DDU] = append(p.windows[it.DDU], i)
	}
}

// itemStmt: item NAME capacity N [ddu D] [window W] [reserve M] [region R] [at LAT,LON].
func (p *bidsParser) itemStmt() {
	p.taint.curItems = len(p.in.Items)
	defer func() { p.taint.endItems(len(p.in.Items)) }()
	p.next()
	id, nameTok, ok := p.name("item name")
	if !ok {
		p.skipLine()
		return
	}
	if !p.is("capacity") {
		p.expectedWord(p.tok, "capacity", []string{"capacity"})
		p.markBroken(id)
		p.skipLine()
		return
	}
	p.next()
	c, ct, _ := p.integer("capacity")
	first := len(p.in.Items)
	p.in.Items = bidsAppend(p.in.Items, auction.Item{ID: id, Capacity: c})
	pos := p.at(nameTok)
	p.pos.items = bidsAppend(p.pos.items, pos)
	if ct.kind == bidsWord {
		p.pos.field(auction.RefItem, first, auction.FieldCapacity, 0, p.at(ct))
	}
	p.itemAttrs(first, true)
	it := &p.in.Items[first]
	if j, dup := p.items[it.ID]; dup {
		p.dupOf[pos.Offset] = Related{Pos: p.pos.items[j], Msg: "first defined here"}
	} else {
		p.items[it.ID] = first
		p.itemIndex.add(it.ID, first)
	}
	if it.Window != "" {
		if _, seen := p.windows[it.DDU]; !seen {
			p.dduNames = append(p.dduNames, it.DDU)
			p.dduPos[it.DDU] = pos
		}
		p.windows[it.DDU] = append(p.windows[it.DDU], first)
	}
}

var (
	bidsDDUAttrKeywords  = []string{"reserve", "region", "at"}
	bidsItemAttrKeywords = []string{"reserve", "region", "at", "ddu", "window"}
)

// itemAttrs reads the attributes that follow an item or DDU, and applies
// them to the items from index first on. ddu and window are allowed after
// item only.
func (p *bidsParser) itemAttrs(first int, general bool) {
	keywords := bidsDDUAttrKeywords
	expect := "reserve, region, at or end of line"
	if general {
		keywords = bidsItemAttrKeywords
		expect = "reserve, region, at, ddu, window or end of line"
	}
	var seen bidsSeen
	items := p.in.Items[first:]
	for p.tok.kind == bidsWord {
		kw := p.tok
		word := p.keyword(kw)
		if (word == "ddu" || word == "window") && !general {
			break
		}
		if word != "reserve" && word != "region" && word != "at" && word != "ddu" && word != "window" {
			break
		}
		if prev, dup := seen.get(word); dup {
			d := p.valueError(kw, nil, "%s given twice", word)
			bidsRelate(d, p.at(prev), "first given here")
		}
		seen.set(word, kw)
		p.next()
		switch word {
		case "reserve":
			m, t, ok := p.money("reserve")
			if !ok {
				continue
			}
			for k := range items {
				items[k].Reserve = m
				p.pos.field(auction.RefItem, first+k, auction.FieldReserve, 0, p.at(t))
			}
		case "region":
			r, _, ok := p.sharedName("region name")
			if !ok {
				continue
			}
			for k := range items {
				items[k].Region = r
			}
		case "at":
			lat, t, ok := p.coord("latitude")
			if !ok { // skip the longitude: one error is enough
				if p.tok.kind == bidsComma {
					p.next()
					if p.tok.kind == bidsWord {
						p.next()
					}
				}
				continue
			}
			if p.tok.kind != bidsComma {
				p.expected(p.tok, "',' and a longitude after the latitude")
				continue
			}
			p.next()
			lon, _, ok := p.coord("longitude")
			if !ok {
				continue
			}
			for k := range items {
				items[k].Loc = p.newLoc(auction.LatLon{Lat: lat, Lon: lon})
				p.pos.field(auction.RefItem, first+k, auction.FieldLoc, 0, p.at(t))
			}
		case "ddu":
			d, _, ok := p.sharedName("DDU name")
			if ok {
				items[0].DDU = d
			}
		case "window":
			w, _, ok := p.sharedName("window name")
			if ok {
				items[0].Window = w
			}
		}
	}
	if p.tok.kind == bidsWord {
		p.expectedWord(p.tok, expect, keywords)
		p.skipLine()
	}
	p.endStatement(expect)
}

// newLoc returns a new location. Locations share blocks of memory, one
// allocation for many items.
func (p *bidsParser) newLoc(l auction.LatLon) *auction.LatLon {
	if len(p.locs) == cap(p.locs) {
		p.locs = make([]auction.LatLon, 0, min(max(2*cap(p.locs), 16), 4096))
	}
	p.locs = append(p.locs, l)
	return &p.locs[len(p.locs)-1]
}

// setStmt: set NAME = REF ...
func (p *bidsParser) setStmt() {
	p.taint.curSet = len(p.in.Sets)
	p.next()
	name, nameTok, ok := p.name("set name")
	if !ok {
		p.skipLine()
		return
	}
	if p.tok.kind != bidsEquals {
		p.expected(p.tok, fmt.Sprintf("'=' after set %s", name))
		p.markBroken(name)
		p.skipLine()
		return
	}
	p.next()
	s := len(p.in.Sets)
	name = strings.Clone(name)
	namePos := p.at(nameTok)
	p.pos.field(auction.RefInstance, s, auction.FieldSet, 0, namePos)
	switch j, dup := p.sets[name]; {
	case dup:
		p.dupOf[namePos.Offset] = Related{Pos: p.pos.fields[fieldKey{auction.RefInstance, j, auction.FieldSet, 0}], Msg: "first defined here"}
	default:
		p.sets[name] = s
		if i, clash := p.items[name]; clash {
			p.dupOf[namePos.Offset] = Related{Pos: p.pos.items[i], Msg: "item defined here"}
		} else if dpos, clash := p.dduPos[name]; clash {
			d := p.valueError(nameTok, auction.ErrDuplicate, "set %q has the name of a DDU with windows; a name may be one or the other", name)
			bidsRelate(d, dpos, "DDU defined here")
		}
	}
	var members []int
	ctx := fmt.Sprintf(" in set %q", name)
	p.setStamp++
	if p.setStamp == 0 { // wrapped: no mark may equal a fresh stamp
		clear(p.setMark)
		p.setStamp = 1
	}
	for p.tok.kind == bidsWord || p.tok.kind == bidsString {
		ref, t, ok := p.name("item or set")
		if !ok {
			break
		}
		add := func(i int) {
			p.pos.field(auction.RefInstance, s, auction.FieldSetItem, len(members), p.at(t))
			members = append(members, i)
			if i >= len(p.setMark) {
				p.setMark = append(p.setMark, make([]uint32, i+1-len(p.setMark))...)
			}
			p.setMark[i] = p.setStamp
		}
		// addAll adds the items of an earlier set or of a DDU's windows.
		// Of those the set already has, only the first is listed again
		// (the model then warns that the set lists it twice): a set of
		// sets of sets ... doubling at each step would otherwise grow
		// exponentially with the lines of the file.
		addAll := func(items []int) {
			again := false
			for _, i := range items {
				if i < len(p.setMark) && p.setMark[i] == p.setStamp {
					if again {
						continue
					}
					again = true
				}
				add(i)
			}
		}
		if i, ok := p.items[ref]; ok {
			add(i)
		} else if j, ok := p.sets[ref]; ok && j == s {
			p.valueError(t, auction.ErrUnknownRef, "set %q cannot contain itself", name)
		} else if ok {
			addAll(p.in.Sets[j].Items)
		} else if ws, ok := p.windows[ref]; ok {
			addAll(ws)
		} else {
			p.unknown(ref, t, "item or set", ctx)
		}
	}
	p.in.Sets = append(p.in.Sets, auction.ItemSet{Name: name, Items: members})
	if p.tok.kind == bidsLBrace && len(members) == 0 {
		p.syntaxError(p.tok, "expected an item or set name, found '{' (a set lists its members without braces: set %s = A B C)", name)
		p.skipLine()
	}
	p.endStatement("an item or set name, or end of line")
}

// unknown defers the report of a name that names nothing (yet).
func (p *bidsParser) unknown(name string, t bidsToken, what, ctx string) {
	if p.stopped {
		return
	}
	p.taint.taint()
	p.pending = append(p.pending, bidsPendingRef{name: strings.Clone(name), pos: p.at(t), end: p.endOf(t), what: what, ctx: ctx})
	p.nerr++ // counted now, so that MaxErrors stops the reader in time; added in finish
	if p.nerr >= MaxErrors {
		p.stopped = true
		p.sc.stop()
	}
}

// ruleStmt: rule max-share R, or rule min-winners K.
func (p *bidsParser) ruleStmt() {
	p.taint.curRule = true
	p.next()
	switch {
	case p.is("max-share"):
		p.maxShareRule()
	case p.is("min-winners"):
		p.minWinnersRule()
	default:
		p.expectedWord(p.tok, "a rule name (max-share or min-winners)", []string{"max-share", "min-winners"})
		p.skipLine()
		return
	}
	p.endStatement("end of line")
}

// maxShareRule reads "max-share R"; the current token is the keyword.
func (p *bidsParser) maxShareRule() {
	kw := p.tok
	p.next()
	r, t, ok := p.ratio("max-share")
	if !ok {
		return
	}
	if !p.ruleOnce(kw, "max-share") {
		return
	}
	p.in.Rules.MaxShare = r
	p.pos.rules[auction.FieldMaxShare] = p.at(t)
}

// seenRule is a rule statement read: its name and its keyword's token.
type seenRule struct {
	name string
	kw   bidsToken
}

// ruleOnce records the rule name given at keyword kw and reports true, or
// reports the rule given twice (pointing at the first) and returns false.
func (p *bidsParser) ruleOnce(kw bidsToken, name string) bool {
	for _, r := range p.rulesSeen {
		if r.name == name {
			d := p.valueError(kw, nil, "rule %s given twice", name)
			bidsRelate(d, p.at(r.kw), "first given here")
			return false
		}
	}
	p.rulesSeen = append(p.rulesSeen, seenRule{name, kw})
	return true
}

// minWinnersRule reads "min-winners K", K a whole number of at least 1 (0
// would be no rule; leave the statement out); the current token is the
// keyword.
func (p *bidsParser) minWinnersRule() {
	kw := p.tok
	p.next()
	k, t, ok := p.smallInt("min-winners")
	if !ok {
		return
	}
	if k < 1 {
		p.valueError(t, auction.ErrNegative, "min-winners must be at least 1 (a number of bidders), found %d", k)
		return
	}
	if !p.ruleOnce(kw, "min-winners") {
		return
	}
	p.in.Rules.MinWinners = k
	p.pos.rules[auction.FieldMinWinners] = p.at(t)
}
