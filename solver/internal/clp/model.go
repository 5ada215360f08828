//go:build clp && cgo

package clp

/*
#cgo pkg-config: clp
#include "Clp_C_Interface.h"

// gavel_interrupt makes a solve in progress stop at Clp's next check of
// its limits (an iteration limit of 0 and a time limit of now). It is
// called from another thread than the solve's: the two setters store one
// number each, which the solve reads at its checks.
static void gavel_interrupt(Clp_Simplex *m) {
	Clp_setMaximumIterations(m, 0);
	Clp_setMaximumSeconds(m, 0);
}
*/
import "C"

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Model is an lp.Model solved by Clp. The zero value is not usable: call
// New. A Model belongs to one goroutine; see the package comment.
type Model struct {
	ptr     unsafe.Pointer // *Clp_Simplex; nil once closed
	cleanup runtime.Cleanup
	busy    atomic.Bool

	// interrupted is set by Interrupt, which may run on another goroutine
	// at any time: ptrMu keeps Close from freeing the C model under it.
	interrupted atomic.Bool
	ptrMu       sync.Mutex

	loaded bool
	// Shadow copies of the bounds: column bounds are sent to Clp whole
	// (Clp_chgColumnLower/Upper), and all of them check a basis given to
	// SetBasis.
	colLower, colUpper []float64
	rowLower, rowUpper []float64
	obj                []float64 // to check infeasibility with a zero objective

	// warm says that Clp holds a basis worth starting from: a previous
	// solve's or SetBasis's. Clp keeps a status array from Load on (all
	// slack), so its existence does not tell.
	warm bool

	status lp.Status
	iters  int
	passes int // of the idiot crash, for the next idiotPrimal run
	// deadline is the wall-clock end of the current Solve (zero: none).
	deadline time.Time
	// continued counts the runs that stopped on their CPU slice before
	// the deadline and were continued (see runTimed), over the model's
	// life.
	continued int
}

var (
	_ lp.Model       = (*Model)(nil)
	_ lp.Interrupter = (*Model)(nil)
)

// Name is the engine's name in solver.Options.
const Name = "clp"

// Version is the version of the Clp library linked in, such as "1.17.6".
func Version() string {
	return C.GoString(C.Clp_Version())
}

// New returns an empty model. Close it when done.
func New() *Model {
	ptr := C.Clp_newModel()
	C.Clp_setLogLevel(ptr, 0)
	m := &Model{ptr: ptr}
	m.cleanup = runtime.AddCleanup(m, func(p unsafe.Pointer) { C.Clp_deleteModel(p) }, ptr)
	return m
}

// NewModel is New as an lp.Model, for tables of engines.
func NewModel() lp.Model { return New() }

// enter claims the model for one call; leave releases it. Between them the
// model is reachable (leave uses it), so the cleanup cannot free the C model
// while a C call runs.
func (m *Model) enter(needLoaded bool) error {
	if !m.busy.CompareAndSwap(false, true) {
		return lp.ErrBusy
	}
	switch {
	case m.ptr == nil:
		m.busy.Store(false)
		return lp.ErrClosed
	case needLoaded && !m.loaded:
		m.busy.Store(false)
		return lp.ErrNotLoaded
	}
	return nil
}

func (m *Model) leave() {
	m.busy.Store(false)
	runtime.KeepAlive(m)
}

// Close frees the C model. It is idempotent.
func (m *Model) Close() error {
	if !m.busy.CompareAndSwap(false, true) {
		return lp.ErrBusy
	}
	defer m.leave()
	if m.ptr == nil {
		return nil
	}
	m.cleanup.Stop()
	m.ptrMu.Lock()
	C.Clp_deleteModel(m.ptr)
	m.ptr = nil
	m.ptrMu.Unlock()
	m.loaded, m.warm, m.status, m.iters = false, false, lp.NotSolved, 0
	m.colLower, m.colUpper, m.rowLower, m.rowUpper, m.obj = nil, nil, nil, nil, nil
	return nil
}

// Interrupt makes a Solve in progress on another goroutine stop at Clp's
// next check of its limits, with status lp.TimeLimit, and every later
// Solve return at once with that status. It is safe to call from any
// goroutine, at any time; after Close it does nothing.
//
// Warm re-solves (the dual simplex on the model itself: the cut loop,
// the nodes, strong branching) stop within a few pivots. A cold solve
// does not: Clp's initialSolve presolves into a copy of the model, which
// keeps the limits it was made with, and the idiot crash looks at none;
// it stops when the copy is solved, or, under a time limit, at the end of
// its CPU slice (runTimed).
func (m *Model) Interrupt() {
	m.interrupted.Store(true)
	m.ptrMu.Lock()
	defer m.ptrMu.Unlock()
	if m.ptr != nil {
		C.gavel_interrupt(m.ptr)
	}
}

