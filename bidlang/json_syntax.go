package bidlang

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// This file parses JSON text (RFC 8259) into a tree of jsonValue that keeps
// the position of every value and object key, which encoding/json does not
// give. The reader then walks the tree and reports problems at the value at
// fault. The parser is strict: no comments, no trailing commas, valid UTF-8,
// no lone surrogates, nesting at most jsonMaxDepth deep.

type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

func (k jsonKind) String() string {
	switch k {
	case jsonNull:
		return "null"
	case jsonBool:
		return "boolean"
	case jsonNumber:
		return "number"
	case jsonString:
		return "string"
	case jsonArray:
		return "array"
	}
	return "object"
}

// jsonValue is one JSON value and where it starts.
type jsonValue struct {
	kind    jsonKind
	pos     Pos
	text    string // string: the decoded text; number: the literal; boolean: "true" or "false"
	elems   []*jsonValue
	members []jsonMember
}

// jsonMember is one key and value of an object.
type jsonMember struct {
	key    string
	keyPos Pos
	val    *jsonValue
}

// jsonMaxDepth bounds nesting, so that hostile input cannot exhaust the stack.
const jsonMaxDepth = 500

type jsonParser struct {
	file      string
	src       []byte
	off       int
	line      int
	lineStart int
	depth     int
	err       *Diagnostic // the first syntax error; parsing stops there
}

// parseJSON parses src as one JSON value. It returns nil and a diagnostic
// on the first syntax error.
func parseJSON(file string, src []byte) (*jsonValue, *Diagnostic) {
	p := &jsonParser{file: file, src: src, line: 1}
	if bomUTF16(src) {
		p.fail("%s", utf16Msg)
		return nil, p.err
	}
	if strings.HasPrefix(string(src[:min(len(src), 3)]), "\ufeff") {
		p.off = 3 // skip a byte order mark (columns still count its bytes)
	}
	p.skipSpace()
	if p.off >= len(p.src) {
		p.fail("expected a JSON object, found end of input")
		return nil, p.err
	}
	if h := jsonForeign(p.src[p.off:]); h != "" {
		p.fail("expected a JSON object, found %s: %s", p.found(), h)
		return nil, p.err
	}
	v := p.value()
	if p.err != nil {
		return nil, p.err
	}
	p.skipSpace()
	if p.off < len(p.src) {
		p.fail("expected end of input after the top-level value, found %s", p.found())
		return nil, p.err
	}
	return v, nil
}

func (p *jsonParser) pos() Pos {
	return Pos{Offset: p.off, Line: p.line, Col: p.off - p.lineStart + 1}
}

func (p *jsonParser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = &Diagnostic{File: p.file, Pos: p.pos(), Msg: fmt.Sprintf(format, args...)}
	}
}

// found describes what is at the current offset, for "expected X, found Y".
func (p *jsonParser) found() string {
	if p.off >= len(p.src) {
		return "end of input"
	}
	r, size := utf8.DecodeRune(p.src[p.off:])
	switch {
	case r == utf8.RuneError && size <= 1:
		return fmt.Sprintf("byte 0x%02x", p.src[p.off])
	case r == '\n':
		return "newline"
	case r < ' ' || r == 0x7f:
		return fmt.Sprintf("control character %U", r)
	}
	return fmt.Sprintf("%q", r)
}

// hint explains a common slip at the current offset, where a value or key
// was expected: a comment, single quotes, a trailing comma.
// jsonForeign recognises a CATS or .bids file handed to the JSON reader by
// how it starts (src at its first byte that is not white space): a hint for
// the error, or "".
func jsonForeign(src []byte) string {
	if len(src) == 0 {
		return ""
	}
	switch src[0] {
	case '%':
		return "this looks like a CATS file, not JSON"
	case '#':
		return "this looks like a .bids file, not JSON"
	}
	end := 0
	for end < len(src) && (src[end] >= 'a' && src[end] <= 'z' || src[end] >= 'A' && src[end] <= 'Z') {
		end++
	}
	word := string(src[:end])
	switch {
	case strings.EqualFold(word, "goods"):
		return "this looks like a CATS file, not JSON"
	case slices.Contains(bidsKeywords, word):
		return "this looks like a .bids file, not JSON"
	}
	return ""
}

