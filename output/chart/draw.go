package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"

	xfont "golang.org/x/image/font"
	"golang.org/x/text/width"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// A Drawing is one chart laid out: a canvas of W by H pixels (CSS pixels,
// y going down) and its elements in drawing order. Every chart type lays
// itself out as a Drawing, and the Drawing alone writes SVG (inlined by
// the HTML report, or --plot FILE.svg) and PNG (--plot FILE.png), so that
// the two formats are one picture.
//
// Text is laid out with widths estimated by TextWidth, generous for the
// sans-serif fonts the SVG names (the system's: DejaVu Sans, Helvetica,
// Segoe UI, and for Chinese Noto Sans CJK, PingFang SC, Microsoft YaHei);
// fonts are not embedded. PNG is drawn with Liberation Sans, which has no
// Chinese glyphs: Chinese labels read in SVG.
type Drawing struct {
	W, H float64
	// Title is the drawing's accessible name (SVG <title>).
	Title string
	Els   []Element
}

// Kind is the kind of an Element.
type Kind uint8

const (
	// Rect is a filled rectangle X, Y, W, H.
	Rect Kind = iota
	// Line is a polyline through Points, stroked.
	Line
	// Text is Text at X, Y (its baseline), anchored by Anchor.
	Text
	// Dot is a filled circle of radius W at X, Y.
	Dot
)

// Anchor is where a text's X is: its start, middle or end.
type Anchor uint8

const (
	Start Anchor = iota
	Middle
	End
)

// Element is one mark of a Drawing.
type Element struct {
	Kind       Kind
	X, Y, W, H float64
	Points     [][2]float64
	Text       string
	Size       float64 // font size of a Text, px
	Anchor     Anchor
	Bold       bool
	Colour     color.NRGBA // fill of a Rect, Dot or Text; stroke of a Line
	Width      float64     // stroke width of a Line
	Dash       bool        // a dashed Line
	// Hover is shown when the pointer rests on the element (SVG <title>).
	Hover string
}

// Box returns the element's bounds: x0, y0, x1, y1. A text's box is its
// estimated width and the height of its font, from the baseline up by
// 0.8 of the size and down by 0.25.
func (e *Element) Box() (x0, y0, x1, y1 float64) {
	switch e.Kind {
	case Rect:
		return e.X, e.Y, e.X + e.W, e.Y + e.H
	case Dot:
		return e.X - e.W, e.Y - e.W, e.X + e.W, e.Y + e.W
	case Line:
		x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, p := range e.Points {
			x0, y0, x1, y1 = min(x0, p[0]), min(y0, p[1]), max(x1, p[0]), max(y1, p[1])
		}
		return x0, y0, x1, y1
	}
	w := TextWidth(e.Text, e.Size)
	x0 = e.X
	switch e.Anchor {
	case Middle:
		x0 -= w / 2
	case End:
		x0 -= w
	}
	return x0, e.Y - 0.8*e.Size, x0 + w, e.Y + 0.25*e.Size
}

// TextWidth estimates the width in pixels of s in a sans-serif font of
// size px: wide (East Asian) characters a full em, capitals and digits
// about two thirds, narrow letters and punctuation less. The estimate is
// on the wide side of DejaVu Sans, the widest of the common sans fonts,
// so that laid-out labels do not collide in any of them.
func TextWidth(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		switch {
		case isWide(r):
			w += 1.0
		case strings.ContainsRune("mwMW@%", r):
			w += 0.95
		case unicode.IsUpper(r):
			w += 0.74
		case unicode.IsDigit(r):
			w += 0.64
		case strings.ContainsRune("ijl.,:;'|!", r):
			w += 0.32
		case r == ' ':
			w += 0.32
		case strings.ContainsRune("ftr()[]-", r):
			w += 0.42
		default:
			w += 0.62
		}
	}
	return w * size
}

func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}

// fontStack is the SVG's font-family: the system's sans-serif fonts, the
// Chinese ones named.
const fontStack = `system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif`

// Write writes the drawing in format, "svg" or "png".
func (d *Drawing) Write(w io.Writer, format string) error {
	switch format {
	case "svg":
		return d.SVG(w)
	case "png":
		return d.PNG(w)
	}
	return fmt.Errorf("%w: %q", ErrFormat, format)
}

