package cuts

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// Gomory separates Gomory mixed-integer cuts from rows of the simplex
// tableau of an optimal basis of the LP relaxation (see the package
// comment). It is built once per formulation with NewGomory; it remembers
// the cuts it returned, so it belongs to one search (one goroutine) at a
// time.
type Gomory struct {
	p       *lp.Problem
	integer []bool
	byRow   [][]entry // the rows of p
	rowInt  []bool    // by row of p: its activity is integral at every integer point
	n       int
	pool    pool

	// MaxSupport caps the number of nonzero coefficients of a cut
	// (0: no cap). Dense cuts slow every later LP solve.
	MaxSupport int
}

// NewGomory prepares the separation of Gomory mixed-integer cuts for f.
// Cuts are valid for every integer-feasible point of f under its global
// column bounds (f.Problem's), which must be the bounds of the model whose
// basis Separate is given.
func NewGomory(f *wdp.Formulation) *Gomory {
	g := &Gomory{pool: newPool()}
	if f == nil || f.Problem == nil || f.Problem.Validate() != nil || len(f.Integer) != f.Problem.NumCols() {
		return g
	}
	p := f.Problem
	g.p, g.integer, g.n = p, f.Integer, p.NumCols()
	g.byRow = transpose(p)
	g.rowInt = make([]bool, len(g.byRow))
	for i, row := range g.byRow {
		g.rowInt[i] = integralRow(row, f.Integer, p.ColLower, p.ColUpper)
	}
	return g
}

// integralRow reports whether a row's activity is an integer at every
// point where its integer columns are: every column is integer (or fixed
// at an integer) with an integer coefficient.
func integralRow(row []entry, integer []bool, lo, hi []float64) bool {
	for _, e := range row {
		fixed := lo[e.col] == hi[e.col] && isInt(lo[e.col])
		if !isInt(e.val) || !integer[e.col] && !fixed {
			return false
		}
	}
	return true
}

// isInt reports whether v is an integer (exactly: data, not results).
func isInt(v float64) bool { return !math.IsInf(v, 0) && v == math.Trunc(v) }

// Gomory parameters.
const (
	gmiAway       = 0.01  // least distance of a basic integer's value from an integer
	gmiMaxKernel  = 1500  // largest basis kernel factored (dense LU, k³/3 flops: 0.1 s at k = 1,000)
	gmiMaxRows    = 200   // tableau rows tried per call, at most
	gmiMaxWork    = 4e8   // flops and steps of the tableau rows of one call (about 0.1–0.3 s)
	gmiMaxDynamic = 1e6   // largest ratio of a cut's coefficients
	gmiMinEff     = 1e-4  // least violation of a cut scaled to a largest coefficient of 1
	gmiCheck      = 1e-6  // largest error of a tableau row at the LP solution
	gmiZero       = 1e-11 // tableau entries below this are zeros
	gmiBatch      = 32    // tableau rows solved for at once
)

// Separate appends to dst Gomory mixed-integer cuts that x violates, the
// most violated first (violations scaled to a largest coefficient of 1),
// at most max, and returns how many it appended. It never returns a cut
// it returned before.
//
// x must be an optimal vertex of the LP relaxation of the formulation with
// extra rows added after its own (lp.Rows, in the model's order; nil for
// none), under the formulation's column bounds, and basis that vertex's
// basis. Each tableau row of a basic integer column whose value is at
// least gmiAway from an integer gives one cut; nonbasic columns and rows
// whose activity is integral at integer points (all-integer rows with
// integer coefficients: item capacities in units, clique and cover cuts)
// count as integer variables. Rows whose data does not check out against
// x (a basis that does not match x, a kernel too large or ill
// conditioned) give no cuts.
func (g *Gomory) Separate(x []float64, basis *lp.Basis, extra *lp.Rows, dst *lp.Rows, max int) int {
	if g.p == nil || len(x) < g.n || max <= 0 || dst == nil || basis == nil {
		return 0
	}
	t := g.tableau(x, basis, extra)
	if t == nil {
		return 0
	}
	cands := t.candidates(x)
	for start := 0; start < len(cands) && t.work <= gmiMaxWork; start += gmiBatch {
		batch := cands[start:min(start+gmiBatch, len(cands))]
		if !t.solveRows(batch) {
			break
		}
		for b, q := range batch {
			if t.work > gmiMaxWork {
				break
			}
			if ct, ok := t.cut(q, b, x); ok {
				g.pool.offer(ct)
			}
		}
	}
	return g.pool.flush(dst, max)
}

