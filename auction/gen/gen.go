package gen

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gavelhq/gavel/auction"
)

// Config selects the size and seed of an instance. The zero value of each
// field means its default.
type Config struct {
	// Goods is the number of goods (items) for the CATS distributions and
	// the number of DDUs for ddu. 0 means 256 goods, or 1,000 DDUs.
	Goods int
	// Bids is the number of bids. 0 means 1,000 for the CATS
	// distributions and 5 bids per DDU for ddu.
	Bids int
	// Seed selects the pseudo-random stream. Every seed, 0 included, is a
	// valid seed; the same seed and Config give the same instance.
	Seed uint64
	// Decimals is the number of digits after the decimal point of the
	// prices of the CATS distributions (1..9; 0 means 4). CATS prints
	// prices with 6 significant digits; 4 decimals keep the legacy
	// distributions' prices in [0, 1] distinct. ddu prices are always in
	// US cents.
	Decimals int
	// KeepDominated keeps the bids that CATS removes as dominated (CATS's
	// -no_dom_check). The CATS distributions only.
	KeepDominated bool
	// DDU holds the parameters of the ddu distribution.
	DDU DDUConfig
}

// DistInfo describes one distribution, for help texts.
type DistInfo struct {
	Name    string // as accepted by Generate: "regions", "L4", "ddu"
	Summary string // one line
	Source  string // where it is published
}

// Errors returned by Generate. Test with errors.Is.
var (
	// ErrUnknownDist: the distribution name is not one of Distributions.
	ErrUnknownDist = errors.New("unknown distribution")
	// ErrConfig: a size or parameter is out of range.
	ErrConfig = errors.New("invalid generator parameter")
	// ErrExhausted: the distribution cannot produce the requested number
	// of distinct, non-dominated bids over so few goods.
	ErrExhausted = errors.New("cannot generate that many bids")
)

type distribution struct {
	info DistInfo
	run  func(cfg *Config) (*auction.Instance, error)
}

var distributions = []distribution{
	{DistInfo{"regions", "proximity in space: bundles of neighbouring goods on a grid, XOR substitutes", srcCATS + " §4.2"}, genRegions},
	{DistInfo{"arbitrary", "arbitrary relationships: regions with a random complete similarity graph", srcCATS + " §4.3"}, genArbitrary},
	{DistInfo{"paths", "paths in space: edges of a planar road graph, XOR of cheap paths between two cities", srcCATS + " §4.1"}, genPaths},
	{DistInfo{"scheduling", "temporal scheduling: intervals of time slots before alternative deadlines", srcCATS + " §4.5"}, genScheduling},
	{DistInfo{"matching", "temporal matching: take-off and landing slot pairs at four airports", srcCATS + " §4.4"}, genMatching},
	{DistInfo{"L1", "legacy random: uniform number of goods, price in [0, 1]", srcSandholm}, legacyRun(legacyRandom)},
	{DistInfo{"L2", "legacy weighted random: uniform number of goods, price in [0, n]", srcSandholm}, legacyRun(legacyWeighted)},
	{DistInfo{"L3", "legacy uniform: 3 goods per bid, price in [0, 1]", srcSandholm}, legacyRun(legacyUniform)},
	{DistInfo{"L4", "legacy decay: add goods with probability 0.55, price in [0, n]", srcSandholm}, legacyRun(legacyDecay)},
	{DistInfo{"L5", "legacy normal: N(4, 1) goods, price N(16, 3)", srcHoos}, legacyRun(legacyNormal)},
	{DistInfo{"L6", "legacy exponential: n goods with probability ~ exp(-n/5), price in [0.5n, 1.5n]", srcFujishima}, legacyRun(legacyExponential)},
	{DistInfo{"L7", "legacy binomial: each good with probability 0.2, price in [0.5n, 1.5n]", srcFujishima}, legacyRun(legacyBinomial)},
	{DistInfo{"ddu", "geographic USPS DDU market: metros, processing centers, windows, shippers with home territories", "gavel (DESIGN.md §5)"}, genDDU},
}

const (
	srcCATS      = "Leyton-Brown, Pearson & Shoham, EC 2000"
	srcSandholm  = "Sandholm, AIJ 2002 (IJCAI 1999)"
	srcHoos      = "Hoos & Boutilier, AAAI 2000"
	srcFujishima = "Fujishima, Leyton-Brown & Shoham, IJCAI 1999"
)

// Distributions lists every distribution Generate accepts, in a fixed
// order: the five CATS families, the legacy L1–L7, then ddu.
func Distributions() []DistInfo {
	out := make([]DistInfo, len(distributions))
	for i, d := range distributions {
		out[i] = d.info
	}
	return out
}

// Generate builds one instance of the named distribution (case-insensitive)
// with the sizes, seed and parameters of cfg. The same name and Config give
// the same instance, on every platform.
func Generate(dist string, cfg Config) (*auction.Instance, error) {
	for _, d := range distributions {
		if strings.EqualFold(d.info.Name, dist) {
			c := cfg
			if err := c.fill(d.info.Name); err != nil {
				return nil, err
			}
			return d.run(&c)
		}
	}
	names := make([]string, len(distributions))
	for i, d := range distributions {
		names[i] = d.info.Name
	}
	return nil, fmt.Errorf("%w %q (want one of %s)", ErrUnknownDist, dist, strings.Join(names, ", "))
}

// maxGoods and maxBids bound the sizes so that a typo cannot ask for
// terabytes.
const (
	maxGoods = 1 << 20
	maxBids  = 1 << 24
)

// fill replaces zero fields by their defaults and checks the ranges.
func (c *Config) fill(dist string) error {
	isDDU := dist == "ddu"
	if c.Goods < 0 || c.Goods > maxGoods {
		return fmt.Errorf("%w: goods %d out of range [1, %d]", ErrConfig, c.Goods, maxGoods)
	}
	if c.Bids < 0 || c.Bids > maxBids {
		return fmt.Errorf("%w: bids %d out of range [1, %d]", ErrConfig, c.Bids, maxBids)
	}
	if c.Decimals < 0 || c.Decimals > auction.MaxDecimals {
		return fmt.Errorf("%w: decimals %d out of range [1, %d]", ErrConfig, c.Decimals, auction.MaxDecimals)
	}
	if c.Goods == 0 {
		c.Goods = 256
		if isDDU {
			c.Goods = 1000
		}
	}
	if c.Bids == 0 {
		c.Bids = 1000
		if isDDU {
			c.Bids = 5 * c.Goods
			if c.Bids > maxBids {
				c.Bids = maxBids
			}
		}
	}
	if c.Decimals == 0 {
		c.Decimals = 4
	}
	return nil
}

// instanceName is the Name of a generated instance: it records how to make
// it again (the flags of the CATS distributions that are not their
// defaults included; dduName adds the DDU parameters).
func instanceName(dist string, c *Config) string {
	name := fmt.Sprintf("gavel gen --dist %s --goods %d --bids %d --seed %d", dist, c.Goods, c.Bids, c.Seed)
	if dist != "ddu" {
		if c.Decimals != 4 {
			name += fmt.Sprintf(" --decimals %d", c.Decimals)
		}
		if c.KeepDominated {
			name += " --keep-dominated"
		}
	}
	return name
}
