package bidlang_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/bidlang"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func jcWriteCATS(t testing.TB, in *auction.Instance) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, bidlang.WriteCATS(&buf, in))
	return buf.Bytes()
}

// TestReadCATSGolden reads files laid out exactly as CATS 2.x writes them:
// they must read without a single diagnostic, and write back to the same
// instance.
func TestReadCATSGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "cats", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		if strings.HasPrefix(filepath.Base(file), "real-") {
			continue // generator output: TestReadCATSRealFiles
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			in, diags := bidlang.ReadCATS(file, src)
			require.Empty(t, diags, "a real CATS file reads without complaint")
			require.NotNil(t, in)
			base := strings.TrimSuffix(file, ".txt")
			jcGolden(t, base+".golden.json", jcWriteJSON(t, in))
			out := jcWriteCATS(t, in)
			jcGolden(t, base+".golden.cats", out)

			back, diags := bidlang.ReadCATS("written", out)
			require.Empty(t, diags)
			assert.Equal(t, in, back, "ReadCATS(WriteCATS(ReadCATS(f))) == ReadCATS(f)")
			assert.Equal(t, string(out), string(jcWriteCATS(t, back)))
		})
	}
}

func jcReadCATSFile(t *testing.T, name string) *auction.Instance {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "cats", name))
	require.NoError(t, err)
	in, diags := bidlang.ReadCATS(name, src)
	require.NoError(t, diags.Err())
	require.NotNil(t, in)
	return in
}

func TestReadCATSRegions(t *testing.T) {
	in := jcReadCATSFile(t, "regions.txt")
	assert.Equal(t, auction.Currency{Code: bidlang.CATSCurrency, Decimals: 3}, in.Currency)
	require.Len(t, in.Items, 16)
	for i, it := range in.Items {
		id := fmt.Sprintf("g%d", i)
		assert.Equal(t, auction.Item{ID: id, DDU: id, Capacity: 1}, it)
	}
	require.Len(t, in.Bids, 24)
	// "1\t554.183\t4\t13\t15\t12\t#": goods kept in file order.
	assert.Equal(t, auction.Bid{ID: "b1", Bidder: 1, Amount: 554183,
		Bundle: []auction.Demand{{Item: 4, Volume: 1}, {Item: 13, Volume: 1}, {Item: 15, Volume: 1}, {Item: 12, Volume: 1}}}, in.Bids[1])
	// "3\t313.845\t9\t14\t8\t19\t#": dummy good 19 = 16+3 is not in the bundle.
	assert.Equal(t, auction.Bid{ID: "b3", Bidder: 3, Amount: 313845,
		Bundle: []auction.Demand{{Item: 9, Volume: 1}, {Item: 14, Volume: 1}, {Item: 8, Volume: 1}}}, in.Bids[3])

	var ids []string
	for _, b := range in.Bidders {
		ids = append(ids, b.ID)
	}
	assert.Equal(t, []string{"s0", "s1", "s2", "d3", "s7", "d5", "d6", "d7", "d8", "s21", "s22", "s23"}, ids)
	assert.Equal(t, auction.Group{Kind: auction.Or, Children: []auction.Node{{Bid: 0}}}, in.Bidders[0].Tree)
	assert.Equal(t, auction.Group{Kind: auction.Or, Children: []auction.Node{{Group: &auction.Group{Kind: auction.Xor,
		Children: []auction.Node{{Bid: 3}, {Bid: 4}, {Bid: 5}, {Bid: 6}}}}}}, in.Bidders[3].Tree)
	require.NoError(t, in.Validate())
}

func TestReadCATSExponentPrices(t *testing.T) {
	in := jcReadCATSFile(t, "arbitrary.txt")
	// 123.457 needs 3 decimals; 1.2e+06 is 1200000 exactly.
	assert.Equal(t, auction.Currency{Code: "XXX", Decimals: 3}, in.Currency)
	want := []string{"1200000", "1500000", "999999", "2345680", "123.457", "10000000", "45", "0.5", "12345.6", "725000"}
	for i, w := range want {
		assert.Equal(t, w, in.Bids[i].Amount.FormatShort(3), "bid %d", i)
	}
	assert.Equal(t, auction.Money(1200000000), in.Bids[0].Amount)
	// Bids 3 and 6 share dummy good 12 (the first of 3 declared).
	assert.Equal(t, in.Bids[3].Bidder, in.Bids[6].Bidder)
	assert.Equal(t, "d0", in.Bidders[in.Bids[3].Bidder].ID)
}

