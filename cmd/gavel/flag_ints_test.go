package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestIntFlagsAreDecimal: integer flags read base 10 only, as --seed
// does: 010 is ten (pflag's own int flags read it as octal 8), and 0x10
// is refused with exit 2 and nothing on stdout.
func TestIntFlagsAreDecimal(t *testing.T) {
	r := gavel(t, "", "gen", "--dist", "L3", "--goods", "010", "--bids", "012", "--seed", "1")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, strings.SplitN(r.stdout, "\n", 2)[0], "--goods 10 --bids 12")
	for _, args := range [][]string{
		{"gen", "--dist", "L3", "--goods", "0x10"},
		{"solve", "--threads", "0x2", "-"},
		{"solve", "--node-limit", "1e3", "-"},
		{"bench", "--dist", "L3", "--jobs", "0b1"},
	} {
		r := gavel(t, "", args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "want a whole number written in decimal", "%v", args)
		assert.Empty(t, r.stdout, "%v", args)
	}
}
