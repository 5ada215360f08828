package solver

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
)

// TestSolveAgainstCBC solves generated markets too large for brute force
// (CATS distributions, legacy, DDU) and compares the proven optimum with
// CBC's on the exported MIP. It runs where cbc is installed (CI installs
// it), on every engine that solves them quickly.
func TestSolveAgainstCBC(t *testing.T) {
	if _, err := exec.LookPath("cbc"); err != nil {
		t.Skip("cbc (coinor-cbc) is not installed")
	}
	if testing.Short() {
		t.Skip("generated markets take seconds")
	}
	cbc := exportSolvers[0]
	type market struct {
		dist        string
		goods, bids int
		seed        uint64
		nativeToo   bool // small enough for the dense native engine under -race
	}
	markets := []market{
		{"arbitrary", 24, 100, 1, true}, {"regions", 32, 150, 2, true}, {"L3", 40, 150, 3, true},
		{"paths", 40, 150, 4, true}, {"scheduling", 24, 120, 5, true}, {"matching", 24, 100, 6, true},
		{"L2", 40, 150, 7, true}, {"L4", 40, 150, 8, true}, {"L6", 40, 150, 9, true}, {"L7", 40, 150, 10, false},
		{"ddu", 30, 120, 11, true}, {"ddu", 40, 160, 12, false}, {"regions", 64, 300, 2, false},
	}
	dir := t.TempDir()
	for _, mk := range markets {
		name := fmt.Sprintf("%s-%dx%d-s%d", mk.dist, mk.goods, mk.bids, mk.seed)
		in, err := gen.Generate(mk.dist, gen.Config{Goods: mk.goods, Bids: mk.bids, Seed: mk.seed})
		require.NoError(t, err, name)
		file := filepath.Join(dir, name+".lp")
		writeExport(t, file, in, WriteLP)
		want := cbc.solve(t, file)
		for _, engine := range Engines() {
			if engine == EngineNative && !mk.nativeToo {
				continue
			}
			t.Run(name+"/"+engine, func(t *testing.T) {
				r, err := Solve(context.Background(), in, Options{Engine: engine, TimeLimit: 2 * time.Minute})
				require.NoError(t, err)
				require.Equal(t, Optimal, r.Status)
				require.Empty(t, in.Check(r.Allocation))
				assertObjective(t, want, r.Objective, engine)
				require.GreaterOrEqual(t, r.Bound, want-1e-6*max(1, want))
			})
		}
	}
}
