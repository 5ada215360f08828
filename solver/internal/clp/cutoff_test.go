//go:build clp && cgo

package clp_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gavelhq/gavel/solver/internal/clp"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestCutoff checks the cutoff of warm re-solves: a child whose optimum
// beats the cutoff is solved to optimality, never cut off; one whose
// optimum cannot reach it is either cut off or solved, with an objective
// no better than the cutoff.
func TestCutoff(t *testing.T) {
	cutoffs := 0
	for seed := uint64(1); seed <= 20; seed++ {
		p := lptest.SetPacking(rand.New(rand.NewPCG(seed, 5)), 64, 256, 4)
		m := clp.NewModel()
		if err := m.Load(p); err != nil {
			t.Fatal(err)
		}
		if st, err := m.Solve(lp.Limits{}); err != nil || st != lp.Optimal {
			t.Fatalf("seed %d: root %v %v", seed, st, err)
		}
		x, _ := m.Primal(nil)
		var root lp.Basis
		if err := m.Basis(&root); err != nil {
			t.Fatal(err)
		}
		for j, v := range x {
			if v < 1e-6 || v > 1-1e-6 {
				continue
			}
			for _, up := range []bool{false, true} {
				lo, hi := 0.0, 0.0
				if up {
					lo, hi = 1, 1
				}
				// The child's optimum, from a cold solve.
				ref := clp.NewModel()
				q := *p
				q.ColLower = append([]float64(nil), p.ColLower...)
				q.ColUpper = append([]float64(nil), p.ColUpper...)
				q.ColLower[j], q.ColUpper[j] = lo, hi
				if err := ref.Load(&q); err != nil {
					t.Fatal(err)
				}
				st, err := ref.Solve(lp.Limits{})
				if err != nil {
					t.Fatal(err)
				}
				if st != lp.Optimal {
					ref.Close()
					continue
				}
				want, _ := ref.Objective()
				ref.Close()
				for _, delta := range []float64{-1, -1e-3, 1e-3, 1} {
					cut := want + delta
					if err := m.SetColBounds([]int{j}, []float64{lo}, []float64{hi}); err != nil {
						t.Fatal(err)
					}
					if err := m.SetBasis(&root); err != nil {
						t.Fatal(err)
					}
					st, err := m.Solve(lp.Limits{Cutoff: cut, UseCutoff: true})
					if err != nil {
						t.Fatal(err)
					}
					switch st {
					case lp.Cutoff:
						cutoffs++
						if want > cut+1e-7 {
							t.Fatalf("seed %d col %d up %v: cut off at %g, optimum %g beats it", seed, j, up, cut, want)
						}
					case lp.Optimal:
						got, _ := m.Objective()
						if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
							t.Fatalf("seed %d col %d: objective %g, cold %g", seed, j, got, want)
						}
					default:
						t.Fatalf("seed %d col %d: status %v", seed, j, st)
					}
				}
				if err := m.SetColBounds([]int{j}, []float64{0}, []float64{1}); err != nil {
					t.Fatal(err)
				}
			}
			break // one column per instance
		}
		m.Close()
	}
	if cutoffs == 0 {
		t.Fatal("no re-solve was cut off: the cutoff is not passed to Clp")
	}
}
