package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"

	"lifecycle/cohort"
	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/output"
	"lifecycle/output/chart"
)

// cohortKind is how the cells of a table are typed: a rate (a fraction of
// the cohort), a count, a per-customer count (a float) or money.
type cohortKind int

const (
	kindRate cohortKind = iota
	kindCount
	kindRatio
	kindMoney
)

func kindOf(o *cohort.Options) cohortKind {
	switch {
	case o.Metric.Money():
		return kindMoney
	case !o.PerCustomer:
		return kindCount
	case o.Metric == cohort.Orders:
		return kindRatio
	}
	return kindRate
}

// cohortTitle says what the cells of t are.
func cohortTitle(t *cohort.Table) string {
	o := &t.Options
	p := o.Period.String()
	by := "by " + p + "s since the first purchase"
	var s string
	switch o.Metric {
	case cohort.Customers:
		s = "Customers of each cohort buying in each " + p + " since their first purchase"
		if o.PerCustomer {
			s = "Share of each cohort buying in each " + p + " since the first purchase"
		}
	case cohort.Orders:
		s = "Orders of each cohort in each " + p + " since the first purchase"
		if o.PerCustomer {
			s = "Orders per acquired customer in each " + p + " since the first purchase"
		}
	case cohort.Revenue:
		s = "Net revenue of each cohort in each " + p + " since the first purchase"
		if o.PerCustomer {
			s = "Net revenue per acquired customer in each " + p + " since the first purchase"
		}
	case cohort.LTV:
		s = "Cumulative net revenue of each cohort " + by
		if o.PerCustomer {
			s = "Cumulative net revenue per acquired customer (LTV) " + by
		}
	case cohort.Repeat:
		s = "Customers of each cohort who have bought twice, " + by
		if o.PerCustomer {
			s = "Share of each cohort that has bought twice, " + by
		}
	}
	return s
}

// legendTitle is the short name of the values, for the plot's legend.
func legendTitle(t *cohort.Table) string {
	o := &t.Options
	switch o.Metric {
	case cohort.Customers:
		if o.PerCustomer {
			return "share buying"
		}
		return "customers buying"
	case cohort.Orders:
		if o.PerCustomer {
			return "orders per customer"
		}
		return "orders"
	case cohort.Revenue:
		if o.PerCustomer {
			return "net revenue per customer"
		}
		return "net revenue"
	case cohort.LTV:
		if o.PerCustomer {
			return "LTV per customer"
		}
		return "cumulative net revenue"
	}
	if o.PerCustomer {
		return "share repeating"
	}
	return "repeat customers"
}

// ageName names the column of an age: "m0", "d7".
func ageName(p cohort.Period, age int) string {
	return p.Letter() + strconv.Itoa(age)
}

// cellValue returns a cell as a number for shading: a fraction, a count or
// an amount in units.
func cellValue(k cohortKind, c cohort.Cell) float64 {
	if c.Missing() {
		return math.NaN()
	}
	if k == kindMoney {
		return c.Float() / money.Scale
	}
	return c.Float()
}

// cellText writes a cell for people: "36.6%", "1,234", "0.45", "1,234.56";
// a count averaged over cohorts gets one decimal. Missing is "-".
func cellText(k cohortKind, c cohort.Cell) string {
	if c.Missing() {
		return "-"
	}
	switch k {
	case kindRate:
		return strconv.FormatFloat(100*c.Float(), 'f', 1, 64) + "%"
	case kindCount:
		if c.Den == 1 {
			return groupDigits(strconv.FormatInt(c.Num, 10))
		}
		return groupDigits(strconv.FormatFloat(c.Float(), 'f', 1, 64))
	case kindRatio:
		return strconv.FormatFloat(c.Float(), 'f', 2, 64)
	}
	return c.Amount().Grouped()
}

// groupDigits puts thousands separators into a decimal number's integer
// part: "-1234567.5" -> "-1,234,567.5".
func groupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + frac
}

