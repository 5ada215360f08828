package bidlang

import (
	"strconv"

	"github.com/gavelhq/gavel/auction"
)

// Reading bidders, bids and bid trees from the JSON tree.

// bidders reads the bidders but not their trees, which refer to bids; it
// returns each bidder's "tree" value (nil when absent), by bidder index.
func (d *jsonDecoder) bidders(v *jsonValue) []*jsonValue {
	elems, ok := d.array(v, "bidders")
	if !ok {
		return nil
	}
	d.bidderIdx = make(map[string]int, len(elems))
	var trees []*jsonValue
	for _, el := range elems {
		f, ok := d.fields(el, "bidder", jsonBidderFields, "id")
		if !ok {
			continue
		}
		i := len(d.in.Bidders)
		var b auction.Bidder
		if idv := f["id"]; idv != nil {
			b.ID = d.defineID(idv, "bidder", d.bidderIdx, d.pos.bidders, auction.RefBidder, i)
		}
		if x := f["name"]; x != nil {
			b.Name, _ = d.str(x, "bidder name")
		}
		if x := f["budget"]; x != nil {
			b.Budget, _ = d.money(x, "budget")
			d.field(auction.RefBidder, i, x, auction.FieldBudget)
		}
		if x := f["min_volume"]; x != nil {
			b.MinVolume, _ = d.integer(x, "min_volume", 64)
			d.field(auction.RefBidder, i, x, auction.FieldMinVolume)
		}
		if x := f["max_volume"]; x != nil {
			b.MaxVolume, _ = d.integer(x, "max_volume", 64)
			d.field(auction.RefBidder, i, x, auction.FieldMaxVolume)
		}
		if x := f["max_items"]; x != nil {
			n, _ := d.integer(x, "max_items", strconv.IntSize)
			b.MaxItems = int(n)
			d.field(auction.RefBidder, i, x, auction.FieldMaxItems)
		}
		d.in.Bidders = append(d.in.Bidders, b)
		d.bidderIDs = append(d.bidderIDs, b.ID)
		d.pos.bidders = append(d.pos.bidders, el.pos)
		trees = append(trees, f["tree"])
	}
	return trees
}

func (d *jsonDecoder) bids(v *jsonValue) {
	elems, ok := d.array(v, "bids")
	if !ok {
		return
	}
	d.bidIndex = make(map[string]int, len(elems))
	d.in.Bids = make([]auction.Bid, 0, len(elems))
	for _, el := range elems {
		f, ok := d.fields(el, "bid", jsonBidFields, "id", "bidder", "bundle")
		if !ok {
			continue
		}
		i := len(d.in.Bids)
		b := auction.Bid{Bidder: -1}
		if idv := f["id"]; idv != nil {
			b.ID = d.defineID(idv, "bid", d.bidIndex, d.pos.bids, auction.RefBid, i)
		}
		var bidderPos Pos
		if x := f["bidder"]; x != nil {
			bidderPos = x.pos
			if id, ok := d.str(x, "bidder reference"); ok {
				if j, ok := d.bidderIdx[id]; ok {
					b.Bidder = j
				} else {
					d.errorf(x.pos, "unknown bidder %q%s", id, jsonDidYouMean(id, d.bidderIDs)).Err = auction.ErrUnknownRef
				}
			}
			d.field(auction.RefBid, i, x, auction.FieldBidder)
		}
		price, rate := f["price"], f["rate"]
		switch {
		case price != nil && rate != nil:
			d.errorf(rate.pos, "a bid has a price or a rate, not both")
		case price != nil:
			b.Amount, _ = d.money(price, "price")
			d.field(auction.RefBid, i, price, auction.FieldPrice)
		case rate != nil:
			b.Amount, _ = d.money(rate, "rate")
			b.PerUnit = true
			d.field(auction.RefBid, i, rate, auction.FieldRate, auction.FieldPrice)
		default:
			d.errorf(el.pos, "bid is missing field \"price\" (or \"rate\")")
		}
		if x := f["bundle"]; x != nil {
			b.Bundle = d.bundle(x, i)
			d.field(auction.RefBid, i, x, auction.FieldBundle)
		}
		if x := f["min_fraction"]; x != nil {
			b.MinFraction, _ = d.ratio(x, "min_fraction")
			d.field(auction.RefBid, i, x, auction.FieldMin)
		}
		d.in.Bids = append(d.in.Bids, b)
		d.bidIDs = append(d.bidIDs, b.ID)
		d.bidBidderPos = append(d.bidBidderPos, bidderPos)
		d.pos.bids = append(d.pos.bids, el.pos)
	}
}

func (d *jsonDecoder) bundle(v *jsonValue, bid int) []auction.Demand {
	elems, ok := d.array(v, "bundle")
	if !ok {
		return nil
	}
	var out []auction.Demand
	for _, el := range elems {
		f, ok := d.fields(el, "demand", jsonDemandFields, "item", "volume")
		if !ok {
			continue
		}
		sub := len(out)
		var dm auction.Demand
		if x := f["item"]; x != nil {
			dm.Item, _ = d.itemRef(x)
			d.pos.field(auction.RefBid, bid, auction.FieldItem, sub, x.pos)
		}
		if x := f["volume"]; x != nil {
			dm.Volume, _ = d.integer(x, "volume", 64)
			d.pos.field(auction.RefBid, bid, auction.FieldVolume, sub, x.pos)
		}
		out = append(out, dm)
	}
	return out
}

