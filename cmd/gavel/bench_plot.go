package main

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// benchPalette colours the bars: one colour per payment rule, and grey for
// the welfare (efficiency) bar. Colour-blind safe (Okabe–Ito).
var benchPalette = []color.Color{
	color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // green
	color.RGBA{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // purple
}

var benchGrey = color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xFF}

// writePlot writes the chart of the summary as SVG (or PNG when the path
// ends in .png): on the left, per
// allocation rule, the median welfare (efficiency) and the median revenue
// of each payment rule, both as a share of the optimal welfare of the
// market; on the right, the median number of winning bidders.
func (r *benchReport) writePlot(path string) error {
	var rules, pays []string
	for _, s := range r.Summary {
		if !benchHas(rules, s.Rule) {
			rules = append(rules, s.Rule)
		}
		if !benchHas(pays, s.Payment) {
			pays = append(pays, s.Payment)
		}
	}
	// Per market: revenue / optimum, for each pair.
	share := func(rule, pay string) float64 {
		var xs []float64
		for _, mr := range r.Detail {
			for _, p := range mr.Rules {
				if p.Rule == rule && p.Payment == pay && p.Skipped == "" && p.Error == "" && mr.Optimum > 0 {
					xs = append(xs, 100*p.Revenue/mr.Optimum)
				}
			}
		}
		return newBenchStat(xs).Median
	}
	find := func(rule, pay string) benchSummary {
		for _, s := range r.Summary {
			if s.Rule == rule && s.Payment == pay {
				return s
			}
		}
		return benchSummary{}
	}

	left := plot.New()
	left.Title.Text = "Welfare and revenue, % of the optimal welfare (median)"
	left.Y.Label.Text = "%"
	left.Y.Min = 0
	left.Legend.Top = true
	left.Legend.Left = true
	nb := len(pays) + 1
	w := vg.Points(float64(min(60, 300/(nb*len(rules)))))
	eff := make(plotter.Values, len(rules))
	for i, rule := range rules {
		eff[i] = 100 * find(rule, pays[0]).Efficiency.Median
	}
	bars, err := plotter.NewBarChart(eff, w)
	if err != nil {
		return err
	}
	bars.Color, bars.LineStyle.Width = benchGrey, 0
	bars.Offset = -w * vg.Length(nb-1) / 2
	left.Add(bars)
	left.Legend.Add("welfare (efficiency)", bars)
	for k, pay := range pays {
		vals := make(plotter.Values, len(rules))
		for i, rule := range rules {
			vals[i] = share(rule, pay)
		}
		b, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return err
		}
		b.Color, b.LineStyle.Width = benchPalette[k%len(benchPalette)], 0
		b.Offset = -w*vg.Length(nb-1)/2 + w*vg.Length(k+1)
		left.Add(b)
		left.Legend.Add("revenue, "+pay, b)
	}
	left.Add(plotter.NewGrid())
	left.NominalX(rules...)
	left.Y.Max = max(left.Y.Max, 100) * 1.45 // room for the legend

	right := plot.New()
	right.Title.Text = "Winning bidders (median)"
	wins := make(plotter.Values, len(rules))
	for i, rule := range rules {
		wins[i] = find(rule, pays[0]).Winners.Median
	}
	wb, err := plotter.NewBarChart(wins, vg.Points(24))
	if err != nil {
		return err
	}
	wb.Color, wb.LineStyle.Width = benchPalette[0], 0
	right.Add(wb, plotter.NewGrid())
	right.NominalX(rules...)
	right.Y.Min = 0
	right.Y.Max *= 1.1

	const width, height = 11 * vg.Inch, 4.5 * vg.Inch
	var img interface {
		vg.CanvasSizer
		io.WriterTo
	}
	if strings.HasSuffix(strings.ToLower(path), ".png") {
		img = vgimg.PngCanvas{Canvas: vgimg.New(width, height)}
	} else {
		img = vgsvg.New(width, height)
	}
	dc := draw.New(img)
	top := draw.Crop(dc, 0, 0, 0, -0.35*vg.Inch)
	title := draw.Crop(dc, 0, 0, height-0.35*vg.Inch, 0)
	title.FillText(draw.TextStyle{Color: color.Black, Font: left.Title.TextStyle.Font, Handler: left.Title.TextStyle.Handler,
		XAlign: draw.XCenter, YAlign: draw.YCenter}, vg.Point{X: width / 2, Y: height - 0.18*vg.Inch},
		fmt.Sprintf("gavel bench: %d %s, %s", r.Markets, plural(r.Markets, "market", "markets"), r.Source))
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Inch / 4, PadTop: vg.Inch / 8, PadBottom: vg.Inch / 8, PadLeft: vg.Inch / 8, PadRight: vg.Inch / 8}
	cs := plot.Align([][]*plot.Plot{{left, right}}, tiles, top)
	left.Draw(cs[0][0])
	right.Draw(cs[0][1])
	var buf bytes.Buffer
	if _, err := img.WriteTo(&buf); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}

func benchHas(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
