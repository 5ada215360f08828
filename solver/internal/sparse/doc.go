// Package sparse is a pure-Go LP engine for large sparse problems: a
// bounded dual simplex on a sparse LU factorization of the basis, behind
// the lp.Model interface, with a primal simplex for cleanup and, after an
// idiot crash, for cold solves of larger LPs. It is built into every
// binary (no cgo).
//
// # Form
//
// The LP is solved as
//
//	minimize ĉᵀx̂ subject to Â·x̂ − r̂ = 0, l̂ ≤ x̂ ≤ û, RowLower·R ≤ r̂ ≤ RowUpper·R
//
// over the n scaled columns x̂ and m scaled row activities r̂ (the logical
// variables, whose columns are −e_i), with a basis of m of these n+m
// variables; the others sit at a bound, or at zero when free. A
// maximization minimizes −c. Scaling: Â = R·A·C with R and C diagonal,
// x̂ = C⁻¹x, ĉ = C·c, r̂ = R·(A·x); R and C come from six passes of
// geometric-mean scaling over rows and columns, rounded to powers of two
// so that scaling is exact, and are skipped when every |a_ij| lies within
// a factor 4. Results are unscaled: x = C·x̂ (clamped to its bounds),
// y = R·ŷ, and A·x and d = c − Aᵀy are recomputed on the data as given.
// The matrix is held column by column and row by row; each row lists the
// entries of nonbasic columns first, a split kept as columns enter and
// leave the basis (two swaps per entry of the column that moves).
//
// # Factorization
//
// B = LU by Markowitz pivoting with threshold partial pivoting (a pivot at
// least 0.1 times its column's largest entry, none below 1e-11): logical
// columns pivot first, then the sparsest columns and rows of the active
// submatrix, kept in count buckets, are searched (at least 4 of them) for
// the smallest Markowitz count (r−1)(c−1), with each column's largest
// entry cached until the column changes; singletons pivot at once. The
// active submatrix is kept by column (rows and values) and by row
// (columns), each entry linked to its twin in the other list, so that
// neither the search of a row nor the elimination looks for an entry in a
// column. Once the active submatrix is square, of order 400 or more and
// 90% dense, it goes to a dense LU with partial pivoting (row-major, as
// LAPACK's getf2, on the calling goroutine, allocating nothing once its
// buffer has grown); a pivot below 1e-11 there hands it back to the
// sparse elimination, which finds the dependent columns. On a basis of the
// national DDU LP (97,331 rows, 12,823 structural columns, after 20,000
// pivots of its cold solve) the last 639 rows and columns go dense, and
// the factorization takes 0.8–0.9 s of CPU instead of 2.8–2.9 s, for 2% more
// entries in L and U. L is a file of column etas, U is kept by column
// (FTRAN) and by row (BTRAN and updates), each column and row a segment
// of a flat array (a row that fills its room moves to the end).
//
// Basis changes are Forrest–Tomlin updates: the spike of the entering
// column (its FTRAN after L and the earlier row etas, kept by the FTRAN
// that the ratio test needs anyway) replaces the leaving position's column
// of U, that position's pivot moves to the end of U's pivot order, and the
// row it leaves behind is eliminated by a row eta (row r −= Σ μ_i·row i
// over the rows of later pivots). The new diagonal of U must equal α_rq
// times the old one within 1e-8 relatively, and be at least 1e-11; if not,
// the basis is factorized afresh. On the optimal bases of the DDU
// benchmark LPs the spikes are 8 and 17 times sparser than B⁻¹a_q (41
// entries against 327 on 1,007 rows, 113 against 1,970 on 5,000), which is
// why the update pays over product-form etas; the row etas are nearly as
// long as the spikes (42 entries against 48 on average in the smaller
// one's cold solve). A new factorization is computed when L, U and the row
// etas hold more than twice the entries of the fresh factors (FTRAN and
// BTRAN follow them), or after 100 updates (m/250 on bases of more than
// 25,000 rows); on the DDU 200 × 1,000 and
// CATS regions 1,000 × 5,000 cold solves the time is flat, within the
// noise, between 1.5 and 3 times and 50 and 200 updates. On the national
// DDU LP (97,331 rows) the factorizations of the late bases of its cold
// solve (1.4 to 1.6 million entries in L and U) took 70% of the CPU time
// at 100 updates, hence the longer runs there (updateLimit). A singular basis
// (from SetBasis, AddRows, DeleteRows or a numerical accident) is repaired
// by replacing its dependent columns with the logicals of the rows no
// pivot covered. The workspace is carved out of flat buffers kept by the
// model (a column or row of the active submatrix that fills past its room
// moves to the end of its buffer, with room for as many entries again),
// so that once they have grown a factorization allocates nothing, and
// neither do updates.
//
// # Dual simplex
//
//   - Pricing: dual steepest edge (the largest squared infeasibility over
//     the weight ‖row p of B⁻¹‖²), with exact weights for the slack basis
//     and the Forrest–Goldfarb update (one extra FTRAN per iteration). The
//     three FTRANs of an iteration (the entering column, B⁻¹·rho for the
//     weights, and the bound flips' change of the basic variables) are
//     done in one pass over L, U and the row etas, which reads each entry
//     once instead of three times (the vectors are mostly dense on DDU
//     bases). The weights are kept per variable across solves, so that a
//     warm start after bound changes, AddRows or DeleteRows reuses them;
//     SetBasis with another basis starts them all at 1 (weights left from
//     other bases cost twice the pivots of DDU re-solves).
//   - Pivot row: row r of B⁻¹ times [Â | −I] over the nonbasic variables,
//     through the nonbasic part of the row-major copy when the rows of
//     its nonzeros hold less than half the entries of the nonbasic
//     columns (a scattered entry costs about twice a gathered one), else
//     column by column over the nonbasic columns. On DDU bases row r of
//     B⁻¹ is mostly 10–20% dense, where the row-major product touches a
//     fifth of the entries the column-wise one does (a rule by count,
//     dense beyond m/8 nonzeros, took the column-wise one).
//   - Ratio test: bound flipping (long step) with Harris' tolerances:
//     boxed variables whose breakpoints the step passes flip to their
//     other bound as long as the remaining primal infeasibility (the slope
//     of the dual objective) stays positive; among the breakpoints within
//     Harris' bound, the largest pivot enters. A variable that cannot flip
//     (a bound is infinite) ends the test once its breakpoint is reached,
//     so the breakpoints beyond the smallest Harris bound of such a
//     variable are dropped before the passes: the same choices over far
//     fewer candidates on DDU LPs, whose row activities are one-sided
//     (a 59% cut of the test's instructions on DDU 200 × 1,000). The
//     first twelve passes scan the breakpoints unsorted (most tests end
//     in one or two, and a pass costs a tenth of a sort); a longer run of
//     flips sorts them once. When the pivot seen by row
//     and by column disagree (beyond 1e-8 relatively), the basis is
//     factorized afresh and the iteration redone.
//   - Degeneracy: at the start of each solve the costs of the nonbasic
//     variables are perturbed by 1e-7·(1+|c_j|)·(1…2) (pseudo-random, fixed
//     per variable), in the direction that keeps the basis dual feasible.
//     Small dual infeasibilities that appear on refactorization are removed
//     by flipping boxed variables and shifting the costs of the others. At
//     the optimum the original costs are restored; if the basis is then not
//     dual feasible, the primal simplex cleans up.
//   - Dual infeasible starts ("phase 1"): a boxed nonbasic variable is put
//     at the bound that makes it dual feasible; a free or one-sided one has
//     its cost shifted to make its reduced cost zero. The dual simplex then
//     runs on the shifted costs; an infeasibility it proves holds for any
//     costs. At its optimum the original costs are restored and the primal
//     simplex (phase 2, from a primal feasible basis) finishes, which also
//     finds an unbounded ray.
//   - Optimality and infeasibility are declared only on values recomputed
//     from the factorization, never on updated ones: after any basis change
//     within the solve, on a fresh factorization.
//
// # Primal simplex
//
// It cleans up after the dual simplex (phase 2 above) and solves cold
// from the idiot crash's point (below), or from the slack basis. Phase 1
// minimizes the sum of the basic variables' infeasibilities, phase 2 the
// costs in use.
//
//   - Reduced costs: updated at every basis change with the pivot row
//     (row r of B⁻¹ times [Â | −I], computed as in the dual: d_j −= θ·α_rj,
//     θ = d_q/α_rq), recomputed from the factorization only on a new
//     factorization and when phase 1 ends. In phase 1, when the set of
//     infeasible basic variables, hence the phase-1 costs c_B, changes by
//     Δ, they are updated by −[Â | −I]ᵀ·B⁻ᵀ·Δ, a BTRAN and a pivot-row
//     product, rather than recomputed from the whole matrix (on the
//     national DDU LP, 97,331 rows and 4.18 million entries, the costs
//     change at most pivots of phase 1).
//   - Pricing: devex (largest d_j²/w_j), with the reference framework of
//     the nonbasic variables at the start; w_j = max(w_j, (α_rj/α_rq)²·w_q)
//     and the leaving variable's max(w_q/α_rq², 1); the framework is reset
//     when a weight passes 10⁶. Every nonbasic variable is priced at every
//     iteration (no partial pricing: pricing is a tenth of a DDU pivot, the
//     pivot row most of the rest), except those a cold solve freezes
//     (below), whose entries also leave the nonbasic part of the
//     row-major copy, as a basic column's do, so that the pivot row skips
//     them (their reduced costs are recomputed when they thaw); one
//     between its bounds (superbasic, after the idiot crash) is priced in
//     both directions.
//   - Ratio test: Harris' two passes (bounds widened by the feasibility
//     tolerance, then the largest |α| within the widened step), with the
//     entering variable's own bound flip when it comes first; pivots below
//     1e-9 times the largest entry of B⁻¹a_q are skipped. The second pass
//     looks only at the variables the first kept, those whose step was
//     within the widened step found so far when it met them. As in the dual,
//     when the pivot seen by row and by column disagree, the basis is
//     factorized afresh. Bland's rules after 50 degenerate steps in a row.
//   - Degeneracy: from the slack basis, the bounds of the basic variables
//     are widened by 1e-7·(1+|b|)·(1…2) (pseudo-random, fixed per
//     variable); the nonbasic ones keep theirs (widened, the slack basis of
//     a packing LP would start primal infeasible). At the optimum the
//     bounds are restored and, if the basis is then primal infeasible, the
//     dual simplex finishes (the basis is dual feasible).
//
// # Cold solves
//
// A first solve (or one after a numerical failure) of an LP of fewer than
// 30,000 matrix entries starts from the slack basis with the dual
// simplex. From 30,000 entries on it starts with an "idiot" crash, after
// Clp's (Forrest): an approximate optimum of the scaled LP from 200 major
// iterations of the augmented Lagrangian
//
//	costᵀz − λᵀ(Â·x̂ − r̂) + ‖Â·x̂ − r̂‖²/(2μ)
//
// over the box of the bounds, each major iteration 10 passes of exact
// coordinate descent (every variable in turn to the minimizer of the
// quadratic in it, clamped to its bounds), then λ −= (Â·x̂ − r̂)/μ and
// μ ×= 0.8 down to a floor of 0.003 times its start, 10⁵ over the largest
// scaled cost (at least 1); then 30 closing passes that halve μ each with
// λ fixed, which bring the residual down further. The crash keeps the slack basis: structural
// values within 10⁻³ of a bound go to it, the others stay where the crash
// left them (superbasic, nonbasic between their bounds, which the primal
// simplex prices in both directions), and the logicals take their rows'
// activities. The primal simplex on perturbed bounds then runs twice:
// first with the structural columns the crash left at a bound frozen (not
// priced), which confines it to the crash's support and brings that into
// the basis, then on every column; the dual simplex finishes once the
// bounds are restored, as after any primal solve. An infeasibility found
// with columns frozen is not trusted: the second run decides.
//
// On DDU 2,000 × 10,000 the crash takes about 1.5 s of CPU, ends 0.004%
// short of the optimum with about 3,000 superbasic columns, and the
// simplex then takes about 4,800 pivots (4,137 with columns frozen)
// against the dual's 26,472 from the slack basis; the primal simplex
// alone from the slack basis takes 93,198. On small LPs the crash's
// passes (about 4,000 reads of the matrix) are not repaid (DDU 200 ×
// 1,000, 20,891 entries: 1.4 times the dual's CPU time for a third of its
// pivots; set packing 64 × 256 and 256 × 1,000: 2 to 4 times). The
// figures and the rule are in benchmarks/lp-engines.md and coldChoice.
//
// On the national DDU LP (97,331 rows, 124,544 columns, 4.18 million
// entries) the crash takes about 20 s of CPU and leaves 24,112
// superbasic columns; phase 1 of the frozen run ends within 4,000 pivots,
// and the run within 90,090, while the factors of the basis grow (L and U
// 0.18 million entries at pivot 2,000, 1.8 million from 24,000 on), so
// that a pivot costs about 4 ms of CPU at first and 20–25 ms from pivot
// 16,000 on; the run on every column then costs about 27 ms a pivot. It
// has not been solved to the end: 105,208 pivots in 2,361 s of CPU, the
// Markowitz factorizations 39% of it (benchmarks/lp-engines.md). The
// links between the active submatrix's column and row lists and the
// dense kernel have since made the factorization of those bases about 3
// times cheaper (0.8–0.9 s of CPU instead of 2.8–2.9 s after 20,000 pivots),
// 15–22% of a late pivot's time; FTRAN, BTRAN and the pivot row are now
// the largest costs (perf, pivots 18,000–20,000: ftranU 21%, btran 14%,
// pivotRow 13%, the ratio test 11%). The frozen run then took 90,067
// pivots and 1,546 s of CPU instead of 1,956 s.
//
// Tried and not kept: sifting (the LP over a working set of the best
// columns per row, priced with its duals: DDU relaxations need too large
// a working set and each round's re-solve costs most of a cold solve, 1.6
// to 2.3 times the dual's pivots on DDU 200 × 1,000); a greedy crash that
// puts zero-cost columns at the bound that lowers the slack basis's
// primal infeasibility before the dual (DDU 1,000 × 5,000: 13% more
// pivots); a basis built from the crash's interior columns and slack
// rows, repaired by the factorization (the repair threw most of the
// point away; the primal then took 2.5 times the dual's pivots); the
// crash on the slack basis without freezing (0.5 to 1.0 times the dual's
// pivots, 0.87 on DDU 2,000 × 10,000).
//
// # Warm starts
//
// The model keeps its basis, factorization, values and weights between
// solves. After SetColBounds the basis stays dual feasible (boxed
// variables whose bound moved are re-placed), so the dual simplex goes on
// from it without refactorizing; AddRows makes the new rows' logicals
// basic (the basis stays dual feasible); DeleteRows drops the deleted
// rows' logicals and makes surplus basic variables nonbasic; SetBasis
// installs a basis (kept as is, factorization included, when it has the
// same basic variables as the one held), repairing it if needed. An
// optimal basis re-solves in zero iterations. After a warm-up, a warm
// re-solve after a bound change allocates nothing.
//
// # Tolerances
//
// On the scaled problem: a variable is feasible within 1e-9·(1+|bound|); a
// reduced cost is optimal within 1e-9 times the largest scaled cost (at
// least 1); the ratio tests take no pivot-row entry below 1e-7 (the primal
// one none below 1e-9 times the largest entry of B⁻¹a_q); spike entries
// and row-eta multipliers below 1e-14 are dropped.
//
// # Limits
//
// Limits.Iterations caps the iterations of one Solve (dual and primal
// pivots and primal bound flips; the dual simplex's bound flips ride along
// with its pivot); Limits.Time is wall-clock time, checked every 8
// iterations, and by the idiot crash between its major iterations (its
// passes count no iterations). Model.Interrupt (lp.Interrupter), which
// any goroutine may call, is seen at the same checks, at every iteration.
// Without a limit, 50·(n+m)+10000 iterations end the solve as Numerical,
// a guard against cycling.
//
// # References
//
// J. J. H. Forrest and J. A. Tomlin, Updated triangular factors of the
// basis to maintain sparsity in the product form simplex method, Math.
// Programming 2, 1972. A. Koberstein, The dual simplex method, techniques for a fast and stable
// implementation, PhD thesis, Paderborn, 2005 (bound flipping, Harris,
// dual steepest edge, cost shifting and perturbation). J. J. Forrest and
// D. Goldfarb, Steepest-edge simplex algorithms for linear programming,
// Math. Programming 57, 1992. U. H. Suhl and L. M. Suhl, Computing sparse
// LU factorizations for large-scale linear programming bases, ORSA J. on
// Computing 2, 1990 (Markowitz search with count buckets). The idiot
// crash follows the idea of the Idiot class of COIN-OR Clp (J. J.
// Forrest): a penalty method by coordinate descent whose approximate
// point starts the primal simplex.
package sparse
