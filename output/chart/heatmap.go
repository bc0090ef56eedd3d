package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Heatmap is a table of numbers drawn as a heat map: one coloured cell per
// value with the value written in it, row and column labels, and a colour
// bar as the legend. The cells are a plot.Plotter of their own so that cells
// can be missing, text colour can follow the cell's shade, and footer rows
// (an average) can stand apart.
//
// Colours run from light (low values) to dark (high values) along the
// ColorBrewer YlGnBu scheme (Cynthia Brewer, colorbrewer2.org), interpolated
// with linear luminance by moreland.NewLuminance (Kenneth Moreland, "Why We
// Use Bad Color Maps and What You Can Do About It", 2016), so that a shade
// reads as a magnitude in grey as well. Text is black on light cells and
// white on dark ones (by the WCAG relative luminance of the cell).
//
// The image is sized from the table: a cell is as wide as its longest text
// and 1.9 times the font size high.
type Heatmap struct {
	Title          string
	XLabel, YLabel string
	// Columns label the columns, left to right; Rows label the rows, top
	// to bottom.
	Columns, Rows []string
	// Values[r][c] is the value of row r, column c; NaN, or a row shorter
	// than Columns, leaves the cell empty.
	Values [][]float64
	// Texts[r][c] is written in cell (r, c); a missing text (nil Texts, a
	// shorter row) writes nothing.
	Texts [][]string
	// Footer is the number of rows at the bottom (such as an average) that
	// are drawn apart from the others, below a gap.
	Footer int
	// Min and Max bound the colours; values beyond take the end colours.
	// When Min >= Max the range of the values is used.
	Min, Max float64
	// Legend titles the colour bar; LegendTick writes its tick values
	// (default %g).
	Legend     string
	LegendTick func(float64) string
}

// fontSize is the size of cell text and tick labels.
const fontSize = 9

// Write draws the chart in format ("png" or "svg") to w.
func (ch *Heatmap) Write(w io.Writer, format string) error {
	if len(ch.Rows) == 0 || len(ch.Columns) == 0 {
		return errors.New("heatmap: nothing to draw (no rows or no columns)")
	}
	if format != "png" && format != "svg" {
		return fmt.Errorf("%w: %q", ErrFormat, format)
	}
	lo, hi := ch.valueRange()
	cm, err := colorMap(lo, hi)
	if err != nil {
		return err
	}
	main := ch.mainPlot(cm)
	legend := ch.legendPlot(cm)

	// Size the image so that the data area holds cells of the size wanted:
	// the axes and title of a plot do not depend on the canvas size.
	cellW, cellH := ch.cellSize(main)
	dataW := cellW * vg.Length(len(ch.Columns))
	dataH := cellH * (vg.Length(len(ch.Rows)) + ch.gap())
	const probe = 10 * vg.Inch
	pc := draw.New(vgimg.New(probe, probe))
	dc := main.DataCanvas(pc)
	marginW := probe - (dc.Max.X - dc.Min.X)
	marginH := probe - (dc.Max.Y - dc.Min.Y)
	bottom := dc.Min.Y - pc.Min.Y // under the data area: ticks and x label
	legendW := 1.2*vg.Inch + legendLabelWidth(legend, ch, lo, hi)
	width := marginW + dataW + legendW
	height := marginH + dataH

	var canvas vg.CanvasWriterTo
	if format == "svg" {
		canvas = vgsvg.New(width, height)
	} else {
		canvas = vgimg.PngCanvas{Canvas: vgimg.New(width, height)}
	}
	c := draw.New(canvas)
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	main.Draw(draw.Crop(c, 0, -legendW, 0, 0))
	// The colour bar beside the data area, a little shorter than it.
	lc := draw.Crop(c, width-legendW+0.35*vg.Inch, -0.15*vg.Inch, bottom, -(height - bottom - dataH))
	lc = draw.Crop(lc, 0, 0, dataH/8, -dataH/8)
	legend.Draw(lc)
	_, err = canvas.WriteTo(w)
	return err
}