// cohortTable lays out the tables for the machine formats: one row per
// cohort (no average), with a first column "group" when split by --by.
func cohortTable(groups []cohortGroup, withGroup bool) *output.Table {
	t0 := groups[0].table
	o := &t0.Options
	k := kindOf(o)
	var cols []output.Column
	if withGroup {
		cols = append(cols, output.Column{Name: "group", Title: "Group"})
	}
	cols = append(cols,
		output.Column{Name: "cohort", Title: "Cohort"},
		output.Column{Name: "cohort_start", Title: "Start", Kind: output.Day},
		output.Column{Name: "customers", Title: "Customers", Kind: output.Int},
		output.Column{Name: "incomplete", Title: "Incomplete", Kind: output.Bool},
	)
	// The ages of every group (groups reach different ages).
	var ages []int
	for _, g := range groups {
		if len(g.table.Ages) > len(ages) {
			ages = g.table.Ages
		}
	}
	for _, a := range ages {
		c := output.Column{Name: ageName(o.Period, a), Title: strings.ToUpper(ageName(o.Period, a))}
		switch k {
		case kindRate:
			c.Kind, c.Decimals = output.Percent, 2
		case kindCount:
			c.Kind = output.Int
		case kindRatio:
			c.Kind, c.Decimals = output.Float, 4
		case kindMoney:
			c.Kind = output.Money
		}
		cols = append(cols, c)
	}
	out := &output.Table{Columns: cols}
	for _, g := range groups {
		t := g.table
		for _, r := range t.Rows {
			row := make([]any, 0, len(cols))
			if withGroup {
				row = append(row, g.value)
			}
			row = append(row, o.Period.Label(r.Cohort), o.Period.Start(r.Cohort), r.Size, r.Incomplete)
			for j := range ages {
				if j >= len(r.Cells) {
					row = append(row, nil)
					continue
				}
				c := r.Cells[j]
				switch k {
				case kindRate, kindRatio:
					row = append(row, c.Float())
				case kindCount:
					row = append(row, c.Num)
				case kindMoney:
					row = append(row, c.Amount())
				}
			}
			out.Rows = append(out.Rows, row)
		}
	}
	return out
}

// cohortNotes are the lines under a terminal table or plot: what * marks
// and how the average is taken.
func cohortNotes(t *cohort.Table) []string {
	o := &t.Options
	p := o.Period.String()
	var notes []string
	if t.Partial && !o.CompleteOnly {
		notes = append(notes, fmt.Sprintf("* the %s %s is unfinished: as of %s (--complete-only leaves it out)",
			p, o.Period.Label(t.Current), dates.DayString(t.AsOf)))
	} else {
		notes = append(notes, "as of "+dates.DayString(t.AsOf))
	}
	how := "the mean cohort"
	if o.PerCustomer {
		how = "weighted by cohort size"
	}
	notes = append(notes, fmt.Sprintf("average: each age over the cohorts that have completed it, %s", how))
	return notes
}

// shade is the terminal colouring of a table: 256-colour backgrounds from
// light (low values) to dark (high values), ColorBrewer's YlGnBu as near
// as the xterm palette comes.
type shade struct {
	lo, hi float64
	on     bool
}

var shadeBg = []int{230, 194, 158, 122, 80, 38, 32, 25, 18}

// darkFrom is the first background that takes white text.
const darkFrom = 5

func newShade(t *cohort.Table, on bool) shade {
	s := shade{lo: math.Inf(1), hi: math.Inf(-1), on: on}
	k := kindOf(&t.Options)
	rows := append(t.Rows[:len(t.Rows):len(t.Rows)], t.Average)
	for _, r := range rows {
		for j, c := range r.Cells {
			// Retention at age 0 is always 100%: it would wash out the rest.
			if t.Options.Metric == cohort.Customers && len(t.Ages) > 1 && t.Ages[j] == 0 {
				continue
			}
			if v := cellValue(k, c); !math.IsNaN(v) {
				s.lo, s.hi = min(s.lo, v), max(s.hi, v)
			}
		}
	}
	if k == kindRate || k == kindCount || k == kindRatio {
		s.lo = min(s.lo, 0)
	}
	return s
}

// paint returns text (already padded) on the background for v.
func (s shade) paint(text string, v float64) string {
	if !s.on || math.IsNaN(v) || !(s.lo < s.hi) {
		return text
	}
	i := int(math.Round((v - s.lo) / (s.hi - s.lo) * float64(len(shadeBg)-1)))
	i = max(0, min(len(shadeBg)-1, i))
	fg := 16 // black
	if i >= darkFrom {
		fg = 231 // white
	}
	return fmt.Sprintf("\x1b[38;5;%d;48;5;%dm%s\x1b[0m", fg, shadeBg[i], text)
}

// printable replaces control characters, so that data cannot drive the
// terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// writeCohortTerminal writes the tables for people: a title, one block per
// group, cells right-aligned with * after an unfinished one, the average
// row, and the notes.
func writeCohortTerminal(w io.Writer, groups []cohortGroup, by string, colour bool) error {
	bw := bufio.NewWriter(w)
	t0 := groups[0].table
	fmt.Fprintln(bw, cohortTitle(t0))
	for _, g := range groups {
		t := g.table
		if by != "" {
			v := g.value
			if v == "" {
				v = "(empty)"
			}
			fmt.Fprintf(bw, "\n%s = %s\n", printable(by), printable(v))
		}
		if len(t.Rows) == 0 {
			fmt.Fprintln(bw, "no cohort")
			continue
		}
		writeCohortGrid(bw, t, colour)
	}
	for _, n := range cohortNotes(t0) {
		fmt.Fprintln(bw, n)
	}
	return bw.Flush()
}

