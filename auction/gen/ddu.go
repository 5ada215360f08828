package gen

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gavelhq/gavel/auction"
)

// genDDU builds the geographic DDU market: the map and items from one
// stream ("ddu/map"), the shippers and their bids from another
// ("ddu/bids"), so that the same seed and map parameters give the same map
// whatever the bid parameters.
func genDDU(c *Config) (*auction.Instance, error) {
	if c.Goods > dduMaxDDUs {
		return nil, fmt.Errorf("%w: ddu supports at most %d DDUs", ErrConfig, dduMaxDDUs)
	}
	p, err := c.DDU.resolve(c.Goods)
	if err != nil {
		return nil, err
	}
	maxShare, err := maxShareRatio(p.maxShare)
	if err != nil {
		return nil, err
	}
	mg := newRNG(c.Seed, "ddu/map")
	m := buildDDUMap(mg, c.Goods, p)
	in := &auction.Instance{
		Name:     dduName(c),
		Currency: auction.DefaultCurrency,
		Rules:    auction.Rules{MaxShare: maxShare},
	}
	m.items(mg, p, in)
	d := &dduGen{g: newRNG(c.Seed, "ddu/bids"), p: p, m: m, in: in, seed: c.Seed, mark: make([]uint32, m.n),
		lpcNear: make([][]int32, len(m.lpcX))}
	in.Bids = make([]auction.Bid, 0, c.Bids)
	d.shippers(c.Bids)
	return in, nil
}

// dduName is instanceName plus every DDU parameter that is not its default.
func dduName(c *Config) string {
	var b strings.Builder
	b.WriteString(instanceName("ddu", c))
	cfg := c.DDU
	for _, pr := range cfg.Params() {
		pv := pr.Value.(*paramValue)
		if pv.raw() != 0 {
			fmt.Fprintf(&b, " --ddu-%s %s", pr.Name, pv.String())
		}
	}
	return b.String()
}

// dduMaxDDUs bounds the map: k-means over DDUs and LPCs grows with the
// square of the count (the US has about 18,000 DDUs).
const dduMaxDDUs = 100000

type shipperKind uint8

const (
	kindNational shipperKind = iota
	kindRegional
	kindSmall
)

// kinds holds what distinguishes the three kinds of shipper.
var kinds = [...]struct {
	prefix, label    string
	valueFactor      float64 // on the common per-parcel value
	shareLo, shareHi float64 // volume bid at a DDU, as a share of its capacity
	radiusLo         float64 // territory radius as a fraction of the map width
	radiusHi         float64
	sizeLo, sizeHi   int // DDUs per bundle (regional, 3PL)
	bidsLo, bidsHi   int // bids per bidder (regional, 3PL)
}{
	kindNational: {"nat", "national retailer", 1.05, 0.10, 0.30, 0, 0, 0, 0, 0, 0},
	kindRegional: {"reg", "regional carrier", 1.00, 0.05, 0.20, 0.025, 0.09, 5, 40, 4, 16},
	kindSmall:    {"tpl", "3PL", 0.95, 0.02, 0.08, 0.004, 0.02, 1, 8, 1, 5},
}

// nationalPackages are the numbers of LPCs a national package may span.
var nationalPackages = []int{1, 2, 3, 4, 6}

type dduGen struct {
	g    *rng
	p    *dduParams
	m    *dduMap
	in   *auction.Instance
	seed uint64

	arena   []auction.Demand // backing store of bundles
	nbuf    []neighbour
	mark    []uint32 // == stamp: DDU already in the bundle being built
	stamp   uint32
	ddus    []int32
	uniq    []int32
	lpcNear [][]int32 // per LPC, once asked: the nearest LPCs, itself first
}

type shipper struct {
	kind       shipperKind
	id         string
	idx        int // bidder index
	hubX, hubY []float64
	radius     float64
	share      float64     // volume share of capacity
	anchorCum  [][]float64 // national: per hub, cumulative anchor-LPC weights
}

// shippers creates the bidders of each kind until each kind's share of
// bids is made, exactly.
func (d *dduGen) shippers(bids int) {
	p := d.p
	nat := int(math.Round(float64(bids) * p.nationalShare))
	reg := min(int(math.Round(float64(bids)*p.regionalShare)), bids-nat)
	small := bids - nat - reg
	for k := range p.nationals {
		quota := nat / p.nationals
		if k < nat%p.nationals {
			quota++
		}
		if quota > 0 {
			d.bidder(kindNational, k+1, quota)
		}
	}
	for k := 1; reg > 0; k++ {
		n := min(d.g.between(kinds[kindRegional].bidsLo, kinds[kindRegional].bidsHi), reg)
		d.bidder(kindRegional, k, n)
		reg -= n
	}
	for k := 1; small > 0; k++ {
		n := min(d.g.between(kinds[kindSmall].bidsLo, kinds[kindSmall].bidsHi), small)
		d.bidder(kindSmall, k, n)
		small -= n
	}
}

