package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQAGenBenchBadFlags: a size given as 0 is not read as "default", a
// seed is decimal, --format does not contradict -o's extension, a bench
// flag for generated markets is not ignored on bid files, a seed is not
// run twice; each is a usage error with nothing on stdout.
func TestQAGenBenchBadFlags(t *testing.T) {
	la := losAngeles
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"gen", "--dist", "regions", "--goods", "0"}, "--goods 0 must be at least 1"},
		{[]string{"gen", "--dist", "ddu", "--bids", "0"}, "--bids 0 must be at least 1"},
		{[]string{"gen", "--dist", "L3", "--decimals", "0"}, "--decimals 0 must be at least 1"},
		{[]string{"gen", "--dist", "regions", "--goods", "-4"}, "--goods -4 must be at least 1"},
		{[]string{"gen", "--dist", "regions", "--bids", "99999999999"}, "out of range"},
		{[]string{"gen", "--dist", "Regions2"}, "unknown distribution"},
		{[]string{"gen", "--dist", "L3", "--seed", "0x10"}, `invalid argument "0x10" for "--seed" flag: want a whole number`},
		{[]string{"gen", "--dist", "L3", "--seed", "-1"}, `invalid argument "-1" for "--seed" flag`},
		{[]string{"gen", "--dist", "L3", "--format", "json", "-o", "m.bids"}, "--format json but -o m.bids names a bids file"},
		{[]string{"gen", "--dist", "L3", "--format", "bids", "-o", "m.txt"}, "--format bids but -o m.txt names a cats file"},
		{[]string{"bench", "--dist", "regions", "--goods", "0"}, "--goods 0 must be at least 1"},
		{[]string{"bench", "--dist", "regions", "--bids", "-1"}, "--bids -1 must be at least 1"},
		{[]string{"bench", "--goods", "10", la}, "--goods applies to generated markets"},
		{[]string{"bench", "--bids", "10", la}, "--bids applies to generated markets"},
		{[]string{"bench", "--seeds", "1..3", la}, "--seeds applies to generated markets"},
		{[]string{"bench", "--dist", "regions", "--seeds", "1..3,2"}, "seed 2 is given twice"},
		{[]string{"bench", "--dist", "regions", "--seeds", "4,4"}, "seed 4 is given twice"},
		{[]string{"bench", "--dist", "regions", "--seeds", "1,,2"}, "is not a seed"},
		{[]string{"bench", "--dist", "regions", "--seeds", "-1"}, "is not a seed"},
		{[]string{"bench", "--rules", "per-item", "--payments", "vcg,core", la}, "no pair of rules applies"},
	} {
		r := gavel(t, "", tc.args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", tc.args, r.stderr)
		assert.Contains(t, r.stderr, tc.msg, "%v", tc.args)
		assert.Empty(t, r.stdout, "%v", tc.args)
	}
}

// TestQAOutputFileErrorsNamePath: -o and --plot that cannot be written say
// so about the path given, never about a temporary file, and leave nothing
// behind.
func TestQAOutputFileErrorsNamePath(t *testing.T) {
	dir := t.TempDir()
	r := gavel(t, "", "gen", "--dist", "L3", "--goods", "5", "--bids", "5", "-o", dir)
	assert.Equal(t, exitFailure, r.code)
	assert.Equal(t, "gavel gen: "+dir+" is a directory\n", r.stderr)
	missing := filepath.Join(dir, "no", "x.bids")
	r = gavel(t, "", "gen", "--dist", "L3", "--goods", "5", "--bids", "5", "-o", missing)
	assert.Equal(t, exitFailure, r.code)
	assert.Equal(t, "gavel gen: cannot create "+missing+": no such file or directory\n", r.stderr)
	r = gavel(t, "", "bench", "--rules", "greedy", "--plot", filepath.Join(dir, "no", "p.svg"), losAngeles)
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "cannot create "+filepath.Join(dir, "no", "p.svg"))
	assert.Empty(t, r.stdout, "nothing printed when the chart cannot be written")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "no temporary file left")
}

// TestQAGenSeedIsDecimal: --seed 010 is seed 10, the market gavel bench
// --seeds 010 runs (pflag's uint64 flag read it as octal: seed 8).
func TestQAGenSeedIsDecimal(t *testing.T) {
	a := gavel(t, "", "gen", "--dist", "L3", "--goods", "6", "--bids", "4", "--seed", "010")
	b := gavel(t, "", "gen", "--dist", "L3", "--goods", "6", "--bids", "4", "--seed", "10")
	require.Equal(t, exitOK, a.code, a.stderr)
	assert.Equal(t, b.stdout, a.stdout)
	assert.Contains(t, a.stdout, "--seed 10\"")
}

// TestQABenchDistIsCaseInsensitive: --dist l3 and --dist DDU name the
// distributions, in gavel bench as in gavel gen.
func TestQABenchDistIsCaseInsensitive(t *testing.T) {
	for _, name := range []string{"l3", "Regions"} {
		r := gavel(t, "", "bench", "--dist", name, "--goods", "8", "--bids", "6", "--seeds", "1", "--rules", "greedy", "--json")
		require.Equal(t, exitOK, r.code, "%s: %s", name, r.stderr)
		doc := benchDoc(t, r.stdout)
		require.Len(t, doc.Detail, 1)
		g := gavel(t, "", "gen", "--dist", name, "--goods", "8", "--bids", "6", "--seed", "1")
		require.Equal(t, exitOK, g.code, g.stderr)
		assert.Contains(t, g.stdout, "--dist "+doc.Detail[0].Market[:len(doc.Detail[0].Market)-2]+" ", "the canonical name")
	}
}

// TestQAExportTo: --to takes lp and mps in any case, as --to and --format
// take bids, json and cats; a missing --to says it is required.
func TestQAExportTo(t *testing.T) {
	lower := gavel(t, "", "export", "--to", "lp", losAngeles)
	upper := gavel(t, "", "export", "--to", "LP", losAngeles)
	require.Equal(t, exitOK, upper.code, upper.stderr)
	assert.Equal(t, lower.stdout, upper.stdout)
	r := gavel(t, "", "export", losAngeles)
	assert.Equal(t, exitUsage, r.code)
	assert.Equal(t, "gavel export: --to is required: lp or mps\n", r.stderr)
	r = gavel(t, "", "export", "--to", "xml", losAngeles)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `--to must be lp or mps, not "xml"`)
	assert.Empty(t, r.stdout)
}

// endless is a reader that never ends, like /dev/zero or `yes`.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'y'
	}
	return len(p), nil
}

// TestQAEndlessInputRefused: an input that never ends is refused at the
// cap, not read until the machine runs out of memory; inputs up to the cap
// are read whole.
func TestQAEndlessInputRefused(t *testing.T) {
	_, err := readLimited(endless{}, 0, 1000)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "more than 1,000 bytes")
	_, err = readLimited(strings.NewReader("abc"), 5000, 1000)
	assert.Error(t, err, "a regular file known to be too large is refused before reading")
	src, err := readLimited(strings.NewReader(strings.Repeat("x", 1000)), 1000, 1000)
	require.NoError(t, err)
	assert.Len(t, src, 1000)
	r := gavel(t, "", "check", t.TempDir())
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "is a directory")
	assert.NotContains(t, r.stderr, "read read")
}
