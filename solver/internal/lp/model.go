package lp

import "time"

// Model is one LP held by an engine. See the package comment for the
// conventions; every method returns [ErrClosed] after Close and, except Load
// and Close, [ErrNotLoaded] before Load.
//
// A Model is not safe for concurrent use: it belongs to one goroutine at a
// time (one branch-and-bound search).
type Model interface {
	// Load replaces whatever the model held with p (copied) and forgets the
	// basis, so that the next Solve starts cold.
	Load(p *Problem) error

	// SetColBounds sets the bounds of the listed columns: column cols[k]
	// gets [lower[k], upper[k]]. The basis is kept, for a warm start.
	SetColBounds(cols []int, lower, upper []float64) error

	// AddRows appends rows at the end (rows numbered NumRows() onwards).
	// The basis is kept, with the new rows basic.
	AddRows(r *Rows) error

	// DeleteRows removes the listed rows; the remaining rows keep their
	// order and are renumbered from 0.
	DeleteRows(rows []int) error

	// SetBasis makes b the starting basis of the next Solve, for instance
	// the optimal basis of a parent node when the search jumps across the
	// tree. An engine repairs a basis that does not fit (a singular one,
	// or one with the wrong number of basic variables).
	SetBasis(b *Basis) error

	// Solve solves the LP, warm-starting from the current basis when the
	// engine can and has one. A limit reached is a Status, not an error;
	// the error is non-nil for misuse and with status Numerical.
	Solve(lim Limits) (Status, error)

	// Status is the status of the last Solve, or NotSolved when the model
	// changed since.
	Status() Status

	// Iterations is the number of simplex iterations of the last Solve,
	// or -1 when the engine does not count them.
	Iterations() int

	NumRows() int
	NumCols() int

	// Objective is the optimal objective value.
	Objective() (float64, error)

	// The getters below copy a result into dst, grown as needed, and return
	// it; they return ErrNoSolution unless Status() is Optimal.

	Primal(dst []float64) ([]float64, error)       // x, one per column
	RowActivity(dst []float64) ([]float64, error)  // A·x, one per row
	RowDuals(dst []float64) ([]float64, error)     // y, one per row
	ReducedCosts(dst []float64) ([]float64, error) // d = c − Aᵀy, one per column

	// Basis copies the optimal basis into dst.
	Basis(dst *Basis) error

	// Close releases the model. It is idempotent.
	Close() error
}

// Limits bound the work of one Solve. The zero value sets no limit.
type Limits struct {
	// Time caps the duration of the solve; 0 means none. Clp measures it
	// in CPU seconds of the whole process.
	Time time.Duration
	// Iterations caps the simplex iterations of the solve; 0 means none.
	Iterations int
	// With UseCutoff set, the engine may stop as soon as it has proven
	// that the optimal objective is no better than Cutoff (at most Cutoff
	// when maximizing, at least when minimizing), with status Cutoff: a
	// branch and bound passes its incumbent's objective, and a node that
	// cannot beat it needs no optimal solution. An engine that cannot use
	// it solves to optimality. Clp uses it in warm re-solves only (its dual
	// objective limit).
	Cutoff    float64
	UseCutoff bool
}

// Resize returns dst with length n, reusing its storage when it can.
func Resize[T any](dst []T, n int) []T {
	if cap(dst) < n {
		return make([]T, n)
	}
	return dst[:n]
}
