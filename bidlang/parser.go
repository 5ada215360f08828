package bidlang

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gavelhq/gavel/auction"
)

// ReadBids reads an instance written in the text bid language (spec.md).
// file names the input in diagnostics ("" or "-" for standard input).
//
// Diagnostics follow go/scanner: each is at a 1-based line and byte column,
// syntax errors read "expected X, found Y", and the reader goes on after an
// error from the end of the statement or the closing brace, up to MaxErrors
// errors. Then the instance's own checks (auction.Instance.Problems) are
// reported at the place each part was read, leaving out what they find
// about parts that an error of the file touched. The instance is nil
// exactly when the list holds an error; the list may hold warnings either
// way, and is sorted by position.
func ReadBids(file string, src []byte) (*auction.Instance, ErrorList) {
	return readBids(file, src, false)
}

// readBids is ReadBids; slow reads every demand through the tokens, for the
// tests that compare the fast readers (parser_fast.go) with the tokens.
func readBids(file string, src []byte, slow bool) (*auction.Instance, ErrorList) {
	p := &bidsParser{file: file, slow: slow}
	if !p.checkText(src) {
		return nil, p.list
	}
	p.initBytes(src)
	p.parseFile()
	p.finish()
	if !p.stopped {
		p.validate()
	}
	p.list.Sort()
	if p.list.NumErrors() > 0 {
		return nil, p.list
	}
	return p.in, p.list
}

// bidsParser reads one .bids file. It builds the instance as it goes, and
// records in pos where each part came from.
type bidsParser struct {
	file string
	src  []byte // read, never written, never kept: what the instance holds is copied
	slow bool   // do not use the fast readers
	sc   bidsScanner
	tok  bidsToken // the current token

	list        ErrorList
	nerr        int  // errors in list
	stopped     bool // MaxErrors reached: the scanner returns EOF only
	lastErrOff  int  // offset of the last error, to drop repeats at one place
	lastSynLine int  // line of the last syntax error: one per line

	in  *auction.Instance
	pos *positions

	// The currency, once read; money before it uses the default.
	dec         int
	currencyTok bidsToken
	hasCurrency bool
	auctionTok  bidsToken
	hasAuction  bool
	firstDecl   bidsToken // the first ddu, item, set, rule or bidder
	hasDecl     bool

	items       map[string]int // item ID → index (the first, if repeated)
	setMark     []uint32       // by item: == setStamp when the set being read has it
	setStamp    uint32
	itemIndex   bidsItemIndex    // the same for IDs of up to 16 bytes, for bundles
	windows     map[string][]int // DDU name → its window items, in order
	dduNames    []string         // DDU names with windows, in order of declaration
	dduPos      map[string]Pos   // where each DDU with windows was first declared
	sets        map[string]int   // set name → index (the first, if repeated)
	bidders     map[string]int   // bidder ID → index
	rulesSeen   []seenRule       // the rules read so far, to refuse one given twice
	dupOf       map[int]Related  // offset of a repeated ID → where it was first defined
	pending     []bidsPendingRef
	order       *bidsOrder // a bid-order statement, if any
	strs        map[string]string
	taint       bidsTaint               // the parts of the instance that errors touched
	depth       int                     // nesting of the group being read below its bidder
	braceless   map[*auction.Group]bool // groups whose missing '{' was reported
	arena       []auction.Demand        // backing store for bundles: a chunk, filled up to its length
	kids        []auction.Node          // the children of the groups being read (nodes)
	locs        []auction.LatLon        // backing store for item locations
	names       strings.Builder         // backing store for bid and bidder IDs (idName)
	bundleStart int                     // where the bundle being read starts in arena
	inBundle    bidsBundleMarks         // the items of the bundle being read, for set expansions
	broken      map[string]bool         // names whose declaration failed (markBroken)
}

// bidsPendingRef is a name that named nothing when it was read. It is
// reported at the end, when the reader knows whether it was declared later
// and which declared name is nearest.
type bidsPendingRef struct {
	name string
	pos  Pos
	end  Pos
	what string // "item", "set", "item or set"
	ctx  string // ` in set "LA"`, or ""
}

func (p *bidsParser) init(src string) { p.initBytes([]byte(src)) }

