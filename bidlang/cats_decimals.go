package bidlang

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/gavelhq/gavel/auction"
)

// A CATS file's prices are held exactly in units of its finest price
// (catsReader.decimals), so one price with many decimals multiplies every
// other by a power of ten: ten prices of 1e12 fit in an int64 at 0
// decimals, not at the 6 that a price of 1e-06 asks for. An error of range
// or overflow on prices then names the decimals and the price that set them.

// finestPrice returns the index of the first bid whose price needs the
// file's decimals, or -1 when the file needs none.
func (r *catsReader) finestPrice() int {
	if r.decimals == 0 {
		return -1
	}
	for k := range r.bids {
		if r.bids[k].scale == r.decimals {
			return k
		}
	}
	return -1
}

// explainDecimals adds to d, an error about a price or a sum of prices,
// the place of the price that sets the file's decimals. The bid is named
// as d names bids: by its number in the file, or by its ID in the instance
// (byID, for the instance's checks, which name bids "b7").
func (r *catsReader) explainDecimals(d *Diagnostic, byID bool) {
	k := r.finestPrice()
	if k < 0 {
		return
	}
	b := &r.bids[k]
	pos, ok := r.bidFieldPos(b, auction.FieldPrice, 0)
	if !ok {
		return
	}
	name := fmt.Sprintf("bid %d", b.num)
	if byID {
		name = fmt.Sprintf("bid %q", "b"+strconv.FormatUint(b.num, 10))
	}
	d.Related = append(d.Related, Related{Pos: pos,
		Msg: fmt.Sprintf("%s's price %s needs %d decimals", name, catsPriceText(b), r.decimals)})
}

// sumFitsWhole reports whether the file's prices would sum within an int64
// at 0 decimals: only then can the decimals be the cause of an overflow.
func (r *catsReader) sumFitsWhole() bool {
	var sum float64
	for k := range r.bids {
		sum += float64(r.bids[k].unscaled) / math.Pow10(r.bids[k].scale)
	}
	return sum < math.MaxInt64
}

// overflowPrices returns the positions (byte offsets) of the prices that
// the instance's checks find overflowing a sum, when the file's decimals
// may be the cause: the prices would sum within an int64 without them.
func (r *catsReader) overflowPrices(probs auction.Problems) map[int]bool {
	if r.decimals == 0 || !r.sumFitsWhole() {
		return nil
	}
	var at map[int]bool
	for _, pr := range probs {
		ref := pr.Ref
		if pr.Severity != auction.SevError || !errors.Is(pr.Err, auction.ErrOverflow) ||
			ref.Kind != auction.RefBid || ref.Field != auction.FieldPrice || ref.Index < 0 || ref.Index >= len(r.bids) {
			continue
		}
		if pos, ok := r.bidFieldPos(&r.bids[ref.Index], auction.FieldPrice, 0); ok {
			if at == nil {
				at = map[int]bool{}
			}
			at[pos.Offset] = true
		}
	}
	return at
}

// explainOverflows adds the decimals to the overflow errors at the prices
// of at, among the diagnostics list[from:].
func (r *catsReader) explainOverflows(at map[int]bool, from int) {
	if len(at) == 0 {
		return
	}
	for _, d := range r.list[from:] {
		if d.Severity == Error && errors.Is(d.Err, auction.ErrOverflow) && at[d.Pos.Offset] {
			d.Msg += fmt.Sprintf(" at the %d decimals the file's prices need", r.decimals)
			r.explainDecimals(d, true)
		}
	}
}