// Load copies p into Clp and forgets any basis.
func (m *Model) Load(p *lp.Problem) error {
	if err := m.enter(false); err != nil {
		return err
	}
	defer m.leave()
	if err := p.Validate(); err != nil {
		return err
	}
	n, rows := p.NumCols(), p.NumRows()
	start := toCInts(p.ColStart)
	index := toCInts(p.RowIndex)
	C.Clp_loadProblem(m.ptr, C.int(n), C.int(rows),
		(*C.CoinBigIndex)(ptrOf(start)), ptrOf(index), f64(p.Value),
		f64(p.ColLower), f64(p.ColUpper), f64(p.Objective),
		f64(p.RowLower), f64(p.RowUpper))
	dir := 1.0
	if p.Sense == lp.Maximize {
		dir = -1
	}
	C.Clp_setOptimizationDirection(m.ptr, C.double(dir))
	// Loading frees Clp's status array: the next solve is cold.
	m.obj = append(m.obj[:0], p.Objective...)
	m.colLower = append(m.colLower[:0], p.ColLower...)
	m.colUpper = append(m.colUpper[:0], p.ColUpper...)
	m.rowLower = append(m.rowLower[:0], p.RowLower...)
	m.rowUpper = append(m.rowUpper[:0], p.RowUpper...)
	m.loaded = true
	m.warm = false
	m.status = lp.NotSolved
	m.iters = 0
	return nil
}

// NumRows is the number of rows, 0 before Load.
func (m *Model) NumRows() int { return len(m.rowLower) }

// NumCols is the number of columns, 0 before Load.
func (m *Model) NumCols() int { return len(m.colLower) }

// Status is the status of the last Solve.
func (m *Model) Status() lp.Status { return m.status }

// Iterations is the number of simplex iterations of the last Solve, as
// Clp counts them: after a cold start, initialSolve reports only those of
// its last phase.
func (m *Model) Iterations() int { return m.iters }

// SetColBounds changes column bounds and keeps the basis.
func (m *Model) SetColBounds(cols []int, lower, upper []float64) error {
	if err := m.enter(true); err != nil {
		return err
	}
	defer m.leave()
	if err := lp.CheckColBounds(m.NumCols(), cols, lower, upper); err != nil {
		return err
	}
	if len(cols) == 0 {
		return nil
	}
	for k, j := range cols {
		m.colLower[j], m.colUpper[j] = lower[k], upper[k]
	}
	C.Clp_chgColumnLower(m.ptr, f64(m.colLower))
	C.Clp_chgColumnUpper(m.ptr, f64(m.colUpper))
	m.status = lp.NotSolved
	return nil
}

// AddRows appends rows; they enter the basis as basic.
func (m *Model) AddRows(r *lp.Rows) error {
	if err := m.enter(true); err != nil {
		return err
	}
	defer m.leave()
	if err := r.Validate(m.NumCols()); err != nil {
		return err
	}
	if r.Len() == 0 {
		return nil
	}
	start := toCInts(r.Start)
	col := toCInts(r.Col)
	C.Clp_addRows(m.ptr, C.int(r.Len()), f64(r.Lower), f64(r.Upper),
		(*C.CoinBigIndex)(ptrOf(start)), ptrOf(col), f64(r.Value))
	m.rowLower = append(m.rowLower, r.Lower...)
	m.rowUpper = append(m.rowUpper, r.Upper...)
	m.status = lp.NotSolved
	return nil
}

// DeleteRows removes rows; the others are renumbered in order.
func (m *Model) DeleteRows(rows []int) error {
	if err := m.enter(true); err != nil {
		return err
	}
	defer m.leave()
	if err := lp.CheckDeleteRows(m.NumRows(), rows); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	which := toCInts(rows)
	C.Clp_deleteRows(m.ptr, C.int(len(rows)), ptrOf(which))
	gone := make([]bool, m.NumRows())
	for _, i := range rows {
		gone[i] = true
	}
	k := 0
	for i := range gone {
		if !gone[i] {
			m.rowLower[k], m.rowUpper[k] = m.rowLower[i], m.rowUpper[i]
			k++
		}
	}
	m.rowLower, m.rowUpper = m.rowLower[:k], m.rowUpper[:k]
	m.status = lp.NotSolved
	return nil
}

