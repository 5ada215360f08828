package bidlang

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Format names a file format.
type Format string

const (
	FormatBids Format = "bids" // the text bid language (bidlang/spec.md)
	FormatJSON Format = "json" // canonical JSON (bidlang/schema.md)
	FormatCATS Format = "cats" // CATS 2.x, single- or multi-unit layout
)

// Formats lists the formats that can be read and written.
var Formats = []Format{FormatBids, FormatJSON, FormatCATS}

// ParseFormat checks a format name given by a user.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (want bids, json or cats)", s)
}

// DetectFormat guesses the format from a file name's extension: .bids,
// .json, .txt or .cats (CATS writes .txt). ok is false when it cannot tell.
func DetectFormat(name string) (f Format, ok bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".bids", ".bid":
		return FormatBids, true
	case ".json":
		return FormatJSON, true
	case ".cats", ".txt":
		return FormatCATS, true
	}
	return "", false
}

// Sniff guesses the format of src from its first significant bytes: JSON
// starts with '{'; CATS files start with '%' comments or a header line
// (goods, bids, dummy or maximums, which ReadCATS takes in any order);
// anything else is taken for the text bid language, none of whose
// statements starts with these words.
func Sniff(src []byte) Format {
	s := strings.TrimLeft(string(src[:min(len(src), 4096)]), " \t\r\n\ufeff")
	switch {
	case strings.HasPrefix(s, "{"):
		return FormatJSON
	case strings.HasPrefix(s, "%"):
		return FormatCATS
	case len(s) >= 5 && strings.EqualFold(s[:5], "goods"):
		return FormatCATS
	}
	word := s
	if i := strings.IndexAny(s, " \t\r\n\v\f"); i >= 0 {
		word = s[:i]
	}
	for _, label := range catsLabels[1:] {
		if strings.EqualFold(word, label) {
			return FormatCATS
		}
	}
	return FormatBids
}
