package wdp

import (
	"errors"
	"fmt"
	"math"

	"github.com/gavelhq/gavel/auction"
)

// SnapTol is how close to a bound a fraction must be to be snapped to it
// when a solution vector is read back (Allocation), and the default
// tolerance of Feasible.
const SnapTol = 1e-9

// ErrVector is returned for a solution vector of the wrong length or with
// a value that is not a number.
var ErrVector = errors.New("wdp: malformed solution vector")

// Allocation reads a solution vector (one value per column) back as an
// allocation of f.In, deterministically:
//
//   - a bid wins when its Taken column is at least 1/2;
//   - an all-or-nothing bid then wins fraction exactly 1;
//   - a divisible bid wins its x clamped to [MinFrac, upper bound of x],
//     and a fraction within SnapTol of 1 or of MinFrac is snapped to it;
//   - awards are in ascending bid order.
//
// The allocation passes Check when x satisfies the formulation within
// Check's tolerance (1e-9 relative on sums holding fractions). An LP
// engine's primal tolerance can be looser (Clp's default is 1e-7), so a
// caller still Checks the result, and polishes the fractions of divisible
// bids when a row is overfilled by such a sliver.
func (f *Formulation) Allocation(x []float64) (auction.Allocation, error) {
	if len(x) < f.NumCols() {
		return auction.Allocation{}, fmt.Errorf("%w: %d values for %d columns", ErrVector, len(x), f.NumCols())
	}
	var a auction.Allocation
	for i := range f.In.Bids {
		t := x[f.Taken[i]]
		if math.IsNaN(t) || math.IsNaN(x[i]) {
			return auction.Allocation{}, fmt.Errorf("%w: NaN in column of bid %q", ErrVector, f.In.Bids[i].ID)
		}
		if f.Dead[i] != ReasonNone || t < 0.5 {
			continue
		}
		frac := 1.0
		if f.Switch[i] >= 0 {
			lo, hi := f.MinFrac[i], f.Problem.ColUpper[i]
			frac = min(max(x[i], lo), hi)
			switch {
			case math.Abs(frac-1) <= SnapTol:
				frac = 1
			case math.Abs(frac-lo) <= SnapTol:
				frac = lo
			}
		}
		a.Awards = append(a.Awards, auction.Award{Bid: i, Fraction: frac})
	}
	return a, nil
}

// Point is the solution vector of an allocation of f.In: x the awarded
// fractions, z, y, w, u and r the switches and indicators they imply. It
// returns an error for an award naming no bid, or a bid twice.
func (f *Formulation) Point(a auction.Allocation) ([]float64, error) {
	in := f.In
	x := make([]float64, f.NumCols())
	seen := make([]bool, len(in.Bids))
	wins := make([]bool, len(in.Bidders))
	type bidderItem struct{ bidder, item int }
	usage := map[bidderItem]bool{}
	region, _ := in.RegionOf()
	inRegion := map[bidderItem]bool{} // (bidder, region) pairs with a win
	for _, aw := range a.Awards {
		if aw.Bid < 0 || aw.Bid >= len(in.Bids) || seen[aw.Bid] {
			return nil, fmt.Errorf("%w: award of bid index %d", ErrVector, aw.Bid)
		}
		seen[aw.Bid] = true
		if !(aw.Fraction > 0) {
			continue
		}
		x[aw.Bid] = aw.Fraction
		x[f.Taken[aw.Bid]] = 1
		bd := in.Bids[aw.Bid].Bidder
		wins[bd] = true
		for _, d := range in.Bids[aw.Bid].Bundle {
			usage[bidderItem{bd, d.Item}] = true
			if r := region[d.Item]; r >= 0 {
				inRegion[bidderItem{bd, r}] = true
			}
		}
	}
	for bd := range in.Bidders {
		for _, ch := range in.Bidders[bd].Tree.Children {
			if ch.Group != nil {
				f.markTaken(ch.Group, x)
			}
		}
	}
	for j, c := range f.Cols {
		switch c.Kind {
		case ColBidder:
			if wins[c.Bidder] {
				x[j] = 1
			}
		case ColUsage:
			if usage[bidderItem{c.Bidder, c.Item}] {
				x[j] = 1
			}
		case ColRegion:
			if inRegion[bidderItem{c.Bidder, c.Region}] {
				x[j] = 1
			}
		}
	}
	return x, nil
}

// markTaken sets the indicators of g and the groups below it from the bid
// fractions in x, and reports whether g is taken.
func (f *Formulation) markTaken(g *auction.Group, x []float64) bool {
	taken := false
	for _, ch := range g.Children {
		if ch.Group != nil {
			if f.markTaken(ch.Group, x) {
				taken = true
			}
		} else if x[ch.Bid] > 0 {
			taken = true
		}
	}
	if y, ok := f.GroupCol[g]; ok && taken {
		x[y] = 1
	}
	return taken
}

// Feasible reports whether x satisfies the formulation: bounds, rows and
// integrality, each within tol (absolute, scaled by max(1, |bound|) for
// bounds and rows). It returns nil or an error naming the first violation.
func (f *Formulation) Feasible(x []float64, tol float64) error {
	p := f.Problem
	if len(x) != p.NumCols() {
		return fmt.Errorf("%w: %d values for %d columns", ErrVector, len(x), p.NumCols())
	}
	slack := func(b float64) float64 { return tol * max(1, math.Abs(b)) }
	act := make([]float64, p.NumRows())
	for j, v := range x {
		if math.IsNaN(v) {
			return fmt.Errorf("%w: column %s is NaN", ErrVector, f.Cols[j].Name)
		}
		if v < p.ColLower[j]-slack(p.ColLower[j]) || v > p.ColUpper[j]+slack(p.ColUpper[j]) {
			return fmt.Errorf("column %s = %v is outside [%v, %v]", f.Cols[j].Name, v, p.ColLower[j], p.ColUpper[j])
		}
		if f.Integer[j] && math.Abs(v-math.Round(v)) > tol {
			return fmt.Errorf("column %s = %v is not integer", f.Cols[j].Name, v)
		}
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			act[p.RowIndex[k]] += p.Value[k] * v
		}
	}
	for i, a := range act {
		lo, hi := p.RowLower[i], p.RowUpper[i]
		if a < lo-slack(lo) || a > hi+slack(hi) {
			return fmt.Errorf("row %s = %v is outside [%v, %v]", f.Rows[i].Name, a, lo, hi)
		}
	}
	return nil
}

// Objective is the objective value of x: Σ value·x in minor units.
func (f *Formulation) Objective(x []float64) float64 {
	var s float64
	for j, c := range f.Problem.Objective {
		if c != 0 {
			s += c * x[j]
		}
	}
	return s
}
