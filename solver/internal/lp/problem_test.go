package lp_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

var inf = math.Inf(1)

// small is max 3x + 2y st x + y <= 4, x + 3y <= 6, 0 <= x <= 3, y >= 0.
func small() *lp.Problem {
	return &lp.Problem{
		Sense:     lp.Maximize,
		Objective: []float64{3, 2},
		ColLower:  []float64{0, 0},
		ColUpper:  []float64{3, inf},
		RowLower:  []float64{-inf, -inf},
		RowUpper:  []float64{4, 6},
		ColStart:  []int{0, 2, 4},
		RowIndex:  []int{0, 1, 0, 1},
		Value:     []float64{1, 1, 1, 3},
	}
}

func TestProblemValidate(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(p *lp.Problem)
		msg    string // in the error; "" for a valid problem
	}{
		{"valid", func(*lp.Problem) {}, ""},
		{"empty problem", func(p *lp.Problem) { *p = lp.Problem{ColStart: []int{0}} }, ""},
		{"explicit zero", func(p *lp.Problem) { p.Value[0] = 0 }, ""},
		{"short ColUpper", func(p *lp.Problem) { p.ColUpper = p.ColUpper[:1] }, "2 columns in Objective but 2 lower and 1 upper"},
		{"short RowUpper", func(p *lp.Problem) { p.RowUpper = nil }, "2 row lower bounds but 0 upper"},
		{"nil ColStart", func(p *lp.Problem) { p.ColStart = nil }, "ColStart has 0 entries, want 3"},
		{"ColStart end", func(p *lp.Problem) { p.ColStart[2] = 3 }, "ColStart must run from 0 to 4"},
		{"ColStart decreasing", func(p *lp.Problem) { p.ColStart[1] = 5 }, "ColStart decreases at column 1"},
		{"indices and values", func(p *lp.Problem) { p.RowIndex = p.RowIndex[:3] }, "3 row indices but 4 values"},
		{"row out of range", func(p *lp.Problem) { p.RowIndex[3] = 2 }, "column 1 names row 2, the problem has 2 rows"},
		{"row twice", func(p *lp.Problem) { p.RowIndex[1] = 0 }, "column 0 names row 0 twice"},
		{"NaN objective", func(p *lp.Problem) { p.Objective[1] = math.NaN() }, "objective of column 1 is NaN"},
		{"infinite coefficient", func(p *lp.Problem) { p.Value[1] = inf }, "coefficient (row 1, column 0) is +Inf"},
		{"tiny coefficient", func(p *lp.Problem) { p.Value[1] = 1e-25 }, "below 1e-20"},
		{"huge coefficient", func(p *lp.Problem) { p.Value[1] = 1e25 }, "coefficient (row 1, column 0) is 1e+25, beyond 1e+20"},
		{"huge objective", func(p *lp.Problem) { p.Objective[0] = 1e20 }, "objective of column 0 is 1e+20, beyond"},
		{"crossed bounds", func(p *lp.Problem) { p.ColLower[0] = 4 }, "column 0 has lower bound 4 above upper bound 3"},
		{"lower bound +Inf", func(p *lp.Problem) { p.RowLower[0] = inf }, "row 0 has bounds [+Inf, 4]"},
		{"huge bound", func(p *lp.Problem) { p.ColUpper[0] = 1e20 }, "finite bound beyond 1e+20"},
		{"NaN bound", func(p *lp.Problem) { p.RowUpper[1] = math.NaN() }, "row 1 has a NaN bound"},
		{"bad sense", func(p *lp.Problem) { p.Sense = 2 }, "unknown sense 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := small()
			tt.break_(p)
			err := p.Validate()
			if tt.msg == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, lp.ErrInvalid)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
	var nilProblem *lp.Problem
	assert.ErrorIs(t, nilProblem.Validate(), lp.ErrInvalid)
}

func TestProblemClone(t *testing.T) {
	p := small()
	c := p.Clone()
	assert.Equal(t, p, c)
	c.ColUpper[0] = 1
	c.Value[0] = 7
	assert.Equal(t, 3.0, p.ColUpper[0], "a deep copy")
	assert.Equal(t, 1.0, p.Value[0])
	assert.Equal(t, 2, p.NumCols())
	assert.Equal(t, 2, p.NumRows())
	assert.Equal(t, 4, p.NumNonzeros())
}

