package auction

import (
	"errors"
	"math"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testInstance is a small valid instance without warnings: the example of
// DESIGN.md §2.
//
//	items   D90210 6000 @0.40 (LA), D90211.am 4000 @0.35 (LA), D90211.pm 2000 (LA), D10001 5000 (NY)
//	walmart budget 250000: w1, xor{w2, w3}, w4 (divisible 0.25, rate 0.55)
//	ontrac  min-volume 2000: choose 1..2 {o1, o2, o3}
func testInstance() *Instance {
	return &Instance{
		Name: "USPS DDU access 2026-Q3",
		Items: []Item{
			{ID: "D90210", DDU: "D90210", Capacity: 6000, Reserve: 40, Region: "LA"},
			{ID: "D90211.am", DDU: "D90211", Window: "am", Capacity: 4000, Reserve: 35, Region: "LA"},
			{ID: "D90211.pm", DDU: "D90211", Window: "pm", Capacity: 2000, Region: "LA"},
			{ID: "D10001", DDU: "D10001", Capacity: 5000, Region: "NY"},
		},
		Sets:  []ItemSet{{Name: "LA", Items: []int{0, 1}}},
		Rules: Rules{MaxShare: Ratio{3, 5}},
		Bidders: []Bidder{
			{ID: "walmart", Name: "Walmart Inc.", Budget: 250000_00, Tree: Group{Kind: Or, Children: []Node{
				{Bid: 0},
				{Group: &Group{Kind: Xor, Children: []Node{{Bid: 1}, {Bid: 2}}}},
				{Bid: 3},
			}}},
			{ID: "ontrac", MinVolume: 2000, Tree: Group{Kind: Or, Children: []Node{
				{Group: &Group{Kind: Choose, Min: 1, Max: 2, Children: []Node{{Bid: 4}, {Bid: 5}, {Bid: 6}}}},
			}}},
		},
		Bids: []Bid{
			{ID: "w1", Bidder: 0, Amount: 5200_00, Bundle: []Demand{{0, 3000}, {1, 2000}}},
			{ID: "w2", Bidder: 0, Amount: 2100_00, Bundle: []Demand{{0, 2000}}},
			{ID: "w3", Bidder: 0, Amount: 1900_00, Bundle: []Demand{{0, 1000}, {1, 1000}}},
			{ID: "w4", Bidder: 0, Amount: 55, PerUnit: true, MinFraction: Ratio{1, 4}, Bundle: []Demand{{3, 2000}}},
			{ID: "o1", Bidder: 1, Amount: 900_00, Bundle: []Demand{{0, 1500}}},
			{ID: "o2", Bidder: 1, Amount: 800_00, Bundle: []Demand{{2, 1200}}},
			{ID: "o3", Bidder: 1, Amount: 850_00, Bundle: []Demand{{3, 1500}}},
		},
	}
}

// Named parts of testInstance.
const (
	iD90210, iAM, iPM, iD10001 = 0, 1, 2, 3
	walmart, ontrac            = 0, 1
	w1, w2, w3, w4             = 0, 1, 2, 3
	o1, o2, o3                 = 4, 5, 6
)

func xorOf(in *Instance) *Group    { return in.Bidders[walmart].Tree.Children[1].Group }
func chooseOf(in *Instance) *Group { return in.Bidders[ontrac].Tree.Children[0].Group }

func TestTestInstanceIsClean(t *testing.T) {
	in := testInstance()
	assert.Empty(t, in.Problems())
	assert.NoError(t, in.Validate())
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(in *Instance)
		sev   Severity
		err   error
		ref   Ref
		group func(in *Instance) *Group // the expected Ref.Group, when a group
		msg   string                    // regexp
		extra int                       // other problems expected besides this one
	}{
		// Currency and rules.
		{name: "currency decimals", edit: func(in *Instance) { in.Currency = Currency{Code: "XXX", Decimals: 12} },
			err: ErrCurrency, ref: Ref{Kind: RefInstance, Field: FieldCurrency}, msg: `currency "XXX" has 12 decimals; it must have 0 to 9`},
		{name: "currency negative decimals", edit: func(in *Instance) { in.Currency = Currency{Code: "XXX", Decimals: -1} },
			err: ErrCurrency, ref: Ref{Kind: RefInstance, Field: FieldCurrency}, msg: `-1 decimals`},
		{name: "max-share zero", edit: func(in *Instance) { in.Rules.MaxShare = Ratio{0, 1} },
			err: ErrBounds, ref: Ref{Kind: RefRule, Field: FieldMaxShare}, msg: `^max-share 0 must be above 0 and at most 1$`},
		{name: "max-share above one", edit: func(in *Instance) { in.Rules.MaxShare = Ratio{3, 2} },
			err: ErrBounds, ref: Ref{Kind: RefRule, Field: FieldMaxShare}, msg: `max-share 1.5 must`},
		{name: "max-share negative denominator", edit: func(in *Instance) { in.Rules.MaxShare = Ratio{-1, -2} },
			err: ErrBounds, ref: Ref{Kind: RefRule, Field: FieldMaxShare}, msg: `max-share -1/-2 must`},

		// Items.
		{name: "item without id", edit: func(in *Instance) { in.Items[2].ID = "" },
			err: ErrEmpty, ref: Ref{Kind: RefItem, Index: 2, Field: FieldID}, msg: `^items\[2\] has no id$`},
		{name: "duplicate item", edit: func(in *Instance) { in.Items[2].ID = "D90210" },
			err: ErrDuplicate, ref: Ref{Kind: RefItem, Index: 2, Field: FieldID}, msg: `^item "D90210" is defined twice \(items\[0\] and items\[2\]\)$`},
		{name: "zero capacity", edit: func(in *Instance) { in.Items[2].Capacity = 0 },
			err: ErrNegative, ref: Ref{Kind: RefItem, Index: 2, Field: FieldCapacity}, msg: `^item "D90211.pm": capacity 0 must be positive$`},
		{name: "negative capacity", edit: func(in *Instance) { in.Items[2].Capacity = -5 },
			err: ErrNegative, ref: Ref{Kind: RefItem, Index: 2, Field: FieldCapacity}, msg: `capacity -5 must be positive`},
		{name: "negative reserve", edit: func(in *Instance) { in.Items[0].Reserve = -40 },
			err: ErrNegative, ref: Ref{Kind: RefItem, Index: 0, Field: FieldReserve}, msg: `^item "D90210": reserve -0.4 must not be negative$`},
		{name: "reserve times capacity overflows", edit: func(in *Instance) {
			in.Items = append(in.Items, Item{ID: "X", Capacity: 10, Reserve: math.MaxInt64 / 5})
		}, err: ErrOverflow, ref: Ref{Kind: RefItem, Index: 4, Field: FieldReserve}, msg: `item "X": reserve .* times capacity 10 overflows`},
		{name: "total capacity overflows", edit: func(in *Instance) {
			in.Items = append(in.Items, Item{ID: "X", Capacity: math.MaxInt64})
		}, err: ErrOverflow, ref: Ref{Kind: RefItem, Index: 4, Field: FieldCapacity}, msg: `total capacity overflow: all items' capacities together must stay within 9223372036854775807$`},
		{name: "bad location", edit: func(in *Instance) { in.Items[0].Loc = &LatLon{Lat: 91, Lon: 0} },
			err: ErrBounds, ref: Ref{Kind: RefItem, Index: 0, Field: FieldLoc}, msg: `location 91,0`},
		{name: "NaN location", edit: func(in *Instance) { in.Items[0].Loc = &LatLon{Lat: 34, Lon: math.NaN()} },
			err: ErrBounds, ref: Ref{Kind: RefItem, Index: 0, Field: FieldLoc}, msg: `location 34,NaN`},

		// Sets.
		{name: "set names unknown item", edit: func(in *Instance) { in.Sets[0].Items = []int{0, 9} },
			err: ErrUnknownRef, ref: Ref{Kind: RefInstance, Index: 0, Field: FieldSetItem, Sub: 1}, msg: `^set "LA": item index 9 names no item \(there are 4\)$`},
		{name: "set without name", edit: func(in *Instance) { in.Sets[0].Name = "" },
			err: ErrEmpty, ref: Ref{Kind: RefInstance, Index: 0, Field: FieldSet}, msg: `^sets\[0\] has no name$`},
		{name: "duplicate set", edit: func(in *Instance) { in.Sets = append(in.Sets, ItemSet{Name: "LA", Items: []int{2}}) },
			err: ErrDuplicate, ref: Ref{Kind: RefInstance, Index: 1, Field: FieldSet}, msg: `set "LA" is defined twice`},
		{name: "set named like an item", edit: func(in *Instance) { in.Sets[0].Name = "D10001" },
			err: ErrDuplicate, ref: Ref{Kind: RefInstance, Index: 0, Field: FieldSet}, msg: `^set "D10001" has the name of item "D10001" \(items\[3\]\)$`},
		{name: "empty set", edit: func(in *Instance) { in.Sets[0].Items = nil }, sev: SevWarning,
			err: ErrEmpty, ref: Ref{Kind: RefInstance, Index: 0, Field: FieldSet}, msg: `^set "LA" is empty$`},
		{name: "set repeats an item", edit: func(in *Instance) { in.Sets[0].Items = []int{0, 1, 0} }, sev: SevWarning,
			err: ErrDuplicate, ref: Ref{Kind: RefInstance, Index: 0, Field: FieldSetItem, Sub: 2}, msg: `^set "LA" lists item "D90210" twice$`},

		// Bidders.
		{name: "bidder without id", edit: func(in *Instance) { in.Bidders[1].ID = "" },
			err: ErrEmpty, ref: Ref{Kind: RefBidder, Index: 1, Field: FieldID}, msg: `^bidders\[1\] has no id$`},
		{name: "duplicate bidder", edit: func(in *Instance) { in.Bidders[1].ID = "walmart" },
			err: ErrDuplicate, ref: Ref{Kind: RefBidder, Index: 1, Field: FieldID}, msg: `bidder "walmart" is defined twice`},
		{name: "negative budget", edit: func(in *Instance) { in.Bidders[0].Budget = -1 },
			err: ErrNegative, ref: Ref{Kind: RefBidder, Index: 0, Field: FieldBudget}, msg: `^bidder "walmart": budget -0.01 must not be negative`},
		{name: "negative min-volume", edit: func(in *Instance) { in.Bidders[1].MinVolume = -1 },
			err: ErrNegative, ref: Ref{Kind: RefBidder, Index: 1, Field: FieldMinVolume}, msg: `min-volume -1`},
		{name: "negative max-volume", edit: func(in *Instance) { in.Bidders[1].MaxVolume = -1 },
			err: ErrNegative, ref: Ref{Kind: RefBidder, Index: 1, Field: FieldMaxVolume}, msg: `max-volume -1`},
		{name: "negative max-items", edit: func(in *Instance) { in.Bidders[1].MaxItems = -2 },
			err: ErrNegative, ref: Ref{Kind: RefBidder, Index: 1, Field: FieldMaxItems}, msg: `max-items -2`},
		{name: "min-volume above max-volume", edit: func(in *Instance) { in.Bidders[1].MaxVolume = 1999 },
			err: ErrBounds, ref: Ref{Kind: RefBidder, Index: 1, Field: FieldMinVolume}, msg: `^bidder "ontrac": min-volume 2000 is above its max-volume 1999$`},
		{name: "bidder without bids", edit: func(in *Instance) { in.Bidders = append(in.Bidders, Bidder{ID: "idle"}) }, sev: SevWarning,
			err: ErrEmpty, ref: Ref{Kind: RefBidder, Index: 2}, msg: `^bidder "idle" has no bids$`},
		{name: "min-volume unreachable", edit: func(in *Instance) { in.Bidders[1].MinVolume = 3001 }, sev: SevWarning,
			err: ErrUnsatisfiable, ref: Ref{Kind: RefBidder, Index: 1, Field: FieldMinVolume},
			msg: `^bidder "ontrac": min-volume 3001 is more than its bids can win \(at most 3000\): the bidder can never win$`},
		{name: "min-volume above max-share", edit: func(in *Instance) {
			in.Bidders[1].MinVolume = 3601
			in.Bids[o2].Bundle[0].Item = iD90210
			in.Bids[o3].Bundle[0].Item = iD90210
			chooseOf(in).Max = 3
		}, sev: SevWarning, err: ErrUnsatisfiable, ref: Ref{Kind: RefBidder, Index: 1, Field: FieldMinVolume}, msg: `at most 3600`},
		{name: "min-volume above capacity", edit: func(in *Instance) {
			in.Rules.MaxShare = Ratio{}
			in.Bidders[1].MinVolume = 3501
			in.Bids[o2].Bundle[0].Volume = 2000
			in.Bids[o3].Bundle[0].Item = iPM
			chooseOf(in).Max = 3
		}, sev: SevWarning, err: ErrUnsatisfiable, ref: Ref{Kind: RefBidder, Index: 1, Field: FieldMinVolume}, msg: `at most 3500`},
		{name: "min-volume above xor", edit: func(in *Instance) {
			in.Rules.MaxShare = Ratio{}
			in.Bidders[0].MinVolume = 9001 // w1 5000 + xor(w2 2000, w3 2000) + w4 2000
		}, sev: SevWarning, err: ErrUnsatisfiable, ref: Ref{Kind: RefBidder, Index: 0, Field: FieldMinVolume}, msg: `at most 9000`},

		// Bids.
		{name: "bid without id", edit: func(in *Instance) { in.Bids[o2].ID = "" },
			err: ErrEmpty, ref: Ref{Kind: RefBid, Index: o2, Field: FieldID}, msg: `^bids\[5\] has no id$`},
		{name: "duplicate bid", edit: func(in *Instance) { in.Bids[o2].ID = "w1" },
			err: ErrDuplicate, ref: Ref{Kind: RefBid, Index: o2, Field: FieldID}, msg: `^bid "w1" is defined twice \(bids\[0\] and bids\[5\]\)$`},
		{name: "unknown bidder", edit: func(in *Instance) { in.Bids[o2].Bidder = 7 },
			err: ErrUnknownRef, ref: Ref{Kind: RefBid, Index: o2, Field: FieldBidder}, msg: `^bid "o2": bidder index 7 names no bidder \(there are 2\)$`,
			extra: 1}, // and it is in the wrong tree
		{name: "empty bundle", edit: func(in *Instance) { in.Bids[o2].Bundle = nil },
			err: ErrEmpty, ref: Ref{Kind: RefBid, Index: o2, Field: FieldBundle}, msg: `^bid "o2": the bundle is empty$`},
		{name: "unknown item", edit: func(in *Instance) { in.Bids[w1].Bundle[1].Item = 4 },
			err: ErrUnknownRef, ref: Ref{Kind: RefBid, Index: w1, Field: FieldItem, Sub: 1}, msg: `^bid "w1": item index 4 names no item \(there are 4\)$`},
		{name: "negative item", edit: func(in *Instance) { in.Bids[w1].Bundle[0].Item = -1 },
			err: ErrUnknownRef, ref: Ref{Kind: RefBid, Index: w1, Field: FieldItem}, msg: `item index -1 names no item`},
		{name: "item twice in a bundle", edit: func(in *Instance) { in.Bids[w1].Bundle[1].Item = iD90210 },
			err: ErrDuplicate, ref: Ref{Kind: RefBid, Index: w1, Field: FieldItem, Sub: 1}, msg: `^bid "w1": item "D90210" appears twice in the bundle \(positions 1 and 2\)$`},
		{name: "zero volume", edit: func(in *Instance) { in.Bids[w1].Bundle[1].Volume = 0 },
			err: ErrNegative, ref: Ref{Kind: RefBid, Index: w1, Field: FieldVolume, Sub: 1}, msg: `^bid "w1": volume 0 on item "D90211.am" must be positive$`},
		{name: "negative volume", edit: func(in *Instance) { in.Bids[w1].Bundle[0].Volume = -3 },
			err: ErrNegative, ref: Ref{Kind: RefBid, Index: w1, Field: FieldVolume}, msg: `volume -3`},
		{name: "zero price", edit: func(in *Instance) { in.Bids[o2].Amount = 0 }, sev: SevWarning,
			err: ErrNegative, ref: Ref{Kind: RefBid, Index: o2, Field: FieldPrice}, msg: `^bid "o2": price 0: the bid pays nothing: it can never add revenue$`},
		{name: "zero rate", edit: func(in *Instance) { in.Bids[w4].Amount = 0 }, sev: SevWarning,
			err: ErrNegative, ref: Ref{Kind: RefBid, Index: w4, Field: FieldRate}, msg: `^bid "w4": rate 0: the bid pays nothing: it can never add revenue$`},
		{name: "zero price under a reserve", edit: func(in *Instance) { in.Bids[w2].Amount = 0 }, sev: SevWarning,
			err: ErrNegative, ref: Ref{Kind: RefBid, Index: w2, Field: FieldPrice}, msg: `^bid "w2": price 0: the bid pays nothing`,
			extra: 1}, // and its value 0 is below the reserve
		{name: "negative price", edit: func(in *Instance) { in.Bids[w2].Amount = -1 },
			err: ErrNegative, ref: Ref{Kind: RefBid, Index: w2, Field: FieldPrice}, msg: `^bid "w2": price -0.01 must be positive$`},
		{name: "negative rate", edit: func(in *Instance) { in.Bids[w4].Amount = -55 },
			err: ErrNegative, ref: Ref{Kind: RefBid, Index: w4, Field: FieldRate}, msg: `^bid "w4": rate -0.55 must be positive$`},
		{name: "rate times volume overflows", edit: func(in *Instance) { in.Bids[w4].Amount = math.MaxInt64 / 1000 },
			err: ErrOverflow, ref: Ref{Kind: RefBid, Index: w4, Field: FieldRate}, msg: `^bid "w4": rate .* times total volume 2000 overflows$`},
		{name: "bundle volume overflows", edit: func(in *Instance) {
			in.Bids[w1].Bundle = []Demand{{0, math.MaxInt64/2 + 1}, {1, math.MaxInt64/2 + 1}}
		}, err: ErrOverflow, ref: Ref{Kind: RefBid, Index: w1, Field: FieldBundle}, msg: `^bid "w1": the total volume of the bundle overflows$`,
			extra: 2}, // both volumes exceed their item's capacity
		{name: "sum of values overflows", edit: func(in *Instance) { in.Bids[w1].Amount = math.MaxInt64; in.Bidders[0].Budget = 0 },
			err: ErrOverflow, ref: Ref{Kind: RefBid, Index: w2, Field: FieldPrice}, msg: `^bid "w2": value 2100 makes the sum of all bids' values overflow: all bids' values together must stay within 92233720368547758.07$`},
		{name: "sum of volumes overflows", edit: func(in *Instance) {
			in.Rules.MaxShare = Ratio{}
			in.Items[3].Capacity = math.MaxInt64 / 2
			in.Bids[w4].Bundle[0].Volume = math.MaxInt64 / 2
			in.Bids[w4].Amount = 1
			in.Bidders[0].Budget = 0
			in.Bids[o3].Bundle[0].Volume = math.MaxInt64 / 2
		}, err: ErrOverflow, ref: Ref{Kind: RefBid, Index: o3, Field: FieldBundle},
			msg: `^bid "o3": total volume 4611686018427387903 makes the sum of all bids' volumes overflow: all bids' volumes together must stay within 9223372036854775807$`},
		{name: "min fraction zero", edit: func(in *Instance) { in.Bids[w4].MinFraction = Ratio{0, 1} },
			err: ErrBounds, ref: Ref{Kind: RefBid, Index: w4, Field: FieldMin}, msg: `^bid "w4": min fraction 0 must be above 0 and at most 1$`},
		{name: "min fraction above one", edit: func(in *Instance) { in.Bids[w4].MinFraction = Ratio{5, 4} },
			err: ErrBounds, ref: Ref{Kind: RefBid, Index: w4, Field: FieldMin}, msg: `min fraction 1.25`},
		{name: "min fraction negative", edit: func(in *Instance) { in.Bids[w4].MinFraction = Ratio{1, -4} },
			err: ErrBounds, ref: Ref{Kind: RefBid, Index: w4, Field: FieldMin}, msg: `min fraction 1/-4`},
		{name: "volume over capacity", edit: func(in *Instance) { in.Bids[o1].Bundle[0].Volume = 7000; in.Bids[o1].Amount = 9000_00 }, sev: SevWarning,
			err: ErrOverCapacity, ref: Ref{Kind: RefBid, Index: o1, Field: FieldVolume},
			msg: `^bid "o1": volume 7000 on item "D90210" exceeds its capacity 6000: the bid can never win$`},
		{name: "volume over max-share", edit: func(in *Instance) { in.Bids[w2].Bundle[0].Volume = 3601 }, sev: SevWarning,
			err: ErrOverCapacity, ref: Ref{Kind: RefBid, Index: w2, Field: FieldVolume},
			msg: `^bid "w2": volume 3601 on item "D90210" exceeds the max-share limit 3600 \(0.6 of 6000\): the bid can never win$`},
		{name: "divisible volume over capacity", edit: func(in *Instance) {
			in.Bids[w4].Bundle[0].Volume = 20001 // a quarter of it is above 5000
			in.Bidders[walmart].Budget = 0
		}, sev: SevWarning, err: ErrOverCapacity, ref: Ref{Kind: RefBid, Index: w4, Field: FieldVolume},
			msg: `^bid "w4": volume 20001 on item "D10001" exceeds its capacity 5000 even at its min fraction 0.25: the bid can never win$`},
		{name: "divisible volume over max-share", edit: func(in *Instance) {
			in.Bids[w4].Bundle[0].Volume = 12001 // a quarter of it is above 3000
		}, sev: SevWarning, err: ErrOverCapacity, ref: Ref{Kind: RefBid, Index: w4, Field: FieldVolume},
			msg: `exceeds the max-share limit 3000 \(0.6 of 5000\) even at its min fraction 0.25: the bid can never win$`},
		{name: "price below reserve", edit: func(in *Instance) { in.Bids[w3].Amount = 749_99 }, sev: SevWarning,
			err: ErrBelowReserve, ref: Ref{Kind: RefBid, Index: w3, Field: FieldPrice},
			msg: `^bid "w3": value 749.99 is below the reserve 750 of its bundle: the bid can never win$`},
		{name: "rate below reserve", edit: func(in *Instance) { in.Items[3].Reserve = 56 }, sev: SevWarning,
			err: ErrBelowReserve, ref: Ref{Kind: RefBid, Index: w4, Field: FieldRate}, msg: `^bid "w4": value 1100 is below the reserve 1120`},
		{name: "bundle reserve overflows", edit: func(in *Instance) {
			// Each item's reserve times capacity fits; their sum does not.
			in.Rules.MaxShare = Ratio{}
			in.Items = append(in.Items, Item{ID: "X", Capacity: 1, Reserve: math.MaxInt64/2 + 1}, Item{ID: "Y", Capacity: 1, Reserve: math.MaxInt64/2 + 1})
			in.Bids = append(in.Bids, Bid{ID: "w5", Bidder: walmart, Amount: 1, Bundle: []Demand{{4, 1}, {5, 1}}})
			in.Bidders[walmart].Tree.Children = append(in.Bidders[walmart].Tree.Children, Node{Bid: 7})
		}, err: ErrOverflow, ref: Ref{Kind: RefBid, Index: 7, Field: FieldBundle},
			msg: `^bid "w5": the reserve of the bundle \(volume times reserve, summed\) overflows$`},
		{name: "price above budget", edit: func(in *Instance) { in.Bidders[0].Budget = 5000_00 }, sev: SevWarning,
			err: ErrUnsatisfiable, ref: Ref{Kind: RefBid, Index: w1, Field: FieldPrice},
			msg: `^bid "w1": it pays at least 5200, above the budget 5000 of bidder "walmart": the bid can never win$`},
		{name: "divisible bid above budget", edit: func(in *Instance) {
			in.Bidders[0].Budget = 274_98
			in.Bids = in.Bids[:4] // keep walmart's bids only
			in.Bidders = in.Bidders[:1]
			in.Bids[w1].Amount, in.Bids[w2].Amount, in.Bids[w3].Amount = 1, 1, 1
			in.Items[0].Reserve, in.Items[1].Reserve = 0, 0
		}, sev: SevWarning, err: ErrUnsatisfiable, ref: Ref{Kind: RefBid, Index: w4, Field: FieldRate},
			msg: `^bid "w4": it pays at least 274.99, above the budget 274.98 of bidder "walmart": the bid can never win$`}, // at its min fraction, less the tolerance
		{name: "no bids", edit: func(in *Instance) {
			in.Bids = nil
			in.Bidders = nil
		}, sev: SevWarning, err: ErrEmpty, ref: Ref{Kind: RefInstance}, msg: `^the instance has no bids$`},

		// Bid trees.
		{name: "root of unknown kind", edit: func(in *Instance) { in.Bidders[0].Tree.Kind = 7 },
			err: ErrTreeShape, ref: Ref{Kind: RefGroup, Index: 0, Field: FieldKind}, group: func(in *Instance) *Group { return &in.Bidders[0].Tree },
			msg: `must be an or group, not kind 7;`, extra: 1}, // and the kind is out of range
		{name: "root not or", edit: func(in *Instance) { in.Bidders[0].Tree.Kind = Xor },
			err: ErrTreeShape, ref: Ref{Kind: RefGroup, Index: 0, Field: FieldKind}, group: func(in *Instance) *Group { return &in.Bidders[0].Tree },
			msg: `^bidder "walmart": the root of the bid tree must be an or group, not xor`},
		{name: "kind out of range", edit: func(in *Instance) { xorOf(in).Kind = 9 },
			err: ErrTreeShape, ref: Ref{Kind: RefGroup, Index: 0, Field: FieldKind}, group: xorOf,
			msg: `^bidder "walmart": group kind 9 is not or, xor, choose or all$`},
		{name: "empty group", edit: func(in *Instance) {
			in.Bidders[0].Tree.Children = append(in.Bidders[0].Tree.Children, Node{Group: &Group{Kind: All}})
		}, err: ErrEmpty, ref: Ref{Kind: RefGroup, Index: 0}, group: func(in *Instance) *Group { return in.Bidders[0].Tree.Children[3].Group },
			msg: `^bidder "walmart": an all group is empty$`}, // at the top of the tree: not "nested"
		{name: "empty nested choose group", edit: func(in *Instance) {
			g := &Group{Kind: Choose, Min: 1, Max: 1}
			in.Bidders[0].Tree.Children = append(in.Bidders[0].Tree.Children, Node{Group: &Group{Kind: All, Children: []Node{{Group: g}}}})
		}, err: ErrEmpty, ref: Ref{Kind: RefGroup, Index: 0}, group: func(in *Instance) *Group { return in.Bidders[0].Tree.Children[3].Group.Children[0].Group },
			msg: `^bidder "walmart": a choose group is empty$`}, // and no "min 1 is above its 0 children" besides
		{name: "choose min negative", edit: func(in *Instance) { chooseOf(in).Min = -1 },
			err: ErrBounds, ref: Ref{Kind: RefGroup, Index: 1, Field: FieldMin}, group: chooseOf,
			msg: `^bidder "ontrac": choose -1..2 group \{o1, o2, o3\}: min -1 must not be negative$`},
		{name: "choose max zero", edit: func(in *Instance) { chooseOf(in).Min, chooseOf(in).Max = 0, 0 },
			err: ErrBounds, ref: Ref{Kind: RefGroup, Index: 1, Field: FieldMax}, group: chooseOf, msg: `max 0 must be at least 1$`},
		{name: "choose min above max", edit: func(in *Instance) { chooseOf(in).Min = 3 },
			err: ErrBounds, ref: Ref{Kind: RefGroup, Index: 1, Field: FieldMin}, group: chooseOf, msg: `min 3 is above max 2$`},
		{name: "choose min above children", edit: func(in *Instance) { chooseOf(in).Min, chooseOf(in).Max = 4, 5 },
			err: ErrBounds, ref: Ref{Kind: RefGroup, Index: 1, Field: FieldMin}, group: chooseOf, msg: `min 4 is above its 3 children$`},
		{name: "choose max above children", edit: func(in *Instance) { chooseOf(in).Max = 4 }, sev: SevWarning,
			err: ErrBounds, ref: Ref{Kind: RefGroup, Index: 1, Field: FieldMax}, group: chooseOf, msg: `max 4 is above its 3 children$`},
		{name: "min and max outside choose", edit: func(in *Instance) { xorOf(in).Max = 2 }, sev: SevWarning,
			err: ErrBounds, ref: Ref{Kind: RefGroup, Index: 0, Field: FieldMin}, group: xorOf,
			msg: `^bidder "walmart": xor group \{w2, w3\}: min and max \(0..2\) apply to choose groups only and are ignored$`},
		{name: "bid twice in a tree", edit: func(in *Instance) { xorOf(in).Children[1].Bid = w1 },
			err: ErrTreeShape, ref: Ref{Kind: RefGroup, Index: 0, Field: FieldChild, Sub: 1}, group: xorOf,
			msg:   `^bidder "walmart": bid "w1" appears twice in the bid trees \(also under bidder "walmart"\)$`,
			extra: 1}, // w3 is in no tree
		{name: "bid in another bidder's tree", edit: func(in *Instance) { in.Bids[o1].Bidder = walmart },
			err: ErrTreeShape, ref: Ref{Kind: RefGroup, Index: 1, Field: FieldChild, Sub: 0}, group: chooseOf,
			msg: `^bidder "ontrac": bid "o1" belongs to bidder "walmart" but is in this bidder's tree$`},
		{name: "bid in no tree", edit: func(in *Instance) { in.Bidders[0].Tree.Children = in.Bidders[0].Tree.Children[:2] },
			err: ErrTreeShape, ref: Ref{Kind: RefBid, Index: w4, Field: FieldBidder},
			msg: `^bid "w4" is in no bid tree: the tree of bidder "walmart" must hold it$`},
		{name: "node with both", edit: func(in *Instance) { in.Bidders[0].Tree.Children[1].Bid = w2 },
			err: ErrTreeShape, ref: Ref{Kind: RefGroup, Index: 0, Field: FieldChild, Sub: 1}, group: func(in *Instance) *Group { return &in.Bidders[0].Tree },
			msg: `child 2 of or group \{w1, xor \{...\}, w4\} holds both bid index 1 and a group`},
		{name: "node with neither", edit: func(in *Instance) { xorOf(in).Children[0].Bid = -1 },
			err: ErrTreeShape, ref: Ref{Kind: RefGroup, Index: 0, Field: FieldChild, Sub: 0}, group: xorOf,
			msg:   `^bidder "walmart": child 1 of xor group \{bids\[-1\], w3\} names neither a bid nor a group$`,
			extra: 1}, // w2 is in no tree
		{name: "node with unknown bid", edit: func(in *Instance) { xorOf(in).Children[0].Bid = 70 },
			err: ErrUnknownRef, ref: Ref{Kind: RefGroup, Index: 0, Field: FieldChild, Sub: 0}, group: xorOf,
			msg:   `child 1 of xor group \{bids\[70\], w3\}: bid index 70 names no bid \(there are 7\)$`,
			extra: 1}, // w2 is in no tree
		{name: "group in a cycle", edit: func(in *Instance) {
			g := xorOf(in)
			g.Children = append(g.Children, Node{Group: g})
		}, err: ErrTreeShape, ref: Ref{Kind: RefGroup, Index: 0}, group: xorOf,
			msg: `^bidder "walmart": xor group \{w2, w3, xor \{...\}\} appears twice in the bid trees$`},
		{name: "group shared by two bidders", edit: func(in *Instance) {
			in.Bidders[1].Tree.Children = append(in.Bidders[1].Tree.Children, Node{Group: xorOf(in)})
		}, err: ErrTreeShape, ref: Ref{Kind: RefGroup, Index: 1}, group: xorOf, msg: `^bidder "ontrac": xor group \{w2, w3\} appears twice`},
		{name: "too deep", edit: func(in *Instance) {
			g := xorOf(in)
			for range MaxTreeDepth {
				g = &Group{Kind: Or, Children: []Node{{Group: g}}}
			}
			in.Bidders[0].Tree.Children[1].Group = g
		}, err: ErrTreeShape, ref: Ref{Kind: RefGroup, Index: 0}, group: func(in *Instance) *Group {
			g := xorOf(in)
			for g.Kind != Xor {
				g = g.Children[0].Group
			}
			return g
		}, msg: `groups nest more than 64 deep$`}, // and w2 and w3, below that depth, are not "in no bid tree"
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := testInstance()
			tt.edit(in)
			ps := in.Problems()
			var got *Problem
			for i := range ps {
				if errors.Is(ps[i].Err, tt.err) && ps[i].Severity == tt.sev {
					got = &ps[i]
					break
				}
			}
			require.NotNil(t, got, "no %v %v among %v", tt.sev, tt.err, ps)
			assert.Len(t, ps, 1+tt.extra, "%v", ps)
			assert.Regexp(t, regexp.MustCompile(tt.msg), got.Msg)
			want := tt.ref
			if tt.group != nil {
				want.Group = tt.group(in)
			}
			assert.Equal(t, want, got.Ref)
			assert.ErrorIs(t, got, tt.err)

			err := in.Validate()
			if tt.sev == SevWarning && tt.extra == 0 {
				assert.NoError(t, err)
				return
			}
			if tt.sev == SevError {
				require.Error(t, err)
				assert.ErrorIs(t, err, tt.err)
				var pe *ProblemsError
				require.ErrorAs(t, err, &pe)
				assert.Contains(t, err.Error(), got.Msg)
			}
		})
	}
}

