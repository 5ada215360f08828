//go:build clp && cgo

package clp

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestInterruptWarm interrupts a long warm re-solve (every column of the
// optimum fixed at 0: thousands of dual pivots) a tenth of the way in:
// it must stop with TimeLimit well before the pivots of the whole
// re-solve, which fails if the interrupt does not reach Clp itself. (The
// conformance suite checks what every engine's Interrupt must do; a cold
// solve, which Clp runs on a presolved copy, does not stop early.)
func TestInterruptWarm(t *testing.T) {
	saved := idiotRows
	t.Cleanup(func() { idiotRows = saved })
	idiotRows = 1 << 30
	p := lptest.SetPacking(rand.New(rand.NewPCG(3, 5)), 2000, 10000, 5)
	m := New()
	defer m.Close()
	if err := m.Load(p); err != nil {
		t.Fatal(err)
	}
	if st, err := m.Solve(lp.Limits{}); err != nil || st != lp.Optimal {
		t.Fatalf("cold solve: %v, %v", st, err)
	}
	x, err := m.Primal(nil)
	if err != nil {
		t.Fatal(err)
	}
	var root lp.Basis
	if err := m.Basis(&root); err != nil {
		t.Fatal(err)
	}
	var cols []int
	var zero, one []float64
	for j, v := range x {
		if v > 1e-6 {
			cols, zero, one = append(cols, j), append(zero, 0), append(one, 1)
		}
	}
	fix := func() {
		t.Helper()
		if err := m.SetColBounds(cols, zero, zero); err != nil {
			t.Fatal(err)
		}
	}
	fix()
	start := time.Now()
	if st, err := m.Solve(lp.Limits{}); err != nil || st != lp.Optimal {
		t.Fatalf("warm re-solve: %v, %v", st, err)
	}
	full, pivots := time.Since(start), m.Iterations()
	if full < 20*time.Millisecond || pivots < 100 {
		t.Skipf("the warm re-solve is too short to interrupt: %v, %d pivots", full, pivots)
	}
	// Back to the root optimum, then the same re-solve, interrupted.
	if err := m.SetColBounds(cols, zero, one); err != nil {
		t.Fatal(err)
	}
	if err := m.SetBasis(&root); err != nil {
		t.Fatal(err)
	}
	if st, err := m.Solve(lp.Limits{}); err != nil || st != lp.Optimal {
		t.Fatalf("back at the root: %v, %v", st, err)
	}
	fix()
	done := make(chan lp.Status, 1)
	go func() {
		st, _ := m.Solve(lp.Limits{})
		done <- st
	}()
	time.Sleep(full / 10)
	m.Interrupt()
	st := <-done
	if st != lp.TimeLimit || m.Iterations() > pivots/2 {
		t.Fatalf("interrupted a tenth of the way: %v after %d of %d pivots; want %v well before the end", st, m.Iterations(), pivots, lp.TimeLimit)
	}
	t.Logf("the whole re-solve: %v, %d pivots; interrupted after %d", full, pivots, m.Iterations())
}
