package sparse

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestInterrupt interrupts a cold solve a tenth of the way in from
// another goroutine: it stops with TimeLimit well before the pivots of a
// whole solve, later solves return TimeLimit at once, and Interrupt after
// Close does nothing.
func TestInterrupt(t *testing.T) {
	p := lptest.SetPacking(rand.New(rand.NewPCG(3, 5)), 1000, 5000, 5)
	ref := New()
	if err := ref.Load(p); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if st, err := ref.Solve(lp.Limits{}); err != nil || st != lp.Optimal {
		t.Fatalf("whole solve: %v, %v", st, err)
	}
	full, pivots := time.Since(start), ref.Iterations()
	ref.Close()
	if full < 20*time.Millisecond || pivots < 100 {
		t.Skipf("the solve is too short to interrupt: %v, %d pivots", full, pivots)
	}
	m := New()
	if err := m.Load(p); err != nil {
		t.Fatal(err)
	}
	done := make(chan lp.Status, 1)
	go func() {
		st, _ := m.Solve(lp.Limits{})
		done <- st
	}()
	time.Sleep(full / 10)
	m.Interrupt()
	if st := <-done; st != lp.TimeLimit || m.Iterations() > pivots/2 {
		t.Fatalf("interrupted a tenth of the way: %v after %d of %d pivots; want %v well before the end", st, m.Iterations(), pivots, lp.TimeLimit)
	}
	if st, err := m.Solve(lp.Limits{}); err != nil || st != lp.TimeLimit || m.Iterations() != 0 {
		t.Fatalf("solve after Interrupt: %v, %v, %d pivots; want %v at once", st, err, m.Iterations(), lp.TimeLimit)
	}
	if err := m.Load(p); err != nil {
		t.Fatal(err)
	}
	if st, _ := m.Solve(lp.Limits{}); st != lp.TimeLimit {
		t.Fatalf("solve after Load after Interrupt: %v; want %v", st, lp.TimeLimit)
	}
	m.Close()
	m.Interrupt()
}

// TestInterruptWithContext: a model watched by a context that is
// canceled while a solve runs (lp.WithContext) stops it.
func TestInterruptWithContext(t *testing.T) {
	p := lptest.SetPacking(rand.New(rand.NewPCG(3, 5)), 1000, 5000, 5)
	ctx, cancel := context.WithCancel(context.Background())
	m := lp.WithContext(ctx, New())
	defer m.Close()
	if err := m.Load(p); err != nil {
		t.Fatal(err)
	}
	cancel()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := m.Solve(lp.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if st == lp.TimeLimit {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("solve 10 s after cancel: %v; want %v", st, lp.TimeLimit)
		}
		if err := m.Load(p); err != nil { // start cold again
			t.Fatal(err)
		}
	}
}
