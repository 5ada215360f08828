package solver

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/solver/internal/lp"
)

func TestEngines(t *testing.T) {
	if builtWithClp {
		assert.Equal(t, []string{EngineClp, EngineNative}, Engines())
	} else {
		assert.Equal(t, []string{EngineNative}, Engines())
	}
}

func TestOptionsEngine(t *testing.T) {
	def := EngineNative
	if builtWithClp {
		def = EngineClp
	}
	tests := []struct {
		engine  string
		want    string // resolved engine; "" when it must fail
		message string // part of the error message
	}{
		{"", def, ""},
		{EngineNative, EngineNative, ""},
		{EngineClp, map[bool]string{true: EngineClp, false: ""}[builtWithClp], `go build -tags clp`},
		{"gurobi", "", `unknown LP engine "gurobi"`},
		{"Clp", "", `unknown LP engine "Clp"`},
	}
	for _, tt := range tests {
		t.Run(tt.engine, func(t *testing.T) {
			o := Options{Engine: tt.engine}
			err := o.Validate()
			if tt.want == "" {
				require.ErrorIs(t, err, ErrEngine)
				assert.Contains(t, err.Error(), tt.message)
				_, err = o.newLP()
				assert.ErrorIs(t, err, ErrEngine, "newLP fails at once too")
				return
			}
			require.NoError(t, err)
			e, err := o.engine()
			require.NoError(t, err)
			assert.Equal(t, tt.want, e.Name)

			// The engine works: max x + y, x + 2y <= 4, x, y in [0, 2].
			m, err := o.newLP()
			require.NoError(t, err)
			defer m.Close()
			require.NoError(t, m.Load(&lp.Problem{
				Sense:     lp.Maximize,
				Objective: []float64{1, 1},
				ColLower:  []float64{0, 0},
				ColUpper:  []float64{2, 2},
				RowLower:  []float64{-1},
				RowUpper:  []float64{4},
				ColStart:  []int{0, 1, 2},
				RowIndex:  []int{0, 0},
				Value:     []float64{1, 2},
			}))
			st, err := m.Solve(lp.Limits{})
			require.NoError(t, err)
			require.Equal(t, lp.Optimal, st)
			obj, err := m.Objective()
			require.NoError(t, err)
			assert.InDelta(t, 3, obj, 1e-9)
		})
	}
}

// TestOptionsValidate checks the ranges Validate enforces.
func TestOptionsValidate(t *testing.T) {
	for _, o := range []Options{
		{Threads: -1}, {Threads: MaxThreads + 1}, {RelGap: -0.1}, {RelGap: 1},
		{TimeLimit: -1}, {NodeLimit: -1}, {ProgressInterval: -1},
	} {
		if err := o.Validate(); !errors.Is(err, ErrOptions) {
			t.Errorf("%+v: Validate = %v, want ErrOptions", o, err)
		}
	}
	for _, o := range []Options{{}, {Threads: MaxThreads}, {RelGap: 0.5}} {
		if err := o.Validate(); err != nil {
			t.Errorf("%+v: Validate = %v, want nil", o, err)
		}
	}
}
