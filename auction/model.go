package auction

// Instance is one auction: the items on sale, the auctioneer's rules, the
// bidders and their bids. Bids, items and bidders are referred to by their
// index in the slices below; IDs are for people and files.
//
// An Instance is plain data: build it by hand, or read one with package
// bidlang. Validate it before solving.
type Instance struct {
	Name     string   // free text, e.g. "USPS DDU access 2026-Q3"
	Currency Currency // zero value means DefaultCurrency
	Items    []Item
	Sets     []ItemSet // named sets of items, kept so files keep their shorthand
	Rules    Rules
	Bidders  []Bidder
	Bids     []Bid // every bid of every bidder; Bid.Bidder says whose
}

// Item is a unit of capacity that is sold: a whole DDU, or one tender window
// of a DDU.
type Item struct {
	ID       string  // unique; "D90210" or, for a window, "D90211.am"
	DDU      string  // the DDU this item belongs to ("D90211"); equals ID for a whole DDU
	Window   string  // tender window name ("am"), or "" for a whole DDU
	Capacity int64   // units (parcels/day) on sale; > 0
	Reserve  Money   // minimum price per unit; 0 = no reserve
	Region   string  // optional grouping (local market, LPC, region): for reports, and for the rule min-winners
	Loc      *LatLon // optional location
}

// LatLon is a point in degrees.
type LatLon struct {
	Lat, Lon float64
}

// ItemSet is a named set of items (for example a region), a shorthand for
// writing bids; bids hold the expanded items.
type ItemSet struct {
	Name  string
	Items []int // item indices
}

// Rules are the auctioneer's policy constraints, applied to every bidder.
// The zero value imposes nothing.
type Rules struct {
	// MaxShare caps the volume any one bidder wins on any one item, as a
	// fraction of that item's capacity: at most floor(MaxShare*capacity).
	MaxShare Ratio

	// MinWinners, when positive, requires that in every region (the items
	// sharing a non-empty Item.Region, see Instance.Regions) at least
	// MinWinners distinct bidders win some volume on an item of that
	// region. Items without a region count for no region. The rule is
	// strict: a region in which fewer than MinWinners bidders can win
	// leaves no allocation feasible, not even the empty one. 0 imposes
	// nothing; a negative value is invalid.
	MinWinners int
}

// Bidder is a shipper. Its bids are in Instance.Bids; Tree says how they
// combine. Zero-valued limits mean "no limit".
type Bidder struct {
	ID        string // unique short name ("walmart")
	Name      string // display name ("Walmart Inc."), optional
	Budget    Money  // cap on the total the bidder pays; 0 = none
	MinVolume int64  // win at least this total volume, or nothing; 0 = none
	MaxVolume int64  // win at most this total volume; 0 = none
	MaxItems  int    // win volume on at most this many items; 0 = none
	// Tree holds the bidder's bids. Its root has Kind Or: any subset of
	// the children may win, subject to the nested groups' own kinds.
	Tree Group
}

// Bid is a bundle of volumes on items and a price. An all-or-nothing bid
// wins its whole bundle or nothing; a divisible bid (MinFraction set) may win
// the same fraction f of every volume for f in [MinFraction, 1], and then pays
// f times its value.
type Bid struct {
	ID     string // unique among all bids
	Bidder int    // index in Instance.Bidders
	Bundle []Demand
	// Amount is the total price of the bundle, or, when PerUnit is set, the
	// price of one unit of volume (so the bid's value is Amount times the
	// bundle's total volume).
	Amount      Money
	PerUnit     bool
	MinFraction Ratio // unset: all or nothing; else divisible in [MinFraction, 1]
}

// Demand is a volume of one item within a bid's bundle.
type Demand struct {
	Item   int   // index in Instance.Items
	Volume int64 // units; > 0
}

// Divisible reports whether the bid may be awarded in part.
func (b *Bid) Divisible() bool {
	return b.MinFraction.IsSet() && b.MinFraction.Cmp(Ratio{Num: 1, Den: 1}) < 0
}

// TotalVolume is the sum of the bundle's volumes. It may overflow on an
// instance that has not passed Validate (which rejects such sums).
func (b *Bid) TotalVolume() int64 {
	var t int64
	for _, d := range b.Bundle {
		t += d.Volume
	}
	return t
}

// Value is what the bid pays for its whole bundle: Amount, or Amount times
// the total volume for a per-unit bid. ok is false on overflow.
func (b *Bid) Value() (v Money, ok bool) {
	if !b.PerUnit {
		return b.Amount, true
	}
	return b.Amount.MulInt(b.TotalVolume())
}

// GroupKind says how a group's children combine.
type GroupKind uint8

const (
	Or     GroupKind = iota // any subset of the children
	Xor                     // at most one child
	Choose                  // no child, or between Min and Max children
	All                     // all children or none
)

// String returns the kind as the bid language writes it: "or", "xor",
// "choose" or "all" ("GroupKind(?)" for any other value).
func (k GroupKind) String() string {
	switch k {
	case Or:
		return "or"
	case Xor:
		return "xor"
	case Choose:
		return "choose"
	case All:
		return "all"
	}
	return "GroupKind(?)"
}

// Group is a node of a bidder's bid tree. A child counts as "taken" when a
// bid in it wins (a bid with a positive fraction, a group with a taken
// child); the group's kind limits how many children are taken.
type Group struct {
	Kind     GroupKind
	Min, Max int // Choose only: 0 taken, or Min..Max taken
	Children []Node
}

// Node is one child of a group: a bid (Group == nil) or a nested group. A
// group node leaves Bid at 0 (Validate reports a node that sets both).
type Node struct {
	Bid   int    // index in Instance.Bids, when Group is nil
	Group *Group // a nested group, or nil
}

// Allocation is an award: which bids win and with what fraction. Bids not
// listed lose. An all-or-nothing bid has fraction 1.
type Allocation struct {
	Awards []Award
}

// Award is one winning bid.
type Award struct {
	Bid      int     // index in Instance.Bids
	Fraction float64 // in (0, 1]; 1 unless the bid is divisible
}

// CurrencyOrDefault returns the instance's currency, DefaultCurrency when
// unset.
func (in *Instance) CurrencyOrDefault() Currency {
	if in.Currency.Code == "" && in.Currency.Decimals == 0 {
		return DefaultCurrency
	}
	return in.Currency
}
