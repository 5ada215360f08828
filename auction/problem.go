package auction

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors that classify a Problem. Test with errors.Is.
var (
	ErrEmpty          = errors.New("empty")                      // no items, empty bundle, empty group
	ErrDuplicate      = errors.New("duplicate id")               // two items, bidders or bids share an ID
	ErrNegative       = errors.New("must be positive")           // capacity, volume, price, budget ≤ 0 where > 0 is needed
	ErrUnknownRef     = errors.New("unknown reference")          // an index that names nothing
	ErrBounds         = errors.New("bounds out of range")        // choose a..b, min fraction, max-share
	ErrOverflow       = errors.New("value overflows")            // a product or sum beyond int64
	ErrOverCapacity   = errors.New("volume exceeds capacity")    // a bid that can never win (a warning)
	ErrBelowReserve   = errors.New("price below reserve")        // a bid that can never win (a warning)
	ErrTreeShape      = errors.New("bid tree is malformed")      // a bid in no tree, or in two places
	ErrCurrency       = errors.New("currency is malformed")      // decimals out of range
	ErrRuleViolated   = errors.New("allocation violates a rule") // Check: a constraint does not hold
	ErrAwardMalformed = errors.New("allocation is malformed")    // Check: bad bid index, fraction, repeat
	ErrUnsatisfiable  = errors.New("constraint cannot be met")   // e.g. min-volume above all the bidder's bids (a warning)
)

// Severity says whether a problem makes an instance unusable.
type Severity uint8

const (
	SevError   Severity = iota // the instance (or allocation) is invalid
	SevWarning                 // valid, but probably not what was meant
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SevWarning {
		return "warning"
	}
	return "error"
}

// RefKind says which part of an instance a Ref names.
type RefKind uint8

// Kinds of Ref: what Ref.Index counts.
const (
	RefInstance RefKind = iota // the instance as a whole: its currency, or Sets[Index] (Field set or set-item)
	RefItem                    // Items[Index]
	RefBidder                  // Bidders[Index]
	RefBid                     // Bids[Index]
	RefGroup                   // Ref.Group, in the tree of Bidders[Index]
	RefRule                    // a rule of Rules, named by Field
)

// Ref names the part of an instance a problem is about, so that a reader of
// files can point at the line it came from.
type Ref struct {
	Kind  RefKind
	Index int    // item, bidder or bid index; for RefGroup the bidder index
	Field string // "capacity", "reserve", "price", "volume", "min", "budget", "max-share", ...; "" for the whole thing
	Sub   int    // for Field "volume": the index in the bundle
	Group *Group // for RefGroup
}

// Problem is one thing wrong with an instance or an allocation.
type Problem struct {
	Severity Severity
	Err      error // one of the sentinel errors above
	Ref      Ref
	Msg      string // complete sentence fragment, e.g. `bid "w1": volume 7000 on "D90210" exceeds its capacity 6000`
}

// Error returns the message, after "warning: " for a warning.
func (p Problem) Error() string {
	if p.Severity == SevWarning {
		return "warning: " + p.Msg
	}
	return p.Msg
}

// Unwrap returns the sentinel that classifies the problem, for errors.Is.
func (p Problem) Unwrap() error { return p.Err }

// Problems is a list of problems. It is not itself returned as an error:
// call Err.
type Problems []Problem

// Err returns nil when the list holds no error (warnings alone are not an
// error), and otherwise an error whose message lists the errors.
func (ps Problems) Err() error {
	for _, p := range ps {
		if p.Severity == SevError {
			return &ProblemsError{Problems: ps.Errors()}
		}
	}
	return nil
}

// Errors returns the problems of severity SevError.
func (ps Problems) Errors() Problems { return ps.filter(SevError) }

// Warnings returns the problems of severity SevWarning.
func (ps Problems) Warnings() Problems { return ps.filter(SevWarning) }

func (ps Problems) filter(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// ProblemsError is the error returned by Validate and Check. errors.Is
// matches any of its problems' sentinels.
type ProblemsError struct {
	Problems Problems // never empty
}

// Error lists the problems, one a line, up to ten, then how many more.
func (e *ProblemsError) Error() string {
	const show = 10
	var b strings.Builder
	for i, p := range e.Problems {
		if i == show {
			fmt.Fprintf(&b, "\n(and %d more)", len(e.Problems)-show)
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As see every problem.
func (e *ProblemsError) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
	}
	return out
}
