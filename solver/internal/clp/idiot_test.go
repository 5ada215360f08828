//go:build clp && cgo

package clp

import (
	"math/rand/v2"
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestIdiotColdSolve checks the cold solve of large LPs (idiot crash and
// primal simplex) by duality and against initialSolve's answer, and a warm
// re-solve after it.
func TestIdiotColdSolve(t *testing.T) {
	if testing.Short() {
		t.Skip("large LPs")
	}
	for seed := uint64(1); seed <= 3; seed++ {
		p := lptest.SetPacking(rand.New(rand.NewPCG(seed, 9)), 2500, 6000, 4)
		idiot, err := lptest.SolveCold(internalEngine, p)
		if err != nil {
			t.Fatal(err)
		}
		if err := lptest.CheckOptimal(p, &idiot); err != nil {
			t.Fatalf("seed %d: idiot cold solve: %v", seed, err)
		}
		saved := idiotRows
		idiotRows = 1 << 30
		plain, err := lptest.SolveCold(internalEngine, p)
		idiotRows = saved
		if err != nil {
			t.Fatal(err)
		}
		if err := lptest.Compare(p, &idiot, &plain); err != nil {
			t.Fatalf("seed %d: idiot against initialSolve: %v", seed, err)
		}
	}
}

var internalEngine = lptest.Engine{Name: Name, New: NewModel, WarmStart: true, Limits: true}