// SetBasis installs b as the starting basis of the next Solve, and puts
// every nonbasic variable at the bound its status names.
func (m *Model) SetBasis(b *lp.Basis) error {
	if err := m.enter(true); err != nil {
		return err
	}
	defer m.leave()
	n, rows := m.NumCols(), m.NumRows()
	if err := b.Validate(rows, n); err != nil {
		return err
	}
	if err := b.CheckBounds(m.colLower, m.colUpper, m.rowLower, m.rowUpper); err != nil {
		return err
	}
	if n+rows == 0 {
		return nil
	}
	// Clp's status array holds the columns, then the rows.
	codes := make([]byte, n+rows)
	for j, s := range b.Cols {
		codes[j] = toClpBasis(s)
	}
	for i, s := range b.Rows {
		codes[n+i] = toClpBasis(s)
	}
	C.Clp_copyinStatus(m.ptr, (*C.uchar)(unsafe.Pointer(&codes[0])))
	m.warm = true
	// Like Clp_setColumnStatus, put nonbasic values on their bounds. These
	// arrays are Clp's, valid until the next C call that resizes them.
	setValues(cSlice(C.Clp_primalColumnSolution(m.ptr), n), b.Cols, m.colLower, m.colUpper)
	setValues(cSlice(C.Clp_primalRowSolution(m.ptr), rows), b.Rows, m.rowLower, m.rowUpper)
	m.status = lp.NotSolved
	return nil
}

func setValues(x []float64, s []lp.BasisStatus, lo, hi []float64) {
	if x == nil {
		return
	}
	for k, v := range s {
		switch v {
		case lp.AtLower:
			x[k] = lo[k]
		case lp.AtUpper:
			x[k] = hi[k]
		}
	}
}

// Solve runs Clp: initialSolve without a basis, the dual simplex from the
// basis Clp holds otherwise. An infeasibility that Clp reports on a model
// whose dual may be infeasible too is confirmed (see confirmInfeasible).
func (m *Model) Solve(lim lp.Limits) (lp.Status, error) {
	if err := m.enter(true); err != nil {
		return lp.NotSolved, err
	}
	defer m.leave()
	if lim.Time < 0 || lim.Iterations < 0 {
		return lp.NotSolved, fmt.Errorf("%w: negative limit %+v", lp.ErrInvalid, lim)
	}
	m.deadline = time.Time{}
	if lim.Time > 0 {
		m.deadline = time.Now().Add(lim.Time)
	}
	m.iters = 0
	alg, passes := m.nextAlgorithm(lim.Time)
	m.passes = passes
	st, err := m.runTimed(lim, alg)
	m.warm = true
	if (alg == initialSolve || alg == idiotPrimal) && st == lp.Optimal {
		// After presolve, Clp's postsolve can leave basis statuses that
		// disagree with the values (a column "at lower" sitting at its
		// upper bound). A pass of the dual simplex from that basis puts
		// them in agreement, usually without an iteration.
		st, err = m.runTimed(lim, dualSimplex)
	}
	if st == lp.Infeasible && (alg == initialSolve || alg == idiotPrimal) {
		// Clp 1.17's presolve has been seen to call a feasible problem
		// infeasible (TestPresolveInfeasibleConfirmed): a cold answer of
		// infeasible is checked by the dual simplex, which does not
		// presolve.
		st, err = m.runTimed(lim, dualSimplex)
	}
	if st == lp.Infeasible && m.dualMayBeInfeasible() {
		st, err = m.confirmInfeasible(lim)
	}
	m.status = st
	return st, err
}

// nextAlgorithm is how the next Solve starts, within a time limit of
// limit (0: none): cold with initialSolve (presolve, crash, Clp's choice of
// simplex) after Load, or with the idiot crash and as many passes as it
// returns for large models; warm with the dual simplex from the basis Clp
// holds otherwise.
func (m *Model) nextAlgorithm(limit time.Duration) (algorithm, int) {
	if m.warm {
		return dualSimplex, 0
	}
	if int(C.Clp_numberRows(m.ptr)) < idiotRows {
		return initialSolve, 0
	}
	if passes := idiotPasses(int64(C.Clp_getNumElements(m.ptr)), limit); passes > 0 {
		return idiotPrimal, passes
	}
	return initialSolve, 0
}

