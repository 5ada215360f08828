package auction

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strings"
)

// Ratio is an exact non-negative fraction Num/Den read from a decimal such as
// "0.25" or "0.6". The zero Ratio (Den == 0) means "not set".
type Ratio struct {
	Num, Den int64
}

// IsSet reports whether r holds a value.
func (r Ratio) IsSet() bool { return r.Den != 0 }

// Float returns r as a float64 (0 when unset), for solvers and display only.
func (r Ratio) Float() float64 {
	if r.Den == 0 {
		return 0
	}
	return float64(r.Num) / float64(r.Den)
}

// String writes r as the shortest exact decimal when there is one ("0.25"),
// else as "num/den". An unset ratio is "".
func (r Ratio) String() string {
	if r.Den == 0 {
		return ""
	}
	rat := new(big.Rat).SetFrac64(r.Num, r.Den)
	den := new(big.Int).Set(rat.Denom())
	digits := 0
	for _, p := range []int64{2, 5} {
		bp := big.NewInt(p)
		n := 0
		for new(big.Int).Mod(den, bp).Sign() == 0 {
			den.Div(den, bp)
			n++
		}
		digits = max(digits, n)
	}
	if den.Cmp(big.NewInt(1)) != 0 {
		return rat.String() // reduced: "1/3"
	}
	return rat.FloatString(digits)
}

// ParseRatio reads a non-negative decimal ("1", "0.25", ".6") exactly.
// It accepts at most 15 fractional digits.
func ParseRatio(s string) (Ratio, error) {
	intPart, fracPart, _ := strings.Cut(s, ".")
	if (intPart == "" && fracPart == "") || !allDigits(intPart) || !allDigits(fracPart) {
		return Ratio{}, fmt.Errorf("%q: %w", s, ErrSyntax)
	}
	fracPart = strings.TrimRight(fracPart, "0")
	if len(fracPart) > 15 {
		return Ratio{}, fmt.Errorf("%q: more than 15 decimals: %w", s, ErrPrecision)
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 3 {
		return Ratio{}, fmt.Errorf("%q: %w", s, ErrRange)
	}
	den := int64(1)
	for range fracPart {
		den *= 10
	}
	num := int64(0)
	for _, c := range intPart + fracPart {
		num = num*10 + int64(c-'0')
	}
	return Ratio{Num: num, Den: den}.reduce(), nil
}

func (r Ratio) reduce() Ratio {
	a, b := r.Num, r.Den
	for b != 0 {
		a, b = b, a%b
	}
	if a <= 1 {
		return r
	}
	return Ratio{Num: r.Num / a, Den: r.Den / a}
}

// rat returns r as a big.Rat; an unset ratio is 0.
func (r Ratio) rat() *big.Rat {
	if r.Den == 0 {
		return new(big.Rat)
	}
	return new(big.Rat).SetFrac64(r.Num, r.Den)
}

// Cmp compares two ratios exactly: -1, 0 or +1. An unset ratio counts as 0,
// as in Float.
func (r Ratio) Cmp(o Ratio) int {
	return r.rat().Cmp(o.rat())
}

// FloorMul returns floor(n * r) exactly (0 when r is unset). A result beyond
// the int64 range is clamped to math.MaxInt64 or math.MinInt64.
func (r Ratio) FloorMul(n int64) int64 {
	if r.Den == 0 {
		return 0
	}
	if n >= 0 && r.Num >= 0 && r.Den > 0 { // the common case, in 128-bit integers
		hi, lo := bits.Mul64(uint64(n), uint64(r.Num))
		if hi < uint64(r.Den) { // the quotient fits in 64 bits
			q, _ := bits.Div64(hi, lo, uint64(r.Den))
			if q > math.MaxInt64 {
				return math.MaxInt64
			}
			return int64(q)
		}
		return math.MaxInt64
	}
	p := new(big.Int).Mul(big.NewInt(n), big.NewInt(r.Num))
	d := big.NewInt(r.Den)
	if d.Sign() < 0 {
		p.Neg(p)
		d.Neg(d)
	}
	p.Div(p, d) // Euclidean division by a positive divisor is floor
	switch {
	case p.IsInt64():
		return p.Int64()
	case p.Sign() > 0:
		return math.MaxInt64
	default:
		return math.MinInt64
	}
}