// Reset forgets the cuts returned so far, so that they can be returned
// again (after the caller dropped them from its model).
func (g *Gomory) Reset() { g.pool.reset() }

// tableau is the factored basis kernel of one Separate call.
//
// With the row activities r = A·x as variables, the rows whose activity
// is nonbasic (T) and the basic columns (B) form the square kernel K =
// A[T, B]: the rows of T say A[T,B]·x_B = r_T − A[T,N]·x_N, so a basic
// column is x_q = w·r_T − Σ_{j∈N} (w·A[T,j])·x_j with w = K⁻ᵀ·e_q. The
// rows whose activity is basic play no part.
type tableau struct {
	g       *Gomory
	basis   *lp.Basis
	rows    [][]entry // every row of the model: the formulation's, then extra
	lower   []float64 // row bounds
	upper   []float64
	rowInt  []bool
	act     []float64 // row activities at x
	tRows   []int     // T: rows with a nonbasic activity
	posCol  []int     // column → position in B, or −1
	basic   []int     // B: the basic columns
	lu      mat.LU
	k       int
	work    float64
	ws, es  mat.Dense // w = K⁻ᵀ·e_q for a batch of rows q, by column; the unit vectors
	w       []float64 // scratch: one column of ws
	coef    []float64 // scratch: the tableau row over columns
	alpha   []float64 // scratch: the cut over columns
	touched []int
}

// tableau factors the basis kernel at x, or returns nil when the data do
// not fit (sizes, a basis that does not match x, a kernel too large or
// singular).
func (g *Gomory) tableau(x []float64, basis *lp.Basis, extra *lp.Rows) *tableau {
	p := g.p
	m := p.NumRows()
	ne := 0
	if extra != nil {
		ne = extra.Len()
	}
	if len(basis.Cols) != g.n || len(basis.Rows) != m+ne {
		return nil
	}
	t := &tableau{g: g, basis: basis}
	t.rows = append(make([][]entry, 0, m+ne), g.byRow...)
	t.lower = append(append(make([]float64, 0, m+ne), p.RowLower...), make([]float64, ne)...)
	t.upper = append(append(make([]float64, 0, m+ne), p.RowUpper...), make([]float64, ne)...)
	t.rowInt = append(append(make([]bool, 0, m+ne), g.rowInt...), make([]bool, ne)...)
	for r := range ne {
		s, e := extra.Start[r], extra.Start[r+1]
		row := make([]entry, 0, e-s)
		for q := s; q < e; q++ {
			if c := extra.Col[q]; c < 0 || c >= g.n {
				return nil
			}
			row = append(row, entry{extra.Col[q], extra.Value[q]})
		}
		t.rows = append(t.rows, row)
		t.lower[m+r], t.upper[m+r] = extra.Lower[r], extra.Upper[r]
		t.rowInt[m+r] = integralRow(row, g.integer, p.ColLower, p.ColUpper) &&
			(math.IsInf(extra.Lower[r], -1) || isInt(extra.Lower[r])) &&
			(math.IsInf(extra.Upper[r], 1) || isInt(extra.Upper[r]))
	}
	for i := range m {
		t.rowInt[i] = t.rowInt[i] && (math.IsInf(p.RowLower[i], -1) || isInt(p.RowLower[i])) &&
			(math.IsInf(p.RowUpper[i], 1) || isInt(p.RowUpper[i]))
	}
	// Nonbasic columns and activities must sit at the bound the basis says.
	at := func(v, lo, hi float64, st lp.BasisStatus) bool {
		switch st {
		case lp.Basic:
			return true
		case lp.AtLower:
			return !math.IsInf(lo, 0) && math.Abs(v-lo) <= gmiCheck*(1+math.Abs(lo))
		case lp.AtUpper:
			return !math.IsInf(hi, 0) && math.Abs(v-hi) <= gmiCheck*(1+math.Abs(hi))
		}
		return false // free or superbasic: no bound to measure from
	}
	t.posCol = make([]int, g.n)
	for j := range g.n {
		t.posCol[j] = -1
		if !at(x[j], p.ColLower[j], p.ColUpper[j], basis.Cols[j]) {
			return nil
		}
		if basis.Cols[j] == lp.Basic {
			t.posCol[j] = len(t.basic)
			t.basic = append(t.basic, j)
		}
	}
	t.act = make([]float64, len(t.rows))
	for i, row := range t.rows {
		s := 0.0
		for _, e := range row {
			s += e.val * x[e.col]
		}
		t.act[i] = s
		if !at(s, t.lower[i], t.upper[i], basis.Rows[i]) {
			return nil
		}
		if basis.Rows[i] != lp.Basic {
			t.tRows = append(t.tRows, i)
		}
	}
	t.k = len(t.basic)
	if t.k != len(t.tRows) || t.k > gmiMaxKernel {
		return nil
	}
	if t.k == 0 {
		return nil // no basic column: x is integral where it matters
	}
	kernel := mat.NewDense(t.k, t.k, nil)
	for a, i := range t.tRows {
		for _, e := range t.rows[i] {
			if b := t.posCol[e.col]; b >= 0 {
				kernel.Set(a, b, e.val)
			}
		}
	}
	t.lu.Factorize(kernel)
	if c := t.lu.Cond(); math.IsInf(c, 1) || math.IsNaN(c) || c > 1e12 {
		return nil
	}
	t.w = make([]float64, t.k)
	t.coef = make([]float64, g.n)
	t.alpha = make([]float64, g.n)
	return t
}

