package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"lifecycle/cohort"
	"lifecycle/dates"
	"lifecycle/output"
	"lifecycle/output/chart"
	"lifecycle/rfm"
)

// The report's cohort and RFM sections: each runs its command's analysis
// with the command's own flags and defaults (cohortCommand, rfmCommand),
// on the shared histories.

// reportCohorts are the monthly cohorts the report shows: the last 24.
const reportCohorts = 24

// cohortTable computes the cohort table of the command line args.
func (r *reportRead) cohortTable(args ...string) (*cohort.Table, error) {
	o := &cohortOptions{}
	c := cohortCommand(r.s, o)
	if err := c.ParseFlags(args); err != nil {
		return nil, err
	}
	st, err := cohortSettingsOf(c, o)
	if err != nil {
		return nil, err
	}
	return cohort.Compute(r.h.Customers, r.h.AsOf, st.opt)
}

func cohortSection(r *reportRead) (*output.PageSection, error) {
	lang := r.lang
	from := dates.MonthString(dates.MonthIndex(r.h.AsOf) - reportCohorts + 1)
	ret, err := r.cohortTable("--from", from)
	if errors.Is(err, cohort.ErrTooLarge) || err == nil && len(ret.Rows) == 0 {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	value, err := r.cohortTable("--from", from, "--metric", "ltv")
	if err != nil {
		return nil, err
	}
	sec := &output.PageSection{ID: "cohorts", Title: lang.Get("report.cohort.title")}
	ch := cohortChart(ret)
	ch.Title = lang.Get("report.cohort.retention")
	ch.XLabel = lang.Get("report.cohort.x")
	if ret.Partial {
		ch.XLabel += " " + lang.Get("report.cohort.unfinished", ret.Options.Period.Label(ret.Current))
	}
	ch.YLabel = lang.Get("report.cohort.y")
	ch.Legend = lang.Get("report.cohort.legend")
	ch.Rows[len(ch.Rows)-1] = lang.Get("report.cohort.average") + " (" + output.Grouped(strconv.FormatInt(ret.Average.Size, 10)) + ")"
	sec.Blocks = append(sec.Blocks, output.Block{SVG: svgOf(ch), Caption: lang.Get("report.source", "cohort --from "+from)})
	// Cumulative net revenue per customer by age: the latest cohorts and
	// the average, dashed.
	k := kindOf(&value.Options)
	lines := &chart.Lines{Title: lang.Get("report.cohort.value"), XLabel: lang.Get("report.cohort.x"), YLabel: lang.Get("report.cohort.value_y")}
	for _, a := range value.Ages {
		lines.X = append(lines.X, float64(a))
	}
	rows := value.Rows
	if len(rows) > 8 {
		rows = rows[len(rows)-8:]
	}
	add := func(name string, row cohort.Row, dashed bool) {
		vs := make([]float64, len(value.Ages))
		for i := range vs {
			vs[i] = math.NaN()
			if i < len(row.Cells) && !(row.Incomplete && i == len(row.Cells)-1) {
				vs[i] = cellValue(k, row.Cells[i])
			}
		}
		lines.Series = append(lines.Series, chart.Series{Name: name, Values: vs, Dashed: dashed})
	}
	for _, row := range rows {
		add(value.Options.Period.Label(row.Cohort), row, false)
	}
	add(lang.Get("report.cohort.average"), value.Average, true)
	sec.Blocks = append(sec.Blocks, output.Block{SVG: svgOf(lines), Caption: lang.Get("report.source", "cohort --metric ltv --from "+from)})
	// The reading: the average share buying in the month after the first.
	if len(ret.Average.Cells) > 1 {
		sec.Reading = lang.Get("report.cohort.reading", fmt.Sprintf("%.1f%%", 100*cellValue(kindOf(&ret.Options), ret.Average.Cells[1])))
	} else {
		sec.Reading = lang.Get("report.cohort.reading_one")
	}
	return sec, nil
}

func rfmSection(r *reportRead) (*output.PageSection, error) {
	lang := r.lang
	o := &rfmOptions{}
	c := rfmCommand(r.s, o)
	args := []string{"--by", "segment", "--lang", lang.String()}
	if r.h.Stats.NoAmount {
		args = append(args, "--scheme", "rf")
	}
	if err := c.ParseFlags(args); err != nil {
		return nil, err
	}
	st, err := rfmSettingsOf(c, o)
	if err != nil {
		return nil, err
	}
	res, err := rfm.Compute(r.h, st.opt)
	if err != nil {
		return nil, err
	}
	if res.Customers.Len() == 0 {
		return nil, nil
	}
	sec := &output.PageSection{ID: "rfm", Title: lang.Get("report.rfm.title")}
	t := segmentTable(res, lang)
	var cats []string
	var custShare, netShare []float64
	best := -1
	for i, row := range t.Rows {
		cats = append(cats, row[0].(string))
		cs, ns := row[2].(float64), row[4].(float64)
		custShare, netShare = append(custShare, cs), append(netShare, ns)
		if best < 0 || ns > netShare[best] {
			best = i
		}
	}
	if best >= 0 {
		sec.Reading = lang.Get("report.rfm.reading", cats[best], fmt.Sprintf("%.1f%%", 100*custShare[best]), fmt.Sprintf("%.1f%%", 100*netShare[best]))
	}
	sec.Blocks = append(sec.Blocks, output.Block{SVG: svgOf(&chart.Bars{Title: lang.Get("report.rfm.bars"), Horizontal: true,
		Categories: cats, Format: chart.Percent, Series: []chart.Series{
			{Name: lang.Get("report.col.customer_share"), Values: custShare},
			{Name: lang.Get("report.col.revenue_share"), Values: netShare}}})})
	// The R x F grid: customers by recency score (rows, recent first) and
	// frequency score.
	bins := res.Bins
	grid := &chart.Heatmap{Title: lang.Get("report.rfm.grid"), XLabel: lang.Get("report.rfm.grid_x"), YLabel: lang.Get("report.rfm.grid_y"),
		Legend: lang.Get("report.col.customers")}
	counts := make([][]float64, bins)
	for i := range counts {
		counts[i] = make([]float64, bins)
	}
	for _, cu := range res.Customers.All() {
		if cu.R >= 1 && int(cu.R) <= bins && cu.F >= 1 && int(cu.F) <= bins {
			counts[bins-int(cu.R)][cu.F-1]++
		}
	}
	for f := 1; f <= bins; f++ {
		grid.Columns = append(grid.Columns, "F"+strconv.Itoa(f))
	}
	for i := range bins {
		grid.Rows = append(grid.Rows, "R"+strconv.Itoa(bins-i))
		texts := make([]string, bins)
		for j, v := range counts[i] {
			texts[j] = output.Grouped(strconv.FormatFloat(v, 'f', 0, 64))
		}
		grid.Texts = append(grid.Texts, texts)
	}
	grid.Values = counts
	sec.Blocks = append(sec.Blocks, output.Block{SVG: svgOf(grid)})
	view := &output.Table{Columns: t.Columns, Rows: t.Rows}
	sec.Blocks = append(sec.Blocks, output.Block{Title: lang.Get("report.rfm.table"), Table: view, Titles: titles(lang, view),
		Src: "rfm " + joinArgs(args), Caption: lang.Get("report.source", "rfm "+joinArgs(args))})
	return sec, nil
}

// joinArgs writes a command line's flags.
func joinArgs(args []string) string {
	s := ""
	for i, a := range args {
		if i > 0 {
			s += " "
		}
		s += a
	}
	return s
}