// gap is the height of the gap above the footer rows, in rows.
func (ch *Heatmap) gap() vg.Length {
	if ch.Footer > 0 && ch.Footer < len(ch.Rows) {
		return 0.4
	}
	return 0
}

// valueRange returns the range of the colours.
func (ch *Heatmap) valueRange() (lo, hi float64) {
	if ch.Min < ch.Max {
		return ch.Min, ch.Max
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range ch.Values {
		for _, v := range row {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	switch {
	case lo > hi: // no value
		return 0, 1
	case lo == hi:
		return lo - 0.5, hi + 0.5
	}
	return lo, hi
}

// ylGnBu holds the nine ColorBrewer YlGnBu colours, dark to light
// (increasing luminance, as moreland.NewLuminance wants).
var ylGnBu = []color.Color{
	color.NRGBA{0x08, 0x1d, 0x58, 0xff},
	color.NRGBA{0x25, 0x34, 0x94, 0xff},
	color.NRGBA{0x22, 0x5e, 0xa8, 0xff},
	color.NRGBA{0x1d, 0x91, 0xc0, 0xff},
	color.NRGBA{0x41, 0xb6, 0xc4, 0xff},
	color.NRGBA{0x7f, 0xcd, 0xbb, 0xff},
	color.NRGBA{0xc7, 0xe9, 0xb4, 0xff},
	color.NRGBA{0xed, 0xf8, 0xb1, 0xff},
	color.NRGBA{0xff, 0xff, 0xd9, 0xff},
}

// colorMap returns the colour map of values lo..hi: light to dark.
func colorMap(lo, hi float64) (palette.ColorMap, error) {
	cm, err := moreland.NewLuminance(ylGnBu)
	if err != nil {
		return nil, fmt.Errorf("heatmap: colour map: %w", err)
	}
	rev := palette.Reverse(cm)
	rev.SetMin(lo)
	rev.SetMax(hi)
	return rev, nil
}

// colorAt returns the colour of v, clamped to the map's range.
func colorAt(cm palette.ColorMap, v float64) color.Color {
	v = max(cm.Min(), min(cm.Max(), v))
	c, err := cm.At(v)
	if err != nil {
		return color.White
	}
	return c
}

// textColor returns black or white, whichever reads better on bg.
func textColor(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	lin := func(c uint32) float64 {
		s := float64(c) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	// WCAG 2 relative luminance; white text below the luminance at which
	// black and white have equal contrast (0.179).
	if 0.2126*lin(r)+0.7152*lin(g)+0.0722*lin(b) < 0.179 {
		return color.White
	}
	return color.Black
}

// rowY returns the y coordinate of the centre of row r (top row 0 at y=0,
// going down; footer rows below a gap).
func (ch *Heatmap) rowY(r int) float64 {
	y := -float64(r)
	if ch.Footer > 0 && r >= len(ch.Rows)-ch.Footer {
		y -= float64(ch.gap())
	}
	return y
}

// mainPlot lays out the cells, axes and title.
func (ch *Heatmap) mainPlot(cm palette.ColorMap) *plot.Plot {
	p := plot.New()
	p.Title.Text = ch.Title
	p.Title.TextStyle.Font = sans(fontSize + 4)
	p.Title.Padding = fontSize
	p.X.Label.Text = ch.XLabel
	p.Y.Label.Text = ch.YLabel
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = sans(fontSize + 1)
		ax.Tick.Label.Font = sans(fontSize)
		ax.Padding = 0
		ax.LineStyle.Width = 0
		ax.Tick.LineStyle.Width = 0
		ax.Tick.Length = 2
	}
	var xt, yt plot.ConstantTicks
	for k, s := range ch.Columns {
		xt = append(xt, plot.Tick{Value: float64(k), Label: s})
	}
	for r, s := range ch.Rows {
		yt = append(yt, plot.Tick{Value: ch.rowY(r), Label: s})
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = xt, yt
	p.X.Min, p.X.Max = -0.5, float64(len(ch.Columns))-0.5
	p.Y.Min, p.Y.Max = ch.rowY(len(ch.Rows)-1)-0.5, 0.5
	p.Add(&cells{ch: ch, cm: cm, style: p.X.Tick.Label})
	return p
}

// sans is the sans-serif font of every text, of size pt points.
func sans(pt vg.Length) font.Font {
	return font.Font{Typeface: plot.DefaultFont.Typeface, Variant: "Sans", Size: pt}
}

// cellSize returns the size of a cell: its widest text, or a column label,
// with a margin.
func (ch *Heatmap) cellSize(p *plot.Plot) (w, h vg.Length) {
	sty := p.X.Tick.Label
	w = sty.Width("00.0%")
	for _, row := range ch.Texts {
		for _, s := range row {
			w = max(w, sty.Width(s))
		}
	}
	for _, s := range ch.Columns {
		w = max(w, sty.Width(s))
	}
	return w + 0.8*fontSize, 1.9 * fontSize
}

// legendPlot is the colour bar.
func (ch *Heatmap) legendPlot(cm palette.ColorMap) *plot.Plot {
	p := plot.New()
	p.HideX()
	p.Y.Padding = 0
	p.Y.Tick.Label.Font = sans(fontSize)
	p.Title.Text = ch.Legend
	p.Title.TextStyle.Font = sans(fontSize)
	p.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	p.Y.Tick.Marker = legendTicks{format: ch.tickFormat()}
	return p
}

func (ch *Heatmap) tickFormat() func(float64) string {
	if ch.LegendTick != nil {
		return ch.LegendTick
	}
	return func(v float64) string { return fmt.Sprintf("%g", v) }
}

// legendTicks are the default ticks of the colour bar, written by format.
type legendTicks struct{ format func(float64) string }

func (t legendTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = t.format(ts[i].Value)
		}
	}
	return ts
}

// legendLabelWidth returns the width of the widest colour bar tick label.
func legendLabelWidth(p *plot.Plot, ch *Heatmap, lo, hi float64) vg.Length {
	var w vg.Length
	for _, t := range (legendTicks{format: ch.tickFormat()}).Ticks(lo, hi) {
		w = max(w, p.Y.Tick.Label.Width(t.Label))
	}
	return max(w, p.Title.TextStyle.Width(ch.Legend)-0.8*vg.Inch)
}

// cells is the plot.Plotter of the cells and their texts.
type cells struct {
	ch    *Heatmap
	cm    palette.ColorMap
	style draw.TextStyle
}

// Plot draws the cells.
func (g *cells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := g.style
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	for r, row := range g.ch.Values {
		y := g.ch.rowY(r)
		for k, v := range row {
			if k >= len(g.ch.Columns) || math.IsNaN(v) {
				continue
			}
			x0, x1 := trX(float64(k)-0.5), trX(float64(k)+0.5)
			y0, y1 := trY(y-0.5), trY(y+0.5)
			bg := colorAt(g.cm, v)
			c.SetColor(bg)
			var pa vg.Path
			pa.Move(vg.Point{X: x0, Y: y0})
			pa.Line(vg.Point{X: x1, Y: y0})
			pa.Line(vg.Point{X: x1, Y: y1})
			pa.Line(vg.Point{X: x0, Y: y1})
			pa.Close()
			c.Fill(pa)
			if r < len(g.ch.Texts) && k < len(g.ch.Texts[r]) && g.ch.Texts[r][k] != "" {
				sty.Color = textColor(bg)
				c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, g.ch.Texts[r][k])
			}
		}
	}
}

// DataRange returns the extent of the cells.
func (g *cells) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(len(g.ch.Columns)) - 0.5, g.ch.rowY(len(g.ch.Rows)-1) - 0.5, 0.5
}
