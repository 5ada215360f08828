//go:build clp && cgo

package sparse_test

import (
	"testing"

	"github.com/gavelhq/gavel/solver/internal/clp"
	"github.com/gavelhq/gavel/solver/internal/lptest"
)

// clpEngine is the Clp engine, the reference of the cross-check.
var clpEngine = lptest.Engine{Name: clp.Name, New: clp.NewModel, WarmStart: true, Limits: true}

// TestConformanceClp runs the suite against the sparse engine and compares
// every answer with Clp's.
func TestConformanceClp(t *testing.T) {
	lptest.Run(t, Engine, lptest.Options{Reference: &clpEngine, Seeds: seeds()})
}

func init() { benchEngines = append(benchEngines, clpEngine) }