func (p *bidsParser) initBytes(src []byte) {
	p.src = src
	p.sc.initBytes(src, p.scanError)
	p.lastErrOff = -1
	p.in = &auction.Instance{}
	p.pos = newPositions()
	p.dec = auction.DefaultCurrency.Decimals
	p.items = map[string]int{}
	p.windows = map[string][]int{}
	p.dduPos = map[string]Pos{}
	p.sets = map[string]int{}
	p.bidders = map[string]int{}
	p.dupOf = map[int]Related{}
	p.strs = map[string]string{}
	p.taint.reset()
	// A national file has hundreds of thousands of bids: size for them at
	// once (a bid statement takes at least 16 bytes).
	if n := min(bytes.Count(src, []byte("bid ")), len(src)/16); n > 64 {
		p.in.Bids = make([]auction.Bid, 0, n)
		p.pos.bids = make([]Pos, 0, n)
	}
}

// checkText refuses input that is not UTF-8 text with one error at the
// first offending byte, instead of one error per byte of a binary file.
func (p *bidsParser) checkText(src []byte) bool {
	bad, msg := -1, ""
	if bomUTF16(src) {
		p.list.Add(&Diagnostic{File: p.file, Pos: Pos{Offset: 0, Line: 1, Col: 1}, Msg: utf16Msg})
		return false
	}
	if i := crOnly(src); i >= 0 {
		p.list.Add(&Diagnostic{File: p.file, Pos: bidsPosAt(src, i), Msg: crOnlyMsg})
		return false
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		bad, msg = i, "NUL byte: this is a binary file, not a .bids text file"
	}
	if !utf8.Valid(src) {
		for i := 0; i < len(src) && (bad < 0 || i < bad); {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				bad, msg = i, "invalid UTF-8 encoding: a .bids file must be UTF-8 text"
				break
			}
			i += size
		}
	}
	if bad < 0 {
		return true
	}
	p.list.Add(&Diagnostic{File: p.file, Pos: bidsPosAt(src, bad), Msg: msg})
	return false
}

// bomUTF16 reports whether src starts with a UTF-16 byte order mark, as
// files saved by some Windows editors do.
func bomUTF16(src []byte) bool {
	return len(src) >= 2 && (src[0] == 0xff && src[1] == 0xfe || src[0] == 0xfe && src[1] == 0xff)
}

// crOnly returns the offset of the first line break of a file whose lines
// end with a lone CR (classic Mac OS), which would otherwise read as one
// long line, or -1.
func crOnly(src []byte) int {
	if bytes.IndexByte(src, '\n') >= 0 {
		return -1
	}
	i := bytes.IndexByte(src, '\r')
	if i < 0 || i == len(src)-1 {
		return -1
	}
	return i
}

const crOnlyMsg = "the lines of this file end with a lone carriage return (CR): save it with LF or CRLF line endings"

const utf16Msg = "the file is UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8"

// bidsPosAt computes the position of a byte offset.
func bidsPosAt(src []byte, off int) Pos {
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return Pos{Offset: off, Line: line, Col: off - start + 1}
}

// next moves to the next token.
func (p *bidsParser) next() { p.tok = p.sc.next() }

// peek returns the token after the current one without moving.
func (p *bidsParser) peek() bidsToken {
	save := p.sc
	p.sc.quiet = true
	t := p.sc.next()
	p.sc = save
	return t
}

// text returns a copy of a token's text.
func (p *bidsParser) text(t bidsToken) string { return string(p.bytes(t)) }

// bytes returns a token's text in the source, not to be kept.
func (p *bidsParser) bytes(t bidsToken) []byte { return p.src[t.off:t.end] }

// is reports whether the current token is the given word.
func (p *bidsParser) is(word string) bool {
	return p.tok.kind == bidsWord && string(p.bytes(p.tok)) == word
}

