package main

import (
	"math"
	"strconv"

	"lifecycle/dates"
	"lifecycle/ltv"
	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/words"
)

// ltv --holdout: the model fitted before a cut-off date, its predictions
// checked against what the customers did after it (report and plot).

// runHoldout fits on the calibration period and writes the comparison.
func runHoldout(s *streams, h *orders.Histories, st ltvSettings, d diag, out *outputFlags, dst *output.Destination) error {
	ho, err := ltv.Validate(h, st.holdout, st.model, st.unit)
	if err != nil {
		return err
	}
	d.say("ltv.holdout_line", dates.DayString(ho.CalibrationEnd),
		dates.DayString(ho.CalibrationEnd+1), dates.DayString(ho.AsOf), describeFitIn(ho.Fit, st.unit, d.lang))
	if out.meta != nil {
		out.meta.Add("model", ltvModelMeta(st, ho.Fit, nil, ltv.Historical{}))
	}
	ws := fitWarnings(ho.Fit.Model.String(), &ho.Fit.Diagnostics, ho.Fit.Model.ParamNames(), ho.Fit.Params)
	printFitWarnings(d, ws)
	var plotDst *output.Destination
	if st.plot != "" {
		if plotDst, err = plotTracking(s, ho, st); err != nil {
			return err
		}
		defer plotDst.Abort()
	}
	if err := out.writeReport(dst, "holdout", holdoutReport(ho, st, ws)); err != nil {
		return err
	}
	// The report and the plot replace their files together or not at all.
	return out.commit(dst, plotDst)
}

// plotTracking draws the tracking curve of ho and the holdout purchases
// by calibration frequency into a destination for st.plot, written but
// not committed: the caller commits it with the report.
func plotTracking(s *streams, ho *ltv.Holdout, st ltvSettings) (*output.Destination, error) {
	return plotCharts(s, st, trackingChart(ho, words.English), byFrequencyChart(ho, words.English))
}

// holdoutReport lays out a holdout check, with the warnings ws of its
// calibration fit. Its keys are the JSON keys of `lifecycle ltv --holdout
// --format json`: keep them stable. The calibration fit's section ends
// with its diagnostics, as in --fit.
func holdoutReport(ho *ltv.Holdout, st ltvSettings, ws []fitWarning) *output.Report {
	relErr := math.NaN()
	if ho.Actual > 0 {
		relErr = (ho.Predicted - ho.Actual) / ho.Actual
	}
	summary := output.Section{Key: "holdout", Title: "Predicted against actual", Items: []output.Item{
		{Key: "model", Label: "Model", Value: ho.Fit.Model.String()},
		{Key: "time_unit", Label: "Time unit", Value: st.unit.String()},
		{Key: "calibration_end", Label: "Calibration ends", Value: ho.CalibrationEnd, Kind: output.Day},
		{Key: "as_of", Label: "Holdout ends", Word: words.Key("item.holdout_ends"), Value: ho.AsOf, Kind: output.Day},
		{Key: "holdout_length", Label: "Holdout length", Value: ho.Length, Kind: output.Float, Note: "(" + st.unit.String() + "s)"},
		{Key: "customers", Label: "Customers", Value: ho.Customers, Note: "(first purchase in the calibration period)"},
		{Key: "actual", Label: "Actual repeat purchases", Value: int64(ho.Actual)},
		{Key: "predicted", Label: "Predicted repeat purchases", Value: ho.Predicted, Kind: output.Float, Decimals: 1},
		{Key: "error", Label: "Error", Value: nanNil(relErr), Kind: output.Percent, Decimals: 2, Note: "(predicted / actual - 1)"},
		{Key: "mae", Label: "Mean absolute error", Value: ho.MAE, Kind: output.Float, Decimals: 4, Note: "(per customer)"},
		{Key: "rmse", Label: "Root mean square error", Value: ho.RMSE, Kind: output.Float, Decimals: 4},
	}}
	fit := output.Section{Key: "fit", Title: "Calibration fit", Items: []output.Item{
		{Key: "customers", Label: "Customers", Value: ho.Fit.Customers},
		{Key: "log_likelihood", Label: "Log-likelihood", Value: ho.Fit.LogLikelihood, Kind: output.Float, Decimals: 4},
		{Key: "converged", Label: "Converged", Value: ho.Fit.Converged},
	}}
	for i, n := range ho.Fit.Model.ParamNames() {
		fit.Items = append(fit.Items, output.Item{Key: n, Value: ho.Fit.Params[i], Kind: output.Float, Decimals: 6})
	}
	fit.Items = append(fit.Items, diagItems(&ho.Fit.Diagnostics, ws, true)...)
	byFreq := &output.Table{Columns: []output.Column{
		{Name: "x", Title: "Calibration x", Word: words.Key("column.calibration_x")},
		{Name: "customers", Title: "Customers", Kind: output.Int},
		{Name: "actual", Title: "Actual (mean)", Kind: output.Float, Decimals: 4},
		{Name: "predicted", Title: "Predicted (mean)", Kind: output.Float, Decimals: 4},
	}}
	for _, r := range ho.ByFrequency {
		x := strconv.Itoa(r.X)
		if r.OrMore {
			x += "+"
		}
		var a, p any
		if r.Customers > 0 {
			a, p = r.Actual, r.Predicted
		}
		byFreq.Rows = append(byFreq.Rows, []any{x, r.Customers, a, p})
	}
	track := &output.Table{Columns: []output.Column{
		{Name: "week", Title: "Week", Kind: output.Int},
		{Name: "day", Title: "Last day", Kind: output.Day},
		{Name: "actual", Title: "Actual (cumulative)", Kind: output.Int, Word: words.Key("column.actual_cumulative")},
		{Name: "predicted", Title: "Predicted (cumulative)", Kind: output.Float, Decimals: 1, Word: words.Key("column.predicted_cumulative")},
	}}
	for i, p := range ho.Tracking {
		track.Rows = append(track.Rows, []any{i + 1, p.Day, int64(p.Actual), p.Predicted})
	}
	return &output.Report{Title: st.lang.Get("ltv.holdout", ho.Fit.Model.String()), Sections: []output.Section{
		summary, fit,
		{Key: "by_frequency", Title: "Holdout purchases by calibration repeat purchases", Table: byFreq, TableKey: "rows"},
		{Key: "tracking", Title: "Cumulative repeat purchases (tracking curve)", Table: track, TableKey: "weeks"},
	}}
}
