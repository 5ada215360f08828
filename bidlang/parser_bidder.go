package bidlang

import (
	"fmt"
	"strings"

	"github.com/gavelhq/gavel/auction"
)

var (
	bidsBodyKeywords  = []string{"bid", "xor", "or", "all", "choose", "end", "budget", "min-volume", "max-volume", "max-items"}
	bidsGroupKeywords = []string{"bid", "xor", "or", "all", "choose"}
	bidsLimitKeywords = []string{"budget", "min-volume", "max-volume", "max-items"}
)

// bidderStmt: bidder ID ["Name"] [limits] NEWLINE body "end".
func (p *bidsParser) bidderStmt() {
	open := p.tok
	p.next()
	id, idTok, ok := p.idName("bidder id")
	if !ok {
		idTok = open
	}
	b := len(p.in.Bidders)
	p.in.Bidders = bidsAppend(p.in.Bidders, auction.Bidder{ID: id, Tree: auction.Group{Kind: auction.Or}}) // name copied it
	pos := p.at(idTok)
	p.pos.bidders = bidsAppend(p.pos.bidders, pos)
	p.taint.curBidder = b
	if !ok {
		bidsMark(&p.taint.bidders, b)
	}
	var seen bidsSeen
	if ok {
		if j, dup := p.bidders[id]; dup {
			p.dupOf[pos.Offset] = Related{Pos: p.pos.bidders[j], Msg: "first defined here"}
		} else {
			p.bidders[id] = b
		}
		if p.tok.kind == bidsString {
			name, _, _ := p.name("display name")
			p.in.Bidders[b].Name = name
		}
		named := p.in.Bidders[b].Name != ""
		p.limits(b, &seen)
		switch t := p.tok; {
		case t.kind == bidsNewline || t.kind == bidsEOF:
		case t.kind == bidsWord && !named && seen.n == 0 && bidsSuggest(p.text(t), bidsLimitKeywords) == "":
			// bidder walmart Walmart Inc.
			p.syntaxError(t, "expected budget, min-volume, max-volume, max-items or end of line, found %s "+
				"(a display name goes in double quotes: bidder %s \"%s\")", p.found(t), p.text(idTok), clipText(p.restOfLine(t), 40))
		default:
			p.expectedWord(p.tok, "budget, min-volume, max-volume, max-items or end of line", bidsLimitKeywords)
		}
	}
	// The body is read even after an error in the header, so that its bids
	// are not taken for stray statements.
	p.skipLine()
	if p.tok.kind == bidsNewline {
		p.next()
	}
	p.nodes(b, &p.in.Bidders[b].Tree, false, open, &seen)
}

// bidsSeen remembers where each keyword of a statement (a bidder's
// limits, an item's attributes) was last given, to report one given twice.
// It holds the few keywords a statement has without a map.
type bidsSeen struct {
	n     int
	words [5]string
	toks  [5]bidsToken
	more  map[string]bidsToken // beyond five keywords
}

func (s *bidsSeen) get(word string) (bidsToken, bool) {
	for k := range min(s.n, len(s.words)) {
		if s.words[k] == word {
			return s.toks[k], true
		}
	}
	t, ok := s.more[word]
	return t, ok
}

func (s *bidsSeen) set(word string, t bidsToken) {
	for k := range min(s.n, len(s.words)) {
		if s.words[k] == word {
			s.toks[k] = t
			return
		}
	}
	if s.n < len(s.words) {
		s.words[s.n], s.toks[s.n] = word, t
		s.n++
		return
	}
	if _, ok := s.more[word]; !ok {
		s.n++
	}
	if s.more == nil {
		s.more = map[string]bidsToken{}
	}
	s.more[word] = t
}

// limits reads budget, min-volume, max-volume and max-items, in any order.
func (p *bidsParser) limits(b int, seen *bidsSeen) {
	for p.tok.kind == bidsWord {
		switch word := p.keyword(p.tok); word {
		case "budget", "min-volume", "max-volume", "max-items":
			p.limit(b, word, seen)
		default:
			return
		}
	}
}

