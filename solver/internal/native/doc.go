// Package native is a dense bounded primal simplex behind the lp.Model
// interface: the reference engine of the tests, a second opinion for the
// sparse and Clp engines in the conformance suite, and an oracle in the
// tests of the cuts and heuristics. It keeps B⁻¹ dense (m² doubles), so it
// suits a few hundred rows at most. No solve of the library runs on it: the
// engine named "native" (solver.EngineNative) is the sparse dual simplex of
// package sparse (see package engines).
//
// # Algorithm
//
// The LP is solved as
//
//	minimize cᵀx subject to A·x − r = 0, ColLower ≤ x ≤ ColUpper, RowLower ≤ r ≤ RowUpper
//
// (a maximization minimizes −c), over the n columns x and the m row
// activities r, with a basis of m of these n+m variables. The others sit at
// a bound, or at zero when free. B⁻¹ is kept explicitly, dense, updated at
// each pivot and recomputed by Gauss-Jordan elimination every 64 basis
// changes and before optimality or infeasibility is declared.
//
//   - Phase 1 minimizes the sum of the infeasibilities of the basic
//     variables (textbook composite phase 1: the costs are −1, 0 or +1 and
//     are recomputed at every iteration); phase 2 minimizes cᵀx.
//   - Pricing is Dantzig's largest reduced cost; the ratio test is Harris'
//     two-pass test, which prefers large pivots; bound flips are taken when
//     shorter than any pivot. After 50 degenerate steps in a row, Bland's
//     smallest-index rules take over until the objective moves again.
//   - The first Solve starts from the basis of all row activities, each
//     column at its lower bound (its upper bound when it has no lower one,
//     zero when free). Later solves start from the
//     previous basis, or from the one given to SetBasis: after bound
//     changes this is a warm start (phase 1 restores feasibility, usually
//     in a few pivots), and an optimal basis re-solves in zero iterations.
//     A basis that does not fit (wrong number of basic variables, singular,
//     a status on an infinite bound) is repaired with row activities.
//   - Row duals are y = c_Bᵀ·B⁻¹ from the final inverse; reduced costs
//     d = c − Aᵀy and activities A·x are recomputed from the data.
//
// Memory is O(m²) for B⁻¹ and a pivot costs O(m² + nonzeros): beyond a
// few thousand rows, use the Clp engine.
//
// # Tolerances
//
// A variable is feasible within 1e-9·(1+|bound|) of its bounds; a reduced
// cost is optimal within 1e-9 times the largest objective coefficient (at
// least 1); a pivot smaller than 1e-9 times the largest entry of its column
// B⁻¹a_q is never taken; a basis column whose pivot falls below 1e-11 of
// its column's largest entry during inversion counts as dependent.
//
// # Limits
//
// Limits.Iterations caps the simplex iterations (pivots and bound flips) of
// one Solve; Limits.Time is wall-clock time, checked at every iteration.
package native
