//go:build clp && cgo

package clp

import (
	"math"
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestPresolveInfeasibleConfirmed is a relaxation of a small DDU market
// under the rule min-winners (20 columns, 23 rows) that Clp 1.17's
// presolve calls primal infeasible (cbc -dualS and -primalS agree),
// although its optimum is 421,662 (Clp without presolve, the sparse and
// dense engines, and CBC's branch and bound on the same file). A cold
// solve that ends infeasible is re-solved without presolve before the
// answer is believed.
func TestPresolveInfeasibleConfirmed(t *testing.T) {
	inf := math.Inf
	c := []float64{56757, 137932, 163373, 160346, 147840, 28979, 27074, 33390, 30210, 29120, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	colHi := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	a := [][]float64{
		{290, 290, 290, 290, 820, 0, 0, 0, 170, 190, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{20, 20, 20, 20, 210, 0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{0, 360, 340, 340, 178, 120, 100, 150, 50, 39, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{0, 30, 30, 30, 660, 30, 30, 270, 160, 170, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 1, 0, 0, 0, 0, 0, -0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, -0.25, 0, 0, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, -0.75, 0, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, -0.75, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0},
		{0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0},
		{0, -1, -1, -1, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 1, 0, 0, 0},
		{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0},
		{0, -1, -1, -1, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 1, 0, 0},
		{0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 1, 0},
		{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 1},
		{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1},
	}
	rowLo := []float64{inf(-1), inf(-1), inf(-1), inf(-1), 0, inf(-1), 0, inf(-1), 0, inf(-1), 0, inf(-1), inf(-1), inf(-1), inf(-1), inf(-1), inf(-1), inf(-1), 3, inf(-1), inf(-1), inf(-1), 3}
	rowHi := []float64{2050, 310, 970, 1380, inf(1), 0, inf(1), 0, inf(1), 0, inf(1), 0, 1, 1, 1, 0, 0, 0, inf(1), 0, 0, 0, inf(1)}
	colLo := make([]float64, len(c))
	p := lptest.Dense(lp.Maximize, c, colLo, colHi, a, rowLo, rowHi)
	m := New()
	defer m.Close()
	if err := m.Load(p); err != nil {
		t.Fatal(err)
	}
	st, err := m.Solve(lp.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if st != lp.Optimal {
		t.Fatalf("status %v, want optimal", st)
	}
	obj, err := m.Objective()
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(obj-421662) > 1e-6*421662 {
		t.Fatalf("objective %v, want 421662", obj)
	}
}
