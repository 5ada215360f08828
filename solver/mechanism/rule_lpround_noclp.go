//go:build !(clp && cgo)

package mechanism

import "github.com/gavelhq/gavel/solver/internal/lp"

// lpRoundClp reports that this binary was built without the Clp engine.
func lpRoundClp() (func() lp.Model, bool) { return nil, false }
