package wdp

import (
	"errors"
	"slices"

	"github.com/gavelhq/gavel/auction"
)

// This file holds what the heuristics do for the rule min-winners K: every
// region (items sharing a non-empty Item.Region) needs K distinct winning
// bidders. No take-if-it-fits pass aims at that, and unlike a group's Min
// it cannot be met by taking bids back, so a greedy run that leaves a
// region short is repaired by forcing bids in (forceIn): a losing bid of a
// bidder that does not win in the short region yet is swapped in as by
// Improve's moves, but without their limits on what may go out and
// whatever the objective does, and the swap is kept only when it lowers
// the deficit Σ_R max(0, K − winners(R)). Short regions go in index order,
// their candidates in the order of the pass (then by index). The repair
// stops when the deficit is 0, when no candidate of any short region
// lowers it, or after max(regionMinWork, regionWorkPerBid × bids) bid
// evaluations; the heuristic has then found no allocation, and says so by
// returning the empty one (which fails Check wherever the rule applies).
//
// Finding an allocation that meets the rule is NP-hard in general (with
// capacities it holds set packing), so the repair can miss one that
// exists; only the exact search (or BruteForce) decides.

// ErrNoAllocation is returned by Greedy when the rule min-winners applies
// and the heuristic found no allocation that meets it.
var ErrNoAllocation = errors.New("wdp: the greedy heuristic found no allocation that meets the rule min-winners")

const (
	regionMinWork    = 20000
	regionWorkPerBid = 10
)

// regionTables builds, for the rule min-winners, the (bidder, region)
// slots of every bid and the bids of every region.
func (s *hstate) regionTables(in *auction.Instance) {
	es, regs := liveRegionBids(in, func(int) bool { return true })
	if len(regs) == 0 {
		return
	}
	n := len(in.Bids)
	s.minWinners = int32(in.Rules.MinWinners)
	s.regWinners = make([]int32, len(regs))
	s.regLo = make([]int32, n+1)
	s.regSlot = make([]int32, len(es))
	s.regBidLo = make([]int32, len(regs)+1)
	s.regBids = make([]int32, len(es))
	// es is sorted by region, then bidder, then bid: slots are runs of
	// (region, bidder).
	for k, e := range es {
		if k == 0 || es[k-1].region != e.region || es[k-1].bidder != e.bidder {
			s.slotRegion = append(s.slotRegion, int32(e.region))
		}
		s.regLo[e.bid+1]++
		s.regBidLo[e.region+1]++
		s.regBids[k] = int32(e.bid)
	}
	for i := range n {
		s.regLo[i+1] += s.regLo[i]
	}
	for r := range regs {
		s.regBidLo[r+1] += s.regBidLo[r]
	}
	next := slices.Clone(s.regLo[:n])
	slot := int32(-1)
	for k, e := range es {
		if k == 0 || es[k-1].region != e.region || es[k-1].bidder != e.bidder {
			slot++
		}
		s.regSlot[next[e.bid]] = slot
		next[e.bid]++
	}
	s.rsWins = make([]int32, len(s.slotRegion))
}

// resetRegions clears the region tallies: no region has a winner.
func (s *hstate) resetRegions() {
	clear(s.rsWins)
	clear(s.regWinners)
	s.deficit = s.minWinners * int32(len(s.regWinners))
}

// countRegions updates the region tallies for bid i winning (sign 1) or
// losing (sign −1).
func (s *hstate) countRegions(i int32, sign int32) {
	for k := s.regLo[i]; k < s.regLo[i+1]; k++ {
		slot := s.regSlot[k]
		r := s.slotRegion[slot]
		s.rsWins[slot] += sign
		switch {
		case sign > 0 && s.rsWins[slot] == 1:
			s.regWinners[r]++
			if s.regWinners[r] <= s.minWinners {
				s.deficit--
			}
		case sign < 0 && s.rsWins[slot] == 0:
			if s.regWinners[r] <= s.minWinners {
				s.deficit++
			}
			s.regWinners[r]--
		}
	}
}

// winsIn reports whether bid i's bidder wins in region r (i must touch r).
func (s *hstate) winsIn(i int32, r int32) bool {
	for k := s.regLo[i]; k < s.regLo[i+1]; k++ {
		if slot := s.regSlot[k]; s.slotRegion[slot] == r {
			return s.rsWins[slot] > 0
		}
	}
	return false
}

// settleRegions repairs the current allocation until every region has its
// winners, and reports whether it got there (see the top of the file).
func (r *Rounder) settleRegions() bool {
	s := r.s
	work := 0
	maxWork := max(regionMinWork, regionWorkPerBid*len(s.value))
	for s.deficit > 0 && work < maxWork {
		if !r.regionStep(&work, maxWork) {
			break
		}
	}
	return s.deficit == 0
}

// regionStep forces in one bid that lowers the deficit, trying the short
// regions in index order, and reports whether it found one.
func (r *Rounder) regionStep(work *int, maxWork int) bool {
	s := r.s
	for reg := range s.regWinners {
		if s.regWinners[reg] >= s.minWinners {
			continue
		}
		start := len(s.buf)
		for _, c := range s.regBids[s.regBidLo[reg]:s.regBidLo[reg+1]] {
			if s.frac[c] == 0 && s.hi[c] > 0 && s.rank[c] >= 0 && !s.winsIn(c, int32(reg)) {
				s.buf = append(s.buf, c)
			}
		}
		cands := s.buf[start:]
		slices.SortFunc(cands, func(a, b int32) int {
			if s.rank[a] != s.rank[b] {
				return int(s.rank[a]) - int(s.rank[b])
			}
			return int(a) - int(b)
		})
		for _, c := range cands {
			if *work >= maxWork {
				s.pop(start)
				return false
			}
			if s.frac[c] == 0 && !s.winsIn(c, int32(reg)) && r.forceIn(c, work, maxWork) {
				s.pop(start)
				return true
			}
		}
		s.pop(start)
	}
	return false
}

// forceIn swaps losing bid j in, taking out the winners that keep it out
// (any number, whatever their worth), completing or taking back the groups
// and min-volumes this leaves short and refilling the room freed; it keeps
// the change when it lowers the deficit and undoes it otherwise.
func (r *Rounder) forceIn(j int32, work *int, maxWork int) bool {
	s := r.s
	before := s.deficit
	if !r.insert(j, work, maxWork, false) || s.deficit >= before {
		s.undo(0)
		s.clearDirty()
		return false
	}
	s.journal = s.journal[:0]
	s.clearDirty()
	return true
}
