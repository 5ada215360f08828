package mechanism

import (
	"cmp"
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver"
)

// perItemNodeLimit caps the search of each bidder's own problem in
// AllocatePerItem when the options set no node limit.
const perItemNodeLimit = 100000

// Piece is the part of one bid on one item that the per-item rule sells on
// its own.
type Piece struct {
	Bid    int   // index in Instance.Bids
	Item   int   // index in Instance.Items
	Volume int64 // units bought: the bid's whole volume on the item, or less for a divisible bid
	// Payment is the bid's value pro rata by volume, in minor units: the
	// pieces of a bid that sold u units in all pay floor(value × u / total
	// volume) together (each piece the increase of that amount, in item
	// order), so a bid whose pieces all sell pays exactly its value.
	Payment auction.Money
}

// PerItemOutcome is what the per-item rule does: the pieces it sells,
// what each bidder pays for them, and what each bidder can make of them.
//
// Outcome.Allocation is the award the bidders can use: for each bidder,
// the best award of its own bids within the units it bought (its bid tree
// and limits apply). It passes Instance.Check. Bids whose pieces were only
// partly bought are not in it, unless other units of the same bidder
// complete them.
type PerItemOutcome struct {
	Outcome
	Pieces []Piece // every piece sold, by item, then in the order sold
	// By bidder index:
	Paid     []auction.Money // Σ payments of its pieces
	Value    []auction.Money // pay-as-bid value of its awards in Outcome.Allocation: what it can use
	Exposure []auction.Money // Paid − Value: positive when it pays for units it cannot use

	currency auction.Currency // the market's, for notes
}

// Payments returns what the bidders pay under per-item pay-as-bid: each
// pays for the pieces it bought, usable or not. Exact is true.
func (p PerItemOutcome) Payments() Payments {
	pay := Payments{Rule: PaymentPayAsBid, ByBidder: slices.Clone(p.Paid), Exact: true}
	for _, m := range p.Paid {
		pay.Total += m
	}
	n, loss := p.Exposed()
	verb := "pay"
	if n == 1 {
		verb = "pays"
	}
	pay.Notes = append(pay.Notes, fmt.Sprintf("per-item: each bidder pays pro rata for the pieces it bought, usable or not; %s %s %s more than the value they can use", countBidders(n), verb, money(p.currency, float64(loss))))
	return pay
}

// Exposed returns how many bidders have a positive exposure and the sum of
// those exposures, in minor units.
func (p PerItemOutcome) Exposed() (bidders int, loss auction.Money) {
	for _, e := range p.Exposure {
		if e > 0 {
			bidders++
			loss += e
		}
	}
	return bidders, loss
}