// bidder creates one shipper with exactly nbids bids in families (a bid,
// or an XOR group of alternatives), then its budget or min-volume.
func (d *dduGen) bidder(kind shipperKind, num, nbids int) {
	g, m, p := d.g, d.m, d.p
	ks := &kinds[kind]
	s := &shipper{kind: kind, id: ks.prefix + strconv.Itoa(num), idx: len(d.in.Bidders)}
	s.share = g.uniform(ks.shareLo, ks.shareHi)
	s.radius = mul(g.uniform(ks.radiusLo, ks.radiusHi), m.w)
	switch kind {
	case kindNational:
		d.metroHubs(s, g.between(3, 6))
	case kindRegional:
		d.metroHubs(s, g.between(1, 2))
	case kindSmall:
		for {
			i := g.intn(m.n)
			if g.chance(m.dens[i] + 0.3) {
				s.hubX, s.hubY = []float64{m.x[i]}, []float64{m.y[i]}
				break
			}
		}
	}
	bidder := auction.Bidder{ID: s.id, Name: ks.label + " " + strconv.Itoa(num), Tree: auction.Group{Kind: auction.Or}}
	first := len(d.in.Bids)
	var famValue []auction.Money // best value of each family
	var famVolume []int64        // largest volume of each family
	var maxValue auction.Money
	divisible := p.divisible
	if kind == kindNational {
		divisible /= 2
	}
	for made := 0; made < nbids; {
		alts := 1
		if nbids-made >= 2 && g.chance(p.xorShare) {
			alts = g.between(2, min(p.maxXor, nbids-made))
		}
		nodes := make([]auction.Node, 0, alts)
		var bestV auction.Money
		var bestVol int64
		d.family(s, alts, func(ddus []int32) {
			bi := d.addBid(s, ddus, divisible, made+len(nodes)+1)
			nodes = append(nodes, auction.Node{Bid: bi})
			v, _ := d.in.Bids[bi].Value()
			bestV = max(bestV, v)
			maxValue = max(maxValue, v)
			bestVol = max(bestVol, d.in.Bids[bi].TotalVolume())
		})
		made += len(nodes)
		famValue = append(famValue, bestV)
		famVolume = append(famVolume, bestVol)
		if len(nodes) == 1 {
			bidder.Tree.Children = append(bidder.Tree.Children, nodes[0])
		} else {
			bidder.Tree.Children = append(bidder.Tree.Children, auction.Node{Group: &auction.Group{Kind: auction.Xor, Children: nodes}})
		}
	}
	if len(famValue) >= 2 {
		switch {
		case g.chance(p.budgetShare):
			var total auction.Money
			for _, v := range famValue {
				total, _ = auction.AddMoney(total, v)
			}
			budget := toMoney(mul(mul(float64(total), p.budgetFactor), g.uniform(0.8, 1.2))/100, 2)
			bidder.Budget = max(budget, maxValue)
		case g.chance(p.minVolumeShare):
			var total int64
			for _, v := range famVolume {
				total += v
			}
			u := g.uniform(0.2, 0.5)
			bidder.MinVolume = max(1, int64(math.Round(mul(float64(total), u))))
			if reach := d.reach(first); bidder.MinVolume > reach {
				// A min-volume above what the DDUs it bids on can give it
				// would make a bidder that can never win.
				bidder.MinVolume = max(1, int64(math.Round(mul(float64(reach), u))))
			}
		}
	}
	d.in.Bidders = append(d.in.Bidders, bidder)
}

// metroHubs puts k hubs at distinct metros drawn by weight.
func (d *dduGen) metroHubs(s *shipper, k int) {
	m := d.m
	w := slices.Clone(m.metroW)
	for range min(k, len(w)) {
		total := 0.0
		for _, v := range w {
			total += v
		}
		u, acc, pick := mul(d.g.float(), total), 0.0, -1
		for i, v := range w {
			if v > 0 {
				pick = i
				if acc += v; u < acc {
					break
				}
			}
		}
		w[pick] = 0
		s.hubX = append(s.hubX, m.metroX[pick])
		s.hubY = append(s.hubY, m.metroY[pick])
	}
}