// keyword returns a word token's text: the keyword itself, without a copy,
// when it is a keyword of the language, and otherwise a copy.
func (p *bidsParser) keyword(t bidsToken) string {
	switch b := p.bytes(t); string(b) {
	case "auction":
		return "auction"
	case "currency":
		return "currency"
	case "ddu":
		return "ddu"
	case "item":
		return "item"
	case "set":
		return "set"
	case "rule":
		return "rule"
	case "bidder":
		return "bidder"
	case "bid-order":
		return "bid-order"
	case "end":
		return "end"
	case "bid":
		return "bid"
	case "xor":
		return "xor"
	case "or":
		return "or"
	case "all":
		return "all"
	case "choose":
		return "choose"
	case "budget":
		return "budget"
	case "min-volume":
		return "min-volume"
	case "max-volume":
		return "max-volume"
	case "max-items":
		return "max-items"
	case "reserve":
		return "reserve"
	case "region":
		return "region"
	case "at":
		return "at"
	case "window":
		return "window"
	default:
		return string(b)
	}
}

// at returns a token's position. EOF after a final newline is placed at that
// newline, so that it is on the last line of the file.
func (p *bidsParser) at(t bidsToken) Pos {
	if t.kind == bidsEOF && t.off > 0 && t.off == len(p.src) && p.src[t.off-1] == '\n' {
		start := bytes.LastIndexByte(p.src[:t.off-1], '\n') + 1
		return Pos{Offset: t.off - 1, Line: t.line - 1, Col: t.off - start}
	}
	return Pos{Offset: t.off, Line: t.line, Col: t.col}
}

// endOf returns the position just after a token (tokens never span lines).
func (p *bidsParser) endOf(t bidsToken) Pos {
	if t.kind == bidsNewline || t.kind == bidsEOF {
		return Pos{}
	}
	return Pos{Offset: t.end, Line: t.line, Col: t.col + t.end - t.off}
}

// found describes a token for "expected X, found Y".
func (p *bidsParser) found(t bidsToken) string {
	switch t.kind {
	case bidsEOF:
		return "EOF"
	case bidsNewline:
		return "newline"
	case bidsWord, bidsString:
		return bidsClipBytes(p.bytes(t))
	case bidsIllegal:
		r, _ := utf8.DecodeRune(p.src[t.off:])
		return bidsDescribeRune(r)
	}
	return "'" + p.text(t) + "'"
}

// restOfLine is the text of the line from token t on, without its comment
// and the blanks at its end.
func (p *bidsParser) restOfLine(t bidsToken) string {
	rest := p.src[t.off:]
	if i := bytes.IndexAny(rest, "\n#"); i >= 0 {
		rest = rest[:i]
	}
	return string(bytes.TrimRight(rest, " \t\r\v\f"))
}

// bidsDigits reports whether s is one or more ASCII digits.
func bidsDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isBidsDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// bidsClip shortens text echoed in a message to 40 characters, so that a
// megabyte of digits or a runaway string does not become a megabyte of
// message.
func bidsClip(s string) string { return clipText(s, 40) }

// bidsClipBytes is bidsClip of source text, copying only what it keeps: 41
// characters of at most 4 bytes are enough to tell whether and where to cut.
func bidsClipBytes(b []byte) string { return bidsClip(string(b[:min(len(b), 4*41)])) }

// clipText shortens s to at most n characters (runes), the last three of
// them "...", cutting between runes.
func clipText(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	k := 0
	for i := range s {
		if k == n-3 {
			return s[:i] + "..."
		}
		k++
	}
	return s
}

// scanError receives the scanner's errors.
func (p *bidsParser) scanError(off, line, col int, msg string) {
	p.report(Pos{Offset: off, Line: line, Col: col}, Pos{}, nil, true, msg)
}

// report adds an error unless it repeats one: a second error at the same
// place, or a second syntax error on one line, is a cascade and is dropped.
// At MaxErrors errors the reader stops. It returns the diagnostic, or nil
// when it was dropped.
func (p *bidsParser) report(pos, end Pos, err error, syntax bool, msg string) *Diagnostic {
	if p.stopped {
		return nil
	}
	p.taint.taint() // also for an error dropped as a repeat: it is still an error here
	if pos.Offset == p.lastErrOff || (syntax && pos.Line == p.lastSynLine) {
		return nil
	}
	d := &Diagnostic{File: p.file, Pos: pos, End: end, Msg: msg, Err: err}
	p.list.Add(d)
	p.nerr++
	p.lastErrOff = pos.Offset
	if syntax {
		p.lastSynLine = pos.Line
	}
	if p.nerr >= MaxErrors {
		p.stopped = true
		p.sc.stop()
	}
	return d
}

