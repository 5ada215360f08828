//go:build clp && cgo

package engines

import "github.com/gavelhq/gavel/solver/internal/clp"

// clpEngine is the Clp engine, built in with the tag clp.
func clpEngine() (Engine, bool) { return Engine{Name: Clp, New: clp.NewModel}, true }