func TestProblemsNotMistaken(t *testing.T) {
	// Each edit looks like a problem to a careless check but is not one.
	tests := []struct {
		name string
		edit func(in *Instance)
	}{
		{"min-volume reachable through choose 3", func(in *Instance) { in.Bidders[1].MinVolume = 4200; chooseOf(in).Max = 3 }},
		{"volume at capacity without max-share", func(in *Instance) {
			in.Rules.MaxShare = Ratio{}
			in.Bids[w2].Bundle[0].Volume = 6000
			in.Bids[w2].Amount = 2400_00
		}},
		{"volume at the max-share limit", func(in *Instance) { in.Bids[w2].Bundle[0].Volume = 3600; in.Bids[w2].Amount = 1440_00 }},
		{"price at the reserve", func(in *Instance) { in.Bids[w3].Amount = 750_00 }},
		{"divisible volume over capacity, not at its min", func(in *Instance) {
			in.Bids[w4].Bundle[0].Volume = 20000
			in.Bidders[walmart].Budget = 0
			noMaxShare(in)
		}},
		{"divisible volume over max-share, not at its min", func(in *Instance) { in.Bids[w4].Bundle[0].Volume = 12000 }},
		{"price at the budget", func(in *Instance) { in.Bidders[0].Budget = 5200_00 }},
		{"divisible bid within budget by its min fraction", func(in *Instance) { in.Bidders[0].Budget = 275_00; lowerWalmartBids(in, 275_00) }},
		{"min fraction one", func(in *Instance) { in.Bids[w4].MinFraction = Ratio{1, 1} }},
		{"choose 0..1", func(in *Instance) { chooseOf(in).Min, chooseOf(in).Max = 0, 1; in.Bidders[1].MinVolume = 0 }},
		{"choose min equals children", func(in *Instance) { chooseOf(in).Min, chooseOf(in).Max = 3, 3 }},
		{"zero-decimal currency", func(in *Instance) { in.Currency = Currency{Code: "JPY"} }},
		{"nine-decimal currency", func(in *Instance) { in.Currency = Currency{Code: "X", Decimals: 9} }},
		{"max-share one", func(in *Instance) { in.Rules.MaxShare = Ratio{1, 1} }},
		{"location at the edge", func(in *Instance) { in.Items[0].Loc = &LatLon{Lat: -90, Lon: 180} }},
		{"two sets share items", func(in *Instance) { in.Sets = append(in.Sets, ItemSet{Name: "LA2", Items: []int{1, 0}}) }},
		{"two bids on the same items", func(in *Instance) { in.Bids[w3].Bundle = []Demand{{iAM, 1000}, {iD90210, 1000}} }},
		{"nested all", func(in *Instance) {
			xorOf(in).Children[1] = Node{Group: &Group{Kind: All, Children: []Node{{Bid: w3}}}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := testInstance()
			tt.edit(in)
			assert.Empty(t, in.Problems())
		})
	}
}

// lowerWalmartBids lowers every walmart bid but w4 to the given price and
// removes the reserves, so that only w4 is near the budget.
func lowerWalmartBids(in *Instance, price Money) {
	for _, i := range []int{w1, w2, w3} {
		in.Bids[i].Amount = price
	}
	in.Items[0].Reserve, in.Items[1].Reserve = 0, 0
}

func TestProblemsEmptyInstance(t *testing.T) {
	ps := (&Instance{}).Problems()
	require.Len(t, ps, 2)
	assert.Equal(t, SevError, ps[0].Severity)
	assert.ErrorIs(t, ps[0], ErrEmpty)
	assert.Equal(t, "the instance has no items", ps[0].Msg)
	assert.Equal(t, SevWarning, ps[1].Severity)
	assert.Equal(t, "warning: the instance has no bids", ps[1].Error())

	var nilInstance *Instance
	assert.ErrorIs(t, nilInstance.Validate(), ErrEmpty)
}

func TestProblemsOrderAndErr(t *testing.T) {
	in := testInstance()
	in.Items[0].Capacity = 0
	in.Bids[w2].Amount = -1
	in.Bidders[1].Budget = -1
	in.Bidders = append(in.Bidders, Bidder{ID: "idle"})
	ps := in.Problems()
	require.Len(t, ps, 4)
	// Items, then bidders, then bids, then trees.
	assert.Equal(t, []RefKind{RefItem, RefBidder, RefBid, RefBidder}, []RefKind{ps[0].Ref.Kind, ps[1].Ref.Kind, ps[2].Ref.Kind, ps[3].Ref.Kind})
	assert.Len(t, ps.Errors(), 3)
	assert.Len(t, ps.Warnings(), 1)
	err := in.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrNegative)
	assert.NotErrorIs(t, err, ErrEmpty, "warnings are not part of the error")
	assert.Equal(t, "item \"D90210\": capacity 0 must be positive\n"+
		"bidder \"ontrac\": budget -0.01 must not be negative (0 means none)\n"+
		"bid \"w2\": price -0.01 must be positive", err.Error())
}

