package auction

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRatio(t *testing.T) {
	tests := []struct {
		in   string
		want Ratio
		str  string
		err  error
	}{
		{in: "0.25", want: Ratio{1, 4}, str: "0.25"},
		{in: "0.6", want: Ratio{3, 5}, str: "0.6"},
		{in: ".6", want: Ratio{3, 5}, str: "0.6"},
		{in: "1", want: Ratio{1, 1}, str: "1"},
		{in: "1.", want: Ratio{1, 1}, str: "1"},
		{in: "1.000", want: Ratio{1, 1}, str: "1"},
		{in: "0", want: Ratio{0, 1}, str: "0"},
		{in: "0.125", want: Ratio{1, 8}, str: "0.125"},
		{in: "999.5", want: Ratio{1999, 2}, str: "999.5"},
		{in: "0999", want: Ratio{999, 1}, str: "999"},
		{in: "0.000000000000001", want: Ratio{1, 1_000_000_000_000_000}, str: "0.000000000000001"},
		{in: "", err: ErrSyntax},
		{in: ".", err: ErrSyntax},
		{in: "-0.5", err: ErrSyntax},
		{in: "+0.5", err: ErrSyntax},
		{in: "1e-3", err: ErrSyntax},
		{in: "1/3", err: ErrSyntax},
		{in: "0.0000000000000001", err: ErrPrecision},
		{in: "1000", err: ErrRange},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRatio(tt.in)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				assert.False(t, got.IsSet())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.True(t, got.IsSet())
			assert.Equal(t, tt.str, got.String())
		})
	}
}

func TestRatioString(t *testing.T) {
	tests := []struct {
		r    Ratio
		want string
	}{
		{Ratio{}, ""},
		{Ratio{1, 3}, "1/3"},
		{Ratio{2, 6}, "1/3"},
		{Ratio{3, 4}, "0.75"},
		{Ratio{6, 8}, "0.75"},
		{Ratio{7, 1}, "7"},
		{Ratio{1, 40}, "0.025"},
		{Ratio{-1, 4}, "-0.25"},
		{Ratio{1, -4}, "-0.25"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.r.String())
		})
	}
}

func TestRatioCmpAndFloat(t *testing.T) {
	tests := []struct {
		name string
		a, b Ratio
		cmp  int
	}{
		{"equal reduced", Ratio{1, 2}, Ratio{2, 4}, 0},
		{"less", Ratio{1, 3}, Ratio{1, 2}, -1},
		{"greater", Ratio{3, 4}, Ratio{2, 3}, 1},
		{"unset is zero", Ratio{}, Ratio{0, 1}, 0},
		{"unset below positive", Ratio{}, Ratio{1, 100}, -1},
		{"negative denominator", Ratio{1, -2}, Ratio{0, 1}, -1},
		{"huge", Ratio{math.MaxInt64, math.MaxInt64 - 1}, Ratio{1, 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.cmp, tt.a.Cmp(tt.b))
			assert.Equal(t, -tt.cmp, tt.b.Cmp(tt.a))
		})
	}
	assert.Equal(t, 0.25, Ratio{1, 4}.Float())
	assert.Equal(t, 0.0, Ratio{}.Float())
	assert.False(t, Ratio{}.IsSet())
	assert.True(t, Ratio{0, 1}.IsSet())
}

func TestRatioFloorMul(t *testing.T) {
	tests := []struct {
		name string
		r    Ratio
		n    int64
		want int64
	}{
		{"max-share 60%", Ratio{3, 5}, 6000, 3600},
		{"rounds down", Ratio{3, 5}, 7, 4},
		{"exact third", Ratio{1, 3}, 9, 3},
		{"below one", Ratio{1, 3}, 2, 0},
		{"unset", Ratio{}, 100, 0},
		{"one", Ratio{1, 1}, math.MaxInt64, math.MaxInt64},
		{"no intermediate overflow", Ratio{math.MaxInt64 - 1, math.MaxInt64}, math.MaxInt64, math.MaxInt64 - 1},
		{"negative n floors", Ratio{1, 2}, -3, -2},
		{"negative denominator floors", Ratio{1, -2}, 3, -2},
		{"clamped high", Ratio{3, 1}, math.MaxInt64, math.MaxInt64},
		{"clamped low", Ratio{3, 1}, math.MinInt64, math.MinInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.r.FloorMul(tt.n))
		})
	}
}

// TestRatioFloorMulFastPath compares the 128-bit fast path with the
// big.Int definition on random non-negative operands, large ones included.
func TestRatioFloorMulFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 20000; k++ {
		n := r.Int64N(math.MaxInt64)
		num, den := r.Int64N(math.MaxInt64), r.Int64N(math.MaxInt64-1)+1
		if k%2 == 0 {
			n, num, den = r.Int64N(1<<32), r.Int64N(1000), r.Int64N(1000)+1
		}
		want := new(big.Int).Mul(big.NewInt(n), big.NewInt(num))
		want.Div(want, big.NewInt(den))
		exp := int64(math.MaxInt64)
		if want.IsInt64() {
			exp = want.Int64()
		}
		require.Equal(t, exp, Ratio{Num: num, Den: den}.FloorMul(n), "%d × %d/%d", n, num, den)
	}
}
