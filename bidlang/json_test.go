package bidlang_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/bidlang"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The golden files of the JSON and CATS tests are rewritten with -update:
//
//	go test ./bidlang -run 'Golden' -update

// jcGolden compares got with the golden file, or rewrites it under -update.
func jcGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" { // registered in update_test.go
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file: run with -update")
	assert.Equal(t, string(want), string(got), "output differs from %s (run with -update to accept)", path)
}

func jcWriteJSON(t testing.TB, in *auction.Instance) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, bidlang.WriteJSON(&buf, in))
	return buf.Bytes()
}

func TestReadJSONGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "json", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		if strings.HasSuffix(file, ".golden.json") {
			continue
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			in, diags := bidlang.ReadJSON(file, src)
			require.NoError(t, diags.Err())
			require.NotNil(t, in)
			out := jcWriteJSON(t, in)
			jcGolden(t, strings.TrimSuffix(file, ".json")+".golden.json", out)

			// The written form is canonical: reading and writing it again
			// changes nothing.
			again, diags := bidlang.ReadJSON("golden", out)
			require.NoError(t, diags.Err())
			assert.Equal(t, in, again)
			assert.Equal(t, string(out), string(jcWriteJSON(t, again)))
		})
	}
}

// TestReadJSONQuickstart checks one document field by field, so that the
// golden files are known to hold the right instance.
func TestReadJSONQuickstart(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "json", "quickstart.json"))
	require.NoError(t, err)
	in, diags := bidlang.ReadJSON("quickstart.json", src)
	require.NoError(t, diags.Err())
	require.NotNil(t, in)

	assert.Equal(t, "Quickstart: three DDUs in Los Angeles", in.Name)
	assert.Equal(t, auction.Currency{Code: "USD", Decimals: 2}, in.Currency)
	assert.Equal(t, auction.Ratio{Num: 4, Den: 5}, in.Rules.MaxShare)
	require.Len(t, in.Items, 4)
	assert.Equal(t, auction.Item{ID: "D90001", DDU: "D90001", Capacity: 5000, Reserve: 30, Region: "Westside",
		Loc: &auction.LatLon{Lat: 34.0522, Lon: -118.2437}}, in.Items[0])
	assert.Equal(t, auction.Item{ID: "D90004.am", DDU: "D90004", Window: "am", Capacity: 2500, Reserve: 35}, in.Items[2])
	assert.Equal(t, []auction.ItemSet{{Name: "WESTSIDE", Items: []int{0, 1, 2}}}, in.Sets)

	require.Len(t, in.Bidders, 3)
	big := in.Bidders[0]
	assert.Equal(t, "bigbox", big.ID)
	assert.Equal(t, "Big Box Retail Inc.", big.Name)
	assert.Equal(t, auction.Money(900000), big.Budget)
	assert.Equal(t, auction.Group{Kind: auction.Or, Children: []auction.Node{
		{Bid: 0},
		{Group: &auction.Group{Kind: auction.Xor, Children: []auction.Node{{Bid: 1}, {Bid: 2}}}},
		{Bid: 3},
	}}, big.Tree)
	swift := in.Bidders[1]
	assert.Equal(t, int64(6000), swift.MaxVolume)
	assert.Equal(t, 4, swift.MaxItems)
	assert.Equal(t, int64(1000), swift.MinVolume)
	assert.Equal(t, auction.Group{Kind: auction.Or, Children: []auction.Node{
		{Group: &auction.Group{Kind: auction.Choose, Min: 1, Max: 2, Children: []auction.Node{{Bid: 4}, {Bid: 5}}}},
		{Group: &auction.Group{Kind: auction.All, Children: []auction.Node{{Bid: 6}, {Bid: 7}}}},
	}}, swift.Tree)
	// No "tree": the bidder's bids in order, under the root.
	assert.Equal(t, auction.Group{Kind: auction.Or, Children: []auction.Node{{Bid: 8}}}, in.Bidders[2].Tree)

	require.Len(t, in.Bids, 9)
	assert.Equal(t, auction.Bid{ID: "b1", Bidder: 0, Amount: 390000,
		Bundle: []auction.Demand{{Item: 0, Volume: 3000}, {Item: 1, Volume: 2000}, {Item: 2, Volume: 1500}}}, in.Bids[0])
	assert.Equal(t, auction.Bid{ID: "b4", Bidder: 0, Amount: 45, PerUnit: true, MinFraction: auction.Ratio{Num: 1, Den: 4},
		Bundle: []auction.Demand{{Item: 3, Volume: 1200}}}, in.Bids[3])
	assert.Equal(t, 2, in.Bids[8].Bidder)
}

