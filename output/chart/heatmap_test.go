package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var keep = flag.String("keep", "", "write the test images into this directory, to look at them")

// triangle is a cohort-shaped chart: n rows, row r with n-r values, and an
// average footer row.
func triangle(n int) *Heatmap {
	ch := &Heatmap{Title: "Retention", XLabel: "months since the first purchase", YLabel: "cohort",
		Legend: "customers buying", LegendFormat: Percent, Footer: 1}
	for k := range n {
		ch.Columns = append(ch.Columns, fmt.Sprintf("M%d", k))
	}
	for r := range n + 1 {
		w := n - r
		label := fmt.Sprintf("20%02d-%02d", 20+r/12, 1+r%12)
		if r == n {
			label, w = "average", n
		}
		ch.Rows = append(ch.Rows, label)
		vals := make([]float64, w)
		texts := make([]string, w)
		for k := range vals {
			vals[k] = 0.05 + 0.3*math.Exp(-float64(k)/8)
			if k == 0 {
				vals[k] = 1
			}
			texts[k] = fmt.Sprintf("%.1f%%", 100*vals[k])
			if r < n && k == w-1 {
				texts[k] += "*"
			}
		}
		ch.Values = append(ch.Values, vals)
		ch.Texts = append(ch.Texts, texts)
	}
	ch.Min, ch.Max = 0, 0.4
	return ch
}

func write(t *testing.T, ch *Heatmap, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, ch.Write(&b, format))
	if *keep != "" {
		require.NoError(t, os.WriteFile(filepath.Join(*keep, t.Name()[len("Test"):]+"."+format), b.Bytes(), 0o644))
	}
	return b.Bytes()
}

// TestPNG: 36 monthly cohorts make a well-formed PNG large enough for
// every cell to hold its text (at least 40 pixels a column and 20 a row),
// with dark cells (high values) and light ones (low values), and white
// outside the cells.
func TestPNG(t *testing.T) {
	b := write(t, triangle(36), "png")
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	sz := img.Bounds().Size()
	assert.GreaterOrEqual(t, sz.X, 36*40, "width")
	assert.GreaterOrEqual(t, sz.Y, 37*20, "height")
	assert.Less(t, sz.X, 5000)
	assert.Less(t, sz.Y, 3000)
	dark, light := 0, 0
	for y := 0; y < sz.Y; y += 3 {
		for x := 0; x < sz.X; x += 3 {
			r, g, b, _ := img.At(x, y).RGBA()
			l := (r + g + b) / 3
			switch {
			case l < 0x4000:
				dark++
			case l > 0xe000 && !(r == 0xffff && g == 0xffff && b == 0xffff):
				light++
			}
		}
	}
	assert.Greater(t, dark, 1000, "dark cells")
	assert.Greater(t, light, 1000, "light cells")
	// Below the diagonal, outside the triangle: background.
	assert.Equal(t, color.RGBA{255, 255, 255, 255}, color.RGBAModel.Convert(img.At(sz.X*3/4, sz.Y*3/4)))
}

// TestSVG: the SVG is well-formed XML, sized, and holds every cell's text.
func TestSVG(t *testing.T) {
	ch := triangle(12)
	b := write(t, ch, "svg")
	dec := xml.NewDecoder(bytes.NewReader(b))
	var root xml.StartElement
	texts := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if se, ok := tok.(xml.StartElement); ok {
			if root.Name.Local == "" {
				root = se
			}
			if se.Name.Local == "text" {
				texts++
			}
		}
	}
	assert.Equal(t, "svg", root.Name.Local)
	var w, h string
	for _, a := range root.Attr {
		switch a.Name.Local {
		case "width":
			w = a.Value
		case "height":
			h = a.Value
		}
	}
	assert.NotEmpty(t, w)
	assert.NotEmpty(t, h)
	cellsWithText := 0
	for _, row := range ch.Texts {
		cellsWithText += len(row)
	}
	assert.GreaterOrEqual(t, texts, cellsWithText)
	assert.Contains(t, string(b), "100.0%")
}

func TestEdgeCases(t *testing.T) {
	var b bytes.Buffer
	assert.Error(t, (&Heatmap{}).Write(&b, "png"), "nothing to draw")
	one := &Heatmap{Columns: []string{"M0"}, Rows: []string{"2024-01"}, Values: [][]float64{{5}}, Texts: [][]string{{"5"}}}
	assert.NoError(t, one.Write(&b, "png"), "a single value")
	nan := &Heatmap{Columns: []string{"M0", "M1"}, Rows: []string{"a", "b"}, Values: [][]float64{{math.NaN()}, {}}}
	assert.NoError(t, nan.Write(&b, "svg"), "no value at all")
	assert.ErrorIs(t, one.Write(&b, "gif"), ErrFormat)
	for _, tt := range []struct{ path, want string }{{"a.png", "png"}, {"A.SVG", "svg"}, {"x/y.Png", "png"}} {
		f, err := FormatOf(tt.path)
		assert.NoError(t, err)
		assert.Equal(t, tt.want, f)
	}
	for _, p := range []string{"a.pdf", "a", "png"} {
		_, err := FormatOf(p)
		assert.ErrorIs(t, err, ErrFormat, p)
	}
	assert.Equal(t, color.NRGBA{0xff, 0xff, 0xff, 0xff}, textColor(color.NRGBA{0x08, 0x1d, 0x58, 0xff}))
	assert.Equal(t, color.NRGBA{0x11, 0x11, 0x11, 0xff}, textColor(color.NRGBA{0xff, 0xff, 0xd9, 0xff}))
}

// TestEndColours: the values at both ends of the range get the map's end
// colours, not the white of a failed look-up (the top cell of a matrix).
func TestEndColours(t *testing.T) {
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	// Ranges whose top the reversed map read a hair below its minimum.
	for _, r := range [][2]float64{{0.35753970079918096, 18.816805802479514}, {3.060263755525278, 12.05259764889897}, {0, 1}} {
		cm, err := colorMap(r[0], r[1])
		require.NoError(t, err)
		for _, v := range []float64{r[0], r[1], r[1] + 1, r[0] - 1} {
			assert.NotEqual(t, white, colorAt(cm, v), "%v in %v", v, r)
		}
	}
}
