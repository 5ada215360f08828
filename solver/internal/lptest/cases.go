package lptest

import (
	"math"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

// TableCases are literal LPs with known answers: the classic shapes, the
// corner cases of the standard-form conversion, and every random case that
// once failed (named after its family and seed).
func TableCases() []Case {
	nan := math.NaN()
	none := []float64{}
	return []Case{
		{"max two rows", Dense(lp.Maximize,
			[]float64{3, 2}, []float64{0, 0}, []float64{3, inf},
			[][]float64{{1, 1}, {1, 3}},
			[]float64{-inf, -inf}, []float64{4, 6}), lp.Optimal, 11},
		{"min covering row", Dense(lp.Minimize,
			[]float64{1, 2}, []float64{0, 0}, []float64{10, 10},
			[][]float64{{1, 1}},
			[]float64{2}, []float64{inf}), lp.Optimal, 2},
		{"equality row", Dense(lp.Minimize,
			[]float64{1, 1}, []float64{0, 0}, []float64{inf, inf},
			[][]float64{{1, -1}},
			[]float64{1}, []float64{1}), lp.Optimal, 1},
		{"free column", Dense(lp.Minimize,
			[]float64{1}, []float64{-inf}, []float64{inf},
			[][]float64{{1}},
			[]float64{-3}, []float64{inf}), lp.Optimal, -3},
		{"range row", Dense(lp.Maximize,
			[]float64{1, 1}, []float64{0, 0}, []float64{2, inf},
			[][]float64{{1, 2}},
			[]float64{1}, []float64{4}), lp.Optimal, 3},
		{"upper bound only", Dense(lp.Maximize,
			[]float64{1, 0}, []float64{-inf, 0}, []float64{5, 3},
			[][]float64{{1, -1}},
			[]float64{-inf}, []float64{0}), lp.Optimal, 3},
		{"fixed column", Dense(lp.Minimize,
			[]float64{1, 1}, []float64{2, 0}, []float64{2, inf},
			[][]float64{{1, 1}},
			[]float64{5}, []float64{inf}), lp.Optimal, 5},
		{"negative lower bound", Dense(lp.Minimize,
			[]float64{1, 0}, []float64{-5, -inf}, []float64{inf, 1},
			[][]float64{{1, 1}},
			[]float64{-3}, []float64{inf}), lp.Optimal, -4},
		{"empty problem", Dense(lp.Minimize, none, none, none, nil, none, none), lp.Optimal, 0},
		{"no rows", Dense(lp.Minimize,
			[]float64{-1, 1}, []float64{0, -1}, []float64{5, 7},
			nil, none, none), lp.Optimal, -6},
		{"no rows unbounded", Dense(lp.Minimize,
			[]float64{-1}, []float64{0}, []float64{inf},
			nil, none, none), lp.Unbounded, nan},
		{"no columns, satisfiable rows", Dense(lp.Minimize,
			none, none, none,
			[][]float64{{}, {}}, []float64{-1, -inf}, []float64{0, inf}), lp.Optimal, 0},
		{"no columns, unsatisfiable row", Dense(lp.Minimize,
			none, none, none,
			[][]float64{{}}, []float64{1}, []float64{2}), lp.Infeasible, nan},
		{"box too small", Dense(lp.Minimize,
			[]float64{1, 1}, []float64{0, 0}, []float64{1, 1},
			[][]float64{{1, 1}},
			[]float64{3}, []float64{inf}), lp.Infeasible, nan},
		{"duplicate equalities", Dense(lp.Minimize,
			[]float64{1, 0}, []float64{0, 0}, []float64{inf, inf},
			[][]float64{{1, 1}, {1, 1}, {2, 2}},
			[]float64{2, 2, 4}, []float64{2, 2, 4}), lp.Optimal, 0},
		{"inconsistent equalities", Dense(lp.Minimize,
			[]float64{1, 0}, []float64{0, 0}, []float64{inf, inf},
			[][]float64{{1, 1}, {1, 1}},
			[]float64{2, 3}, []float64{2, 3}), lp.Infeasible, nan},
		{"dependent equalities", Dense(lp.Maximize,
			[]float64{1, 1, 1}, []float64{0, 0, 0}, []float64{inf, inf, inf},
			[][]float64{{1, 1, 0}, {0, 1, 1}, {1, 2, 1}},
			[]float64{1, 1, 2}, []float64{1, 1, 2}), lp.Optimal, 2},
		{"zero row within bounds", Dense(lp.Maximize,
			[]float64{1}, []float64{0}, []float64{1},
			[][]float64{{0}, {1}},
			[]float64{-1, -inf}, []float64{1, 0.5}), lp.Optimal, 0.5},
		{"zero row out of bounds", Dense(lp.Maximize,
			[]float64{1}, []float64{0}, []float64{1},
			[][]float64{{0}},
			[]float64{1}, []float64{2}), lp.Infeasible, nan},
		{"free row", Dense(lp.Maximize,
			[]float64{1}, []float64{0}, []float64{2},
			[][]float64{{1}},
			[]float64{-inf}, []float64{inf}), lp.Optimal, 2},
		{"odd cycle set packing", Dense(lp.Maximize,
			[]float64{1, 1, 1}, []float64{0, 0, 0}, []float64{1, 1, 1},
			[][]float64{{1, 1, 0}, {0, 1, 1}, {1, 0, 1}},
			[]float64{-inf, -inf, -inf}, []float64{1, 1, 1}), lp.Optimal, 1.5},
		{"free column in no row", Dense(lp.Maximize,
			[]float64{1, 2}, []float64{0, -inf}, []float64{1, inf},
			[][]float64{{1, 0}},
			[]float64{-inf}, []float64{1}), lp.Unbounded, nan},
		{"column in no row at its best bound", Dense(lp.Minimize,
			[]float64{-1, 1}, []float64{0, 0}, []float64{4, inf},
			[][]float64{{0, 1}},
			[]float64{1}, []float64{inf}), lp.Optimal, -3},
		{"unbounded along a row", Dense(lp.Minimize,
			[]float64{-1, 0}, []float64{0, 0}, []float64{inf, inf},
			[][]float64{{1, -1}},
			[]float64{-inf}, []float64{1}), lp.Unbounded, nan},
		{"degenerate vertex", Dense(lp.Minimize,
			[]float64{-1, -1}, []float64{0, 0}, []float64{inf, inf},
			[][]float64{{1, 0}, {0, 1}, {1, 1}, {2, 1}},
			[]float64{-inf, -inf, -inf, -inf}, []float64{1, 1, 2, 3}), lp.Optimal, -2},

		// Random cases that once failed.
		{"feasible seed 16: empty rows, maximize", Dense(lp.Maximize,
			// Clp solves it "trivially" (secondary status 6), reporting
			// activity 4 for an empty row and reduced costs of the
			// wrong sign.
			[]float64{4.9, 2}, []float64{1.3879780534552406, 0.09081986301417277}, []float64{2.3879780534552406, 1.0908198630141728},
			[][]float64{{0, 0}, {0, 0}},
			[]float64{-inf, 0}, []float64{4, inf}), lp.Optimal, 4.9*2.3879780534552406 + 2*1.0908198630141728},
		{"unbounded seed 13: two rays", Dense(lp.Minimize,
			// Clp 1.17 calls it infeasible.
			[]float64{-1004, 2, 1}, []float64{-3.023112128684044, -inf, -inf}, []float64{inf, -1.780011410428254, inf},
			[][]float64{{0, -2, 0}, {3.02, 0, 0}},
			[]float64{7.560022820856508, -6.109798628625813}, []float64{7.560022820856508, inf}), lp.Unbounded, nan},
		{"duplicate-rows seed 102: square standard form", Dense(lp.Maximize,
			// gonum solves a square system without a tolerance on signs.
			[]float64{-4.960000000000001, -5.180000000000001}, []float64{-2.1387761174724886, -7}, []float64{4.861223882527511, -1},
			[][]float64{{-5, -3}, {3, -1}, {4.68, -2.81}, {0, 0}, {-5, -3}, {0, 0}},
			[]float64{-inf, 5.583671647582534, 12.460527770228754, -1, -inf, -2},
			[]float64{4.693880587362442, 5.583671647582534, 12.460527770228754, inf, 4.693880587362442, inf}), lp.Optimal, nan},
		{"duplicate-rows seed 216: duals not unique", Dense(lp.Minimize,
			// Two tight copies of a row: the suite once took the duals as
			// unique because a free column in no row looked basic.
			[]float64{1, 0, -3, 5, 7}, []float64{-2, -inf, 0.6850934305123042, -1, 2.5465494463107934}, []float64{0, inf, 1.6850934305123042, 3, 5.546549446310793},
			[][]float64{{0, 0, 3, -5, -4}, {0, 0, 3, -5, -4}, {0, 0, 1.5, -2.5, -2}},
			[]float64{-inf, -inf, -inf}, []float64{-19.13091749370626, -18.13091749370626, -9.56545874685313}), lp.Optimal, nan},
		{"feasible seed 57: activity with cancellation", Dense(lp.Minimize,
			// A·x of a row at its bound misses it by 1e-5 through
			// cancellation among large terms.
			[]float64{-19, -20, 24.5, -10, -18, -19, -12, -40}, []float64{-inf, -inf, -8, -inf, -1, -5, -3, -inf}, []float64{-1.1281880480404847, inf, -3, inf, 1, 3, 0, inf},
			[][]float64{{-3, 0, 3.3, 2, 1, -1, 0, -4}, {0, 5, -2, 5, 5, 4, 3, 5}},
			[]float64{-26.815435855878547, -inf}, []float64{inf, 0}), lp.Optimal, nan},

		// Cases from the -long run (10,000 seeds per family) that Clp gets
		// wrong while the sparse and dense native engines and gonum agree;
		// see Defects. The objectives are gonum's.
		{"feasible seed 2666: Clp unscaled values", Dense(lp.Maximize,
			// Its optimal face is unbounded (the engines' optimal points
			// differ); Clp's point lies 1e10 out on it.
			[]float64{-23.997999999999998, 16.162, 30.6, -11.1, 3.6500000000000004, -10.5, 26, -4.2},
			[]float64{4, -inf, -inf, -inf, -1, 0, -inf, -inf}, []float64{4, 5, inf, inf, 3, inf, inf, inf},
			[][]float64{
				{2, 0, 2, 0, -5, 5, 0, 3},
				{-2.82, 5.58, 4, 1, -4, -5, 0, 2},
				{-1, -4, 5, -1, -4, -1, 0, 3.74},
				{5, 0, 4, -5, 0, 4, 4, 0},
				{-1.25, -2, 0, -3, 4, 3, 5, -3},
				{-1, 0, 5, -1, -0.25, -1, 2, 0},
				{4.96, 0, 4, 0, 0, -3, -2, 0},
			},
			[]float64{-inf, -inf, -inf, -inf, 5.433217167631112, -0.8987006814972145, 21.09863842424551},
			[]float64{inf, -3.9799377427482954, inf, inf, 5.433217167631112, 4.101299318502786, 21.09863842424551}),
			lp.Optimal, 22.515009429314485},
		{"feasible seed 3470: Clp unscaled values", Dense(lp.Maximize,
			[]float64{-11.633, -32.4, -11.6, -16.2, 22.1, -12.9, -5.699999999999999},
			[]float64{1.568759579045408, -1, -5, -inf, -7, -4, -inf}, []float64{inf, inf, -2, inf, -3, -4, inf},
			[][]float64{
				{-2, -5, -5, -3, 4, -4, -3},
				{-5, -4, 0, 2.84, 3, 0, -1.85},
				{-1.73, -4, 4, -2, 1, 1, 3},
			},
			[]float64{3.862480841909184, -inf, -13.443954071748557}, []float64{3.862480841909184, inf, -9.443954071748557}),
			lp.Optimal, -16.38238018303523},
		{"unbounded seed 2912: Clp says infeasible", Dense(lp.Maximize,
			// Column 2 (cost 1004, in no row) grows without bound.
			[]float64{0, -5.302, 1004, 0, -1, 7, 3},
			[]float64{-3, -inf, -3.6092569631072213, -1, 4.045036751013175, -inf, 3.228281477975543},
			[]float64{inf, inf, inf, 3, 4.045036751013175, inf, inf},
			[][]float64{
				{0, -3.96, 0, 0, 0, 0, 0},
				{0, -1.87, 0, 0, 0, -5, -5},
				{0, -1, 0, 0, 0, 0, 0},
			},
			[]float64{-inf, 2.120901056068462, -0.929246820349637}, []float64{-0.6798174085845625, 2.120901056068462, 0.07075317965036299}),
			lp.Unbounded, nan},
	}
}
