package output

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// Grid is a table of numbers for people on a terminal, such as a cohort
// table: a label column (left-aligned), a count column, then the cells
// (right-aligned), each cell followed by a mark column ("*" or a space).
// With colour, cells are shaded by value (see Shade).
type Grid struct {
	// Header titles the label column, the count column, then the cells.
	Header []string
	Rows   []GridRow
	// Shade bounds the shading of the cells' values.
	Shade Shade
}

// GridRow is one row of a Grid; a row may have fewer cells than the
// header has columns (a young cohort).
type GridRow struct {
	Label, Count string
	Cells        []GridCell
}

// GridCell is one cell: its text, the value its shade is taken from (NaN:
// not shaded), and whether it is marked with "*" (such as an unfinished
// period).
type GridCell struct {
	Text  string
	Value float64
	Mark  bool
}

// Shade is the colouring of values Lo (light) to Hi (dark); with Lo >= Hi
// nothing is shaded. The same range serves the terminal (Grid) and a
// chart's colour bar, so that both read alike.
type Shade struct {
	Lo, Hi float64
}

// GridPage is a terminal page of grids: a title line, then each block
// (after a blank line and its heading, when it has one), then the notes,
// one a line.
type GridPage struct {
	Title  string
	Blocks []GridBlock
	Notes  []string
	// Screen's Width, when set, keeps the cells that fit: the columns
	// past it are left out, and a note says which (a number is never cut).
	Screen Screen
}

// GridBlock is one grid of a page. Heading, such as "Country = DE", is data
// and is written with control characters (line breaks and tabs too)
// replaced by U+FFFD, so that it cannot drive the terminal; Title and Notes
// are written as given. A nil Grid writes Empty instead.
type GridBlock struct {
	Heading string
	Grid    *Grid
	Empty   string
}

// WriteGrids writes p to w, its cells shaded when colour is set.
func WriteGrids(w io.Writer, p *GridPage, colour bool) error {
	bw := bufio.NewWriter(w)
	width := p.Screen.Width
	writeLines(bw, p.Title, width, "  ")
	var cut []string // the titles of columns left out
	for _, b := range p.Blocks {
		if b.Heading != "" {
			fmt.Fprintf(bw, "\n%s\n", printable(b.Heading))
		}
		if b.Grid == nil {
			fmt.Fprintln(bw, b.Empty)
			continue
		}
		g := b.Grid
		if n := g.fit(width); n < len(g.Header) {
			if len(cut) == 0 {
				cut = g.Header[n:]
			}
			g = g.first(n)
		}
		writeGrid(bw, g, colour)
	}
	for _, n := range p.Notes {
		writeLines(bw, n, width, "  ")
	}
	if len(cut) > 0 {
		list := cut[0]
		if len(cut) > 1 {
			list += "-" + cut[len(cut)-1]
		}
		writeLines(bw, p.Screen.Lang.Get("table.dropped", width, list), width, "  ")
	}
	return bw.Flush()
}

// widths returns the width of each column of g.
func (g *Grid) widths() []int {
	width := make([]int, len(g.Header))
	for j, h := range g.Header {
		width[j] = twwidth.Width(h)
	}
	for _, r := range g.Rows {
		width[0] = max(width[0], twwidth.Width(r.Label))
		width[1] = max(width[1], len(r.Count))
		for j, c := range r.Cells {
			width[j+2] = max(width[j+2], len(c.Text))
		}
	}
	return width
}

// fit returns the number of columns of g (label and count included) that
// fit in width columns (0: all); never fewer than three.
func (g *Grid) fit(width int) int {
	if width <= 0 {
		return len(g.Header)
	}
	w := g.widths()
	used := w[0] + 2 + w[1]
	for j := 2; j < len(w); j++ {
		used += w[j] + 2
		if used > width && j > 2 {
			return j
		}
	}
	return len(w)
}

// first returns g with its first n columns.
func (g *Grid) first(n int) *Grid {
	c := *g
	c.Header = g.Header[:n]
	c.Rows = make([]GridRow, len(g.Rows))
	for i, r := range g.Rows {
		c.Rows[i] = r
		if len(r.Cells) > n-2 {
			c.Rows[i].Cells = r.Cells[:n-2]
		}
	}
	return &c
}

// writeGrid writes one grid's header and rows, each line without trailing
// spaces.
func writeGrid(w *bufio.Writer, g *Grid, colour bool) {
	width := g.widths()
	pad := func(s string, n int) string { return strings.Repeat(" ", max(0, n-twwidth.Width(s))) }
	var b strings.Builder
	for j, h := range g.Header {
		switch {
		case j == 0:
			b.WriteString(h + pad(h, width[j]))
		case j == 1:
			b.WriteString("  " + pad(h, width[j]) + h)
		default:
			b.WriteString(" " + pad(h, width[j]) + h + " ")
		}
	}
	w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	for _, r := range g.Rows {
		b.Reset()
		b.WriteString(r.Label + pad(r.Label, width[0]) + "  " + pad(r.Count, width[1]) + r.Count)
		for j, c := range r.Cells {
			mark := " "
			if c.Mark {
				mark = "*"
			}
			b.WriteByte(' ')
			text := fmt.Sprintf("%*s%s", width[j+2], c.Text, mark)
			if colour {
				text = g.Shade.paint(text, c.Value)
			}
			b.WriteString(text)
		}
		w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
}

// shadeBg are the terminal backgrounds of Shade, light to dark: 256-colour
// codes along ColorBrewer's YlGnBu as near as the xterm palette comes (the
// scheme of chart.Heatmap).
var shadeBg = []int{230, 194, 158, 122, 80, 38, 32, 25, 18}

// darkFrom is the first background that takes white text.
const darkFrom = 5

// paint returns text (already padded) on the background for v.
func (s Shade) paint(text string, v float64) string {
	if math.IsNaN(v) || !(s.Lo < s.Hi) {
		return text
	}
	i := int(math.Round((v - s.Lo) / (s.Hi - s.Lo) * float64(len(shadeBg)-1)))
	i = max(0, min(len(shadeBg)-1, i))
	fg := 16 // black
	if i >= darkFrom {
		fg = 231 // white
	}
	return fmt.Sprintf("\x1b[38;5;%d;48;5;%dm%s\x1b[0m", fg, shadeBg[i], text)
}

// printable replaces control characters, line breaks and tabs included,
// and invalid UTF-8 with U+FFFD.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}
