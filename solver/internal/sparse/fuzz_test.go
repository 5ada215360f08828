package sparse_test

import (
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lptest"
)

func FuzzLoadSolve(f *testing.F) {
	for _, seed := range lptest.FuzzSeeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) { lptest.FuzzLoadSolve(t, Engine, data) })
}
