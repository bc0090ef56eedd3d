package main

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"

	"lifecycle/ltv"
	"lifecycle/output"
	"lifecycle/output/chart"
	"lifecycle/output/words"
)

// The report's lifetime value section, and the ltv charts it shares with
// `ltv --holdout --plot`: the tracking curve, holdout purchases by
// calibration frequency, the frequency-recency matrices.

// reportHoldout is the holdout of the report's check, in days (26 weeks),
// made when the orders span at least twice as long.
const reportHoldout = 182

func ltvSection(r *reportRead) (*output.PageSection, error) {
	lang, h := r.lang, r.h
	o := &ltvOptions{}
	c := ltvCommand(r.s, o)
	if err := c.ParseFlags(nil); err != nil {
		return nil, err
	}
	st, err := ltvSettingsOf(o)
	if err != nil {
		return nil, err
	}
	cs, _ := ltv.SummarizeColumns(h, st.unit)
	if cs.Len() == 0 {
		return nil, nil
	}
	sec := &output.PageSection{ID: "ltv", Title: lang.Get("report.ltv.title")}
	g, err := ltv.Group(cs.Summaries)
	if err != nil {
		return nil, err
	}
	fit, spend, err := fitOrLoad(g, st, diag{w: r.d.w, quiet: true})
	if err != nil {
		// A model that cannot be fitted is said, not fatal to the page.
		sec.Notes = append(sec.Notes, lang.Get("report.ltv.no_fit", err.Error()))
		return sec, nil
	}
	for _, w := range fitWarnings(fit.Model.String(), &fit.Diagnostics, fit.Model.ParamNames(), fit.Params) {
		sec.Notes = append(sec.Notes, w.In(lang))
	}
	vals := make([]ltv.Value, cs.Len())
	clv := make([]float64, cs.Len())
	g.ProjectEach(fit, spend, st.proj, func(i int, v ltv.Value) {
		vals[i], clv[i] = v, v.CLV
	})
	for i, n := range fit.Model.ParamNames() {
		sec.Figures = append(sec.Figures, output.Figure{Label: n, Value: output.Display(output.Float, 6, fit.Params[i])})
	}
	total := 0.0
	for _, v := range clv {
		if !math.IsNaN(v) {
			total += v
		}
	}
	sec.Reading = lang.Get("report.ltv.reading", fit.Model.String(), output.Grouped(strconv.FormatFloat(math.Round(total), 'f', 0, 64)), st.horizon)
	if hist := clvHistogram(lang, clv); hist != nil {
		sec.Blocks = append(sec.Blocks, output.Block{SVG: svgOf(hist)})
	}
	// The first ten of `ltv`'s table, laid out by its own view from the
	// ten customers alone (the view of all would sort them all).
	idx := topValues(vals, 10)
	customers, values := make([]ltv.Customer, len(idx)), make([]ltv.Value, len(idx))
	for j, i := range idx {
		customers[j], values[j] = cs.Customer(i), vals[i]
	}
	top := firstRows(ltvTable(customers, values, st, h.AsOf), 10)
	sec.Blocks = append(sec.Blocks, output.Block{Title: lang.Get("report.ltv.top"), Table: top, Titles: titles(lang, top), Src: "ltv",
		Caption: lang.Get("report.source", "ltv")})
	alive, expected := frMatrices(lang, fit, cs.Summaries, st.unit)
	sec.Blocks = append(sec.Blocks, output.Block{SVG: svgOf(frequencyChart(lang, fit, cs.Summaries))},
		output.Block{SVG: svgOf(expected)}, output.Block{SVG: svgOf(alive)})
	if span := h.AsOf - h.Stats.FirstDay; span >= 2*reportHoldout {
		ho, err := ltv.Validate(h, reportHoldout, st.model, st.unit)
		if err == nil {
			sec.Blocks = append(sec.Blocks, output.Block{SVG: svgOf(trackingChart(ho, lang))},
				output.Block{SVG: svgOf(byFrequencyChart(ho, lang)), Caption: lang.Get("report.source", "ltv --holdout 26w")})
		} else {
			sec.Notes = append(sec.Notes, lang.Get("report.ltv.no_holdout", err.Error()))
		}
	}
	return sec, nil
}