func (p *jsonParser) hint() string {
	if p.off >= len(p.src) {
		return ""
	}
	switch p.src[p.off] {
	case '/':
		return " (JSON has no comments)"
	case '\'':
		return " (JSON strings take double quotes)"
	case '}', ']':
		i := p.off - 1
		for i >= 0 && (p.src[i] == ' ' || p.src[i] == '\t' || p.src[i] == '\r' || p.src[i] == '\n') {
			i--
		}
		if i >= 0 && p.src[i] == ',' {
			return " (a trailing comma is not allowed)"
		}
	}
	return ""
}

func (p *jsonParser) skipSpace() {
	for p.off < len(p.src) {
		switch p.src[p.off] {
		case '\n':
			p.off++
			p.line, p.lineStart = p.line+1, p.off
		case ' ', '\t', '\r':
			p.off++
		default:
			return
		}
	}
}

func (p *jsonParser) value() *jsonValue {
	if p.off >= len(p.src) {
		p.fail("expected a value, found end of input")
		return nil
	}
	switch c := p.src[p.off]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		pos := p.pos()
		s, ok := p.string()
		if !ok {
			return nil
		}
		return &jsonValue{kind: jsonString, pos: pos, text: s}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't' || c == 'f' || c == 'n':
		return p.literal()
	}
	p.fail("expected a value, found %s%s", p.found(), p.hint())
	return nil
}

func (p *jsonParser) enter() bool {
	p.depth++
	if p.depth > jsonMaxDepth {
		p.fail("nesting deeper than %d levels", jsonMaxDepth)
		return false
	}
	return true
}

func (p *jsonParser) object() *jsonValue {
	v := &jsonValue{kind: jsonObject, pos: p.pos()}
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	p.off++ // '{'
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == '}' {
		p.off++
		return v
	}
	for {
		if p.off >= len(p.src) || p.src[p.off] != '"' {
			p.fail("expected a string key, found %s%s", p.found(), p.hint())
			return nil
		}
		keyPos := p.pos()
		key, ok := p.string()
		if !ok {
			return nil
		}
		p.skipSpace()
		if p.off >= len(p.src) || p.src[p.off] != ':' {
			p.fail("expected ':' after object key, found %s", p.found())
			return nil
		}
		p.off++
		p.skipSpace()
		val := p.value()
		if val == nil {
			return nil
		}
		v.members = append(v.members, jsonMember{key: key, keyPos: keyPos, val: val})
		p.skipSpace()
		if p.off < len(p.src) && p.src[p.off] == '}' {
			p.off++
			return v
		}
		if p.off >= len(p.src) || p.src[p.off] != ',' {
			p.fail("expected ',' or '}' after object member, found %s", p.found())
			return nil
		}
		p.off++
		p.skipSpace()
	}
}

func (p *jsonParser) array() *jsonValue {
	v := &jsonValue{kind: jsonArray, pos: p.pos()}
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	p.off++ // '['
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == ']' {
		p.off++
		return v
	}
	for {
		el := p.value()
		if el == nil {
			return nil
		}
		v.elems = append(v.elems, el)
		p.skipSpace()
		if p.off < len(p.src) && p.src[p.off] == ']' {
			p.off++
			return v
		}
		if p.off >= len(p.src) || p.src[p.off] != ',' {
			p.fail("expected ',' or ']' after array element, found %s", p.found())
			return nil
		}
		p.off++
		p.skipSpace()
	}
}

func (p *jsonParser) literal() *jsonValue {
	pos := p.pos()
	for _, lit := range [...]string{"true", "false", "null"} {
		if strings.HasPrefix(string(p.src[p.off:min(len(p.src), p.off+len(lit))]), lit) {
			end := p.off + len(lit)
			if end < len(p.src) && isJSONWordByte(p.src[end]) {
				break
			}
			p.off = end
			if lit == "null" {
				return &jsonValue{kind: jsonNull, pos: pos}
			}
			return &jsonValue{kind: jsonBool, pos: pos, text: lit}
		}
	}
	end := p.off
	for end < len(p.src) && isJSONWordByte(p.src[end]) && end-p.off < 20 {
		end++
	}
	p.fail("expected a value, found %q", string(p.src[p.off:end]))
	return nil
}

func isJSONWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// number scans the JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *jsonParser) number() *jsonValue {
	pos := p.pos()
	start := p.off
	digits := func() int {
		n := 0
		for p.off < len(p.src) && p.src[p.off] >= '0' && p.src[p.off] <= '9' {
			p.off++
			n++
		}
		return n
	}
	if p.src[p.off] == '-' {
		p.off++
	}
	if p.off < len(p.src) && p.src[p.off] == '0' {
		p.off++
		if p.off < len(p.src) && p.src[p.off] >= '0' && p.src[p.off] <= '9' {
			p.fail("invalid number: leading zero")
			return nil
		}
	} else if digits() == 0 {
		p.fail("invalid number: expected a digit, found %s", p.found())
		return nil
	}
	if p.off < len(p.src) && p.src[p.off] == '.' {
		p.off++
		if digits() == 0 {
			p.fail("invalid number: expected a digit after '.', found %s", p.found())
			return nil
		}
	}
	if p.off < len(p.src) && (p.src[p.off] == 'e' || p.src[p.off] == 'E') {
		p.off++
		if p.off < len(p.src) && (p.src[p.off] == '+' || p.src[p.off] == '-') {
			p.off++
		}
		if digits() == 0 {
			p.fail("invalid number: expected a digit in the exponent, found %s", p.found())
			return nil
		}
	}
	if p.off < len(p.src) && isJSONWordByte(p.src[p.off]) {
		p.fail("invalid number: unexpected %s", p.found())
		return nil
	}
	return &jsonValue{kind: jsonNumber, pos: pos, text: string(p.src[start:p.off])}
}

// string scans a string starting at the opening quote and returns its
// decoded text.
func (p *jsonParser) string() (string, bool) {
	p.off++ // opening quote
	start := p.off
	// Fast path: no escapes, all ASCII.
	for i := start; i < len(p.src); i++ {
		c := p.src[i]
		if c == '"' {
			p.off = i + 1
			return string(p.src[start:i]), true
		}
		if c == '\\' || c < ' ' || c >= utf8.RuneSelf {
			break
		}
	}
	var b strings.Builder
	for {
		if p.off >= len(p.src) {
			p.fail("unterminated string")
			return "", false
		}
		c := p.src[p.off]
		switch {
		case c == '"':
			p.off++
			return b.String(), true
		case c == '\\':
			if !p.escape(&b) {
				return "", false
			}
		case c == '\n':
			p.fail("unterminated string: newline inside a string")
			return "", false
		case c < ' ':
			p.fail("control character %U inside a string: write it as an escape", rune(c))
			return "", false
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			p.off++
		default:
			r, size := utf8.DecodeRune(p.src[p.off:])
			if r == utf8.RuneError && size == 1 {
				p.fail("invalid UTF-8 byte 0x%02x inside a string", c)
				return "", false
			}
			b.WriteString(string(p.src[p.off : p.off+size]))
			p.off += size
		}
	}
}

// escape decodes one backslash escape at p.off into b.
func (p *jsonParser) escape(b *strings.Builder) bool {
	if p.off+1 >= len(p.src) {
		p.off++
		p.fail("unterminated string")
		return false
	}
	p.off++ // backslash
	c := p.src[p.off]
	if r, ok := jsonSimpleEscape(c); ok {
		b.WriteByte(r)
		p.off++
		return true
	}
	if c != 'u' {
		p.fail("invalid escape '\\%c' in string", c)
		return false
	}
	r, ok := p.hex4()
	if !ok {
		return false
	}
	switch {
	case r >= 0xd800 && r < 0xdc00:
		if p.off+1 < len(p.src) && p.src[p.off] == '\\' && p.src[p.off+1] == 'u' {
			p.off++
			lo, ok := p.hex4()
			if !ok {
				return false
			}
			if lo >= 0xdc00 && lo < 0xe000 {
				b.WriteRune(0x10000 + (r-0xd800)<<10 + (lo - 0xdc00))
				return true
			}
		}
		p.fail("invalid escape: \\u%04x is a lone surrogate", r)
		return false
	case r >= 0xdc00 && r < 0xe000:
		p.fail("invalid escape: \\u%04x is a lone surrogate", r)
		return false
	}
	b.WriteRune(r)
	return true
}

// hex4 reads the "uXXXX" of a \u escape, with p.off at the 'u'.
func (p *jsonParser) hex4() (rune, bool) {
	p.off++ // 'u'
	var r rune
	for i := 0; i < 4; i++ {
		if p.off >= len(p.src) {
			p.fail("invalid \\u escape: expected 4 hex digits, found end of input")
			return 0, false
		}
		c := p.src[p.off]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			p.fail("invalid \\u escape: expected a hex digit, found %s", p.found())
			return 0, false
		}
		r = r<<4 | rune(d)
		p.off++
	}
	return r, true
}

// jsonSimpleEscape decodes the one-letter escapes.
func jsonSimpleEscape(c byte) (byte, bool) {
	switch c {
	case '"', '\\', '/':
		return c, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}