func TestReadCATSMultiUnit(t *testing.T) {
	in := jcReadCATSFile(t, "multiunit.txt")
	var caps []int64
	for _, it := range in.Items {
		caps = append(caps, it.Capacity)
	}
	assert.Equal(t, []int64{3, 2, 5, 1, 4}, caps)
	// "3\t28.4679\t2\t4\t0\t2\t1\t1\t5\t1\t#"
	assert.Equal(t, []auction.Demand{{Item: 2, Volume: 4}, {Item: 0, Volume: 2}, {Item: 1, Volume: 1}}, in.Bids[3].Bundle)
	assert.Equal(t, in.Bids[2].Bidder, in.Bids[5].Bidder, "bids 2, 3 and 5 share dummy good 5")
	assert.Equal(t, in.Bids[2].Bidder, in.Bids[3].Bidder)
}

// TestReadCATSLayouts checks that line endings, a missing final newline,
// label case and spacing do not change what is read.
func TestReadCATSLayouts(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "cats", "regions.txt"))
	require.NoError(t, err)
	want, diags := bidlang.ReadCATS("lf", src)
	require.Empty(t, diags)
	variants := map[string]string{
		"CRLF":                 strings.ReplaceAll(string(src), "\n", "\r\n"),
		"no final newline":     strings.TrimSuffix(string(src), "\n"),
		"CRLF, no final CRLF":  strings.TrimSuffix(strings.ReplaceAll(string(src), "\n", "\r\n"), "\r\n"),
		"spaces":               strings.ReplaceAll(string(src), "\t", "  "),
		"upper-case labels":    strings.NewReplacer("goods", "GOODS", "bids", "Bids", "dummy", "DUMMY").Replace(string(src)),
		"glued #":              strings.ReplaceAll(string(src), "\t#", "#"),
		"comment after bid":    strings.ReplaceAll(string(src), "#\n", "# % note\n"),
		"indented comments":    strings.ReplaceAll(string(src), "\n%", "\n  %"),
		"bid numbers 007-like": strings.Replace(string(src), "\n0\t", "\n000\t", 1),
		"byte order mark":      "\ufeff" + string(src),
		// CATS writes goods, bids, dummy; other tools (and CATS-based
		// readers, which look for each label) take them in any order.
		"bids, goods, dummy": strings.Replace(string(src), "goods 16\nbids 24\n", "bids 24\ngoods 16\n", 1),
		"dummy, bids, goods": strings.Replace(string(src), "goods 16\nbids 24\ndummy 12\n", "dummy 12\nbids 24\ngoods 16\n", 1),
		"goods, dummy, bids": strings.Replace(string(src), "bids 24\ndummy 12\n", "dummy 12\nbids 24\n", 1),
	}
	for name, v := range variants {
		t.Run(name, func(t *testing.T) {
			got, diags := bidlang.ReadCATS(name, []byte(v))
			require.Empty(t, diags)
			assert.Equal(t, want, got)
		})
	}
}

