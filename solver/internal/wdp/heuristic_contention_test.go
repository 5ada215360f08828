package wdp

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGreedyContention checks the contention orders on random instances:
// every allocation is feasible for the model and worth at most the
// optimum, repeated calls agree, and alpha 0.5 with beta 0 is LOS's greedy
// exactly.
func TestGreedyContention(t *testing.T) {
	differ := 0
	for _, c := range randomCases(t, 120, 12, 1300) {
		r := newRounder(c.in)
		require.Equal(t, r.Greedy(), r.GreedyContention(0.5, 0), "%s: alpha 0.5, beta 0 is not LOS", c.name)
		opt, err := BruteForce(c.in)
		require.NoError(t, err)
		for _, p := range [][2]float64{{0.5, 0.5}, {0.75, 0.25}, {1, 1}} {
			a := r.GreedyContention(p[0], p[1])
			if len(c.in.Check(a)) != 0 {
				// Only the rule min-winners lets the greedy fail (see GreedyOrder).
				require.Positive(t, c.in.Rules.MinWinners, "%s %v: %v", c.name, p, modelProblems(c.in, a))
				continue
			}
			require.Empty(t, modelProblems(c.in, a), "%s %v", c.name, p)
			assert.LessOrEqual(t, value(c.in, a), opt.Objective*(1+1e-9)+1e-9, c.name)
			require.Equal(t, a, r.GreedyContention(p[0], p[1]), "%s %v: not deterministic", c.name, p)
			if value(c.in, a) != value(c.in, r.Greedy()) {
				differ++
			}
		}
	}
	require.Positive(t, differ, "the contention orders never differ from LOS: the test proves nothing")
}
