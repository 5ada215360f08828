// Package cuts separates cutting planes for the winner determination MIP
// of package wdp: clique inequalities over the conflict graph of the
// binary columns (Cliques), odd-cycle inequalities over the same graph
// (OddCycles), lifted knapsack cover inequalities (Covers) and Gomory
// mixed-integer cuts from the simplex tableau (Gomory).
// Every cut is valid for every integer-feasible point of the formulation
// under its global column bounds, so a search may add cuts at the root and
// keep them in the whole tree. A separator is built once per formulation
// and remembers the cuts it returned, so it never returns one twice.
//
//	cl, cv := cuts.NewCliques(f), cuts.NewCovers(f)
//	var rows lp.Rows
//	n := cl.Separate(x, &rows, 50) + cv.Separate(x, &rows, 50)
//	// add rows to the model (lp.Model.AddRows) when n > 0, solve again
//
// # Knapsacks implied by the rows
//
// Both separators work on binary knapsacks Σ w_j·x_j ≤ c derived from
// each finite side of each row, written as Σ a_j·x_j ≤ b:
//
//   - a binary column (integer, bounds [0, 1]) with a_j > 0 is an item of
//     weight a_j; one with a_j < 0 is taken at 1, a fixed column at its
//     value, a continuous column at the bound that makes a_j·x_j least
//     (a row with an infinite such bound gives no knapsack);
//   - c = b minus those least contributions;
//   - a continuous column x with a_x > 0 whose rise above its lower bound
//     l a binary z forces (a row with exactly these two entries, such as
//     x − f·z ≥ 0 for a divisible bid and its switch, giving z = 1 ⇒
//     x ≥ f) adds a_x·(f − l) to the weight of z: a_x·x ≥ a_x·l +
//     a_x·(f − l)·z holds at every point where z is 0 or 1. A column
//     forced by two different binaries is taken at l.
//
// So Σ a_j·x_j ≥ (b − c) + Σ w_j·x_j at every point satisfying the rows
// with integral binaries, and the knapsack is a relaxation of the row.
// Capacity, max-share, budget and max-volume rows give knapsacks of bids
// (switches for divisible bids, weighted by their least fraction); group
// rows such as Σ t ≤ 1 and Σ t − y = 0 give knapsacks of unit weight.
//
// # Cliques
//
// Two binary columns conflict when the items of some knapsack cannot both
// be 1: w_i + w_j > c. With the items sorted by weight, the conflicts of
// an item in a row are a prefix of the row, so the graph is never
// enumerated: adjacency intersects the two columns' (short) lists of rows,
// and neighbourhoods are prefixes found by binary search. A row with
// thousands of entries costs a sort, not a quadratic number of pairs.
//
// Separation follows Atamtürk, Nemhauser and Savelsbergh: from each seed
// column with x > Eps (by decreasing x) whose neighbours with x > Eps
// could make a violated clique at all, find the heaviest clique through
// the seed among those neighbours (exactly, by branch and bound over bit
// sets, when there are at most 64 of them, within 2,000 nodes; greedily
// by decreasing x otherwise); when its weight exceeds 1 + Tol, extend it
// to a maximal clique with the common neighbours at 0, by decreasing
// objective, so that the cut stays strong deeper in the tree.
//
// # Odd cycles
//
// The columns of an odd cycle C of the conflict graph hold at most
// (|C| − 1)/2 ones: Σ_C x_j ≤ (|C| − 1)/2. Cliques miss these where
// conflicts come from different rows: CATS L3 and L4 markets, whose bids
// each hold a few of many goods, have LP optima made of such cycles (on
// L4 at 1,000 goods × 5,000 bids, three rounds of them close the whole
// root gap; cliques and Gomory cuts close 38% of it).
//
// Separation is exact on the support graph (Grötschel, Lovász and
// Schrijver): with edge weights 1 − x_u − x_v, an odd cycle weighs |C| −
// 2·Σ_C x and is violated exactly when it weighs less than 1. Columns with
// x in (0.001, 0.999) and their conflicts of weight below 1 make the
// graph (where x meets the conflicts, a violated cycle has no column at 0
// or 1); doubled by parity, a shortest path from (s, even) to (s, odd) is
// a shortest odd closed walk through s. The search meets in the middle:
// the edge that holds the midpoint of a cycle of weight W has both ends
// within W/2 of s with the same parity, so Dijkstra's algorithm stops at
// 1/2 and the lightest edge between two states of equal parity closes the
// walk, from which an odd simple cycle no heavier is split off. Sources
// are taken by x closest to 1/2 first; a column lies on at most three
// cycles per call, cycles longer than 31 are dropped, and a call does at
// most 2·10⁷ steps.
//
// # Covers
//
// A cover of a knapsack is a set C of items with Σ_C w_j > c, so at most
// |C| − 1 of them can be 1. For each knapsack where not every two items
// conflict (there clique cuts say more) and where x has a fractional
// item, the greedy of Crowder, Johnson and Padberg takes items by
// increasing (1 − x_j)/w_j until they cover, then drops items of least x
// while a cover remains, which makes it minimal (a cover of two items is
// left to Cliques: lifted, it is a clique). The other items are then
// lifted one by one (those with x > Eps first, by decreasing x, then the
// rest, heaviest first), each exactly: item k gets α_k = r − max{Σ α_i x_i
// over the items lifted so far and C : Σ w_i x_i ≤ c − w_k}, the maximum
// computed by dynamic programming over the profits 0..r (r = |C| − 1),
// which are small integers. The cut Σ_C x_j + Σ α_k x_k ≤ r has integer
// coefficients.
//
// # Gomory mixed-integer cuts
//
// Gomory reads rows of the simplex tableau of an optimal basis. With the
// row activities r = A·x as variables, the rows whose activity is
// nonbasic (T) and the basic columns (B) make a square kernel K = A[T, B]
// (the rows with a basic activity play no part, so K is small where many
// rows are slack); a basic column is x_q = w·r_T − Σ_{j nonbasic}
// (w·A[T, j])·x_j with w = K⁻ᵀ·e_q. K is factored densely (gonum's LU
// with partial pivoting) when it has at most gmiMaxKernel rows and its
// condition number is below 1e12; the w of 32 rows at a time come from
// one triangular solve with as many right-hand sides (level-3 BLAS, four
// to five times faster than a solve per row). For each basic integer column whose
// value is at least 0.01 from an integer (the most fractional first, at
// most 200 rows, within a budget of about 4·10⁸ flops per call), every
// nonbasic column and activity is measured from the bound it sits at
// (t ≥ 0), and the row x_q + Σ ā_v·t_v = x̄_q gives the Gomory
// mixed-integer cut Σ π_v·t_v ≥ 1 with π_v = f_v/f₀ or (1 − f_v)/(1 − f₀)
// for integer variables (f the fractional parts) and ā_v/f₀ or
// −ā_v/(1 − f₀) for continuous ones. An activity is an integer variable
// when its row has only integer columns with integer coefficients and
// integer bounds (capacities in units, group rows, clique and cover cuts);
// earlier Gomory cuts are continuous. Substituting back gives a cut in x.
//
// Safety: the row is used only when the nonbasic variables sit at their
// bounds and the tableau row reproduces x̄_q within 1e-6; coefficients
// below 1e-9 of the largest are removed by bounding them with the column
// bounds; a cut whose coefficients span more than 1e6, or with more than
// MaxSupport entries, is dropped; the right-hand side is relaxed by 1e-9
// of its magnitude plus the coefficients' sum; the cut is scaled to a
// largest coefficient of 1 and kept when violated by more than 1e-4. The
// cuts are valid for every integer point within the formulation's column
// bounds, so they hold in the whole tree, but most are dense (on CATS
// markets they hold most columns) and slow every later LP solve, so a
// search should keep only those within MaxSupport. (The solver's root cut
// loop adds up to ten rounds of them, at most 40 nonzeros each, once the
// cliques and covers stall: see gomoryRounds there.)
//
// # Where cuts do not help: multi-unit DDU markets
//
// On DDU markets the root gap is that of a multidimensional knapsack, and
// no family here closes a useful part of it. Measured once (a study of
// 2026-11-22, recorded in benchmarks/README.md) on the 200-DDU × 1,000-bid
// market (seed 1), whose root bound after the solver's cuts is 587,940 and
// whose best award known is 543,883 (a gap of about 44,000): on its large
// component the LP optimum fills 97.3% of the capacity with fractions of
// 176 bids (18 of the national bidder's, worth 164.6k, where awards win
// one of its bids); every tight capacity row holds fractional bids, few
// budget rows (5 of 43) and xor rows (18 of 179 split) take part, and
// divisible bids sit at x = z below their least fraction, not at f·z.
// Cliques, covers and odd cycles lower the component's bound by 354; exact
// cover separation instead of the greedy by 14 more; GUB covers (Wolsey
// 1990; tried and dropped) by 42 more, and by 56 of about 976,000 at the
// root of the 2,000-DDU market. The strongest single split, on the
// national bidder's number of winning bids, lowers the bound by 209: the
// LP is flat, and the gap needs search or a stronger relaxation, not more
// rows.
//
// # Tolerances and determinism
//
// Every decision that a set of items breaks a knapsack requires its
// weight to exceed c by 1e-9·(1 + Σ |a_j·bound_j| + |b|), so rounding can
// only make a cut weaker, never invalid; forced lower bounds are lowered
// by 1e-12 relative for the same reason. A cut is returned when violated
// by more than Tol. Cuts are ranked by violation, ties in the order
// found, and every order used breaks ties by column index: the same
// formulation and points give the same cuts.
//
// # References
//
//   - M. Grötschel, L. Lovász, A. Schrijver, Geometric Algorithms and
//     Combinatorial Optimization, Springer 1988, §9.1 (odd cycles of a
//     graph, separated by shortest paths in the doubled graph).
//   - A. Atamtürk, G. L. Nemhauser, M. W. P. Savelsbergh, "Conflict graphs
//     in solving integer programming problems", European Journal of
//     Operational Research 121(1), 2000.
//   - H. Crowder, E. L. Johnson, M. Padberg, "Solving large-scale zero-one
//     linear programming problems", Operations Research 31(5), 1983.
//   - Z. Gu, G. L. Nemhauser, M. W. P. Savelsbergh, "Lifted cover
//     inequalities for 0-1 integer programs: computation", INFORMS Journal
//     on Computing 10(4), 1998.
//   - L. A. Wolsey, Integer Programming, Wiley 1998, §9.3 (sequential
//     lifting), §8.7 (mixed-integer rounding and Gomory mixed-integer cuts).
//   - G. Cornuéjols, "Revival of the Gomory cuts in the 1990's", Annals of
//     Operations Research 149, 2007.
package cuts

// Eps is the value above which a column counts as nonzero in separation.
const Eps = 1e-6

// Tol is the least violation of a cut returned.
const Tol = 1e-6
