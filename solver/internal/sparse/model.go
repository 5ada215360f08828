package sparse

import (
	"fmt"
	"math"
	"sync/atomic"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Name is the engine's name in the conformance suite and the benchmarks.
const Name = "sparse"

// Model is an lp.Model solved by the sparse dual simplex. The zero value
// is an empty model ready for Load. A Model belongs to one goroutine.
type Model struct {
	// interrupted is set by Interrupt, from any goroutine at any time;
	// Load and Close rewrite the rest of the model (state), never it.
	interrupted atomic.Bool
	state
}

// state is everything of a Model but its interrupt flag.
type state struct {
	closed bool
	loaded bool

	sense              lp.Sense
	obj                []float64 // as given
	colLower, colUpper []float64
	rowLower, rowUpper []float64

	a matrix // scaled
	s simplex

	hasBasis bool // s.stat holds a basis to start from
	needHead bool // s.head must be rebuilt from s.stat

	status lp.Status
	iters  int
	sol    solution

	coldAlg coldMethod // the algorithm of a cold solve; zero: coldChoice's rule
}

// coldMethod names the algorithm of a cold solve, for tests and
// measurements; the zero value leaves the choice to coldChoice.
type coldMethod int

const (
	coldAuto coldMethod = iota
	coldDual
	coldPrimalAlg
	coldIdiot
)

// solution is what an optimal Solve leaves to read.
type solution struct {
	obj    float64
	x, act []float64
	y, d   []float64
	basis  lp.Basis
}

var (
	_ lp.Model       = (*Model)(nil)
	_ lp.Interrupter = (*Model)(nil)
)

// New returns an empty model.
func New() *Model { return &Model{} }

// NewModel is New as an lp.Model, for tables of engines.
func NewModel() lp.Model { return New() }

func (m *Model) ready(needLoaded bool) error {
	switch {
	case m.closed:
		return lp.ErrClosed
	case needLoaded && !m.loaded:
		return lp.ErrNotLoaded
	}
	return nil
}

// Close drops the model's data. It is idempotent.
func (m *Model) Close() error {
	m.state = state{closed: true}
	return nil
}

// Load copies and scales p, and forgets the basis.
func (m *Model) Load(p *lp.Problem) error {
	if err := m.ready(false); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	m.state = state{
		coldAlg:  m.coldAlg,
		loaded:   true,
		sense:    p.Sense,
		obj:      append([]float64(nil), p.Objective...),
		colLower: append([]float64(nil), p.ColLower...),
		colUpper: append([]float64(nil), p.ColUpper...),
		rowLower: append([]float64(nil), p.RowLower...),
		rowUpper: append([]float64(nil), p.RowUpper...),
	}
	m.a.load(p.NumRows(), p.NumCols(), p.ColStart, p.RowIndex, p.Value)
	s := &m.s
	s.a = &m.a
	s.m, s.n = p.NumRows(), p.NumCols()
	t := s.m + s.n
	s.lo, s.hi = make([]float64, t), make([]float64, t)
	s.x, s.orig = make([]float64, t), make([]float64, t)
	s.stat = make([]lp.BasisStatus, t)
	s.varW = make([]float64, t)
	for k := range s.varW {
		s.varW[k] = 1
	}
	m.scaleCosts()
	for j := range s.n {
		m.scaleColBounds(j)
	}
	for i := range s.m {
		m.scaleRowBounds(i)
	}
	return nil
}

// scaleCosts sets the scaled costs in minimization form.
func (m *Model) scaleCosts() {
	s := &m.s
	sign := 1.0
	if m.sense == lp.Maximize {
		sign = -1
	}
	s.costScale = 1
	for j, c := range m.obj {
		s.orig[j] = sign * c * m.a.colScale[j]
		s.costScale = max(s.costScale, math.Abs(s.orig[j]))
	}
}

func (m *Model) scaleColBounds(j int) {
	c := m.a.colScale[j]
	m.s.lo[j], m.s.hi[j] = m.colLower[j]/c, m.colUpper[j]/c
}

func (m *Model) scaleRowBounds(i int) {
	r := m.a.rowScale[i]
	l := m.s.n + i
	m.s.lo[l], m.s.hi[l] = m.rowLower[i]*r, m.rowUpper[i]*r
}

// NumRows is the number of rows, 0 before Load.
func (m *Model) NumRows() int { return len(m.rowLower) }

// NumCols is the number of columns, 0 before Load.
func (m *Model) NumCols() int { return len(m.obj) }

// Status is the status of the last Solve, or NotSolved after a change.
func (m *Model) Status() lp.Status { return m.status }

// Iterations is the number of simplex iterations (pivots and bound flips)
// of the last Solve.
func (m *Model) Iterations() int { return m.iters }

// SetColBounds changes column bounds; the basis and its factorization are
// kept for a warm start.
func (m *Model) SetColBounds(cols []int, lower, upper []float64) error {
	if err := m.ready(true); err != nil {
		return err
	}
	if err := lp.CheckColBounds(m.NumCols(), cols, lower, upper); err != nil {
		return err
	}
	for k, j := range cols {
		m.colLower[j], m.colUpper[j] = lower[k], upper[k]
		m.scaleColBounds(j)
	}
	if len(cols) > 0 {
		m.status = lp.NotSolved
	}
	return nil
}

// AddRows appends rows, basic in the basis.
func (m *Model) AddRows(r *lp.Rows) error {
	if err := m.ready(true); err != nil {
		return err
	}
	if err := r.Validate(m.NumCols()); err != nil {
		return err
	}
	k := r.Len()
	if k == 0 {
		return nil
	}
	m.a.addRows(r.Start, r.Col, r.Value)
	m.rowLower = append(m.rowLower, r.Lower...)
	m.rowUpper = append(m.rowUpper, r.Upper...)
	s := &m.s
	s.m += k
	for range k {
		s.lo, s.hi = append(s.lo, 0), append(s.hi, 0)
		s.x, s.orig = append(s.x, 0), append(s.orig, 0)
		s.stat = append(s.stat, basic)
		s.varW = append(s.varW, 1)
	}
	for i := s.m - k; i < s.m; i++ {
		m.scaleRowBounds(i)
	}
	m.needHead = true
	m.status = lp.NotSolved
	return nil
}

// DeleteRows removes rows; the others keep their order.
func (m *Model) DeleteRows(rows []int) error {
	if err := m.ready(true); err != nil {
		return err
	}
	if err := lp.CheckDeleteRows(m.NumRows(), rows); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	gone := make([]bool, m.NumRows())
	for _, i := range rows {
		gone[i] = true
	}
	s := &m.s
	k, n := 0, s.n
	for i := range gone {
		if gone[i] {
			continue
		}
		m.rowLower[k], m.rowUpper[k] = m.rowLower[i], m.rowUpper[i]
		s.lo[n+k], s.hi[n+k], s.x[n+k] = s.lo[n+i], s.hi[n+i], s.x[n+i]
		s.stat[n+k], s.varW[n+k] = s.stat[n+i], s.varW[n+i]
		k++
	}
	m.rowLower, m.rowUpper = m.rowLower[:k], m.rowUpper[:k]
	s.lo, s.hi, s.x, s.orig = s.lo[:n+k], s.hi[:n+k], s.x[:n+k], s.orig[:n+k]
	s.stat, s.varW = s.stat[:n+k], s.varW[:n+k]
	s.m = k
	m.a.deleteRows(gone)
	m.needHead = true
	m.status = lp.NotSolved
	return nil
}

// SetBasis makes b the starting basis of the next Solve. A basis equal to
// the one held keeps its factorization.
func (m *Model) SetBasis(b *lp.Basis) error {
	if err := m.ready(true); err != nil {
		return err
	}
	if err := b.Validate(m.NumRows(), m.NumCols()); err != nil {
		return err
	}
	if err := b.CheckBounds(m.colLower, m.colUpper, m.rowLower, m.rowUpper); err != nil {
		return err
	}
	s := &m.s
	n := s.n
	same := m.hasBasis && !m.needHead
	for k, st := range b.Cols {
		same = same && (st == basic) == (s.stat[k] == basic)
		if st == lp.Superbasic {
			s.x[k] = math.NaN() // unknown: it starts at a bound
		}
		s.stat[k] = st
	}
	for i, st := range b.Rows {
		same = same && (st == basic) == (s.stat[n+i] == basic)
		if st == lp.Superbasic {
			s.x[n+i] = math.NaN()
		}
		s.stat[n+i] = st
	}
	m.hasBasis = true
	if !same {
		// The weights kept by variable belong to other bases; stale
		// weights cost more pivots (twice as many on DDU markets) than
		// starting from 1, the exact weights of the slack basis.
		m.needHead, s.freshW = true, true
	}
	m.status = lp.NotSolved
	return nil
}

// Solve runs the dual simplex, then a primal cleanup when needed, from the
// basis the model holds, or from the all-logical basis.
func (m *Model) Solve(lim lp.Limits) (lp.Status, error) {
	if err := m.ready(true); err != nil {
		return lp.NotSolved, err
	}
	if lim.Time < 0 || lim.Iterations < 0 {
		return lp.NotSolved, fmt.Errorf("%w: negative limit %+v", lp.ErrInvalid, lim)
	}
	if m.interrupted.Load() {
		m.status, m.iters = lp.TimeLimit, 0
		return lp.TimeLimit, nil
	}
	m.s.stop = &m.interrupted
	st, err := m.solve(lim)
	m.status = st
	return st, err
}

// Interrupt makes a Solve in progress on another goroutine stop at its
// next check of its limits (every pivot, and every major iteration of the
// idiot crash), with status lp.TimeLimit, and every later Solve return at
// once with that status. It is safe to call from any goroutine, at any
// time, also after Close.
func (m *Model) Interrupt() { m.interrupted.Store(true) }

func (m *Model) optimal() error {
	if err := m.ready(true); err != nil {
		return err
	}
	if m.status != lp.Optimal {
		return fmt.Errorf("%w (status: %v)", lp.ErrNoSolution, m.status)
	}
	return nil
}

// Objective is the optimal objective value.
func (m *Model) Objective() (float64, error) {
	if err := m.optimal(); err != nil {
		return math.NaN(), err
	}
	return m.sol.obj, nil
}

// Primal copies the optimal column values into dst.
func (m *Model) Primal(dst []float64) ([]float64, error) { return m.copyOut(dst, m.sol.x) }

// RowActivity copies the optimal row activities into dst.
func (m *Model) RowActivity(dst []float64) ([]float64, error) { return m.copyOut(dst, m.sol.act) }

// RowDuals copies the optimal row duals into dst.
func (m *Model) RowDuals(dst []float64) ([]float64, error) { return m.copyOut(dst, m.sol.y) }

// ReducedCosts copies the optimal reduced costs into dst.
func (m *Model) ReducedCosts(dst []float64) ([]float64, error) { return m.copyOut(dst, m.sol.d) }

func (m *Model) copyOut(dst, src []float64) ([]float64, error) {
	if err := m.optimal(); err != nil {
		return dst, err
	}
	dst = lp.Resize(dst, len(src))
	copy(dst, src)
	return dst, nil
}

// Basis copies the optimal basis into dst.
func (m *Model) Basis(dst *lp.Basis) error {
	if err := m.optimal(); err != nil {
		return err
	}
	dst.Cols = append(lp.Resize(dst.Cols, 0), m.sol.basis.Cols...)
	dst.Rows = append(lp.Resize(dst.Rows, 0), m.sol.basis.Rows...)
	return nil
}
