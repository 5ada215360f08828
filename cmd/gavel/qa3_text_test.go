package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQATextTablesQuoteOddNames: names with a newline, a tab or a terminal
// escape are legal in a bid file; the text outputs of check and solve show
// them quoted, so that no table row breaks and no escape reaches the
// terminal, and names of other scripts pad by characters, not bytes.
func TestQATextTablesQuoteOddNames(t *testing.T) {
	src := `auction "line1\nline2 \u001b[31mred"
ddu "D\n1" capacity 10 region "R\tx"
ddu Zürich capacity 10 region Zürich
bidder "a\nb"
  bid "x\ty" price 5 { "D\n1": 1 }
end
bidder Café
  bid c1 price 4 { Zürich: 2 }
end
`
	path := writeFile(t, "odd.bids", src)
	for _, args := range [][]string{{"check", path}, {"solve", path}, {"solve", "--payment", "vcg", path}} {
		r := gavel(t, "", args...)
		require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
		assert.NotContains(t, r.stdout, "\x1b", "%v", args)
		assert.NotContains(t, r.stdout, "\t", "%v", args)
		assert.Contains(t, r.stdout, `"line1\nline2 \x1b[31mred"`, "%v", args)
		assert.Contains(t, r.stdout, `"R\tx"`, "%v", args)
		for _, line := range strings.Split(r.stdout, "\n") {
			assert.False(t, strings.HasPrefix(line, "line2") || strings.HasPrefix(line, "b ") || strings.HasPrefix(line, "1 "),
				"%v: a name broke a line: %q", args, line)
		}
		if args[0] == "solve" {
			assert.Contains(t, r.stdout, `"a\nb"`)
			assert.Contains(t, r.stdout, `"x\ty"`)
			// Columns line up: "Café" and "total" rows have the numbers at the same rune offset.
			var cafe, total string
			for _, line := range strings.Split(r.stdout, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "Café") {
					cafe = line
				}
				if strings.HasPrefix(strings.TrimSpace(line), "total") {
					total = line
				}
			}
			require.NotEmpty(t, cafe)
			assert.Equal(t, textWidth(total), textWidth(cafe), "rows of one table have one width:\n%s\n%s", cafe, total)
		}
	}
}

// TestQAFractionBelowOneNeverShowsAsOne: a divisible bid awarded all but a
// sliver of its volume pays less than its price; the table must not say
// it won in full.
func TestQAFractionBelowOneNeverShowsAsOne(t *testing.T) {
	for f, want := range map[float64]string{1: "1", 0.99999999999975: "0.9999", 0.99995: "0.9999", 0.5: "0.5", 0.00004: "4e-05", 0: "0", 0.654725: "0.6547"} {
		assert.Equal(t, want, formatFraction(f), "%v", f)
	}
	src := `currency XAU decimals 9
ddu A capacity 4000000000000
bidder x
  bid x1 price 1 { A: 1 }
end
bidder y
  bid y2 rate 0.000000003 { A: 4000000000000 } min 1/3
end
`
	r := gavel(t, "", "solve", writeFile(t, "sliver.bids", src))
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `y2\s+0\.9999\s+12,000\.000000000\s+11,999\.999999997`, r.stdout)
}
