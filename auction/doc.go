// Package auction is gavel's model of a combinatorial auction of USPS
// last-mile capacity: the items on sale, the bidders and their bids, the
// auctioneer's rules, and allocations of items to bids. It also checks them:
// [Instance.Validate] says whether an instance makes sense, and
// [Instance.Check] whether an allocation obeys every rule of an instance.
// Other packages read instances from files (bidlang) and solve them
// (solver); this one neither reads nor prints.
//
// # Using the package
//
// An [Instance] comes from a file (bidlang.ReadBids, bidlang.Read), from a
// generator (package auction/gen), or from code: a [Builder] adds items,
// bidders, bids and groups and validates at Build, and an Instance may also
// be written as a literal (see the package example). Then:
//
//   - [Instance.Validate] returns nil or a [*ProblemsError]; warnings, which
//     do not make an instance invalid, are in [Instance.Problems];
//   - [Policy.Apply] returns a copy with other rules of the auctioneer (a
//     max-share, reserves scaled), leaving the instance as it was;
//   - a solver (solver.Solve) returns an [Allocation]; [Instance.Check] says
//     whether an allocation meets every rule ([Problems.Err] is nil when it
//     does);
//   - [Instance.Revenue], [Instance.PayAsBid] and [Instance.BidderPayments]
//     price it under pay-as-bid (VCG and core payments are in
//     solver/mechanism); [Instance.ItemVolumes], [Instance.BidderVolumes]
//     and [Instance.Stats] describe it for reports.
//
// Amounts are [Money] in minor units: print them with [Money.Format] and
// the decimals of [Instance.CurrencyOrDefault], since an instance whose
// file names no currency has a zero Currency, which means USD.
//
// # Items and bids
//
// An [Item] is capacity sold in whole units: a DDU (a local post office), or
// one tender window of a DDU. It has a capacity (parcels a day) and may
// have a reserve price per unit. A [Bid] asks for a bundle of (item,
// volume) pairs and offers either a price for the whole bundle or, when
// PerUnit is set, a rate per unit of volume; its value is then the rate
// times the bundle's total volume. Items, bidders and bids refer to each
// other by index into the Instance's slices; IDs are for people.
//
// A bid is all or nothing unless it sets MinFraction below 1: then it is
// divisible, and any fraction f in [MinFraction, 1] of every volume of the
// bundle may be awarded, for the same fraction of the value.
//
// # Bid trees
//
// Each [Bidder] holds its bids in a tree of groups whose root is an Or
// group. A child of a group is a bid or a nested group, and it is taken
// when a bid somewhere in it wins. The kind of each group limits how many
// of its children are taken:
//
//	or          any number
//	xor         at most one
//	choose a..b none, or between a and b (0 ≤ a ≤ b, b ≥ 1)
//	all         all of them or none
//
// Groups nest, so OR-of-XOR, XOR-of-OR and deeper combinations need no
// special form. Every bid is in exactly one place, in its own bidder's tree.
//
// # Money
//
// [Money] is an exact amount in minor units of the instance's [Currency]
// (cents for USD): prices are read from decimal text by [ParseMoney]
// without rounding, and every sum is a sum of integers, checked for
// overflow. The one rounding in the model is in [Instance.PayAsBid]: a bid
// awarded a fraction f < 1 pays floor(f × value), never more than it bid.
// So the revenue of an allocation is exactly the sum of its payments.
// Fractions of a unit ([Ratio]: min fractions, max-share) are exact too.
//
// # Rules and limits
//
// A winning bid must pay at least the reserve of what it gets. Payment and
// reserve scale alike with a divisible bid's fraction, so the test is on
// the whole bundle: the bid's value must be at least Σ volume × reserve. A
// bid whose value is below that can never win, and Validate warns about it.
//
// The rule max-share caps the volume any one bidder wins on any one item,
// over all its bids, at floor(max-share × capacity).
//
// The rule min-winners K (Rules.MinWinners) keeps regions from going to
// one shipper: in every region, the set of items sharing a non-empty
// Item.Region ([Instance.Regions]), at least K distinct bidders must win
// some volume on an item of that region (any positive fraction of a bid
// touching the region counts, and one bid may count in several regions).
// Items without a region belong to no region and are not counted. The
// rule is strict: when fewer than K bidders can win in some region, no
// allocation is feasible, not even the empty one, and a solver reports the
// instance infeasible rather than relaxing the rule; Validate warns when
// fewer than K bidders bid in a region at all.
//
// A bidder's budget caps the sum of its pay-as-bid payments; min-volume
// means it wins a total volume of 0 or at least that much; max-volume caps
// the total volume; max-items caps the number of items it wins volume on.
// Zero means no limit for all four.
//
// # Checking
//
// [Instance.Problems] lists what is wrong with an instance, as errors (the
// instance is unusable) and warnings (a bid that can never win, a bidder
// without bids). Each [Problem] carries a sentinel error for errors.Is and
// a [Ref] to the part of the instance it is about, so that readers of files
// can report it at a line and column.
//
// [Instance.Check] is the certificate every allocation passes before a
// solver returns it. It re-derives every constraint from the instance
// alone, with exact integers wherever awards are whole and a relative
// [Tolerance] of 1e-9 where fractions make volumes inexact.
package auction
