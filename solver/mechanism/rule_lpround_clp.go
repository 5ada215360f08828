//go:build clp && cgo

package mechanism

import (
	"github.com/gavelhq/gavel/solver/internal/clp"
	"github.com/gavelhq/gavel/solver/internal/lp"
)

// lpRoundClp returns the Clp engine, built in with the tag clp.
func lpRoundClp() (func() lp.Model, bool) { return clp.NewModel, true }