// limit reads one limit; the current token is its keyword (or a misspelling
// of it, already reported).
func (p *bidsParser) limit(b int, word string, seen *bidsSeen) {
	kw := p.tok
	if prev, dup := seen.get(word); dup {
		d := p.valueError(kw, nil, "%s given twice for bidder %q", word, p.in.Bidders[b].ID)
		bidsRelate(d, p.at(prev), "first given here")
	}
	seen.set(word, kw)
	p.next()
	bd := &p.in.Bidders[b]
	var t bidsToken
	ok := false
	switch word {
	case "budget":
		bd.Budget, t, ok = p.money("budget")
	case "min-volume":
		bd.MinVolume, t, ok = p.integer("min-volume")
	case "max-volume":
		bd.MaxVolume, t, ok = p.integer("max-volume")
	case "max-items":
		bd.MaxItems, t, ok = p.smallInt("max-items")
	}
	if ok {
		p.pos.field(auction.RefBidder, b, word, 0, p.at(t)) // the keywords are the field names
	}
}

// nodes reads the bids and groups of a bidder (inGroup false, up to "end")
// or of a group (up to '}') into g, which has no children yet. open is the
// token that opened it. It reports whether the closing token was found (and
// consumed). The children are gathered on p.kids, a stack shared by the
// groups being read, and stored at the end in a slice of their number.
func (p *bidsParser) nodes(b int, g *auction.Group, inGroup bool, open bidsToken, seen *bidsSeen) bool {
	start := len(p.kids)
	closed := p.readNodes(b, g, inGroup, open, seen)
	if len(p.kids) > start {
		g.Children = append([]auction.Node(nil), p.kids[start:]...)
	}
	p.kids = p.kids[:start]
	return closed
}

// readNodes is nodes, with the children pushed on p.kids.
func (p *bidsParser) readNodes(b int, g *auction.Group, inGroup bool, open bidsToken, seen *bidsSeen) bool {
	for {
		t := p.tok
		switch t.kind {
		case bidsEOF:
			p.unclosed(t, b, g, inGroup, open)
			return false
		case bidsNewline:
			p.next()
			continue
		case bidsRBrace:
			p.next()
			if inGroup {
				return true
			}
			p.syntaxError(t, "unexpected '}': no group is open")
			continue
		case bidsWord:
		default:
			if inGroup {
				p.expected(t, "bid, group or '}'")
			} else {
				p.expected(t, "bid, group or end")
			}
			p.skipLine()
			continue
		}
		word := p.keyword(t)
		if isTopKeyword(word) {
			p.unclosed(t, b, g, inGroup, open)
			return false
		}
		if !p.isNodeKeyword(word) {
			// Report, then read the line as the keyword it most likely
			// is, so that its braces and names do not cause more errors.
			keywords := bidsBodyKeywords
			if inGroup {
				keywords = bidsGroupKeywords
			}
			msg := fmt.Sprintf("unknown keyword %s", word)
			s := bidsSuggest(word, keywords)
			if s == "" && t.first {
				if top := bidsSuggest(word, bidsTopKeywords); top != "" {
					// Most likely a statement after a missing end: report it
					// once, and let the top level read it.
					p.syntaxError(t, "%s (did you mean %s?)", msg, top)
					p.unclosed(t, b, g, inGroup, open)
					return false
				}
			}
			switch {
			case s != "":
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			case inGroup:
				msg += " (expected bid, group or '}')"
			default:
				msg += " (expected bid, group, a bidder limit or end)"
			}
			p.syntaxError(t, "%s", msg)
			if s == "" {
				p.skipLine()
				continue
			}
			word = s
		}
		switch word {
		case "bid":
			if i := p.bid(b); i >= 0 {
				p.kids = append(p.kids, auction.Node{Bid: i})
			}
		case "xor", "or", "all", "choose":
			sub, closed := p.group(b, word, seen)
			p.kids = append(p.kids, auction.Node{Group: sub})
			if closed {
				p.endStatement("end of line after '}'")
			}
		case "end":
			if inGroup {
				p.unclosed(t, b, g, inGroup, open)
				return false
			}
			p.next()
			p.endStatement("end of line after end")
			return true
		case "budget", "min-volume", "max-volume", "max-items":
			if inGroup {
				p.syntaxError(t, "%s belongs to the bidder, not to a group: write it outside the braces", word)
				p.skipLine()
				continue
			}
			p.limit(b, word, seen)
			p.limits(b, seen)
			p.endStatement("budget, min-volume, max-volume, max-items or end of line")
		}
	}
}

