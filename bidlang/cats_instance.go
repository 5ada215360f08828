package bidlang

import (
	"bytes"
	"math"
	"math/bits"
	"strconv"

	"github.com/gavelhq/gavel/auction"
)

// instance assembles what was read. IDs are cut from one string per kind,
// and the solo bidders' trees share one array of nodes, which keeps a
// file of 100,000 bids to a few allocations.
func (r *catsReader) instance() *auction.Instance {
	in := &auction.Instance{
		Currency: auction.Currency{Code: CATSCurrency, Decimals: r.decimals},
		Items:    make([]auction.Item, r.goods),
		Bids:     make([]auction.Bid, len(r.bids)),
	}
	itemIDs := catsIDs(int(r.goods), func(i int) (byte, uint64) { return 'g', uint64(i) })
	for i := range in.Items {
		in.Items[i] = auction.Item{ID: itemIDs[i], DDU: itemIDs[i], Capacity: 1}
		if r.multi {
			in.Items[i].Capacity = r.maximums[i]
		}
	}

	// One bidder per dummy good used, one per bid without one, in the order
	// of their first bid.
	dummyBidder := make([]int32, r.dummies)
	for k := range dummyBidder {
		dummyBidder[k] = -1
	}
	bidderOf := make([]int32, len(r.bids))
	var firstBid []int // by bidder
	var count []int    // by bidder: its bids
	for i := range r.bids {
		k := int32(len(firstBid))
		if d := r.bids[i].dummy; d >= 0 {
			if dummyBidder[d-r.goods] < 0 {
				dummyBidder[d-r.goods] = k
			} else {
				k = dummyBidder[d-r.goods]
			}
		}
		if int(k) == len(firstBid) {
			firstBid = append(firstBid, i)
			count = append(count, 0)
		}
		bidderOf[i] = k
		count[k]++
	}
	bidIDs := catsIDs(len(r.bids), func(i int) (byte, uint64) { return 'b', r.bids[i].num })
	bidderIDs := catsIDs(len(firstBid), func(k int) (byte, uint64) {
		b := &r.bids[firstBid[k]]
		if b.dummy < 0 {
			return 's', b.num
		}
		return 'd', uint64(b.dummy - r.goods)
	})
	// Every tree is cut from shared arrays: the roots' one child each, the
	// xor groups, and their children.
	in.Bidders = make([]auction.Bidder, len(firstBid))
	roots := make([]auction.Node, len(firstBid))
	var groups []auction.Group
	var members []auction.Node
	for k, i := range firstBid {
		if r.bids[i].dummy >= 0 {
			groups = append(groups, auction.Group{})
			members = append(members, make([]auction.Node, count[k])...)
		}
	}
	members = members[:0]
	g := 0
	for k, i := range firstBid {
		if r.bids[i].dummy < 0 {
			roots[k] = auction.Node{Bid: i}
		} else {
			groups[g] = auction.Group{Kind: auction.Xor, Children: members[len(members) : len(members) : len(members)+count[k]]}
			members = members[:len(members)+count[k]]
			roots[k] = auction.Node{Group: &groups[g]}
			g++
		}
		in.Bidders[k] = auction.Bidder{ID: bidderIDs[k], Tree: auction.Group{Kind: auction.Or, Children: roots[k : k+1 : k+1]}}
	}

	var pow [auction.MaxDecimals + 1]uint64
	pow[0] = 1
	for i := 1; i < len(pow); i++ {
		pow[i] = pow[i-1] * 10
	}
	for i := range r.bids {
		rb := &r.bids[i]
		hi, amount := bits.Mul64(rb.unscaled, pow[r.decimals-rb.scale])
		if hi != 0 || amount > math.MaxInt64 {
			pos, _ := r.bidFieldPos(rb, auction.FieldPrice, 0)
			d := r.errorf(pos, "bid %d: price %s does not fit with the %d decimals other prices of the file need",
				rb.num, catsPriceText(rb), r.decimals)
			d.Err = auction.ErrRange
			r.explainDecimals(d, false)
			continue
		}
		b := &in.Bids[i]
		b.ID = bidIDs[i]
		b.Amount = auction.Money(amount)
		b.Bidder = int(bidderOf[i])
		if rb.end > rb.start {
			b.Bundle = r.demands[rb.start:rb.end:rb.end]
		}
		if rb.dummy >= 0 {
			xor := in.Bidders[b.Bidder].Tree.Children[0].Group
			xor.Children = append(xor.Children, auction.Node{Bid: i})
		}
	}
	return in
}