// family calls emit with the DDUs of each of alts alternative bundles.
func (d *dduGen) family(s *shipper, alts int, emit func([]int32)) {
	g, m := d.g, d.m
	h := g.intn(len(s.hubX))
	if s.kind == kindNational {
		anchor := d.anchorLPC(s, h)
		sizes := slices.Clone(nationalPackages) // distinct package sizes while they last
		for j := range min(alts, len(sizes)) {
			k := j + g.intn(len(sizes)-j)
			sizes[j], sizes[k] = sizes[k], sizes[j]
		}
		for j := range alts {
			emit(d.nationalPackage(anchor, sizes[j%len(sizes)], g.uniform(0.15, 0.5)))
		}
		return
	}
	ks := &kinds[s.kind]
	cx := clampF(g.normal(s.hubX[h], s.radius), 0, m.w)
	cy := clampF(g.normal(s.hubY[h], s.radius), 0, m.h)
	k0 := g.between(ks.sizeLo, ks.sizeHi)
	for j := range alts {
		x, y, k := cx, cy, k0
		if j > 0 {
			x = clampF(g.normal(cx, s.radius/2), 0, m.w)
			y = clampF(g.normal(cy, s.radius/2), 0, m.h)
			k = max(1, int(math.Round(mul(float64(k0), g.uniform(0.6, 1.4)))))
		}
		d.nbuf = m.grid.nearest(x, y, k, d.nbuf)
		d.ddus = d.ddus[:0]
		for _, nb := range d.nbuf {
			d.ddus = append(d.ddus, nb.i)
		}
		emit(d.ddus)
	}
}

// anchorLPC draws an LPC with probability proportional to its size times
// exp(-distance from hub h / (0.15 · map width)).
func (d *dduGen) anchorLPC(s *shipper, h int) int {
	m := d.m
	if s.anchorCum == nil {
		s.anchorCum = make([][]float64, len(s.hubX))
	}
	cum := s.anchorCum[h]
	if cum == nil {
		scale := 0.15 * m.w
		cum = make([]float64, len(m.lpcX))
		total := 0.0
		for l := range cum {
			total += mul(float64(len(m.lpcDDUs[l])), dexp(-dist(s.hubX[h], s.hubY[h], m.lpcX[l], m.lpcY[l])/scale))
			cum[l] = total
		}
		s.anchorCum[h] = cum
	}
	u := mul(d.g.float(), cum[len(cum)-1])
	l, _ := slices.BinarySearch(cum, u)
	for l < len(cum)-1 && cum[l] <= u { // the first l with u < cum[l]
		l++
	}
	return min(l, len(cum)-1)
}

// nationalPackage returns the densest share cov of the DDUs of the anchor
// LPC and its size-1 nearest LPCs (which may lie in other regions).
func (d *dduGen) nationalPackage(anchor, size int, cov float64) []int32 {
	m := d.m
	near := d.lpcNear[anchor]
	if near == nil {
		order := orderBy(len(m.lpcX), func(a, b int) int {
			da := dist(m.lpcX[anchor], m.lpcY[anchor], m.lpcX[a], m.lpcY[a])
			db := dist(m.lpcX[anchor], m.lpcY[anchor], m.lpcX[b], m.lpcY[b])
			return cmp.Compare(da, db)
		})
		n := min(len(order), slices.Max(nationalPackages))
		near = make([]int32, n)
		for k := range n {
			near[k] = int32(order[k])
		}
		d.lpcNear[anchor] = near
	}
	d.ddus = d.ddus[:0]
	for _, l := range near[:min(size, len(near))] {
		list := m.lpcDDUs[l]
		take := max(1, int(math.Ceil(mul(cov, float64(len(list))))))
		d.ddus = append(d.ddus, list[:take]...)
	}
	return d.ddus
}

// reach is the most the bids from index first on can win together: per
// DDU, their demand, but no more than one bidder may win of it.
func (d *dduGen) reach(first int) int64 {
	demand := map[int]int64{}
	for _, b := range d.in.Bids[first:] {
		for _, dm := range b.Bundle {
			demand[dm.Item] += dm.Volume
		}
	}
	var total int64
	for it, v := range demand {
		total += min(v, d.limit(&d.in.Items[it], v))
	}
	return total
}

// limit clamps a volume to [1, what one bidder may win of the item]: its
// capacity, or the max-share of it.
func (d *dduGen) limit(it *auction.Item, v int64) int64 {
	most := it.Capacity
	if ms := d.in.Rules.MaxShare; ms.IsSet() {
		most = max(1, ms.FloorMul(it.Capacity))
	}
	return min(max(v, 1), most)
}