// isNodeKeyword reports whether word starts a line of a bidder's body.
func (p *bidsParser) isNodeKeyword(word string) bool {
	switch word {
	case "bid", "xor", "or", "all", "choose", "end", "budget", "min-volume", "max-volume", "max-items":
		return true
	}
	return false
}

// unclosed reports a group or bidder that t ends before its '}' or end.
func (p *bidsParser) unclosed(t bidsToken, b int, g *auction.Group, inGroup bool, open bidsToken) {
	p.taint.taintOpen(b) // the shape of its tree is unknown
	var d *Diagnostic
	if inGroup && p.braceless[g] {
		return // its missing '{' was reported
	}
	if inGroup {
		d = p.syntaxError(t, "expected '}' to close the %s group, found %s", g.Kind, p.found(t))
		bidsRelate(d, p.at(open), "group opened here")
	} else {
		d = p.syntaxError(t, "expected end to close bidder %q, found %s", p.in.Bidders[b].ID, p.found(t))
		bidsRelate(d, p.at(open), "bidder opened here")
	}
}

// group reads a group: or, xor, all or choose, optional (for choose
// required) bounds a..b, then its nodes in braces. closed is false when
// the group had no '{' and the rest of its line was skipped.
func (p *bidsParser) group(b int, word string, seen *bidsSeen) (g *auction.Group, closed bool) {
	kw := p.tok
	g = &auction.Group{}
	switch word {
	case "or":
		g.Kind = auction.Or
	case "xor":
		g.Kind = auction.Xor
	case "all":
		g.Kind = auction.All
	case "choose":
		g.Kind = auction.Choose
	}
	p.pos.groups[g] = p.at(kw)
	outer := p.taint.curGroup
	p.taint.curGroup = g
	p.taint.open = append(p.taint.open, g)
	defer func() {
		p.taint.curGroup = outer
		p.taint.open = p.taint.open[:len(p.taint.open)-1]
	}()
	p.next()
	// A word after the keyword is the bounds, unless it starts a bid or a
	// group: "xor bid a ..." lacks its '{', and reading "bid" as a bound
	// would only add a second error.
	startsNode := p.tok.kind == bidsWord && p.isNodeKeyword(p.keyword(p.tok))
	if g.Kind == auction.Choose && startsNode {
		p.expected(p.tok, "bounds after choose (as in choose 1..2 {)")
		p.skipLine()
		return g, false
	}
	if g.Kind == auction.Choose || p.tok.kind == bidsWord && !startsNode {
		if !p.bounds(g, word) {
			for p.tok.kind != bidsLBrace && p.tok.kind != bidsNewline && p.tok.kind != bidsEOF && p.tok.kind != bidsRBrace {
				p.next()
			}
		}
	}
	if p.tok.kind != bidsLBrace {
		p.expected(p.tok, fmt.Sprintf("'{' after %s", word))
		if p.tok.kind != bidsNewline || p.depth == auction.MaxTreeDepth {
			p.skipLine()
			return g, false
		}
		// "xor" alone on its line, its children below: read them as its
		// body, so that they and the '}' under them do not cause more
		// errors. If no '}' comes, that is the same mistake again.
		if p.braceless == nil {
			p.braceless = map[*auction.Group]bool{}
		}
		p.braceless[g] = true
		p.next()
		p.depth++
		closed = p.nodes(b, g, true, kw, seen)
		p.depth--
		return g, closed
	}
	if p.depth == auction.MaxTreeDepth {
		// Deeper trees are refused by the model; refusing them here also
		// bounds the reader's recursion, whatever the input.
		p.syntaxError(kw, "groups nest more than %d deep", auction.MaxTreeDepth)
		return g, p.skipBlock()
	}
	p.next()
	p.depth++
	closed = p.nodes(b, g, true, kw, seen)
	p.depth--
	return g, closed
}

