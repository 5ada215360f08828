package solver

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/engines"
	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Names of the LP engines.
const (
	EngineClp    = engines.Clp    // COIN-OR Clp; needs the build tag clp and cgo
	EngineNative = engines.Native // pure Go; always built in
)

// ErrEngine says that the LP engine asked for is unknown or not built into
// this binary. Test with errors.Is.
var ErrEngine = errors.New("solver: LP engine not available")

// Options configure the solver. The zero value of every field means its
// default.
type Options struct {
	// Engine names the LP engine: EngineClp or EngineNative. "" means the
	// default: clp when this binary has it, native otherwise. Naming an
	// engine this binary lacks is an error wrapping ErrEngine.
	Engine string

	// Threads is how many components are searched at once, and how many
	// goroutines each of the largest components' steps before its tree
	// may use (the Lagrangian products, and the large-neighbourhood search
	// beside them and beside the root LP and its cut loop); from 2 on, a
	// component's RINS sub-searches also run beside its tree search. 0
	// means runtime.GOMAXPROCS(0); at most MaxThreads. The result does not
	// depend on it.
	Threads int

	// RelGap stops the search once the best allocation is within this
	// relative distance of the proven bound, (bound − objective) /
	// max(|bound|, 1). 0 means DefaultRelGap. Above DefaultRelGap, a
	// search that the gap stops is not a proof: its status is Feasible,
	// unless the gap it reached is within DefaultRelGap (Result.Within
	// tells it from a time or node limit that came first).
	RelGap float64

	// TimeLimit stops the search after this long (as a context deadline
	// would); 0 means none. The status is then Feasible, with the best
	// allocation found and a proven bound.
	TimeLimit time.Duration

	// NodeLimit stops the search of each component after this many
	// branch-and-bound nodes; 0 means none. The status is then Feasible.
	// The nodes of the primal heuristics' sub-searches count too
	// (Stats.Nodes + Stats.SubNodes), and a sub-search gets at most half
	// of the nodes left. Each component counts its own nodes, so the
	// result at a node limit does not depend on Threads.
	NodeLimit int64

	// Start, when not empty, is an allocation known to be feasible (a
	// previous award, or one of a similar market): each component starts
	// its search with the part of it that lies in the component, when that
	// part passes Instance.Check, and with the greedy allocation when it is
	// better. A start that names unknown bids is an error; one that is not
	// feasible only costs the search its head start.
	Start auction.Allocation

	// Progress, when set, is called about once every ProgressInterval
	// (default 1 s) while the search runs, and once at the end, from one
	// goroutine at a time. It must return quickly.
	Progress         func(Progress)
	ProgressInterval time.Duration
}

// DefaultRelGap is the relative gap under which a solution counts as
// optimal when Options.RelGap is 0.
const DefaultRelGap = 1e-9

// relGap is the relative gap asked for: RelGap, or DefaultRelGap when 0.
func (o Options) relGap() float64 {
	if o.RelGap == 0 {
		return DefaultRelGap
	}
	return o.RelGap
}

// Engines lists the names of the LP engines built into this binary, the
// default first. `gavel version` prints it.
func Engines() []string {
	var names []string
	for _, e := range engines.Builtin() {
		names = append(names, e.Name)
	}
	return names
}

// Validate checks the options: the engine asked for is built into this
// binary, no number is negative (or not a number), and Threads is at most
// MaxThreads.
func (o Options) Validate() error {
	if _, err := o.engine(); err != nil {
		return err
	}
	switch {
	case o.Threads < 0:
		return fmt.Errorf("%w: Threads %d is negative", ErrOptions, o.Threads)
	case o.Threads > MaxThreads:
		return fmt.Errorf("%w: Threads %d is above %d", ErrOptions, o.Threads, MaxThreads)
	case !(o.RelGap >= 0) || o.RelGap >= 1:
		return fmt.Errorf("%w: RelGap %g is not in [0, 1)", ErrOptions, o.RelGap)
	case o.TimeLimit < 0:
		return fmt.Errorf("%w: TimeLimit %v is negative", ErrOptions, o.TimeLimit)
	case o.NodeLimit < 0:
		return fmt.Errorf("%w: NodeLimit %d is negative", ErrOptions, o.NodeLimit)
	case o.ProgressInterval < 0:
		return fmt.Errorf("%w: ProgressInterval %v is negative", ErrOptions, o.ProgressInterval)
	}
	return nil
}

// MaxThreads is the largest Options.Threads: the steps split their work
// over that many goroutines, whatever the machine's cores.
const MaxThreads = 1024

// ErrOptions says that an option is out of range. Test with errors.Is.
var ErrOptions = errors.New("solver: invalid options")

// engine resolves Options.Engine.
func (o Options) engine() (engines.Engine, error) {
	if e, ok := engines.Find(o.Engine); ok {
		return e, nil
	}
	if o.Engine == EngineClp {
		return engines.Engine{}, fmt.Errorf(`%w: this binary was built without Clp; build it with "go build -tags clp" `+
			`(needs cgo and Clp's C library and headers, Debian package coinor-libclp-dev), or use engine %q`,
			ErrEngine, EngineNative)
	}
	return engines.Engine{}, fmt.Errorf("%w: unknown LP engine %q (this binary has %s)",
		ErrEngine, o.Engine, strings.Join(Engines(), ", "))
}

// newLP returns an empty LP model of the chosen engine, for the search.
func (o Options) newLP() (lp.Model, error) {
	e, err := o.engine()
	if err != nil {
		return nil, err
	}
	return e.New(), nil
}