// syntaxError reports that the token t is not what the grammar expects.
func (p *bidsParser) syntaxError(t bidsToken, format string, args ...any) *Diagnostic {
	return p.report(p.at(t), p.endOf(t), nil, true, fmt.Sprintf(format, args...))
}

// expected reports "expected what, found t".
func (p *bidsParser) expected(t bidsToken, what string) *Diagnostic {
	return p.syntaxError(t, "expected %s, found %s%s", what, p.found(t), p.commentHint(t))
}

// commentHint explains a "//" comment, which the language does not have.
func (p *bidsParser) commentHint(t bidsToken) string {
	if t.kind == bidsSlash && t.end < len(p.src) && p.src[t.end] == '/' {
		return " (comments start with #)"
	}
	return ""
}

// valueError reports a malformed value in an otherwise well-formed
// statement; reading goes on without resynchronising.
func (p *bidsParser) valueError(t bidsToken, err error, format string, args ...any) *Diagnostic {
	return p.report(p.at(t), p.endOf(t), err, false, fmt.Sprintf(format, args...))
}

func bidsRelate(d *Diagnostic, pos Pos, msg string) {
	if d != nil && pos.IsValid() {
		d.Related = append(d.Related, Related{Pos: pos, Msg: msg})
	}
}

// isStatementKeyword reports whether word starts a statement. Such a word
// first on a line always starts one, which ends an unclosed bundle.
func isStatementKeyword(word string) bool {
	switch word {
	case "auction", "currency", "ddu", "item", "set", "rule", "bidder", "bid-order",
		"end", "bid", "xor", "or", "all", "choose", "budget", "min-volume", "max-volume", "max-items":
		return true
	}
	return false
}

// isTopKeyword reports whether word starts a statement that only appears
// outside bidders.
func isTopKeyword(word string) bool {
	switch word {
	case "auction", "currency", "ddu", "item", "set", "rule", "bidder", "bid-order":
		return true
	}
	return false
}

// startsStatement reports whether the current token, first on its line,
// is a keyword that starts a statement (and not an item of that name in a
// bundle or window list, which a colon follows).
func (p *bidsParser) startsStatement() bool {
	return p.tok.kind == bidsWord && p.tok.first && isStatementKeyword(p.keyword(p.tok)) && p.peek().kind != bidsColon
}

// skipLine skips the rest of a statement after an error: up to the newline
// or EOF, or a '}' that closes an enclosing group, which stay the current
// token. Braces opened in the skipped text are matched, but a statement
// keyword first on a line stops the skip even inside them.
func (p *bidsParser) skipLine() {
	depth := 0
	for {
		switch p.tok.kind {
		case bidsEOF:
			return
		case bidsNewline:
			if depth == 0 {
				return
			}
		case bidsLBrace:
			depth++
		case bidsRBrace:
			if depth == 0 {
				return
			}
			depth--
		case bidsWord:
			if depth > 0 && p.startsStatement() {
				return
			}
		}
		p.next()
	}
}

// endStatement expects the end of a statement: a newline (consumed), EOF,
// or a '}' (left for the enclosing group). what lists what else could have
// come, as in "min or end of line".
func (p *bidsParser) endStatement(what string) {
	switch p.tok.kind {
	case bidsNewline:
		p.next()
		return
	case bidsEOF, bidsRBrace:
		return
	}
	p.expectedWord(p.tok, what, nil)
	p.skipLine()
	if p.tok.kind == bidsNewline {
		p.next()
	}
}

// expectedWord reports "expected what, found t", with a suggestion when t
// is a word close to one of the keywords.
func (p *bidsParser) expectedWord(t bidsToken, what string, keywords []string) {
	msg := fmt.Sprintf("expected %s, found %s%s", what, p.found(t), p.commentHint(t))
	if t.kind == bidsWord {
		if s := bidsSuggest(p.text(t), keywords); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
	}
	p.syntaxError(t, "%s", msg)
}

// str returns s, or an equal string returned before, so that the many
// items that share a window name or a region share its memory. s is a
// name read (a copy, not part of the source).
func (p *bidsParser) str(s string) string {
	if v, ok := p.strs[s]; ok {
		return v
	}
	p.strs[s] = s
	return s
}