func TestReadCATSDiagnostics(t *testing.T) {
	const head = "% comment\ngoods 4\nbids 2\ndummy 2\n\n"
	tests := []struct {
		name string
		src  string
	}{
		{"empty", `/*ERROR "expected \"goods N\", found end of file"*/`},
		{"only comments", "%% CATS\n\n% nothing/*ERROR \"expected \\\"goods N\\\", found end of file\"*/\n"},
		{"NUL byte", "\x89PNG\r\n\x1a\n/*ERROR \"NUL byte\"*/\x00\x00\x00\rIHDR"},
		{"byte order mark, then garbage", "\ufeff/*ERROR \"expected a header line \\\\(goods, bids, dummy or maximums\\\\), found \\\"x\\\"\"*/x\n"},
		{"binary garbage", "/*ERROR \"expected \\\"goods N\\\" at the start of the file, found \\\".x89PNG\\\"\"*/\x89PNG\r\n\x1a\n"},
		{"not a count", "goods /*ERROR \"expected a number after goods, found \\\"four\\\"\"*/four\nbids 1\n0 1 0 #\n"},
		{"no count", "goods/*ERROR \"expected a number after goods, found end of line\"*/\nbids 1\n"},
		{"count too large", "goods /*ERROR \"more than this reader accepts\"*/99999999\nbids 1\n"},
		{"extra after count", "goods 3 /*ERROR \"unexpected \\\"x\\\" after the goods count\"*/x\nbids 1\n0 1 0 #\n"},
		{"bids before goods, no bid lines", "bids 2\ngoods 3/*ERROR \"the file ends after its header, which declares 2 bids: is it truncated\"*/\n"},
		{"no goods line", "bids 1\ndummy 0\n/*ERROR \"expected \\\"goods N\\\" at the start of the file, found \\\"0\\\"\"*/0 1 0 #\n"},
		{"bid before goods", "/*ERROR \"expected \\\"goods N\\\" at the start of the file, found \\\"0\\\"\"*/0 1 2 #\n"},
		{"misspelt label", "goods 3\n/*ERROR \"found \\\"bid\\\" \\\\(did you mean \\\"bids\\\"\\\\?\\\\)\"*/bid 1\n/*ERROR \"expected \\\"bids M\\\" before the first bid\"*/0 1 0 #\n"},
		{"repeated label", "goods 3\nbids 1\n/*ERROR \"unexpected \\\"goods\\\" line\"*/goods 3\n0 1 0 #\n"},
		{"repeated label, other order", "bids 1\ngoods 3\n/*ERROR \"unexpected \\\"bids\\\" line: each header line is given once\"*/bids 1\n0 1 0 #\n"},
		{"maximums before goods", "bids 1\n/*ERROR \"maximums must come after the goods line\"*/maximums 2\ngoods 1\n0 1 0 1 #\n"},
		{"label after bids", "goods 3\nbids 1\n0 1 0 #\n/*ERROR \"unexpected \\\"dummy\\\" line after the bids\"*/dummy 1\n"},
		{"missing #", head + "0\t5\t1\t2/*ERROR \"expected a good or # in bid 0, found end of line\"*/\n1\t6\t3\t#\n"},
		{"truncated", head + "0\t5\t1\t2\t#\n1\t6\t3/*ERROR \"expected a good or # in bid 1, found end of line\"*/"},
		// A count that disagrees with the lines is an error both ways.
		{"fewer bids than declared", head + "0\t5\t1\t2\t#/*ERROR \"the file ends after 1 bid, but its header declares 2: is it truncated\"*/\n"},
		{"no bid lines", "% comment\ngoods 4\nbids 2\ndummy 2\n/*ERROR \"the file ends after its header, which declares 2 bids: is it truncated\"*/\n"},
		{"goods line only", "%% CATS\ngoods 4\ndummy 2/*ERROR \"expected \\\"bids M\\\" after the goods line, found end of file: is the file truncated\"*/\n"},
		{"more bids than declared", head + "0\t5\t1\t#\n1\t5\t2\t#\n/*ERROR \"the file has 3 bids, but its header declares 2\"*/2\t5\t3\t#\n"},
		{"good out of range", head + "0\t5\t1\t/*ERROR \"good 6 is out of range: the file has 4 goods \\\\(0 to 3\\\\) and 2 dummy goods\"*/6\t#\n1\t6\t3\t#\n"},
		{"repeated good", head + "0\t5\t1\t2\t/*ERROR \"good 1 is repeated in bid 0\"*/1\t#\n1\t6\t3\t#\n"},
		{"two dummies", head + "0\t5\t1\t4\t/*ERROR \"second dummy good 5\"*/5\t#\n1\t6\t3\t#\n"},
		{"not a good", head + "0\t5\t1\t/*ERROR \"expected a good or # in bid 0, found \\\"x\\\"\"*/x\t#\n1\t6\t3\t#\n"},
		{"negative good", head + "0\t5\t1\t/*ERROR \"found \\\"-1\\\"\"*/-1\t#\n1\t6\t3\t#\n"},
		{"negative price", head + "0\t/*ERROR \"bid 0: negative price \\\"-5\\\"\"*/-5\t1\t#\n1\t6\t3\t#\n"},
		{"word price", head + "0\t/*ERROR \"bid 0: expected a price, found \\\"nan\\\"\"*/nan\t1\t#\n1\t6\t3\t#\n"},
		{"bad exponent", head + "0\t/*ERROR \"expected a price, found \\\"1e\\\"\"*/1e\t1\t#\n1\t6\t3\t#\n"},
		{"no price", head + "0/*ERROR \"expected the price of bid 0, found end of line\"*/\n1\t6\t3\t#\n"},
		{"price #", head + "0\t/*ERROR \"expected the price of bid 0, found \\\"#\\\"\"*/#\n1\t6\t3\t#\n"},
		{"price too precise", head + "0\t/*ERROR \"price \\\"1.23457e-05\\\" needs 10 decimals; at most 9\"*/1.23457e-05\t1\t#\n1\t6\t3\t#\n"},
		{"price too large", head + "0\t/*ERROR \"price \\\"1e\\\\+30\\\" is too large\"*/1e+30\t1\t#\n1\t6\t3\t#\n"},
		{"prices that do not fit together", head + "0\t/*ERROR \"price 9000000000000000000 does not fit with the 1 decimals\"*/9e18\t1\t#\n1\t0.5\t3\t#\n"},
		{"bid number", head + "/*ERROR \"expected a bid number, found \\\"b0\\\"\"*/b0\t5\t1\t#\n"},
		{"repeated bid number", "goods 4\nbids 3\n5\t5\t1\t#\n6\t5\t2\t#\n/*ERROR \"bid number 5 is repeated\"*/5\t5\t3\t#\n"},
		{"two bids on a line", head + "0\t5\t1\t# /*ERROR \"unexpected \\\"1\\\" after the # that ends bid 0: one bid per line\"*/1\t6\t3\t#\n"},
		{"missing bids line", "goods 4\n/*ERROR \"expected \\\"bids M\\\" before the first bid, found \\\"0\\\"\"*/0\t5\t1\t#\n1\t6\t3\t#\n"},

		{"maximums short", "goods 3\nbids 1\nmaximums 2 2/*ERROR \"maximums lists 2 values, but the file has 3 goods\"*/\n0\t5\t1\t1\t#\n"},
		{"maximums long", "goods 2\nbids 1\nmaximums 2 2 /*ERROR \"maximums lists one value for each of the 2 goods\"*/2\n0\t5\t1\t1\t#\n"},
		{"maximum zero", "goods 2\nbids 1\nmaximums 2 /*ERROR \"good 1 has 0 units\"*/0\n0\t5\t0\t1\t#\n"},
		{"units missing", "goods 2\nbids 1\nmaximums 2 2\n0\t5\t0\t/*ERROR \"expected the units of good 0 in bid 0, found \\\"#\\\"\"*/#\n"},
		{"units zero", "goods 2\nbids 1\nmaximums 2 2\n0\t5\t0\t/*ERROR \"asks for 0 units of good 0\"*/0\t#\n"},
		{"dummy units", "goods 2\nbids 1\ndummy 1\nmaximums 2 2\n0\t5\t0\t1\t/*ERROR \"asks for 2 units of dummy good 2\"*/2\t2\t#\n"},

		// Found by the model's own checks, at the token at fault.
		{"empty bundle", "goods 2\nbids 1\n/*ERROR \"bundle is empty\"*/0\t5\t#\n"},
		{"zero price", "goods 2\nbids 2\n0\t/*WARN \"price 0: the bid pays nothing: it can never add revenue\"*/0\t1\t#\n1\t5\t0\t#\n"},
		{"zero price with an exponent", "%% CATS\ngoods 2\nbids 1\n\n0\t/*WARN \"price 0: the bid pays nothing\"*/0e+00\t1\t0\t#\n"},
		{"over capacity", "goods 2\nbids 1\nmaximums 2 2\n0\t5\t0\t1\t1\t/*WARN \"exceeds its capacity\"*/3\t#\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jcCheckDiagnostics(t, bidlang.ReadCATS, tt.src)
		})
	}
}