// AllocatePerItem runs the per-item rule: every item is sold on its own,
// as if bundles did not exist, which is what simultaneous independent
// auctions do and what exposes bidders to winning part of a bundle.
//
// Each bid of positive value is split into one piece per item of its
// bundle, valued pro rata by volume: every piece of a bid has the bid's
// per-unit price, value / total volume. On each item, pieces are served in
// decreasing per-unit price (compared exactly; ties to the lower bid
// index) while capacity lasts: a piece of an all-or-nothing bid whole if
// it fits, a piece of a divisible bid as much as fits if that is at least
// its min fraction of the piece. The item-level rules hold: a piece whose
// per-unit price is below the item's reserve is not served, and no bidder
// buys more than the max-share limit of an item. The rules that span items
// (bundles, bid trees, budgets, min-volume, max-volume, max-items) are not
// seen by the item auctions. A piece pays its value for the units bought
// (pay-as-bid), rounded down to a minor unit over the bid's pieces (see
// Piece.Payment).
//
// What a bidder gets is then valued by its own bids: the best award of its
// bids within the units it bought, its bid tree and limits applying
// (an all-or-nothing bundle only partly bought is worth 0). That award is
// found by the exact solver on an instance in which every bidder has its
// own copy of the items, with the capacity it bought (opts apply, with a
// node limit of 100,000 per component when opts sets none; a limit leaves a
// good award, not a proven best, and the exposure is then an upper bound).
// Exposure = paid − value.
func AllocatePerItem(ctx context.Context, in *auction.Instance, opts solver.Options) (PerItemOutcome, error) {
	start := time.Now()
	if err := allocPrecheck(in, RulePerItem, opts); err != nil {
		return PerItemOutcome{}, err
	}
	if in.Rules.MinWinners > 0 {
		return PerItemOutcome{}, fmt.Errorf("%w: per-item sells every item on its own and cannot honour min-winners", ErrUnsupported)
	}
	pieces := perItemSell(in)
	bought := map[[2]int]int64{} // (bidder, item) → units
	out := PerItemOutcome{
		Pieces: pieces, currency: in.CurrencyOrDefault(),
		Paid: make([]auction.Money, len(in.Bidders)), Value: make([]auction.Money, len(in.Bidders)),
		Exposure: make([]auction.Money, len(in.Bidders)),
	}
	for _, pc := range pieces {
		b := in.Bids[pc.Bid].Bidder
		out.Paid[b] += pc.Payment
		bought[[2]int{b, pc.Item}] += pc.Volume
	}
	own := perItemOwnInstance(in, bought)
	sopts := opts
	sopts.Progress = nil
	if sopts.NodeLimit == 0 {
		sopts.NodeLimit = perItemNodeLimit
	}
	res, err := solver.Solve(ctx, own, sopts)
	if err != nil {
		return PerItemOutcome{}, fmt.Errorf("mechanism: per-item: valuing what the bidders bought: %w", err)
	}
	if err := in.Check(res.Allocation).Err(); err != nil {
		return PerItemOutcome{}, fmt.Errorf("mechanism: the per-item allocation fails the certificate (a bug; please report it): %w", err)
	}
	out.Outcome = Outcome{Rule: RulePerItem, Allocation: res.Allocation, Objective: allocValue(in, res.Allocation)}
	out.Value = in.BidderPayments(res.Allocation)
	for b := range out.Exposure {
		out.Exposure[b] = out.Paid[b] - out.Value[b]
	}
	out.Elapsed = time.Since(start)
	return out, nil
}