// skipBlock skips from a '{' to its matching '}' (consumed), without
// recursion. A statement keyword that can only start a line outside a
// bidder stops it, as does EOF; it then reports false.
func (p *bidsParser) skipBlock() bool {
	depth := 0
	for {
		switch p.tok.kind {
		case bidsEOF:
			return false
		case bidsLBrace:
			depth++
		case bidsRBrace:
			depth--
			if depth == 0 {
				p.next()
				return true
			}
		case bidsWord:
			if p.tok.first && isTopKeyword(p.keyword(p.tok)) {
				return false
			}
		}
		p.next()
	}
}

// bounds reads a..b after a group keyword.
func (p *bidsParser) bounds(g *auction.Group, word string) bool {
	if p.tok.kind != bidsWord {
		p.expected(p.tok, fmt.Sprintf("bounds after %s, as in %s 1..2", word, word))
		return false
	}
	if lo, hi, dash := strings.Cut(p.text(p.tok), "-"); dash && bidsDigits(lo) && bidsDigits(hi) {
		p.syntaxError(p.tok, "expected bounds as in %s 1..2, found %s (write %s..%s)", word, p.text(p.tok), lo, hi)
		p.next()
		return false
	}
	lo, _, ok1 := p.smallInt(word + " lower bound")
	if !ok1 {
		return false
	}
	if p.tok.kind != bidsDotDot {
		p.expected(p.tok, fmt.Sprintf("'..' between the bounds, as in %s 1..2", word))
		return false
	}
	p.next()
	hi, _, ok := p.smallInt(word + " upper bound")
	if ok {
		g.Min, g.Max = lo, hi
	}
	return ok
}

// bid reads a bid statement and returns the bid's index, or -1 when the
// bid has no usable id.
func (p *bidsParser) bid(b int) int {
	p.next()
	if (p.is("price") || p.is("rate")) && p.peek().kind == bidsWord {
		if _, num := bidsDecimalShape(p.text(p.peek()), true); num {
			p.expected(p.tok, "bid id before "+p.text(p.tok))
			p.skipLine()
			return -1
		}
	}
	id, idTok, ok := p.idName("bid id")
	if !ok {
		p.skipLine()
		return -1
	}
	i := len(p.in.Bids)
	p.in.Bids = append(p.in.Bids, auction.Bid{ID: id, Bidder: b}) // name copied it
	p.taint.curBid = i
	defer func() { p.taint.curBid = -1 }()
	// A repeated bid ID is found by the instance's checks; validate then
	// looks for its first definition (firstBid). A map of the IDs here
	// would cost a national file as much as the rest of its bid lines.
	p.pos.bids = append(p.pos.bids, p.at(idTok))
	field := auction.FieldPrice
	switch {
	case p.is("price"):
	case p.is("rate"):
		field = auction.FieldRate
		p.in.Bids[i].PerUnit = true
	default:
		p.expectedWord(p.tok, "price or rate", []string{"price", "rate"})
		p.skipLine()
		return i
	}
	p.next()
	if amount, _, ok := p.money(field); ok {
		p.in.Bids[i].Amount = amount
	}
	if p.tok.kind != bidsLBrace {
		p.expected(p.tok, "'{' and the bundle")
		p.skipLine()
		return i
	}
	if !p.bundle(i) {
		return i
	}
	if p.is("min") {
		p.next()
		if r, _, ok := p.ratio("min fraction"); ok {
			p.in.Bids[i].MinFraction = r
		}
	}
	p.endStatement("min or end of line")
	return i
}

