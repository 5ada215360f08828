package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The logs under testdata were captured from CBC 2.10.8 and GLPK 5.0 on
// models gavel exported (an L3 instance of 30 goods and 80 bids solved to
// optimality, arbitrary 256 × 1,000 stopped by a time limit) and on two
// hand-written infeasible LP files. The values expected below are read off
// the logs by eye.

func TestParseCBC(t *testing.T) {
	tests := []struct {
		file      string
		status    Status
		objective float64 // 0: none
		bound     float64 // 0: none
		nodes     int64
	}{
		{"cbc_optimal.log", StatusOptimal, 70079, 70079, 0},
		{"cbc_timelimit.log", StatusFeasible, 118867711, 194202250.449, 0},
		{"cbc_nosolution.log", StatusNoSolution, 0, 194202250.449, 0},
		{"cbc_infeasible.log", StatusInfeasible, 0, 0, 0},
		{"cbc_infeasible_preprocess.log", StatusInfeasible, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			require.NoError(t, err)
			o := parseCBC(data)
			assert.Equal(t, tt.status, o.Status, o.Detail)
			assert.Equal(t, tt.objective != 0, o.HasObjective)
			assert.Equal(t, tt.objective, o.Objective)
			assert.Equal(t, tt.bound != 0, o.HasBound)
			assert.Equal(t, tt.bound, o.Bound)
			assert.Equal(t, tt.nodes, o.Nodes)
		})
	}
}

func TestParseGLPK(t *testing.T) {
	tests := []struct {
		stem      string
		status    Status
		objective float64
		bound     float64
	}{
		{"glpk_optimal", StatusOptimal, 70079, 70079},
		// The solution file holds the exact incumbent; the log's bound
		// has ten digits.
		{"glpk_timelimit", StatusFeasible, 125040835, 1.941209070e+08},
		{"glpk_infeasible", StatusInfeasible, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.stem, func(t *testing.T) {
			log, err := os.ReadFile(filepath.Join("testdata", tt.stem+".log"))
			require.NoError(t, err)
			sol, err := os.ReadFile(filepath.Join("testdata", tt.stem+".sol"))
			require.NoError(t, err)
			o := parseGLPK(log, sol)
			assert.Equal(t, tt.status, o.Status, o.Detail)
			assert.Equal(t, tt.objective != 0, o.HasObjective)
			assert.Equal(t, tt.objective, o.Objective)
			assert.Equal(t, tt.bound != 0, o.HasBound)
			assert.Equal(t, tt.bound, o.Bound)
		})
	}
}

// A glpsol killed before it wrote anything final, and one stopped before
// its first incumbent, keep what the log says.
func TestParseGLPKPartial(t *testing.T) {
	o := parseGLPK([]byte("+    32: mip =     not found yet <=              +inf        (1; 0)\n"), nil)
	assert.Equal(t, StatusError, o.Status)

	o = parseGLPK([]byte("+    32: mip =     not found yet <=   1.5e+03   (1; 0)\nTIME LIMIT EXCEEDED; SEARCH TERMINATED\n"), nil)
	assert.Equal(t, StatusNoSolution, o.Status)
	assert.False(t, o.HasObjective)
	assert.True(t, o.HasBound)
	assert.Equal(t, 1500.0, o.Bound)
}

func TestParseCBCEmpty(t *testing.T) {
	o := parseCBC(nil)
	assert.Equal(t, StatusError, o.Status)
	assert.NotEmpty(t, o.Detail)
}
