package sparse_test

import (
	"flag"
	"testing"

	"github.com/gavelhq/gavel/solver/internal/lptest"
	"github.com/gavelhq/gavel/solver/internal/sparse"
)

// Engine is the sparse engine as the conformance suite sees it.
var Engine = lptest.Engine{Name: sparse.Name, New: sparse.NewModel, WarmStart: true, Limits: true}

var long = flag.Bool("long", false, "run the conformance suite on 20 times more seeds")

// seeds is the number of random cases per family: the suite's default, or
// 10,000 with -long.
func seeds() int {
	if *long {
		return 10000
	}
	return 0
}

func TestConformance(t *testing.T) {
	lptest.Run(t, Engine, lptest.Options{Seeds: seeds()})
}