// trees builds every bidder's bid tree: the one given, or by default all
// its bids under the root in bid order. It checks that each bid sits in
// exactly one tree, its bidder's.
func (d *jsonDecoder) trees(trees []*jsonValue) {
	byBidder := make([][]int, len(d.in.Bidders))
	for i, b := range d.in.Bids {
		if b.Bidder >= 0 {
			byBidder[b.Bidder] = append(byBidder[b.Bidder], i)
		}
	}
	d.placed = make([]Pos, len(d.in.Bids))
	for i := range d.in.Bidders {
		b := &d.in.Bidders[i]
		tv := trees[i]
		if tv == nil {
			b.Tree = auction.Group{Kind: auction.Or}
			for _, j := range byBidder[i] {
				b.Tree.Children = append(b.Tree.Children, auction.Node{Bid: j})
			}
			d.pos.groups[&b.Tree] = d.pos.bidders[i]
			continue
		}
		if tv.kind != jsonArray {
			d.errorf(tv.pos, "expected an array of bid ids and groups for tree, found %s", jsonDescribe(tv))
			continue
		}
		before := d.nerr
		b.Tree = auction.Group{Kind: auction.Or, Children: d.nodes(tv.elems, i)}
		d.pos.groups[&b.Tree] = tv.pos
		if d.nerr > before {
			continue // a bid in a broken group would be reported missing too
		}
		for _, j := range byBidder[i] {
			if first, ok := d.bidIndex[d.in.Bids[j].ID]; ok && first != j {
				continue // a repeated id, reported as such: no tree can name this bid
			}
			if !d.placed[j].IsValid() {
				diag := d.errorf(d.pos.bids[j], "bid %q of bidder %q is not in the bidder's tree", d.in.Bids[j].ID, b.ID)
				jcRelated(diag, tv.pos, "the tree is here").Err = auction.ErrTreeShape
			}
		}
	}
}

// group reads a group object: {"or": [...]}, {"xor": [...]}, {"all": [...]}
// or {"choose": {"min": a, "max": b, "of": [...]}}.
func (d *jsonDecoder) group(v *jsonValue, bidder int) *auction.Group {
	if len(v.members) != 1 {
		d.errorf(v.pos, "a group object has exactly one key (or, xor, all or choose), found %d", len(v.members))
		return nil
	}
	m := v.members[0]
	g := &auction.Group{}
	switch m.key {
	case "or", "xor", "all":
		g.Kind = auction.Or
		if m.key == "xor" {
			g.Kind = auction.Xor
		} else if m.key == "all" {
			g.Kind = auction.All
		}
		elems, ok := d.array(m.val, "a group's children")
		if !ok {
			return nil
		}
		g.Children = d.nodes(elems, bidder)
	case "choose":
		g.Kind = auction.Choose
		f, ok := d.fields(m.val, "choose group", jsonChooseFields, "min", "max", "of")
		if !ok {
			return nil
		}
		if x := f["min"]; x != nil {
			n, _ := d.integer(x, "choose min", strconv.IntSize)
			g.Min = int(n)
		}
		if x := f["max"]; x != nil {
			n, _ := d.integer(x, "choose max", strconv.IntSize)
			g.Max = int(n)
		}
		if x := f["of"]; x != nil {
			if elems, ok := d.array(x, "choose of"); ok {
				g.Children = d.nodes(elems, bidder)
			}
		}
	default:
		d.errorf(m.keyPos, "unknown group kind %q%s", m.key, jsonDidYouMean(m.key, jsonGroupKeys))
		return nil
	}
	d.pos.groups[g] = v.pos
	return g
}

func (d *jsonDecoder) nodes(elems []*jsonValue, bidder int) []auction.Node {
	var out []auction.Node
	for _, el := range elems {
		switch el.kind {
		case jsonString:
			j, ok := d.bidIndex[el.text]
			if !ok {
				d.errorf(el.pos, "unknown bid %q%s", el.text, jsonDidYouMean(el.text, d.bidIDs)).Err = auction.ErrUnknownRef
				continue
			}
			if owner := d.in.Bids[j].Bidder; owner != bidder {
				if owner >= 0 {
					diag := d.errorf(el.pos, "bid %q belongs to bidder %q, not %q", el.text, d.in.Bidders[owner].ID, d.in.Bidders[bidder].ID)
					jcRelated(diag, d.bidBidderPos[j], "its bidder is set here").Err = auction.ErrTreeShape
				}
				continue
			}
			if first := d.placed[j]; first.IsValid() {
				jcRelated(d.errorf(el.pos, "bid %q appears twice in the tree", el.text), first, "first placed here").Err = auction.ErrTreeShape
				continue
			}
			d.placed[j] = el.pos
			out = append(out, auction.Node{Bid: j})
		case jsonObject:
			if g := d.group(el, bidder); g != nil {
				out = append(out, auction.Node{Group: g})
			}
		default:
			d.errorf(el.pos, "expected a bid id or a group object, found %s", jsonDescribe(el))
		}
	}
	return out
}
