package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The charts laid out at 1 to 300 rows, columns or bins, with long titles
// and labels: everything inside the canvas, no two texts overlapping,
// ticks at round values written without float noise, the same drawing in
// SVG and PNG, and golden SVGs of a few.

var update = flag.Bool("update", false, "rewrite the golden SVGs in testdata")

const longTitle = "Cumulative net revenue per acquired customer (LTV) by months since the first purchase, as of 2011-12-09, of every cohort in the input"

var sizes = []int{1, 2, 3, 30, 300}

// drawable is every chart type.
type drawable interface {
	Draw() (*Drawing, error)
	Write(w io.Writer, format string) error
}

func heatmapOf(rows, cols int) *Heatmap {
	ch := &Heatmap{Title: longTitle, XLabel: "months since the first purchase (* the month 2011-12 is unfinished)",
		YLabel: "cohort (month of the first purchase, customers)", Legend: "share buying", LegendFormat: Percent, Footer: 1}
	for c := range cols {
		ch.Columns = append(ch.Columns, fmt.Sprintf("M%d", c))
	}
	for r := range rows {
		ch.Rows = append(ch.Rows, fmt.Sprintf("%d-%02d (%s)", 2000+r/12, 1+r%12, grouped(strconv.Itoa(1000*r+7))))
		vals := make([]float64, cols)
		texts := make([]string, cols)
		for c := range vals {
			vals[c] = 0.05 + 0.1*float64((r*7+c*3)%10)/10
			texts[c] = fmt.Sprintf("%.1f%%", 100*vals[c])
		}
		if rows > 1 && r == rows-2 {
			vals[cols-1] = math.NaN() // an unfinished cell: text, no value
			texts[cols-1] = "4,909*"
		}
		ch.Values = append(ch.Values, vals)
		ch.Texts = append(ch.Texts, texts)
	}
	return ch
}

func linesOf(n int, categories bool) *Lines {
	ch := &Lines{Title: longTitle, XLabel: "week", YLabel: "repeat purchases"}
	for i := range n {
		if categories {
			ch.Categories = append(ch.Categories, fmt.Sprintf("%d-%02d", 2000+i/12, 1+i%12))
		} else {
			ch.X = append(ch.X, float64(i+1))
		}
	}
	for s := range 3 {
		vs := make([]float64, n)
		for i := range vs {
			vs[i] = 40000 * float64(i+1+s) / float64(n)
		}
		ch.Series = append(ch.Series, Series{Name: fmt.Sprintf("series with a long name %d", s), Values: vs, Dashed: s == 1})
	}
	m := float64(n) / 2
	ch.Marker, ch.MarkerName = &m, "end of calibration"
	return ch
}

func barsOf(n int, horizontal bool) *Bars {
	ch := &Bars{Title: longTitle, ValueLabel: "customers", XLabel: "projected value", Horizontal: horizontal}
	a, b := make([]float64, n), make([]float64, n)
	for i := range n {
		ch.Categories = append(ch.Categories, fmt.Sprintf("Segment with a long name %d", i))
		a[i], b[i] = float64((i*37)%100)/100, float64((i*11)%100)/300
	}
	ch.Series = []Series{{Name: "share of customers", Values: a}, {Name: "share of net revenue", Values: b}}
	ch.Format = Percent
	return ch
}

func charts() map[string]drawable {
	m := map[string]drawable{}
	for _, n := range sizes {
		m[fmt.Sprintf("heatmap-rows-%d", n)] = heatmapOf(n, 12)
		m[fmt.Sprintf("heatmap-cols-%d", n)] = heatmapOf(3, n)
		m[fmt.Sprintf("lines-%d", n)] = linesOf(n, false)
		m[fmt.Sprintf("lines-months-%d", n)] = linesOf(n, true)
		m[fmt.Sprintf("bars-%d", n)] = barsOf(n, false)
		m[fmt.Sprintf("hbars-%d", n)] = barsOf(n, true)
	}
	return m
}

// TestLayout: at 1, 2, 3, 30 and 300 rows, columns, points or bars, each
// element lies inside the canvas and no two texts overlap.
func TestLayout(t *testing.T) {
	for name, ch := range charts() {
		t.Run(name, func(t *testing.T) {
			d, err := ch.Draw()
			require.NoError(t, err)
			inside(t, d)
			apart(t, d)
			noNoise(t, d)
		})
	}
}

func inside(t *testing.T, d *Drawing) {
	t.Helper()
	const eps = 0.5
	bad := 0
	for i := range d.Els {
		e := &d.Els[i]
		x0, y0, x1, y1 := e.Box()
		if x0 < -eps || y0 < -eps || x1 > d.W+eps || y1 > d.H+eps {
			if bad < 5 {
				t.Errorf("%v %q at (%.1f,%.1f)-(%.1f,%.1f) outside the canvas %.0f x %.0f", e.Kind, e.Text, x0, y0, x1, y1, d.W, d.H)
			}
			bad++
		}
	}
}

