package sparse

import (
	"flag"
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// withCold is the sparse engine with its cold solves forced to one
// algorithm.
func withCold(name string, alg coldMethod) lptest.Engine {
	return lptest.Engine{Name: name, WarmStart: true, Limits: true, New: func() lp.Model {
		m := New()
		m.coldAlg = alg
		return m
	}}
}

// longSeeds is the seed count of the external tests' -long flag.
func longSeeds() int {
	if f := flag.Lookup("long"); f != nil && f.Value.String() == "true" {
		return 10000
	}
	return 0
}

// TestConformanceColdPrimal runs the suite with every cold solve by the
// primal simplex on perturbed bounds, and with every cold solve by the
// dual simplex, so that both paths pass whichever the shape rule picks.
func TestConformanceColdPrimal(t *testing.T) {
	lptest.Run(t, withCold("sparse-primal", coldPrimalAlg), lptest.Options{Seeds: longSeeds()})
}

func TestConformanceColdDual(t *testing.T) {
	lptest.Run(t, withCold("sparse-dual", coldDual), lptest.Options{Seeds: longSeeds()})
}

// TestConformanceColdIdiot runs the suite with every cold solve by the
// idiot crash and the primal simplex.
func TestConformanceColdIdiot(t *testing.T) {
	lptest.Run(t, withCold("sparse-idiot", coldIdiot), lptest.Options{Seeds: longSeeds()})
}
