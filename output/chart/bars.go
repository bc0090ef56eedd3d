package chart

import (
	"errors"
	"io"
	"math"
)

// Bars is a bar chart of one or more series over categories: horizontal
// (one row of bars per category, its label at the left and each value at
// the end of its bar: for long labels, such as segments) or vertical
// (categories along a round-ticked axis, grouped bars: for histograms and
// months).
type Bars struct {
	Title string
	// ValueLabel names the values (above the plot of vertical bars).
	ValueLabel string
	// XLabel names the categories of vertical bars (under the axis).
	XLabel     string
	Categories []string
	Series     []Series
	Horizontal bool
	Format     Format
	// Texts, when set, are written at the end of each horizontal bar of
	// the first series instead of its value.
	Texts []string
	// Width is the canvas width (default 720).
	Width float64
}

// Write draws the chart in format ("png" or "svg") to w.
func (ch *Bars) Write(w io.Writer, format string) error {
	d, err := ch.Draw()
	if err != nil {
		return err
	}
	return d.Write(w, format)
}

// Draw lays the chart out.
func (ch *Bars) Draw() (*Drawing, error) {
	n := len(ch.Categories)
	if n == 0 || len(ch.Series) == 0 {
		return nil, errors.New("bars: nothing to draw (no categories or no series)")
	}
	lo, hi := 0.0, 0.0
	for _, s := range ch.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	W := ch.Width
	if W == 0 {
		W = 720
	}
	d := &Drawing{W: W, Title: ch.Title}
	y := d.title(ch.Title, pad, pad, W-2*pad)
	var names []string
	for _, s := range ch.Series {
		names = append(names, s.Name)
	}
	if len(names) > 1 {
		y = d.legendBoxes(names, y, W-2*pad)
	}
	if ch.Horizontal {
		ch.horizontal(d, y, lo, hi)
	} else {
		ch.vertical(d, y, lo, hi)
	}
	return d, nil
}

// legendBoxes is the legend of bars: a square of each series' colour.
func (d *Drawing) legendBoxes(names []string, y, w float64) float64 {
	cx := float64(pad)
	y += labelSize
	for i, n := range names {
		iw := 18 + TextWidth(n, labelSize) + 14
		if cx > pad && cx+iw > pad+w {
			cx, y = pad, y+labelSize*1.6
		}
		d.rect(cx, y-10, 11, 11, seriesColours[i%len(seriesColours)], "")
		d.text(cx+17, y, n, labelSize, Start, ink)
		cx += iw
	}
	return y + pad
}

func (ch *Bars) horizontal(d *Drawing, y, lo, hi float64) {
	ns := len(ch.Series)
	// A bar is as high as its value's text, so that the texts of the
	// series stand apart.
	barH := 16.0
	if ns > 1 {
		barH = tickSize + 3
	}
	rowH := barH*float64(ns) + 8
	labelW := min(widest(ch.Categories, labelSize), d.W*0.4)
	x0 := pad + labelW + 8
	// The widest value text stands after the longest bar.
	valW := 0.0
	for si, s := range ch.Series {
		for i, v := range s.Values {
			valW = max(valW, TextWidth(ch.barText(si, i, v), tickSize))
		}
	}
	x1 := d.W - pad - valW - 6
	span := max(hi-lo, 1e-300)
	px := func(v float64) float64 { return x0 + (v-lo)/span*(x1-x0) }
	for i, c := range ch.Categories {
		ry := y + float64(i)*rowH
		label := c
		for TextWidth(label, labelSize) > labelW && len([]rune(label)) > 1 {
			r := []rune(label)
			label = string(r[:len(r)-2]) + "…"
		}
		d.Els = append(d.Els, Element{Kind: Text, X: x0 - 8, Y: ry + rowH/2 + labelSize*0.35, Text: label, Size: labelSize, Anchor: End, Colour: ink, Hover: c})
		for si, s := range ch.Series {
			if i >= len(s.Values) || math.IsNaN(s.Values[i]) {
				continue
			}
			v := s.Values[i]
			by := ry + 4 + float64(si)*barH
			a, b := px(min(v, 0)), px(max(v, 0))
			text := ch.barText(si, i, v)
			d.rect(a, by, max(b-a, 1), barH-2, seriesColours[si%len(seriesColours)], c+" · "+s.Name+": "+text)
			d.text(b+4, by+barH/2+tickSize*0.3, text, tickSize, Start, grey)
		}
	}
	d.H = y + float64(len(ch.Categories))*rowH + pad
}

// barText is the text after a horizontal bar.
func (ch *Bars) barText(si, i int, v float64) string {
	if si == 0 && i < len(ch.Texts) {
		return ch.Texts[i]
	}
	return ch.Format.label(v, hoverDecimals(v, ch.Format))
}

func (ch *Bars) vertical(d *Drawing, y, lo, hi float64) {
	yt := niceTicks(lo, hi, 5)
	ylabels := make([]string, len(yt.Values))
	for i, v := range yt.Values {
		ylabels[i] = ch.Format.label(v, yt.Decimals)
	}
	if ch.ValueLabel != "" {
		y += labelSize
		d.text(pad, y, ch.ValueLabel, labelSize, Start, grey)
		y += pad
	}
	// The axis leaves room for half the widest category label at each
	// end, where the first and last labels are centred.
	half := (widest(ch.Categories, tickSize) + 10) / 2
	x0 := pad + max(widest(ylabels, tickSize)+6, half)
	x1 := d.W - pad - half
	y0 := y + tickSize/2
	y1 := y0 + plotH
	ymin, ymax := yt.Values[0], yt.Values[len(yt.Values)-1]
	py := func(v float64) float64 { return y1 - (v-ymin)/(ymax-ymin)*(y1-y0) }
	for i, v := range yt.Values {
		d.line([][2]float64{{x0, py(v)}, {x1, py(v)}}, rule, 1, false, "")
		d.text(x0-6, py(v)+tickSize*0.35, ylabels[i], tickSize, End, grey)
	}
	n := len(ch.Categories)
	slot := (x1 - x0) / float64(n)
	ns := len(ch.Series)
	bw := slot * 0.8 / float64(ns)
	for i, c := range ch.Categories {
		for si, s := range ch.Series {
			if i >= len(s.Values) || math.IsNaN(s.Values[i]) {
				continue
			}
			v := s.Values[i]
			bx := x0 + float64(i)*slot + slot*0.1 + float64(si)*bw
			a, b := py(max(v, 0)), py(min(v, 0))
			d.rect(bx, a, max(bw-1, 0.5), max(b-a, 0.5), seriesColours[si%len(seriesColours)],
				c+" · "+s.Name+": "+ch.Format.label(v, hoverDecimals(v, ch.Format)))
		}
	}
	// Category labels centred under their slots, every k-th so that they
	// stand apart.
	k := max(1, int(math.Ceil((widest(ch.Categories, tickSize)+10)/slot)))
	ty := y1 + tickSize + 8
	for i := 0; i < n; i += k {
		d.text(x0+(float64(i)+0.5)*slot, ty, ch.Categories[i], tickSize, Middle, grey)
	}
	y = ty
	if ch.XLabel != "" {
		y += labelSize + 6
		d.text((x0+x1)/2, y, ch.XLabel, labelSize, Middle, grey)
	}
	d.H = y + pad
}
