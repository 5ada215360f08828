package bidlang

import (
	"bytes"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"

	"github.com/gavelhq/gavel/auction"
)

// CATSCurrency is the currency of an instance read from a CATS file: CATS
// prices have no unit, so the code is ISO 4217's "XXX" (no currency), and
// Decimals is the fewest decimals that hold every price of the file exactly.
const CATSCurrency = "XXX"

// catsMaxGoods bounds the goods and dummy goods a header may declare, so that
// a corrupt count cannot exhaust memory (the national DDU market has about
// 18,000 DDUs).
const catsMaxGoods = 1 << 18 // WriteCATS refuses more, so that every file it writes reads back

// ReadCATS reads a file in the format of the Combinatorial Auction Test
// Suite (CATS 2.x), in its single-unit or multi-unit (CAMUS) layout; see
// cats.md. Goods become items "g0", "g1", ... (capacity 1, or the file's
// maximums); bids keep their number ("b17"); the bids that share a dummy
// good become one bidder "d<k>" (k = good − goods) with one xor group of
// them, and every other bid becomes a bidder "s<n>" of its own. Prices are
// read exactly, exponents included, in currency CATSCurrency.
//
// Problems are reported at file:line:col, up to MaxErrors errors. The
// instance is nil exactly when the list holds an error.
func ReadCATS(file string, src []byte) (*auction.Instance, ErrorList) {
	r := &catsReader{file: file, src: src, goods: -1, declBids: -1}
	r.read()
	if r.nerr > 0 {
		return nil, r.list
	}
	in := r.instance()
	if r.nerr > 0 {
		return nil, r.list
	}
	r.validate(in)
	if r.list.NumErrors() > 0 {
		return nil, r.list
	}
	return in, r.list
}

// catsBid is one bid line as read.
type catsBid struct {
	num        uint64
	pos        Pos    // of the bid number, the first token of the line
	unscaled   uint64 // the price is unscaled / 10^scale
	scale      int
	start, end int   // the bundle is demands[start:end]
	dummy      int64 // the dummy good, or -1
}

type catsReader struct {
	file    string
	src     []byte
	list    ErrorList
	nerr    int
	errLine int // the line of the last error reported

	// the current line, without its line break
	line      int
	lineStart int
	text      []byte
	next      int

	labels    [5]Pos // where each header label was read, by catsLabel (Line 0: not yet)
	nlabels   int    // header lines read
	goods     int64
	declBids  int64
	dummies   int64
	goodsPos  Pos
	bidsPos   Pos
	multi     bool
	maximums  []int64
	maxPos    []Pos
	sawBids   bool // a "bids" line was read
	noBidsErr bool

	bids     []catsBid
	demands  []auction.Demand
	cols     []int          // columns of the current bid's goods, for "first here"
	byNum    map[uint64]int // bid number -> index, once numbers leave 0, 1, 2, ...
	mark     []uint32       // per good: == stamp when in the current bid
	stamp    uint32
	decimals int
}

