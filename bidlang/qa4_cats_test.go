package bidlang_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/bidlang"
)

// TestQA4CATSOverflowNamesTheDecimals: a CATS file's prices are held in
// units of its finest price, so one tiny price can make large ones
// overflow where each alone fits: ten bids of 1e12 sum to 10^13, far within
// int64, but at the 6 decimals that 1e-06 needs they are 10^19 minor
// units. The error must say so and point at the price that set the
// decimals; without it "value 1000000000000 makes the sum ... overflow"
// reads as nonsense.
func TestQA4CATSOverflowNamesTheDecimals(t *testing.T) {
	var b strings.Builder
	b.WriteString("goods 2\nbids 11\ndummy 0\n")
	for i := range 10 {
		fmt.Fprintf(&b, "%d\t1e+12\t0\t#\n", i)
	}
	b.WriteString("10\t1e-06\t1\t#\n")
	in, diags := bidlang.ReadCATS("mix.txt", []byte(b.String()))
	require.Nil(t, in)
	errs := diags.Errors()
	require.Len(t, errs, 1, "%v", diags)
	d := errs[0]
	assert.True(t, errors.Is(d, auction.ErrOverflow), d.Error())
	assert.Equal(t, "mix.txt:13:3", d.File+":"+d.Pos.String())
	assert.Equal(t, `mix.txt:13:3: bid "b9": value 1000000000000 makes the sum of all bids' values overflow: `+
		`all bids' values together must stay within 9223372036854.775807 at the 6 decimals the file's prices need `+
		`(bid "b10"'s price 0.000001 needs 6 decimals at 14:4)`, d.Error())
	require.Len(t, d.Related, 1, d.Error())
	assert.Equal(t, 14, d.Related[0].Pos.Line, d.Error())
	assert.Equal(t, 4, d.Related[0].Pos.Col, d.Error())

	// Without the tiny price the file reads: the same prices at 0 decimals.
	in, diags = bidlang.ReadCATS("mix.txt", []byte(strings.Replace(b.String(), "1e-06", "1", 1)))
	require.NoError(t, diags.Err())
	assert.Equal(t, 0, in.Currency.Decimals)
}

// TestQA4CATSPriceTooFineForOthersNamesIt: one price alone that does not fit
// at the decimals another needs points at that other price.
func TestQA4CATSPriceTooFineForOthersNamesIt(t *testing.T) {
	in, diags := bidlang.ReadCATS("f.txt", []byte("goods 2\nbids 2\ndummy 0\n0\t9e+12\t0\t#\n1\t1e-09\t1\t#\n"))
	require.Nil(t, in)
	errs := diags.Errors()
	require.Len(t, errs, 1, "%v", diags)
	assert.True(t, errors.Is(errs[0], auction.ErrRange))
	assert.Equal(t, `f.txt:4:3: bid 0: price 9000000000000 does not fit with the 9 decimals other prices of the file need (bid 1's price 0.000000001 needs 9 decimals at 5:3)`, errs[0].Error())
}

// TestQA4CATSOverflowNotFromDecimals: prices that overflow their sum even
// at 0 decimals get the plain overflow error, without blaming the decimals
// another price needs (eleven prices of 9e17 are past int64 as they stand).
func TestQA4CATSOverflowNotFromDecimals(t *testing.T) {
	var b strings.Builder
	b.WriteString("goods 2\nbids 12\ndummy 0\n")
	for i := range 11 {
		fmt.Fprintf(&b, "%d\t9e+17\t0\t#\n", i)
	}
	b.WriteString("11\t0.1\t1\t#\n")
	in, diags := bidlang.ReadCATS("big.txt", []byte(b.String()))
	require.Nil(t, in)
	errs := diags.Errors()
	require.NotEmpty(t, errs)
	for _, d := range errs {
		assert.True(t, errors.Is(d, auction.ErrOverflow), d.Error())
		assert.NotContains(t, d.Error(), "decimals", d.Error())
		assert.Empty(t, d.Related, d.Error())
	}
}
