package solver

import "github.com/gavelhq/gavel/auction"

// improveWork bounds the work of one local improvement of the incumbent.
const improveWork = 20000

// heuristics runs LP rounding at a node whose LP solution is in s.x, at the
// root and then at every eighth node (at every node of a heuristic's
// sub-search: its neighbourhood's LP solutions are where it finds most of
// its allocations), and improves a new incumbent locally.
func (s *search) heuristics(obj float64) {
	if s.rounder == nil || !s.heur.sub && s.nodes > 1 && s.nodes%8 != 0 {
		return
	}
	if s.closes(obj) {
		return
	}
	if a := s.rounder.Round(s.x); s.offer(a) {
		s.improve()
	}
}

// dynamicOrders are the settings of the dynamic greedy that
// dynamicStarts tries (wdp.Rounder.GreedyDynamic: alpha, beta, gamma).
// Neither wins everywhere; the better of the two starts generated DDU
// markets 1.7–3.5% above the best static order at 2,000 DDUs × 10,000
// bids (seeds 1–5), 0.7–7.8% at 200 × 1,000 and 1.7% on the national
// market, for about 0.5 s of CPU each there (five LOS passes).
var dynamicOrders = []struct{ alpha, beta, gamma float64 }{{0.8, 0, 1.5}, {0.8, 0.5, 1.5}}

// dynamicStarts offers the dynamic greedy's allocations, for markets
// whose items are shared by several bids (multi-unit: on single-unit
// ones it loses to the static orders), as long as the time left affords
// them, and reports whether one became the incumbent.
func (s *search) dynamicStarts() bool {
	better := false
	for _, o := range dynamicOrders {
		if !s.affords(dynamicCost) {
			break
		}
		if s.offer(s.rounder.GreedyDynamic(o.alpha, o.beta, o.gamma)) {
			better = true
		}
	}
	return better
}

// improve runs local improvement on the incumbent.
func (s *search) improve() {
	if s.rounder == nil {
		return
	}
	s.offer(s.rounder.Improve(s.inc, improveWork))
}

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
