package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
)

// Heatmap is a table of numbers drawn as a heat map: one coloured cell per
// value with its text written in it, column labels above the cells and row
// labels at their left, and a colour bar with round ticks as the legend.
// Cells can be missing, text colour follows the cell's shade, and footer
// rows (an average) stand apart below a gap.
//
// Colours run from light (low values) to dark (high values) along the
// ColorBrewer YlGnBu scheme (Cynthia Brewer, colorbrewer2.org), interpolated
// with linear luminance by moreland.NewLuminance (Kenneth Moreland, "Why We
// Use Bad Color Maps and What You Can Do About It", 2016), so that a shade
// reads as a magnitude in grey as well. Text is black on light cells and
// white on dark ones (by the WCAG relative luminance of the cell). A cell
// with a text but no value (NaN) is drawn light grey.
//
// The image is sized from the table: a cell is as wide as its longest text
// or column label, and 22 pixels high; the title wraps to the width.
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
	// Legend titles the colour bar; LegendFormat writes its ticks.
	Legend       string
	LegendFormat Format
}

// Cell sizes, px.
const (
	cellH    = 22
	cellMinW = 34
	gapH     = 9
	barW     = 14
	barMinH  = 120
)

// Write draws the chart in format ("png" or "svg") to w.
func (ch *Heatmap) Write(w io.Writer, format string) error {
	d, err := ch.Draw()
	if err != nil {
		return err
	}
	return d.Write(w, format)
}

// Draw lays the chart out.
func (ch *Heatmap) Draw() (*Drawing, error) {
	if len(ch.Rows) == 0 || len(ch.Columns) == 0 {
		return nil, errors.New("heatmap: nothing to draw (no rows or no columns)")
	}
	lo, hi := ch.valueRange()
	cm, err := colorMap(lo, hi)
	if err != nil {
		return nil, err
	}
	cellW := float64(cellMinW)
	for _, row := range ch.Texts {
		for _, s := range row {
			cellW = max(cellW, TextWidth(s, tickSize)+10)
		}
	}
	cellW = max(cellW, widest(ch.Columns, tickSize)+10)
	rowW := widest(ch.Rows, tickSize)
	left := pad + max(rowW+8, TextWidth(ch.YLabel, labelSize)-cellW/2)
	gridW := cellW * float64(len(ch.Columns))
	gridH := cellH*float64(len(ch.Rows)) + ch.gap()
	lt := niceTicks(lo, hi, max(2, min(6, int(max(gridH, barMinH)/30))))
	var tickLabels []string
	for _, v := range lt.Values {
		if v >= lo-1e-12 && v <= hi+1e-12 {
			tickLabels = append(tickLabels, ch.LegendFormat.label(v, lt.Decimals))
		}
	}
	legendW := 24 + barW + 6 + max(widest(tickLabels, tickSize), TextWidth(ch.Legend, labelSize)-barW-6)
	W := max(left+gridW+legendW+pad, 360)
	d := &Drawing{W: W, Title: ch.Title}
	y := d.title(ch.Title, pad, pad, W-2*pad)
	if ch.XLabel != "" {
		for _, ln := range wrap(ch.XLabel, labelSize, W-left-pad) {
			y += labelSize
			d.text(left, y, ln, labelSize, Start, grey)
			y += 4
		}
		y += 4
	}
	if ch.YLabel != "" {
		y += labelSize
		d.text(pad, y, ch.YLabel, labelSize, Start, grey)
		y += 4
	}
	y += tickSize
	for k, s := range ch.Columns {
		d.text(left+(float64(k)+0.5)*cellW, y, s, tickSize, Middle, grey)
	}
	top := y + 6
	for r, label := range ch.Rows {
		ry := top + ch.rowY(r)
		d.text(left-8, ry+cellH/2+tickSize*0.35, label, tickSize, End, ink)
		for k := range ch.Columns {
			v := math.NaN()
			if r < len(ch.Values) && k < len(ch.Values[r]) {
				v = ch.Values[r][k]
			}
			text := ""
			if r < len(ch.Texts) && k < len(ch.Texts[r]) {
				text = ch.Texts[r][k]
			}
			if math.IsNaN(v) && text == "" {
				continue
			}
			bg := noData
			if !math.IsNaN(v) {
				bg = colorAt(cm, v)
			}
			hover := fmt.Sprintf("%s · %s: %s", label, ch.Columns[k], text)
			d.rect(left+float64(k)*cellW, ry, cellW-1, cellH-1, bg, hover)
			if text != "" {
				d.text(left+(float64(k)+0.5)*cellW, ry+cellH/2+tickSize*0.35, text, tickSize, Middle, textColor(bg))
			}
		}
	}
	// The colour bar: bands of the colours from hi (top) to lo, its ticks
	// at round values within the range.
	bx := left + gridW + 24
	by := top
	if ch.Legend != "" {
		d.text(bx, by+labelSize, ch.Legend, labelSize, Start, grey)
		by += labelSize + 8
	}
	bh := max(min(gridH, 240), barMinH)
	const bands = 48
	for i := range bands {
		v := hi - (float64(i)+0.5)/bands*(hi-lo)
		d.rect(bx, by+float64(i)*bh/bands, barW, bh/bands+0.3, colorAt(cm, v), "")
	}
	for _, v := range lt.Values {
		if v < lo-1e-12 || v > hi+1e-12 {
			continue
		}
		ty := by + (hi-v)/(hi-lo)*bh
		d.line([][2]float64{{bx + barW, ty}, {bx + barW + 3, ty}}, grey, 1, false, "")
		d.text(bx+barW+6, ty+tickSize*0.35, ch.LegendFormat.label(v, lt.Decimals), tickSize, Start, grey)
	}
	d.H = max(top+gridH, by+bh+tickSize) + pad
	return d, nil
}

// gap is the height of the gap above the footer rows.
func (ch *Heatmap) gap() float64 {
	if ch.Footer > 0 && ch.Footer < len(ch.Rows) {
		return gapH
	}
	return 0
}

// rowY returns the top of row r below the first row's top.
func (ch *Heatmap) rowY(r int) float64 {
	y := float64(r) * cellH
	if ch.Footer > 0 && r >= len(ch.Rows)-ch.Footer {
		y += ch.gap()
	}
	return y
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
func colorAt(cm palette.ColorMap, v float64) color.NRGBA {
	v = max(cm.Min(), min(cm.Max(), v))
	c, err := cm.At(v)
	if err != nil {
		// At the ends the map may refuse what rounding put a hair outside.
		c, err = cm.At(cm.Min() + (v-cm.Min())*(1-1e-12))
	}
	if err != nil {
		return color.NRGBA{0xff, 0xff, 0xff, 0xff}
	}
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// textColor returns black or white, whichever reads better on bg.
func textColor(bg color.Color) color.NRGBA {
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
		return color.NRGBA{0xff, 0xff, 0xff, 0xff}
	}
	return color.NRGBA{0x11, 0x11, 0x11, 0xff}
}