// jcErrorMarker is an expected diagnostic written into a test input right
// before the byte it is reported at, as go/types tests do:
// /*ERROR "regexp"*/ for an error and /*WARN "regexp"*/ for a warning.
// Every diagnostic has a position: one about the instance as a whole is at
// the start of the input.
var jcErrorMarker = regexp.MustCompile(`/\*(ERROR|WARN) "((?:[^"\\]|\\.)*)"\*/`)

type jcExpect struct {
	warn   bool
	offset int
	re     *regexp.Regexp
}

// jcStripMarkers removes the markers from src and returns what they expect.
func jcStripMarkers(t *testing.T, src string) (string, []jcExpect) {
	t.Helper()
	var out strings.Builder
	var want []jcExpect
	last := 0
	for _, m := range jcErrorMarker.FindAllStringSubmatchIndex(src, -1) {
		out.WriteString(src[last:m[0]])
		last = m[1]
		pattern, err := strconv.Unquote(`"` + src[m[4]:m[5]] + `"`)
		require.NoError(t, err)
		offset := out.Len()
		want = append(want, jcExpect{warn: src[m[2]:m[3]] == "WARN", offset: offset, re: regexp.MustCompile(pattern)})
	}
	out.WriteString(src[last:])
	return out.String(), want
}

// jcCheckDiagnostics reads an input holding markers and checks that the
// diagnostics are exactly those the markers expect, at their positions.
func jcCheckDiagnostics(t *testing.T, read func(string, []byte) (*auction.Instance, bidlang.ErrorList), marked string) bidlang.ErrorList {
	t.Helper()
	src, want := jcStripMarkers(t, marked)
	in, diags := read("test", []byte(src))
	hasErr := false
	for _, w := range want {
		hasErr = hasErr || !w.warn
	}
	assert.Equal(t, hasErr, in == nil, "the instance is nil exactly when there is an error")
	matched := make([]bool, len(want))
	for _, d := range diags {
		found := false
		for i, w := range want {
			if !matched[i] && w.offset == d.Pos.Offset && w.warn == (d.Severity == bidlang.Warning) && w.re.MatchString(d.Msg) {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("unexpected diagnostic at offset %d: %s", d.Pos.Offset, d.Error())
		}
		jcCheckPos(t, []byte(src), d.Pos)
	}
	for i, w := range want {
		if !matched[i] {
			t.Errorf("missing diagnostic at offset %d (%s) matching %q; got:\n%v", w.offset, jcLineCol(src, w.offset), w.re, diags)
		}
	}
	return diags
}

// jcLineCol gives the line:col of a byte offset.
func jcLineCol(src string, off int) string {
	if off < 0 || off > len(src) {
		return "no position"
	}
	line := strings.Count(src[:off], "\n") + 1
	col := off - (strings.LastIndexByte(src[:off], '\n') + 1) + 1
	return fmt.Sprintf("%d:%d", line, col)
}

// jcCheckPos checks that a position is known, lies inside src, and that
// its line and column agree with its offset.
func jcCheckPos(t testing.TB, src []byte, p bidlang.Pos) {
	t.Helper()
	if !p.IsValid() {
		t.Errorf("a diagnostic without a position")
		return
	}
	if p.Offset < 0 || p.Offset > len(src) {
		t.Errorf("position %v: offset %d outside the input (%d bytes)", p, p.Offset, len(src))
		return
	}
	if got := jcLineCol(string(src), p.Offset); got != p.String() {
		t.Errorf("position offset %d is at %s, but says %s", p.Offset, got, p)
	}
}

// jcDoc wraps items, bidders and bids in a document.
func jcDoc(rest string) string {
	return `{"format": "gavel/v1", "items": [{"id": "D90210", "capacity": 6000}, {"id": "D90211", "capacity": 100}]` + rest + "}"
}

func TestReadJSONDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{"empty input", `/*ERROR "expected a JSON object, found end of input"*/`},
		{"not an object", `/*ERROR "expected the instance object, found array"*/[1, 2]`},
		{"trailing comma", `{"format": "gavel/v1",/*ERROR "expected a string key, found '}'"*/}`},
		{"truncated", "{\"format\": \"gavel/v1\",\n  \"items\": [/*ERROR \"expected a value, found end of input\"*/"},
		{"missing colon", `{"format" /*ERROR "expected ':' after object key, found '\"'"*/"gavel/v1"}`},
		{"garbage after", `{"format": "gavel/v1", "items": []} /*ERROR "expected end of input"*/x`},
		{"bad literal", `{"format": /*ERROR "expected a value, found \"nul\""*/nul}`},
		{"leading zero", `{"format": "gavel/v1", "items": [{"id": "a", "capacity": 0/*ERROR "leading zero"*/12}]}`},
		{"control character", "{\"format\": \"gavel/*ERROR \"control character\"*/\x01/v1\"}"},
		{"newline in string", "{\"format\": \"gavel/*ERROR \"unterminated string\"*/\n/v1\"}"},
		{"invalid UTF-8", "{\"format\": \"gavel/v1\", \"name\": \"ab/*ERROR \"invalid UTF-8\"*/\xff\"}"},
		{"lone surrogate", `{"format": "gavel/v1", "name": "a\ud800/*ERROR "lone surrogate"*/x"}`},
		{"bad escape", `{"format": "gavel/v1", "name": "a\/*ERROR "invalid escape"*/q"}`},
		{"minus alone", `{"format": "gavel/v1", "items": [], "name": -/*ERROR "invalid number: expected a digit, found ','"*/, "x": 1}`},
		{"fraction without digits", `{"format": "gavel/v1", "items": [], "name": 1./*ERROR "expected a digit after '.'"*/}`},
		{"exponent without digits", `{"format": "gavel/v1", "items": [], "name": 1e+/*ERROR "expected a digit in the exponent"*/}`},
		{"letters after a number", `{"format": "gavel/v1", "items": [], "name": 12/*ERROR "invalid number: unexpected 'a'"*/ab}`},
		{"short unicode escape", `{"format": "gavel/v1", "name": "\u12/*ERROR "expected a hex digit, found '\"'"*/"}`},
		{"escape at end", "{\"format\": \"gavel/v1\", \"name\": \"ab\\/*ERROR \"unterminated string\"*/"},
		{"unterminated", "{\"format\": \"gavel/v1\", \"name\": \"ab/*ERROR \"unterminated string\"*/"},
		{"lone low surrogate", `{"format": "gavel/v1", "name": "a\udc00/*ERROR "lone surrogate"*/"}`},
		{"high surrogate then other", `{"format": "gavel/v1", "name": "a\ud800\u0041/*ERROR "lone surrogate"*/"}`},
		{"boolean for a string", jcDoc(`, "name": /*ERROR "expected a string for name, found boolean true"*/true`)},
		{"null for a string", jcDoc(`, "name": /*ERROR "expected a string for name, found null"*/null`)},
		{"array for an integer", `{"format": "gavel/v1", "items": [{"id": "a", "capacity": /*ERROR "expected an integer for capacity, found array"*/[]}]}`},
		{"object for money", jcDoc(`, "bidders": [{"id": "w", "budget": /*ERROR "expected a decimal string for budget, found object"*/{}}]`)},
		{"string for a number", `{"format": "gavel/v1", "items": [{"id": "a", "capacity": 1, "loc": {"lat": /*ERROR "expected a number for lat, found string"*/"1", "lon": 0}}]}`},
		{"not an array", jcDoc(`, "sets": /*ERROR "expected an array for sets, found object"*/{}`)},
		{"byte for a key", "{\"format\": \"gavel/v1\", /*ERROR \"expected a string key, found byte 0xff\"*/\xff: 1}"},
		{"control byte", "{\"format\": \"gavel/v1\", \"items\": []/*ERROR \"expected ',' or '}' after object member, found control character U.0007\"*/\x07}"},
		{"deep nesting", `{"format": "gavel/v1", "name": ` + strings.Repeat("[", 499) + `/*ERROR "nesting deeper than 500"*/[` + strings.Repeat("]", 500) + "}"},

		{"missing format and items", `/*ERROR "missing field \"format\""*//*ERROR "missing field \"items\""*/{}`},
		{"wrong format", `{"format": /*ERROR "unsupported format \"gavel/v2\""*/"gavel/v2", "items": []}`},
		{"unknown field", `/*ERROR "missing field \"items\""*/{"format": "gavel/v1", /*ERROR "unknown field \"itmes\" in the instance \\(did you mean \"items\"\\?\\)"*/"itmes": []}`},
		{"duplicate field", `{"format": "gavel/v1", "items": [], /*ERROR "duplicate field \"format\""*/"format": "gavel/v1"}`},
		{"wrong type", jcDoc(`, "name": /*ERROR "expected a string for name, found number 12"*/12`)},
		{"currency decimals", jcDoc(`, "currency": {"code": "USD", "decimals": /*ERROR "currency decimals 12 out of range"*/12}`)},
		{"currency without decimals", jcDoc(`, "currency": /*ERROR "missing field \"decimals\""*/{"code": "USD"}`)},
		{"bad ratio", jcDoc(`, "rules": {"max_share": /*ERROR "invalid max_share: \"sixty\": not a decimal"*/"sixty"}`)},
		{"zero denominator", jcDoc(`, "rules": {"max_share": /*ERROR "zero denominator"*/"1/0"}`)},
		{"min winners zero", jcDoc(`, "rules": {"min_winners": /*ERROR "min_winners must be at least 1 \\(a number of bidders; leave it out for no rule\\), found 0"*/0}`)},
		{"min winners negative", jcDoc(`, "rules": {"min_winners": /*ERROR "min_winners must be at least 1 .*found -1"*/-1}`)},
		{"min winners fraction", jcDoc(`, "rules": {"min_winners": /*ERROR "expected an integer for min_winners, found 2.5"*/2.5}`)},
		{"min winners string", jcDoc(`, "rules": {"min_winners": /*ERROR "expected an integer for min_winners, found string"*/"2"}`)},
		{"min winners typo", jcDoc(`, "rules": {/*ERROR "unknown field \"min_winner\" in rules \\(did you mean \"min_winners\"\\?\\)"*/"min_winner": 2}`)},
		{"capacity not an integer", `{"format": "gavel/v1", "items": [{"id": "a", "capacity": /*ERROR "expected an integer for capacity, found 1.5"*/1.5}]}`},
		{"capacity out of range", `{"format": "gavel/v1", "items": [{"id": "a", "capacity": /*ERROR "capacity 99999999999999999999 is out of range"*/99999999999999999999}]}`},
		{"item without capacity", `{"format": "gavel/v1", "items": [/*ERROR "item is missing field \"capacity\""*/{"id": "a"}]}`},
		{"empty id", `{"format": "gavel/v1", "items": [{"id": /*ERROR "item id must not be empty"*/"", "capacity": 1}]}`},
		{"duplicate item", `{"format": "gavel/v1", "items": [{"id": "a", "capacity": 1}, {"id": /*ERROR "duplicate item id \"a\""*/"a", "capacity": 1}]}`},
		{"item field typo", `{"format": "gavel/v1", "items": [{"id": "a", /*ERROR "unknown field \"capacty\" in item \\(did you mean \"capacity\"\\?\\)"*/"capacty": 1, "capacity": 1}]}`},
		{"location out of range", `{"format": "gavel/v1", "items": [{"id": "a", "capacity": 1, "loc": {"lat": /*ERROR "lat 1e999 is out of range"*/1e999, "lon": 0}}]}`},
		{"unknown item in set", jcDoc(`, "sets": [{"name": "LA", "items": ["D90210", /*ERROR "unknown item \"D90201\" \\(did you mean \"D90210\"\\?\\)"*/"D90201"]}]`)},
		{"duplicate set", jcDoc(`, "sets": [{"name": "LA", "items": []}, {"name": /*ERROR "duplicate set name \"LA\""*/"LA", "items": []}]`)},

		{"money with too many decimals", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "price": /*ERROR "invalid price: \"5200.001\" has 3 decimals, the currency allows 2"*/"5200.001", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"money as a number", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "price": 5200.5, "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"money with an exponent", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "price": /*ERROR "invalid price: \"1e3\": not a decimal number"*/1e3, "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"price and rate", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "rate": /*ERROR "a price or a rate, not both"*/"1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"no price", jcDoc(`, "bidders": [{"id": "w"}], "bids": [/*ERROR "bid is missing field \"price\" \\(or \"rate\"\\)"*/{"id": "w1", "bidder": "w", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"unknown item in bundle", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "bundle": [{"item": /*ERROR "unknown item \"d90211\" \\(did you mean \"D90211\"\\?\\)"*/"d90211", "volume": 10}]}]`)},
		{"unknown bidder", jcDoc(`, "bidders": [{"id": "walmart"}], "bids": [{"id": "w1", "bidder": /*ERROR "unknown bidder \"walmrat\" \\(did you mean \"walmart\"\\?\\)"*/"walmrat", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"duplicate bid", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}, {"id": /*ERROR "duplicate bid id \"w1\""*/"w1", "bidder": "w", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"unknown bid in tree", jcDoc(`, "bidders": [{"id": "w", "tree": ["w1", /*ERROR "unknown bid \"w2\" \\(did you mean \"w1\"\\?\\)"*/"w2"]}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"bid twice in tree", jcDoc(`, "bidders": [{"id": "w", "tree": ["w1", {"xor": [/*ERROR "bid \"w1\" appears twice"*/"w1"]}]}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"bid missing from tree", jcDoc(`, "bidders": [{"id": "w", "tree": ["w1"]}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}, /*ERROR "bid \"w2\" of bidder \"w\" is not in the bidder's tree"*/{"id": "w2", "bidder": "w", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"bid in another bidder's tree", jcDoc(`, "bidders": [{"id": "u"}, {"id": "w", "tree": [/*ERROR "bid \"u1\" belongs to bidder \"u\", not \"w\""*/"u1"]}], "bids": [{"id": "u1", "bidder": "u", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"unknown group kind", jcDoc(`, "bidders": [{"id": "w", "tree": [{/*ERROR "unknown group kind \"xr\" \\(did you mean \"or\"\\?\\)"*/"xr": ["w1"]}]}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"group with two keys", jcDoc(`, "bidders": [{"id": "w", "tree": [/*ERROR "exactly one key"*/{"or": [], "xor": []}]}]`)},
		{"choose without bounds", jcDoc(`, "bidders": [{"id": "w", "tree": [{"choose": /*ERROR "choose group is missing field \"max\""*/{"min": 1, "of": ["w1"]}}]}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"tree not an array", jcDoc(`, "bidders": [{"id": "w", "tree": /*ERROR "expected an array of bid ids and groups for tree, found object"*/{"xor": []}}]`)},

		// Problems found by the model's own checks, at the value at fault.
		{"zero capacity", `/*WARN "no bids"*/{"format": "gavel/v1", "items": [{"id": "a", "capacity": /*ERROR "capacity 0 must be positive"*/0}]}`},
		{"over capacity", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "bundle": [{"item": "D90211", "volume": /*WARN "exceeds its capacity"*/101}]}]`)},
		{"choose bounds", jcDoc(`, "bidders": [{"id": "w", "tree": [/*ERROR "choose"*/{"choose": {"min": 2, "max": 1, "of": ["w1"]}}]}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"zero price", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "price": /*WARN "^bid \"w1\": price 0: the bid pays nothing: it can never add revenue$"*/"0", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"zero rate", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "rate": /*WARN "rate 0: the bid pays nothing"*/"0.00", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"negative price", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "price": /*ERROR "must be positive"*/"-1", "bundle": [{"item": "D90210", "volume": 10}]}]`)},
		{"item twice in a bundle", jcDoc(`, "bidders": [{"id": "w"}], "bids": [{"id": "w1", "bidder": "w", "price": "1", "bundle": [{"item": "D90210", "volume": 10}, {"item": /*ERROR "D90210"*/"D90210", "volume": 10}]}]`)},
		{"max share", "/*WARN \"no bids\"*/" + jcDoc(`, "rules": {"max_share": /*ERROR "max-share 1.5"*/"1.5"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jcCheckDiagnostics(t, bidlang.ReadJSON, tt.src)
		})
	}
}

func TestJSONStrings(t *testing.T) {
	src := `{"format": "gavel/v1", "items": [{"id": "a", "capacity": 1}], "name": "q\" b\\ s\/ \b\f\n\r\t \u00e9\u20AC \ud83d\ude00 é €"}`
	in, diags := bidlang.ReadJSON("s.json", []byte(src))
	require.NoError(t, diags.Err())
	want := "q\" b\\ s/ \b\f\n\r\t é€ 😀 é €"
	assert.Equal(t, want, in.Name)

	in.Name = want + "\x01\x1f<&>"
	out := jcWriteJSON(t, in)
	assert.Contains(t, string(out), `"name": "q\" b\\ s/ \u0008\u000c\n\r\t é€ 😀 é €\u0001\u001f<&>"`)
	back, diags := bidlang.ReadJSON("s.json", out)
	require.NoError(t, diags.Err())
	assert.Equal(t, in.Name, back.Name)

	// A byte order mark is skipped; byte columns count it, as offsets do.
	_, diags = bidlang.ReadJSON("bom.json", []byte("\ufeff{\"format\": 1}"))
	require.Len(t, diags, 2)
	assert.Equal(t, "bom.json:1:4: the instance is missing field \"items\"", diags[0].Error())
	assert.Equal(t, bidlang.Pos{Offset: 3, Line: 1, Col: 4}, diags[0].Pos)
	assert.Equal(t, "bom.json:1:15: expected a string for format, found number 1", diags[1].Error())
}

func TestReadJSONRelated(t *testing.T) {
	src := "{\"format\": \"gavel/v1\", \"items\": [\n  {\"id\": \"a\", \"capacity\": 1},\n  {\"id\": \"a\", \"capacity\": 2}\n]}"
	in, diags := bidlang.ReadJSON("x.json", []byte(src))
	require.Nil(t, in)
	require.Len(t, diags, 1)
	d := diags[0]
	assert.Equal(t, "x.json:3:10: duplicate item id \"a\" (first defined here at 2:3)", d.Error())
	assert.ErrorIs(t, diags.Err(), auction.ErrDuplicate)
	require.Len(t, d.Related, 1)
	assert.Equal(t, bidlang.Pos{Offset: 36, Line: 2, Col: 3}, d.Related[0].Pos)
}

func TestReadJSONMaxErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"format": "gavel/v1", "items": [`)
	for i := 0; i < 50; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id": "i%d", "capacity": "many"}`, i)
	}
	b.WriteString("]}")
	in, diags := bidlang.ReadJSON("many.json", []byte(b.String()))
	assert.Nil(t, in)
	assert.Len(t, diags, bidlang.MaxErrors)
	assert.Equal(t, 20, diags[MaxErrorsLast].Pos.Line, "errors are reported in order")
}

// MaxErrorsLast is the index of the last error kept.
const MaxErrorsLast = bidlang.MaxErrors - 1

func TestJSONRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		in := jcRandomInstance(rng)
		require.NoError(t, in.Validate(), "the generator makes valid instances (case %d)", i)
		out := jcWriteJSON(t, in)
		back, diags := bidlang.ReadJSON("random.json", out)
		require.NoError(t, diags.Err(), "case %d:\n%s", i, out)
		require.Equal(t, in, back, "case %d:\n%s", i, out)
		require.Equal(t, string(out), string(jcWriteJSON(t, back)), "case %d: writing is deterministic", i)
	}
}

func TestJSONRatioRoundTrip(t *testing.T) {
	for _, r := range []auction.Ratio{{Num: 1, Den: 4}, {Num: 2, Den: 4}, {Num: 1, Den: 3}, {Num: 0, Den: 5}, {Num: 1000, Den: 1},
		{Num: 1, Den: 1 << 50}, {Num: 123456789, Den: 1000000000}, {Num: 1, Den: 1}} {
		t.Run(fmt.Sprintf("%d/%d", r.Num, r.Den), func(t *testing.T) {
			in := &auction.Instance{Items: []auction.Item{{ID: "a", DDU: "a", Capacity: 1}}, Rules: auction.Rules{MaxShare: r}}
			back, diags := bidlang.ReadJSON("r.json", jcWriteJSON(t, in))
			if r.Num == 0 || r.Num > r.Den {
				// Out of (0, 1]: the model rejects it, but the value was read exactly.
				require.Error(t, diags.Err())
				return
			}
			require.NoError(t, diags.Err())
			assert.Equal(t, r, back.Rules.MaxShare)
		})
	}
}

func TestWriteJSONRefuses(t *testing.T) {
	base := func() *auction.Instance {
		return &auction.Instance{
			Items:   []auction.Item{{ID: "a", DDU: "a", Capacity: 1}},
			Bidders: []auction.Bidder{{ID: "w", Tree: auction.Group{Kind: auction.Or, Children: []auction.Node{{Bid: 0}}}}},
			Bids:    []auction.Bid{{ID: "w1", Amount: 100, Bundle: []auction.Demand{{Item: 0, Volume: 1}}}},
		}
	}
	tests := []struct {
		name   string
		change func(in *auction.Instance)
		want   string
	}{
		{"invalid UTF-8", func(in *auction.Instance) { in.Name = "a\xffb" }, "not valid UTF-8"},
		{"NaN location", func(in *auction.Instance) { in.Items[0].Loc = &auction.LatLon{Lat: math.NaN()} }, "latitude NaN"},
		{"unknown item", func(in *auction.Instance) { in.Bids[0].Bundle[0].Item = 7 }, "names item 7"},
		{"unknown bidder", func(in *auction.Instance) { in.Bids[0].Bidder = 3 }, "names bidder 3"},
		{"unknown bid", func(in *auction.Instance) { in.Bidders[0].Tree.Children[0].Bid = 9 }, "names bid 9"},
		{"bad group kind", func(in *auction.Instance) {
			in.Bidders[0].Tree.Children = []auction.Node{{Group: &auction.Group{Kind: 9}}}
		}, "unknown kind"},
		{"xor root", func(in *auction.Instance) { in.Bidders[0].Tree.Kind = auction.Xor }, "root of its bid tree is xor"},
		{"too many decimals", func(in *auction.Instance) { in.Currency = auction.Currency{Code: "X", Decimals: 12} }, "decimals 12"},
		{"xor with min and max", func(in *auction.Instance) {
			in.Bidders[0].Tree.Children = []auction.Node{{Group: &auction.Group{Kind: auction.Xor, Min: 1, Max: 2, Children: []auction.Node{{Bid: 0}}}}}
		}, "an xor group has min and max 1..2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			var buf bytes.Buffer
			require.NoError(t, bidlang.WriteJSON(&buf, in))
			tt.change(in)
			buf.Reset()
			err := bidlang.WriteJSON(&buf, in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.ErrorIs(t, err, bidlang.ErrNotRepresentable)
			assert.Zero(t, buf.Len(), "nothing is written")
		})
	}
	assert.Error(t, bidlang.WriteJSON(&bytes.Buffer{}, nil))
}

type jcFailWriter struct{}

func (jcFailWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteJSONReportsWriteErrors(t *testing.T) {
	in := &auction.Instance{Items: []auction.Item{{ID: "a", DDU: "a", Capacity: 1}}}
	assert.EqualError(t, bidlang.WriteJSON(jcFailWriter{}, in), "disk full")
}

// Random instances for the JSON and CATS round-trip tests. Empty slices are
// nil, as readers return them.

// jcRandomInstance returns a random instance that uses every construct of
// the model: windows, reserves, regions, locations, sets, the max-share
// rule, bidder limits, per-unit and divisible bids, and nested or, xor,
// choose and all groups. Bids are shuffled so that their order differs
// from the trees' order.
func jcRandomInstance(rng *rand.Rand) *auction.Instance {
	in := &auction.Instance{}
	if rng.IntN(2) == 0 {
		in.Name = fmt.Sprintf("auction %d \"quoted\" ünïcode\t", rng.IntN(1000))
	}
	switch rng.IntN(3) {
	case 1:
		in.Currency = auction.Currency{Code: "EUR", Decimals: rng.IntN(auction.MaxDecimals + 1)}
	case 2:
		in.Currency = auction.Currency{Decimals: 3}
	}
	dec := in.CurrencyOrDefault().Decimals
	money := func(max int64) auction.Money {
		m := auction.Money(rng.Int64N(max) + 1)
		for range dec {
			m *= 10
		}
		return m + auction.Money(rng.Int64N(10))
	}
	ratios := []auction.Ratio{{Num: 1, Den: 4}, {Num: 3, Den: 5}, {Num: 1, Den: 3}, {Num: 2, Den: 4}, {Num: 1, Den: 1}, {Num: 7, Den: 1000}}
	if rng.IntN(2) == 0 {
		in.Rules.MaxShare = ratios[rng.IntN(len(ratios))]
	}
	if rng.IntN(3) == 0 {
		in.Rules.MinWinners = 1 + rng.IntN(3)
	}
	nItems := 1 + rng.IntN(8)
	for i := 0; i < nItems; i++ {
		it := auction.Item{ID: fmt.Sprintf("D%05d", 90000+i), Capacity: 1 + rng.Int64N(5000)}
		it.DDU = it.ID
		switch rng.IntN(4) {
		case 0:
			it.DDU = fmt.Sprintf("D%05d", 90000+i)
			it.Window = []string{"am", "pm"}[rng.IntN(2)]
			it.ID = it.DDU + "." + it.Window
		case 1:
			it.DDU = "" // not set by whoever built it
		}
		if rng.IntN(2) == 0 {
			it.Reserve = money(2)
		}
		if rng.IntN(3) == 0 {
			it.Region = []string{"LA", "SF", "Bay Area"}[rng.IntN(3)]
		}
		if rng.IntN(3) == 0 {
			it.Loc = &auction.LatLon{Lat: rng.Float64()*180 - 90, Lon: rng.Float64()*360 - 180}
		}
		in.Items = append(in.Items, it)
	}
	for s := 0; s < rng.IntN(3); s++ {
		set := auction.ItemSet{Name: fmt.Sprintf("SET%d", s)}
		for i := range in.Items {
			if rng.IntN(2) == 0 {
				set.Items = append(set.Items, i)
			}
		}
		in.Sets = append(in.Sets, set)
	}
	nBidders := rng.IntN(4)
	for b := 0; b < nBidders; b++ {
		bd := auction.Bidder{ID: fmt.Sprintf("shipper%d", b), Tree: auction.Group{Kind: auction.Or}}
		if rng.IntN(2) == 0 {
			bd.Name = fmt.Sprintf("Shipper %d Inc.", b)
		}
		if rng.IntN(3) == 0 {
			bd.Budget = money(100000)
		}
		if rng.IntN(4) == 0 {
			bd.MinVolume = rng.Int64N(1000) + 1
		}
		if rng.IntN(4) == 0 {
			bd.MaxVolume = rng.Int64N(10000) + 1000
		}
		if rng.IntN(4) == 0 {
			bd.MaxItems = rng.IntN(5) + 1
		}
		in.Bidders = append(in.Bidders, bd)
	}
	for b := range in.Bidders {
		var bids []int
		for k := 0; k < rng.IntN(7); k++ {
			bid := auction.Bid{ID: fmt.Sprintf("%s-%d", in.Bidders[b].ID, k), Bidder: b}
			for _, i := range rng.Perm(len(in.Items))[:1+rng.IntN(len(in.Items))] {
				bid.Bundle = append(bid.Bundle, auction.Demand{Item: i, Volume: 1 + rng.Int64N(in.Items[i].Capacity)})
			}
			bid.Amount = money(10000)
			if rng.IntN(4) == 0 {
				bid.PerUnit = true
				bid.Amount = auction.Money(rng.Int64N(100) + 1)
			}
			if rng.IntN(4) == 0 {
				bid.MinFraction = ratios[rng.IntN(len(ratios))]
			}
			bids = append(bids, len(in.Bids))
			in.Bids = append(in.Bids, bid)
		}
		in.Bidders[b].Tree.Children = jcRandomTree(rng, bids, 0)
	}
	jcShuffleBids(rng, in)
	return in
}

// jcRandomTree places the bids in a random tree of groups.
func jcRandomTree(rng *rand.Rand, bids []int, depth int) []auction.Node {
	var out []auction.Node
	for len(bids) > 0 {
		if depth < 3 && len(bids) > 1 && rng.IntN(3) == 0 {
			n := 1 + rng.IntN(len(bids))
			g := &auction.Group{Kind: []auction.GroupKind{auction.Or, auction.Xor, auction.Choose, auction.All}[rng.IntN(4)]}
			g.Children = jcRandomTree(rng, bids[:n], depth+1)
			if g.Kind == auction.Choose {
				g.Max = 1 + rng.IntN(len(g.Children))
				g.Min = rng.IntN(g.Max + 1)
			}
			out = append(out, auction.Node{Group: g})
			bids = bids[n:]
			continue
		}
		out = append(out, auction.Node{Bid: bids[0]})
		bids = bids[1:]
	}
	return out
}

// jcShuffleBids permutes in.Bids and renumbers the trees to match.
func jcShuffleBids(rng *rand.Rand, in *auction.Instance) {
	if len(in.Bids) == 0 {
		return
	}
	perm := rng.Perm(len(in.Bids)) // old index -> new index
	bids := make([]auction.Bid, len(in.Bids))
	for old, nw := range perm {
		bids[nw] = in.Bids[old]
	}
	in.Bids = bids
	var renumber func(g *auction.Group)
	renumber = func(g *auction.Group) {
		for i := range g.Children {
			if g.Children[i].Group != nil {
				renumber(g.Children[i].Group)
			} else {
				g.Children[i].Bid = perm[g.Children[i].Bid]
			}
		}
	}
	for b := range in.Bidders {
		renumber(&in.Bidders[b].Tree)
	}
}

// TestSchemaDocs keeps schema.md and schema.json in step with the code: the
// complete example of schema.md is the golden output for quickstart.json,
// and schema.json is valid JSON that names the fields the reader knows.
func TestSchemaDocs(t *testing.T) {
	md, err := os.ReadFile("schema.md")
	require.NoError(t, err)
	golden, err := os.ReadFile(filepath.Join("testdata", "json", "quickstart.golden.json"))
	require.NoError(t, err)
	_, example, ok := strings.Cut(string(md), "## A complete example\n\n```json\n")
	require.True(t, ok, "schema.md has a complete example")
	example, _, _ = strings.Cut(example, "```")
	assert.Equal(t, string(golden), example)

	raw, err := os.ReadFile("schema.json")
	require.NoError(t, err)
	var schema struct {
		Properties map[string]any `json:"properties"`
		Defs       map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	require.NoError(t, json.Unmarshal(raw, &schema))
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	assert.Equal(t, []string{"bidders", "bids", "currency", "format", "items", "name", "rules", "sets"}, keys(schema.Properties))
	assert.Equal(t, []string{"capacity", "ddu", "id", "loc", "region", "reserve", "window"}, keys(schema.Defs["item"].Properties))
	assert.Equal(t, []string{"bidder", "bundle", "id", "min_fraction", "price", "rate"}, keys(schema.Defs["bid"].Properties))
	assert.Equal(t, []string{"budget", "id", "max_items", "max_volume", "min_volume", "name", "tree"}, keys(schema.Defs["bidder"].Properties))

	// Every field the schema names is one the reader accepts: a document
	// using each of them reads.
	_, diags := bidlang.ReadJSON("quickstart.golden.json", golden)
	require.NoError(t, diags.Err())
}