// bundle reads { ITEM: VOLUME, SET: VOLUME each, ... } into bid i. Commas
// or newlines separate the demands. It returns false when the bundle was not
// closed; the error is then reported where its line ended.
func (p *bidsParser) bundle(i int) bool {
	open := p.tok
	p.next()
	p.bundleStart = len(p.arena)
	p.inBundle.reset()
	var nl bidsToken // the first newline after the last demand
	hasNL := false
	need := false // a demand was read and no separator since
	for {
		t := p.tok
		switch t.kind {
		case bidsRBrace:
			p.next()
			p.setBundle(i)
			return true
		case bidsNewline:
			if !hasNL {
				nl, hasNL = t, true
			}
			need = false
			p.next()
		case bidsComma:
			if !need {
				p.syntaxError(t, "unexpected ',' in bundle: expected an item")
			}
			need = false
			p.next()
		case bidsEOF:
			p.unclosedBundle(t, open)
			p.setBundle(i)
			return false
		case bidsWord, bidsString:
			if p.startsStatement() {
				if hasNL {
					t = nl
				}
				p.unclosedBundle(t, open)
				p.setBundle(i)
				return false
			}
			if need {
				p.syntaxError(t, "expected ',' or '}' in bundle, found %s", p.found(t))
			} else if !p.slow && t.kind == bidsWord && p.fastDemands() {
				need, hasNL = true, false
				continue
			}
			p.demand(i)
			need, hasNL = true, false
		default:
			p.expected(t, "an item or '}' in bundle")
			p.skipDemand()
		}
	}
}

func (p *bidsParser) unclosedBundle(t bidsToken, open bidsToken) {
	d := p.syntaxError(t, "expected '}' to close the bundle, found %s", p.found(t))
	bidsRelate(d, p.at(open), "bundle opened here")
}

// skipDemand skips to the next ',', '}' or end of line in a bundle, moving
// at least one token.
func (p *bidsParser) skipDemand() {
	for moved := false; ; moved = true {
		switch p.tok.kind {
		case bidsComma, bidsRBrace, bidsNewline, bidsEOF:
			if moved {
				return
			}
			if p.tok.kind == bidsEOF {
				return
			}
		}
		p.next()
	}
}

// demand reads ITEM: VOLUME [each] and appends the demands it makes.
func (p *bidsParser) demand(i int) {
	name, t, _ := p.name("item")
	if p.tok.kind != bidsColon {
		p.expected(p.tok, fmt.Sprintf("':' and a volume after %s", name))
		if p.tok.kind != bidsRBrace && p.tok.kind != bidsComma && p.tok.kind != bidsNewline {
			p.skipDemand()
		}
		return
	}
	p.next()
	vol, _, volOK := p.integer("volume")
	each := p.is("each")
	eachTok := p.tok
	if !each && p.tok.kind == bidsWord && p.peek().kind != bidsColon && bidsSuggest(p.text(p.tok), []string{"each"}) != "" {
		p.syntaxError(p.tok, "expected ',' or '}' in bundle, found %s (did you mean each?)", p.found(p.tok))
		each = true // read as meant, so that the set is not reported too
	}
	if each {
		p.next()
	}
	// Whether a set or DDU needs "each" is judged only for a demand that
	// ended cleanly: at the end of a file cut short, or before a stray word,
	// the error already reported says enough.
	ended := volOK && (p.tok.kind == bidsComma || p.tok.kind == bidsRBrace || p.tok.kind == bidsNewline)
	// The positions of the item and volume are not recorded: bidField finds
	// them again for the few that a problem is about.
	add := func(item int) {
		p.addDemand(auction.Demand{Item: item, Volume: vol})
	}
	if it, ok := p.items[name]; ok {
		if each {
			p.valueError(eachTok, nil, "each applies to a set or a DDU with windows, and %q is an item: remove each", name)
		}
		add(it)
		return
	}
	var members []int
	kind := ""
	if s, ok := p.sets[name]; ok {
		members, kind = p.in.Sets[s].Items, "set"
	} else if ws, ok := p.windows[name]; ok {
		members, kind = ws, "DDU with windows"
	}
	switch {
	case kind == "":
		what := "item"
		if each {
			what = "set"
		}
		p.unknown(name, t, what, "")
	case !each && !ended:
		p.taint.taint()
	case !each:
		p.valueError(t, auction.ErrUnknownRef, "%q is a %s of %d items: write \"%s: %d each\" for that volume of each, or name one item",
			name, kind, len(members), p.text(t), vol)
	default:
		p.expand(members, vol)
	}
}

