package auction

import "slices"

// Region is a set of items that share a non-empty Item.Region: the unit
// over which the rule min-winners counts winning bidders.
type Region struct {
	Name  string // the shared Item.Region
	Items []int  // item indices, ascending
}

// Regions returns the regions of the instance, in the order of their first
// item; items whose Region is "" are in none. It builds a new slice on
// every call.
func (in *Instance) Regions() []Region {
	var out []Region
	at := map[string]int{}
	for it := range in.Items {
		name := in.Items[it].Region
		if name == "" {
			continue
		}
		k, ok := at[name]
		if !ok {
			k = len(out)
			at[name] = k
			out = append(out, Region{Name: name})
		}
		out[k].Items = append(out[k].Items, it)
	}
	return out
}

// RegionOf returns, by item, the index of its region in Regions, or -1 for
// an item without a region, and the number of regions. It agrees with
// Regions and costs one map lookup per item.
func (in *Instance) RegionOf() (region []int, n int) {
	region = make([]int, len(in.Items))
	at := map[string]int{}
	for it := range in.Items {
		name := in.Items[it].Region
		if name == "" {
			region[it] = -1
			continue
		}
		k, ok := at[name]
		if !ok {
			k = n
			at[name] = k
			n++
		}
		region[it] = k
	}
	return region, n
}

// regionBidders returns, by region (the indices of RegionOf), the distinct
// bidders of the given bids with volume on an item of that region,
// ascending. Bids, bidders and items out of range are skipped.
func (in *Instance) regionBidders(bids []int) [][]int {
	region, n := in.RegionOf()
	out := make([][]int, n)
	for _, i := range bids {
		if i < 0 || i >= len(in.Bids) {
			continue
		}
		b := in.Bids[i].Bidder
		if b < 0 || b >= len(in.Bidders) {
			continue
		}
		for _, d := range in.Bids[i].Bundle {
			if d.Item >= 0 && d.Item < len(region) && region[d.Item] >= 0 {
				out[region[d.Item]] = append(out[region[d.Item]], b)
			}
		}
	}
	for r := range out {
		slices.Sort(out[r])
		out[r] = slices.Compact(out[r])
	}
	return out
}

// regions warns about a rule min-winners that limits nothing (no item has
// a region) or that no allocation can meet (a region in which fewer
// bidders bid than the rule asks for).
func (v *validator) regions() {
	in := v.in
	k := in.Rules.MinWinners
	if k <= 0 {
		return
	}
	ref := Ref{Kind: RefRule, Field: FieldMinWinners}
	regs := in.Regions()
	if len(regs) == 0 {
		v.warnf(ErrEmpty, ref, "rule min-winners %d: no item has a region, so the rule limits nothing", k)
		return
	}
	all := make([]int, len(in.Bids))
	for i := range all {
		all[i] = i
	}
	for r, bidders := range in.regionBidders(all) {
		if len(bidders) >= k {
			continue
		}
		ref.Sub = r
		v.warnf(ErrUnsatisfiable, ref, "rule min-winners %d: only %d %s in region %q%s, so no allocation can meet it",
			k, len(bidders), plural(len(bidders), "bidder bids", "bidders bid"), regs[r].Name, in.bidderList(bidders))
	}
}

// regions reports each region in which fewer bidders win volume than
// the rule min-winners asks for.
func (c *checker) regions() {
	in := c.in
	k := in.Rules.MinWinners
	if k <= 0 {
		return
	}
	regs := in.Regions()
	for r, bidders := range in.regionBidders(c.won) {
		if len(bidders) >= k {
			continue
		}
		c.add(ErrRuleViolated, Ref{Kind: RefRule, Field: FieldMinWinners, Sub: r},
			"region %q: %d %s volume there%s, fewer than the rule min-winners %d",
			regs[r].Name, len(bidders), plural(len(bidders), "bidder wins", "bidders win"), in.bidderList(bidders), k)
	}
}

// bidderList writes " (a, b)" for a non-empty list of bidders, at most 5
// named.
func (in *Instance) bidderList(bidders []int) string {
	if len(bidders) == 0 {
		return ""
	}
	names := make([]string, len(bidders))
	for k, b := range bidders {
		names[k] = in.bidderName(b)
	}
	return " (" + list(names) + ")"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
