package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
)

// regionMarket has one region, LA (L1 and L2), and an item without one.
// big wants all of LA and wins it alone unless the rule min-winners asks
// for two winners there: then s1 and s2 win it (30 + 25), and far wins X
// either way (40).
const regionMarket = `auction "regions"
ddu L1 capacity 10 region LA
ddu L2 capacity 10 region LA
ddu X capacity 10
bidder big
  bid big price 100 { L1: 10, L2: 10 }
end
bidder s1
  bid a price 30 { L1: 10 }
end
bidder s2
  bid b price 25 { L2: 10 }
end
bidder far
  bid f price 40 { X: 10 }
end
`

func TestSolveMinWinners(t *testing.T) {
	path := writeFile(t, "regions.bids", regionMarket)
	base := readInstance(t, path)
	tests := []struct {
		name    string
		args    []string
		k       int
		revenue string
		winners string
	}{
		{"none", nil, 0, "140", "big f"},
		{"one", []string{"--min-winners", "1"}, 1, "140", "big f"},
		{"two", []string{"--min-winners", "2"}, 2, "95", "a b f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := auction.Policy{MinWinners: tt.k}.Apply(base)
			require.NoError(t, err)
			solveHandWorked(t, in, path, tt.args, tt.revenue, tt.winners)
		})
	}

	// The table names the policy; the file's rule is replaced by the flag.
	r := gavel(t, "", "solve", "--min-winners", "2", path)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "policy      min-winners 2")
	withRule := writeFile(t, "rule.bids", strings.Replace(regionMarket, "ddu X", "rule min-winners 3\nddu X", 1))
	r = gavel(t, "", "solve", "--json", "--min-winners", "2", withRule)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "95", parseSolveDoc(t, r.stdout).Revenue.String())

	// Three winners in LA cannot be had (big conflicts with both others):
	// infeasible, exit status 1; the file's rule alone says the same.
	for _, args := range [][]string{{"--min-winners", "3", path}, {withRule}} {
		r = gavel(t, "", append([]string{"solve", "--json"}, args...)...)
		assert.Equal(t, exitFailure, r.code, r.stderr)
		assert.Equal(t, "infeasible", parseSolveDoc(t, r.stdout).Status)
		assert.Contains(t, r.stderr, "no award satisfies")
	}
}

func TestHelpNamesMinWinners(t *testing.T) {
	for _, cmd := range []string{"solve", "bench"} {
		r := gavel(t, "", cmd, "--help")
		assert.Equal(t, exitOK, r.code)
		assert.Contains(t, r.stdout+r.stderr, "--min-winners", cmd)
	}
}
