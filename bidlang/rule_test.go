package bidlang

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
)

const minWinnersSrc = `ddu LA1 capacity 100 region LA
ddu LA2 capacity 100 region LA
ddu SF1 capacity 100 region SF
ddu X1 capacity 100

rule max-share 0.5
rule min-winners 2

bidder a
  bid a1 price 10 { LA1: 50, SF1: 50 }
end

bidder b
  bid b1 price 5 { LA2: 50 }
end

bidder c
  bid c1 price 5 { X1: 50 }
end
`

func TestMinWinnersRule(t *testing.T) {
	in, list := ReadBids("mw.bids", []byte(minWinnersSrc))
	require.NoError(t, list.Err())
	require.NotNil(t, in)
	assert.Equal(t, 2, in.Rules.MinWinners)

	// Only a bids in SF (c's item has no region): a warning at the rule's K.
	ws := list.Warnings()
	require.Len(t, ws, 1, "%v", list)
	assert.Equal(t, `mw.bids:7:18: warning: rule min-winners 2: only 1 bidder bids in region "SF" (bidder "a"), so no allocation can meet it`, ws[0].Error())

	// The canonical form and the JSON form carry the rule, and read back.
	var out bytes.Buffer
	require.NoError(t, WriteBids(&out, in))
	assert.Contains(t, out.String(), "\nrule max-share 0.5\nrule min-winners 2\n")
	back, list := ReadBids("back.bids", out.Bytes())
	require.NoError(t, list.Err())
	assert.Equal(t, in, back)

	out.Reset()
	require.NoError(t, WriteJSON(&out, in))
	assert.Contains(t, out.String(), `"rules": {"max_share": "0.5", "min_winners": 2}`)
	back, list = ReadJSON("back.json", out.Bytes())
	require.NoError(t, list.Err())
	assert.Equal(t, in, back)

	// Alone, the rule starts its own section.
	in.Rules.MaxShare = auction.Ratio{}
	out.Reset()
	require.NoError(t, WriteBids(&out, in))
	assert.Contains(t, out.String(), "ddu X1 capacity 100\n\nrule min-winners 2\n\nbidder a\n")
}