// writeCohortGrid writes one table's header, rows and average row.
func writeCohortGrid(w *bufio.Writer, t *cohort.Table, colour bool) {
	o := &t.Options
	k := kindOf(o)
	sh := newShade(t, colour)
	header := []string{"Cohort", "Customers"}
	for _, a := range t.Ages {
		header = append(header, strings.ToUpper(ageName(o.Period, a)))
	}
	type line struct {
		cells  []string
		values []float64
		marks  []bool
	}
	var lines []line
	add := func(label string, r cohort.Row) {
		l := line{cells: []string{label, groupDigits(strconv.FormatInt(r.Size, 10))}}
		for j, c := range r.Cells {
			l.cells = append(l.cells, cellText(k, c))
			l.values = append(l.values, cellValue(k, c))
			l.marks = append(l.marks, r.Incomplete && j == len(r.Cells)-1)
		}
		lines = append(lines, l)
	}
	for _, r := range t.Rows {
		add(o.Period.Label(r.Cohort), r)
	}
	add("Average", t.Average)
	width := make([]int, len(header))
	for j, h := range header {
		width[j] = len(h)
	}
	for _, l := range lines {
		for j, c := range l.cells {
			width[j] = max(width[j], len(c))
		}
	}
	var b strings.Builder
	for j, h := range header {
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
	for _, l := range lines {
		b.Reset()
		fmt.Fprintf(&b, "%-*s  %*s", width[0], l.cells[0], width[1], l.cells[1])
		for j := 2; j < len(l.cells); j++ {
			mark := " "
			if l.marks[j-2] {
				mark = "*"
			}
			b.WriteByte(' ')
			b.WriteString(sh.paint(fmt.Sprintf("%*s%s", width[j], l.cells[j], mark), l.values[j-2]))
		}
		w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
}

// cohortChart lays out a table as a heatmap: its cells with their text, the
// average row apart at the bottom, the notes in the title.
func cohortChart(t *cohort.Table) *chart.Heatmap {
	o := &t.Options
	k := kindOf(o)
	ch := &chart.Heatmap{
		Title:  cohortTitle(t) + ", as of " + dates.DayString(t.AsOf),
		XLabel: o.Period.String() + "s since the first purchase",
		YLabel: "cohort (" + o.Period.String() + " of the first purchase)",
		Legend: legendTitle(t),
		Footer: 1,
	}
	if t.Partial && !o.CompleteOnly {
		ch.XLabel += fmt.Sprintf("   (* the %s %s is unfinished)", o.Period, o.Period.Label(t.Current))
	}
	for _, a := range t.Ages {
		ch.Columns = append(ch.Columns, strings.ToUpper(ageName(o.Period, a)))
	}
	add := func(label string, r cohort.Row) {
		ch.Rows = append(ch.Rows, fmt.Sprintf("%s (%s)", label, groupDigits(strconv.FormatInt(r.Size, 10))))
		vals := make([]float64, len(r.Cells))
		texts := make([]string, len(r.Cells))
		for j, c := range r.Cells {
			vals[j] = cellValue(k, c)
			texts[j] = cellText(k, c)
			if k == kindMoney && !c.Missing() {
				texts[j] = compactMoney(c.Amount())
			}
			if r.Incomplete && j == len(r.Cells)-1 {
				texts[j] += "*"
			}
		}
		ch.Values = append(ch.Values, vals)
		ch.Texts = append(ch.Texts, texts)
	}
	for _, r := range t.Rows {
		add(o.Period.Label(r.Cohort), r)
	}
	add("average", t.Average)
	sh := newShade(t, true)
	if sh.lo < sh.hi {
		ch.Min, ch.Max = sh.lo, sh.hi
	}
	switch k {
	case kindRate:
		ch.LegendTick = func(v float64) string { return strconv.FormatFloat(100*v, 'f', -1, 64) + "%" }
	default:
		ch.LegendTick = func(v float64) string { return groupDigits(strconv.FormatFloat(v, 'f', -1, 64)) }
	}
	return ch
}

// compactMoney writes an amount in a heatmap cell: whole units from 1,000
// ("12,346"), cents below ("12.35").
func compactMoney(a money.Amount) string {
	if a >= 1000*money.Scale || a <= -1000*money.Scale {
		return groupDigits(strings.TrimSuffix(a.Round(0).String(), ".00"))
	}
	return a.Round(2).String()
}