// idiotPasses is the number of passes of the idiot crash for a model of
// nnz elements under a time limit (0: none), or 0 when the crash should be
// skipped. The crash does not look at Clp's time limit, so a limited solve
// gives it at most a quarter of the time, at an estimated idiotPassCost per
// element and pass; below minIdiotPasses it is not worth starting and the
// cold solve uses initialSolve, whose simplex honours the limit.
func idiotPasses(nnz int64, limit time.Duration) int {
	if limit <= 0 {
		return maxIdiotPasses
	}
	perPass := time.Duration(float64(nnz) * float64(idiotPassCost))
	if perPass <= 0 {
		return maxIdiotPasses
	}
	passes := int64(limit / 4 / perPass)
	if passes < minIdiotPasses {
		return 0
	}
	return int(min(passes, maxIdiotPasses))
}

// The idiot crash's passes: the most (Clp's default for a full crash), the
// fewest worth starting, and the estimated time per element and pass
// (measured: 0.65 s a pass at 4.2 million elements, the national DDU
// market, on a loaded 2-core machine).
const (
	maxIdiotPasses = 100
	minIdiotPasses = 10
	idiotPassCost  = 200 * time.Nanosecond
)

// idiotRows is the number of rows from which a cold solve starts with
// Clp's "idiot" crash (an approximate solution by a penalty method, which
// then seeds the primal simplex) rather than initialSolve's choice. On the
// relaxations of generated DDU markets it is 3.5× faster at 5,000 rows
// and 6× faster at 10,000 (cbc -idiot 100 -primalS against -dualS); below
// a few thousand rows it gains nothing.
var idiotRows = 2000

// algorithm names one of Clp's solve entry points.
type algorithm uint8

const (
	initialSolve algorithm = iota
	dualSimplex
	primalSimplex
	idiotPrimal // initialSolve with options: presolve, idiot crash, primal simplex
)

// runTimed runs alg within the wall-clock deadline of the solve. Clp's
// time limit is the process's CPU time (getrusage): behind the clock when
// the machine is loaded, ahead of it when other threads work too. So each
// run gets a slice of CPU time, a quarter of the time left (at least
// minCPUSlice), and a run stopped by its slice before the deadline goes on
// from the basis reached, in the same direction. A loaded machine then
// overruns the deadline by a fraction of the last slice, not by the whole
// limit. A solve without a time limit runs in one piece, and so does one
// that needs less than a quarter of the time left: only an LP that takes
// that long is cut at a point that depends on the machine's speed (and
// its answer, among degenerate optima, with it).
func (m *Model) runTimed(lim lp.Limits, alg algorithm) (lp.Status, error) {
	for {
		secs := -1.0 // none
		if !m.deadline.IsZero() {
			left := max(time.Until(m.deadline), 0)
			secs = min(left, max(left/cpuSliceDivisor, minCPUSlice)).Seconds()
		}
		// Clp counts the limit from this call.
		C.Clp_setMaximumSeconds(m.ptr, C.double(secs))
		st, err := m.run(lim, alg)
		if st != lp.TimeLimit || err != nil || m.deadline.IsZero() || time.Until(m.deadline) <= 0 || m.interrupted.Load() {
			return st, err
		}
		m.continued++
		if alg == idiotPrimal || alg == primalSimplex {
			alg = primalSimplex
		} else {
			alg = dualSimplex
		}
	}
}

// The CPU time each run of a timed solve gets: this fraction of the
// wall-clock time left, and at least minCPUSlice. Variables so that a test
// can force many continuations.
var (
	cpuSliceDivisor time.Duration = 4
	minCPUSlice                   = 100 * time.Millisecond
)