// name reads a name: a word that is not a number with a sign or a leading
// dot, or a string. what says what the name is for, in messages. On a
// missing name it reports and returns ok false without moving. The name is
// a copy: it does not share memory with the source.
func (p *bidsParser) name(what string) (s string, t bidsToken, ok bool) {
	t = p.tok
	switch t.kind {
	case bidsWord:
		if c := p.src[t.off]; c == '-' || c == '+' || c == '.' {
			p.expected(t, what)
			return "", t, false
		}
		s = p.text(t)
	case bidsString:
		lit := p.text(t)
		if t.bad {
			s = lit[1:] // unterminated, already reported
			break
		}
		v, good := bidsUnquote(lit)
		switch {
		case !good:
			p.valueError(t, nil, "invalid escape in string %s", p.found(t))
		case !utf8.ValidString(v):
			// A \x or octal escape makes a byte, not a character: the name
			// could not be written as JSON, nor told apart in a result.
			p.valueError(t, nil, "string %s is not valid UTF-8: an escape such as \\xff is a byte, not a character (write \\u00ff for ÿ)", p.found(t))
		}
		s = v
	default:
		p.expected(t, what)
		return "", t, false
	}
	p.next()
	return s, t, true
}

// idName is name for the ID of a bid or bidder, which the instance keeps:
// a word is copied into a block of memory shared with the IDs read before
// (p.names), one allocation for thousands of IDs.
func (p *bidsParser) idName(what string) (s string, t bidsToken, ok bool) {
	if t = p.tok; t.kind == bidsWord {
		if c := p.src[t.off]; c != '-' && c != '+' && c != '.' {
			p.next()
			return p.keep(p.bytes(t)), t, true
		}
	}
	return p.name(what)
}

// keep copies b into p.names. A strings.Builder never changes the bytes of
// a string it has returned, and a block is filled only up to its capacity,
// so the IDs copied before stay where they are.
func (p *bidsParser) keep(b []byte) string {
	const block = 64 << 10
	if len(b) > block/16 {
		return string(b)
	}
	if p.names.Cap()-p.names.Len() < len(b) {
		p.names = strings.Builder{}
		p.names.Grow(block)
	}
	start := p.names.Len()
	p.names.Write(b)
	return p.names.String()[start:]
}

// sharedName is name for a name that many items share (a window, a region,
// the DDU of an item): it returns the string returned before for an equal
// name, and copies only a new one.
func (p *bidsParser) sharedName(what string) (s string, t bidsToken, ok bool) {
	if t = p.tok; t.kind == bidsWord {
		if c := p.src[t.off]; c != '-' && c != '+' && c != '.' {
			if v, seen := p.strs[string(p.bytes(t))]; seen {
				p.next()
				return v, t, true
			}
		}
	}
	s, t, ok = p.name(what)
	if ok {
		s = p.str(s)
	}
	return s, t, ok
}

// declared notes the first declaration of a word-level statement so that
// currency can tell it came too late.
func (p *bidsParser) declared(t bidsToken) {
	if !p.hasDecl {
		p.firstDecl, p.hasDecl = t, true
	}
}

// parseFile reads statements up to EOF.
func (p *bidsParser) parseFile() {
	p.next()
	if p.foreign() {
		return
	}
	for p.tok.kind != bidsEOF {
		switch p.tok.kind {
		case bidsNewline:
			p.next()
		case bidsWord:
			p.topStatement()
		case bidsRBrace:
			p.syntaxError(p.tok, "unexpected '}': no group is open")
			p.next()
		default:
			p.expected(p.tok, "a statement (auction, currency, ddu, item, set, rule or bidder)")
			p.skipLine()
			if p.tok.kind == bidsRBrace {
				p.next()
			}
		}
	}
}

// foreign recognises a JSON or CATS file handed to the .bids reader, and
// says so once instead of reporting every line.
func (p *bidsParser) foreign() bool {
	var hint string
	switch {
	case p.tok.kind == bidsLBrace || p.tok.kind == bidsIllegal && p.src[p.tok.off] == '[':
		hint = "this looks like a JSON file, not .bids"
	case p.tok.kind == bidsIllegal && p.src[p.tok.off] == '%':
		hint = "this looks like a CATS file, not .bids"
	default:
		return false
	}
	if p.tok.kind == bidsIllegal { // the scanner reported the character: say more
		p.list = p.list[:0]
		p.nerr = 0
		p.lastErrOff, p.lastSynLine = -1, 0
	}
	p.syntaxError(p.tok, "expected a statement, found %s: %s", p.found(p.tok), hint)
	p.stopped = true
	p.sc.stop()
	return true
}

