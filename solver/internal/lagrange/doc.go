// Package lagrange bounds a linear program, and so the integer programs
// built on it, without solving it: by the Lagrangian dual function with
// every row relaxed, minimized by the subgradient method or by a first-order
// LP method.
//
// For a maximization of cᵀx subject to l ≤ Ax ≤ u and lo ≤ x ≤ hi, and any
// multipliers y (y_i ≥ 0 only where u_i is finite, y_i ≤ 0 only where l_i
// is),
//
//	L(y) = Σ_i y_i b_i(y) + Σ_j max over x_j in [lo_j, hi_j] of (c − Aᵀy)_j x_j
//
// with b_i(y) = u_i where y_i > 0 and l_i where y_i < 0, is at least cᵀx for
// every feasible x: each relaxed row adds y_i (b_i − a_iᵀx) ≥ 0. Its least
// value over y is the LP optimum (LP duality). Each evaluation costs two
// passes over the matrix and no factorization, so a few hundred of them
// bound a market whose LP relaxation takes minutes to solve (the national
// DDU market: 97,000 rows, 4.2 million elements); the reduced costs of the
// multipliers also rank the bids for a greedy allocation (a Lagrangian
// heuristic).
//
// Two methods minimize L (Options.Method):
//
//   - Subgradient: Polyak's step toward a known solution's objective, with a
//     halving step factor. Fast early progress, slow convergence: on the
//     national market it stops 3.5% above the LP optimum after 300 steps
//     and 2.5% after 1,000.
//   - PDHG: the restarted primal-dual hybrid gradient method on the LP with
//     PDLP's enhancements (Applegate et al., "Practical large-scale linear
//     programming using primal-dual hybrid gradient", NeurIPS 2021): Ruiz
//     and Pock–Chambolle diagonal scaling, the adaptive step, restarts to
//     the average or the current iterate by the KKT error, and the primal
//     weight. Its dual iterates are kept on the sign their rows allow (the
//     prox is exactly 0 inside a row's range), and L of every one of them
//     is a bound, whatever PDHG's own objective says; the best is kept, in
//     the scaled problem (whose L equals the original's at the unscaled
//     multipliers), and the reported bound is recomputed from its
//     definition on the problem as given. Options.Polish then runs sweeps
//     of exact coordinate descent on L (each multiplier in turn moves to the
//     minimum of the piecewise linear L along it), which can only lower it:
//     on the national market 1,000 steps bound the LP within 2.8% and three
//     sweeps bring that to 1.4%; on DDU 2,000 × 10,000, 0.75% and 0.38%.
//     The last primal iterate comes back as an approximate LP solution.
//
// Every reported bound is L(y) for the returned y, inflated against
// rounding. Work is counted in iterations, so the result is deterministic.
// On problems of 200,000 elements or more the products with the matrix
// (two per step of either method) are split over Options.Threads workers:
// Ax by blocks of rows, each worker going through the columns in order
// but only through their elements in its rows, and Aᵀy by blocks of
// columns, the blocks of about equal numbers of elements. Each entry is
// computed by one worker adding the same terms in the same order as a
// single worker would, so the result is bit-identical whatever the
// number of workers; the other loops, O(rows + columns), stay on one.
package lagrange
