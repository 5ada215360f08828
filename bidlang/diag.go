package bidlang

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in an input: 1-based line and 1-based byte column, and
// the 0-based byte offset. The zero Pos is "unknown" and is never printed.
type Pos struct {
	Offset int
	Line   int
	Col    int
}

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String writes the position as "line:col", or "-" when it is unknown.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}

// Severity of a diagnostic.
type Severity uint8

const (
	Error   Severity = iota // the input cannot be used
	Warning                 // the input is usable but likely wrong
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Related is a second position that explains a diagnostic, such as where a
// duplicate name was first defined.
type Related struct {
	Pos Pos
	Msg string // "first defined here"
}

// Diagnostic is one message about an input file.
type Diagnostic struct {
	File     string // as given by the caller; may be ""
	Pos      Pos
	End      Pos // end of the range at fault (exclusive); may be zero
	Severity Severity
	Msg      string // "expected X, found Y"
	Related  []Related
	Err      error // a sentinel classifying the problem (for errors.Is); may be nil
}

// Error writes the diagnostic as "file:line:col: message", with "warning: "
// before the message of a warning and each related position after it.
func (d *Diagnostic) Error() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
	}
	if d.Pos.IsValid() {
		if d.File != "" {
			b.WriteString(":")
		}
		b.WriteString(d.Pos.String())
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	for _, r := range d.Related {
		b.WriteString(" (")
		b.WriteString(r.Msg)
		if r.Pos.IsValid() {
			b.WriteString(" at ")
			b.WriteString(r.Pos.String())
		}
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the sentinel that classifies the diagnostic (nil when none),
// for errors.Is.
func (d *Diagnostic) Unwrap() error { return d.Err }

// MaxErrors is how many errors a reader collects before it stops.
const MaxErrors = 20

// ErrorList is a list of diagnostics, errors and warnings. It is not an
// error itself: Err returns nil when the list holds no error.
type ErrorList []*Diagnostic

// Add appends a diagnostic.
func (l *ErrorList) Add(d *Diagnostic) { *l = append(*l, d) }

// Errorf appends an error at pos.
func (l *ErrorList) Errorf(file string, pos Pos, format string, args ...any) {
	l.Add(&Diagnostic{File: file, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning at pos.
func (l *ErrorList) Warnf(file string, pos Pos, format string, args ...any) {
	l.Add(&Diagnostic{File: file, Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// NumErrors counts the diagnostics of severity Error.
func (l ErrorList) NumErrors() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Sort orders the list by file, position, then severity.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Offset != b.Pos.Offset {
			return a.Pos.Offset < b.Pos.Offset
		}
		return a.Severity < b.Severity
	})
}

// RemoveMultiples sorts the list and keeps only the first diagnostic per
// line, which hides cascades of follow-on errors.
func (l *ErrorList) RemoveMultiples() {
	l.Sort()
	var last struct {
		file string
		line int
		sev  Severity
	}
	out := (*l)[:0]
	for i, d := range *l {
		if i > 0 && d.File == last.file && d.Pos.Line == last.line && d.Severity == last.sev && d.Pos.IsValid() {
			continue
		}
		last.file, last.line, last.sev = d.File, d.Pos.Line, d.Severity
		out = append(out, d)
	}
	*l = out
}

// Errors returns the diagnostics of severity Error.
func (l ErrorList) Errors() ErrorList { return l.filter(Error) }

// Warnings returns the diagnostics of severity Warning.
func (l ErrorList) Warnings() ErrorList { return l.filter(Warning) }

func (l ErrorList) filter(s Severity) ErrorList {
	var out ErrorList
	for _, d := range l {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Err returns nil if the list holds no error, and otherwise an error whose
// message has one line per error (at most MaxErrors, then "and N more").
// Warnings are not part of it; read them from the list.
func (l ErrorList) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return &ListError{List: errs}
}

// ListError is the error returned by the readers. errors.As gives the list.
type ListError struct {
	List ErrorList // only errors, never empty
}

// Error writes one line per diagnostic, at most MaxErrors, then how many more
// there are.
func (e *ListError) Error() string {
	var b strings.Builder
	for i, d := range e.List {
		if i == MaxErrors {
			fmt.Fprintf(&b, "\nand %d more errors", len(e.List)-MaxErrors)
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// Unwrap exposes every diagnostic to errors.Is and errors.As.
func (e *ListError) Unwrap() []error {
	out := make([]error, len(e.List))
	for i, d := range e.List {
		out[i] = d
	}
	return out
}