func TestReadCATSPositions(t *testing.T) {
	src := "goods 3\nbids 2\ndummy 1\n0\t12.5\t0\t1\t#\n1\t7\t2\t1\t2\t#\n"
	in, diags := bidlang.ReadCATS("auction.txt", []byte(src))
	assert.Nil(t, in)
	require.Len(t, diags, 1)
	assert.Equal(t, "auction.txt:5:9: good 2 is repeated in bid 1 (first here at 5:5)", diags[0].Error())
}

func TestReadCATSMaxErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("goods 2\nbids 40\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "%d\t-1\t0\t#\n", i)
	}
	in, diags := bidlang.ReadCATS("many.txt", []byte(b.String()))
	assert.Nil(t, in)
	assert.Len(t, diags, bidlang.MaxErrors)
	assert.Equal(t, 3, diags[0].Pos.Line)
}

func TestCATSRoundTripRandomInstances(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 500; i++ {
		orig := jcRandomCATSInstance(rng)
		first := jcWriteCATS(t, orig)
		in, diags := bidlang.ReadCATS("first", first)
		require.NoError(t, diags.Err(), "case %d:\n%s", i, first)
		second := jcWriteCATS(t, in)
		back, diags := bidlang.ReadCATS("second", second)
		require.NoError(t, diags.Err(), "case %d:\n%s", i, second)
		require.Equal(t, in, back, "case %d", i)
		require.Equal(t, string(second), string(jcWriteCATS(t, back)), "case %d", i)
		jcSameMarket(t, orig, in, i)
	}
}

