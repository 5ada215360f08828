package solver

import (
	"context"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/lp"
)

// TestOddCutsTakenOut checks the path of the root cut loop that takes a
// round of odd-cycle cuts out of the model again (rootCuts, dropLastRows)
// on small CATS L3 markets, where it happens in about one root in four, on
// every engine: after the root, the model holds the formulation's rows and
// the cuts kept, in that order (what Gomory separation and a cold reload
// rely on), and solves to the root objective from the root's bounds; and
// where CBC is installed, the whole solve proves CBC's optimum. The path
// must be taken at least once per engine.
func TestOddCutsTakenOut(t *testing.T) {
	if testing.Short() {
		t.Skip("generated markets take seconds")
	}
	_, cbcErr := exec.LookPath("cbc")
	dir := t.TempDir()
	for _, name := range Engines() {
		eng, err := Options{Engine: name}.engine()
		require.NoError(t, err)
		dropped := 0
		for seed := uint64(1); seed <= 12; seed++ {
			in, err := gen.Generate("L3", gen.Config{Goods: 40, Bids: 160, Seed: seed})
			require.NoError(t, err)
			s := rootSearch(t, in, eng)
			if s == nil || s.sep.dropped == 0 {
				if s != nil {
					s.m.Close()
				}
				continue
			}
			dropped++
			what := fmt.Sprintf("%s seed %d", name, seed)
			require.Equal(t, s.f.Problem.NumRows()+s.cuts.Len(), s.m.NumRows(), what)
			require.True(t, s.apply(&node{bound: math.Inf(1), col: -1}), what)
			st, obj, err := s.solveLP()
			require.NoError(t, err, what)
			require.Equal(t, lp.Optimal, st, what)
			require.InDelta(t, s.rootObj, obj, 1e-6*math.Max(1, math.Abs(s.rootObj)), what)
			s.m.Close()

			r, err := Solve(context.Background(), in, Options{Engine: name})
			require.NoError(t, err, what)
			require.Equal(t, Optimal, r.Status, what)
			require.Empty(t, in.Check(r.Allocation), what)
			if cbcErr == nil {
				file := filepath.Join(dir, fmt.Sprintf("L3-%d.lp", seed))
				writeExport(t, file, in, WriteLP)
				assertObjective(t, exportSolvers[0].solve(t, file), r.Objective, name)
			}
		}
		require.Positive(t, dropped, "%s: no root took a round of odd-cycle cuts out again", name)
	}
}
