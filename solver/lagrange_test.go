package solver

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/wdp"
	"github.com/gavelhq/gavel/solver/internal/wdp/wdptest"
)

// TestLagrangianAgainstBruteForce runs the brute-force property test with
// the Lagrangian bound and heuristic on every component (they normally
// start at a million matrix elements): the proofs, the awards and the
// bounds must stay right, also when a node limit of 0 stops the search
// after the Lagrangian step or the root.
func TestLagrangianAgainstBruteForce(t *testing.T) {
	saved := lagrangeNonzeros
	lagrangeNonzeros = 0
	t.Cleanup(func() { lagrangeNonzeros = saved })
	n := max(seeds()/3, 10)
	for _, fam := range wdptest.Families {
		for seed := range n {
			in := wdptest.Instance(wdptest.Rand(uint64(seed)), fam)
			want, err := wdp.BruteForce(in)
			require.NoError(t, err)
			tol := 1e-6 * math.Max(1, want.Objective)
			got, err := Solve(context.Background(), in, Options{Threads: 1})
			require.NoError(t, err, "%s seed %d", fam, seed)
			require.Empty(t, in.Check(got.Allocation), "%s seed %d", fam, seed)
			if got.Status != Optimal || !sameObjective(got.Objective, want.Objective) {
				t.Fatalf("%s seed %d: got %s %.6f (bound %.6f), brute force %.6f\n%s", fam, seed, got.Status,
					got.Objective, got.Bound, want.Objective, dump(in))
			}
			lim, err := Solve(context.Background(), in, Options{Threads: 1, NodeLimit: 1})
			require.NoError(t, err, "%s seed %d", fam, seed)
			require.Empty(t, in.Check(lim.Allocation), "%s seed %d", fam, seed)
			require.GreaterOrEqual(t, lim.Bound, want.Objective-tol, "%s seed %d: bound below the optimum", fam, seed)
			require.LessOrEqual(t, lim.Objective, want.Objective+tol, "%s seed %d", fam, seed)
		}
	}
}
