package main

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// textName is how a name from a bid file (an auction, item, region, bidder
// or bid name, a currency code) is shown in a text table: as it is when
// every character prints, else quoted with Go escapes, so that a newline,
// a tab or a terminal escape sequence in a name neither breaks the table
// nor reaches the terminal. JSON and CSV outputs escape on their own and
// keep names as they are.
func textName(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

// textWidth is the width of a text-table cell in characters (runes), so
// that names such as "Zürich" pad like ASCII ones.
func textWidth(s string) int { return utf8.RuneCountInString(s) }

// padRight pads s with spaces to width characters.
func padRight(s string, width int) string {
	return s + strings.Repeat(" ", max(width-textWidth(s), 0))
}
