package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/bidlang"
)

// errInvalid marks input that was read but is not valid; its diagnostics have
// already been printed.
var errInvalid = errors.New("invalid input")

// loadInstance reads one instance from a path ("-" for stdin), in the format
// given or detected, and prints its diagnostics (errors and warnings) to
// stderr. It returns errInvalid when the input has errors.
func loadInstance(e *env, path, format string) (*auction.Instance, error) {
	in, _, err := loadInstanceWarnings(e, path, format)
	return in, err
}

// loadInstanceWarnings is loadInstance, and says how many warnings it
// printed.
func loadInstanceWarnings(e *env, path, format string) (*auction.Instance, int, error) {
	src, name, err := readSource(e, path)
	if err != nil {
		return nil, 0, err
	}
	f, err := chooseFormat(path, format, src)
	if err != nil {
		return nil, 0, err
	}
	in, diags := bidlang.Read(name, src, f)
	diags.Sort()
	printDiagnostics(e.stderr, diags)
	if in == nil || diags.NumErrors() > 0 {
		return nil, 0, errInvalid
	}
	return in, len(diags.Warnings()), nil
}

// maxInputBytes caps what one input may hold: 1 GiB, seven times the JSON
// of the national market (18,000 DDUs, 100,000 bids). An endless input
// (/dev/zero, a pipe that never ends) is refused instead of running the
// machine out of memory.
const maxInputBytes = 1 << 30

func readSource(e *env, path string) (src []byte, name string, err error) {
	if path == "-" {
		src, err = readLimited(e.stdin, 0, maxInputBytes)
		return src, "<stdin>", err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, path, err
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	src, err = readLimited(f, size, maxInputBytes)
	var pe *os.PathError
	if err != nil && !errors.As(err, &pe) { // a PathError names the path already
		err = fmt.Errorf("read %s: %w", path, err)
	}
	return src, path, err
}

// readLimited reads all of r, at most limit bytes (size, when known, sizes
// the buffer).
func readLimited(r io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, fmt.Errorf("the input holds more than %s bytes, more than any bid file gavel reads", thousands(limit))
	}
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(int(size) + 1)
	}
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, fmt.Errorf("the input holds more than %s bytes, more than any bid file gavel reads", thousands(limit))
	}
	return buf.Bytes(), nil
}

func chooseFormat(path, flag string, src []byte) (bidlang.Format, error) {
	if flag != "" {
		return bidlang.ParseFormat(flag)
	}
	if f, ok := bidlang.DetectFormat(path); ok {
		return f, nil
	}
	return bidlang.Sniff(src), nil
}

// printDiagnostics prints errors and warnings, at most MaxErrors errors.
func printDiagnostics(w io.Writer, l bidlang.ErrorList) {
	nerr := 0
	for _, d := range l {
		if d.Severity == bidlang.Error {
			nerr++
			if nerr > bidlang.MaxErrors {
				continue
			}
		}
		fmt.Fprintln(w, d.Error())
	}
	if nerr > bidlang.MaxErrors {
		fmt.Fprintf(w, "and %d more errors\n", nerr-bidlang.MaxErrors)
	}
}

// flush writes a finished document to stdout in one piece, so that a
// failure half-way never leaves partial output.
func flush(e *env, buf *bytes.Buffer) int {
	if _, err := e.stdout.Write(buf.Bytes()); err != nil {
		fmt.Fprintf(e.stderr, "gavel: writing output: %v\n", err)
		return exitFailure
	}
	return exitOK
}