// jcSameMarket checks that a CATS conversion kept the market: the same
// bids with the same bundles and values, and the same pairs of bids that
// exclude each other.
func jcSameMarket(t *testing.T, want, got *auction.Instance, c int) {
	t.Helper()
	require.Len(t, got.Items, len(want.Items), "case %d", c)
	for i := range want.Items {
		assert.Equal(t, want.Items[i].Capacity, got.Items[i].Capacity, "case %d item %d", c, i)
	}
	require.Len(t, got.Bids, len(want.Bids), "case %d", c)
	wx, gx := jcXorOf(want), jcXorOf(got)
	for i := range want.Bids {
		wv, _ := want.Bids[i].Value()
		assert.Equal(t, wv.FormatShort(want.CurrencyOrDefault().Decimals), got.Bids[i].Amount.FormatShort(got.Currency.Decimals), "case %d bid %d", c, i)
		assert.Equal(t, want.Bids[i].Bundle, got.Bids[i].Bundle, "case %d bid %d", c, i)
		for j := range want.Bids {
			assert.Equal(t, wx[i] != nil && wx[i] == wx[j], gx[i] != nil && gx[i] == gx[j], "case %d bids %d, %d exclude each other", c, i, j)
		}
	}
}

// jcXorOf maps each bid to the xor group it is in, or nil.
func jcXorOf(in *auction.Instance) []*auction.Group {
	out := make([]*auction.Group, len(in.Bids))
	var walk func(g *auction.Group, xor *auction.Group)
	walk = func(g *auction.Group, xor *auction.Group) {
		if g.Kind == auction.Xor {
			xor = g
		}
		for _, n := range g.Children {
			if n.Group != nil {
				walk(n.Group, xor)
			} else {
				out[n.Bid] = xor
			}
		}
	}
	for b := range in.Bidders {
		walk(&in.Bidders[b].Tree, nil)
	}
	return out
}

