package main

import (
	"fmt"
	"strconv"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/chart"
	"lifecycle/output/words"
	"lifecycle/summary"
)

// The report's sections from the read and the summary: what was read, the
// headline figures, new and returning customers per month.

// itemFigure makes a figure of a summary report's item: its value as the
// terminal writes it, its source the JSON path of `summary --format json`
// (with --as-of when given).
func itemFigure(lang words.Lang, rep *output.Report, section, key, asOf string) output.Figure {
	for _, s := range rep.Sections {
		if s.Key != section {
			continue
		}
		for _, it := range s.Items {
			if it.Key == key {
				src := "summary"
				if asOf != "" {
					src += " --as-of " + asOf
				}
				return output.Figure{Label: lang.Get(words.Key("report.fig." + key)),
					Value: output.ItemText(it), Src: src + " :" + section + "." + key}
			}
		}
	}
	return output.Figure{Label: key, Value: "-"}
}

// inputSection says what was read: files, rows, what was skipped and why,
// currency, as-of and the assumptions of the read.
func inputSection(r *reportRead) (*output.PageSection, error) {
	lang, h := r.lang, r.h
	st := &h.Stats
	rep := summaryReport(h, r.sm)
	sec := &output.PageSection{ID: "input", Title: lang.Get("report.input.title")}
	skipped := st.SkippedRows()
	share := 0.0
	if st.Rows > 0 {
		share = float64(skipped) / float64(st.Rows)
	}
	sec.Reading = lang.Get("report.input.reading", output.Grouped(strconv.FormatInt(st.Rows, 10)), len(st.Files),
		output.Grouped(strconv.FormatInt(skipped, 10)), fmt.Sprintf("%.2f%%", 100*share))
	for _, k := range []string{"rows", "rows_skipped"} {
		sec.Figures = append(sec.Figures, itemFigure(lang, rep, "input", k, ""))
	}
	for _, k := range []string{"first_order", "last_order", "as_of", "time_zone"} {
		sec.Figures = append(sec.Figures, itemFigure(lang, rep, "period", k, ""))
	}
	if st.Currency != "" {
		sec.Figures = append(sec.Figures, itemFigure(lang, rep, "input", "currency", ""))
	}
	reasons := &output.Table{Columns: []output.Column{{Name: "reason"}, {Name: "rows", Kind: output.Int}}}
	for _, rs := range orders.Reasons() {
		if n := st.Skipped[rs]; n > 0 {
			reasons.Rows = append(reasons.Rows, []any{lang.Get(words.Key("report.reason." + rs.Key())), n})
		}
	}
	if len(reasons.Rows) > 0 {
		sec.Blocks = append(sec.Blocks, output.Block{Title: lang.Get("report.input.skipped"), Table: reasons, Titles: titles(lang, reasons)})
	}
	sec.Notes = append(sec.Notes, lang.Get("report.input.revenue"))
	if st.AsOfDefaulted {
		sec.Notes = append(sec.Notes, lang.Get("report.input.as_of_defaulted", dates.DayString(h.AsOf)))
	}
	if st.Duplicates > 0 {
		sec.Notes = append(sec.Notes, lang.Get("report.input.duplicates", st.Duplicates))
	}
	if st.NoAmount {
		sec.Notes = append(sec.Notes, lang.Get("report.input.no_amount"))
	}
	if st.CancelledOrders > 0 {
		sec.Notes = append(sec.Notes, lang.Get("report.input.cancelled", st.CancelledOrders))
	}
	return sec, nil
}

