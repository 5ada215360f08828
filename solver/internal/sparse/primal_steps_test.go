package sparse

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// randomState loads a random bounded LP of m rows and n columns and
// brings it to a basis a few random pivots away from the slack basis,
// factorized, with the basic values recomputed: a state in which the
// primal simplex's steps can be checked one by one.
func randomState(t *testing.T, rng *rand.Rand, m, n int) *Model {
	t.Helper()
	p := &lp.Problem{ColStart: []int{0}}
	for range n {
		p.Objective = append(p.Objective, float64(rng.IntN(11)-5))
		p.ColLower = append(p.ColLower, 0)
		if rng.IntN(4) == 0 {
			p.ColUpper = append(p.ColUpper, math.Inf(1))
		} else {
			p.ColUpper = append(p.ColUpper, float64(1+rng.IntN(3)))
		}
		for i := range m {
			if rng.Float64() < 0.3 {
				p.RowIndex = append(p.RowIndex, i)
				p.Value = append(p.Value, float64(rng.IntN(9)-4)/2+0.25)
			}
		}
		p.ColStart = append(p.ColStart, len(p.Value))
	}
	for range m {
		lo, hi := float64(-rng.IntN(4)), float64(rng.IntN(6))
		if rng.IntN(3) == 0 {
			lo = math.Inf(-1)
		}
		p.RowLower, p.RowUpper = append(p.RowLower, lo), append(p.RowUpper, hi)
	}
	md := New()
	require.NoError(t, md.Load(p))
	s := &md.s
	s.grow()
	for k := range s.stat {
		s.stat[k] = basic
		if k < s.n {
			s.stat[k] = atLower
		}
	}
	s.buildHead()
	for k := range s.stat {
		if s.where[k] < 0 {
			s.placeNonbasic(k)
		}
	}
	require.NoError(t, s.refactor())
	for range m / 2 {
		q := rng.IntN(s.n)
		if s.where[q] >= 0 {
			continue
		}
		s.ftranCol(q)
		r := rng.IntN(m)
		if math.Abs(s.alpha[r]) < 0.1 {
			continue
		}
		k := int(s.head[r])
		s.exchange(r, q, atLower)
		s.placeNonbasic(k)
		s.lu.update(int32(r), s.alpha[r])
		if s.lu.wantsRefactor() {
			require.NoError(t, s.refactor())
		}
	}
	require.NoError(t, s.refactor())
	return md
}

// refPrimalRatio is the textbook form of primalRatio's test, the oracle
// of TestPrimalRatio: Harris' first pass over every basic variable for
// the widened step, the second over every basic variable again.
func (s *simplex) refPrimalRatio(q int, dir float64, bland bool) (r int, t float64, leave lp.BasisStatus, ok bool) {
	limit := func(k int, delta, slack float64) (float64, lp.BasisStatus) {
		gap, tol, st, blocks := s.blocking(k, delta)
		if !blocks {
			return math.Inf(1), 0
		}
		if delta > 0 {
			return (gap + slack*tol) / delta, st
		}
		return -(gap + slack*tol) / delta, st
	}
	flip := math.Inf(1)
	if dir > 0 && !math.IsInf(s.hi[q], 1) {
		flip = s.hi[q] - s.x[q]
	}
	if dir < 0 && !math.IsInf(s.lo[q], -1) {
		flip = s.x[q] - s.lo[q]
	}
	big := 0.0
	for _, a := range s.alpha {
		big = max(big, math.Abs(a))
	}
	piv := 1e-9 * max(1, big)
	slack := 1.0
	if bland {
		slack = 0
	}
	tmax := flip
	for p, k := range s.head {
		if delta := -dir * s.alpha[p]; math.Abs(delta) > piv {
			tmax = min(tmax, first(limit(int(k), delta, slack)))
		}
	}
	r, best := -1, 0.0
	for p, k := range s.head {
		delta := -dir * s.alpha[p]
		if math.Abs(delta) <= piv {
			continue
		}
		tp, st := limit(int(k), delta, 0)
		if math.IsInf(tp, 1) || tp > tmax+zeroStep {
			continue
		}
		if bland {
			if r < 0 || k < s.head[r] {
				r, t, leave = p, tp, st
			}
			continue
		}
		if math.Abs(delta) > best {
			r, t, leave, best = p, tp, st, math.Abs(delta)
		}
	}
	switch {
	case r < 0 && math.IsInf(flip, 1):
		return -1, 0, 0, false
	case r < 0 || flip <= t:
		return -1, flip, 0, true
	}
	return r, max(t, 0), leave, true
}

func first[A, B any](a A, _ B) A { return a }