// apart checks that no two text boxes overlap (a sweep along x).
func apart(t *testing.T, d *Drawing) {
	t.Helper()
	type box struct {
		x0, y0, x1, y1 float64
		s              string
	}
	var bs []box
	for i := range d.Els {
		if e := &d.Els[i]; e.Kind == Text {
			x0, y0, x1, y1 := e.Box()
			bs = append(bs, box{x0, y0, x1, y1, e.Text})
		}
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].x0 < bs[j].x0 })
	bad := 0
	for i := range bs {
		for j := i + 1; j < len(bs) && bs[j].x0 < bs[i].x1; j++ {
			a, b := bs[i], bs[j]
			if a.y0 < b.y1 && b.y0 < a.y1 {
				if bad < 5 {
					t.Errorf("texts %q and %q overlap", a.s, b.s)
				}
				bad++
			}
		}
	}
}

// numberRE finds the numbers of a text.
var numberRE = regexp.MustCompile(`[0-9][0-9,]*(\.[0-9]+)?`)

// noisy tells whether s holds a number written with float noise, such as
// 15.000000000000002% or 0.30000000000000004: more than 12 significant
// digits.
func noisy(s string) bool {
	for _, n := range numberRE.FindAllString(s, -1) {
		digits := strings.TrimLeft(strings.NewReplacer(",", "", ".", "").Replace(n), "0")
		if len(digits) > 12 {
			return true
		}
	}
	return false
}

func noNoise(t *testing.T, d *Drawing) {
	t.Helper()
	for _, e := range d.Els {
		if e.Kind == Text {
			assert.False(t, noisy(e.Text), e.Text)
		}
	}
}

// TestTicks: ticks are round (1, 2, 2.5 or 5 times a power of ten apart),
// cover the range, and their labels have no float noise.
func TestTicks(t *testing.T) {
	for _, r := range [][2]float64{{0, 1}, {0, 0.15}, {0.0123, 0.4567}, {0, 40000}, {-3, 7}, {5, 5}, {0, 1e-7}, {1e6, 1e6 + 3}, {0, 0.3}} {
		tk := niceTicks(r[0], r[1], 5)
		require.GreaterOrEqual(t, len(tk.Values), 2, "%v", r)
		assert.LessOrEqual(t, tk.Values[0], r[0], "%v", r)
		assert.GreaterOrEqual(t, tk.Values[len(tk.Values)-1], r[1], "%v", r)
		step := tk.Values[1] - tk.Values[0]
		m := step / math.Pow(10, math.Floor(math.Log10(step)))
		ok := false
		for _, w := range []float64{1, 2, 2.5, 5} {
			ok = ok || math.Abs(m-w) < 1e-6
		}
		assert.True(t, ok, "%v: step %g", r, step)
		for _, v := range tk.Values {
			for _, f := range []Format{Number, Percent} {
				assert.False(t, noisy(f.label(v, tk.Decimals)), "%v: %s", r, f.label(v, tk.Decimals))
			}
		}
	}
	assert.True(t, noisy("15.000000000000002%"), "the check finds noise")
	assert.False(t, noisy("0.00000002"))
	assert.Equal(t, "15%", Percent.label(0.15000000000000002, 2))
	assert.Equal(t, "40,000", Number.label(40000, 0))
	assert.Equal(t, "2.5", Number.label(2.5, 1))
}

// TestFormats: the same drawing in SVG (well-formed, no raster inside)
// and PNG (twice its size in pixels).
func TestFormats(t *testing.T) {
	for _, name := range []string{"heatmap-rows-3", "lines-30", "hbars-3", "bars-30"} {
		ch := charts()[name]
		d, err := ch.Draw()
		require.NoError(t, err)
		var svg, pngb bytes.Buffer
		require.NoError(t, ch.Write(&svg, "svg"))
		require.NoError(t, ch.Write(&pngb, "png"))
		dec := xml.NewDecoder(bytes.NewReader(svg.Bytes()))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, name)
		}
		assert.NotContains(t, svg.String(), "data:image", "the legend is vector, not an image")
		img, err := png.Decode(&pngb)
		require.NoError(t, err)
		assert.InDelta(t, 2*d.W, img.Bounds().Dx(), 2, name)
		assert.InDelta(t, 2*d.H, img.Bounds().Dy(), 2, name)
		golden(t, name+".svg", svg.Bytes())
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "go test -update writes it")
	assert.Equal(t, string(want), string(got), "%s differs (go test ./output/chart -update rewrites it)", path)
}

// TestWrap: a long title wraps to lines within the width; Chinese wraps
// between characters.
func TestWrap(t *testing.T) {
	for _, s := range []string{longTitle, strings.Repeat("客户生命周期报告", 12)} {
		lines := wrap(s, titleSize, 300)
		assert.Greater(t, len(lines), 1)
		for _, ln := range lines {
			assert.LessOrEqual(t, TextWidth(ln, titleSize), 300.0, ln)
		}
		assert.Equal(t, strings.ReplaceAll(s, " ", ""), strings.ReplaceAll(strings.Join(lines, ""), " ", ""))
	}
}
