package wdp

import "slices"

// This file holds what meets the limits that only more awards, or none,
// can meet: a choose group's Min, an all group, a min-volume. A group or
// bidder that falls short is first completed with other bids of its own
// (in the order of the current pass, zero-price bids included: they add no
// revenue, but may be all that completes a group), and only when that
// fails are its bids taken back.

// candidates pushes onto the scratch stack the usable losing bids of
// tree[lo:hi], in the order of the current pass, and returns them with the
// stack's previous length (pass it to pop).
func (s *hstate) candidates(lo, hi int32) ([]int32, int) {
	start := len(s.buf)
	for _, i := range s.tree[lo:hi] {
		if s.frac[i] == 0 && s.usable(i) {
			s.buf = append(s.buf, i)
		}
	}
	c := s.buf[start:]
	slices.SortFunc(c, func(a, b int32) int { return int(s.rank[a]) - int(s.rank[b]) })
	return c, start
}

func (s *hstate) pop(start int) { s.buf = s.buf[:start] }

// childTaken reports whether the child of node p that holds bid c is
// taken.
func (s *hstate) childTaken(p, c int32) bool {
	q := s.parent[c]
	if q == p {
		return s.frac[c] > 0
	}
	for s.nodeParent[q] != p {
		q = s.nodeParent[q]
	}
	return s.count[q] > 0
}

// completeNode adds bids below the short node p until it has the children
// it needs, and reports whether it got there. Partial progress is kept
// either way (the caller undoes it, or takes the group back).
func (s *hstate) completeNode(p int32) bool {
	if s.failed[p] == s.epoch {
		return false
	}
	cands, start := s.candidates(s.nodeLo[p], s.nodeHi[p])
	for _, c := range cands {
		if !s.nodeShort(p) {
			break
		}
		if s.frac[c] > 0 || s.childTaken(p, c) {
			continue
		}
		mark := len(s.journal)
		if s.tryAdd(c) && !s.settleNodes(c, p) {
			s.undo(mark)
		}
	}
	s.pop(start)
	if s.nodeShort(p) {
		s.failed[p] = s.epoch
		return false
	}
	return true
}

// completeBidder adds bids of bidder b until it reaches its min-volume,
// and reports whether it did.
func (s *hstate) completeBidder(b int32) bool {
	k := int32(len(s.nodeParent)) + b
	if s.failed[k] == s.epoch {
		return false
	}
	cands, start := s.candidates(s.bidderLo[b], s.bidderHi[b])
	for _, c := range cands {
		if !s.bidderShort(b) {
			break
		}
		if s.frac[c] > 0 {
			continue
		}
		mark := len(s.journal)
		if s.tryAdd(c) && !s.settleNodes(c, -1) {
			s.undo(mark)
		}
	}
	s.pop(start)
	if s.bidderShort(b) {
		s.failed[k] = s.epoch
		return false
	}
	return true
}

// settleNodes completes the short groups above bid i, deepest first, up
// to (not including) node stop (-1: all of them), and reports whether
// none is left short.
func (s *hstate) settleNodes(i, stop int32) bool {
	for p := s.parent[i]; p >= 0 && p != stop; p = s.nodeParent[p] {
		if s.nodeShort(p) && !s.completeNode(p) {
			return false
		}
	}
	return true
}

// addSettled awards bid i what fits and completes what that leaves short
// (its groups, its bidder's min-volume); when completion fails, every
// change is undone. It reports whether bid i won.
func (s *hstate) addSettled(i int32) bool {
	mark := len(s.journal)
	if !s.tryAdd(i) {
		return false
	}
	b := s.bidder[i]
	if s.settleNodes(i, -1) && (!s.bidderShort(b) || s.completeBidder(b)) {
		return true
	}
	s.undo(mark)
	return false
}

// takeBack takes back every bid of tree[lo:hi] and bans them until the
// next epoch.
func (s *hstate) takeBack(lo, hi int32) {
	for _, i := range s.tree[lo:hi] {
		if s.frac[i] > 0 {
			s.set(i, 0)
			s.back = append(s.back, i)
		}
		s.banned[i] = s.epoch
	}
}

// repair meets the limits that only more awards or none can meet, on
// every node and bidder marked dirty since the last repair: a short group
// or bidder is completed (completeNode, completeBidder), or else all its
// bids are taken back, which breaks no other limit. Nodes go deepest
// first, then bidders in index order, until nothing is left dirty.
func (s *hstate) repair() {
	for len(s.dirtyNodes) > 0 || len(s.dirtyBidders) > 0 {
		if len(s.dirtyNodes) > 0 {
			nodes := s.dirtyNodes
			s.dirtyNodes, s.spareNodes = s.spareNodes[:0], nil
			slices.SortFunc(nodes, func(a, b int32) int { return int(b) - int(a) })
			for _, p := range nodes {
				s.nodeDirty[p] = false
			}
			for _, p := range nodes {
				if s.nodeShort(p) && !s.completeNode(p) {
					s.takeBack(s.nodeLo[p], s.nodeHi[p])
				}
			}
			s.spareNodes = nodes[:0]
			continue
		}
		bidders := s.dirtyBidders
		s.dirtyBidders, s.spareBidders = s.spareBidders[:0], nil
		slices.Sort(bidders)
		for _, b := range bidders {
			s.bidderDirty[b] = false
		}
		for _, b := range bidders {
			if s.bidderShort(b) && !s.completeBidder(b) {
				s.takeBack(s.bidderLo[b], s.bidderHi[b])
			}
		}
		s.spareBidders = bidders[:0]
	}
}
