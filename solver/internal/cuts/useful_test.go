package cuts

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction/gen"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// roundsResult is what rounds of cuts did to the root bound.
type roundsResult struct {
	before, after        float64
	rounds               int
	cliques, covers, odd int
}

// cutRounds solves the LP relaxation of f with the native engine and adds
// rounds of cuts (at most perRound of each kind) until none is found or
// maxRounds is reached. Every cut must be violated by the LP optimum it
// was separated from, and the bound must never rise.
func cutRounds(t *testing.T, f *wdp.Formulation, maxRounds, perRound int) roundsResult {
	t.Helper()
	m := relaxation(t, f, nil)
	defer m.Close()
	obj, x := solve(t, m)
	res := roundsResult{before: obj, after: obj}
	cl, cv := NewCliques(f), NewCovers(f)
	od := NewOddCycles(cl)
	for res.rounds < maxRounds {
		var rows lp.Rows
		nc := cl.Separate(x, &rows, perRound)
		nv := cv.Separate(x, &rows, perRound)
		no := od.Separate(x, &rows, perRound)
		if nc+nv+no == 0 {
			break
		}
		res.rounds++
		res.cliques += nc
		res.covers += nv
		res.odd += no
		for k := range rows.Len() {
			require.Greater(t, activity(&rows, k, x)-rows.Upper[k], Tol, "round %d: cut %d not violated by the LP optimum", res.rounds, k)
		}
		require.NoError(t, m.AddRows(&rows))
		next, nx := solve(t, m)
		require.LessOrEqual(t, next, obj+1e-7*math.Abs(obj), "round %d: the bound rose", res.rounds)
		obj, x = next, nx
	}
	res.after = obj
	return res
}

// TestCutsLowerTheBound runs rounds of cuts at the root of CATS-like
// instances (64 goods × 300 bids) and of small DDU markets: cuts are
// found, each is violated by the LP optimum it comes from, and the bound
// falls. With -long, CBC (when installed) solves each MIP, and the bound
// after cuts must stay at or above its optimum; the fraction of the root
// gap closed is logged.
func TestCutsLowerTheBound(t *testing.T) {
	type tc struct {
		dist   string
		cfg    gen.Config
		covers bool // covers expected
		odd    bool // odd cycles expected
	}
	var cases []tc
	seeds := 1
	if *long {
		seeds = 3
	}
	for seed := range seeds {
		for _, d := range []string{"arbitrary", "regions", "L3"} {
			cases = append(cases, tc{d, gen.Config{Goods: 64, Bids: 300, Seed: uint64(seed + 1)}, false, d == "L3"})
		}
		cases = append(cases, tc{"ddu", gen.Config{Goods: 40, Bids: 200, Seed: uint64(seed + 1)}, true, false})
	}
	// An L4 market whose relaxation is fractional (many small ones, seed
	// 2 at this size among them, are integral): odd cycles close its root
	// gap.
	cases = append(cases, tc{"L4", gen.Config{Goods: 128, Bids: 500, Seed: 3}, false, true})
	rounds, perRound := 3, 50
	if *long {
		rounds, perRound = 20, 100
	}
	cbc, cbcErr := exec.LookPath("cbc")
	for _, c := range cases {
		name := fmt.Sprintf("%s-%dx%d-s%d", c.dist, c.cfg.Goods, c.cfg.Bids, c.cfg.Seed)
		t.Run(name, func(t *testing.T) {
			f := generated(t, c.dist, c.cfg)
			res := cutRounds(t, f, rounds, perRound)
			assert.Positive(t, res.cliques+res.covers+res.odd, "no cuts at the root")
			if c.covers {
				assert.Positive(t, res.covers, "no cover cuts")
			}
			if c.odd {
				assert.Positive(t, res.odd, "no odd-cycle cuts")
			}
			assert.Less(t, res.after, res.before*(1-1e-6), "cuts did not lower the bound")
			msg := fmt.Sprintf("%s: LP %.6g, after %d rounds (%d cliques, %d covers, %d odd cycles) %.6g (−%.2f%%)",
				name, res.before, res.rounds, res.cliques, res.covers, res.odd, res.after, 100*(res.before-res.after)/res.before)
			if *long && cbcErr == nil {
				opt := cbcOptimum(t, cbc, f)
				assert.GreaterOrEqual(t, res.after, opt*(1-1e-7), "the bound after cuts is below the optimum: a cut is invalid")
				msg += fmt.Sprintf(", optimum %.6g, gap closed %.1f%%", opt, 100*(res.before-res.after)/(res.before-opt))
			}
			t.Log(msg)
		})
	}
}

// cbcOptimum solves f with CBC from its LP export and returns the optimal
// objective.
func cbcOptimum(t *testing.T, cbc string, f *wdp.Formulation) float64 {
	t.Helper()
	dir := t.TempDir()
	lpFile, solFile := filepath.Join(dir, "m.lp"), filepath.Join(dir, "m.sol")
	w, err := os.Create(lpFile)
	require.NoError(t, err)
	require.NoError(t, f.WriteLP(w))
	require.NoError(t, w.Close())
	out, err := exec.Command(cbc, lpFile, "ratio", "0", "allowableGap", "0", "solve", "solution", solFile).CombinedOutput()
	require.NoError(t, err, "%s", out)
	s, err := os.Open(solFile)
	require.NoError(t, err)
	defer s.Close()
	sc := bufio.NewScanner(s)
	require.True(t, sc.Scan(), "empty CBC solution file")
	line := sc.Text()
	require.True(t, strings.HasPrefix(line, "Optimal"), "CBC: %s", line)
	fields := strings.Fields(line)
	v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
	require.NoError(t, err)
	return math.Abs(v) // CBC prints the objective of its minimisation
}
