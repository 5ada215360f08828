//go:build clp && cgo

package clp

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gavelhq/gavel/solver/internal/lp"

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

// TestIdiotPasses checks the crash's pass budget: all passes without a
// limit, a quarter of the limit at the estimated cost per pass, and none
// (initialSolve, which honours the limit) when too few passes fit.
func TestIdiotPasses(t *testing.T) {
	const nnz = 4_000_000 // 0.8 s a pass at idiotPassCost
	perPass := time.Duration(nnz) * idiotPassCost
	for _, tc := range []struct {
		limit time.Duration
		want  int
	}{
		{0, maxIdiotPasses},
		{time.Hour, maxIdiotPasses},
		{4 * 20 * perPass, 20},
		{4 * minIdiotPasses * perPass, minIdiotPasses},
		{4*minIdiotPasses*perPass - time.Millisecond, 0},
		{time.Second, 0},
	} {
		if got := idiotPasses(nnz, tc.limit); got != tc.want {
			t.Errorf("idiotPasses(%d, %v) = %d, want %d", nnz, tc.limit, got, tc.want)
		}
	}
	if got := idiotPasses(0, time.Second); got != maxIdiotPasses {
		t.Errorf("idiotPasses(0, 1s) = %d, want %d", got, maxIdiotPasses)
	}
}

// TestIdiotTimeLimited solves a large LP cold under a time limit too short
// for the crash, which must then use initialSolve and still be optimal or
// stopped by the limit, never wrong.
func TestIdiotTimeLimited(t *testing.T) {
	if testing.Short() {
		t.Skip("large LPs")
	}
	p := lptest.SetPacking(rand.New(rand.NewPCG(4, 9)), 2500, 6000, 4)
	m := New()
	defer m.Close()
	if err := m.Load(p); err != nil {
		t.Fatal(err)
	}
	if alg, _ := m.nextAlgorithm(time.Millisecond); alg != initialSolve {
		t.Fatalf("cold algorithm under 1 ms = %d, want initialSolve", alg)
	}
	if alg, passes := m.nextAlgorithm(0); alg != idiotPrimal || passes != maxIdiotPasses {
		t.Fatalf("cold algorithm without limit = %d with %d passes, want idiotPrimal with %d", alg, passes, maxIdiotPasses)
	}
	st, err := m.Solve(lp.Limits{Time: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if st != lp.Optimal && st != lp.TimeLimit {
		t.Fatalf("status %v", st)
	}
}
