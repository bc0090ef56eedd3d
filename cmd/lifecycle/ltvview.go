package main

import (
	"fmt"
	"io"
	"strings"

	"lifecycle/ltv"
	"lifecycle/output"
	"lifecycle/output/words"
)

// The views of ltv: the stderr lines of a fit, and the fit and holdout
// reports laid out for output (the per-customer table is ltvtable.go's).

// describeFit is the stderr line of a fit.
func describeFit(f *ltv.Fit, unit ltv.Unit) string {
	return fmt.Sprintf("%s fitted on %s (%d distinct x, t_x, T), %ss: %s; log-likelihood %.2f (%d iterations)",
		f.Model, plural(int64(f.Customers), "customer"), f.Cells, unit, describeParams(f), f.LogLikelihood, f.Iterations)
}

// describeParams is the parameters of f: "r 0.2426, alpha 4.414, ...".
func describeParams(f *ltv.Fit) string {
	var ps []string
	for i, n := range f.Model.ParamNames() {
		ps = append(ps, fmt.Sprintf("%s %.4g", n, f.Params[i]))
	}
	return strings.Join(ps, ", ")
}

func describeSpend(g *ltv.SpendFit) string {
	return fmt.Sprintf("gamma-gamma fitted on %s: p %.4g, q %.4g, gamma %.4g; log-likelihood %.2f",
		plural(int64(g.Customers), "repeat buyer"), g.Params[0], g.Params[1], g.Params[2], g.LogLikelihood)
}

var spendParamNames = []string{"p", "q", "gamma"}

// fitReport lays out --fit for the table, CSV and TSV formats.
func fitReport(st ltvSettings, f *ltv.Fit, g *ltv.SpendFit, hist ltv.Historical, customers int) *output.Report {
	params := &output.Table{Columns: []output.Column{
		{Name: "param", Title: "Parameter"},
		{Name: "value", Title: "Value", Kind: output.Float, Decimals: 6},
		{Name: "std_error", Title: "Std. error", Kind: output.Float, Decimals: 6},
	}}
	items := []output.Item{
		{Key: "model", Label: "Model", Value: st.model.String()},
		{Key: "time_unit", Label: "Time unit", Value: st.unit.String()},
		{Key: "customers", Label: "Customers", Value: customers},
	}
	if st.historical {
		items[0].Value = "historical"
		params.Rows = [][]any{
			{"order_value", hist.OrderValue, nil},
			{"frequency", hist.Frequency, nil},
			{"lifespan", hist.Lifespan, nil},
		}
		return &output.Report{Title: st.lang.Get("ltv.fit_title"), Sections: []output.Section{
			{Key: "model", Title: "Purchases", Items: items, Table: params, TableKey: "params"},
		}}
	}
	for i, n := range f.Model.ParamNames() {
		params.Rows = append(params.Rows, []any{n, f.Params[i], f.StdErrors[i]})
	}
	items = append(items,
		output.Item{Key: "log_likelihood", Label: "Log-likelihood", Value: f.LogLikelihood, Kind: output.Float, Decimals: 4},
		output.Item{Key: "iterations", Label: "Iterations", Value: f.Iterations},
		output.Item{Key: "converged", Label: "Converged", Value: f.Converged},
	)
	items = append(items, diagItems(&f.Diagnostics, fitWarnings(f.Model.String(), &f.Diagnostics, f.Model.ParamNames(), f.Params), true)...)
	sections := []output.Section{{Key: "model", Title: "Purchases", Items: items, Table: params, TableKey: "params"}}
	if g != nil {
		sp := &output.Table{Columns: params.Columns}
		for i, n := range spendParamNames {
			sp.Rows = append(sp.Rows, []any{n, g.Params[i], g.StdErrors[i]})
		}
		sections = append(sections, output.Section{Key: "spend", Title: "Spend", Items: append([]output.Item{
			{Key: "model", Label: "Model", Value: "gamma-gamma"},
			{Key: "customers", Label: "Repeat buyers", Word: words.Key("item.repeat_buyers"), Value: g.Customers},
			{Key: "log_likelihood", Label: "Log-likelihood", Value: g.LogLikelihood, Kind: output.Float, Decimals: 4},
			{Key: "converged", Label: "Converged", Value: g.Converged},
			{Key: "correlation", Label: "Spend-frequency correlation", Value: g.Correlation, Kind: output.Float, Decimals: 4},
		}, diagItems(&g.Diagnostics, fitWarnings("gamma-gamma", &g.Diagnostics, spendParamNames, g.Params), false)...), Table: sp, TableKey: "params"})
	}
	return &output.Report{Title: st.lang.Get("ltv.fit_title"), Sections: sections}
}

// writeFitJSON writes --fit as one JSON object: model, time_unit,
// customers, params, std_errors, log_likelihood, iterations, converged and
// diagnostics (diagObject) and spend (model, customers, params,
// std_errors, log_likelihood, converged, correlation, diagnostics),
// parameters by name in the model's order. Keep the keys stable.
func writeFitJSON(w io.Writer, indent bool, st ltvSettings, f *ltv.Fit, g *ltv.SpendFit, hist ltv.Historical, customers int, meta *output.Object) error {
	named := func(names []string, vs []float64) *output.Object {
		o := &output.Object{}
		for i, n := range names {
			o.Add(n, vs[i])
		}
		return o
	}
	top := &output.Object{}
	if st.historical {
		top.Add("model", "historical")
		top.Add("time_unit", st.unit.String())
		top.Add("customers", customers)
		top.Add("params", named([]string{"order_value", "frequency", "lifespan"}, []float64{hist.OrderValue, hist.Frequency, hist.Lifespan}))
		top.Add("std_errors", nil)
		top.Add("log_likelihood", nil)
		top.Add("iterations", nil)
		top.Add("converged", nil)
		top.Add("diagnostics", nil)
		top.Add("spend", nil)
		return output.WriteObject(w, withMeta(meta, indent, "fit", top), indent)
	}
	names := f.Model.ParamNames()
	top.Add("model", f.Model.String())
	top.Add("time_unit", st.unit.String())
	top.Add("customers", customers)
	top.Add("params", named(names, f.Params))
	top.Add("std_errors", named(names, f.StdErrors))
	top.Add("log_likelihood", f.LogLikelihood)
	top.Add("iterations", f.Iterations)
	top.Add("converged", f.Converged)
	top.Add("diagnostics", diagObject(&f.Diagnostics, fitWarnings(f.Model.String(), &f.Diagnostics, names, f.Params), true))
	if g == nil {
		top.Add("spend", nil)
		return output.WriteObject(w, withMeta(meta, indent, "fit", top), indent)
	}
	sp := &output.Object{}
	sp.Add("model", "gamma-gamma")
	sp.Add("customers", g.Customers)
	sp.Add("params", named(spendParamNames, g.Params))
	sp.Add("std_errors", named(spendParamNames, g.StdErrors))
	sp.Add("log_likelihood", g.LogLikelihood)
	sp.Add("converged", g.Converged)
	sp.Add("correlation", g.Correlation)
	sp.Add("diagnostics", diagObject(&g.Diagnostics, fitWarnings("gamma-gamma", &g.Diagnostics, spendParamNames, g.Params), false))
	top.Add("spend", sp)
	return output.WriteObject(w, withMeta(meta, indent, "fit", top), indent)
}