// perItemSell runs the item auctions (see AllocatePerItem) and returns the
// pieces sold.
func perItemSell(in *auction.Instance) []Piece {
	value := make([]uint64, len(in.Bids))
	tvol := make([]uint64, len(in.Bids))
	byItem := make([][]int, len(in.Items)) // bids demanding each item, with a positive value
	for i := range in.Bids {
		b := &in.Bids[i]
		v, ok := b.Value()
		if !ok || v <= 0 {
			continue
		}
		value[i], tvol[i] = uint64(v), uint64(b.TotalVolume())
		for _, d := range b.Bundle {
			byItem[d.Item] = append(byItem[d.Item], i)
		}
	}
	sold := make([]int64, len(in.Bids))     // units sold to each bid so far
	taken := make([]int64, len(in.Bidders)) // on the current item
	var touched []int
	var pieces []Piece
	for it := range in.Items {
		item := &in.Items[it]
		bids := byItem[it]
		// Decreasing per-unit price value/tvol: a before b when
		// value_a × tvol_b > value_b × tvol_a, in 128 bits.
		slices.SortStableFunc(bids, func(a, b int) int {
			if c := cmp128(value[b], tvol[a], value[a], tvol[b]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		left := item.Capacity
		limit := item.Capacity
		if in.Rules.MaxShare.IsSet() {
			limit = min(limit, in.Rules.MaxShare.FloorMul(item.Capacity))
		}
		for _, i := range bids {
			if left == 0 {
				break
			}
			b := &in.Bids[i]
			// value / tvol ≥ reserve ⇔ value ≥ reserve × tvol.
			if item.Reserve > 0 && cmp128(value[i], 1, uint64(item.Reserve), tvol[i]) < 0 {
				continue
			}
			v := perItemVolume(b, it)
			room := min(left, limit-taken[b.Bidder])
			t := int64(0)
			switch {
			case !b.Divisible():
				if v <= room {
					t = v
				}
			default:
				t = min(v, room)
				// t / v ≥ Num / Den ⇔ t × Den ≥ Num × v.
				if t > 0 && cmp128(uint64(t), uint64(b.MinFraction.Den), uint64(b.MinFraction.Num), uint64(v)) < 0 {
					t = 0
				}
			}
			if t <= 0 {
				continue
			}
			if taken[b.Bidder] == 0 {
				touched = append(touched, b.Bidder)
			}
			taken[b.Bidder] += t
			left -= t
			before := perItemCharge(value[i], uint64(sold[i]), tvol[i])
			sold[i] += t
			pay := perItemCharge(value[i], uint64(sold[i]), tvol[i]) - before
			pieces = append(pieces, Piece{Bid: i, Item: it, Volume: t, Payment: pay})
		}
		for _, b := range touched {
			taken[b] = 0
		}
		touched = touched[:0]
	}
	return pieces
}

// perItemCharge is floor(value × units / tvol), what a bid pays for units
// of its bundle in all. It fits in 64 bits: units ≤ tvol, so the high word
// of the product is below tvol, as bits.Div64 needs.
func perItemCharge(value, units, tvol uint64) auction.Money {
	hi, lo := bits.Mul64(value, units)
	q, _ := bits.Div64(hi, lo, tvol)
	return auction.Money(q)
}

// perItemVolume is a bid's volume on an item (0 when it has none).
func perItemVolume(b *auction.Bid, item int) int64 {
	for _, d := range b.Bundle {
		if d.Item == item {
			return d.Volume
		}
	}
	return 0
}

// cmp128 compares a×b with c×d, unsigned, exactly.
func cmp128(a, b, c, d uint64) int {
	h1, l1 := bits.Mul64(a, b)
	h2, l2 := bits.Mul64(c, d)
	if h1 != h2 {
		return cmp.Compare(h1, h2)
	}
	return cmp.Compare(l1, l2)
}

// perItemOwnInstance returns the instance in which each bidder uses only
// the units it bought: it has the bids, bidders and bid trees of in, at the
// same indices, but every (bidder, item) pair with units bought is an item
// of its own with that capacity and the original reserve, and a bid that
// needs an item its bidder bought nothing of demands, all or nothing,
// 2 units of an item of capacity 1 instead, so that it can never win. Max-share needs no rule
// there: the item auctions already kept every bidder within it.
func perItemOwnInstance(in *auction.Instance, bought map[[2]int]int64) *auction.Instance {
	own := &auction.Instance{Name: in.Name, Currency: in.Currency, Bidders: in.Bidders}
	own.Items = append(own.Items, auction.Item{ID: "none", DDU: "none", Capacity: 1})
	pair := map[[2]int]int{}
	keys := make([][2]int, 0, len(bought))
	for k := range bought {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return cmp.Compare(a[1], b[1])
	})
	for _, k := range keys {
		pair[k] = len(own.Items)
		id := strconv.Itoa(k[0]) + "/" + in.Items[k[1]].ID
		own.Items = append(own.Items, auction.Item{ID: id, DDU: id, Capacity: bought[k], Reserve: in.Items[k[1]].Reserve})
	}
	own.Bids = make([]auction.Bid, len(in.Bids))
	for i := range in.Bids {
		b := in.Bids[i]
		bundle := make([]auction.Demand, 0, len(b.Bundle))
		for _, d := range b.Bundle {
			j, ok := pair[[2]int{b.Bidder, d.Item}]
			if !ok {
				bundle = nil
				break
			}
			bundle = append(bundle, auction.Demand{Item: j, Volume: d.Volume})
		}
		if bundle == nil {
			bundle = []auction.Demand{{Item: 0, Volume: 2}}
			b.MinFraction = auction.Ratio{} // all or nothing, so not even a part fits
			if b.PerUnit {                  // keep the bid's value: rate × 2 units would change it
				b.PerUnit = false
				b.Amount, _ = in.Bids[i].Value()
			}
		}
		b.Bundle = bundle
		own.Bids[i] = b
	}
	return own
}
