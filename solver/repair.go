package solver

import (
	"math"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/lp"
	"github.com/gavelhq/gavel/solver/internal/wdp"
)

// repairMargins are the relative margins, tried in turn, by which repair
// keeps the limits that Check measures inside their bounds. The first is
// none: a fresh solve of the small LP of the fractions usually lands on
// its vertex to within rounding, which also meets limits that bind
// together (a margin on both makes them infeasible); the LP engine meets
// a row only within its own tolerance (Clp's is 1e-7 on scaled rows),
// Check within 1e-9 of the limit, hence the others.
var repairMargins = []float64{0, 1e-8, 1e-7, 1e-6}

// exactRepairDivisible is the most divisible winners for which repair
// solves their fractions exactly (wdp.ExactFractions, a dense rational
// simplex). A variable so that a test can take the other path.
var exactRepairDivisible = 24

// repair looks for an allocation with the integral pattern of the LP point
// x (which bids win, and every indicator) that passes Check, when the
// point itself, snapped and polished, does not: typically a min-volume
// met only within the engine's tolerance, which shrinking fractions (see
// polish) cannot mend. With few divisible winners it finds their best
// fractions exactly, which also meets limits that bind together at the
// same point (a min-volume that takes exactly the bidder's budget).
// Otherwise it fixes every integer column at its rounded value and
// solves, on a model of its own, the LP of the continuous columns (the
// fractions of divisible bids) with the limits Check measures (capacity,
// budget, max-volume, max-share, min-volume) tightened by a margin, and
// keeps the first margin (none first) whose allocation passes; its
// objective is within about the margin of x's. It returns false when
// neither gives one (the pattern may only be feasible within the engine's
// tolerance), when a limit stops it, or when the search has no engine to
// build a model with.
func (s *search) repair(x []float64) (auction.Allocation, bool) {
	a, err := s.f.Allocation(x)
	if err != nil {
		return auction.Allocation{}, false
	}
	winners, div := s.winners(a)
	if !div { // only the fractions of divisible winners can move
		return auction.Allocation{}, false
	}
	if r, ok := wdp.ExactFractions(s.in, winners, exactRepairDivisible); ok && len(s.in.Check(r)) == 0 {
		return r, true
	}
	if s.newModel == nil {
		return auction.Allocation{}, false
	}
	p := s.f.Problem
	nc, nr := p.NumCols(), p.NumRows()
	// The fixed part: integer columns at their rounded values.
	fixed := make([]float64, nr) // activity of the integer columns, by row
	free := make([]int, nc)      // repair column of a continuous column, or -1
	var cols []int
	for j := range nc {
		free[j] = -1
		if !s.integer[j] && s.lo[j] < s.hi[j] {
			free[j] = len(cols)
			cols = append(cols, j)
		}
	}
	if len(cols) == 0 {
		return auction.Allocation{}, false
	}
	point := make([]float64, nc)
	for j := range nc {
		v := x[j]
		switch {
		case s.integer[j]:
			v = math.Round(v)
		case free[j] < 0:
			v = s.lo[j] // a continuous column the node fixes
		}
		point[j] = v
		if free[j] >= 0 || v == 0 {
			continue
		}
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			fixed[p.RowIndex[k]] += p.Value[k] * v
		}
	}
	// The rows that hold a repair column, renumbered.
	row := make([]int, nr)
	for i := range row {
		row[i] = -1
	}
	var rows []int
	sub := &lp.Problem{Sense: p.Sense, ColStart: []int{0}}
	for _, j := range cols {
		sub.Objective = append(sub.Objective, p.Objective[j])
		sub.ColLower = append(sub.ColLower, s.lo[j])
		sub.ColUpper = append(sub.ColUpper, s.hi[j])
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			i := p.RowIndex[k]
			if row[i] < 0 {
				row[i] = len(rows)
				rows = append(rows, i)
			}
			sub.RowIndex = append(sub.RowIndex, row[i])
			sub.Value = append(sub.Value, p.Value[k])
		}
		sub.ColStart = append(sub.ColStart, len(sub.RowIndex))
	}
	sub.RowLower = make([]float64, len(rows))
	sub.RowUpper = make([]float64, len(rows))
	m := s.newModel()
	defer m.Close()
	for _, margin := range repairMargins {
		for r, i := range rows {
			lo, hi := p.RowLower[i]-fixed[i], p.RowUpper[i]-fixed[i]
			if measured(s.f.Rows[i].Kind) {
				if !math.IsInf(hi, 1) {
					hi -= margin * math.Max(1, math.Abs(p.RowUpper[i]))
				}
				if lo > 0 { // a min-volume that binds: its switch is on
					lo += margin * math.Max(1, math.Abs(p.RowLower[i]))
				}
			}
			sub.RowLower[r], sub.RowUpper[r] = lo, hi
		}
		if a, ok := s.solveRepair(m, sub, cols, point); ok {
			return a, true
		}
		if s.ctx.Err() != nil {
			break
		}
	}
	return auction.Allocation{}, false
}

