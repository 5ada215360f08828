package lp

import (
	"fmt"
	"math"
)

// MaxBound bounds the magnitude of every finite number of a problem: Clp
// reads a bound beyond 1e20 as infinite and refuses a matrix element beyond
// it, so refusing such numbers keeps every engine solving the same problem.
// Use math.Inf for "no bound". (Numbers anywhere near it make any LP
// numerically meaningless; scale the problem.)
const MaxBound = 1e20

// minCoef is the smallest magnitude a non-zero matrix coefficient may have:
// Clp drops elements below 1e-20, so smaller ones would make engines solve
// different problems.
const minCoef = 1e-20

// Sense says whether the objective is minimized or maximized. The zero value
// minimizes.
type Sense uint8

const (
	Minimize Sense = iota
	Maximize
)

func (s Sense) String() string {
	switch s {
	case Minimize:
		return "minimize"
	case Maximize:
		return "maximize"
	}
	return fmt.Sprintf("Sense(%d)", uint8(s))
}

// Problem is a linear program in bounded form (see the package comment).
// The number of columns is len(Objective) and the number of rows is
// len(RowLower). The matrix A is stored column by column: the entries of
// column j are RowIndex[ColStart[j]:ColStart[j+1]] with the matching
// Value; a column may not name the same row twice.
type Problem struct {
	Sense     Sense
	Objective []float64 // c: one entry per column
	ColLower  []float64 // per column; math.Inf(-1) for none
	ColUpper  []float64 // per column; math.Inf(+1) for none
	RowLower  []float64 // per row; math.Inf(-1) for none
	RowUpper  []float64 // per row; math.Inf(+1) for none

	ColStart []int // len(Objective)+1 offsets into RowIndex and Value
	RowIndex []int
	Value    []float64
}

// NumCols is the number of columns (variables).
func (p *Problem) NumCols() int { return len(p.Objective) }

// NumRows is the number of rows (constraints).
func (p *Problem) NumRows() int { return len(p.RowLower) }

// NumNonzeros is the number of stored matrix entries.
func (p *Problem) NumNonzeros() int { return len(p.Value) }

// Validate reports the first thing that makes p unusable, as an error
// wrapping [ErrInvalid], or nil.
func (p *Problem) Validate() error {
	if p == nil {
		return fmt.Errorf("%w: nil problem", ErrInvalid)
	}
	n, m := len(p.Objective), len(p.RowLower)
	if len(p.ColLower) != n || len(p.ColUpper) != n {
		return fmt.Errorf("%w: %d columns in Objective but %d lower and %d upper bounds", ErrInvalid, n, len(p.ColLower), len(p.ColUpper))
	}
	if len(p.RowUpper) != m {
		return fmt.Errorf("%w: %d row lower bounds but %d upper bounds", ErrInvalid, m, len(p.RowUpper))
	}
	if len(p.ColStart) != n+1 {
		return fmt.Errorf("%w: ColStart has %d entries, want %d (columns + 1)", ErrInvalid, len(p.ColStart), n+1)
	}
	if len(p.RowIndex) != len(p.Value) {
		return fmt.Errorf("%w: %d row indices but %d values", ErrInvalid, len(p.RowIndex), len(p.Value))
	}
	if p.ColStart[0] != 0 || p.ColStart[n] != len(p.Value) {
		return fmt.Errorf("%w: ColStart must run from 0 to %d, runs from %d to %d", ErrInvalid, len(p.Value), p.ColStart[0], p.ColStart[n])
	}
	if p.Sense != Minimize && p.Sense != Maximize {
		return fmt.Errorf("%w: unknown sense %d", ErrInvalid, uint8(p.Sense))
	}
	if err := checkMaxInt32("columns", n); err != nil {
		return err
	}
	if err := checkMaxInt32("rows", m); err != nil {
		return err
	}
	if err := checkMaxInt32("nonzeros", len(p.Value)); err != nil {
		return err
	}
	for j, c := range p.Objective {
		if !isFinite(c) || math.Abs(c) >= MaxBound {
			return fmt.Errorf("%w: objective of column %d is %v, beyond %g", ErrInvalid, j, c, MaxBound)
		}
	}
	for j := range n {
		if err := checkBounds("column", j, p.ColLower[j], p.ColUpper[j]); err != nil {
			return err
		}
	}
	for i := range m {
		if err := checkBounds("row", i, p.RowLower[i], p.RowUpper[i]); err != nil {
			return err
		}
	}
	if err := checkStarts("ColStart", "column", p.ColStart); err != nil {
		return err
	}
	mark := make([]int, m) // mark[i] == j+1 when column j already named row i
	for j := range n {
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			i := p.RowIndex[k]
			if i < 0 || i >= m {
				return fmt.Errorf("%w: column %d names row %d, the problem has %d rows", ErrInvalid, j, i, m)
			}
			if mark[i] == j+1 {
				return fmt.Errorf("%w: column %d names row %d twice", ErrInvalid, j, i)
			}
			mark[i] = j + 1
			if err := checkCoef(p.Value[k], i, j); err != nil {
				return err
			}
		}
	}
	return nil
}

