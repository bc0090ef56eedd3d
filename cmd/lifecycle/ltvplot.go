package main

import (
	"strconv"

	"lifecycle/ltv"
	"lifecycle/msg"
	"lifecycle/output"
	"lifecycle/output/chart"
	"lifecycle/output/words"
)

// ltv --plot: the fitted model's diagnostic charts in one image, the
// same drawings as the report's: without --holdout, the frequency
// histogram of the customers against the model's and the
// frequency-recency matrices; with it, the tracking curve and the holdout
// purchases by calibration frequency (see ltvholdout.go).

// simulationSeed seeds the model's simulated customers.
const simulationSeed = 1

// frequencyChart sets the customers' repeat purchases against those of
// customers simulated from the fitted model at the same ages (as lifetimes'
// plot_period_transactions): counts of 0 to 6 and 7 or more.
func frequencyChart(lang words.Lang, fit *ltv.Fit, cs []ltv.Summary) *chart.Bars {
	const top = 7
	ages := make([]float64, len(cs))
	actual := make([]float64, top+1)
	for i, s := range cs {
		ages[i] = s.T
		actual[min(s.X, top)]++
	}
	model := make([]float64, top+1)
	for _, x := range fit.SimulateRepeats(ages, simulationSeed) {
		model[min(x, top)]++
	}
	ch := &chart.Bars{Title: lang.Get("report.ltv.frequency", fit.Model.String()), ValueLabel: lang.Get("report.col.customers"),
		XLabel: lang.Get("report.ltv.calibration_x")}
	for x := range top + 1 {
		label := strconv.Itoa(x)
		if x == top {
			label += "+"
		}
		ch.Categories = append(ch.Categories, label)
	}
	ch.Series = []chart.Series{{Name: lang.Get("report.ltv.actual"), Values: actual}, {Name: lang.Get("report.ltv.model"), Values: model}}
	return ch
}

// drawer is a chart that lays itself out.
type drawer interface {
	Draw() (*chart.Drawing, error)
}

// plotCharts draws charts one under the other into a destination for
// st.plot, written but not committed: the caller commits it with its
// output.
func plotCharts(s *streams, st ltvSettings, charts ...drawer) (*output.Destination, error) {
	var ds []*chart.Drawing
	for _, ch := range charts {
		d, err := ch.Draw()
		if err != nil {
			return nil, msg.Errorf("--plot %s: %w", st.plot, err)
		}
		ds = append(ds, d)
	}
	out, err := output.Open(st.plot, s.out)
	if err != nil {
		return nil, err
	}
	if err := chart.Stack(ds...).Write(out, st.plotFormat); err != nil {
		out.Abort()
		return nil, msg.Errorf("--plot %s: %w", st.plot, err)
	}
	return out, nil
}

// plotFit draws the diagnostics of a fit for --plot.
func plotFit(s *streams, st ltvSettings, fit *ltv.Fit, cs []ltv.Summary) (*output.Destination, error) {
	alive, expected := frMatrices(words.English, fit, cs, st.unit)
	return plotCharts(s, st, frequencyChart(words.English, fit, cs), expected, alive)
}
