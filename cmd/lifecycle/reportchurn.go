package main

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	"lifecycle/churn"
	"lifecycle/output"
	"lifecycle/output/chart"
	"lifecycle/output/words"
)

// The report's churn section: the customers at risk, ranked as `churn`
// ranks them, and the rules' backtest as `churn --backtest 90d` scores it.

// reportAtRisk is the number of customers at risk the report lists.
const reportAtRisk = 15

// churnSettings returns the settings of the churn command line args.
func (r *reportRead) churnSettings(args ...string) (churnSettings, error) {
	o := &churnOptions{thresholds: churn.Thresholds{}}
	c := churnCommand(r.s, o)
	if err := c.ParseFlags(args); err != nil {
		return churnSettings{}, err
	}
	return churnSettingsOf(c, o)
}

func churnSection(r *reportRead) (*output.PageSection, error) {
	lang, h := r.lang, r.h
	st, err := r.churnSettings()
	if err != nil {
		return nil, err
	}
	if len(st.set.Attributes()) > 0 {
		return nil, nil // the default rules use no attribute; the report reads none
	}
	res, err := churn.Compute(h, st.set, churn.Options{Value: st.value})
	if err != nil {
		return nil, err
	}
	if res.Customers.Len() == 0 {
		return nil, nil
	}
	sec := &output.PageSection{ID: "churn", Title: lang.Get("report.churn.title")}
	var cats []string
	var counts []float64
	flagged := 0
	for _, g := range res.ByLevel()[:len(churn.Levels)] {
		cats = append(cats, lang.Get(words.Key("report.level."+g.Name)))
		counts = append(counts, float64(g.Customers))
		flagged += g.Customers
	}
	sec.Reading = lang.Get("report.churn.reading", output.Grouped(strconv.Itoa(flagged)), output.Grouped(strconv.Itoa(res.Customers.Len())))
	sec.Blocks = append(sec.Blocks, output.Block{SVG: svgOf(&chart.Bars{Title: lang.Get("report.churn.levels"), Horizontal: true,
		Categories: cats, Series: []chart.Series{{Name: lang.Get("report.col.customers"), Values: counts}}})})
	// The tables' words are in lang, as the commands give them with
	// --lang (their sources say so, for the figures' check).
	src := "churn" + langArg(lang)
	top := firstRows(churnCustomerTableIn(atRisk(res, reportAtRisk), false, false, lang, nil), reportAtRisk)
	sec.Blocks = append(sec.Blocks, output.Block{Title: lang.Get("report.churn.at_risk", reportAtRisk), Table: top, Titles: titles(lang, top),
		Src: src, Caption: lang.Get("report.source", src)})
	const horizon = 90
	if h.AsOf-h.Stats.FirstDay < 2*horizon {
		return sec, nil
	}
	bst, err := r.churnSettings("--backtest", fmt.Sprintf("%dd", horizon))
	if err != nil {
		return nil, err
	}
	bt, err := churn.Backtest(h, bst.set, churn.BacktestOptions{Horizon: bst.horizon, Value: bst.value, Compare: bst.compare})
	if err != nil {
		sec.Notes = append(sec.Notes, err.Error())
		return sec, nil
	}
	t := backtestTableIn(bt, lang)
	src = "churn --backtest 90d" + langArg(lang)
	sec.Blocks = append(sec.Blocks, output.Block{Title: lang.Get("report.churn.backtest", horizon), Table: t, Titles: titles(lang, t),
		Src: src, Caption: lang.Get("report.source", src)})
	return sec, nil
}

// atRisk returns res with only the k warned customers that come first in
// `churn`'s view: level, most urgent first, then value at risk, largest
// first, then id (as package vieworder orders ids: bytes, then length).
// Its view of them is the first k rows of the view of all, without
// sorting all.
func atRisk(res *churn.Result, k int) *churn.Result {
	before := func(a, b *churn.Customer) bool {
		if a.Level != b.Level {
			return a.Level > b.Level
		}
		if a.Value != b.Value {
			return a.Value > b.Value
		}
		return a.ID < b.ID
	}
	top := make([]churn.Customer, 0, k+1)
	for _, c := range res.Customers.All() {
		if c.Level == churn.None || len(top) == k && !before(c, &top[k-1]) {
			continue
		}
		pos := sort.Search(len(top), func(p int) bool { return before(c, &top[p]) })
		top = slices.Insert(top, pos, *c)
		if len(top) > k {
			top = top[:k]
		}
	}
	out := *res
	out.Customers = churn.CustomersOf(top)
	return &out
}

// langArg is " --lang zh" for a command line in Chinese, "" in English
// (the default).
func langArg(lang words.Lang) string {
	if lang == words.English {
		return ""
	}
	return " --lang " + lang.String()
}