// candidates returns the basic integer columns whose value is at least
// gmiAway from an integer, the most fractional first, ties by column; at
// most gmiMaxRows.
func (t *tableau) candidates(x []float64) []int {
	var out []int
	dist := func(j int) float64 { f := x[j] - math.Floor(x[j]); return math.Min(f, 1-f) }
	for _, j := range t.basic {
		if t.g.integer[j] && dist(j) >= gmiAway {
			out = append(out, j)
		}
	}
	slices.SortFunc(out, func(a, b int) int {
		if r := cmp.Compare(dist(b), dist(a)); r != 0 {
			return r
		}
		return cmp.Compare(a, b)
	})
	if len(out) > gmiMaxRows {
		out = out[:gmiMaxRows]
	}
	return out
}

// gmi is the coefficient of a nonnegative variable with tableau entry a
// in the Gomory mixed-integer cut of a row with fractional part f0.
func gmi(a, f0 float64, integer bool) float64 {
	if integer {
		f := a - math.Floor(a)
		if f <= f0 {
			return f / f0
		}
		return (1 - f) / (1 - f0)
	}
	if a >= 0 {
		return a / f0
	}
	return -a / (1 - f0)
}

// solveRows computes w = K⁻ᵀ·e_q for the basic columns q of batch, in one
// solve with as many right-hand sides (a level-3 triangular solve, far
// faster than one solve per row), into the columns of t.ws. It reports
// false when the solve fails.
func (t *tableau) solveRows(batch []int) bool {
	nb := len(batch)
	t.es.Reset()
	t.es.ReuseAs(t.k, nb)
	t.es.Zero()
	for b, q := range batch {
		t.es.Set(t.posCol[q], b, 1)
	}
	t.ws.Reset()
	t.ws.ReuseAs(t.k, nb)
	return t.lu.SolveTo(&t.ws, true, &t.es) == nil
}