// errorf reports an error at pos. Only the first error of a line is kept
// (a line of garbage would otherwise give one per token), and at most
// MaxErrors in all; the diagnostic is returned either way, so that callers
// can attach related positions.
func (r *catsReader) errorf(pos Pos, format string, args ...any) *Diagnostic {
	d := &Diagnostic{File: r.file, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	if r.nerr < MaxErrors && pos.Line != r.errLine {
		r.nerr++
		r.list.Add(d)
		r.errLine = pos.Line
	}
	return d
}

func (r *catsReader) full() bool { return r.nerr >= MaxErrors }

// at returns the position of byte column c (0-based) of the current line.
func (r *catsReader) at(c int) Pos {
	return Pos{Offset: r.lineStart + c, Line: r.line, Col: c + 1}
}

// endPos is the position of the end of the file: just past its last byte,
// or, when the file ends with a line break, at that line break, so that it
// is on the last line of the file (as ReadBids places it).
func (r *catsReader) endPos() Pos {
	end := len(r.src)
	if end > 0 && r.src[end-1] == '\n' {
		end--
	}
	i := bytes.LastIndexByte(r.src[:end], '\n')
	return Pos{Offset: end, Line: bytes.Count(r.src[:end], []byte{'\n'}) + 1, Col: end - i}
}

func (r *catsReader) nextLine() bool {
	if r.next >= len(r.src) {
		return false
	}
	start := r.next
	end := bytes.IndexByte(r.src[start:], '\n')
	if end < 0 {
		end = len(r.src)
		r.next = end
	} else {
		end += start
		r.next = end + 1
	}
	if end > start && r.src[end-1] == '\r' {
		end--
	}
	r.line++
	r.lineStart = start
	r.text = r.src[start:end]
	return true
}

func catsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// token returns the token of the current line that starts at or after
// column i, its column, and the column just past it. A '#' is a token of
// its own. tok is nil at the end of the line.
func (r *catsReader) token(i int) (tok []byte, col, next int) {
	if i == 0 && r.lineStart == 0 && bytes.HasPrefix(r.text, []byte("\ufeff")) {
		i = 3 // a byte order mark
	}
	for i < len(r.text) && catsSpace(r.text[i]) {
		i++
	}
	if i >= len(r.text) {
		return nil, i, i
	}
	if r.text[i] == '#' {
		return r.text[i : i+1], i, i + 1
	}
	j := i
	for j < len(r.text) && !catsSpace(r.text[j]) && r.text[j] != '#' {
		j++
	}
	return r.text[i:j], i, j
}

// catsQuote shows a token in a message, shortened if long.
func catsQuote(tok []byte) string {
	if len(tok) > 24 {
		return strconv.Quote(string(tok[:21]) + "...")
	}
	return strconv.Quote(string(tok))
}

// catsDigits reports whether tok is a run of decimal digits, however long.
func catsDigits(tok []byte) bool {
	for _, c := range tok {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(tok) > 0
}

// catsUint parses a decimal integer of digits only.
func catsUint(tok []byte) (uint64, bool) {
	if len(tok) == 0 {
		return 0, false
	}
	var v uint64
	for _, c := range tok {
		if c < '0' || c > '9' {
			return 0, false
		}
		hi, lo := bits.Mul64(v, 10)
		lo, carry := bits.Add64(lo, uint64(c-'0'), 0)
		if hi != 0 || carry != 0 {
			return 0, false
		}
		v = lo
	}
	return v, true
}

func (r *catsReader) read() {
	if bomUTF16(r.src) {
		r.errorf(Pos{Offset: 0, Line: 1, Col: 1}, "%s", utf16Msg)
		return
	}
	if i := crOnly(r.src); i >= 0 {
		r.errorf(bidsPosAt(r.src, i), "%s", crOnlyMsg)
		return
	}
	if i := bytes.IndexByte(r.src, 0); i >= 0 {
		line := bytes.Count(r.src[:i], []byte{'\n'}) + 1
		col := i - (bytes.LastIndexByte(r.src[:i], '\n') + 1) + 1
		r.errorf(Pos{Offset: i, Line: line, Col: col}, "the file holds a NUL byte: it is not a CATS text file")
		return
	}
	for !r.full() && r.nextLine() {
		tok, col, next := r.token(0)
		if tok == nil || tok[0] == '%' {
			continue // blank or comment line
		}
		if c := tok[0]; (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') && (!r.sawBids || catsLabel(tok) > 0) {
			if !r.header(tok, col, next) {
				return
			}
			continue
		}
		if r.goods < 0 {
			r.errorf(r.at(col), "expected \"goods N\" at the start of the file, found %s%s", catsQuote(tok), r.foreign(tok))
			return
		}
		if !r.sawBids && !r.noBidsErr {
			r.errorf(r.at(col), "expected \"bids M\" before the first bid, found %s", catsQuote(tok))
			r.noBidsErr = true
		}
		r.bid(tok, col, next)
	}
	if r.goods < 0 && !r.full() {
		r.errorf(r.endPos(), "expected \"goods N\", found end of file")
		return
	}
	if !r.sawBids && !r.noBidsErr && !r.full() {
		// "goods N" and nothing after it: a file cut short, not an
		// auction without bids.
		r.errorf(r.endPos(), "expected \"bids M\" after the goods line, found end of file: is the file truncated?")
		return
	}
	if r.nerr == 0 && r.declBids >= 0 && int64(len(r.bids)) != r.declBids {
		r.checkCount()
	}
}

// checkCount reports a bids count that disagrees with the bid lines, as
// an error both ways: a file with fewer lines than its header declares may
// have been cut at a line break, and one with more was not written by
// CATS (which writes the number of lines), so neither is read as if
// nothing were amiss.
func (r *catsReader) checkCount() {
	n := int64(len(r.bids))
	var d *Diagnostic
	switch {
	case n == 0:
		d = r.errorf(r.endPos(), "the file ends after its header, which declares %d bids: is it truncated?", r.declBids)
	case n < r.declBids:
		bids := "bids"
		if n == 1 {
			bids = "bid"
		}
		d = r.errorf(r.endPos(), "the file ends after %d %s, but its header declares %d: is it truncated?", n, bids, r.declBids)
	default:
		d = r.errorf(r.bids[r.declBids].pos, "the file has %d bids, but its header declares %d", n, r.declBids)
	}
	jcRelated(d, r.bidsPos, "declared here")
}

var catsLabels = []string{"goods", "bids", "dummy", "maximums"}

// bidsKeywords are the statements a .bids file starts with.
var bidsKeywords = []string{"auction", "currency", "ddu", "item", "set", "rule", "bidder"}

// foreign recognises a .bids or JSON file handed to the CATS reader by its
// first token, before any header line: a hint to add to the error, or "".
func (r *catsReader) foreign(tok []byte) string {
	if r.nlabels > 0 {
		return ""
	}
	switch {
	case tok[0] == '{' || tok[0] == '[':
		return ": this looks like a JSON file, not CATS"
	case slices.Contains(bidsKeywords, string(tok)):
		return ": this looks like a .bids file, not CATS"
	case tok[0] == '#':
		return ": this looks like a .bids file, not CATS (whose comments start with %)"
	}
	return ""
}

// catsLabel returns 1 + the index of tok in catsLabels, ignoring case, or 0.
func catsLabel(tok []byte) int {
	for i, l := range catsLabels {
		if bytes.EqualFold(tok, []byte(l)) {
			return i + 1
		}
	}
	return 0
}

// header reads a header line that starts with the label tok. The lines
// goods, bids and dummy may come in any order (CATS writes them in this
// one; other tools and CATS-based readers take any), each once; maximums,
// which lists a value per good, comes after goods. It returns false when
// reading cannot go on.
func (r *catsReader) header(tok []byte, col, next int) bool {
	rank := catsLabel(tok)
	switch {
	case rank == 0:
		hint := r.foreign(tok)
		if hint == "" {
			hint = jsonDidYouMean(string(bytes.ToLower(tok)), catsLabels)
		}
		r.errorf(r.at(col), "expected a header line (goods, bids, dummy or maximums), found %s%s", catsQuote(tok), hint)
		return r.goods >= 0
	case len(r.bids) > 0:
		r.errorf(r.at(col), "unexpected %s line after the bids: the header comes first", catsQuote(tok))
		return true
	case r.labels[rank].Line != 0:
		d := r.errorf(r.at(col), "unexpected %s line: each header line is given once", catsQuote(tok))
		jcRelated(d, r.labels[rank], "first here")
		return true
	case rank == 4 && r.goods < 0:
		r.errorf(r.at(col), "maximums must come after the goods line: it lists one value per good")
		return false
	}
	r.labels[rank] = r.at(col)
	r.nlabels++
	if rank == 2 {
		r.sawBids = true
	}
	if rank == 4 {
		r.readMaximums(next)
		return true
	}
	label := catsLabels[rank-1]
	ntok, ncol, nnext := r.token(next)
	if ntok == nil {
		r.errorf(r.at(ncol), "expected a number after %s, found end of line", label)
		return rank != 1
	}
	n, ok := catsUint(ntok)
	if ok && n > math.MaxInt64 || !ok && catsDigits(ntok) {
		r.errorf(r.at(ncol), "%s %s is too large", label, catsQuote(ntok))
		return false
	}
	if !ok {
		r.errorf(r.at(ncol), "expected a number after %s, found %s", label, catsQuote(ntok))
		return rank != 1
	}
	if extra, ecol, _ := r.token(nnext); extra != nil && extra[0] != '%' {
		r.errorf(r.at(ecol), "unexpected %s after the %s count", catsQuote(extra), label)
	}
	if rank != 2 && n > catsMaxGoods {
		r.errorf(r.at(ncol), "%s %d is more than this reader accepts (%d)", label, n, catsMaxGoods)
		return false
	}
	switch rank {
	case 1:
		r.goods, r.goodsPos = int64(n), r.at(col)
	case 2:
		r.declBids, r.bidsPos = int64(n), r.at(ncol)
		r.bids = make([]catsBid, 0, min(n, uint64(bytes.Count(r.src[r.next:], []byte{'\n'})+1)))
		r.demands = make([]auction.Demand, 0, (len(r.src)-r.next)/8) // a good takes 2 to 8 bytes
	case 3:
		r.dummies = int64(n)
	}
	return true
}

// readMaximums reads the units of each good, the rest of a "maximums" line.
func (r *catsReader) readMaximums(i int) {
	r.multi = true
	r.maximums = make([]int64, 0, r.goods)
	for {
		tok, col, next := r.token(i)
		if tok == nil {
			if int64(len(r.maximums)) < r.goods {
				r.errorf(r.at(col), "maximums lists %d values, but the file has %d goods", len(r.maximums), r.goods)
			}
			return
		}
		if tok[0] == '%' {
			i = len(r.text)
			continue
		}
		if int64(len(r.maximums)) == r.goods {
			r.errorf(r.at(col), "unexpected %s: maximums lists one value for each of the %d goods", catsQuote(tok), r.goods)
			return
		}
		n, ok := catsUint(tok)
		switch {
		case !ok || n > math.MaxInt64:
			r.errorf(r.at(col), "expected the units of good %d, found %s", len(r.maximums), catsQuote(tok))
			return
		case n == 0:
			r.errorf(r.at(col), "good %d has 0 units: maximums must be positive", len(r.maximums))
		}
		r.maximums = append(r.maximums, int64(n))
		r.maxPos = append(r.maxPos, r.at(col))
		i = next
	}
}

// bid reads one bid line: number, price, goods (each with its units in the
// multi-unit layout), then '#'.
func (r *catsReader) bid(numTok []byte, col, next int) {
	num, ok := catsUint(numTok)
	if !ok {
		if catsDigits(numTok) {
			r.errorf(r.at(col), "bid number %s is too large", catsQuote(numTok))
		} else {
			r.errorf(r.at(col), "expected a bid number, found %s", catsQuote(numTok))
		}
		return
	}
	b := catsBid{num: num, pos: r.at(col), dummy: -1, start: len(r.demands)}
	index := len(r.bids)
	if r.byNum == nil && num != uint64(index) {
		r.byNum = make(map[uint64]int, cap(r.bids))
		for i := range r.bids {
			r.byNum[uint64(i)] = i
		}
	}
	if r.byNum != nil {
		if first, dup := r.byNum[num]; dup {
			jcRelated(r.errorf(b.pos, "bid number %d is repeated", num), r.bids[first].pos, "first used here")
		} else {
			r.byNum[num] = index
		}
	}
	// Count the line as a bid whatever follows, so that the count check
	// and later messages stay in step.
	defer func() {
		b.end = len(r.demands)
		r.bids = append(r.bids, b)
	}()

	tok, col, next := r.token(next)
	if tok == nil || tok[0] == '#' {
		r.errorf(r.at(col), "expected the price of bid %d, found %s", num, catsFound(tok))
		return
	}
	var msg string
	b.unscaled, b.scale, msg = catsParsePrice(tok)
	if msg != "" {
		r.errorf(r.at(col), "bid %d: %s", num, msg)
		return
	}
	r.decimals = max(r.decimals, b.scale)

	r.stamp++
	if r.stamp == 0 { // wrapped: clear the marks
		clear(r.mark)
		r.stamp = 1
	}
	r.cols = r.cols[:0]
	for {
		tok, col, next = r.token(next)
		if tok == nil {
			r.errorf(r.at(col), "expected a good or # in bid %d, found end of line (every bid line ends with #)", num)
			return
		}
		if tok[0] == '#' {
			break
		}
		good, ok := catsUint(tok)
		if !ok && catsDigits(tok) {
			r.errorf(r.at(col), "good %s is out of range: %s", catsQuote(tok), r.goodsRange())
			return
		}
		if !ok {
			r.errorf(r.at(col), "expected a good or # in bid %d, found %s", num, catsQuote(tok))
			return
		}
		units := uint64(1)
		gcol := col
		if r.multi {
			tok, col, next = r.token(next)
			units, ok = catsUint(tok)
			if tok == nil || tok[0] == '#' || !ok || units > math.MaxInt64 {
				r.errorf(r.at(col), "expected the units of good %d in bid %d, found %s", good, num, catsFound(tok))
				return
			}
			if units == 0 {
				r.errorf(r.at(col), "bid %d asks for 0 units of good %d: units must be positive", num, good)
			}
		}
		if good >= uint64(r.goods) {
			r.dummyGood(&b, good, units, gcol)
			continue
		}
		if r.mark == nil {
			r.mark = make([]uint32, r.goods)
		}
		if r.mark[good] == r.stamp {
			if r.errLine != r.line && !r.full() { // the first error of the line: say where the good first was
				d := r.errorf(r.at(gcol), "good %d is repeated in bid %d", good, num)
				for k := b.start; k < len(r.demands); k++ {
					if uint64(r.demands[k].Item) == good {
						jcRelated(d, r.at(r.cols[k-b.start]), "first here")
					}
				}
			}
			continue
		}
		r.mark[good] = r.stamp
		r.demands = append(r.demands, auction.Demand{Item: int(good), Volume: int64(units)})
		r.cols = append(r.cols, gcol)
	}
	if rest, rcol, _ := r.token(next); rest != nil && rest[0] != '%' {
		r.errorf(r.at(rcol), "unexpected %s after the # that ends bid %d: one bid per line", catsQuote(rest), num)
	}
}

// goodsRange says which goods the header declares, for a message about a
// good out of range: "the file has 4 goods (0 to 3) and 2 dummy goods", or
// "the file has no goods and 0 dummy goods" (never a range "0 to -1").
func (r *catsReader) goodsRange() string {
	if r.goods <= 0 {
		return fmt.Sprintf("the file has no goods and %d dummy goods", r.dummies)
	}
	return fmt.Sprintf("the file has %d goods (0 to %d) and %d dummy goods", r.goods, r.goods-1, r.dummies)
}

// dummyGood records the dummy good of a bid.
func (r *catsReader) dummyGood(b *catsBid, good, units uint64, col int) {
	switch {
	case good >= uint64(r.goods+r.dummies):
		r.errorf(r.at(col), "good %d is out of range: %s", good, r.goodsRange())
	case b.dummy >= 0:
		r.errorf(r.at(col), "bid %d has a second dummy good %d: a CATS bid has at most one", b.num, good)
	case units != 1:
		r.errorf(r.at(col), "bid %d asks for %d units of dummy good %d: a dummy good has 1 unit", b.num, units, good)
	default:
		b.dummy = int64(good)
	}
}

func catsFound(tok []byte) string {
	if tok == nil {
		return "end of line"
	}
	return catsQuote(tok)
}
