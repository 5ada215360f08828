package solver

import "github.com/gavelhq/gavel/auction"

// heuristics runs the primal heuristics at a node whose LP solution is in
// s.x.
func (s *search) heuristics(obj float64) {}

// polish shrinks the fractions of divisible awards by a tiny relative
// amount, never below their least fraction, so that an LP solution that
// overfills a row by the engine's tolerance (Clp's is 1e-7) passes Check's
// tighter one (1e-9). It tries growing amounts and returns the first
// allocation that passes, or a unchanged.
func (s *search) polish(a auction.Allocation) auction.Allocation {
	for _, shrink := range []float64{1e-8, 1e-7, 1e-6, 1e-5} {
		b := auction.Allocation{Awards: make([]auction.Award, len(a.Awards))}
		changed := false
		for k, aw := range a.Awards {
			b.Awards[k] = aw
			if !s.in.Bids[aw.Bid].Divisible() {
				continue // all-or-nothing
			}
			if f := max(aw.Fraction*(1-shrink), s.f.MinFrac[aw.Bid]); f < aw.Fraction {
				b.Awards[k].Fraction = f
				changed = true
			}
		}
		if changed && len(s.in.Check(b)) == 0 {
			return b
		}
	}
	return a
}