// headlineSection gives the figures of the last window against the one
// before: each is a summary figure at the as-of date, or the difference of
// two (`summary --as-of` at the window's ends).
func headlineSection(r *reportRead) (*output.PageSection, error) {
	lang, h, w := r.lang, r.h, r.window
	ends := []int32{h.AsOf, h.AsOf - w, h.AsOf - 2*w}
	// The totals at the window's start and the one before it are those of
	// `summary --as-of` there, counted in one pass for both.
	at := summary.TotalsAt(h, ends[1], ends[2])
	sms := []summary.Totals{r.sm.Totals(), at[0], at[1]}
	day := func(i int) string { return dates.DayString(ends[i]) }
	sec := &output.PageSection{ID: "headline", Title: lang.Get("report.headline.title", w)}
	// A difference's source: `summary` less `summary --as-of` the window's
	// start, or `summary` alone when no order was made by then.
	diffSrc := func(key string) string {
		if sms[1].Customers+sms[1].ReturnsOnlyCustomers == 0 {
			return "summary :" + srcOf(key)
		}
		return "summary :" + srcOf(key) + " - summary --as-of " + day(1) + " :" + srcOf(key)
	}
	diff := func(key string, f func(summary.Totals) int64) output.Figure {
		cur, prev := f(sms[0])-f(sms[1]), f(sms[1])-f(sms[2])
		return output.Figure{Label: lang.Get(words.Key("report.fig." + key)), Value: output.Grouped(strconv.FormatInt(cur, 10)),
			Change: change(lang, float64(cur), float64(prev)), Previous: lang.Get("report.previous", output.Grouped(strconv.FormatInt(prev, 10))),
			Src: diffSrc(key)}
	}
	amount := func(key string, f func(summary.Totals) money.Amount) output.Figure {
		cur, prev := f(sms[0])-f(sms[1]), f(sms[1])-f(sms[2])
		return output.Figure{Label: lang.Get(words.Key("report.fig.window_" + key)), Value: cur.Grouped(),
			Change: change(lang, float64(cur), float64(prev)), Previous: lang.Get("report.previous", prev.Grouped()),
			Src: diffSrc(key)}
	}
	active := summary.Active(h, ends[1], ends[0])
	activePrev := summary.Active(h, ends[2], ends[1])
	cust := output.Figure{Label: lang.Get("report.fig.customers"), Value: output.Grouped(strconv.FormatInt(sms[0].Customers, 10)),
		Change:   change(lang, float64(sms[0].Customers), float64(sms[1].Customers)),
		Previous: lang.Get("report.previous", output.Grouped(strconv.FormatInt(sms[1].Customers, 10))), Src: "summary :customers.customers"}
	act := output.Figure{Label: lang.Get("report.fig.active", w), Value: output.Grouped(strconv.FormatInt(active, 10)),
		Change: change(lang, float64(active), float64(activePrev)), Previous: lang.Get("report.previous", output.Grouped(strconv.FormatInt(activePrev, 10)))}
	newc := diff("new_customers", func(s summary.Totals) int64 { return s.Customers })
	ords := diff("window_orders", func(s summary.Totals) int64 { return s.Purchases })
	net := amount("net_revenue", summary.Totals.Net)
	rr := output.Figure{Label: lang.Get("report.fig.repeat_rate"), Value: fmt.Sprintf("%.2f%%", 100*sms[0].RepeatRate()),
		Change:   lang.Get("report.points", fmt.Sprintf("%+.2f", 100*(sms[0].RepeatRate()-sms[1].RepeatRate()))),
		Previous: lang.Get("report.previous", fmt.Sprintf("%.2f%%", 100*sms[1].RepeatRate())), Src: "summary :repeat.repeat_rate"}
	aov := output.Figure{Label: lang.Get("report.fig.average_order_value"), Value: sms[0].AvgOrderValue().Grouped(),
		Change:   change(lang, float64(sms[0].AvgOrderValue()), float64(sms[1].AvgOrderValue())),
		Previous: lang.Get("report.previous", sms[1].AvgOrderValue().Grouped()), Src: "summary :customers.average_order_value"}
	sec.Figures = []output.Figure{cust, act, newc, ords, net, rr, aov}
	for _, c := range r.sm.Concentration {
		sec.Figures = append(sec.Figures, output.Figure{Label: lang.Get("report.fig.top_share", fmt.Sprintf("%g%%", 100*c.Top)),
			Value: fmt.Sprintf("%.2f%%", 100*c.Share), Src: fmt.Sprintf("summary :concentration.top[%g].share", c.Top)})
	}
	sec.Notes = append(sec.Notes, lang.Get("report.headline.window", day(1), day(0), day(2), day(1)))
	top10 := 0.0
	if len(r.sm.Concentration) > 1 {
		top10 = r.sm.Concentration[1].Share
	}
	sec.Reading = lang.Get("report.headline.reading", output.Grouped(strconv.FormatInt(active, 10)), w,
		newc.Value, "10%", fmt.Sprintf("%.0f%%", 100*top10))
	pareto := summary.Pareto(h)
	ch := &chart.Lines{Title: lang.Get("report.pareto.title"), XLabel: lang.Get("report.pareto.x"), YLabel: lang.Get("report.pareto.y"),
		YFormat: chart.Percent, XFormat: chart.Number}
	ch.X = make([]float64, len(pareto))
	for i := range pareto {
		ch.X[i] = float64(i)
	}
	ch.Series = []chart.Series{{Name: lang.Get("report.pareto.series"), Values: pareto}}
	sec.Blocks = append(sec.Blocks, output.Block{SVG: svgOf(ch)})
	return sec, nil
}

