// Package wdp holds the parts of winner determination that come before
// and around the branch and bound: the MIP formulation (Build), presolve
// (Presolve, Formulation.Tighten), decomposition into independent
// components (Decompose), the greedy heuristic (Greedy), an exact brute
// force for small instances that tests use as their reference
// (BruteForce), and the LP and MPS writers behind solver.WriteLP and
// solver.WriteMPS. The search itself lives in package solver.
//
// A solve goes: Presolve the instance; Decompose the reduced instance;
// take each Trivial component's Solution as it is; Build (and Tighten)
// the others, search them, read the answer back with
// Formulation.Allocation; lift every component's award with Sub.Lift to
// the reduced instance, and that with Presolved.Lift to the original;
// check the union with auction.Instance.Check. The optimum is the sum of
// the components' optima.
//
// # The model
//
// Build formulates exactly the rules of auction.Instance.Check, with two
// deliberate differences that only ever forbid awards: a budget charges
// value × fraction unrounded (Check charges the rounded-down pay-as-bid
// payment, which is at most one minor unit less per bid), and a bid whose
// value is below the reserve of its bundle never wins (Check lets a
// divisible one win a fraction so small that rounding hides the
// difference). BruteForce and Greedy follow the same model.
//
// Columns, maximizing Σ value·x, the revenue in minor units of the
// instance's currency as a float64 (exact up to 2^53 minor units):
//
//   - x_i ∈ [0, u_i] for each bid i (column i): binary for an
//     all-or-nothing bid; for a divisible bid continuous, with a binary
//     switch z_i and rows f_i·z_i ≤ x_i ≤ u_i·z_i. u_i is the largest
//     fraction bid i can win alone (capacity/volume, max-share
//     limit/volume, budget/value, max-volume/total volume), 0 for a bid
//     that cannot win (x fixed at 0, no z). Limits are computed exactly in
//     rationals before they become float64 bounds.
//   - y_g, binary, for a nested group whose taken status matters: when
//     its parent's rows need it, or when its own rule is "none, or at
//     least a" (all, choose with Min ≥ 2). A child's taken column is the
//     bid's binary (x or z) or the subgroup's y. With y: xor Σt = y; or
//     t_k ≤ y and y ≤ Σt; choose a..b max(a,1)·y ≤ Σt ≤ min(b,n)·y (per
//     child t_k ≤ y when b ≥ n); all t_k = y. Without y (a child of the
//     root, or of a group that limits nothing): xor Σt ≤ 1, choose Σt ≤ b;
//     an or group needs nothing. The root is an or group.
//   - w_b, binary, for a bidder whose min-volume can bind: Σ volume·x ≥
//     min·w and t_i ≤ w for each of its bids. With a single bid left, the
//     bid's least fraction is raised instead (f_i ≥ min/volume).
//   - u_{b,it}, binary, for a bidder whose max-items can bind: t_i ≤
//     u_{b,it} for each item of each of its bids, Σ u ≤ max-items.
//   - the rule min-winners K (build_regions.go): for each region R (items
//     sharing a non-empty Item.Region) and each bidder b with live bids
//     touching R, a winner column v_{b,R}: the bid's t_i when b has one
//     such bid, else a binary r_{b,R} with r ≤ Σ t_i over them (a
//     divisible bid's t is its switch z, and x ≥ f·z gives it real
//     volume); then Σ_b v_{b,R} ≥ K. A region with fewer than K such
//     bidders keeps its row, which no point meets, and sets
//     Formulation.Infeasible. Under this rule the empty allocation is no
//     longer always feasible, nor is any allocation.
//
// Capacity, max-share (floor(share × capacity), by Ratio.FloorMul),
// budget and max-volume rows are Σ coef·x ≤ limit over the bids that can
// win. A row is left out when it names one bid (the bound u_i holds it)
// or holds even with every bid at its bound. Names (for export) are in
// names.go.
//
// # Presolve and decomposition
//
// Presolve removes bids that cannot win, bids of groups that can no
// longer be taken and of bidders whose min-volume is out of reach, and
// dominated all-or-nothing bids and duplicates under conditions proven
// safe in presolve_dominance.go (under the rule min-winners only within one
// bidder and one set of regions: a dominated bid of another bidder may be
// the only way to a region's K-th winner). Tighten then lowers coefficients of
// binary columns in packing and min-volume rows (Savelsbergh's
// coefficient reduction), which keeps the integer solutions and shrinks
// the LP relaxation. Decompose joins bids only through constraints that
// can bind, so components are as small as exactness allows; the rule
// min-winners binds all the bids of a region together, and when some
// region has fewer than K bidders the whole instance is one component.
//
// # Heuristics
//
// Greedy and Rounder (greedy in any order, LP rounding, local improvement)
// stay within every limit of the model. Under the rule min-winners a run
// that leaves a region short is repaired by swapping bids in
// (heuristic_region.go); when that fails they return the empty
// allocation, which then fails Check: the heuristic found none.
//
// # Tolerances
//
// Bound and row decisions in Build, Presolve and Decompose are exact
// (integers and rationals), except that a row whose bids have fractional
// bounds is dropped as redundant only with a margin of 1e-12 relative.
// Allocation snaps fractions within SnapTol (1e-9) of 1 or of the least
// fraction; Check allows 1e-9 relative on sums holding fractions.
// Everything is deterministic: no decision depends on map order, ties go
// to the lower index.
//
// # References
//
//   - D. Lehmann, L. I. O'Callaghan, Y. Shoham, "Truth revelation in
//     approximately efficient combinatorial auctions", JACM 49(5), 2002:
//     the greedy order by value / sqrt(size).
//   - T. Sandholm, "Algorithm for optimal winner determination in
//     combinatorial auctions", Artificial Intelligence 135, 2002:
//     preprocessing, dominated bids, decomposition into components.
//   - A. Andersson, M. Tenhunen, F. Ygge, "Integer programming for
//     combinatorial auction winner determination", ICMAS 2000.
//   - M. W. P. Savelsbergh, "Preprocessing and probing techniques for
//     mixed integer programming problems", ORSA J. Computing 6(4), 1994:
//     coefficient reduction.
//   - R. G. Bland, "New finite pivoting rules for the simplex method",
//     Math. of OR 2(2), 1977: the exact simplex of BruteForce.
package wdp
