package bidlang

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gavelhq/gavel/auction"
)

// WriteCATS writes in as a CATS file (see cats.md): goods numbered by item
// index, one line per bid, each xor group of bids (at the top of a bidder's
// tree, or inside or groups there) sharing one dummy good, and the other
// bids without one. The single-unit layout is used when every capacity and
// volume is 1, else the multi-unit layout with a maximums line. A per-unit
// (rate) bid is written with its total value. The file opens with a
// "% written by gavel" comment.
//
// CATS cannot express divisible bids, budgets, volume and item limits,
// choose and all groups, nested xor groups, reserve prices, the max-share
// and min-winners rules (nor the regions the latter counts in), nor negative
// prices or non-positive volumes. WriteCATS writes
// nothing for such an instance and returns an *UnrepresentableError naming
// every such feature (errors.Is(err, ErrNotRepresentable)). Names (of the
// instance, items, bidders) and sets have no place in CATS and are dropped,
// the item names kept in comments.
//
// For any file f that ReadCATS reads, ReadCATS(WriteCATS(ReadCATS(f)))
// equals ReadCATS(f): bid numbers ("b17") and dummy numbers ("d3") are kept.
func WriteCATS(w io.Writer, in *auction.Instance) error {
	if in == nil {
		return errors.New("bidlang: WriteCATS: nil instance")
	}
	plan, err := catsMakePlan(in)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	plan.write(bw, in)
	return bw.Flush()
}

// catsPlan is how an instance maps onto a CATS file.
type catsPlan struct {
	multi    bool
	decimals int
	group    []int    // by bid: its xor group, or -1
	dummy    []int64  // by xor group: its dummy number k (good N+k)
	dummies  int64    // dummy goods declared: max k + 1
	nums     []uint64 // by bid: its number in the file
	values   []auction.Money
	itemMap  bool // item IDs are not g0, g1, ...: list them in comments
}