func TestProblemsZeroAmount(t *testing.T) {
	// A bid that pays nothing is valid: a warning, no error, and it counts
	// like any other bid, here towards the volume ontrac can reach.
	in := testInstance()
	in.Bids[o3].Amount = 0
	chooseOf(in).Max = 3
	in.Bidders[ontrac].MinVolume = 4201 // o1 1500 + o2 1200 + o3 1500 = 4200
	ps := in.Problems()
	require.NoError(t, ps.Err())
	var msgs []string
	for _, p := range ps {
		assert.Equal(t, SevWarning, p.Severity, p.Msg)
		msgs = append(msgs, p.Msg)
	}
	assert.Equal(t, []string{
		`bid "o3": price 0: the bid pays nothing: it can never add revenue`,
		`bidder "ontrac": min-volume 4201 is more than its bids can win (at most 4200): the bidder can never win`,
	}, msgs)
	assert.ErrorIs(t, ps[0], ErrNegative)
	assert.NoError(t, in.Validate())
}

func TestProblemsRepeats(t *testing.T) {
	// Repeats are found within one bundle or set, never across them, and
	// each repeat names the first place the item was seen.
	tests := []struct {
		name string
		edit func(in *Instance)
		want []string
	}{
		{"item three times in a bundle", func(in *Instance) {
			in.Bids[w1].Bundle = []Demand{{iD90210, 10}, {iAM, 10}, {iD90210, 10}, {iD90210, 10}}
		}, []string{
			`bid "w1": item "D90210" appears twice in the bundle (positions 1 and 3)`,
			`bid "w1": item "D90210" appears twice in the bundle (positions 1 and 4)`,
		}},
		{"repeats in two bundles", func(in *Instance) {
			in.Bids[w1].Bundle = []Demand{{iAM, 10}, {iAM, 10}}
			in.Bids[w2].Bundle = []Demand{{iD90210, 10}, {iAM, 10}, {iD90210, 10}}
		}, []string{
			`bid "w1": item "D90211.am" appears twice in the bundle (positions 1 and 2)`,
			`bid "w2": item "D90210" appears twice in the bundle (positions 1 and 3)`,
		}},
		{"unknown item between repeats", func(in *Instance) {
			in.Bids[w1].Bundle = []Demand{{9, 10}, {iAM, 10}, {9, 10}, {iAM, 10}}
		}, []string{
			`bid "w1": item index 9 names no item (there are 4)`,
			`bid "w1": item index 9 names no item (there are 4)`,
			`bid "w1": item "D90211.am" appears twice in the bundle (positions 2 and 4)`,
		}},
		{"repeats in two sets", func(in *Instance) {
			in.Sets = []ItemSet{{Name: "A", Items: []int{0, 1, 0}}, {Name: "B", Items: []int{1, 0, 1, 1}}}
		}, []string{
			`set "A" lists item "D90210" twice`,
			`set "B" lists item "D90211.am" twice`,
			`set "B" lists item "D90211.am" twice`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := testInstance()
			tt.edit(in)
			var msgs []string
			for _, p := range in.Problems() {
				msgs = append(msgs, p.Msg)
			}
			assert.Equal(t, tt.want, msgs)
		})
	}
}
