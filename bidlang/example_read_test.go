package bidlang_test

import (
	"errors"
	"fmt"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/bidlang"
)

// Reading a file of any format, as gavel does: the format comes from the
// file's extension when it has a known one, else from its content. A
// program would get name and src from os.Args and os.ReadFile.
func ExampleRead() {
	files := []struct {
		name string
		src  string
	}{
		{"q3.bids", "ddu D1 capacity 100\nbidder a\n  bid a1 price 5 { D1: 10 }\nend\n"},
		{"market.json", `{"format": "gavel/v1", "items": [{"id": "D1", "capacity": 100}], "bidders": [{"id": "a"}],
		  "bids": [{"id": "a1", "bidder": "a", "price": "5.00", "bundle": [{"item": "D1", "volume": 10}]}]}`},
		{"-", "goods 2\nbids 1\n0\t5.5\t0\t1\t#\n"}, // standard input: CATS, known by its content
	}
	for _, file := range files {
		f, ok := bidlang.DetectFormat(file.name)
		if !ok {
			f = bidlang.Sniff([]byte(file.src))
		}
		in, diags := bidlang.Read(file.name, []byte(file.src), f)
		if err := diags.Err(); err != nil {
			fmt.Println(err)
			continue
		}
		cur := in.CurrencyOrDefault() // USD when the file names no currency
		fmt.Printf("%-11s %-4s %d items, %d bids, first bid %s at %s %s\n", file.name, f,
			len(in.Items), len(in.Bids), in.Bids[0].ID, in.Bids[0].Amount.FormatShort(cur.Decimals), cur.Code)
	}
	// Output:
	// q3.bids     bids 1 items, 1 bids, first bid a1 at 5 USD
	// market.json json 1 items, 1 bids, first bid a1 at 5 USD
	// -           cats 2 items, 1 bids, first bid b0 at 5.5 XXX
}

// The list a reader returns holds errors and warnings. Err is nil when it
// holds no error, so warnings alone never stop a program; the error it
// returns unwraps to every diagnostic, for errors.As and errors.Is.
func ExampleErrorList_Err() {
	_, diags := bidlang.ReadBids("q3.bids", []byte(`ddu D90210 capacity 6000
bidder walmart
  bid w1 price 5200 { D90210: 7000 }
end
`))
	fmt.Println("error:", diags.Err())
	for _, d := range diags.Warnings() {
		fmt.Println(d)
	}

	_, diags = bidlang.ReadBids("q4.bids", []byte("ddu D90210 capacity 6000\nddu D90210 capacity 10\n"))
	err := diags.Err()
	fmt.Println("a duplicate:", errors.Is(err, auction.ErrDuplicate))
	var d *bidlang.Diagnostic
	if errors.As(err, &d) {
		fmt.Printf("line %d, column %d: %s\n", d.Pos.Line, d.Pos.Col, d.Msg)
		for _, r := range d.Related {
			fmt.Printf("  %s at line %d\n", r.Msg, r.Pos.Line)
		}
	}
	// Output:
	// error: <nil>
	// q3.bids:3:31: warning: bid "w1": volume 7000 on item "D90210" exceeds its capacity 6000: the bid can never win
	// a duplicate: true
	// line 2, column 5: item "D90210" is defined twice (items[0] and items[1])
	//   first defined here at line 1
}