var bidsTopKeywords = []string{"auction", "currency", "ddu", "item", "set", "rule", "bidder", "bid-order"}

func (p *bidsParser) topStatement() {
	p.taint.reset()
	t := p.tok
	word := p.keyword(t)
	switch word {
	case "auction", "currency", "ddu", "item", "set", "rule", "bidder", "bid-order":
	case "end":
		p.syntaxError(t, "end without bidder: no bidder is open")
		p.next()
		p.endStatement("end of line")
		return
	case "bid", "xor", "or", "all", "choose", "budget", "min-volume", "max-volume", "max-items":
		p.syntaxError(t, "%s outside a bidder: it belongs between \"bidder NAME\" and \"end\"", word)
		p.skipLine()
		if p.tok.kind == bidsRBrace {
			p.next()
		}
		return
	default:
		// Report, then read the line as the keyword it most likely is, so
		// that what it declares exists and its body does not cascade.
		msg := fmt.Sprintf("unknown keyword %s", word)
		s := bidsSuggest(word, bidsTopKeywords)
		if s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		} else {
			msg += " (a statement starts with auction, currency, ddu, item, set, rule or bidder)"
		}
		p.syntaxError(t, "%s", msg)
		if s == "" {
			p.skipLine()
			if p.tok.kind == bidsRBrace {
				p.next()
			}
			return
		}
		word = s
	}
	switch word {
	case "auction":
		p.auctionStmt()
	case "currency":
		p.currencyStmt()
	case "ddu":
		p.declared(t)
		p.dduStmt()
	case "item":
		p.declared(t)
		p.itemStmt()
	case "set":
		p.declared(t)
		p.setStmt()
	case "rule":
		p.declared(t)
		p.ruleStmt()
	case "bidder":
		p.declared(t)
		p.bidderStmt()
	case "bid-order":
		p.bidOrderStmt()
	}
}

// finish reports the names that named nothing, places the roots of the bid
// trees, and applies the bid order.
func (p *bidsParser) finish() {
	for _, r := range p.pending {
		p.reportPending(r)
	}
	for b := range p.in.Bidders {
		p.pos.groups[&p.in.Bidders[b].Tree] = p.pos.bidders[b]
	}
	if p.order != nil && p.nerr == 0 {
		p.applyOrder()
	}
}

// reportPending reports a name that named nothing when it was read. It was
// counted in nerr when it was met.
func (p *bidsParser) reportPending(r bidsPendingRef) {
	if _, known := p.items[r.name]; !known && p.isBroken(r.name) {
		return // its declaration failed, and said so
	}
	d := &Diagnostic{File: p.file, Pos: r.pos, End: r.end, Err: auction.ErrUnknownRef}
	switch i, isItem := p.items[r.name]; {
	case isItem:
		d.Msg = fmt.Sprintf("item %q is used before it is declared%s: declare items before the sets and bids that use them", clipText(r.name, 80), r.ctx)
		bidsRelate(d, p.pos.items[i], "declared here")
	default:
		if dpos, isDDU := p.dduPos[r.name]; isDDU {
			d.Msg = fmt.Sprintf("DDU %q is used before it is declared%s: declare DDUs before the sets and bids that use them", clipText(r.name, 80), r.ctx)
			bidsRelate(d, dpos, "declared here")
			break
		}
		if s, isSet := p.sets[r.name]; isSet {
			d.Msg = fmt.Sprintf("set %q is used before it is declared%s: declare sets before the sets and bids that use them", clipText(r.name, 80), r.ctx)
			bidsRelate(d, p.pos.fields[fieldKey{auction.RefInstance, s, auction.FieldSet, 0}], "declared here")
			break
		}
		d.Msg = fmt.Sprintf("unknown %s %q%s", r.what, clipText(r.name, 80), r.ctx)
		if s := p.suggestRef(r.name, r.what); s != "" {
			d.Msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
	}
	p.list.Add(d)
}
