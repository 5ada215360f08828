package wdp

import (
	"strconv"
	"strings"
)

// Names of columns and rows, for export to LP and MPS files. A name is a
// fixed prefix that says what it is ("x_", "cap_", ...) followed by IDs
// from the instance, escaped: ASCII letters, digits and '.' stay, every
// other byte becomes '_' and two upper-case hex digits. So an escaped ID
// never holds "__" nor a '_' that is not followed by two hex digits, and
// "__" can join two escaped IDs without ambiguity: names are unique
// whenever IDs are. They hold no character that the CPLEX LP or the free
// MPS format forbids, and never start with a digit, '.' or 'e'.
//
//	x_<bid>              fraction of a bid (ColBid)
//	z_<bid>              switch of a divisible bid (ColSwitch)
//	y_<bidder>__<path>   a nested group is taken (ColGroup); path is the
//	                     0-based child indices from the root, '.'-joined
//	w_<bidder>           a bidder with a min-volume wins (ColBidder)
//	u_<bidder>__<item>   a bidder wins volume on an item (ColUsage)
//	r_<bidder>__<region> a bidder wins volume in a region (ColRegion)
//
// Row names use the prefixes listed with RowKind.
//
// A name longer than maxNameLen is replaced by its prefix, "_i" and the
// column or row index (an escape is never followed by 'i', so this cannot
// clash either).
const maxNameLen = 200

// escapeID writes id in the alphabet described above.
func escapeID(id string) string {
	ok := true
	for i := 0; i < len(id); i++ {
		if !plainByte(id[i]) {
			ok = false
			break
		}
	}
	if ok && id != "" {
		return id
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		c := id[i]
		if plainByte(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('_')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	if b.Len() == 0 {
		return "_00" // an empty ID; Validate rejects them, but a name must not be empty
	}
	return b.String()
}

func plainByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.'
}

// name joins a prefix and escaped parts with "__".
func name(prefix string, parts ...string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for k, p := range parts {
		if k > 0 {
			b.WriteString("__")
		}
		b.WriteString(escapeID(p))
	}
	return b.String()
}

// shorten replaces an over-long name by its prefix (up to the first '_')
// and an index.
func shorten(s string, index int) string {
	if len(s) <= maxNameLen {
		return s
	}
	p, _, _ := strings.Cut(s, "_")
	return p + "__i" + strconv.Itoa(index)
}

// pathString writes a group path as "0.2.1".
func pathString(path []int) string {
	var b strings.Builder
	for k, p := range path {
		if k > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(p))
	}
	return b.String()
}
