package wdp

import (
	"fmt"

	"github.com/gavelhq/gavel/auction"
)

// Greedy returns a good allocation quickly, by the rule of Lehmann,
// O'Callaghan and Shoham ("Truth revelation in approximately efficient
// combinatorial auctions", JACM 2002): bids in decreasing order of
// value / sqrt(size), where the size of a bundle is Σ volume/capacity over
// its items (the number of items for single-unit goods), ties by bid
// index; each bid is taken if the award stays within every limit of the
// model (budgets charge value × fraction unrounded, as in Build), an
// all-or-nothing bid whole, a divisible one at the largest fraction that
// fits, if that is at least its min fraction. It is GreedyOrder in that
// order.
//
// Limits that only more awards or none can meet (a choose group's Min, an
// all group, a min-volume) are met by a repair: a group or bidder that
// falls short is completed with its other bids where they fit (bids of
// price zero included), and otherwise all its bids are taken back, which
// never breaks another limit; the remaining bids are then offered once
// more (those taken back stay out). Where the instance has such limits, a
// second run completes them as soon as a bid leaves one short, and the
// better run wins. Under the rule min-winners, a run that leaves a region
// short of winning bidders is repaired by swapping bids in (see
// heuristic_region.go); when no run can be repaired Greedy returns the
// empty allocation and ErrNoAllocation. Every other result passes
// auction.Instance.Check; should it not (a bug), Greedy returns the empty
// allocation, and ErrNoAllocation when the empty one fails too.
func Greedy(in *auction.Instance) (auction.Allocation, error) {
	if in == nil {
		return auction.Allocation{}, ErrNoInstance
	}
	if err := in.Validate(); err != nil {
		return auction.Allocation{}, fmt.Errorf("wdp: invalid instance: %w", err)
	}
	a := greedy(in)
	if len(in.Check(a)) != 0 {
		if len(in.Check(auction.Allocation{})) != 0 {
			return auction.Allocation{}, ErrNoAllocation
		}
		return auction.Allocation{}, nil
	}
	return a, nil
}

// greedy is Greedy on a valid instance, without the final check.
func greedy(in *auction.Instance) auction.Allocation {
	return newRounder(in).Greedy()
}
