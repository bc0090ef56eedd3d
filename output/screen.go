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
// column titles wrap at their spaces; columns that may be left out
// (Column.Drop) are, all those of the highest Drop first, while the table
// would not fit with its long texts (Column.Shorten) cut to 24 columns;
// then those texts are cut, ending in "…", as little as the width allows
// (to 8 columns at most). A number is never cut or wrapped: a table whose
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

// headingOf is the terminal heading of t's column j in lang: its title,
// and for money, t's currency.
func headingOf(t *Table, j int, lang words.Lang) string {
	title := ColumnTitle(&t.Columns[j], lang)
	if t.Columns[j].Kind == Money {
		title = moneyTitle(title, t.Currency)
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
		titles[j] = sanitize(headingOf(t, j, sc.Lang))
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
	canShorten := func(j int) bool { return t.Columns[j].Shorten }
	textFloor := func(limit int) func(j int) int {
		return func(j int) int { return max(min(cellW[j], limit), longestWord(titles[j]), 1) }
	}
	// Leave out the droppable columns, a rank at a time from the highest,
	// while the table would not fit with its titles wrapped and its texts
	// shortened.
	narrowest := func() int {
		sum := 1
		for j := range w {
			if keep[j] {
				if canShorten(j) {
					sum += textFloor(shortWidth)(j) + 3
				} else {
					sum += minW[j] + 3
				}
			}
		}
		return sum
	}
	for width > 0 && narrowest() > width {
		rank := 0
		for j := range t.Columns {
			if keep[j] {
				rank = max(rank, t.Columns[j].Drop)
			}
		}
		if rank == 0 {
			break
		}
		for j := range t.Columns {
			if t.Columns[j].Drop == rank {
				keep[j] = false
			}
		}
	}
	// Then wrap the titles, and shorten the texts, as little as needed.
	shrink(func(int) bool { return true }, func(j int) int { return minW[j] })
	shrink(canShorten, textFloor(shortWidth))
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

// longestWord is the width of the widest word of a title; a title in a
// script without spaces wraps to no fewer than four characters a line.
func longestWord(s string) int {
	n := 0
	for _, w := range titleWords(s) {
		n = max(n, twwidth.Width(w))
		if isWide([]rune(w)[0]) {
			n = max(n, min(8, twwidth.Width(s)))
		}
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

// cut shortens s to width columns, ending it in "…" when it is cut. A
// number inside the text is not cut: the cut falls before it.
func cut(s string, width int) string {
	if twwidth.Width(s) <= width {
		return s
	}
	rs := []rune(s)
	used, n := 0, 0
	for n < len(rs) {
		rw := twwidth.Width(string(rs[n]))
		if used+rw > width-1 {
			break
		}
		used += rw
		n++
	}
	// "2…" would read as a number cut: the cut falls before a number it
	// ends on, whole or not.
	for {
		for n > 0 && rs[n-1] == ' ' {
			n--
		}
		if n == 0 || !isDigit(rs[n-1]) && !(isDigit(rs[n]) && (rs[n-1] == '.' || rs[n-1] == ',' || rs[n-1] == '-')) {
			break
		}
		for n > 0 && (isDigit(rs[n-1]) || rs[n-1] == '.' || rs[n-1] == ',' || rs[n-1] == '-') {
			n--
		}
	}
	return strings.TrimRight(string(rs[:n]), " ") + "…"
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// wrapText breaks s into lines of at most width columns at its spaces (and
// between wide characters), the lines after the first starting with
// indent; width 0 is no limit. A word wider than a line is left whole.
func wrapText(s string, width int, indent string) []string {
	if width <= 0 || twwidth.Width(s) <= width {
		return []string{s}
	}
	var lines []string
	var line strings.Builder
	lw := 0
	for i, word := range splitKeep(s) {
		ww := twwidth.Width(word)
		if i > 0 && lw+ww > width && strings.TrimSpace(line.String()) != "" {
			lines = append(lines, strings.TrimRight(line.String(), " "))
			line.Reset()
			line.WriteString(indent)
			lw = twwidth.Width(indent)
			word = strings.TrimLeft(word, " ")
			ww = twwidth.Width(word)
		}
		line.WriteString(word)
		lw += ww
	}
	return append(lines, strings.TrimRight(line.String(), " "))
}

// splitKeep splits s before each space (the space kept with the word after
// it) and around each wide character.
func splitKeep(s string) []string {
	var out []string
	start := 0
	rs := []rune(s)
	for i := 1; i <= len(rs); i++ {
		if i < len(rs) && (rs[i] == '\u00a0' || rs[i-1] == '\u00a0') {
			continue // a no-break space holds its neighbours together
		}
		if i == len(rs) || rs[i] == ' ' && rs[i-1] != ' ' || isWide(rs[i]) || isWide(rs[i-1]) {
			out = append(out, string(rs[start:i]))
			start = i
		}
	}
	return out
}

// writeLines writes s, wrapped to width (see wrapText), each line ended.
func writeLines(b interface{ WriteString(string) (int, error) }, s string, width int, indent string) {
	for _, l := range wrapText(s, width, indent) {
		b.WriteString(l)
		b.WriteString("\n")
	}
}

// moreRows is the line under a table cut at its limit.
func moreRows(lang words.Lang, more int) string {
	return lang.Get("table.more_rows", Grouped(fmt.Sprint(more)))
}
