package main

import (
	"math"
	"strconv"
	"strings"

	"lifecycle/cohort"
	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/output"
	"lifecycle/output/words"
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
			return output.Grouped(strconv.FormatInt(c.Num, 10))
		}
		return output.Grouped(strconv.FormatFloat(c.Float(), 'f', 1, 64))
	case kindRatio:
		return strconv.FormatFloat(c.Float(), 'f', 2, 64)
	}
	return c.Amount().Grouped()
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
func cohortNotes(t *cohort.Table, lang words.Lang) []string {
	o := &t.Options
	p := lang.Get(words.Key("cohort.period." + o.Period.String()))
	var notes []string
	if t.Partial && !o.CompleteOnly {
		notes = append(notes, lang.Get("cohort.unfinished", p, o.Period.Label(t.Current), dates.DayString(t.AsOf)))
	} else {
		notes = append(notes, lang.Get("cohort.as_of", dates.DayString(t.AsOf)))
	}
	if o.PerCustomer {
		return append(notes, lang.Get("cohort.average_size"))
	}
	return append(notes, lang.Get("cohort.average_mean"))
}

// cohortPageTitle is the title of the terminal page in lang (the chart's
// is cohortTitle).
func cohortPageTitle(t *cohort.Table, lang words.Lang) string {
	o := &t.Options
	key := "cohort.title." + o.Metric.String()
	if o.PerCustomer {
		key += ".per"
	}
	return lang.Get(words.Key(key), lang.Get(words.Key("cohort.period."+o.Period.String())))
}

// cohortShade returns the range of a table's shading, on the terminal and
// in the heatmap: its cells' values, the average row's too, counts and
// rates from 0. Retention at age 0 is always 100% and takes no part (it
// would wash out the rest).
func cohortShade(t *cohort.Table) output.Shade {
	s := output.Shade{Lo: math.Inf(1), Hi: math.Inf(-1)}
	k := kindOf(&t.Options)
	rows := append(t.Rows[:len(t.Rows):len(t.Rows)], t.Average)
	for _, r := range rows {
		for j, c := range r.Cells {
			if t.Options.Metric == cohort.Customers && len(t.Ages) > 1 && t.Ages[j] == 0 {
				continue
			}
			if v := cellValue(k, c); !math.IsNaN(v) {
				s.Lo, s.Hi = min(s.Lo, v), max(s.Hi, v)
			}
		}
	}
	if k == kindRate || k == kindCount || k == kindRatio {
		s.Lo = min(s.Lo, 0)
	}
	return s
}

// cohortPage lays out the tables for people: a title, one grid per group
// (headed "by = value" when split by --by), cells with * after an
// unfinished one, the average row, and the notes.
func cohortPage(groups []cohortGroup, by string, lang words.Lang) *output.GridPage {
	t0 := groups[0].table
	p := &output.GridPage{Title: cohortPageTitle(t0, lang), Notes: cohortNotes(t0, lang)}
	for _, g := range groups {
		b := output.GridBlock{Empty: lang.Get("cohort.none")}
		if by != "" {
			v := g.value
			if v == "" {
				v = lang.Get("cohort.empty")
			}
			b.Heading = by + " = " + v
		}
		if len(g.table.Rows) > 0 {
			b.Grid = cohortGrid(g.table, lang)
		}
		p.Blocks = append(p.Blocks, b)
	}
	return p
}

// cohortGrid lays out one table's header, rows and average row.
func cohortGrid(t *cohort.Table, lang words.Lang) *output.Grid {
	o := &t.Options
	k := kindOf(o)
	g := &output.Grid{Header: []string{lang.Get("column.cohort"), lang.Get("column.customers")}, Shade: cohortShade(t)}
	for _, a := range t.Ages {
		g.Header = append(g.Header, strings.ToUpper(ageName(o.Period, a)))
	}
	add := func(label string, r cohort.Row) {
		gr := output.GridRow{Label: label, Count: output.Grouped(strconv.FormatInt(r.Size, 10))}
		for j, c := range r.Cells {
			gr.Cells = append(gr.Cells, output.GridCell{Text: cellText(k, c), Value: cellValue(k, c),
				Mark: r.Incomplete && j == len(r.Cells)-1})
		}
		g.Rows = append(g.Rows, gr)
	}
	for _, r := range t.Rows {
		add(o.Period.Label(r.Cohort), r)
	}
	add(lang.Get("cohort.average"), t.Average)
	return g
}

// compactMoney writes an amount in a heatmap cell: whole units from 1,000
// ("12,346"), cents below ("12.35").
func compactMoney(a money.Amount) string {
	if a >= 1000*money.Scale || a <= -1000*money.Scale {
		return output.Grouped(strings.TrimSuffix(a.Round(0).String(), ".00"))
	}
	return a.Round(2).String()
}
