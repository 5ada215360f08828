//go:build clp && cgo

package clp

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestTimedSolveInSlices forces a time-limited solve to run in CPU slices
// of a millisecond, so that each run stops on its slice and the next goes
// on from the basis reached, and checks that the answer is the optimum of
// an unlimited solve, cold (idiot crash and primal simplex, then
// initialSolve) and warm (dual simplex after bound changes).
func TestTimedSolveInSlices(t *testing.T) {
	savedDiv, savedMin, savedRows := cpuSliceDivisor, minCPUSlice, idiotRows
	t.Cleanup(func() { cpuSliceDivisor, minCPUSlice, idiotRows = savedDiv, savedMin, savedRows })
	for _, rows := range []int{300, 1 << 30} { // idiot crash, then initialSolve
		p := lptest.SetPacking(rand.New(rand.NewPCG(7, 9)), 400, 1200, 4)
		idiotRows = rows
		cpuSliceDivisor, minCPUSlice = savedDiv, savedMin
		ref, err := lptest.SolveCold(internalEngine, p)
		if err != nil {
			t.Fatal(err)
		}
		cpuSliceDivisor, minCPUSlice = 1<<40, time.Millisecond
		m := New()
		if err := m.Load(p); err != nil {
			t.Fatal(err)
		}
		solve := func() lptest.Result {
			t.Helper()
			st, err := m.Solve(lp.Limits{Time: time.Hour})
			if err != nil || st != lp.Optimal {
				t.Fatalf("idiotRows %d: sliced solve: %v, %v", rows, st, err)
			}
			r, err := lptest.Collect(m)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		got := solve()
		if m.continued == 0 {
			t.Fatalf("idiotRows %d: the cold solve ran in one slice of 1 ms", rows)
		}
		if err := lptest.Compare(p, &got, &ref); err != nil {
			t.Fatalf("idiotRows %d: sliced cold solve against unlimited: %v", rows, err)
		}
		// Warm: fix the first tenth of the columns at 0 and re-solve.
		cols := make([]int, p.NumCols()/10)
		zeros := make([]float64, len(cols))
		for j := range cols {
			cols[j] = j
		}
		if err := m.SetColBounds(cols, zeros, zeros); err != nil {
			t.Fatal(err)
		}
		warm := solve()
		q := *p
		q.ColUpper = append([]float64(nil), p.ColUpper...)
		for _, j := range cols {
			q.ColUpper[j] = 0
		}
		cpuSliceDivisor, minCPUSlice = savedDiv, savedMin
		want, err := lptest.SolveCold(internalEngine, &q)
		if err != nil {
			t.Fatal(err)
		}
		if err := lptest.Compare(&q, &warm, &want); err != nil {
			t.Fatalf("idiotRows %d: sliced warm re-solve against a cold unlimited solve: %v", rows, err)
		}
		m.Close()
	}
}
