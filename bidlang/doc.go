// Package bidlang reads and writes auction instances ([auction.Instance]) in
// three formats:
//
//   - the text bid language, .bids files, written by people and diffed:
//     [ReadBids] and [WriteBids]; its grammar and meaning are in spec.md;
//   - canonical JSON: [ReadJSON] and [WriteJSON] (schema.md);
//   - the CATS 2.x text format of the research community: [ReadCATS] and
//     [WriteCATS] (cats.md).
//
// [Read] and [Write] pick a reader or writer by [Format]. To read a file
// whose format is not known in advance, as gavel does, take the format from
// the name with [DetectFormat], else from the content with [Sniff], then
// call Read with the file's bytes (os.ReadFile); [ParseFormat] checks a
// format name a user typed. The readers take the whole input as a []byte
// and the name to print in diagnostics. An instance read from a file that
// names no currency has a zero Currency, which means USD:
// print its amounts with [auction.Instance.CurrencyOrDefault].
//
// Every reader returns the instance and an [ErrorList]; the usual call is
//
//	in, diags := bidlang.ReadBids("q3.bids", src)
//	if err := diags.Err(); err != nil {
//		return err // one line per error: q3.bids:12:7: ...
//	}
//	for _, w := range diags.Warnings() {
//		log.Print(w) // a bid that can never win, ...
//	}
//
// # Diagnostics
//
// Readers never panic and never guess: they return the instance, or nil
// and an ErrorList that says why. Diagnostics follow go/scanner: a Pos is a
// 1-based line and byte column (and a byte offset), a Diagnostic prints as
// "file:line:col: message", syntax errors read "expected X, found Y", a
// repeated ID carries the place of its first definition as a Related
// position, and unknown names come with "did you mean" when a declared name
// is one or two edits away. Readers go on after an error, from the end of
// the statement or the closing brace, drop follow-on errors on the same
// line, and stop after MaxErrors errors. When the input has no error of its
// own, the model's checks (auction.Instance.Problems) are reported at the
// place each part was read; ReadBids also runs them after errors, and
// reports what they find about the parts the errors did not touch.
// Warnings (a bid that can never win) do not stop the instance from being
// returned. [ErrorList.Err] gives an error only when the list holds an
// error: a [*ListError], which unwraps to each [*Diagnostic] (errors.As) and
// to the sentinel each carries (errors.Is, for example
// [auction.ErrDuplicate]).
//
// # Writers
//
// Writers emit a canonical form: the same instance always gives the same
// bytes, and reading what was written gives back an equal instance. An
// instance that a format cannot express is not written: the writer returns
// an error that matches [ErrNotRepresentable] under errors.Is (for the text
// language and CATS an [*UnrepresentableError] naming everything missing;
// for JSON the first reason, such as a name that is not UTF-8).
//
// # The bid language in brief
//
//	auction "USPS DDU access 2026-Q3"
//	currency USD
//	ddu D90210 capacity 6000 reserve 0.40
//	ddu D90211 windows am:4000 pm:2000 reserve 0.35
//	set LA = D90210 D90211.am
//	rule max-share 0.60
//
//	bidder walmart "Walmart Inc." budget 250000
//	  bid w1 price 5200 { D90210: 3000, D90211.am: 2500 }
//	  xor {
//	    bid w2 price 2100 { D90210: 2000 }
//	    bid w3 price 1900 { LA: 1000 each }
//	  }
//	end
//
// Amounts are exact decimals in the currency's minor units, never floats.
// A bidder's bids combine as OR; xor, choose a..b, all and or groups nest.
// ReadBids reads the generated national market, 18,000 DDUs and 200,000
// bids in a 131 MB file, in about 0.7 s on one core, checks included
// (BenchmarkReadBidsNational); WriteBids writes it at about 450 MB/s.
package bidlang