// Clone returns a deep copy of p.
func (p *Problem) Clone() *Problem {
	return &Problem{
		Sense:     p.Sense,
		Objective: clone(p.Objective),
		ColLower:  clone(p.ColLower),
		ColUpper:  clone(p.ColUpper),
		RowLower:  clone(p.RowLower),
		RowUpper:  clone(p.RowUpper),
		ColStart:  clone(p.ColStart),
		RowIndex:  clone(p.RowIndex),
		Value:     clone(p.Value),
	}
}

func clone[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// Rows is a block of rows to add to a model, stored row by row: the entries
// of row r are Col[Start[r]:Start[r+1]] with the matching Value. The number
// of rows is len(Lower).
type Rows struct {
	Lower, Upper []float64 // bounds on each row's activity
	Start        []int     // len(Lower)+1 offsets into Col and Value
	Col          []int
	Value        []float64
}

// Len is the number of rows in the block.
func (r *Rows) Len() int { return len(r.Lower) }

// Append appends the rows of b to r. r must have Start set (at least
// []int{0}).
func (r *Rows) Append(b *Rows) {
	base := len(r.Col)
	for k := range b.Len() {
		r.Lower = append(r.Lower, b.Lower[k])
		r.Upper = append(r.Upper, b.Upper[k])
		r.Col = append(r.Col, b.Col[b.Start[k]:b.Start[k+1]]...)
		r.Value = append(r.Value, b.Value[b.Start[k]:b.Start[k+1]]...)
		r.Start = append(r.Start, base+b.Start[k+1])
	}
}

// Validate checks the block against a model with numCols columns and returns
// an error wrapping [ErrInvalid], or nil.
func (r *Rows) Validate(numCols int) error {
	if r == nil {
		return fmt.Errorf("%w: nil rows", ErrInvalid)
	}
	m := len(r.Lower)
	if len(r.Upper) != m {
		return fmt.Errorf("%w: %d row lower bounds but %d upper bounds", ErrInvalid, m, len(r.Upper))
	}
	if len(r.Start) != m+1 {
		return fmt.Errorf("%w: Start has %d entries, want %d (rows + 1)", ErrInvalid, len(r.Start), m+1)
	}
	if len(r.Col) != len(r.Value) {
		return fmt.Errorf("%w: %d column indices but %d values", ErrInvalid, len(r.Col), len(r.Value))
	}
	if r.Start[0] != 0 || r.Start[m] != len(r.Value) {
		return fmt.Errorf("%w: Start must run from 0 to %d, runs from %d to %d", ErrInvalid, len(r.Value), r.Start[0], r.Start[m])
	}
	if err := checkMaxInt32("nonzeros", len(r.Value)); err != nil {
		return err
	}
	for i := range m {
		if err := checkBounds("row", i, r.Lower[i], r.Upper[i]); err != nil {
			return err
		}
	}
	if err := checkStarts("Start", "row", r.Start); err != nil {
		return err
	}
	mark := make([]int, numCols)
	for i := range m {
		for k := r.Start[i]; k < r.Start[i+1]; k++ {
			j := r.Col[k]
			if j < 0 || j >= numCols {
				return fmt.Errorf("%w: new row %d names column %d, the model has %d columns", ErrInvalid, i, j, numCols)
			}
			if mark[j] == i+1 {
				return fmt.Errorf("%w: new row %d names column %d twice", ErrInvalid, i, j)
			}
			mark[j] = i + 1
			if err := checkCoef(r.Value[k], i, j); err != nil {
				return err
			}
		}
	}
	return nil
}

// CheckColBounds validates a batch of column bound changes for a model with
// numCols columns: one lower and one upper bound per listed column, each
// column listed once.
func CheckColBounds(numCols int, cols []int, lower, upper []float64) error {
	if len(lower) != len(cols) || len(upper) != len(cols) {
		return fmt.Errorf("%w: %d columns but %d lower and %d upper bounds", ErrInvalid, len(cols), len(lower), len(upper))
	}
	seen := make(map[int]struct{}, len(cols))
	for k, j := range cols {
		if j < 0 || j >= numCols {
			return fmt.Errorf("%w: column %d out of range [0, %d)", ErrInvalid, j, numCols)
		}
		if _, dup := seen[j]; dup {
			return fmt.Errorf("%w: column %d listed twice", ErrInvalid, j)
		}
		seen[j] = struct{}{}
		if err := checkBounds("column", j, lower[k], upper[k]); err != nil {
			return err
		}
	}
	return nil
}

// CheckDeleteRows validates a list of rows to delete from a model with
// numRows rows: each in range and listed once.
func CheckDeleteRows(numRows int, rows []int) error {
	seen := make(map[int]struct{}, len(rows))
	for _, i := range rows {
		if i < 0 || i >= numRows {
			return fmt.Errorf("%w: row %d out of range [0, %d)", ErrInvalid, i, numRows)
		}
		if _, dup := seen[i]; dup {
			return fmt.Errorf("%w: row %d listed twice", ErrInvalid, i)
		}
		seen[i] = struct{}{}
	}
	return nil
}

// checkStarts checks that offsets never decrease (their ends were checked
// against the number of entries already).
func checkStarts(name, what string, start []int) error {
	for k := 1; k < len(start); k++ {
		if start[k] < start[k-1] {
			return fmt.Errorf("%w: %s decreases at %s %d", ErrInvalid, name, what, k-1)
		}
	}
	return nil
}

func checkBounds(what string, i int, lo, hi float64) error {
	switch {
	case math.IsNaN(lo) || math.IsNaN(hi):
		return fmt.Errorf("%w: %s %d has a NaN bound", ErrInvalid, what, i)
	case math.IsInf(lo, 1) || math.IsInf(hi, -1):
		return fmt.Errorf("%w: %s %d has bounds [%v, %v]", ErrInvalid, what, i, lo, hi)
	case !math.IsInf(lo, 0) && math.Abs(lo) >= MaxBound, !math.IsInf(hi, 0) && math.Abs(hi) >= MaxBound:
		return fmt.Errorf("%w: %s %d has a finite bound beyond %g in [%v, %v]; use math.Inf for none", ErrInvalid, what, i, MaxBound, lo, hi)
	case lo > hi:
		return fmt.Errorf("%w: %s %d has lower bound %v above upper bound %v", ErrInvalid, what, i, lo, hi)
	}
	return nil
}

func checkCoef(v float64, i, j int) error {
	if !isFinite(v) || math.Abs(v) >= MaxBound {
		return fmt.Errorf("%w: coefficient (row %d, column %d) is %v, beyond %g", ErrInvalid, i, j, v, MaxBound)
	}
	if v != 0 && math.Abs(v) < minCoef {
		return fmt.Errorf("%w: coefficient (row %d, column %d) is %v, below %g: write 0 or rescale", ErrInvalid, i, j, v, minCoef)
	}
	return nil
}

func checkMaxInt32(what string, n int) error {
	if n > math.MaxInt32 {
		return fmt.Errorf("%w: %d %s, more than an engine can index", ErrInvalid, n, what)
	}
	return nil
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
