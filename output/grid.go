package output

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"
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
	fmt.Fprintln(bw, p.Title)
	for _, b := range p.Blocks {
		if b.Heading != "" {
			fmt.Fprintf(bw, "\n%s\n", printable(b.Heading))
		}
		if b.Grid == nil {
			fmt.Fprintln(bw, b.Empty)
			continue
		}
		writeGrid(bw, b.Grid, colour)
	}
	for _, n := range p.Notes {
		fmt.Fprintln(bw, n)
	}
	return bw.Flush()
}

// writeGrid writes one grid's header and rows, each line without trailing
// spaces.
func writeGrid(w *bufio.Writer, g *Grid, colour bool) {
	width := make([]int, len(g.Header))
	for j, h := range g.Header {
		width[j] = len(h)
	}
	for _, r := range g.Rows {
		width[0] = max(width[0], len(r.Label))
		width[1] = max(width[1], len(r.Count))
		for j, c := range r.Cells {
			width[j+2] = max(width[j+2], len(c.Text))
		}
	}
	var b strings.Builder
	for j, h := range g.Header {
		switch {
		case j == 0:
			fmt.Fprintf(&b, "%-*s", width[j], h)
		case j == 1:
			fmt.Fprintf(&b, "  %*s", width[j], h)
		default:
			fmt.Fprintf(&b, " %*s ", width[j], h)
		}
	}
	w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	for _, r := range g.Rows {
		b.Reset()
		fmt.Fprintf(&b, "%-*s  %*s", width[0], r.Label, width[1], r.Count)
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