func catsMakePlan(in *auction.Instance) (*catsPlan, error) {
	var feats featureSet
	var malformed []string
	bad := func(format string, args ...any) { malformed = append(malformed, fmt.Sprintf(format, args...)) }

	p := &catsPlan{decimals: in.CurrencyOrDefault().Decimals}
	if p.decimals < 0 || p.decimals > auction.MaxDecimals {
		bad("currency decimals %d out of range 0..%d", p.decimals, auction.MaxDecimals)
	}
	if in.Rules.MaxShare.IsSet() {
		feats.add("the max-share rule", "max-share "+in.Rules.MaxShare.String())
	}
	if k := in.Rules.MinWinners; k != 0 {
		// CATS has no regions to count winners in, nor rules.
		feats.add("the min-winners rule", "min-winners "+strconv.Itoa(k))
	}
	for i, it := range in.Items {
		if it.Capacity != 1 {
			p.multi = true
		}
		if it.Capacity <= 0 {
			feats.add("capacities below 1", fmt.Sprintf("item %q", it.ID))
		}
		if it.Reserve != 0 {
			feats.add("reserve prices", fmt.Sprintf("item %q", it.ID))
		}
		if it.ID != "g"+strconv.Itoa(i) {
			p.itemMap = true
		}
	}

	if len(in.Items) > catsMaxGoods {
		// ReadCATS would refuse the file: no round trip.
		feats.add(fmt.Sprintf("more than %d goods", catsMaxGoods), fmt.Sprintf("%d items", len(in.Items)))
	}

	// Place every bid: in an xor group (a dummy good) or on its own.
	p.group = make([]int, len(in.Bids))
	owner := make([]int, len(in.Bids))
	for i := range owner {
		owner[i] = -1
	}
	var groupBidder []int // by xor group: its bidder
	place := func(bidder, bid, group int) {
		switch {
		case bid < 0 || bid >= len(in.Bids):
			bad("bidder %q: its tree names bid %d, which does not exist", in.Bidders[bidder].ID, bid)
		case owner[bid] >= 0:
			bad("bid %q is in two places of the bid trees", in.Bids[bid].ID)
		case in.Bids[bid].Bidder != bidder:
			bad("bid %q is in the tree of bidder %q, not its own", in.Bids[bid].ID, in.Bidders[bidder].ID)
		default:
			owner[bid] = bidder
			p.group[bid] = group
		}
	}
	// skip places the bids of a group that cannot be written, so that
	// they are not also reported as missing from the trees.
	var skip func(bidder int, g *auction.Group)
	skip = func(bidder int, g *auction.Group) {
		for _, n := range g.Children {
			if n.Group != nil {
				skip(bidder, n.Group)
			} else {
				place(bidder, n.Bid, -1)
			}
		}
	}
	var walkXor func(bidder int, g *auction.Group)
	walkXor = func(bidder int, g *auction.Group) {
		id := len(groupBidder)
		groupBidder = append(groupBidder, bidder)
		for _, n := range g.Children {
			if n.Group != nil {
				feats.add("groups nested in an xor group", fmt.Sprintf("bidder %q", in.Bidders[bidder].ID))
				skip(bidder, n.Group)
				continue
			}
			place(bidder, n.Bid, id)
		}
	}
	var walkOr func(bidder int, g *auction.Group)
	walkOr = func(bidder int, g *auction.Group) {
		for _, n := range g.Children {
			if n.Group == nil {
				place(bidder, n.Bid, -1)
				continue
			}
			switch n.Group.Kind {
			case auction.Or:
				walkOr(bidder, n.Group) // an or inside an or is the same or
			case auction.Xor:
				walkXor(bidder, n.Group)
			default:
				feats.add(n.Group.Kind.String()+" groups", fmt.Sprintf("bidder %q", in.Bidders[bidder].ID))
				skip(bidder, n.Group)
			}
		}
	}
	for i := range in.Bidders {
		b := &in.Bidders[i]
		for _, lim := range [...]struct {
			set  bool
			name string
		}{{b.Budget != 0, "budgets"}, {b.MinVolume != 0, "min-volume limits"}, {b.MaxVolume != 0, "max-volume limits"}, {b.MaxItems != 0, "max-items limits"}} {
			if lim.set {
				feats.add(lim.name, fmt.Sprintf("bidder %q", b.ID))
			}
		}
		switch b.Tree.Kind {
		case auction.Or:
			walkOr(i, &b.Tree)
		case auction.Xor:
			walkXor(i, &b.Tree)
		default:
			feats.add(b.Tree.Kind.String()+" groups", fmt.Sprintf("bidder %q", b.ID))
			skip(i, &b.Tree)
		}
	}
	for i := range in.Bids {
		if owner[i] < 0 {
			bad("bid %q is in no bid tree", in.Bids[i].ID)
		}
	}

	p.values = make([]auction.Money, len(in.Bids))
	mark := make([]int, len(in.Items)) // == bid+1 when the item is in the bid's bundle
	for i := range in.Bids {
		b := &in.Bids[i]
		if b.MinFraction.IsSet() && b.MinFraction != (auction.Ratio{Num: 1, Den: 1}) {
			feats.add("divisible bids", fmt.Sprintf("bid %q", b.ID))
		}
		for _, d := range b.Bundle {
			switch {
			case d.Item < 0 || d.Item >= len(in.Items):
				bad("bid %q names item %d, which does not exist", b.ID, d.Item)
				continue
			case mark[d.Item] == i+1:
				feats.add("an item twice in one bundle", fmt.Sprintf("bid %q", b.ID))
			case d.Volume <= 0:
				feats.add("volumes below 1", fmt.Sprintf("bid %q", b.ID))
			}
			mark[d.Item] = i + 1
			if d.Volume != 1 {
				p.multi = true
			}
		}
		v, ok := b.Value()
		switch {
		case !ok:
			bad("bid %q: its value overflows", b.ID)
		case v < 0:
			feats.add("negative prices", fmt.Sprintf("bid %q", b.ID))
		}
		p.values[i] = v
	}
	if len(malformed) > 0 {
		return nil, fmt.Errorf("bidlang: WriteCATS: malformed instance: %s: %w", strings.Join(malformed, "; "), auction.ErrTreeShape)
	}
	if err := feats.err(FormatCATS); err != nil {
		return nil, err
	}
	if len(groupBidder) > catsMaxGoods {
		feats.add(fmt.Sprintf("more than %d xor groups (dummy goods)", catsMaxGoods), fmt.Sprintf("%d groups", len(groupBidder)))
		if err := feats.err(FormatCATS); err != nil {
			return nil, err
		}
	}
	p.numberDummies(in, groupBidder)
	p.numberBids(in)
	return p, nil
}