// topValues returns the indices of the k customers that come first in
// the order of `ltv`'s table (ltvView.table): CLV descending, NaN last,
// then expected purchases descending, then input order; in that order.
func topValues(vals []ltv.Value, k int) []int {
	before := func(i, j int) bool {
		if a, b := descending(vals[i].CLV), descending(vals[j].CLV); a != b {
			return a < b
		}
		if a, b := descending(vals[i].Purchases), descending(vals[j].Purchases); a != b {
			return a < b
		}
		return i < j
	}
	top := make([]int, 0, k+1)
	for i := range vals {
		if len(top) == k && !before(i, top[k-1]) {
			continue
		}
		pos := sort.Search(len(top), func(p int) bool { return before(i, top[p]) })
		top = slices.Insert(top, pos, i)
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}

// clvHistogram is the distribution of the projected values: customers by
// value, in round bins up to the 99th percentile and one bin above.
func clvHistogram(lang words.Lang, clv []float64) *chart.Bars {
	vs := make([]float64, 0, len(clv))
	for _, v := range clv {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return nil
	}
	sort.Float64s(vs)
	hi := vs[min(len(vs)-1, len(vs)*99/100)]
	step := roundStep(hi / 12)
	n := int(math.Ceil(hi/step)) + 1
	counts := make([]float64, n)
	for _, v := range vs {
		counts[min(n-1, max(0, int(v/step)))]++
	}
	ch := &chart.Bars{Title: lang.Get("report.ltv.histogram"), ValueLabel: lang.Get("report.col.customers"), XLabel: lang.Get("report.ltv.histogram_x")}
	for i := range n {
		label := output.Grouped(strconv.FormatFloat(float64(i)*step, 'f', -1, 64))
		if i == n-1 {
			label = "≥" + label
		}
		ch.Categories = append(ch.Categories, label)
	}
	ch.Series = []chart.Series{{Name: lang.Get("report.col.customers"), Values: counts}}
	return ch
}

// roundStep is the round number (1, 2 or 5 times a power of ten) at or
// above x.
func roundStep(x float64) float64 {
	if !(x > 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// trackingChart draws the cumulative repeat purchases of a holdout check,
// actual and predicted, with the end of calibration marked.
func trackingChart(ho *ltv.Holdout, lang words.Lang) *chart.Lines {
	ch := &chart.Lines{Title: lang.Get("report.ltv.tracking", ho.Fit.Model.String()), XLabel: lang.Get("report.ltv.week"),
		YLabel: lang.Get("report.ltv.repeat_purchases"), MarkerName: lang.Get("report.ltv.calibration_end")}
	var actual, pred []float64
	cal := 0.0
	for i, t := range ho.Tracking {
		ch.X = append(ch.X, float64(i+1))
		actual, pred = append(actual, t.Actual), append(pred, t.Predicted)
		if t.Day <= ho.CalibrationEnd {
			cal = float64(i + 1)
		}
	}
	ch.Marker = &cal
	ch.Series = []chart.Series{{Name: lang.Get("report.ltv.actual"), Values: actual}, {Name: lang.Get("report.ltv.predicted"), Values: pred, Dashed: true}}
	return ch
}

// byFrequencyChart draws the mean holdout purchases of the customers by
// their repeat purchases in calibration, actual and predicted (as the
// lifetimes package's plot_calibration_purchases_vs_holdout_purchases).
func byFrequencyChart(ho *ltv.Holdout, lang words.Lang) *chart.Lines {
	ch := &chart.Lines{Title: lang.Get("report.ltv.by_frequency"), XLabel: lang.Get("report.ltv.calibration_x"),
		YLabel: lang.Get("report.ltv.holdout_mean")}
	var actual, pred []float64
	for _, r := range ho.ByFrequency {
		x := strconv.Itoa(r.X)
		if r.OrMore {
			x += "+"
		}
		ch.Categories = append(ch.Categories, x)
		a, p := math.NaN(), math.NaN()
		if r.Customers > 0 {
			a, p = r.Actual, r.Predicted
		}
		actual, pred = append(actual, a), append(pred, p)
	}
	ch.Series = []chart.Series{{Name: lang.Get("report.ltv.actual"), Values: actual}, {Name: lang.Get("report.ltv.predicted"), Values: pred, Dashed: true}}
	return ch
}

// frMatrices are the frequency-recency matrices of P(alive) and of the
// purchases expected in the next 52 weeks (or 364 days): rows are repeat
// purchases x (most at the top), columns the time of the last purchase
// t_x, for a customer whose first purchase was the longest ago (T the
// largest of the customers').
func frMatrices(lang words.Lang, fit *ltv.Fit, cs []ltv.Summary, unit ltv.Unit) (alive, expected *chart.Heatmap) {
	maxX, maxT := 0, 0.0
	xs := make([]int, 0, len(cs))
	for _, s := range cs {
		xs = append(xs, s.X)
		maxT = max(maxT, s.T)
	}
	sort.Ints(xs)
	if len(xs) > 0 {
		maxX = max(1, xs[len(xs)*99/100])
	}
	maxX = min(maxX, 20)
	const cols = 10
	horizon := 52.0
	unitWord := lang.Get("report.unit.week")
	if unit == ltv.Day {
		horizon, unitWord = 364, lang.Get("report.unit.day")
	}
	mk := func(title, legend string, f func(s ltv.Summary) float64, pct bool) *chart.Heatmap {
		ch := &chart.Heatmap{Title: title, XLabel: lang.Get("report.ltv.fr_x", unitWord), YLabel: lang.Get("report.ltv.fr_y"), Legend: legend}
		if pct {
			ch.LegendFormat = chart.Percent
			ch.Min, ch.Max = 0, 1
		}
		for j := range cols + 1 {
			ch.Columns = append(ch.Columns, strconv.FormatFloat(math.Round(maxT*float64(j)/cols), 'f', -1, 64))
		}
		for x := maxX; x >= 0; x-- {
			ch.Rows = append(ch.Rows, strconv.Itoa(x))
			vals := make([]float64, cols+1)
			texts := make([]string, cols+1)
			for j := range vals {
				tx := maxT * float64(j) / cols
				if x == 0 && j > 0 {
					vals[j] = math.NaN() // t_x is 0 without a repeat purchase
					continue
				}
				vals[j] = f(ltv.Summary{X: x, Tx: tx, T: maxT})
				if pct {
					texts[j] = fmt.Sprintf("%.0f%%", 100*vals[j])
				} else {
					texts[j] = strconv.FormatFloat(vals[j], 'f', 1, 64)
				}
			}
			ch.Values = append(ch.Values, vals)
			ch.Texts = append(ch.Texts, texts)
		}
		return ch
	}
	alive = mk(lang.Get("report.ltv.palive"), "P(alive)", fit.PAlive, true)
	expected = mk(lang.Get("report.ltv.expected", horizon, unitWord), lang.Get("report.ltv.purchases"),
		func(s ltv.Summary) float64 { return fit.Expected(s, horizon) }, false)
	return alive, expected
}