// TestPrimalRatio checks primalRatio, which looks again only at the
// candidates its first pass kept, against the textbook two passes over
// every basic variable, on random states with some basic variables
// outside their bounds and some at them (ties), Harris and Bland.
func TestPrimalRatio(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for trial := range 300 {
		md := randomState(t, rng, 2+rng.IntN(15), 1+rng.IntN(25))
		s := &md.s
		for _, k := range s.head {
			switch lo, hi := s.lo[k], s.hi[k]; rng.IntN(5) {
			case 0:
				if !math.IsInf(lo, -1) {
					s.x[k] = lo - rng.Float64()
				}
			case 1:
				if !math.IsInf(hi, 1) {
					s.x[k] = hi
				}
			}
		}
		for range 5 {
			q := rng.IntN(s.n + s.m)
			if s.where[q] >= 0 {
				continue
			}
			s.ftranCol(q)
			dir := 1.0
			if rng.IntN(2) == 0 {
				dir = -1
			}
			for _, bland := range []bool{false, true} {
				r, tt, leave, ok := s.primalRatio(q, dir, bland)
				wr, wt, wleave, wok := s.refPrimalRatio(q, dir, bland)
				require.Equal(t, []any{wr, wt, wleave, wok}, []any{r, tt, leave, ok}, "trial %d, q %d, dir %v, bland %v", trial, q, dir, bland)
			}
			s.lu.spkOK = false
		}
	}
}

// TestUpdatePhaseDuals makes primal steps on random states whose basic
// variables are partly infeasible and checks the phase-1 reduced costs
// updatePhaseDuals keeps against computeDuals on the new phase-1 costs.
func TestUpdatePhaseDuals(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 2))
	checked := 0
	for trial := range 300 {
		md := randomState(t, rng, 2+rng.IntN(15), 1+rng.IntN(25))
		s := &md.s
		for _, k := range s.head {
			if lo := s.lo[k]; rng.IntN(3) == 0 && !math.IsInf(lo, -1) {
				s.x[k] = lo - rng.Float64()
			}
		}
		if !s.phaseCosts() {
			continue
		}
		s.computeDuals(s.pcost)
		for step := range 4 {
			q, r := rng.IntN(s.n+s.m), rng.IntN(s.m)
			if s.where[q] >= 0 {
				continue
			}
			s.ftranCol(q)
			if math.Abs(s.alpha[r]) < 0.1 {
				s.lu.spkOK = false
				continue
			}
			leaving := int(s.head[r])
			s.btranRow(r)
			s.pivotRow()
			s.prow[q] = s.alpha[r]
			s.primalDuals(q, r)
			leave := atLower
			if math.IsInf(s.lo[leaving], -1) {
				leave = atUpper
			}
			s.primalStep(q, 1, r, rng.Float64(), leave)
			if !s.updatePhaseDuals(leaving) {
				break
			}
			got := append([]float64(nil), s.d...)
			old := append([]float64(nil), s.pcost...)
			require.True(t, s.phaseCosts())
			require.Equal(t, s.pcost, old, "trial %d step %d: phase-1 costs", trial, step)
			s.computeDuals(s.pcost)
			for k := range s.d {
				if s.where[k] < 0 {
					require.InDelta(t, s.d[k], got[k], 1e-8*(1+math.Abs(s.d[k])), "trial %d step %d: d[%d]", trial, step, k)
				}
			}
			checked++
		}
	}
	require.Greater(t, checked, 100)
}

// TestFreezeSplit checks that freezing moves the frozen columns out of
// the nonbasic part of the row-major copy, so that the pivot row skips
// them, and that unfreeze puts them back.
func TestFreezeSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for trial := range 50 {
		md := randomState(t, rng, 2+rng.IntN(15), 1+rng.IntN(25))
		s, a := &md.s, &md.a
		nb := func(skip func(j int) bool) int {
			c := 0
			for j := range s.n {
				if s.where[j] < 0 && !skip(j) {
					c += int(a.colStart[j+1] - a.colStart[j])
				}
			}
			return c
		}
		before := a.nbNnz
		require.Equal(t, nb(func(int) bool { return false }), before, "trial %d", trial)
		s.freezeAtBounds()
		require.Equal(t, nb(func(j int) bool { return s.frozen[j] }), a.nbNnz, "trial %d", trial)
		r := rng.IntN(s.m)
		s.btranRow(r)
		s.pivotRow()
		for j := range s.n {
			if s.frozen[j] {
				require.False(t, s.pmark[j], "trial %d: frozen column %d in the pivot row", trial, j)
			}
		}
		s.unfreeze()
		require.Equal(t, before, a.nbNnz, "trial %d", trial)
		for j := range s.n {
			require.False(t, s.frozen[j])
			require.Equal(t, s.where[j] >= 0, a.basicCol[j])
		}
	}
}