// jcRandomCATSFile writes a random file the way CATS does, with random
// dummy goods, unordered goods and %g prices.
func jcRandomCATSFile(rng *rand.Rand, goods, bids int, multi bool) []byte {
	var b bytes.Buffer
	b.WriteString("%% File generated by a test\n\n% Goods: random\n\n")
	dummies := bids/3 + 1
	fmt.Fprintf(&b, "goods %d\nbids %d\ndummy %d\n", goods, bids, dummies)
	maxs := make([]int, goods)
	if multi {
		b.WriteString("maximums")
		for i := range maxs {
			maxs[i] = 1 + rng.IntN(9)
			fmt.Fprintf(&b, "\t%d", maxs[i])
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	for i := 0; i < bids; i++ {
		price := rng.Float64() * []float64{1, 1000, 1e6, 1e9}[rng.IntN(4)]
		fmt.Fprintf(&b, "%d\t%s\t", i, jcG(price))
		for _, g := range rng.Perm(goods)[:1+rng.IntN(min(goods, 8))] {
			fmt.Fprintf(&b, "%d\t", g)
			if multi {
				fmt.Fprintf(&b, "%d\t", 1+rng.IntN(maxs[g]))
			}
		}
		if rng.IntN(2) == 0 {
			fmt.Fprintf(&b, "%d\t", goods+rng.IntN(dummies))
			if multi {
				b.WriteString("1\t")
			}
		}
		b.WriteString("#\n")
	}
	return b.Bytes()
}

// jcG formats a price as C's %g does: 6 significant digits.
func jcG(v float64) string {
	if v < 1e-4 {
		v = 1 // keep within 9 decimals
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

func TestCATSRoundTripRandomFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 300; i++ {
		src := jcRandomCATSFile(rng, 1+rng.IntN(20), rng.IntN(30), rng.IntN(2) == 0)
		in, diags := bidlang.ReadCATS("random", src)
		require.Empty(t, diags.Errors(), "case %d:\n%s", i, src)
		back, diags := bidlang.ReadCATS("written", jcWriteCATS(t, in))
		require.Empty(t, diags.Errors())
		require.Equal(t, in, back, "case %d:\n%s", i, src)
	}
}

func TestWriteCATSLayout(t *testing.T) {
	in := &auction.Instance{
		Name:     "two\nlines",
		Currency: auction.Currency{Code: "USD", Decimals: 2},
		Items:    []auction.Item{{ID: "A", Capacity: 1}, {ID: "B", Capacity: 1}, {ID: "C", Capacity: 1}},
		Bidders: []auction.Bidder{
			{ID: "x", Tree: auction.Group{Kind: auction.Or, Children: []auction.Node{
				{Bid: 0},
				{Group: &auction.Group{Kind: auction.Xor, Children: []auction.Node{{Bid: 1}, {Bid: 2}}}},
			}}},
			{ID: "y", Tree: auction.Group{Kind: auction.Or, Children: []auction.Node{
				{Group: &auction.Group{Kind: auction.Xor, Children: []auction.Node{{Bid: 3}}}},
			}}},
		},
		Bids: []auction.Bid{
			{ID: "p", Bidder: 0, Amount: 1050, Bundle: []auction.Demand{{Item: 0, Volume: 1}}},
			{ID: "q", Bidder: 0, Amount: 700, Bundle: []auction.Demand{{Item: 2, Volume: 1}, {Item: 1, Volume: 1}}},
			{ID: "r", Bidder: 0, Amount: 3, PerUnit: true, Bundle: []auction.Demand{{Item: 1, Volume: 1}}},
			{ID: "s", Bidder: 1, Amount: 99999, Bundle: []auction.Demand{{Item: 0, Volume: 1}, {Item: 2, Volume: 1}}},
		},
	}
	want := "% written by gavel\n% name: two lines\n" +
		"% good 0 is item \"A\"\n% good 1 is item \"B\"\n% good 2 is item \"C\"\n" +
		"\ngoods 3\nbids 4\ndummy 2\n\n" +
		"0\t10.5\t0\t#\n" +
		"1\t7\t2\t1\t3\t#\n" +
		"2\t0.03\t1\t3\t#\n" +
		"3\t999.99\t0\t2\t4\t#\n"
	assert.Equal(t, want, string(jcWriteCATS(t, in)))

	// Any volume or capacity above 1: the multi-unit layout.
	in.Items[1].Capacity = 5
	in.Bids[2].Bundle[0].Volume = 4
	want = "% written by gavel\n% name: two lines\n" +
		"% good 0 is item \"A\"\n% good 1 is item \"B\"\n% good 2 is item \"C\"\n" +
		"\ngoods 3\nbids 4\ndummy 2\nmaximums\t1\t5\t1\n\n" +
		"0\t10.5\t0\t1\t#\n" +
		"1\t7\t2\t1\t1\t1\t3\t1\t#\n" +
		"2\t0.12\t1\t4\t3\t1\t#\n" +
		"3\t999.99\t0\t1\t2\t1\t4\t1\t#\n"
	assert.Equal(t, want, string(jcWriteCATS(t, in)))
}

func TestWriteCATSPrices(t *testing.T) {
	for _, tt := range []struct {
		amount   auction.Money
		decimals int
		want     string
	}{
		{5, 2, "0.05"}, {50, 2, "0.5"}, {105, 2, "1.05"}, {1000, 2, "10"}, {1, 9, "0.000000001"},
		{123456789, 3, "123456.789"}, {120, 0, "120"}, {0, 3, "0"}, {9223372036854775807, 4, "922337203685477.5807"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			in := &auction.Instance{
				Currency: auction.Currency{Code: "USD", Decimals: tt.decimals},
				Items:    []auction.Item{{ID: "g0", Capacity: 1}},
				Bidders:  []auction.Bidder{{ID: "a", Tree: auction.Group{Kind: auction.Or, Children: []auction.Node{{Bid: 0}}}}},
				Bids:     []auction.Bid{{ID: "b0", Amount: tt.amount, Bundle: []auction.Demand{{Item: 0, Volume: 1}}}},
			}
			assert.Contains(t, string(jcWriteCATS(t, in)), "\n0\t"+tt.want+"\t0\t#\n")
			assert.Equal(t, tt.want, tt.amount.FormatShort(tt.decimals), "as FormatShort writes it")
		})
	}
}

func TestWriteCATSNotRepresentable(t *testing.T) {
	base := func() *auction.Instance {
		return &auction.Instance{
			Items:   []auction.Item{{ID: "g0", DDU: "g0", Capacity: 1}, {ID: "g1", DDU: "g1", Capacity: 1}},
			Bidders: []auction.Bidder{{ID: "w", Tree: auction.Group{Kind: auction.Or, Children: []auction.Node{{Bid: 0}, {Bid: 1}}}}},
			Bids: []auction.Bid{
				{ID: "w1", Bidder: 0, Amount: 100, Bundle: []auction.Demand{{Item: 0, Volume: 1}}},
				{ID: "w2", Bidder: 0, Amount: 100, Bundle: []auction.Demand{{Item: 1, Volume: 1}}},
			},
		}
	}
	nest := func(kind auction.GroupKind) func(in *auction.Instance) {
		return func(in *auction.Instance) {
			in.Bidders[0].Tree.Children = []auction.Node{{Group: &auction.Group{Kind: kind, Min: 1, Max: 1,
				Children: []auction.Node{{Bid: 0}, {Bid: 1}}}}}
		}
	}
	tests := []struct {
		name   string
		change func(in *auction.Instance)
		want   string
	}{
		{"divisible bid", func(in *auction.Instance) { in.Bids[1].MinFraction = auction.Ratio{Num: 1, Den: 4} }, `divisible bids (1, e.g. bid "w2")`},
		{"budget", func(in *auction.Instance) { in.Bidders[0].Budget = 5 }, `budgets (1, e.g. bidder "w")`},
		{"min volume", func(in *auction.Instance) { in.Bidders[0].MinVolume = 5 }, "min-volume limits"},
		{"max volume", func(in *auction.Instance) { in.Bidders[0].MaxVolume = 5 }, "max-volume limits"},
		{"max items", func(in *auction.Instance) { in.Bidders[0].MaxItems = 1 }, "max-items limits"},
		{"choose", nest(auction.Choose), "choose groups"},
		{"all", nest(auction.All), "all groups"},
		{"nested xor", func(in *auction.Instance) {
			in.Bidders[0].Tree.Children = []auction.Node{{Group: &auction.Group{Kind: auction.Xor, Children: []auction.Node{
				{Bid: 0}, {Group: &auction.Group{Kind: auction.Or, Children: []auction.Node{{Bid: 1}}}}}}}}
		}, "groups nested in an xor group"},
		{"reserve", func(in *auction.Instance) { in.Items[1].Reserve = 1 }, `reserve prices (1, e.g. item "g1")`},
		{"max share", func(in *auction.Instance) { in.Rules.MaxShare = auction.Ratio{Num: 1, Den: 2} }, "the max-share rule"},
		{"min winners", func(in *auction.Instance) { in.Rules.MinWinners = 2 }, "the min-winners rule (1, e.g. min-winners 2)"},
		{"negative price", func(in *auction.Instance) { in.Bids[0].Amount = -1 }, "negative prices"},
		{"zero volume", func(in *auction.Instance) { in.Bids[0].Bundle[0].Volume = 0 }, "volumes below 1"},
		{"zero capacity", func(in *auction.Instance) { in.Items[0].Capacity = 0 }, "capacities below 1"},
		{"item twice", func(in *auction.Instance) {
			in.Bids[0].Bundle = append(in.Bids[0].Bundle, in.Bids[0].Bundle[0])
		}, "an item twice in one bundle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			jcWriteCATS(t, in)
			tt.change(in)
			var buf bytes.Buffer
			err := bidlang.WriteCATS(&buf, in)
			require.ErrorIs(t, err, bidlang.ErrNotRepresentable)
			assert.Contains(t, err.Error(), tt.want)
			assert.Zero(t, buf.Len(), "nothing is written")
		})
	}

	t.Run("every feature named at once", func(t *testing.T) {
		in := base()
		in.Bids[0].MinFraction = auction.Ratio{Num: 1, Den: 2}
		in.Bidders[0].Budget = 7
		in.Items[0].Reserve = 1
		err := bidlang.WriteCATS(&bytes.Buffer{}, in)
		var ue *bidlang.UnrepresentableError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, bidlang.FormatCATS, ue.Format)
		assert.Equal(t, []string{`reserve prices (1, e.g. item "g0")`, `budgets (1, e.g. bidder "w")`, `divisible bids (1, e.g. bid "w1")`}, ue.Features)
	})
}

