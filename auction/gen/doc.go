// Package gen generates auction instances: the CATS distributions that the
// combinatorial-auction literature uses to compare solvers, the legacy
// distributions L1–L7 that preceded them, and ddu, a geographic market for
// USPS last-mile (DDU) capacity at every size from a 20-DDU toy to the
// national 18,000 DDUs with 100,000+ bids.
//
//	in, err := gen.Generate("regions", gen.Config{Goods: 256, Bids: 1000, Seed: 1})
//
// # Why here
//
// gen lives at auction/gen, public, because tests, benchmarks, the gavel
// CLI (gavel gen) and library users all need instances; it imports only
// package auction and the standard library, and returns an
// *auction.Instance that any bidlang writer can then print as .bids, JSON
// or CATS text. Keeping file formats out of gen keeps the dependency
// arrow pointing one way.
//
// # Determinism
//
// The same distribution name and Config give the same instance, byte for
// byte, on every platform: all randomness comes from math/rand/v2's PCG
// seeded with Config.Seed (and a constant derived from the
// distribution's name; ddu uses separate streams for its map and its
// bids); nothing iterates over a map to decide an order; ties are broken
// by index. The generators need exp and log; math.Exp and math.Log have
// assembly versions on some architectures, and Go may fuse x*y+z into one
// FMA instruction on others, either of which can change the last bit of a
// result and so a rounded price. So gen computes exp, log and pow itself
// from basic IEEE operations, and wraps every product that is added to
// something in an explicit float64 conversion, which the Go specification
// says forbids fusion. Money is rounded once, to the currency's minor
// unit, and is never below one minor unit.
//
// # Sizes
//
// Config.Goods is the number of goods (CATS) or DDUs (ddu); Config.Bids the
// number of bids. Both are honoured exactly: CATS stops when it has at
// least the requested number of bids and may overshoot by a bidder's XOR
// set; gen trims the last bidders' last bids instead. CATS's regions
// rounds the goods down to a square and paths prunes unused roads; gen
// keeps a short last grid row and every road instead (unused goods simply
// get no bids). Defaults: 256 goods and 1,000 bids for the CATS families,
// 1,000 DDUs and 5 bids per DDU for ddu. Limits: arbitrary 4,096 goods,
// paths 20,000 goods, ddu 100,000 DDUs.
//
// # The CATS distributions
//
// Written from Leyton-Brown, Pearson & Shoham, "Towards a universal test
// suite for combinatorial auction algorithms", ACM EC 2000, §4, and the
// CATS 2.x user guide and defaults. All are single-unit: goods "g0".."g{N-1}"
// with capacity 1, every volume 1. Prices are in the pseudo-currency XXX
// with Config.Decimals decimals (default 4). A bidder's XOR set, which CATS
// writes with a shared dummy good, is one bidder whose tree is an XOR
// group; a bid with no alternatives is a bidder of its own (bidders
// a0.., bids b0..). As CATS does by default, dominated bids are removed
// as they are generated (Config.KeepDominated keeps them, CATS's
// -no_dom_check): bid a dominates bid b when a's goods are a subset of b's
// (counting the dummy good, so a bid in an XOR set only dominates within
// its set) and a's price is at least b's.
//
// regions (§4.2, proximity in space): goods on a grid of floor(sqrt(N))
// rows; each good joined to its horizontal and vertical neighbours except
// with probability remove_neighbor = 0.1, plus one random diagonal with
// probability additional_neighbor = 0.2. Common values c_i ~ U[1,
// max_good_value = 100]. Each bidder draws private values p_i ~
// U[-deviation·100, +deviation·100] with deviation = 0.5; a first good
// with probability proportional to p_i + 50; then, while a coin with
// probability additional_location = 0.9 comes up, one more good: with
// probability jump_prob = 0.05 any good, else a good with probability
// proportional to (p_i + 50) times the number of its neighbours in the
// bundle. A bundle's value is Σ(c_i + p_i) + n^(1 + additivity), additivity
// = 0.2. For each good of the bundle a substitute of the same size is
// grown from it; substitutes worth at most budget_factor = 1.5 times the
// original, with common value at least resale_factor = 0.5 times the
// original's, join the original in an XOR set, best first, at most
// max_substitutable_bids = 5. Private values are uniform (CATS's -upv).
//
// arbitrary (§4.3, arbitrary relationships): as regions, but the grid is
// replaced by a complete graph with weights d(i,j) ~ U[0,1], a good is
// added with probability proportional to (p_i + 50)·Σ_{j in bundle}
// d(j,i), and there are no jumps. At most 4,096 goods (the matrix).
//
// paths (§4.1, paths in space): Goods/edge_density cities (edge_density
// = 3) uniform in the unit square; every city is joined to its
// initial_connections = 2 nearest cities, then roads are built along the
// cheapest route between random pairs of cities, where an existing road
// costs its length and a new one its length times building_penalty =
// 1.7, until there are exactly Goods roads (gen only builds a road
// between a city and one of its 10 nearest, which keeps national sizes
// fast; when building stalls, more cities, as CATS). Goods are roads. A
// bidder picks two cities A and B, values shipping at
// d·dist(A,B) with d ~ U[1, shipping_cost_factor = 1.5], and bids that
// price on each of the max_bid_set_size = 5 cheapest simple routes
// (Yen's algorithm) whose length is at most it, as an XOR set.
//
// matching (§4.4, temporal matching): the take-off and landing slots of
// Chicago O'Hare, Washington National, New York JFK and LaGuardia
// (Goods/4 slots each; the first Goods mod 4 airports get one more; at
// least 8 goods). Airport values ~ U[0, max_airport_price = 5]. A bidder
// flies one route (not JFK–LaGuardia) needing l slots, l proportional to
// the route's length with the longest route taking
// longest_flight_length = 10 slots (fewer when the day is short); it
// draws an intended take-off time and value factor dev ~ U[0.5, 1.5], and
// bids on every take-off up to early_takeoff_deviation = 1 slot early or
// late_takeoff_deviation = 2 late, with every landing at least l later,
// up to early_land_deviation = 1 early or late_land_deviation = 2 late,
// valued dev·(v_origin + v_destination)·delay_coeff^(extra slots in the
// air)·amount_late_coeff^(slots late), delay_coeff = 0.9,
// amount_late_coeff = 0.75, as an XOR set. Every bid has two goods.
//
// scheduling (§4.5, temporal scheduling): goods are time slots. A bidder's
// job needs l ~ U{1..max_length = 10} consecutive slots by a deadline d1
// drawn uniformly; value dev·l^(1 + additivity), dev ~ U[0.5, 1.5],
// additivity = 0.2. It bids on every interval of l slots ending by d1;
// then, while a coin with prob_additional_deadline = 0.7 comes up, it
// draws a later deadline d and bids d1/d of that value on the intervals
// ending after the previous deadline and by d; all as one XOR set.
//
// # The legacy distributions L1–L7
//
// As summarised in the CATS paper (§2) from Sandholm ("An algorithm for
// optimal winner determination in combinatorial auctions", IJCAI 1999 /
// AIJ 2002), Fujishima, Leyton-Brown & Shoham ("Taming the computational
// complexity of combinatorial auctions", IJCAI 1999) and Hoos & Boutilier
// ("Solving combinatorial auctions using stochastic local search", AAAI
// 2000), numbered as in CATS. Every bid is a bidder of its own; n is the
// number of goods of a bid, drawn without replacement; m = Goods.
//
//	L1 random:          n ~ U{1..m};                   price ~ U[0, 1]
//	L2 weighted random: n ~ U{1..m};                   price ~ U[0, n]
//	L3 uniform:         n = 3;                         price ~ U[0, 1]
//	L4 decay:           n = 1, +1 while U < α = 0.55;  price ~ U[0, n]
//	L5 normal:          n ~ N(4, 1) rounded, in 1..m;  price ~ N(16, 3), > 0
//	L6 exponential:     P(n) ~ exp(-n/q), q = 5;       price ~ U[0.5n, 1.5n]
//	L7 binomial:        each good with p = 0.2;        price ~ U[0.5n, 1.5n]
//
// With dominance removal few L1 bids survive: over a few dozen goods it
// cannot reach hundreds of bids and Generate returns ErrExhausted; use
// Config.KeepDominated.
//
// # The ddu distribution
//
// A parcel market on a flat map in km (projected around 38.5°N 96.5°W for
// the items' LatLon), built in this order:
//
//   - Map: MapWidthKm × 0.56·MapWidthKm. Metros with Zipf weights 1,
//     1/2, 1/3, ... at uniform centres; each DDU is rural with
//     probability RuralShare (uniform on the map), else around a metro
//     drawn by weight, normally with standard deviation MetroSpreadKm ×
//     sqrt(weight). A DDU's density is its neighbour count within twice
//     the mean spacing, squashed to [0, 1).
//   - Network: LPCs (local processing centers) by k-means over DDUs,
//     ceil(DDUs / DDUsPerLPC) of them; regions by weighted k-means over
//     LPCs, ceil(LPCs / LPCsPerRegion). Regions R01.. and LPCs L001.. are
//     numbered west to east, and DDUs D00001.. by LPC, west to east.
//     Item.Region is the region; unless NoSets, each region and each LPC
//     is a named ItemSet.
//   - Items: capacity log-normal around a median from CapacityRural
//     (isolated) to CapacityUrban (metro core), rounded to 10, at least
//     50. A share WindowsShare of DDUs sell two tender windows, items
//     D….am (55–70% of the capacity) and D….pm. A share ReserveShare has
//     a reserve per parcel of Reserve × (1 + 0.5·(1 − density)) ×
//     U[0.9, 1.1] (pm: 90% of it).
//   - Shippers, by share of the bids: NationalShare from Nationals
//     national retailers (3–6 hubs at metros; packages of the densest
//     15–50% of the DDUs of 1, 2, 3, 4 or 6 neighbouring LPCs, across
//     regions, around an LPC drawn near a hub); RegionalShare from regional
//     carriers (1–2 metro hubs, 4–16 bids, clusters of the 5–40 DDUs
//     nearest a point drawn normally around a hub, with a territory radius
//     of 2.5–9% of the map width); and the rest from small 3PLs (one hub
//     at a DDU, mostly in metros, 1–5 bids, clusters of 1–8 DDUs, radius
//     0.4–2% of the map width).
//   - Bids: each bid is alone, or with probability XorShare one of 2 to
//     MaxXor alternatives (other package sizes; nearby clusters) in an
//     XOR group. Volume at a DDU: the shipper's share of capacity
//     (national 10–30%, regional 5–20%, 3PL 2–8%) × U[0.8, 1.2], rounded
//     to 10, on the am window, the pm window or both; never above an
//     item's capacity or its max-share limit. The value of a parcel is
//     Value × (0.8 + 0.4·density) less HaulCost per 1,000 km from the
//     shipper's nearest hub (at least 30% of it), × 1.05 / 1 / 0.95 by
//     kind, × exp(Noise · z) with z a private standard normal per
//     (shipper, DDU); a bid is worth the sum over its parcels × n^Synergy
//     for n DDUs × a log-normal(0.05) factor, and never less than its
//     reserves. DivisibleShare of regional and 3PL bids (half as many
//     national ones) are divisible, with min 1/4, 1/2 or 3/4, at a rate
//     per parcel; the others are all-or-nothing at a total price, in
//     cents.
//   - Bidders with two or more families: BudgetShare of them get a budget
//     of BudgetFactor × U[0.8, 1.2] × the sum of their families' best
//     values, never below their best single bid; MinVolumeShare of the
//     rest a min-volume of 20–50% of the sum of their families' largest
//     volumes (or of what the DDUs they bid on can give them, capacity
//     and max-share considered, when that is less: no bidder is made a
//     loser by construction). MaxShare
//     sets the auctioneer's max-share rule.
//
// The common per-parcel value (density, distance from hubs) plus private
// noise is what makes the revenue-maximising award far from obvious:
// neighbouring shippers value the same DDUs alike, bundles overlap, and
// budgets and XOR groups couple them.
//
// DDUConfig documents every parameter with its default; Params describes
// them by name for command-line flags (--ddu-windows-share 0.3, ...).
// A zero field means its default; the constant Zero asks for an explicit
// zero where zero is meaningful.
//
// The national market (18,000 DDUs, 100,000 bids, about four million
// bundle entries) takes about a second (BenchmarkNationalDDU).
package gen
