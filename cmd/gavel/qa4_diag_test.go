package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestQA4DiagnosticsThroughTheCLI: files as people save them (tabs,
// multibyte names, CRLF line ends, a byte order mark, no final newline, very
// long lines) and CATS files with odd prices and goods: every command that
// reads them exits 4 with nothing on stdout and names file:line:col and
// what it expected. Columns are 1-based bytes (a tab is one, é two, ☃
// three); a byte order mark counts in the columns of line 1, as in byte
// offsets (bidlang's spec).
func TestQA4DiagnosticsThroughTheCLI(t *testing.T) {
	long := strings.Repeat("x", 100000)
	for _, c := range []struct {
		name, file, src, want string
	}{
		{"tab before a bid", "t.bids", "ddu D1 capacity 10\nbidder a\n\tbid b1 price 5 { D1: 5, D2: 3 }\nend\n",
			`t.bids:3:26: unknown item "D2" (did you mean "D1"?)`},
		{"multibyte before the error", "m.bids", "ddu D1 capacity 10\nbidder é \"Zoë ☃\" budget x\n  bid b1 price 5 { D1: 5 }\nend\n",
			`m.bids:2:29: expected budget (an amount), found x`},
		{"CRLF", "c.bids", "ddu D1 capacity 10\r\nbidder a\r\n  bid b1 price 5 { D1: 5, D9: 3 }\r\nend\r\n",
			`c.bids:3:27: unknown item "D9" (did you mean "D1"?)`},
		{"BOM on line 1", "b.bids", "\ufeffddu D1 capacity x\n",
			`b.bids:1:20: expected capacity (a whole number), found x`},
		{"no final newline", "n.bids", "ddu D1 capacity 10\nbidder a\n  bid b1 price 5 { D1: 3 }",
			`n.bids:3:27: expected end to close bidder "a", found EOF (bidder opened here at 2:1)`},
		{"long comment line", "l.bids", "ddu D1 capacity 10\nbidder a\n  bid b1 price 5 { D1: 5 } # " + long + "\n  bid b2 price x { D1: 1 }\nend\n",
			`l.bids:4:16: expected price (an amount), found x`},
		{"long name", "l2.bids", "ddu D1 capacity 10\nbidder a\n  bid b1 price 5 { " + long + ": 3 }\nend\n",
			`l2.bids:3:20: unknown item "xxxxxxxxxxxxxxxxxxxxxxxxx`},
		{"JSON CRLF", "j.json", "{\r\n  \"format\": \"gavel/v1\",\r\n  \"items\": [{\"id\": \"A\", \"capacity\": 5x}]\r\n}\r\n",
			`j.json:3:38: invalid number: unexpected 'x'`},
		{"JSON multibyte", "j2.json", "{\"format\": \"gavel/v1\", \"name\": \"Zoë ☃\", \"items\": 5}",
			`j2.json:1:53: expected an array for items, found number 5`},
		{"CATS nan", "c1.txt", "goods 2\r\nbids 1\r\ndummy 0\r\n0\tnan\t0\t#\r\n",
			`c1.txt:4:3: bid 0: expected a price, found "nan"`},
		{"CATS 1e400", "c2.txt", "goods 2\nbids 1\ndummy 0\n0 1e400 0 #\n",
			`c2.txt:4:3: bid 0: price "1e400" is too large`},
		{"CATS negative", "c3.txt", "%% c\ngoods 2\nbids 1\n%% mid\ndummy 0\n0 -5 0 #   \n",
			`c3.txt:6:3: bid 0: negative price "-5"`},
		{"CATS good out of range", "c4.txt", "goods 3\nbids 1\ndummy 0\n0 5 0 3 #\n",
			`c4.txt:4:7: good 3 is out of range: the file has 3 goods (0 to 2) and 0 dummy goods`},
		{"CATS no #", "c5.txt", "goods 3\nbids 2\ndummy 0\n0 5 0 1\n1 5 2 #\n",
			`c5.txt:4:8: expected a good or # in bid 0, found end of line (every bid line ends with #)`},
		{"CATS no # at the end", "c6.txt", "goods 3\nbids 1\ndummy 0\n0 5 0 1",
			`c6.txt:4:8: expected a good or # in bid 0, found end of line (every bid line ends with #)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, c.file, c.src)
			for _, cmd := range [][]string{{"check"}, {"solve"}, {"solve", "--json"}, {"convert", "--to", "json"}, {"export", "--to", "lp"}} {
				r := gavel(t, "", append(cmd, path)...)
				assert.Equal(t, exitInvalid, r.code, "%v: %s", cmd, r.stderr)
				assert.Empty(t, r.stdout, "%v", cmd)
				first, _, _ := strings.Cut(r.stderr, "\n")
				assert.True(t, strings.HasPrefix(first, path[:len(path)-len(c.file)]+c.want), "%v:\n got %.300s\nwant %s", cmd, first, c.want)
			}
		})
	}
}