// parcelValue is shipper s's value of one parcel at DDU i: a common part
// that grows with density, less the haul from the nearest hub, times a
// private factor that depends only on (seed, shipper, DDU).
func (d *dduGen) parcelValue(s *shipper, i int32) float64 {
	m, p := d.m, d.p
	base := mul(p.value, 0.8+float64(0.4*m.dens[i]))
	hub := math.Inf(1)
	for h := range s.hubX {
		hub = math.Min(hub, dist(s.hubX[h], s.hubY[h], m.x[i], m.y[i]))
	}
	v := math.Max(base-float64(p.haul*hub)/1000, 0.3*base)
	v = mul(v, kinds[s.kind].valueFactor)
	if p.noise > 0 {
		v = mul(v, dexp(mul(p.noise, hashNormal(d.seed, uint64(s.idx), uint64(i)))))
	}
	return v
}

// addBid adds shipper s's bid on the given DDUs and returns its index.
func (d *dduGen) addBid(s *shipper, ddus []int32, divisibleP float64, num int) int {
	g, m := d.g, d.m
	d.stamp++
	uniq := d.uniq[:0]
	defer func() { d.uniq = uniq }()
	for _, i := range ddus {
		if d.mark[i] != d.stamp {
			d.mark[i] = d.stamp
			uniq = append(uniq, i)
		}
	}
	slices.Sort(uniq)
	need := 2 * len(uniq)
	if cap(d.arena)-len(d.arena) < need {
		d.arena = make([]auction.Demand, 0, max(1<<16, need))
	}
	start := len(d.arena)
	value := 0.0
	var reserve auction.Money
	for _, i := range uniq {
		before := len(d.arena)
		share := mul(s.share, g.uniform(0.8, 1.2))
		total := min(max(roundTo(mul(share, float64(m.cap[i])), 10), 10), m.cap[i])
		it := int(m.item0[i])
		if m.nItems[i] == 2 {
			items := d.in.Items[it : it+2]
			switch r := g.float(); {
			case r < 0.45: // morning only
				d.arena = append(d.arena, auction.Demand{Item: it, Volume: d.limit(&items[0], total)})
			case r < 0.7: // afternoon only
				d.arena = append(d.arena, auction.Demand{Item: it + 1, Volume: d.limit(&items[1], total)})
			default: // both, in proportion to the windows' capacities
				am := d.limit(&items[0], int64(math.Round(float64(total)*float64(items[0].Capacity)/float64(m.cap[i]))))
				pm := d.limit(&items[1], total-am)
				d.arena = append(d.arena, auction.Demand{Item: it, Volume: am}, auction.Demand{Item: it + 1, Volume: pm})
			}
		} else {
			d.arena = append(d.arena, auction.Demand{Item: it, Volume: d.limit(&d.in.Items[it], total)})
		}
		v := d.parcelValue(s, i)
		for _, dm := range d.arena[before:] {
			value += mul(float64(dm.Volume), v)
			r, _ := d.in.Items[dm.Item].Reserve.MulInt(dm.Volume)
			reserve, _ = auction.AddMoney(reserve, r)
		}
	}
	bundle := d.arena[start:len(d.arena):len(d.arena)]
	value = mul(mul(value, dpow(float64(len(uniq)), d.p.synergy)), g.lognormal(0.05))
	bid := auction.Bid{ID: s.id + "b" + strconv.Itoa(num), Bidder: s.idx, Bundle: bundle}
	var volume int64
	for _, dm := range bundle {
		volume += dm.Volume
	}
	if g.chance(divisibleP) {
		fracs := [...]auction.Ratio{{Num: 1, Den: 4}, {Num: 1, Den: 2}, {Num: 3, Den: 4}}
		bid.MinFraction = fracs[g.intn(len(fracs))]
		bid.PerUnit = true
		rate := toMoney(value/float64(volume), 2)
		if minRate := (reserve + auction.Money(volume) - 1) / auction.Money(volume); rate < minRate {
			rate = minRate + auction.Money(g.intn(3))
		}
		bid.Amount = rate
	} else {
		amount := toMoney(value, 2)
		if amount < reserve {
			amount = toMoneyUp(mul(float64(reserve), g.uniform(1.01, 1.08))/100, 2)
		}
		bid.Amount = amount
	}
	d.in.Bids = append(d.in.Bids, bid)
	return len(d.in.Bids) - 1
}
