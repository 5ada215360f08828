package wdp

import (
	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/lp"
)

// Formulation is the winner determination MIP of one instance (see the
// package comment): an lp.Problem that maximizes revenue, which columns are
// integer, and what every column and row stands for.
//
// Column j < len(In.Bids) is the fraction x of bid j; the other columns
// follow in the order switches, group indicators, bidder switches, usage
// binaries, region winners. A Formulation is built once; a search changes column bounds
// only (and may add cuts after the last row).
type Formulation struct {
	In      *auction.Instance // the instance it was built from; not copied, not changed
	Problem *lp.Problem       // Sense is lp.Maximize
	Integer []bool            // by column: binary (all integer columns have bounds within [0, 1])
	Cols    []Col             // by column
	Rows    []Row             // by row

	// Taken is, by bid, the column that is 1 exactly when the bid wins:
	// its fraction for an all-or-nothing bid, its switch for a divisible
	// one. Branch on these.
	Taken []int
	// Switch is, by bid, the column of its switch z, or -1 for an
	// all-or-nothing bid.
	Switch []int
	// GroupCol gives the indicator column of the nested groups that have
	// one (see the package comment for which do).
	GroupCol map[*auction.Group]int
	// BidderCol is, by bidder, the column of its min-volume switch w, or -1.
	BidderCol []int
	// Dead is, by bid, why the bid can never win (its columns are fixed at
	// 0), or ReasonNone.
	Dead []Reason
	// MinFrac is, by bid, the least positive fraction it may win at: 1 for
	// an all-or-nothing bid, MinFraction or more for a divisible one (more
	// when its bidder's min-volume can only be met by this bid alone); 0
	// for a bid that cannot win.
	MinFrac []float64
	// Infeasible is set when the rule min-winners cannot be met: in some
	// region fewer bidders can win than it asks for. The rows say so too
	// (the LP relaxation is infeasible), so a search that ignores this
	// field still finds no solution; one that reads it can stop at once.
	Infeasible bool
}

// ColKind says what a column stands for.
type ColKind uint8

const (
	ColBid    ColKind = iota // x: the fraction of a bid that wins; binary for an all-or-nothing bid
	ColSwitch                // z: 1 when a divisible bid wins, at a fraction in [MinFraction, 1]
	ColGroup                 // y: 1 when a nested group is taken (a bid in it wins)
	ColBidder                // w: 1 when a bidder with a min-volume wins something
	ColUsage                 // u: 1 when a bidder with max-items may win volume on an item
	ColRegion                // r: 1 only when a bidder wins volume in a region (rule min-winners)
)

var colKindNames = [...]string{"bid", "switch", "group", "bidder", "usage", "region"}

func (k ColKind) String() string {
	if int(k) < len(colKindNames) {
		return colKindNames[k]
	}
	return "ColKind(?)"
}

// Col says what one column stands for. Fields that do not apply are -1
// (nil for Group).
type Col struct {
	Kind   ColKind
	Bid    int            // ColBid, ColSwitch
	Bidder int            // every kind: the bidder it belongs to
	Item   int            // ColUsage
	Region int            // ColRegion: the index in In.Regions()
	Group  *auction.Group // ColGroup
	Name   string         // unique, safe for LP and MPS files
}

// RowKind says what a row stands for. The name prefix of its rows follows
// each kind.
type RowKind uint8

const (
	RowCapacity      RowKind = iota // cap_<item>: Σ volume·x ≤ capacity
	RowSwitchMin                    // swlo_<bid>: x − f·z ≥ 0 (a divisible bid wins at least its min fraction)
	RowSwitchMax                    // swhi_<bid>: x − u·z ≤ 0 (u: the most it can win alone)
	RowGroupAtMost                  // grp_<bidder>__<path>_max: Σ taken − b·y ≤ 0, or Σ taken ≤ b without an indicator
	RowGroupAtLeast                 // grp_..._min: a·y − Σ taken ≤ 0 (a nested group taken has a taken child)
	RowGroupExactly                 // grp_..._eq: Σ taken − k·y = 0
	RowGroupChild                   // grp_..._c<k>: taken_k − y ≤ 0
	RowGroupAll                     // grp_..._all<k>: taken_k − y = 0
	RowBudget                       // budget_<bidder>: Σ value·x ≤ budget
	RowMinVolume                    // minvol_<bidder>: Σ volume·x − min·w ≥ 0
	RowMinVolumeLink                // minlink_<bid>: taken − w ≤ 0
	RowMaxVolume                    // maxvol_<bidder>: Σ volume·x ≤ max-volume
	RowUsageLink                    // itemlink_<bid>__<item>: taken − u ≤ 0
	RowMaxItems                     // maxitems_<bidder>: Σ u ≤ max-items
	RowMaxShare                     // share_<bidder>__<item>: Σ volume·x ≤ floor(max-share·capacity)
	RowRegionLink                   // regwin_<bidder>__<region>: r − Σ taken ≤ 0 over the bidder's bids in the region
	RowMinWinners                   // minwin_<region>: Σ winner columns ≥ min-winners
)

var rowKindNames = [...]string{
	"capacity", "switch-min", "switch-max", "group-at-most", "group-at-least", "group-exactly",
	"group-child", "group-all", "budget", "min-volume", "min-volume-link", "max-volume",
	"usage-link", "max-items", "max-share", "region-link", "min-winners",
}

func (k RowKind) String() string {
	if int(k) < len(rowKindNames) {
		return rowKindNames[k]
	}
	return "RowKind(?)"
}

// Row says what one row stands for. Fields that do not apply are -1 (nil
// for Group).
type Row struct {
	Kind   RowKind
	Item   int            // RowCapacity, RowUsageLink, RowMaxShare
	Region int            // RowRegionLink, RowMinWinners: the index in In.Regions()
	Bidder int            // the bidder it belongs to, or -1 for RowCapacity and RowMinWinners
	Bid    int            // RowSwitchMin, RowSwitchMax, RowMinVolumeLink, RowUsageLink
	Group  *auction.Group // the group rows
	Name   string
}

// NumCols is the number of columns.
func (f *Formulation) NumCols() int { return len(f.Cols) }

// NumRows is the number of rows.
func (f *Formulation) NumRows() int { return len(f.Rows) }