// run runs one Clp algorithm within what is left of the iteration limit and
// maps the outcome.
func (m *Model) run(lim lp.Limits, alg algorithm) (lp.Status, error) {
	maxIter := math.MaxInt32
	if lim.Iterations > 0 {
		maxIter = max(lim.Iterations-m.iters, 0)
	}
	C.Clp_setMaximumIterations(m.ptr, C.int(maxIter))
	// The cutoff is Clp's dual objective limit, used by the dual simplex of
	// warm re-solves only. Clp minimizes objective × sense internally, and
	// its dual simplex stops once the dual objective passes the limit.
	limit := math.MaxFloat64
	if lim.UseCutoff && alg == dualSimplex {
		limit = lim.Cutoff * float64(C.Clp_getObjSense(m.ptr))
	}
	C.Clp_setDualObjectiveLimit(m.ptr, C.double(limit))
	// After the limits are set: an Interrupt that came before them is
	// seen here, one that comes after overwrites them.
	if m.interrupted.Load() {
		return lp.TimeLimit, nil
	}
	switch alg {
	case initialSolve:
		C.Clp_initialSolve(m.ptr)
	case dualSimplex:
		C.Clp_dual(m.ptr, 0)
	case primalSimplex:
		C.Clp_primal(m.ptr, 0)
	case idiotPrimal:
		opts := C.ClpSolve_new()
		C.ClpSolve_setSolveType(opts, 1, 0)                      // ClpSolve::usePrimal
		C.ClpSolve_setSpecialOption(opts, 1, 2, C.int(m.passes)) // primal startup: idiot
		C.Clp_initialSolveWithOptions(m.ptr, opts)
		C.ClpSolve_delete(opts)
	}
	m.iters += int(C.Clp_numberIterations(m.ptr))
	if m.interrupted.Load() && C.Clp_status(m.ptr) == clpStopped {
		return lp.TimeLimit, nil
	}
	return mapStatus(int(C.Clp_status(m.ptr)), int(C.Clp_secondaryStatus(m.ptr)),
		lim.Iterations > 0 && m.iters >= lim.Iterations, lim.Time > 0, lim.UseCutoff && alg == dualSimplex)
}

// dualMayBeInfeasible reports whether some column has an infinite bound:
// only then can the dual be infeasible.
func (m *Model) dualMayBeInfeasible() bool {
	for j := range m.colLower {
		if math.IsInf(m.colLower[j], -1) || math.IsInf(m.colUpper[j], 1) {
			return true
		}
	}
	return false
}

// confirmInfeasible re-checks an infeasibility Clp reported. Clp 1.17 has
// been seen to call a feasible problem infeasible when its dual is
// infeasible as well (two independent unbounded rays). With a zero
// objective the dual is feasible and the answer trustworthy: infeasible is
// confirmed, or the primal simplex goes on from the feasible point found.
func (m *Model) confirmInfeasible(lim lp.Limits) (lp.Status, error) {
	zero := make([]float64, len(m.obj))
	if len(zero) > 0 {
		C.Clp_chgObjCoefficients(m.ptr, f64(zero))
	}
	st, err := m.runTimed(lim, dualSimplex)
	if len(m.obj) > 0 {
		C.Clp_chgObjCoefficients(m.ptr, f64(m.obj))
	}
	if st != lp.Optimal {
		return st, err // infeasible confirmed, or a limit or failure
	}
	st, err = m.runTimed(lim, primalSimplex)
	if st == lp.Infeasible {
		return lp.Numerical, fmt.Errorf("%w: Clp finds the problem feasible, then infeasible", lp.ErrNumerical)
	}
	return st, err
}

// solved claims the model for a getter that needs an optimal solution.
func (m *Model) solved() error {
	if err := m.enter(true); err != nil {
		return err
	}
	if m.status != lp.Optimal {
		m.leave()
		return fmt.Errorf("%w (status: %v)", lp.ErrNoSolution, m.status)
	}
	return nil
}

// Objective is the optimal objective value.
func (m *Model) Objective() (float64, error) {
	if err := m.solved(); err != nil {
		return math.NaN(), err
	}
	defer m.leave()
	return float64(C.Clp_objectiveValue(m.ptr)), nil
}

// Primal copies the optimal column values into dst.
func (m *Model) Primal(dst []float64) ([]float64, error) {
	return m.copyOut(dst, primal)
}

// RowDuals copies the optimal row duals into dst.
func (m *Model) RowDuals(dst []float64) ([]float64, error) {
	return m.copyOut(dst, duals)
}

// RowActivity returns A·x, computed from Clp's matrix and solution: Clp's
// own activity array is wrong for empty rows of problems it solves
// trivially (secondary status 6).
func (m *Model) RowActivity(dst []float64) ([]float64, error) {
	x, err := m.Primal(nil)
	if err != nil {
		return dst, err
	}
	if err := m.enter(true); err != nil {
		return dst, err
	}
	defer m.leave()
	dst = lp.Resize(dst, m.NumRows())
	clear(dst)
	m.eachEntry(func(i, j int, a float64) { dst[i] += a * x[j] })
	return dst, nil
}

