package sparse

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestIdiotPoint checks the idiot crash's point on the relaxation of a
// generated DDU market against the optimum the dual simplex finds: within
// the bounds, rows met within a small residual, the objective within
// 0.1%.
func TestIdiotPoint(t *testing.T) {
	f, err := lptest.DDUFixture(lptest.DDUSize{DDUs: 200, Bids: 1000})
	require.NoError(t, err)
	p := f.Problem

	ref := New()
	ref.coldAlg = coldDual
	require.NoError(t, ref.Load(p))
	st, err := ref.Solve(lp.Limits{})
	require.NoError(t, err)
	require.Equal(t, lp.Optimal, st)
	opt, err := ref.Objective()
	require.NoError(t, err)

	m := New()
	require.NoError(t, m.Load(p))
	s := &m.s
	s.idiot()
	obj := 0.0
	for k := range s.x {
		require.False(t, math.IsNaN(s.x[k]), "variable %d", k)
		assert.GreaterOrEqual(t, s.x[k], s.lo[k], "variable %d", k)
		assert.LessOrEqual(t, s.x[k], s.hi[k], "variable %d", k)
		obj += s.orig[k] * s.x[k]
	}
	// The costs in s.orig are scaled and in minimization form; their sum
	// over the scaled values is the objective, negated for a maximization.
	if p.Sense == lp.Maximize {
		obj = -obj
	}
	t.Logf("crash objective %.10g, optimum %.10g", obj, opt)
	assert.InDelta(t, opt, obj, 1e-3*math.Abs(opt))
	res := make([]float64, s.m)
	a := s.a
	for j := range s.n {
		for q := a.colStart[j]; q < a.colStart[j+1]; q++ {
			res[a.rowIdx[q]] += a.val[q] * s.x[j]
		}
	}
	worst := 0.0
	for i := range res {
		worst = max(worst, math.Abs(res[i]-s.x[s.n+i]))
	}
	t.Logf("largest scaled row residual %.3g", worst)
	assert.Less(t, worst, 1e-2)
}

// TestColdChoice checks the size rule: the dual simplex below
// idiotMinEntries matrix entries, the idiot crash from there on, and the
// algorithm coldAlg names whatever the size.
func TestColdChoice(t *testing.T) {
	small, err := lptest.DDUFixture(lptest.DDUSize{DDUs: 200, Bids: 1000})
	require.NoError(t, err)
	f, err := lptest.DDUFixture(lptest.DDUSize{DDUs: 1000, Bids: 5000})
	require.NoError(t, err)
	require.Less(t, small.Problem.NumNonzeros(), idiotMinEntries)
	require.GreaterOrEqual(t, f.Problem.NumNonzeros(), idiotMinEntries)
	for _, tc := range []struct {
		p    *lp.Problem
		alg  coldMethod
		want coldMethod
	}{
		{small.Problem, coldAuto, coldDual},
		{f.Problem, coldAuto, coldIdiot},
		{small.Problem, coldIdiot, coldIdiot},
		{f.Problem, coldDual, coldDual},
	} {
		m := New()
		m.coldAlg = tc.alg
		require.NoError(t, m.Load(tc.p))
		assert.Equal(t, tc.want, m.coldChoice())
	}
}

// TestIdiotTimeLimit checks that a cold solve by the idiot crash stops at
// a time limit shorter than the crash.
func TestIdiotTimeLimit(t *testing.T) {
	f, err := lptest.DDUFixture(lptest.DDUSize{DDUs: 200, Bids: 1000})
	require.NoError(t, err)
	crash := New()
	require.NoError(t, crash.Load(f.Problem))
	start := time.Now()
	crash.s.idiot()
	full := time.Since(start)

	m := New()
	m.coldAlg = coldIdiot
	require.NoError(t, m.Load(f.Problem))
	start = time.Now()
	st, err := m.Solve(lp.Limits{Time: time.Microsecond})
	require.NoError(t, err)
	assert.Equal(t, lp.TimeLimit, st)
	assert.Less(t, time.Since(start), full/2, "the crash alone took %v", full)
	// A solve without a limit from where it stopped reaches the optimum.
	st, err = m.Solve(lp.Limits{})
	require.NoError(t, err)
	assert.Equal(t, lp.Optimal, st)
}