// catsIDs returns n IDs, each a letter and a decimal number given by id,
// cut from one string.
func catsIDs(n int, id func(i int) (prefix byte, num uint64)) []string {
	buf := make([]byte, 0, n*8)
	ends := make([]int, n)
	for i := 0; i < n; i++ {
		prefix, num := id(i)
		buf = strconv.AppendUint(append(buf, prefix), num, 10)
		ends[i] = len(buf)
	}
	all := string(buf)
	ids := make([]string, n)
	start := 0
	for i, end := range ends {
		ids[i] = all[start:end]
		start = end
	}
	return ids
}

// validate runs the instance's own checks and reports their problems at the
// line and column they came from. Positions are looked up only for the
// problems found, so that a clean file costs nothing more.
func (r *catsReader) validate(in *auction.Instance) {
	probs := in.Problems()
	if len(probs) == 0 {
		return
	}
	p := newPositions()
	p.items = make([]Pos, len(in.Items))
	for i := range p.items {
		p.items[i] = r.goodsPos
		if r.multi {
			p.items[i] = r.maxPos[i]
			p.field(auction.RefItem, i, auction.FieldCapacity, 0, r.maxPos[i])
		}
	}
	p.bids = make([]Pos, len(r.bids))
	for i := range r.bids {
		p.bids[i] = r.bids[i].pos
	}
	p.bidders = make([]Pos, len(in.Bidders))
	for i := len(in.Bids) - 1; i >= 0; i-- {
		p.bidders[in.Bids[i].Bidder] = r.bids[i].pos // the bidder's first bid
	}
	for _, pr := range probs {
		ref := pr.Ref
		switch ref.Kind {
		case auction.RefGroup:
			if ref.Group != nil && ref.Index >= 0 && ref.Index < len(p.bidders) {
				p.groups[ref.Group] = p.bidders[ref.Index]
			}
		case auction.RefBid:
			if ref.Index >= 0 && ref.Index < len(r.bids) && ref.Field != "" {
				if pos, ok := r.bidFieldPos(&r.bids[ref.Index], ref.Field, ref.Sub); ok {
					p.field(auction.RefBid, ref.Index, ref.Field, ref.Sub, pos)
				}
			}
		}
	}
	overflows := r.overflowPrices(probs)
	from := len(r.list)
	p.validate(r.file, in, &r.list)
	r.explainOverflows(overflows, from)
}

// bidFieldPos finds a field of a bid in its line: the price, or the good
// (item) or units (volume) of the sub-th demand of its bundle.
func (r *catsReader) bidFieldPos(b *catsBid, field string, sub int) (Pos, bool) {
	switch field {
	case auction.FieldPrice, auction.FieldRate, auction.FieldItem, auction.FieldVolume:
	default:
		return Pos{}, false
	}
	// Re-read the line of the bid.
	r.lineStart = b.pos.Offset - (b.pos.Col - 1)
	r.line = b.pos.Line
	end := bytes.IndexByte(r.src[r.lineStart:], '\n')
	if end < 0 {
		end = len(r.src) - r.lineStart
	}
	r.text = bytes.TrimRight(r.src[r.lineStart:r.lineStart+end], "\r")
	_, _, next := r.token(b.pos.Col - 1) // number
	_, pcol, next := r.token(next)       // price
	if field == auction.FieldPrice || field == auction.FieldRate {
		return r.at(pcol), true
	}
	k := 0
	for {
		tok, col, n := r.token(next)
		if tok == nil || tok[0] == '#' {
			return Pos{}, false
		}
		good, _ := catsUint(tok)
		pos := r.at(col)
		next = n
		if r.multi {
			_, ucol, n := r.token(next)
			next = n
			if field == auction.FieldVolume {
				pos = r.at(ucol)
			}
		}
		if good >= uint64(r.goods) {
			continue // the dummy good is not in the bundle
		}
		if k == sub {
			return pos, true
		}
		k++
	}
}
