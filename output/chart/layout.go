package chart

import (
	"image/color"
	"math"
	"strconv"
	"strings"
)

// Sizes of the text, px.
const (
	titleSize = 15
	labelSize = 12
	tickSize  = 11
	pad       = 8
)

var (
	ink    = color.NRGBA{0x22, 0x22, 0x22, 0xff}
	grey   = color.NRGBA{0x66, 0x66, 0x66, 0xff}
	rule   = color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}
	noData = color.NRGBA{0xee, 0xee, 0xee, 0xff}
)

// palette are the series' colours (Tableau 10's first ones, told apart in
// the common colour blindnesses by their lightness as well).
var seriesColours = []color.NRGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xd6, 0x27, 0x28, 0xff}, {0x2c, 0xa0, 0x2c, 0xff},
	{0xff, 0x7f, 0x0e, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
	{0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff}, {0xbc, 0xbd, 0x22, 0xff},
	{0x17, 0xbe, 0xcf, 0xff},
}

// Ticks are the round values of an axis: Values from lo to hi (or a
// little wider, to round values) at a step of 1, 2, 2.5 or 5 times a power
// of ten, written with Decimals decimals.
type Ticks struct {
	Values   []float64
	Decimals int
}

// niceTicks returns about n ticks covering lo..hi, the first at or below
// lo and the last at or above hi.
func niceTicks(lo, hi float64, n int) Ticks {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		if math.IsNaN(lo) || math.IsInf(lo, 0) {
			lo = 0
		}
		hi = lo + 1
		if lo > 0 {
			lo = 0
		}
	}
	raw := (hi - lo) / float64(max(n, 1))
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := p
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw {
			step = m * p
			break
		}
	}
	dec := 0
	for s := step; dec < 10 && math.Abs(s-math.Round(s)) > 1e-9*max(1, math.Abs(s)); s *= 10 {
		dec++
	}
	first := math.Floor(lo/step + 1e-9)
	last := math.Ceil(hi/step - 1e-9)
	var t Ticks
	t.Decimals = dec
	for k := first; k <= last; k++ {
		v := k * step
		// k x step written with dec decimals, read back: no float noise.
		v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'f', dec, 64), 64)
		if v == 0 {
			v = 0 // not -0
		}
		t.Values = append(t.Values, v)
	}
	return t
}

// Format says how a chart writes numbers: plain, or as a percent of a
// fraction (0.15 is 15%).
type Format uint8

const (
	Number Format = iota
	Percent
)

// label writes tick value v with dec decimals (of the value as written:
// a percent's decimals are those of 100v), thousands grouped.
func (f Format) label(v float64, dec int) string {
	if f == Percent {
		dec = max(dec-2, 0)
		return grouped(strconv.FormatFloat(100*v, 'f', dec, 64)) + "%"
	}
	return grouped(strconv.FormatFloat(v, 'f', dec, 64))
}

// grouped puts thousands separators into a plain decimal number.
func grouped(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// wrap breaks s into lines no wider than w at size px, at spaces (or
// anywhere in a run of wide characters); a word wider than w stands alone.
func wrap(s string, size, w float64) []string {
	var lines []string
	line := ""
	flush := func() {
		if line != "" {
			lines = append(lines, line)
		}
		line = ""
	}
	for _, word := range splitWords(s) {
		cand := line + word
		if TextWidth(strings.TrimSpace(cand), size) > w && line != "" {
			flush()
			word = strings.TrimLeft(word, " ")
			cand = word
		}
		line = cand
	}
	flush()
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return lines
}

// splitWords cuts s before each space and around each wide character, so
// that Chinese text can break between characters.
func splitWords(s string) []string {
	var words []string
	cur := ""
	for _, r := range s {
		switch {
		case r == ' ':
			if cur != "" {
				words = append(words, cur)
			}
			cur = " "
		case isWide(r):
			if cur != "" {
				words = append(words, cur)
			}
			words = append(words, string(r))
			cur = ""
		default:
			cur += string(r)
		}
	}
	if cur != "" {
		words = append(words, cur)
	}
	return words
}

// title adds the lines of a title wrapped to width w at the top of d,
// starting at y, and returns the y below them.
func (d *Drawing) title(s string, x, y, w float64) float64 {
	if s == "" {
		return y
	}
	for _, ln := range wrap(s, titleSize, w) {
		y += titleSize
		d.Els = append(d.Els, Element{Kind: Text, X: x, Y: y, Text: ln, Size: titleSize, Bold: true, Colour: ink})
		y += 0.35 * titleSize
	}
	return y + pad
}

func (d *Drawing) text(x, y float64, s string, size float64, a Anchor, c color.NRGBA) {
	d.Els = append(d.Els, Element{Kind: Text, X: x, Y: y, Text: s, Size: size, Anchor: a, Colour: c})
}

func (d *Drawing) rect(x, y, w, h float64, c color.NRGBA, hover string) {
	d.Els = append(d.Els, Element{Kind: Rect, X: x, Y: y, W: w, H: h, Colour: c, Hover: hover})
}

func (d *Drawing) line(pts [][2]float64, c color.NRGBA, width float64, dash bool, hover string) {
	d.Els = append(d.Els, Element{Kind: Line, Points: pts, Colour: c, Width: width, Dash: dash, Hover: hover})
}

// legend lays out the series' names in rows from x, y within width w,
// each after a swatch, and returns the y below it.
func (d *Drawing) legend(names []string, colours []color.NRGBA, dashed []bool, x, y, w float64) float64 {
	cx := x
	y += labelSize
	for i, n := range names {
		iw := 22 + TextWidth(n, labelSize) + 14
		if cx > x && cx+iw > x+w {
			cx, y = x, y+labelSize*1.6
		}
		d.line([][2]float64{{cx, y - 4}, {cx + 16, y - 4}}, colours[i], 2.5, dashed[i], "")
		d.text(cx+22, y, n, labelSize, Start, ink)
		cx += iw
	}
	return y + pad
}

// widest returns the widest of ss at size.
func widest(ss []string, size float64) float64 {
	var w float64
	for _, s := range ss {
		w = max(w, TextWidth(s, size))
	}
	return w
}
