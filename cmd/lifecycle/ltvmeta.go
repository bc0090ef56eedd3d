package main

import (
	"lifecycle/ltv"
	"lifecycle/output"
)

// ltvModelMeta is the "model" of the meta of an ltv output: the model, its
// time unit and projection, and the parameters it was fitted to (nil fit:
// the historical model, with hist).
func ltvModelMeta(st ltvSettings, fit *ltv.Fit, spend *ltv.SpendFit, hist ltv.Historical) *output.Object {
	named := func(names []string, vs []float64) *output.Object {
		o := &output.Object{}
		for i, n := range names {
			o.Add(n, vs[i])
		}
		return o
	}
	historical := st.historical || fit == nil
	m := &output.Object{}
	if historical {
		m.Add("name", "historical")
	} else {
		m.Add("name", fit.Model.String())
	}
	m.Add("time_unit", st.unit.String())
	m.Add("horizon", st.horizon)
	m.Add("margin", st.proj.Margin)
	m.Add("discount", st.proj.Discount)
	if st.holdout > 0 {
		m.Add("holdout_days", int64(st.holdout))
	}
	if historical {
		m.Add("params", named([]string{"order_value", "frequency", "lifespan"}, []float64{hist.OrderValue, hist.Frequency, hist.Lifespan}))
		return m
	}
	m.Add("params", named(fit.Model.ParamNames(), fit.Params))
	m.Add("converged", fit.Converged)
	if spend != nil {
		sp := &output.Object{}
		sp.Add("name", "gamma-gamma")
		sp.Add("params", named(spendParamNames, spend.Params))
		m.Add("spend", sp)
	}
	return m
}
