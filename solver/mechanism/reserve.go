package mechanism

import (
	"fmt"
)

// reserveFloors returns, by bidder, the reserve of what the allocation awards
// it, in minor units: Σ over its awards of the bundle's reserve (Σ volume ×
// reserve) times the fraction won, rounded down like a payment (as
// auction.Instance.Check rounds the reserve it asks of a pay-as-bid payment).
//
// A reserve is the least an award may pay per unit (DESIGN §2), whatever the
// payment rule, as the seller's own bid for its capacity: the Clarke pivot of
// a winner with little competition can fall below it, and is then raised to
// it (as a second-price auction with a reserve charges max(second bid,
// reserve)). Every winning bid's value is at least its bundle's reserve
// (Check), so the floor never exceeds the bidder's pay-as-bid payment.
func (m *market) reserveFloors() []float64 {
	floors := make([]float64, len(m.in.Bidders))
	for _, aw := range m.alloc.Awards {
		floors[m.in.Bids[aw.Bid].Bidder] += float64(m.in.ReserveDue(aw))
	}
	return floors
}

// floorAtReserves raises each real VCG payment v[b] below the reserve of
// what b wins to that reserve (reserveFloors), and notes how many it raised.
// The core starts from the raised payments and keeps every payment at least
// them, so it keeps the floor too; the core is not empty (pay-as-bid, which
// meets every reserve, is in it).
func (m *market) floorAtReserves(v []float64, p *Payments) {
	raised := 0
	for b, f := range m.reserveFloors() {
		if f > v[b]+noise(v[b]) {
			v[b] = f
			raised++
		}
	}
	if raised > 0 {
		what := fmt.Sprintf("%d winners' Clarke pivots are below the reserve of what they win and are", raised)
		if raised == 1 {
			what = "1 winner's Clarke pivot is below the reserve of what it wins and is"
		}
		p.Notes = append(p.Notes, fmt.Sprintf("reserves: %s raised to it", what))
	}
}
