package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStrategySmall runs the example on one small market (8 DDUs: under
// -race, 10 DDUs took over a minute): truthful bidding pays its whole
// value under pay-as-bid (surplus 0.00), and no shading beats it under
// VCG (the program says so when one does).
func TestStrategySmall(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, 8, 30, 1, "", []float64{1, 0.8}))
	text := out.String()
	assert.NotContains(t, text, "shading beat", text)
	var rows [][]string
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) == 10 && f[0] == "1" {
			rows = append(rows, f)
		}
	}
	require.Len(t, rows, 2, text)
	assert.Equal(t, "1.00", rows[0][2], text)
	assert.Equal(t, rows[0][5], rows[0][6], "truthful pay-as-bid pays the true value: %s", text)
	assert.Equal(t, "0.00", rows[0][7], text)
}

func TestParseFactors(t *testing.T) {
	f, err := parseFactors("1, 0.9,0.5")
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 0.9, 0.5}, f)
	for _, bad := range []string{"0.9,1", "1,0", "1,1.5", "1,x", ""} {
		_, err := parseFactors(bad)
		assert.Error(t, err, bad)
	}
}
