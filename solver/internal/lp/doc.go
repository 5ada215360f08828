// Package lp defines the linear-programming interface that the winner
// determination search uses, whatever engine sits behind it.
//
// A [Model] holds one LP in the bounded form
//
//	minimize or maximize  cᵀx
//	subject to            RowLower ≤ A·x ≤ RowUpper
//	                      ColLower ≤ x ≤ ColUpper
//
// with A stored column by column ([Problem]). After a first Solve, the
// search changes column bounds in batches ([Model.SetColBounds]), adds and
// removes rows ([Model.AddRows], [Model.DeleteRows]) and solves again; an
// engine that can warm-starts from the basis it holds (or one given with
// [Model.SetBasis]), which is what makes thousands of re-solves cheap.
//
// # Conventions
//
// Infinite bounds are math.Inf(-1) and math.Inf(+1). Every finite number
// (bound, coefficient, objective entry) must be smaller than [MaxBound] in
// magnitude, so that no engine mistakes a large number for infinity.
//
// Row duals y and reduced costs d are reported in the sense of the
// objective as given, for minimization and maximization alike:
//
//	d = c − Aᵀy
//	y_i = ∂(optimal objective)/∂(the active bound of row i)
//
// So, when minimizing, a row at its lower bound has y ≥ 0 and a row at its
// upper bound y ≤ 0, and a column at its lower bound has d ≥ 0; when
// maximizing, the signs are reversed. Row basis statuses refer to the row
// activity A_i·x: [AtLower] means the activity sits at RowLower.
//
// # Results
//
// Solve returns a [Status]. Hitting a limit is a status, not an error; the
// error is kept for misuse (no problem loaded, a closed model) and for
// engine failures ([Numerical]). Solutions, duals and the basis can be read
// only while the status is [Optimal]: any change to the model sets the
// status back to [NotSolved], and the getters return [ErrNoSolution].
//
// # Ownership
//
// A Model is owned by one goroutine at a time; it is not safe for
// concurrent use, except for the Interrupt method of an engine that has
// one ([Interrupter], [WithContext]), which any goroutine may call at any
// time to stop a solve in progress. Close releases what it holds (C memory, for the Clp
// engine); it is idempotent, and every other method returns [ErrClosed]
// afterwards.
package lp
