//go:build clp && cgo

package cuts

import "github.com/gavelhq/gavel/solver/internal/clp"

func init() { newModel, fastLP = clp.NewModel, true }
