package main

import (
	"strings"

	"github.com/spf13/pflag"

	"lifecycle/ltv"
	"lifecycle/money"
	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/words"
)

// The value an analysis scores: revenue, or with --value margin (summary,
// rfm and ltv) margin, revenue less the cost of a cost column (--cost, or
// found by its header; see orders/cost.go). Every output of a read with a
// cost column says which: a line on standard error, "value" in the meta
// of JSON, Parquet and xlsx outputs, and with margin a note under the
// table (or beside the report's title); column and key names stay
// (monetary, net_revenue), the meta and the notes say margin.

// registerValue adds --value to the commands that score a value.
func (f *inputFlags) registerValue(fs *pflag.FlagSet) {
	fs.StringVar(&f.value, "value", "revenue", "the value of an order: revenue, or margin (revenue less cost: needs a cost column, see --cost)")
}

// margin reads --value: whether the values are margins.
func (f *inputFlags) margin() (bool, error) {
	if f.value == "" {
		return false, nil // a command without --value
	}
	return choose("value", f.value, means("revenue", false), means("margin", true))
}

// valueName is the value the histories hold, as the meta writes it.
func valueName(st *orders.Stats) string {
	if st.Margin {
		return "margin"
	}
	return "revenue"
}

// reportValue says on standard error what the cost column gave: the
// revenue, cost and margin of all rows read, and the rows without a cost.
// A read without a cost column says nothing (its values are revenue, as
// ever).
func reportValue(d diag, st *orders.Stats) {
	if !st.Costed {
		return
	}
	col := costColumn(st, d.lang)
	margin := "-"
	if m, ok := marginRead(st); ok {
		margin = m.Grouped()
	}
	if st.Margin {
		d.say("value.margin_line", col, st.Revenue.Grouped(), st.Cost.Grouped(), margin)
	} else {
		d.say("value.cost_line", col, st.Revenue.Grouped(), st.Cost.Grouped(), margin)
	}
	if st.NoCost > 0 {
		d.say("value.no_cost_line", st.NoCost)
	}
}

// marginRead is the margin of all rows read, Revenue - Cost, and whether
// it is an Amount: with margins it is Total; with revenues, whose read
// bounds the amounts but not the costs, it may be beyond one.
func marginRead(st *orders.Stats) (money.Amount, bool) {
	if st.Margin {
		return st.Total, true
	}
	return money.Add(st.Revenue, -st.Cost)
}

// costColumn names the cost column of the first file that has one by
// its header, in lang.
func costColumn(st *orders.Stats, lang words.Lang) string {
	for _, f := range st.Files {
		if n := f.Names[orders.ColCost]; n != "" {
			return lang.Get("value.column", n)
		}
	}
	return lang.Get("value.given_column")
}

// marginSpendNote says, with margins and a fitted model, how many repeat
// buyers have a mean repeat margin of zero or less: the Gamma-Gamma spend
// model, which needs positive values, leaves them out of its fit and
// gives them the population's mean.
func marginSpendNote(d diag, cs []ltv.Summary, on bool) {
	if !on {
		return
	}
	n := 0
	for _, c := range cs {
		if c.X > 0 && c.Spend <= 0 {
			n++
		}
	}
	if n > 0 {
		d.say("value.spend_note", n)
	}
}

// valueMeta adds "value" to the meta of a read with a cost column.
func valueMeta(m *output.Object, st *orders.Stats) {
	if st.Costed {
		m.Add("value", valueName(st))
	}
}

// valueCaption notes under a table that its values are margins (and
// calls its net value net margin).
func valueCaption(caption string) string {
	note := words.English.Get("value.caption")
	if caption == "" {
		return note
	}
	return marginWords(caption, true) + "; " + note
}

// marginWords calls net revenue net margin in a line about values that
// are margins.
func marginWords(s string, margin bool) string {
	if !margin {
		return s
	}
	return strings.ReplaceAll(s, "net revenue", "net margin")
}

// valueTitle notes in a report's title that its values are margins.
func valueTitle(title string) string {
	return title + " (" + words.English.Get("value.title") + ")"
}

// valueSummary makes a summary report say which value it sums: with a
// cost column, the value, and the revenue, cost and margin of all rows
// read; with margin, the labels of the figures that are margins (their
// keys stay).
func valueSummary(r *output.Report, st *orders.Stats) {
	if !st.Costed {
		return
	}
	en := words.English // until the command takes --lang
	for i := range r.Sections {
		sec := &r.Sections[i]
		if sec.Key == "input" {
			note := en.Get("value.note_revenue")
			if st.Margin {
				note = en.Get("value.note_margin")
			}
			var margin any // beyond an Amount: missing
			if m, ok := marginRead(st); ok {
				margin = m
			}
			items := []output.Item{
				{Key: "value", Label: en.Get("value.value"), Value: valueName(st), Note: note},
				{Key: "revenue_read", Label: en.Get("value.revenue_read"), Value: st.Revenue},
				{Key: "cost_read", Label: en.Get("value.cost_read"), Value: st.Cost},
				{Key: "margin_read", Label: en.Get("value.margin_read"), Value: margin},
				{Key: "rows_without_cost", Label: en.Get("value.rows_without_cost"), Value: st.NoCost, Note: en.Get("value.cost_zero")},
			}
			sec.Items = append(sec.Items, items...)
		}
		if !st.Margin {
			continue
		}
		for j := range sec.Items {
			it := &sec.Items[j]
			switch it.Key {
			case "input_total":
				it.Label = en.Get("value.input_total")
			case "gross_revenue":
				it.Label = en.Get("value.gross")
			case "returns_value":
				it.Label = en.Get("value.returns")
			case "net_revenue":
				it.Label = en.Get("value.net")
			case "average_order_value":
				it.Label, it.Note = en.Get("value.average"), en.Get("value.average_note")
			}
		}
		switch sec.Key {
		case "customers":
			sec.Title = en.Get("value.section")
		case "concentration":
			sec.Title = en.Get("value.concentration")
			for k := range sec.Table.Columns {
				switch c := &sec.Table.Columns[k]; c.Name {
				case "net_revenue":
					c.Title = en.Get("value.net")
				case "share":
					c.Title = en.Get("value.share")
				}
			}
		}
	}
}