func TestRowsValidate(t *testing.T) {
	valid := func() *lp.Rows {
		return &lp.Rows{Lower: []float64{-inf, 1}, Upper: []float64{2, inf}, Start: []int{0, 2, 3}, Col: []int{0, 1, 1}, Value: []float64{1, 1, 2}}
	}
	tests := []struct {
		name   string
		break_ func(r *lp.Rows)
		msg    string
	}{
		{"valid", func(*lp.Rows) {}, ""},
		{"no rows", func(r *lp.Rows) { *r = lp.Rows{Start: []int{0}} }, ""},
		{"short Upper", func(r *lp.Rows) { r.Upper = r.Upper[:1] }, "2 row lower bounds but 1 upper"},
		{"short Start", func(r *lp.Rows) { r.Start = r.Start[:2] }, "Start has 2 entries, want 3"},
		{"Start decreasing", func(r *lp.Rows) { r.Start[1] = 4 }, "Start decreases at row 1"},
		{"column out of range", func(r *lp.Rows) { r.Col[2] = 2 }, "new row 1 names column 2, the model has 2 columns"},
		{"column twice", func(r *lp.Rows) { r.Col[1] = 0 }, "new row 0 names column 0 twice"},
		{"NaN value", func(r *lp.Rows) { r.Value[0] = math.NaN() }, "coefficient (row 0, column 0) is NaN"},
		{"crossed bounds", func(r *lp.Rows) { r.Lower[0] = 3 }, "row 0 has lower bound 3 above upper bound 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid()
			tt.break_(r)
			err := r.Validate(2)
			if tt.msg == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, lp.ErrInvalid)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestCheckColBoundsAndDeleteRows(t *testing.T) {
	assert.NoError(t, lp.CheckColBounds(3, []int{2, 0}, []float64{0, -inf}, []float64{1, 5}))
	assert.NoError(t, lp.CheckColBounds(3, nil, nil, nil))
	for _, tt := range []struct {
		cols   []int
		lo, hi []float64
		msg    string
	}{
		{[]int{0}, []float64{0}, nil, "1 columns but 1 lower and 0 upper"},
		{[]int{3}, []float64{0}, []float64{1}, "column 3 out of range [0, 3)"},
		{[]int{1, 1}, []float64{0, 0}, []float64{1, 1}, "column 1 listed twice"},
		{[]int{1}, []float64{2}, []float64{1}, "lower bound 2 above upper bound 1"},
	} {
		err := lp.CheckColBounds(3, tt.cols, tt.lo, tt.hi)
		require.ErrorIs(t, err, lp.ErrInvalid)
		assert.Contains(t, err.Error(), tt.msg)
	}
	assert.NoError(t, lp.CheckDeleteRows(4, []int{3, 0}))
	assert.ErrorIs(t, lp.CheckDeleteRows(4, []int{4}), lp.ErrInvalid)
	assert.ErrorIs(t, lp.CheckDeleteRows(4, []int{1, 1}), lp.ErrInvalid)
}

func TestBasis(t *testing.T) {
	b := &lp.Basis{Cols: []lp.BasisStatus{lp.AtLower, lp.Basic}, Rows: []lp.BasisStatus{lp.Basic, lp.AtUpper}}
	require.NoError(t, b.Validate(2, 2))
	assert.ErrorIs(t, b.Validate(2, 3), lp.ErrInvalid)
	assert.NoError(t, b.CheckBounds([]float64{0, 0}, []float64{1, inf}, []float64{-inf, -inf}, []float64{4, 6}))
	err := b.CheckBounds([]float64{-inf, 0}, []float64{1, inf}, []float64{-inf, -inf}, []float64{4, 6})
	require.ErrorIs(t, err, lp.ErrInvalid)
	assert.Contains(t, err.Error(), "column 0 at lower")
	err = b.CheckBounds([]float64{0, 0}, []float64{1, inf}, []float64{-inf, -inf}, []float64{4, inf})
	assert.Contains(t, err.Error(), "row 1 at upper")
	c := b.Clone()
	c.Cols[0] = lp.AtUpper
	assert.Equal(t, lp.AtLower, b.Cols[0], "a deep copy")
	bad := &lp.Basis{Cols: []lp.BasisStatus{7}, Rows: nil}
	assert.ErrorIs(t, bad.Validate(0, 1), lp.ErrInvalid)
}

func TestStrings(t *testing.T) {
	assert.Equal(t, "optimal", lp.Optimal.String())
	assert.Equal(t, "time limit", lp.TimeLimit.String())
	assert.Equal(t, "Status(42)", lp.Status(42).String())
	assert.Equal(t, "superbasic", lp.Superbasic.String())
	assert.Equal(t, "BasisStatus(9)", lp.BasisStatus(9).String())
	assert.Equal(t, "maximize", lp.Maximize.String())
	assert.Equal(t, "Sense(5)", lp.Sense(5).String())
}

func TestResize(t *testing.T) {
	buf := make([]float64, 2, 10)
	got := lp.Resize(buf, 5)
	assert.Len(t, got, 5)
	assert.Equal(t, &buf[:1][0], &got[0], "storage reused")
	assert.Len(t, lp.Resize[float64](nil, 3), 3)
}

// TestRowsAppend appends two blocks to an empty one and checks the result
// row by row against the blocks.
func TestRowsAppend(t *testing.T) {
	a := lp.Rows{Lower: []float64{0, -1}, Upper: []float64{1, 2}, Start: []int{0, 2, 3}, Col: []int{0, 3, 1}, Value: []float64{1, 2, 3}}
	b := lp.Rows{Lower: []float64{5}, Upper: []float64{6}, Start: []int{0, 2}, Col: []int{2, 4}, Value: []float64{-1, 7}}
	r := lp.Rows{Start: []int{0}}
	r.Append(&a)
	r.Append(&b)
	if err := r.Validate(5); err != nil {
		t.Fatal(err)
	}
	blocks := []*lp.Rows{&a, &a, &b}
	rows := []int{0, 1, 0}
	for k := range r.Len() {
		src, i := blocks[k], rows[k]
		if r.Lower[k] != src.Lower[i] || r.Upper[k] != src.Upper[i] {
			t.Fatalf("row %d bounds [%g, %g], want [%g, %g]", k, r.Lower[k], r.Upper[k], src.Lower[i], src.Upper[i])
		}
		got := fmt.Sprint(r.Col[r.Start[k]:r.Start[k+1]], r.Value[r.Start[k]:r.Start[k+1]])
		want := fmt.Sprint(src.Col[src.Start[i]:src.Start[i+1]], src.Value[src.Start[i]:src.Start[i+1]])
		if got != want {
			t.Fatalf("row %d: %s, want %s", k, got, want)
		}
	}
}
