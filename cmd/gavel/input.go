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

func readSource(e *env, path string) (src []byte, name string, err error) {
	if path == "-" {
		src, err = io.ReadAll(e.stdin)
		return src, "<stdin>", err
	}
	src, err = os.ReadFile(path)
	return src, path, err
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
