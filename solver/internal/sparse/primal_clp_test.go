//go:build clp && cgo

package sparse

import (
	"testing"

	"github.com/gavelhq/gavel/solver/internal/clp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// TestConformanceColdPrimalClp compares every answer of the sparse engine
// with cold solves by the primal simplex with Clp's.
func TestConformanceColdPrimalClp(t *testing.T) {
	ref := lptest.Engine{Name: clp.Name, New: clp.NewModel, WarmStart: true, Limits: true}
	lptest.Run(t, withCold("sparse-primal", coldPrimalAlg), lptest.Options{Reference: &ref, Seeds: longSeeds()})
}

// TestConformanceColdIdiotClp compares every answer of the sparse engine
// with cold solves by the idiot crash and the primal simplex with Clp's.
func TestConformanceColdIdiotClp(t *testing.T) {
	ref := lptest.Engine{Name: clp.Name, New: clp.NewModel, WarmStart: true, Limits: true}
	lptest.Run(t, withCold("sparse-idiot", coldIdiot), lptest.Options{Reference: &ref, Seeds: longSeeds()})
}