// srcOf is the JSON path in `summary --format json` of a headline key.
func srcOf(key string) string {
	switch key {
	case "new_customers":
		return "customers.customers"
	case "window_orders":
		return "customers.orders"
	}
	return "customers." + key
}

// monthlySection shows new and returning customers and their net revenue
// per month, for the last 24 months.
func monthlySection(r *reportRead) (*output.PageSection, error) {
	lang := r.lang
	ms := summary.Monthly(r.h, 24)
	if len(ms) == 0 {
		return nil, nil
	}
	sec := &output.PageSection{ID: "monthly", Title: lang.Get("report.monthly.title")}
	var cats []string
	var nw, rt, nwNet, rtNet []float64
	t := &output.Table{Columns: []output.Column{{Name: "month"}, {Name: "new_customers", Kind: output.Int},
		{Name: "returning_customers", Kind: output.Int}, {Name: "new_net_revenue", Kind: output.Money}, {Name: "returning_net_revenue", Kind: output.Money}}}
	for _, m := range ms {
		label := m.Month
		if m.Partial {
			label += "*"
		}
		cats = append(cats, label)
		nw, rt = append(nw, float64(m.New)), append(rt, float64(m.Returning))
		nwNet, rtNet = append(nwNet, m.NewNet.Float64()), append(rtNet, m.ReturningNet.Float64())
		t.Rows = append(t.Rows, []any{label, m.New, m.Returning, m.NewNet, m.ReturningNet})
	}
	last := ms[len(ms)-1]
	share := 0.0
	if tot := last.NewNet + last.ReturningNet; tot != 0 {
		share = float64(last.ReturningNet) / float64(tot)
	}
	sec.Reading = lang.Get("report.monthly.reading", last.Month, output.Grouped(strconv.FormatInt(last.New, 10)),
		output.Grouped(strconv.FormatInt(last.Returning, 10)), fmt.Sprintf("%.0f%%", 100*share))
	newName, retName := lang.Get("report.monthly.new"), lang.Get("report.monthly.returning")
	sec.Blocks = append(sec.Blocks,
		output.Block{SVG: svgOf(&chart.Bars{Title: lang.Get("report.monthly.customers"), Categories: cats,
			Series: []chart.Series{{Name: newName, Values: nw}, {Name: retName, Values: rt}}})},
		output.Block{SVG: svgOf(&chart.Bars{Title: lang.Get("report.monthly.revenue"), Categories: cats,
			Series: []chart.Series{{Name: newName, Values: nwNet}, {Name: retName, Values: rtNet}}})},
		output.Block{Table: t, Titles: titles(lang, t)})
	if last.Partial {
		sec.Notes = append(sec.Notes, lang.Get("report.monthly.partial", last.Month))
	}
	return sec, nil
}
