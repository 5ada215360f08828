package sparse

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestInterrupt interrupts a cold solve a tenth of the way in from
// another goroutine: it stops with TimeLimit well before the pivots of a
// whole solve. (The conformance suite checks the rest of what every
// engine's Interrupt must do.)
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
	m.Close()
}
