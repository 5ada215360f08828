package auction

import "slices"

// trees checks that every bid is in exactly one place, in its own bidder's
// tree, and that every group is well formed.
func (v *validator) trees() {
	in := v.in
	// Room for every root and the groups right under it: all the groups of
	// the usual shallow trees.
	groups := len(in.Bidders)
	for b := range in.Bidders {
		for _, ch := range in.Bidders[b].Tree.Children {
			if ch.Group != nil {
				groups++
			}
		}
	}
	t := treeWalk{
		v:     v,
		owner: make([]int, len(in.Bids)),
		seen:  make(map[*Group]struct{}, groups),
	}
	for i := range t.owner {
		t.owner[i] = -1
	}
	v.treeOK = make([]bool, len(in.Bidders))
	for b := range in.Bidders {
		root := &in.Bidders[b].Tree
		before := v.nerr
		if len(root.Children) == 0 {
			v.warnf(ErrEmpty, Ref{Kind: RefBidder, Index: b}, "%s has no bids", in.bidderName(b))
		}
		if root.Kind != Or {
			v.errorf(ErrTreeShape, Ref{Kind: RefGroup, Index: b, Field: FieldKind, Group: root},
				"%s: the root of the bid tree must be an or group, not %s; nest the bids in a group instead", in.bidderName(b), kindText(root.Kind))
		}
		t.group(b, root, 0)
		v.treeOK[b] = v.nerr == before
	}
	for i, o := range t.owner {
		if o < 0 {
			bid := &in.Bids[i]
			whose := "its bidder"
			if bid.Bidder >= 0 && bid.Bidder < len(in.Bidders) {
				whose = in.bidderName(bid.Bidder)
				v.treeOK[bid.Bidder] = false
			}
			v.errorf(ErrTreeShape, Ref{Kind: RefBid, Index: i, Field: FieldBidder},
				"%s is in no bid tree: the tree of %s must hold it", in.bidName(i), whose)
		}
	}
}

type treeWalk struct {
	v     *validator
	owner []int // by bid: the bidder whose tree holds it, or -1
	seen  map[*Group]struct{}
}

func (t *treeWalk) group(b int, g *Group, depth int) {
	v, in := t.v, t.v.in
	ref := func(field string, sub int) Ref {
		return Ref{Kind: RefGroup, Index: b, Field: field, Sub: sub, Group: g}
	}
	if _, twice := t.seen[g]; twice {
		v.errorf(ErrTreeShape, ref("", 0), "%s: %s appears twice in the bid trees", in.bidderName(b), in.groupName(g))
		return
	}
	t.seen[g] = struct{}{}
	if depth > MaxTreeDepth {
		v.errorf(ErrTreeShape, ref("", 0), "%s: groups nest more than %d deep", in.bidderName(b), MaxTreeDepth)
		t.claim(b, g) // so that its bids are not also reported as in no tree
		return
	}
	n := len(g.Children)
	if depth > 0 && n == 0 {
		v.errorf(ErrEmpty, ref("", 0), "%s: %s %s group is empty", in.bidderName(b), article(g.Kind), g.Kind)
	}
	switch {
	case g.Kind > All:
		v.errorf(ErrTreeShape, ref(FieldKind, 0), "%s: group kind %d is not or, xor, choose or all", in.bidderName(b), g.Kind)
	case g.Kind == Choose:
		switch {
		case g.Min < 0:
			v.errorf(ErrBounds, ref(FieldMin, 0), "%s: %s: min %d must not be negative", in.bidderName(b), in.groupName(g), g.Min)
		case g.Max < 1:
			v.errorf(ErrBounds, ref(FieldMax, 0), "%s: %s: max %d must be at least 1", in.bidderName(b), in.groupName(g), g.Max)
		case g.Min > g.Max:
			v.errorf(ErrBounds, ref(FieldMin, 0), "%s: %s: min %d is above max %d", in.bidderName(b), in.groupName(g), g.Min, g.Max)
		case g.Min > n && n > 0: // an empty group is reported as such
			v.errorf(ErrBounds, ref(FieldMin, 0), "%s: %s: min %d is above its %d children", in.bidderName(b), in.groupName(g), g.Min, n)
		case g.Max > n && n > 0:
			v.warnf(ErrBounds, ref(FieldMax, 0), "%s: %s: max %d is above its %d children", in.bidderName(b), in.groupName(g), g.Max, n)
		}
	case g.Min != 0 || g.Max != 0:
		v.warnf(ErrBounds, ref(FieldMin, 0), "%s: %s: min and max (%d..%d) apply to choose groups only and are ignored",
			in.bidderName(b), in.groupName(g), g.Min, g.Max)
	}
	for k, ch := range g.Children {
		if ch.Group != nil {
			if ch.Bid != 0 {
				v.errorf(ErrTreeShape, ref(FieldChild, k), "%s: child %d of %s holds both bid index %d and a group; a group node leaves Bid at 0",
					in.bidderName(b), k+1, in.groupName(g), ch.Bid)
			}
			t.group(b, ch.Group, depth+1)
			continue
		}
		switch {
		case ch.Bid < 0:
			v.errorf(ErrTreeShape, ref(FieldChild, k), "%s: child %d of %s names neither a bid nor a group", in.bidderName(b), k+1, in.groupName(g))
		case ch.Bid >= len(in.Bids):
			v.errorf(ErrUnknownRef, ref(FieldChild, k), "%s: child %d of %s: bid index %d names no bid (there are %d)",
				in.bidderName(b), k+1, in.groupName(g), ch.Bid, len(in.Bids))
		case t.owner[ch.Bid] >= 0:
			v.errorf(ErrTreeShape, ref(FieldChild, k), "%s: %s appears twice in the bid trees (also under %s)",
				in.bidderName(b), in.bidName(ch.Bid), in.bidderName(t.owner[ch.Bid]))
		default:
			t.owner[ch.Bid] = b
			if owner := in.Bids[ch.Bid].Bidder; owner != b {
				v.errorf(ErrTreeShape, ref(FieldChild, k), "%s: %s belongs to %s but is in this bidder's tree",
					in.bidderName(b), in.bidName(ch.Bid), in.bidderName(owner))
			}
		}
	}
}