// numberDummies gives each xor group its dummy number: k for the only
// group of a bidder named "d<k>" (as ReadCATS names them), else the
// smallest number still free.
func (p *catsPlan) numberDummies(in *auction.Instance, groupBidder []int) {
	perBidder := make(map[int]int)
	for _, b := range groupBidder {
		perBidder[b]++
	}
	p.dummy = make([]int64, len(groupBidder))
	taken := make(map[int64]bool)
	for g, b := range groupBidder {
		p.dummy[g] = -1
		if k, ok := catsNumberedID(in.Bidders[b].ID, 'd'); ok && perBidder[b] == 1 && k < catsMaxGoods && !taken[int64(k)] {
			p.dummy[g] = int64(k)
			taken[int64(k)] = true
		}
	}
	var free int64
	for g := range p.dummy {
		if p.dummy[g] >= 0 {
			continue
		}
		for taken[free] {
			free++
		}
		p.dummy[g] = free
		taken[free] = true
	}
	for _, k := range p.dummy {
		p.dummies = max(p.dummies, k+1)
	}
}

// numberBids numbers the bids n when every bid is named "b<n>" (as
// ReadCATS names them), else 0, 1, 2, ... in order.
func (p *catsPlan) numberBids(in *auction.Instance) {
	p.nums = make([]uint64, len(in.Bids))
	seen := make(map[uint64]bool, len(in.Bids))
	for i := range in.Bids {
		n, ok := catsNumberedID(in.Bids[i].ID, 'b')
		if !ok || seen[n] {
			for j := range p.nums {
				p.nums[j] = uint64(j)
			}
			return
		}
		seen[n] = true
		p.nums[i] = n
	}
}

// catsNumberedID parses an ID of the form prefix followed by a decimal
// number without leading zeros, such as "b17".
func catsNumberedID(id string, prefix byte) (uint64, bool) {
	if len(id) < 2 || id[0] != prefix || (id[1] == '0' && len(id) > 2) {
		return 0, false
	}
	return catsUint([]byte(id[1:]))
}

func (p *catsPlan) write(w *bufio.Writer, in *auction.Instance) {
	w.WriteString("% written by gavel\n")
	if in.Name != "" {
		w.WriteString("% name: " + strings.NewReplacer("\r", " ", "\n", " ").Replace(in.Name) + "\n")
	}
	if p.itemMap {
		for i, it := range in.Items {
			fmt.Fprintf(w, "%% good %d is item %s\n", i, strconv.QuoteToGraphic(it.ID))
		}
	}
	n := int64(len(in.Items))
	fmt.Fprintf(w, "\ngoods %d\nbids %d\ndummy %d\n", n, len(in.Bids), p.dummies)
	if p.multi {
		w.WriteString("maximums")
		for _, it := range in.Items {
			w.WriteByte('\t')
			w.WriteString(strconv.FormatInt(it.Capacity, 10))
		}
		w.WriteByte('\n')
	}
	w.WriteByte('\n')
	line := make([]byte, 0, 256)
	for i := range in.Bids {
		b := &in.Bids[i]
		line = strconv.AppendUint(line[:0], p.nums[i], 10)
		line = append(line, '\t')
		line = catsAppendMoney(line, p.values[i], p.decimals)
		line = append(line, '\t')
		for _, d := range b.Bundle {
			line = strconv.AppendInt(line, int64(d.Item), 10)
			line = append(line, '\t')
			if p.multi {
				line = strconv.AppendInt(line, d.Volume, 10)
				line = append(line, '\t')
			}
		}
		if g := p.group[i]; g >= 0 {
			line = strconv.AppendInt(line, n+p.dummy[g], 10)
			line = append(line, '\t')
			if p.multi {
				line = append(line, '1', '\t')
			}
		}
		line = append(line, '#', '\n')
		w.Write(line)
	}
}

// catsAppendMoney appends a non-negative amount as a decimal without
// trailing fractional zeros, as Money.FormatShort writes it.
func catsAppendMoney(dst []byte, m auction.Money, decimals int) []byte {
	start := len(dst)
	dst = strconv.AppendInt(dst, int64(m), 10)
	if decimals == 0 {
		return dst
	}
	for len(dst)-start <= decimals { // at least one digit before the point
		dst = append(dst, 0)
		copy(dst[start+1:], dst[start:])
		dst[start] = '0'
	}
	point := len(dst) - decimals
	end := len(dst)
	for end > point && dst[end-1] == '0' {
		end--
	}
	if end == point {
		return dst[:point]
	}
	dst = append(dst[:end], 0)
	copy(dst[point+1:], dst[point:end])
	dst[point] = '.'
	return dst
}
