//go:build !(clp && cgo)

package engines

// clpEngine reports that this binary was built without the Clp engine
// (without the tag clp, or without cgo).
func clpEngine() (Engine, bool) { return Engine{}, false }
