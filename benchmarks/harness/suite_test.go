package main

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuildSuite(t *testing.T) {
	all := buildSuite(sizeClasses, nil, 1)
	// 9 CATS families at two sizes, ddu at three.
	assert.Len(t, all, 9*2+3)
	seen := map[string]bool{}
	for _, c := range all {
		assert.False(t, seen[c.Key()], "duplicate %s", c.Key())
		seen[c.Key()] = true
	}
	assert.True(t, seen["regions/256x1000/s1"])
	assert.True(t, seen["L7/1000x5000/s1"])
	assert.True(t, seen["ddu/200x1000/s1"])
	assert.True(t, seen["ddu/2000x10000/s1"])
	assert.True(t, seen["ddu/18000x100000/s1"])

	small := buildSuite([]string{sizeSmall}, nil, 3)
	assert.Len(t, small, 10*3)
	for _, c := range small {
		assert.Equal(t, sizeSmall, c.Class)
	}

	only := buildSuite(sizeClasses, regexp.MustCompile(`^(regions|ddu)/`), 2)
	require.Len(t, only, (2+3)*2)
	assert.Equal(t, "regions/256x1000/s1", only[0].Key())
	assert.Equal(t, "regions/256x1000/s2", only[1].Key())
	assert.Equal(t, "ddu/18000x100000/s2", only[len(only)-1].Key())
}

func TestParseClasses(t *testing.T) {
	got, err := parseClasses("medium,small,medium")
	require.NoError(t, err)
	assert.Equal(t, []string{"medium", "small"}, got)
	got, err = parseClasses("all")
	require.NoError(t, err)
	assert.Equal(t, sizeClasses, got)
	_, err = parseClasses("huge")
	assert.ErrorContains(t, err, `unknown size "huge"`)
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 18000: "18,000", 100000: "100,000", 1234567: "1,234,567", -1000: "-1,000"} {
		assert.Equal(t, want, groupDigits(n), "%d", n)
	}
}