// expand appends a demand of vol for each member of a set or DDU. At the
// first member already in the bundle it appends that repeat, for the
// validator to report, and stops: the rest could only repeat more, and a
// bundle naming a large set many times would otherwise grow with the
// product of the two.
func (p *bidsParser) expand(members []int, vol int64) {
	seen := p.inBundle.update(p.arena[p.bundleStart:])
	for _, it := range members {
		repeat := seen.has(it)
		p.addDemand(auction.Demand{Item: it, Volume: vol})
		if repeat {
			break
		}
		seen.add(it)
	}
	p.inBundle.marked = len(p.arena) - p.bundleStart
}

// bidsBundleMarks records which items the bundle being read holds. Demands
// are marked lazily, when a set is expanded, so that bundles of plain items
// (the fast path) cost nothing.
type bidsBundleMarks struct {
	stamp  []uint32 // per item: == cur when the item is in the bundle
	cur    uint32
	marked int // the demands of the bundle marked so far
}

// reset starts a new bundle.
func (m *bidsBundleMarks) reset() {
	m.marked = 0
	m.cur++
	if m.cur == 0 { // wrapped: clear the stamps
		clear(m.stamp)
		m.cur = 1
	}
}

// update marks the demands of bundle not yet marked and returns m.
func (m *bidsBundleMarks) update(bundle []auction.Demand) *bidsBundleMarks {
	for _, d := range bundle[min(m.marked, len(bundle)):] {
		m.add(d.Item)
	}
	m.marked = len(bundle)
	return m
}

func (m *bidsBundleMarks) has(item int) bool {
	return item >= 0 && item < len(m.stamp) && m.stamp[item] == m.cur
}

func (m *bidsBundleMarks) add(item int) {
	if item < 0 {
		return
	}
	if item >= len(m.stamp) {
		m.stamp = append(m.stamp, make([]uint32, item+1-len(m.stamp))...)
		m.stamp = m.stamp[:cap(m.stamp)]
	}
	m.stamp[item] = m.cur
}

// setBundle stores the demands read into bid i, the end of p.arena from
// p.bundleStart on. Bundles share large backing arrays, each capped so that
// appending to one copies it.
func (p *bidsParser) setBundle(i int) {
	if len(p.arena) == p.bundleStart {
		return
	}
	p.in.Bids[i].Bundle = p.arena[p.bundleStart:len(p.arena):len(p.arena)]
}

// addDemand appends a demand to the bundle being read.
func (p *bidsParser) addDemand(d auction.Demand) {
	if len(p.arena) == cap(p.arena) {
		p.growArena()
	}
	p.arena = append(p.arena, d)
}

// bidsArenaMax is the most demands an arena chunk holds, unless one bundle
// needs more.
const bidsArenaMax = 1 << 16

// growArena starts a new arena chunk, twice as large as the last up to
// bidsArenaMax, and moves the bundle being read into it. The bundles
// already read keep the old chunk.
func (p *bidsParser) growArena() {
	part := p.arena[p.bundleStart:]
	size := min(max(2*cap(p.arena), 256), bidsArenaMax)
	chunk := make([]auction.Demand, len(part), max(size, 2*len(part)))
	copy(chunk, part)
	p.arena, p.bundleStart = chunk, 0
}