// SVG writes the drawing as a standalone SVG document (no XML
// declaration, so that it can be inlined in HTML as it is).
func (d *Drawing) SVG(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" role="img">`,
		num(d.W), num(d.H), num(d.W), num(d.H), fontStack)
	if d.Title != "" {
		b.WriteString("<title>")
		escape(&b, d.Title)
		b.WriteString("</title>")
	}
	fmt.Fprintf(&b, `<rect width="%s" height="%s" fill="#fff"/>`, num(d.W), num(d.H))
	for i := range d.Els {
		e := &d.Els[i]
		switch e.Kind {
		case Rect:
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"`, num(e.X), num(e.Y), num(e.W), num(e.H), hex(e.Colour))
		case Dot:
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="%s" fill="%s"`, num(e.X), num(e.Y), num(e.W), hex(e.Colour))
		case Line:
			b.WriteString(`<polyline fill="none" points="`)
			for j, p := range e.Points {
				if j > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(num(p[0]) + "," + num(p[1]))
			}
			fmt.Fprintf(&b, `" stroke="%s" stroke-width="%s"`, hex(e.Colour), num(e.Width))
			if e.Dash {
				b.WriteString(` stroke-dasharray="5 3"`)
			}
		case Text:
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s"`, num(e.X), num(e.Y), num(e.Size))
			switch e.Anchor {
			case Middle:
				b.WriteString(` text-anchor="middle"`)
			case End:
				b.WriteString(` text-anchor="end"`)
			}
			if e.Bold {
				b.WriteString(` font-weight="bold"`)
			}
			if e.Colour != (color.NRGBA{A: 255}) {
				fmt.Fprintf(&b, ` fill="%s"`, hex(e.Colour))
			}
			b.WriteByte('>')
			if e.Hover != "" {
				b.WriteString("<title>")
				escape(&b, e.Hover)
				b.WriteString("</title>")
			}
			escape(&b, e.Text)
			b.WriteString("</text>")
			continue
		}
		if e.Hover != "" {
			b.WriteString("><title>")
			escape(&b, e.Hover)
			b.WriteString("</title></")
			b.WriteString(map[Kind]string{Rect: "rect", Dot: "circle", Line: "polyline"}[e.Kind])
			b.WriteString(">")
		} else {
			b.WriteString("/>")
		}
	}
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// num writes a coordinate with at most two decimals and no float noise.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

func hex(c color.NRGBA) string {
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

func escape(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			if r < ' ' && r != '\t' {
				r = ' '
			}
			b.WriteRune(r)
		}
	}
}

// fonts hold Liberation Sans for the PNG.
var fonts = font.NewCache(liberation.Collection())

// pngScale is the PNG's pixels per drawing pixel: twice, for sharp text on
// a high-density screen and in print.
const pngScale = 2

// PNG draws the drawing as a PNG image at twice its size in pixels.
func (d *Drawing) PNG(w io.Writer) error {
	const pt = 0.75 // points per CSS pixel
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(d.W*pt), vg.Length(d.H*pt)), vgimg.UseDPI(96*pngScale),
		vgimg.UseBackgroundColor(color.White))
	// vg's y goes up from the bottom.
	at := func(x, y float64) vg.Point { return vg.Point{X: vg.Length(x * pt), Y: vg.Length((d.H - y) * pt)} }
	for i := range d.Els {
		e := &d.Els[i]
		c.SetColor(e.Colour)
		switch e.Kind {
		case Rect:
			var p vg.Path
			p.Move(at(e.X, e.Y))
			p.Line(at(e.X+e.W, e.Y))
			p.Line(at(e.X+e.W, e.Y+e.H))
			p.Line(at(e.X, e.Y+e.H))
			p.Close()
			c.Fill(p)
		case Dot:
			var p vg.Path
			ctr := at(e.X, e.Y)
			p.Move(vg.Point{X: ctr.X + vg.Length(e.W*pt), Y: ctr.Y})
			p.Arc(ctr, vg.Length(e.W*pt), 0, 2*math.Pi)
			p.Close()
			c.Fill(p)
		case Line:
			if len(e.Points) == 0 {
				continue
			}
			var p vg.Path
			for j, q := range e.Points {
				if j == 0 {
					p.Move(at(q[0], q[1]))
				} else {
					p.Line(at(q[0], q[1]))
				}
			}
			c.SetLineWidth(vg.Length(e.Width * pt))
			if e.Dash {
				c.SetLineDash([]vg.Length{5 * pt, 3 * pt}, 0)
			} else {
				c.SetLineDash(nil, 0)
			}
			c.Stroke(p)
		case Text:
			f := font.Font{Typeface: "Liberation", Variant: "Sans"}
			if e.Bold {
				f.Weight = xfont.WeightBold
			}
			face := fonts.Lookup(f, vg.Length(e.Size*pt))
			x := e.X
			tw := float64(face.Width(e.Text)) / pt
			switch e.Anchor {
			case Middle:
				x -= tw / 2
			case End:
				x -= tw
			}
			c.FillString(face, at(x, e.Y), e.Text)
		}
	}
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}

// Stack puts drawings one under the other, left-aligned, in one drawing
// (as wide as the widest): several charts in one image file.
func Stack(ds ...*Drawing) *Drawing {
	out := &Drawing{}
	for _, d := range ds {
		if out.Title == "" {
			out.Title = d.Title
		}
		for _, e := range d.Els {
			e.Y += out.H
			if len(e.Points) > 0 {
				pts := make([][2]float64, len(e.Points))
				for i, p := range e.Points {
					pts[i] = [2]float64{p[0], p[1] + out.H}
				}
				e.Points = pts
			}
			out.Els = append(out.Els, e)
		}
		out.W = max(out.W, d.W)
		out.H += d.H
	}
	return out
}
