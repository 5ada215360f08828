package bidlang_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/bidlang"
)

// TestQASetsOfSetsDoNotExplode: sets built by doubling an earlier set (60
// lines of them used to hold 2^60 members: the reader ran out of memory on a
// 1 kB file). A set listing an earlier set's items again keeps only the
// first repeat, enough for the warning, so sizes stay linear in the file.
func TestQASetsOfSetsDoNotExplode(t *testing.T) {
	var b strings.Builder
	b.WriteString("item A capacity 5\nitem B capacity 5\nddu D windows am:1 pm:1\nset S0 = A B D\n")
	for i := 1; i < 16; i++ { // 16 levels: before the fix, 2^17 members in S15 (so the test fails rather than exhausting memory)
		fmt.Fprintf(&b, "set S%d = S%d S%d D\n", i, i-1, i-1)
	}
	b.WriteString("bidder x\n  bid x1 price 1 { A: 1 }\nend\n")
	start := time.Now()
	in, diags := bidlang.ReadBids("sets.bids", []byte(b.String()))
	require.Less(t, time.Since(start), 5*time.Second)
	require.NoError(t, diags.Err())
	require.NotNil(t, in)
	total := 0
	for _, s := range in.Sets {
		total += len(s.Items)
	}
	assert.Less(t, total, 16*16, "members of all sets")
	assert.Contains(t, qaMsgs(diags), `set "S1" lists item "A" twice`)
}

// TestQASetMembersUnchanged: sets without repeats read as before, and a set
// that repeats another's items still lists the first repeat (and warns).
func TestQASetMembersUnchanged(t *testing.T) {
	src := "item A capacity 5\nitem B capacity 5\nitem C capacity 5\nddu D windows am:1 pm:1\n" +
		"set S = A B\nset U = S C D\nset T = S S\nset V = A A\nset W = V\n" +
		"bidder x\n  bid x1 price 1 { U: 1 each }\nend\n"
	in, diags := bidlang.ReadBids("s.bids", []byte(src))
	require.NoError(t, diags.Err())
	ids := func(name string) []string {
		for _, s := range in.Sets {
			if s.Name == name {
				var out []string
				for _, i := range s.Items {
					out = append(out, in.Items[i].ID)
				}
				return out
			}
		}
		return nil
	}
	assert.Equal(t, []string{"A", "B"}, ids("S"))
	assert.Equal(t, []string{"A", "B", "C", "D.am", "D.pm"}, ids("U"))
	assert.Equal(t, []string{"A", "B", "A"}, ids("T"))
	assert.Equal(t, []string{"A", "A"}, ids("V"))
	assert.Equal(t, []string{"A", "A"}, ids("W"))
	assert.Contains(t, qaMsgs(diags), `set "T" lists item "A" twice`)
	assert.Len(t, in.Bids[0].Bundle, 5)
}

// qaMsgs joins the messages of a list, one a line.
func qaMsgs(l bidlang.ErrorList) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.Msg + "\n")
	}
	return b.String()
}

// TestQASetRepeatedInBundleStaysSmall: a bundle that names the same large
// set again and again ({ S: 1 each, S: 1 each, ... }) used to expand the set
// every time, so that a 600 kB file (a set of 20,000 DDUs named 2,000
// times) took 16 GB and three minutes to reject. Expansion now stops at the
// first item already in the bundle, which the repeat error names as before.
func TestQASetRepeatedInBundleStaysSmall(t *testing.T) {
	const n = 1000
	var b strings.Builder
	b.WriteString("currency USD\n")
	members := make([]string, n)
	for i := range n {
		fmt.Fprintf(&b, "ddu D%d capacity 10\n", i)
		members[i] = fmt.Sprintf("D%d", i)
	}
	fmt.Fprintf(&b, "set S = %s\nset T = S\nbidder x\n  bid x1 price 1 { D7: 1, ", strings.Join(members, " "))
	for range n {
		b.WriteString("S: 1 each, T: 1 each, ")
	}
	b.WriteString("D3: 2 }\nend\n")
	src := []byte(b.String())

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	in, diags := bidlang.ReadBids("repeat.bids", src)
	runtime.ReadMemStats(&after)
	assert.Nil(t, in)
	assert.Contains(t, qaMsgs(diags), `item "D7" appears twice in the bundle`)
	// 2,000 expansions of 1,000 items would be 2,000,000 demands (32 MB);
	// the bundle now holds 1,000 demands and a few repeats.
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(8<<20), "bytes allocated to read a %d-byte file", len(src))
}
