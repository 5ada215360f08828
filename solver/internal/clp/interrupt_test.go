//go:build clp && cgo

package clp

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestInterrupt interrupts a cold solve that takes seconds from another
// goroutine: the solve returns TimeLimit, later solves return it at once,
// and Interrupt after Close does nothing. The solve is initialSolve's (the
// idiot crash does not look at Clp's limits).
func TestInterrupt(t *testing.T) {
	saved := idiotRows
	t.Cleanup(func() { idiotRows = saved })
	idiotRows = 1 << 30
	p := lptest.SetPacking(rand.New(rand.NewPCG(3, 5)), 4000, 22222, 5)
	m := New()
	if err := m.Load(p); err != nil {
		t.Fatal(err)
	}
	type out struct {
		st  lp.Status
		err error
		at  time.Time
	}
	done := make(chan out, 1)
	go func() {
		st, err := m.Solve(lp.Limits{})
		done <- out{st, err, time.Now()}
	}()
	time.Sleep(50 * time.Millisecond)
	asked := time.Now()
	m.Interrupt()
	r := <-done
	if r.err != nil || r.st != lp.TimeLimit {
		t.Fatalf("interrupted solve: %v, %v; want %v", r.st, r.err, lp.TimeLimit)
	}
	t.Logf("stopped %v after Interrupt", r.at.Sub(asked))
	// Every later solve stops at once, warm or cold.
	if st, err := m.Solve(lp.Limits{}); err != nil || st != lp.TimeLimit || m.Iterations() != 0 {
		t.Fatalf("solve after Interrupt: %v, %v, %d iterations; want %v at once", st, err, m.Iterations(), lp.TimeLimit)
	}
	if err := m.Load(p); err != nil {
		t.Fatal(err)
	}
	if st, err := m.Solve(lp.Limits{}); err != nil || st != lp.TimeLimit || m.Iterations() != 0 {
		t.Fatalf("cold solve after Interrupt: %v, %v, %d iterations; want %v at once", st, err, m.Iterations(), lp.TimeLimit)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m.Interrupt() // after Close: nothing to stop, no crash
}

// TestInterruptWithContext checks that a model watched by a context
// (lp.WithContext) stops its solve when the context is canceled, and
// that a model whose context is never canceled solves to the end.
func TestInterruptWithContext(t *testing.T) {
	p := lptest.SetPacking(rand.New(rand.NewPCG(3, 5)), 300, 1000, 4)
	ctx, cancel := context.WithCancel(context.Background())
	m := lp.WithContext(ctx, New())
	defer m.Close()
	if err := m.Load(p); err != nil {
		t.Fatal(err)
	}
	if st, err := m.Solve(lp.Limits{}); err != nil || st != lp.Optimal {
		t.Fatalf("solve before cancel: %v, %v", st, err)
	}
	cancel()
	deadline := time.Now().Add(10 * time.Second)
	for { // the watch runs on its own goroutine
		cols := []int{0}
		if err := m.SetColBounds(cols, []float64{1}, []float64{1}); err != nil {
			t.Fatal(err)
		}
		st, err := m.Solve(lp.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if st == lp.TimeLimit {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("solve 10 s after cancel: %v; want %v", st, lp.TimeLimit)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestInterruptWarm interrupts a long warm re-solve (every column of the
// optimum fixed at 0: thousands of dual pivots) a tenth of the way in:
// it must stop with TimeLimit well before the pivots of the whole
// re-solve, which fails if the interrupt does not reach Clp itself.
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