func TestWriteCATSSemanticEquivalents(t *testing.T) {
	// A rate bid is written with its value; min 1 is all or nothing; an or
	// group inside the root is the root.
	in := &auction.Instance{
		Items: []auction.Item{{ID: "g0", Capacity: 10}},
		Bidders: []auction.Bidder{{ID: "w", Tree: auction.Group{Kind: auction.Or, Children: []auction.Node{
			{Group: &auction.Group{Kind: auction.Or, Children: []auction.Node{{Bid: 0}}}}}}}},
		Bids: []auction.Bid{{ID: "b5", Bidder: 0, Amount: 250, PerUnit: true, MinFraction: auction.Ratio{Num: 1, Den: 1},
			Bundle: []auction.Demand{{Item: 0, Volume: 4}}}},
	}
	out := string(jcWriteCATS(t, in))
	assert.Contains(t, out, "\n5\t10\t0\t4\t#\n")
}

func TestWriteCATSMalformed(t *testing.T) {
	in := &auction.Instance{
		Items:   []auction.Item{{ID: "g0", Capacity: 1}},
		Bidders: []auction.Bidder{{ID: "w", Tree: auction.Group{Kind: auction.Or}}},
		Bids:    []auction.Bid{{ID: "b0", Bidder: 0, Amount: 1, Bundle: []auction.Demand{{Item: 0, Volume: 1}}}},
	}
	err := bidlang.WriteCATS(&bytes.Buffer{}, in)
	require.ErrorIs(t, err, auction.ErrTreeShape)
	assert.Contains(t, err.Error(), `bid "b0" is in no bid tree`)
	assert.False(t, errors.Is(err, bidlang.ErrNotRepresentable))
	assert.Error(t, bidlang.WriteCATS(&bytes.Buffer{}, nil))
}