// claim records bidder b as the owner of the bids below g, a group too
// deep to check, without checking them. It walks with its own stack, since
// the depth is what is wrong.
func (t *treeWalk) claim(b int, g *Group) {
	stack := []*Group{g}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, ch := range g.Children {
			switch {
			case ch.Group != nil:
				if _, twice := t.seen[ch.Group]; !twice {
					t.seen[ch.Group] = struct{}{}
					stack = append(stack, ch.Group)
				}
			case ch.Bid >= 0 && ch.Bid < len(t.owner) && t.owner[ch.Bid] < 0:
				t.owner[ch.Bid] = b
			}
		}
	}
}

// article is "a" or "an", as the name of kind k needs ("an xor group").
func article(k GroupKind) string {
	if k == Or || k == Xor || k == All {
		return "an"
	}
	return "a"
}

// reachability warns about min-volumes no combination of bids can reach.
// It looks at well-formed trees of usable bids only.
func (v *validator) reachability() {
	in := v.in
	if !v.sumsOK {
		return
	}
	if !slices.ContainsFunc(in.Bidders, func(bd Bidder) bool { return bd.MinVolume > 0 }) {
		return
	}
	look := func(b int) bool {
		bd := &in.Bidders[b]
		return bd.MinVolume > 0 && v.treeOK[b] && (bd.MaxVolume <= 0 || bd.MinVolume <= bd.MaxVolume)
	}
	// The usable bids of the bidders looked at, laid out flat: those of
	// bidder b are bids[start[b]:start[b+1]].
	start := make([]int, len(in.Bidders)+1)
	usable := func(i int) (int, bool) {
		b := in.Bids[i].Bidder
		return b, v.valueOK[i] && b >= 0 && b < len(in.Bidders) && look(b)
	}
	for i := range in.Bids {
		if b, ok := usable(i); ok {
			start[b+1]++
		}
	}
	for b := range in.Bidders {
		start[b+1] += start[b]
	}
	bids := make([]int, start[len(in.Bidders)])
	next := slices.Clone(start[:len(in.Bidders)])
	for i := range in.Bids {
		if b, ok := usable(i); ok {
			bids[next[b]] = i
			next[b]++
		}
	}

	// demand is by item, valid where mark is the current stamp; touched
	// lists those items.
	demand := make([]int64, len(in.Items))
	var touched []int
	ms := in.Rules.MaxShare
	for b := range in.Bidders {
		bd := &in.Bidders[b]
		if !look(b) {
			continue
		}
		reach, ok := v.treeVolume(&bd.Tree)
		if !ok {
			continue
		}
		// Per item, no more than its capacity (and max-share limit) can be won.
		v.newStamp()
		touched = touched[:0]
		for _, i := range bids[start[b]:start[b+1]] {
			for _, d := range in.Bids[i].Bundle {
				if v.mark[d.Item] != v.stamp {
					v.mark[d.Item], demand[d.Item] = v.stamp, 0
					touched = append(touched, d.Item)
				}
				demand[d.Item] += d.Volume
			}
		}
		var perItem int64
		for _, it := range touched {
			c := in.Items[it].Capacity
			if validUnitRatio(ms) {
				c = shareLimit(ms, c)
			}
			perItem += min(demand[it], c)
		}
		reach = min(reach, perItem)
		if reach < bd.MinVolume {
			v.warnf(ErrUnsatisfiable, Ref{Kind: RefBidder, Index: b, Field: FieldMinVolume},
				"%s: min-volume %d is more than its bids can win (at most %d): the bidder can never win",
				in.bidderName(b), bd.MinVolume, reach)
		}
	}
}

// treeVolume is an upper bound on the volume a well-formed group can win.
// ok is false when a bid in it is unusable. It keeps the volumes of the
// children on the scratch stack v.vols, which it leaves as it found it.
func (v *validator) treeVolume(g *Group) (int64, bool) {
	in := v.in
	base := len(v.vols)
	for _, ch := range g.Children {
		var x int64
		if ch.Group != nil {
			var ok bool
			if x, ok = v.treeVolume(ch.Group); !ok {
				v.vols = v.vols[:base]
				return 0, false
			}
		} else {
			if !v.valueOK[ch.Bid] {
				v.vols = v.vols[:base]
				return 0, false
			}
			x, _ = bundleVolume(in.Bids[ch.Bid].Bundle)
		}
		v.vols = append(v.vols, x)
	}
	vols := v.vols[base:]
	take := len(vols)
	switch g.Kind {
	case Xor:
		take = min(take, 1)
	case Choose:
		take = min(take, g.Max)
	}
	if take < len(vols) {
		slices.Sort(vols)
	}
	var sum int64
	for _, x := range vols[len(vols)-take:] {
		sum += x // no overflow: all bids' volumes sum within int64
	}
	v.vols = v.vols[:base]
	return sum, true
}
