package bidlang

import "github.com/gavelhq/gavel/auction"

// The model's checks run even when the file has errors, so that a repeated
// ID or a bid above capacity is reported next to a syntax error elsewhere.
// But an error leaves the part of the instance being read incomplete (a
// price that did not parse is 0, a bundle lost an unknown item), and the
// checks would then report follow-on problems. So each error taints the
// part being read when it was found, and problems about tainted parts are
// dropped.

// bidsTaint records the parts of the instance that errors touched.
type bidsTaint struct {
	// What is being read: set by the statement readers.
	curItems  int              // first item of the ddu or item statement, or -1
	curSet    int              // set being read, or -1
	curRule   bool             // the rule statement is being read
	curBidder int              // bidder being read, or -1
	curBid    int              // bid being read, or -1
	curGroup  *auction.Group   // innermost group being read, or nil
	open      []*auction.Group // the groups being read, outermost first
	stmtBad   bool             // an error in the current ddu or item statement

	rule    bool // a rule statement
	items   map[int]bool
	sets    map[int]bool
	bidders map[int]bool // its header, limits, or the shape of its tree
	bids    map[int]bool
	groups  map[*auction.Group]int // tainted group → its bidder
	any     bool                   // some error, tainting something or not
}

func (t *bidsTaint) reset() {
	t.curItems, t.curSet, t.curBidder, t.curBid, t.curGroup, t.stmtBad, t.curRule = -1, -1, -1, -1, nil, false, false
}

// taint marks the innermost part being read.
func (t *bidsTaint) taint() {
	t.any = true
	switch {
	case t.curBid >= 0:
		bidsMark(&t.bids, t.curBid)
	case t.curGroup != nil:
		if t.groups == nil {
			t.groups = map[*auction.Group]int{}
		}
		t.groups[t.curGroup] = t.curBidder
	case t.curBidder >= 0:
		bidsMark(&t.bidders, t.curBidder)
	case t.curSet >= 0:
		bidsMark(&t.sets, t.curSet)
	case t.curItems >= 0:
		t.stmtBad = true
	case t.curRule:
		t.rule = true
	}
}

// taintOpen marks the groups being read and their bidder: a group left
// open changes the shape of all of them.
func (t *bidsTaint) taintOpen(b int) {
	t.any = true
	bidsMark(&t.bidders, b)
	if t.groups == nil {
		t.groups = map[*auction.Group]int{}
	}
	for _, g := range t.open {
		t.groups[g] = b
	}
}

func bidsMark(m *map[int]bool, i int) {
	if *m == nil {
		*m = map[int]bool{}
	}
	(*m)[i] = true
}

// endItems ends a ddu or item statement that declared items from
// t.curItems to n (excluded).
func (t *bidsTaint) endItems(n int) {
	if t.stmtBad {
		for i := t.curItems; i < n; i++ {
			bidsMark(&t.items, i)
		}
	}
	t.reset()
}

// tainted reports whether a problem about r may be a consequence of an
// error, and must not be reported.
func (p *bidsParser) tainted(r auction.Ref) bool {
	t := &p.taint
	if !t.any {
		return false
	}
	switch r.Kind {
	case auction.RefItem:
		return t.items[r.Index]
	case auction.RefBid:
		return t.bids[r.Index]
	case auction.RefBidder:
		return p.bidderTainted(r.Index)
	case auction.RefGroup:
		if r.Index >= 0 && r.Index < len(p.in.Bidders) && r.Group == &p.in.Bidders[r.Index].Tree {
			return p.bidderTainted(r.Index)
		}
		_, bad := t.groups[r.Group]
		return bad || r.Group == nil
	case auction.RefRule:
		return t.rule
	case auction.RefInstance:
		if r.Field == auction.FieldSet || r.Field == auction.FieldSetItem {
			return t.sets[r.Index]
		}
	}
	return true // about the whole instance, which an error may have cut short
}

// bidderTainted reports whether an error touched a bidder, one of its bids
// or one of its groups: what is said about the bidder as a whole (its
// min-volume cannot be reached, it has no bids) depends on all of them.
func (p *bidsParser) bidderTainted(b int) bool {
	t := &p.taint
	if t.bidders[b] {
		return true
	}
	for i := range t.bids {
		if i < len(p.in.Bids) && p.in.Bids[i].Bidder == b {
			return true
		}
	}
	for _, owner := range t.groups {
		if owner == b {
			return true
		}
	}
	return false
}