// cut derives the Gomory mixed-integer cut of basic column q's tableau row
// (column b of t.ws holds its w) and returns it as Σ coef·x ≤ rhs, when
// it is safe and violated.
func (t *tableau) cut(q, b int, x []float64) (cut, bool) {
	g, p := t.g, t.g.p
	wq := mat.Col(t.w, b, &t.ws)
	kk := float64(t.k)
	t.work += 2 * kk * kk
	// The tableau row: x_q = Σ_{i∈T} w_i·r_i − Σ_{j∈N} coef_j·x_j.
	coef := t.coef
	for _, j := range t.touched {
		coef[j] = 0
	}
	t.touched = t.touched[:0]
	check := 0.0
	for a, i := range t.tRows {
		w := wq[a]
		if math.Abs(w) <= gmiZero {
			continue
		}
		check += w * t.act[i]
		t.work += float64(len(t.rows[i]))
		for _, e := range t.rows[i] {
			if t.posCol[e.col] >= 0 {
				continue
			}
			if coef[e.col] == 0 {
				t.touched = append(t.touched, e.col)
			}
			coef[e.col] += w * e.val
			if coef[e.col] == 0 {
				coef[e.col] = math.SmallestNonzeroFloat64 // keep it touched
			}
		}
	}
	slices.Sort(t.touched)
	for _, j := range t.touched {
		check -= coef[j] * x[j]
	}
	if math.Abs(check-x[q]) > gmiCheck*(1+math.Abs(x[q])) {
		return cut{}, false
	}
	f0 := x[q] - math.Floor(x[q])
	if f0 < gmiAway || f0 > 1-gmiAway {
		return cut{}, false
	}
	// Σ π_v·t_v ≥ 1 over the nonbasic variables v measured from their
	// bound (t_v ≥ 0), written as Σ alpha·x + c0 ≥ 1.
	alpha := t.alpha
	var cols []int
	addAlpha := func(j int, v float64) {
		if alpha[j] == 0 {
			cols = append(cols, j)
		}
		alpha[j] += v
		if alpha[j] == 0 {
			alpha[j] = math.SmallestNonzeroFloat64
		}
	}
	c0 := 0.0
	for _, j := range t.touched {
		lo, hi := p.ColLower[j], p.ColUpper[j]
		a := coef[j]
		if math.Abs(a) <= gmiZero || lo == hi {
			continue // a zero, or a fixed column: t_j = 0
		}
		integer := g.integer[j] && isInt(lo) && isInt(hi)
		if t.basis.Cols[j] == lp.AtLower { // x_j = lo + t_j
			pi := gmi(a, f0, integer)
			addAlpha(j, pi)
			c0 -= pi * lo
		} else { // x_j = hi − t_j
			pi := gmi(-a, f0, integer)
			addAlpha(j, -pi)
			c0 += pi * hi
		}
	}
	for a, i := range t.tRows {
		w := wq[a]
		lo, hi := t.lower[i], t.upper[i]
		if math.Abs(w) <= gmiZero || lo == hi {
			continue
		}
		var pi float64
		if t.basis.Rows[i] == lp.AtLower { // r_i = lo + t_i: entry −w_i
			pi = gmi(-w, f0, t.rowInt[i])
			c0 -= pi * lo
		} else { // r_i = hi − t_i: entry +w_i
			pi = gmi(w, f0, t.rowInt[i])
			pi, c0 = -pi, c0+pi*hi
		}
		if pi == 0 {
			continue
		}
		t.work += float64(len(t.rows[i]))
		for _, e := range t.rows[i] {
			addAlpha(e.col, pi*e.val)
		}
	}
	ct, ok := t.finish(cols, 1-c0, x)
	for _, j := range cols {
		alpha[j] = 0
	}
	return ct, ok
}

// finish turns Σ alpha_j·x_j ≥ rhs (j in cols) into a safe cut Σ coef·x
// ≤ rhs' scaled to a largest coefficient of 1: it removes fixed columns
// and tiny coefficients (bounding them by the column bounds, which only
// weakens the cut), rejects cuts too dense or too badly scaled, relaxes
// the right-hand side against rounding and keeps the cut when x violates
// it by more than gmiMinEff.
func (t *tableau) finish(cols []int, rhs float64, x []float64) (cut, bool) {
	p, alpha := t.g.p, t.alpha
	big := 0.0
	for _, j := range cols {
		big = math.Max(big, math.Abs(alpha[j]))
	}
	if big == 0 || math.IsNaN(big) || math.IsInf(big, 0) {
		return cut{}, false
	}
	slices.Sort(cols)
	var keep []int
	small := math.Inf(1)
	for _, j := range cols {
		a := alpha[j]
		lo, hi := p.ColLower[j], p.ColUpper[j]
		switch {
		case lo == hi:
			rhs -= a * lo
		case math.Abs(a) <= 1e-9*big:
			// a·x_j ≤ a·(the bound that makes it largest).
			b := hi
			if a < 0 {
				b = lo
			}
			if math.IsInf(b, 0) {
				return cut{}, false
			}
			rhs -= a * b
		default:
			keep = append(keep, j)
			small = math.Min(small, math.Abs(a))
		}
	}
	if len(keep) == 0 || big/small > gmiMaxDynamic {
		return cut{}, false
	}
	if ms := t.g.MaxSupport; ms > 0 && len(keep) > ms {
		return cut{}, false
	}
	// Rounding: the cut's data carry relative errors of about 1e-12 per
	// term; relax by far more.
	sumAbs := 0.0
	for _, j := range keep {
		sumAbs += math.Abs(alpha[j]) * math.Max(1, math.Max(math.Abs(p.ColLower[j]), math.Abs(p.ColUpper[j])))
	}
	rhs -= 1e-9 * (math.Abs(rhs) + sumAbs)
	// As Σ (−alpha/big)·x ≤ −rhs/big.
	ct := cut{cols: keep, coef: make([]float64, len(keep)), rhs: -rhs / big}
	for k, j := range keep {
		ct.coef[k] = -alpha[j] / big
	}
	ct.violation = ct.activity(x) - ct.rhs
	if ct.violation <= gmiMinEff || math.IsNaN(ct.violation) {
		return cut{}, false
	}
	return ct, true
}
