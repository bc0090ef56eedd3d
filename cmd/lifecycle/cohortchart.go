package main

import (
	"fmt"
	"strconv"
	"strings"

	"lifecycle/cohort"
	"lifecycle/dates"
	"lifecycle/output"
	"lifecycle/output/chart"
)

// The cohort heatmap of --plot: its cells, title and legend, laid out for
// output/chart.

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
		ch.Rows = append(ch.Rows, fmt.Sprintf("%s (%s)", label, output.Grouped(strconv.FormatInt(r.Size, 10))))
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
	if sh := cohortShade(t); sh.Lo < sh.Hi {
		ch.Min, ch.Max = sh.Lo, sh.Hi
	}
	if k == kindRate {
		ch.LegendFormat = chart.Percent
	}
	return ch
}
