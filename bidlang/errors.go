package bidlang

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotRepresentable is the sentinel for an instance that a writer cannot
// express in its format without losing meaning (for example a budget in a
// CATS file). Writers never write such a file: they return an
// *UnrepresentableError, which matches this sentinel under errors.Is.
var ErrNotRepresentable = errors.New("not representable in the target format")

// UnrepresentableError names everything that stops an instance from being
// written in a format. It unwraps to ErrNotRepresentable.
type UnrepresentableError struct {
	Format Format
	// Features has one entry per kind of thing that cannot be written,
	// in the order first met, each with a count and a first example, such
	// as `budgets (2, e.g. bidder "walmart")`.
	Features []string
}

// Error names the format and everything it cannot express.
func (e *UnrepresentableError) Error() string {
	return fmt.Sprintf("cannot write %s: it has no way to express %s", e.Format, strings.Join(e.Features, "; "))
}

// Unwrap makes errors.Is(err, ErrNotRepresentable) true.
func (e *UnrepresentableError) Unwrap() error { return ErrNotRepresentable }

// featureSet collects what a writer cannot express, counting each kind and
// keeping its first example, in the order the kinds were first met.
type featureSet struct {
	order   []string
	count   map[string]int
	example map[string]string
}

// add records one occurrence of a feature, with an example such as
// `bid "w4"`.
func (f *featureSet) add(feature, example string) {
	if f.count == nil {
		f.count, f.example = map[string]int{}, map[string]string{}
	}
	if f.count[feature] == 0 {
		f.order = append(f.order, feature)
		f.example[feature] = example
	}
	f.count[feature]++
}

// err returns nil when nothing was added, and otherwise an
// *UnrepresentableError naming every feature.
func (f *featureSet) err(format Format) error {
	if len(f.order) == 0 {
		return nil
	}
	e := &UnrepresentableError{Format: format}
	for _, name := range f.order {
		e.Features = append(e.Features, fmt.Sprintf("%s (%d, e.g. %s)", name, f.count[name], f.example[name]))
	}
	return e
}
