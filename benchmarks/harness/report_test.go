package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplaceBetweenMarkers(t *testing.T) {
	doc := "# Title\n\nkept before\n\n" + readmeBegin + "\nold table\nmore\n" + readmeEnd + "\n\nkept after\n"
	out, err := replaceBetweenMarkers([]byte(doc), []byte("new table\n\n"))
	require.NoError(t, err)
	assert.Equal(t, "# Title\n\nkept before\n\n"+readmeBegin+"\nnew table\n"+readmeEnd+"\n\nkept after\n", string(out))

	// Idempotent: replacing again with the same section changes nothing.
	again, err := replaceBetweenMarkers(out, []byte("new table\n\n"))
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again))

	for name, bad := range map[string]string{
		"none":     "# Title\n",
		"no end":   readmeBegin + "\n",
		"reversed": readmeEnd + "\n" + readmeBegin + "\n",
		"twice":    readmeBegin + readmeEnd + readmeBegin + readmeEnd,
	} {
		_, err := replaceBetweenMarkers([]byte(bad), []byte("x"))
		assert.Error(t, err, name)
	}
}

func TestMedian(t *testing.T) {
	assert.Equal(t, 2.0, median([]float64{3, 1, 2}))
	assert.Equal(t, 2.5, median([]float64{4, 1, 3, 2}))
	assert.Equal(t, 7.0, median([]float64{7}))
	xs := []float64{3, 1, 2}
	median(xs)
	assert.Equal(t, []float64{3, 1, 2}, xs, "median must not sort its argument")
}

// sampleReport has one instance CBC closes and gavel does not, one both
// close, and a national market over the memory target.
func sampleReport() *Report {
	c1 := Case{Family: "regions", Class: sizeSmall, Goods: 256, Bids: 1000, Seed: 1}
	c2 := Case{Family: "regions", Class: sizeSmall, Goods: 256, Bids: 1000, Seed: 2}
	c3 := Case{Family: "ddu", Class: sizeNational, Goods: 18000, Bids: 100000, Seed: 1}
	opt := func(s string, v, secs float64) Outcome {
		return Outcome{Solver: s, Status: StatusOptimal, Objective: v, HasObjective: true, Bound: v, HasBound: true, Seconds: secs}
	}
	return &Report{
		Command:   "benchmarks/run.sh",
		Machine:   "test machine",
		TimeLimit: "60 s",
		Solvers:   []string{"gavel", "CBC"},
		Results: []CaseResult{
			{Case: c1, Outcomes: []Outcome{
				{Solver: "gavel", Status: StatusFeasible, Objective: 90, HasObjective: true, Bound: 100, HasBound: true, Seconds: 60},
				opt("CBC", 95, 30),
			}},
			{Case: c2, Outcomes: []Outcome{opt("gavel", 50, 1), opt("CBC", 50, 4)}},
			{Case: c3, Outcomes: []Outcome{
				{Solver: "gavel", Status: StatusOptimal, Objective: 7, HasObjective: true, Bound: 7, HasBound: true, Seconds: 20, PeakRSSKiB: 5 << 20},
				{Solver: "CBC", Status: StatusKilled, Seconds: 65},
			}},
		},
	}
}

func TestMarkdown(t *testing.T) {
	rep := sampleReport()
	var b strings.Builder
	require.NoError(t, rep.writeMarkdown(&b))
	md := b.String()
	assert.Contains(t, md, "| regions | 256 × 1,000 | 1 | feasible | 60.0 | 10.00% | 0 |  | optimal | 30.0 | 0 | 2.00 |")
	assert.Contains(t, md, "| regions | 256 × 1,000 | 2 | optimal | 1.00 | 0 | 0 |  | optimal | 4.00 | 0 | 0.25 |")
	// Medians: regions has two instances, gavel closes one; the ratio is
	// the median of 2.00 and 0.25.
	assert.Contains(t, md, "| regions | 256 × 1,000 | 2 | 1/2 | 30.5 | 2/2 | 17.0 | 1.12 |")
	assert.Contains(t, md, "over the 2 instances CBC proved optimal: 1.12** (target ≤ 0.5: **missed**)")
	assert.Contains(t, md, "regions 256 × 1,000 seed 1: gavel not proven optimal although CBC proves it: feasible after 60.0 s, gap 10.00%")
	assert.Contains(t, md, "ddu 18,000 × 100,000 seed 1: gavel peak RSS 5.00 GiB (> 4 GiB)")
	assert.NotContains(t, md, "seed 2:", "instance 2 meets every target")
	assert.NotContains(t, md, "DISAGREEMENTS")
	assert.False(t, rep.failed())

	rep.Results[1].Disagreements = []string{"optimal objectives differ"}
	b.Reset()
	require.NoError(t, rep.writeMarkdown(&b))
	assert.Contains(t, b.String(), "**DISAGREEMENTS**")
	assert.Contains(t, b.String(), "- regions/256x1000/s2: optimal objectives differ")
	assert.True(t, rep.failed())
}
