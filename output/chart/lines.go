package chart

import (
	"errors"
	"image/color"
	"io"
	"math"
	"strconv"
)

// Lines is a line chart: one or more series over shared x values, with
// round ticks on both axes, a legend above the plot, and an optional
// dashed vertical marker (such as the end of a calibration period).
type Lines struct {
	Title          string
	XLabel, YLabel string
	// X are the x values of the points, increasing. With Categories set,
	// the points are at 0, 1, ... and Categories label them (months).
	X          []float64
	Categories []string
	Series     []Series
	// XFormat and YFormat write the ticks; YFormat the hover values too.
	XFormat, YFormat Format
	// Marker, when set, is the x of a dashed vertical line named MarkerName
	// in the legend.
	Marker     *float64
	MarkerName string
	// Width is the canvas width (default 720).
	Width float64
}

// Series is one named line (or one set of bars) of values, NaN for a gap.
type Series struct {
	Name   string
	Values []float64
	Dashed bool
}

// plotH is the height of a line or vertical bar chart's plot area.
const plotH = 260

// Write draws the chart in format ("png" or "svg") to w.
func (ch *Lines) Write(w io.Writer, format string) error {
	d, err := ch.Draw()
	if err != nil {
		return err
	}
	return d.Write(w, format)
}

// Draw lays the chart out.
func (ch *Lines) Draw() (*Drawing, error) {
	n := len(ch.X)
	if len(ch.Categories) > 0 {
		n = len(ch.Categories)
	}
	if n == 0 || len(ch.Series) == 0 {
		return nil, errors.New("lines: nothing to draw (no points or no series)")
	}
	xs := make([]float64, n)
	for i := range xs {
		if len(ch.Categories) > 0 {
			xs[i] = float64(i)
		} else {
			xs[i] = ch.X[i]
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ch.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	yt := niceTicks(min(lo, 0), hi, 5)
	W := ch.Width
	if W == 0 {
		W = 720
	}
	d := &Drawing{W: W, Title: ch.Title}
	y := d.title(ch.Title, pad, pad, W-2*pad)
	names, colours, dashed := ch.legendItems()
	if len(names) > 1 || ch.Marker != nil {
		y = d.legend(names, colours, dashed, pad, y, W-2*pad)
	}
	ylabels := make([]string, len(yt.Values))
	for i, v := range yt.Values {
		ylabels[i] = ch.YFormat.label(v, yt.Decimals)
	}
	left := pad + widest(ylabels, tickSize) + 6
	if ch.YLabel != "" {
		y += labelSize
		d.text(pad, y, ch.YLabel, labelSize, Start, grey)
		y += pad
	}
	top := y + tickSize/2
	right := W - pad - TextWidth(lastXLabel(ch, xs), tickSize)/2
	if len(ch.Categories) > 0 {
		left = max(left, pad+TextWidth(ch.Categories[0], tickSize)/2)
	} else {
		left = max(left, pad+TextWidth(strconv.FormatFloat(xs[0], 'f', -1, 64)+"0", tickSize)/2)
	}
	x0, x1 := left, right
	y0, y1 := top, top+plotH
	ymin, ymax := yt.Values[0], yt.Values[len(yt.Values)-1]
	xmin, xmax := xs[0], xs[n-1]
	if xmax == xmin {
		xmin, xmax = xmin-1, xmax+1
	}
	px := func(x float64) float64 { return x0 + (x-xmin)/(xmax-xmin)*(x1-x0) }
	py := func(v float64) float64 { return y1 - (v-ymin)/(ymax-ymin)*(y1-y0) }
	for i, v := range yt.Values {
		d.line([][2]float64{{x0, py(v)}, {x1, py(v)}}, rule, 1, false, "")
		d.text(x0-6, py(v)+tickSize*0.35, ylabels[i], tickSize, End, grey)
	}
	// x ticks: the categories, every k-th so that they do not collide, or
	// round values.
	ty := y1 + tickSize + 8
	if len(ch.Categories) > 0 {
		k := thin(ch.Categories, x1-x0, n)
		for i := 0; i < n; i += k {
			d.text(px(xs[i]), ty, ch.Categories[i], tickSize, Middle, grey)
		}
	} else {
		xt := niceTicks(xmin, xmax, max(2, int((x1-x0)/90)))
		for _, v := range xt.Values {
			if v < xmin-1e-9 || v > xmax+1e-9 {
				continue
			}
			d.text(px(v), ty, ch.XFormat.label(v, xt.Decimals), tickSize, Middle, grey)
		}
	}
	y = ty
	if ch.XLabel != "" {
		y += labelSize + 6
		d.text((x0+x1)/2, y, ch.XLabel, labelSize, Middle, grey)
	}
	d.H = y + pad
	if ch.Marker != nil && *ch.Marker >= xmin && *ch.Marker <= xmax {
		mx := px(*ch.Marker)
		d.line([][2]float64{{mx, y0}, {mx, y1}}, color.NRGBA{0x80, 0x80, 0x80, 0xff}, 1.5, true, ch.MarkerName)
	}
	for si, s := range ch.Series {
		c := seriesColours[si%len(seriesColours)]
		var seg [][2]float64
		flush := func() {
			if len(seg) > 0 {
				d.line(seg, c, 2, s.Dashed, s.Name)
			}
			seg = nil
		}
		for i := 0; i < n && i < len(s.Values); i++ {
			v := s.Values[i]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				flush()
				continue
			}
			seg = append(seg, [2]float64{px(xs[i]), py(v)})
		}
		flush()
		if n <= 60 {
			for i := 0; i < n && i < len(s.Values); i++ {
				v := s.Values[i]
				if math.IsNaN(v) || math.IsInf(v, 0) {
					continue
				}
				xl := strconv.FormatFloat(xs[i], 'f', -1, 64)
				if len(ch.Categories) > 0 {
					xl = ch.Categories[i]
				}
				hover := s.Name + ": " + xl + ", " + ch.YFormat.label(v, hoverDecimals(v, ch.YFormat))
				d.Els = append(d.Els, Element{Kind: Dot, X: px(xs[i]), Y: py(v), W: 2.5, Colour: c, Hover: hover})
			}
		}
	}
	return d, nil
}

// legendItems are the names, colours and dashes of the legend.
func (ch *Lines) legendItems() ([]string, []color.NRGBA, []bool) {
	var names []string
	var colours []color.NRGBA
	var dashed []bool
	for i, s := range ch.Series {
		names = append(names, s.Name)
		colours = append(colours, seriesColours[i%len(seriesColours)])
		dashed = append(dashed, s.Dashed)
	}
	if ch.Marker != nil {
		names = append(names, ch.MarkerName)
		colours = append(colours, color.NRGBA{0x80, 0x80, 0x80, 0xff})
		dashed = append(dashed, true)
	}
	return names, colours, dashed
}

// lastXLabel is the widest label that can stand at the right end.
func lastXLabel(ch *Lines, xs []float64) string {
	if len(ch.Categories) > 0 {
		return ch.Categories[len(ch.Categories)-1]
	}
	return strconv.FormatFloat(xs[len(xs)-1], 'f', -1, 64) + "0"
}

// thin returns k such that every k-th of n labels, spread over width w,
// stands clear of the next.
func thin(labels []string, w float64, n int) int {
	lw := widest(labels, tickSize) + 10
	if n <= 1 {
		return 1
	}
	step := w / float64(n-1)
	return max(1, int(math.Ceil(lw/step)))
}

// hoverDecimals are the decimals of a value shown on hover.
func hoverDecimals(v float64, f Format) int {
	if f == Percent {
		return 3
	}
	if v == math.Trunc(v) {
		return 0
	}
	if math.Abs(v) >= 100 {
		return 0
	}
	return 2
}
