package wdp

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/gavelhq/gavel/auction"
	"github.com/gavelhq/gavel/solver/internal/lp"
)

// ErrNoInstance is returned for a nil instance.
var ErrNoInstance = errors.New("wdp: no instance")

// Build formulates the winner determination problem of a valid instance
// as a MIP (see the package comment). It returns an error wrapping the
// instance's *auction.ProblemsError when the instance is invalid.
func Build(in *auction.Instance) (*Formulation, error) {
	if in == nil {
		return nil, ErrNoInstance
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("wdp: invalid instance: %w", err)
	}
	b := newBuilder(in)
	b.bidColumns()
	b.capacityRows()
	b.switchRows()
	b.groupRows()
	b.bidderRows()
	b.shareRows()
	b.regionRows()
	return b.finish(), nil
}

// rowBuf is a row under construction.
type rowBuf struct {
	cols   []int
	vals   []float64
	lo, hi float64
}

type builder struct {
	in   *auction.Instance
	f    *Formulation
	rng  []bidRange // by bid
	hi   []float64  // by bid: upper bound of x (0 when dead)
	lo   []float64  // by bid: least positive fraction
	byBd [][]int    // by bidder: its live bids, ascending

	obj, colLo, colHi []float64
	rows              []rowBuf
}

func newBuilder(in *auction.Instance) *builder {
	n := len(in.Bids)
	f := &Formulation{
		In:        in,
		Taken:     make([]int, n),
		Switch:    make([]int, n),
		GroupCol:  map[*auction.Group]int{},
		BidderCol: make([]int, len(in.Bidders)),
		Dead:      make([]Reason, n),
		MinFrac:   make([]float64, n),
	}
	for b := range f.BidderCol {
		f.BidderCol[b] = -1
	}
	b := &builder{in: in, f: f, rng: make([]bidRange, n), hi: make([]float64, n), lo: make([]float64, n),
		byBd: make([][]int, len(in.Bidders))}
	for i := range in.Bids {
		b.rng[i] = soloRange(in, i)
	}
	b.foldMinVolume()
	for i := range in.Bids {
		r := b.rng[i]
		f.Dead[i] = r.dead
		if r.dead == ReasonNone {
			f.MinFrac[i] = r.lo.float()
			b.hi[i] = r.hi.float()
			b.lo[i] = f.MinFrac[i]
			b.byBd[in.Bids[i].Bidder] = append(b.byBd[in.Bids[i].Bidder], i)
		}
	}
	return b
}

// foldMinVolume handles a bidder with a min-volume and one live bid: the
// bid must reach the min-volume alone, which raises its least fraction (or
// kills it). Such a bidder needs no switch w.
func (b *builder) foldMinVolume() {
	in := b.in
	live := make([][]int, len(in.Bidders))
	for i := range in.Bids {
		if b.rng[i].dead == ReasonNone {
			live[in.Bids[i].Bidder] = append(live[in.Bids[i].Bidder], i)
		}
	}
	for bd := range in.Bidders {
		m := in.Bidders[bd].MinVolume
		if m <= 0 || len(live[bd]) != 1 {
			continue
		}
		i := live[bd][0]
		b.rng[i] = raiseForMinVolume(b.rng[i], m, in.Bids[i].TotalVolume())
	}
}

// raiseForMinVolume raises the least fraction of a bid that must reach
// volume m alone.
func raiseForMinVolume(r bidRange, m, total int64) bidRange {
	need := qFrac(m, total)
	if r.lo.less(need) {
		r.lo = need
	}
	if r.hi.less(r.lo) {
		return deadRange(ReasonMinVolume)
	}
	return r
}

func (b *builder) addCol(c Col, obj, lo, hi float64, integer bool) int {
	j := len(b.f.Cols)
	c.Name = shorten(c.Name, j)
	b.f.Cols = append(b.f.Cols, c)
	b.obj = append(b.obj, obj)
	b.colLo = append(b.colLo, lo)
	b.colHi = append(b.colHi, hi)
	b.f.Integer = append(b.f.Integer, integer)
	return j
}

func (b *builder) addRow(r Row, buf rowBuf) {
	r.Name = shorten(r.Name, len(b.f.Rows))
	b.f.Rows = append(b.f.Rows, r)
	b.rows = append(b.rows, buf)
}

