// Package engines lists the LP engines built into this binary, for the
// packages that build LP models: the winner-determination search (package
// solver) and the allocation rules that solve an LP relaxation (package
// mechanism). One list, so that an engine name means the same engine
// everywhere.
package engines

import (
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/sparse"
)

// Names of the engines.
const (
	Clp    = "clp"    // COIN-OR Clp through its C interface; needs the build tag clp and cgo
	Native = "native" // the pure-Go sparse dual simplex (package sparse); always built in
)

// Engine is an LP engine: its name and a constructor of empty models.
type Engine struct {
	Name string
	New  func() lp.Model
}

// Builtin lists the engines of this binary, the default first: Clp when
// built in, then the native engine. The list is fixed at build time.
func Builtin() []Engine {
	var out []Engine
	if e, ok := clpEngine(); ok {
		out = append(out, e)
	}
	return append(out, Engine{Name: Native, New: sparse.NewModel})
}

// Find returns the engine of the given name, the default for "", and
// whether this binary has it.
func Find(name string) (Engine, bool) {
	all := Builtin()
	if name == "" {
		return all[0], true
	}
	for _, e := range all {
		if e.Name == name {
			return e, true
		}
	}
	return Engine{}, false
}
