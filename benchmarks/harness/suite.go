package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Size classes of the suite, as --sizes names them.
const (
	sizeSmall    = "small"
	sizeMedium   = "medium"
	sizeNational = "national"
)

var sizeClasses = []string{sizeSmall, sizeMedium, sizeNational}

// catsFamilies are the CATS and legacy distributions of issue 5's suite.
var catsFamilies = []string{"regions", "arbitrary", "paths", "scheduling", "L2", "L3", "L4", "L6", "L7"}

// shape is one size of one family: goods (DDUs for ddu) and bids.
type shape struct {
	class       string
	goods, bids int
}

// familyShapes lists the sizes each family is run at, by size class.
func familyShapes(family string) []shape {
	if family == "ddu" {
		return []shape{
			{sizeSmall, 200, 1000},
			{sizeMedium, 2000, 10000},
			{sizeNational, 18000, 100000},
		}
	}
	return []shape{
		{sizeSmall, 256, 1000},
		{sizeMedium, 1000, 5000},
	}
}

// Case is one instance of the suite: a generator family, a size and a seed.
// The instance is gen.Generate(Family, gen.Config{Goods, Bids, Seed}) with
// every other parameter at its default.
type Case struct {
	Family string `json:"family"`
	Class  string `json:"class"` // small, medium or national
	Goods  int    `json:"goods"`
	Bids   int    `json:"bids"`
	Seed   uint64 `json:"seed"`
}

// Key is the case's name for --only and file names: family/goodsxbids/sSEED.
func (c Case) Key() string {
	return fmt.Sprintf("%s/%dx%d/s%d", c.Family, c.Goods, c.Bids, c.Seed)
}

// SizeLabel is the size as tables print it, e.g. "256 × 1,000".
func (c Case) SizeLabel() string {
	return groupDigits(c.Goods) + " × " + groupDigits(c.Bids)
}

// FileStem is Key with the slashes replaced, for files in the work
// directory.
func (c Case) FileStem() string {
	return strings.ReplaceAll(c.Key(), "/", "_")
}

// GenCommand is the gavel command that writes the same instance.
func (c Case) GenCommand() string {
	return fmt.Sprintf("gavel gen --dist %s --goods %d --bids %d --seed %d", c.Family, c.Goods, c.Bids, c.Seed)
}

// buildSuite lists the cases of the chosen size classes whose Key matches
// only (nil matches every case), with seeds 1..seeds, in a fixed order:
// by size class, then family, then seed.
func buildSuite(classes []string, only *regexp.Regexp, seeds int) []Case {
	families := append(slices.Clone(catsFamilies), "ddu")
	var cases []Case
	for _, class := range sizeClasses {
		if !slices.Contains(classes, class) {
			continue
		}
		for _, fam := range families {
			for _, sh := range familyShapes(fam) {
				if sh.class != class {
					continue
				}
				for s := 1; s <= seeds; s++ {
					c := Case{Family: fam, Class: class, Goods: sh.goods, Bids: sh.bids, Seed: uint64(s)}
					if only == nil || only.MatchString(c.Key()) {
						cases = append(cases, c)
					}
				}
			}
		}
	}
	return cases
}

// parseClasses reads --sizes: a comma-separated list of size classes, or
// "all".
func parseClasses(s string) ([]string, error) {
	if s == "all" {
		return slices.Clone(sizeClasses), nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(sizeClasses, f) {
			return nil, fmt.Errorf("--sizes: unknown size %q (want %s, or all)", f, strings.Join(sizeClasses, ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// groupDigits formats n with thousands separators: 18000 → "18,000".
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + groupDigits(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
