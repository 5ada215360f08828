package bidlang

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
)

// TestQAJSONRoundTripEveryConstruct writes the text round trip's random
// instances (every construct, odd names, currencies, reordered bids) as
// JSON and reads them back: the same instance, or a refusal that matches
// ErrNotRepresentable, and only for min and max on a group other than
// choose, which only the text language keeps.
func TestQAJSONRoundTripEveryConstruct(t *testing.T) {
	g := &bidsGen{r: rand.New(rand.NewPCG(2026, 11))}
	refused := 0
	for n := range 600 {
		in := g.instance()
		require.NoError(t, in.Validate(), "generator bug, instance %d", n)
		var text bytes.Buffer
		require.NoError(t, WriteBids(&text, in), "instance %d", n)
		var js bytes.Buffer
		if err := WriteJSON(&js, in); err != nil {
			refused++
			assert.ErrorIs(t, err, ErrNotRepresentable, "instance %d", n)
			assert.Contains(t, err.Error(), "only a choose group can hold", "instance %d", n)
			assert.True(t, qaIgnoredBounds(in), "instance %d: min and max on a group other than choose", n)
			assert.Zero(t, js.Len(), "instance %d: nothing written", n)
			continue
		}
		back, list := ReadJSON("rt.json", js.Bytes())
		if !assert.NotNil(t, back, "instance %d:\n%s\n%s", n, bidsListString(list), js.String()) {
			return
		}
		if !assert.Equal(t, in, back, "instance %d:\n%s", n, js.String()) {
			return
		}
		// JSON -> text gives the bytes text gave.
		var text2 bytes.Buffer
		require.NoError(t, WriteBids(&text2, back), "instance %d", n)
		assert.Equal(t, text.String(), text2.String(), "instance %d", n)
	}
	assert.Positive(t, refused, "some groups carry ignored bounds")
}

// TestQABytesThatAreNotUTF8 refuses a name whose escapes make it invalid
// UTF-8, in the reader (at the string) and in the writer: such a name could
// not be written as JSON, and came out of gavel solve --json as U+FFFD,
// merging distinct names.
func TestQABytesThatAreNotUTF8(t *testing.T) {
	src := "ddu a capacity 1\nbidder \"b\\xff\"\n  bid x price 1 { a: 1 }\nend\n"
	in, list := ReadBids("u.bids", []byte(src))
	assert.Nil(t, in)
	require.Len(t, list, 1, bidsListString(list))
	assert.Equal(t, 2, list[0].Pos.Line)
	assert.Equal(t, 8, list[0].Pos.Col)
	assert.Contains(t, list[0].Msg, "not valid UTF-8")
	// \u00ff and octal escapes of whole characters are fine.
	in, list = ReadBids("u.bids", []byte(strings.Replace(src, `\xff`, `\u00ff\303\251`, 1)))
	require.NotNil(t, in, bidsListString(list))
	assert.Equal(t, "bÿé", in.Bidders[0].ID)
}

// qaIgnoredBounds reports whether a group other than choose carries min and
// max, which the model ignores and only the text language keeps.
func qaIgnoredBounds(in *auction.Instance) bool {
	var walk func(g *auction.Group) bool
	walk = func(g *auction.Group) bool {
		if g.Kind != auction.Choose && (g.Min != 0 || g.Max != 0) {
			return true
		}
		for _, n := range g.Children {
			if n.Group != nil && walk(n.Group) {
				return true
			}
		}
		return false
	}
	for b := range in.Bidders {
		if walk(&in.Bidders[b].Tree) {
			return true
		}
	}
	return false
}

// TestQACurrencyHintQuotesTheCode: the hint for an unknown currency code
// shows a statement that reads back, with the code quoted when it must be.
func TestQACurrencyHintQuotesTheCode(t *testing.T) {
	for code, hint := range map[string]string{`"US$"`: `as in "currency "US$" decimals 2"`, `XYZ`: `as in "currency XYZ decimals 2"`, `""`: `as in "currency "" decimals 2"`} {
		_, list := ReadBids("c.bids", []byte("currency "+code+"\n"))
		require.NotEmpty(t, list, code)
		assert.Contains(t, list[0].Msg, hint, code)
		fixed := "currency " + code + " decimals 2\nddu a capacity 1\n"
		if code == `""` {
			continue // an empty code is refused on its own
		}
		in, list := ReadBids("c.bids", []byte(fixed))
		require.NotNil(t, in, "%s: the hinted statement reads: %s", code, bidsListString(list))
	}
}