// ReducedCosts returns c − Aᵀy, computed from Clp's matrix and duals: in
// problems it solves trivially (secondary status 6), Clp reports the
// reduced costs of a maximization with the wrong sign.
func (m *Model) ReducedCosts(dst []float64) ([]float64, error) {
	y, err := m.RowDuals(nil)
	if err != nil {
		return dst, err
	}
	if err := m.enter(true); err != nil {
		return dst, err
	}
	defer m.leave()
	dst = append(lp.Resize(dst, 0), m.obj...)
	m.eachEntry(func(i, j int, a float64) { dst[j] -= a * y[i] })
	return dst, nil
}

// eachEntry calls f for every entry of Clp's copy of the matrix (column
// major, possibly with gaps between columns).
func (m *Model) eachEntry(f func(i, j int, a float64)) {
	n := m.NumCols()
	if n == 0 || C.Clp_getNumElements(m.ptr) == 0 {
		return
	}
	startP, lengthP := C.Clp_getVectorStarts(m.ptr), C.Clp_getVectorLengths(m.ptr)
	indexP, valueP := C.Clp_getIndices(m.ptr), C.Clp_getElements(m.ptr)
	if startP == nil || lengthP == nil || indexP == nil || valueP == nil {
		return
	}
	start := unsafe.Slice(startP, n)
	length := unsafe.Slice(lengthP, n)
	size := 0
	for j := range n {
		size = max(size, int(start[j])+int(length[j]))
	}
	index := unsafe.Slice(indexP, size)
	value := unsafe.Slice((*float64)(unsafe.Pointer(valueP)), size)
	for j := range n {
		for p := int(start[j]); p < int(start[j])+int(length[j]); p++ {
			f(int(index[p]), j, value[p])
		}
	}
}

// vector names one of Clp's solution arrays.
type vector uint8

const (
	primal vector = iota
	duals
)

func (m *Model) copyOut(dst []float64, v vector) ([]float64, error) {
	if err := m.solved(); err != nil {
		return dst, err
	}
	defer m.leave()
	var p *C.double
	n := m.NumCols()
	switch v {
	case primal:
		p = C.Clp_primalColumnSolution(m.ptr)
	case duals:
		p, n = C.Clp_dualRowSolution(m.ptr), m.NumRows()
	}
	dst = lp.Resize(dst, n)
	if n == 0 {
		return dst, nil
	}
	src := cSlice(p, n)
	if src == nil {
		return dst, fmt.Errorf("%w: Clp returned no solution array", lp.ErrNumerical)
	}
	copy(dst, src)
	return dst, nil
}

// Basis copies the optimal basis into dst.
func (m *Model) Basis(dst *lp.Basis) error {
	if err := m.solved(); err != nil {
		return err
	}
	defer m.leave()
	n, rows := m.NumCols(), m.NumRows()
	dst.Cols = lp.Resize(dst.Cols, n)
	dst.Rows = lp.Resize(dst.Rows, rows)
	if n+rows == 0 {
		return nil
	}
	if C.Clp_statusExists(m.ptr) == 0 {
		return fmt.Errorf("%w: Clp holds no basis", lp.ErrNumerical)
	}
	codes := unsafe.Slice((*byte)(unsafe.Pointer(C.Clp_statusArray(m.ptr))), n+rows)
	for k, c := range codes {
		s, err := fromClpBasis(c)
		if err != nil {
			return err
		}
		if k < n {
			dst.Cols[k] = s
		} else {
			dst.Rows[k-n] = s
		}
	}
	return nil
}

// f64 passes a float64 slice to C for the duration of one call; nil when
// empty, never &s[0] of an empty slice.
func f64(s []float64) *C.double {
	if len(s) == 0 {
		return nil
	}
	return (*C.double)(unsafe.Pointer(&s[0]))
}

// toCInts converts Go ints (already checked to fit in 32 bits) to C ints.
func toCInts(s []int) []C.int {
	out := make([]C.int, len(s))
	for i, v := range s {
		out[i] = C.int(v)
	}
	return out
}

func ptrOf(s []C.int) *C.int {
	if len(s) == 0 {
		return nil
	}
	return &s[0]
}

// cSlice views n doubles of C memory; nil for a nil pointer.
func cSlice(p *C.double, n int) []float64 {
	if p == nil || n == 0 {
		return nil
	}
	return unsafe.Slice((*float64)(unsafe.Pointer(p)), n)
}