// bidColumns adds x for every bid (column i is bid i), then z for every
// live divisible bid.
func (b *builder) bidColumns() {
	in, f := b.in, b.f
	for i := range in.Bids {
		bid := &in.Bids[i]
		v, _ := bid.Value() // Validate: no overflow
		f.Taken[i], f.Switch[i] = i, -1
		b.addCol(Col{Kind: ColBid, Bid: i, Bidder: bid.Bidder, Item: -1, Region: -1, Name: name("x_", bid.ID)},
			float64(v), 0, b.hi[i], !bid.Divisible())
	}
	for i := range in.Bids {
		bid := &in.Bids[i]
		if !bid.Divisible() || f.Dead[i] != ReasonNone {
			continue
		}
		j := b.addCol(Col{Kind: ColSwitch, Bid: i, Bidder: bid.Bidder, Item: -1, Region: -1, Name: name("z_", bid.ID)}, 0, 0, 1, true)
		f.Taken[i], f.Switch[i] = j, j
	}
}

// packing adds Σ coef·x ≤ rhs over live bids, unless it holds whatever
// they win (with every bid at its upper bound) or names one bid only: the
// upper bound of x already holds every limit one bid meets alone.
func (b *builder) packing(r Row, bids []int, coef []int64, rhs int64) {
	if len(bids) < 2 {
		return
	}
	whole := true
	var sum int64
	var fsum float64
	for k, i := range bids {
		if !b.rng[i].hi.isOne() {
			whole = false
		}
		sum += coef[k] // Validate: sums of volumes and of values fit in int64
		fsum += float64(coef[k]) * b.hi[i]
	}
	if whole && sum <= rhs || !whole && fsum <= float64(rhs)*(1-1e-12) {
		return
	}
	buf := rowBuf{lo: math.Inf(-1), hi: float64(rhs)}
	for k, i := range bids {
		buf.cols = append(buf.cols, i)
		buf.vals = append(buf.vals, float64(coef[k]))
	}
	b.addRow(r, buf)
}

func (b *builder) capacityRows() {
	in := b.in
	bids := make([][]int, len(in.Items))
	vols := make([][]int64, len(in.Items))
	for i := range in.Bids {
		if b.f.Dead[i] != ReasonNone {
			continue
		}
		for _, d := range in.Bids[i].Bundle {
			bids[d.Item] = append(bids[d.Item], i)
			vols[d.Item] = append(vols[d.Item], d.Volume)
		}
	}
	for it := range in.Items {
		b.packing(Row{Kind: RowCapacity, Item: it, Region: -1, Bidder: -1, Bid: -1, Name: name("cap_", in.Items[it].ID)},
			bids[it], vols[it], in.Items[it].Capacity)
	}
}

// switchRows links x and z of each live divisible bid: lo·z ≤ x ≤ hi·z.
func (b *builder) switchRows() {
	in, f := b.in, b.f
	for i := range in.Bids {
		z := f.Switch[i]
		if z < 0 {
			continue
		}
		bd, id := in.Bids[i].Bidder, in.Bids[i].ID
		b.addRow(Row{Kind: RowSwitchMin, Item: -1, Region: -1, Bidder: bd, Bid: i, Name: name("swlo_", id)},
			rowBuf{cols: []int{i, z}, vals: []float64{1, -b.lo[i]}, lo: 0, hi: math.Inf(1)})
		b.addRow(Row{Kind: RowSwitchMax, Item: -1, Region: -1, Bidder: bd, Bid: i, Name: name("swhi_", id)},
			rowBuf{cols: []int{i, z}, vals: []float64{1, -b.hi[i]}, lo: math.Inf(-1), hi: 0})
	}
}

// finish stores the rows column by column.
func (b *builder) finish() *Formulation {
	n := len(b.obj)
	p := &lp.Problem{
		Sense:     lp.Maximize,
		Objective: b.obj,
		ColLower:  b.colLo,
		ColUpper:  b.colHi,
		RowLower:  make([]float64, len(b.rows)),
		RowUpper:  make([]float64, len(b.rows)),
		ColStart:  make([]int, n+1),
	}
	for _, r := range b.rows {
		for _, j := range r.cols {
			p.ColStart[j+1]++
		}
	}
	for j := range n {
		p.ColStart[j+1] += p.ColStart[j]
	}
	nnz := p.ColStart[n]
	p.RowIndex = make([]int, nnz)
	p.Value = make([]float64, nnz)
	next := slices.Clone(p.ColStart[:n])
	for i, r := range b.rows {
		p.RowLower[i], p.RowUpper[i] = r.lo, r.hi
		for k, j := range r.cols {
			p.RowIndex[next[j]] = i
			p.Value[next[j]] = r.vals[k]
			next[j]++
		}
	}
	b.f.Problem = p
	return b.f
}
