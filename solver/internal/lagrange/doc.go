// Package lagrange bounds a linear program, and so the integer programs
// built on it, without solving it: by the Lagrangian dual function with
// every row relaxed, minimized by the subgradient method.
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
// Work is counted in iterations, so the result is deterministic.
package lagrange
