package bidlang_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/bidlang"
)

// TestQAJSONTooDeepOneError: a tree nested deeper than the model allows (64
// groups) is one error. The bids below that depth used to be reported as
// well, as "in no bid tree", which they are not: they are in a tree too
// deep to check.
func TestQAJSONTooDeepOneError(t *testing.T) {
	tree := `"x1"`
	for range 70 {
		tree = `{"xor": [` + tree + `]}`
	}
	src := `{"format": "gavel/v1", "items": [{"id": "A", "capacity": 1}],
"bids": [{"id": "x1", "bidder": "b", "price": "1", "bundle": [{"item": "A", "volume": 1}]},
         {"id": "x2", "bidder": "b", "price": "2", "bundle": [{"item": "A", "volume": 1}]}],
"bidders": [{"id": "b", "tree": [` + tree + `, "x2"]}]}`
	in, diags := bidlang.ReadJSON("deep.json", []byte(src))
	require.Nil(t, in)
	require.Len(t, diags, 1, qaMsgs(diags))
	assert.Contains(t, diags[0].Msg, "groups nest more than 64 deep")
	assert.NotContains(t, qaMsgs(diags), "in no bid tree")
}

// TestQAJSONEmptyTopGroup: an empty group at the top of a bidder's tree is
// not "nested".
func TestQAJSONEmptyTopGroup(t *testing.T) {
	src := `{"format": "gavel/v1", "items": [{"id": "A", "capacity": 1}],
"bids": [{"id": "x1", "bidder": "b", "price": "1", "bundle": [{"item": "A", "volume": 1}]}],
"bidders": [{"id": "b", "tree": ["x1", {"xor": []}]}]}`
	_, diags := bidlang.ReadJSON("empty.json", []byte(src))
	require.Len(t, diags, 1, qaMsgs(diags))
	assert.Equal(t, `bidder "b": an xor group is empty`, diags[0].Msg)
	assert.False(t, strings.Contains(diags[0].Msg, "nested"))
}

// TestQAJSONDuplicateBidOneError: a bid id given twice is one error. The
// second bid, which no tree can name (the name is the first's), used to be
// reported as well, and first, as "not in the bidder's tree".
func TestQAJSONDuplicateBidOneError(t *testing.T) {
	src := `{"format": "gavel/v1", "items": [{"id": "A", "capacity": 10}],
"bids": [{"id": "x1", "bidder": "b", "price": "5", "bundle": [{"item": "A", "volume": 3}]},
         {"id": "x1", "bidder": "b", "price": "6", "bundle": [{"item": "A", "volume": 4}]}],
"bidders": [{"id": "b", "tree": ["x1"]}]}`
	_, diags := bidlang.ReadJSON("dup.json", []byte(src))
	require.Len(t, diags, 1, qaMsgs(diags))
	assert.Equal(t, `duplicate bid id "x1"`, diags[0].Msg)
}