// solveRepair solves the repair LP sub on m and returns the allocation of
// point with the continuous columns cols set to its solution, if it
// passes Check.
func (s *search) solveRepair(m lp.Model, sub *lp.Problem, cols []int, point []float64) (auction.Allocation, bool) {
	if err := m.Load(sub); err != nil {
		return auction.Allocation{}, false
	}
	var lim lp.Limits
	if dl, ok := s.ctx.Deadline(); ok {
		if lim.Time = time.Until(dl); lim.Time <= 0 {
			return auction.Allocation{}, false
		}
	}
	st, err := m.Solve(lim)
	if it := m.Iterations(); it > 0 {
		s.iters += int64(it)
	}
	if err != nil || st != lp.Optimal {
		return auction.Allocation{}, false
	}
	y, err := m.Primal(nil)
	if err != nil {
		return auction.Allocation{}, false
	}
	for r, j := range cols {
		point[j] = min(max(y[r], sub.ColLower[r]), sub.ColUpper[r])
	}
	a, err := s.f.Allocation(point)
	if err != nil || len(s.in.Check(a)) != 0 {
		return auction.Allocation{}, false
	}
	return a, true
}

// measured reports whether Check measures the limit a row of this kind
// stands for on volumes or money, with its tolerance: these are the rows
// repair keeps a margin inside.
func measured(k wdp.RowKind) bool {
	switch k {
	case wdp.RowCapacity, wdp.RowBudget, wdp.RowMaxVolume, wdp.RowMaxShare, wdp.RowMinVolume:
		return true
	}
	return false
}

// exactIncumbent replaces the divisible fractions of the incumbent by the
// exact optimum over its winners (wdp.ExactFractions), when there are at
// most exactRepairDivisible of them. The fractions an LP engine gives are
// right only to its tolerance: Check lets a limit be exceeded by 1e-9 of
// itself, and an incumbent that uses that slack is worth a few 1e-9 of
// itself more than any exactly feasible award of its winners; payments
// (differences of such objectives, rounded up to the minor unit) would
// carry that noise. The exact fractions are kept when they pass Check and
// lose at most exactLoss of the objective, relative.
func (s *search) exactIncumbent() {
	winners, div := s.winners(s.inc)
	if !div {
		return
	}
	r, ok := wdp.ExactFractions(s.in, winners, exactRepairDivisible)
	if !ok || len(s.in.Check(r)) != 0 {
		return
	}
	if obj := objective(s.in, r); obj >= s.incObj-exactLoss*math.Max(1, math.Abs(s.incObj)) {
		s.inc, s.incObj = r, obj
	}
}

// exactLoss is how much of the objective, relative, exactIncumbent may
// give up for exact fractions: far more than the certificate's slack can
// add (a few 1e-9 on the markets measured).
const exactLoss = 1e-7

// winners lists the bids a awards, and says whether one is divisible.
func (s *search) winners(a auction.Allocation) (bids []int, divisible bool) {
	bids = make([]int, len(a.Awards))
	for k, aw := range a.Awards {
		bids[k] = aw.Bid
		divisible = divisible || s.in.Bids[aw.Bid].Divisible()
	}
	return bids, divisible
}
