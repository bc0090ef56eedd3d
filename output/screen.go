package output

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"lifecycle/output/words"
)

// Screen is how the table format fits a person's terminal. The zero Screen
// draws a table as wide and as long as it is, in English (what a file
// written with -o x.txt holds).
//
// A table wider than Width is made to fit, in this order, until it does:
// column titles wrap at their spaces; text columns that may be shortened
// (Column.Shorten) are cut to 24 columns, ending in "…"; columns that may
// be left out (Column.Drop) are, the highest Drop first; shortened columns
// are cut further, to 8. A number is never cut or wrapped: a table whose
// numbers alone are wider than Width stays wider. A line under the table
// says which columns were left out or shortened, and how to see them.
//
// A table of more than Limit rows (Limit > 0) shows its first Limit rows
// and a line saying how many more there are and how to see them all.
type Screen struct {
	// Width is the terminal's width in columns (0: no limit).
	Width int
	// Limit is the number of rows shown (0: all).
	Limit int
	// Lang is the language of titles, labels and notes.
	Lang words.Lang
	// Verbose shows every item of a report, zeros included.
	Verbose bool
}

// Fitting's limits: text columns are first cut to shortWidth, then, after
// the droppable columns are gone, to tightWidth.
const (
	shortWidth = 24
	tightWidth = 8
)

// ColumnTitle returns the title of c in lang: the catalogue's entry for
// c.Word (or "column.<Name>"), when its English is c's English title (so
// that two columns of one name and different titles keep theirs), or the
// title as given.
func ColumnTitle(c *Column, lang words.Lang) string {
	title := c.title()
	key := c.Word
	if key == "" {
		key = words.Key("column." + c.Name)
	}
	if e, ok := words.Lookup(key); ok && (c.Word != "" || e.EN == title) {
		if lang == words.Chinese {
			return e.ZH
		}
		return e.EN
	}
	return title
}

// fitted is a table laid out for a screen: the columns kept, their titles
// (with line breaks where they wrap) and every cell's text.
type fitted struct {
	cols   []int
	titles []string
	cells  [][]string
	notes  []string
}

// fit lays out t's rows (all collected) for sc, in width columns (sc.Width
// less any indent; 0 for no limit).
func fit(t *Table, sc Screen, width int) *fitted {
	n := len(t.Columns)
	titles := make([]string, n)
	cells := make([][]string, len(t.Rows))
	cellW := make([]int, n)
	for j := range t.Columns {
		titles[j] = sanitize(ColumnTitle(&t.Columns[j], sc.Lang))
	}
	for i, row := range t.Rows {
		cells[i] = make([]string, n)
		for j, v := range row {
			c := &t.Columns[j]
			s := display(c.Kind, c.Decimals, v)
			if c.Kind == Bool && v != nil && sc.Lang != words.English {
				s = sc.Lang.Get(words.Key("table." + s))
			}
			cells[i][j] = s
			cellW[j] = max(cellW[j], twwidth.Width(s))
		}
	}
	w := make([]int, n)
	minW := make([]int, n) // with the title wrapped
	for j := range w {
		w[j] = max(cellW[j], twwidth.Width(titles[j]), 1)
		minW[j] = max(cellW[j], longestWord(titles[j]), 1)
	}
	keep := make([]bool, n)
	for j := range keep {
		keep[j] = true
	}
	total := func() int {
		sum := 1
		for j := range w {
			if keep[j] {
				sum += w[j] + 3
			}
		}
		return sum
	}
	var shortened, dropped []string
	// shrink narrows columns (those that pass ok) down to their floor,
	// the widest first, until the table fits.
	shrink := func(ok func(j int) bool, floor func(j int) int) {
		for width > 0 && total() > width {
			best, slack := -1, 0
			for j := range w {
				if keep[j] && ok(j) && w[j]-floor(j) > slack {
					best, slack = j, w[j]-floor(j)
				}
			}
			if best < 0 {
				return
			}
			w[best] -= min(slack, total()-width)
		}
	}
	shrink(func(int) bool { return true }, func(j int) int { return minW[j] })
	textFloor := func(limit int) func(j int) int {
		return func(j int) int { return max(min(cellW[j], limit), longestWord(titles[j]), 1) }
	}
	canShorten := func(j int) bool { return t.Columns[j].Shorten }
	shrink(canShorten, textFloor(shortWidth))
	for width > 0 && total() > width {
		best := -1
		for j := range t.Columns {
			if keep[j] && t.Columns[j].Drop > 0 && (best < 0 || t.Columns[j].Drop >= t.Columns[best].Drop) {
				best = j
			}
		}
		if best < 0 {
			break
		}
		keep[best] = false
	}
	shrink(canShorten, textFloor(tightWidth))
	f := &fitted{}
	for j := range t.Columns {
		if !keep[j] {
			dropped = append(dropped, titleLine(titles[j]))
			continue
		}
		f.cols = append(f.cols, j)
		f.titles = append(f.titles, wrapTitle(titles[j], w[j]))
		if w[j] < cellW[j] {
			shortened = append(shortened, titleLine(titles[j]))
		}
	}
	for i := range cells {
		row := make([]string, len(f.cols))
		for k, j := range f.cols {
			row[k] = cut(cells[i][j], w[j])
		}
		cells[i] = row
	}
	f.cells = cells
	lang := sc.Lang
	if len(dropped) > 0 {
		f.notes = append(f.notes, lang.Get("table.dropped", sc.Width, strings.Join(dropped, ", ")))
	}
	if len(shortened) > 0 {
		f.notes = append(f.notes, lang.Get("table.shortened", strings.Join(shortened, ", ")))
	}
	return f
}

// titleLine is a title on one line.
func titleLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// isWide reports whether r is a character of the scripts written without
// spaces (CJK), where a title may wrap between any two.
func isWide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || twwidth.Width(string(r)) == 2
}

// titleWords splits a title where it may wrap: at spaces, and around each
// wide character.
func titleWords(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == ' ':
			flush()
		case isWide(r):
			flush()
			out = append(out, string(r))
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

// longestWord is the width of the widest word of a title.
func longestWord(s string) int {
	n := 0
	for _, w := range titleWords(s) {
		n = max(n, twwidth.Width(w))
	}
	return n
}

// wrapTitle breaks s into lines of at most width columns, at its words;
// a word wider than width is cut.
func wrapTitle(s string, width int) string {
	if twwidth.Width(s) <= width {
		return s
	}
	var lines []string
	line, lw := "", 0
	for _, w := range titleWords(s) {
		ww := twwidth.Width(w)
		sep := ""
		if lw > 0 && !isWide([]rune(w)[0]) && !isWide([]rune(line)[len([]rune(line))-1]) {
			sep = " "
		}
		if lw > 0 && lw+len(sep)+ww > width {
			lines = append(lines, line)
			line, lw, sep = "", 0, ""
		}
		line += sep + cut(w, width)
		lw += len(sep) + min(ww, width)
	}
	return strings.Join(append(lines, line), "\n")
}

// cut shortens s to width columns, ending it in "…" when it is cut.
func cut(s string, width int) string {
	if twwidth.Width(s) <= width {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		rw := twwidth.Width(string(r))
		if used+rw > width-1 {
			break
		}
		b.WriteRune(r)
		used += rw
	}
	b.WriteString("…")
	return b.String()
}

// moreRows is the line under a table cut at its limit.
func moreRows(lang words.Lang, more int) string {
	return lang.Get("table.more_rows", Grouped(fmt.Sprint(more)))
}