// jcRandomCATSInstance returns a random instance that CATS can express:
// bidders with plain bids and xor groups at the top of their trees (or an
// or group holding them), capacities and volumes of 1 or more, no limits.
func jcRandomCATSInstance(rng *rand.Rand) *auction.Instance {
	in := &auction.Instance{Name: "random", Currency: auction.Currency{Code: "USD", Decimals: rng.IntN(4)}}
	multi := rng.IntN(2) == 0
	nItems := 1 + rng.IntN(10)
	for i := 0; i < nItems; i++ {
		it := auction.Item{ID: fmt.Sprintf("item%d", i), Capacity: 1}
		if multi {
			it.Capacity = 1 + rng.Int64N(20)
		}
		in.Items = append(in.Items, it)
	}
	for b := 0; b < 1+rng.IntN(5); b++ {
		bd := auction.Bidder{ID: fmt.Sprintf("bidder%d", b), Tree: auction.Group{Kind: auction.Or}}
		in.Bidders = append(in.Bidders, bd)
		var bids []int
		for k := 0; k < rng.IntN(6); k++ {
			bid := auction.Bid{ID: fmt.Sprintf("x%d", len(in.Bids)), Bidder: b, Amount: auction.Money(rng.Int64N(1e7) + 1)}
			for _, i := range rng.Perm(nItems)[:1+rng.IntN(nItems)] {
				bid.Bundle = append(bid.Bundle, auction.Demand{Item: i, Volume: 1 + rng.Int64N(in.Items[i].Capacity)})
			}
			if rng.IntN(5) == 0 {
				bid.PerUnit = true
				bid.Amount = auction.Money(rng.Int64N(1000) + 1)
			}
			if rng.IntN(5) == 0 {
				bid.MinFraction = auction.Ratio{Num: 1, Den: 1}
			}
			bids = append(bids, len(in.Bids))
			in.Bids = append(in.Bids, bid)
		}
		tree := &in.Bidders[b].Tree
		for len(bids) > 0 {
			n := 1 + rng.IntN(len(bids))
			switch rng.IntN(3) {
			case 0:
				g := &auction.Group{Kind: auction.Xor}
				for _, j := range bids[:n] {
					g.Children = append(g.Children, auction.Node{Bid: j})
				}
				tree.Children = append(tree.Children, auction.Node{Group: g})
			case 1:
				g := &auction.Group{Kind: auction.Or}
				for _, j := range bids[:n] {
					g.Children = append(g.Children, auction.Node{Bid: j})
				}
				tree.Children = append(tree.Children, auction.Node{Group: g})
			default:
				n = 1
				tree.Children = append(tree.Children, auction.Node{Bid: bids[0]})
			}
			bids = bids[n:]
		}
	}
	return in
}
