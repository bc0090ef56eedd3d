package main

import (
	"math"

	"lifecycle/churn"
	"lifecycle/ltv"
	"lifecycle/money"
	"lifecycle/msg"
	"lifecycle/orders"
	"lifecycle/output"
)

// churn's --value ltv and --compare ltv use the model that `lifecycle ltv`
// fits by default: BG/NBD in weeks, with Gamma-Gamma for order values,
// projected over 52 weeks at margin 1 without discount.

// churnLTVHorizon is the horizon of --value ltv, in weeks.
const churnLTVHorizon = 52

// churnLTVFit fits BG/NBD to h's customers with a purchase, with options
// o, returning their summaries, in the order of h.Customers, grouped.
func churnLTVFit(h *orders.Histories, o ltv.Options) ([]ltv.Summary, *ltv.Grouped, *ltv.Fit, error) {
	cs, _ := ltv.Summarize(h, ltv.Week)
	sums := ltv.Summaries(cs)
	g, err := ltv.Group(sums)
	if err != nil {
		return nil, nil, nil, msg.Errorf("the ltv model (BG/NBD): %w", err)
	}
	fit, err := g.Estimate(ltv.BGNBD, o)
	if err != nil {
		return nil, nil, nil, msg.Errorf("the ltv model (BG/NBD): %w", err)
	}
	return sums, g, fit, nil
}

// churnLTVValue gives every customer of h its projected value over the
// next 52 weeks (zero for a customer without a purchase, or without an
// expected order value).
func churnLTVValue(h *orders.Histories) ([]money.Amount, error) {
	// Without standard errors: nothing shows them.
	_, g, fit, err := churnLTVFit(h, ltv.Options{NoStdErrors: true})
	if err != nil {
		return nil, err
	}
	spend, err := g.EstimateSpend(ltv.Options{NoStdErrors: true})
	if err != nil {
		return nil, msg.Errorf("the ltv spend model (Gamma-Gamma): %w", err)
	}
	vals := g.Project(fit, spend, ltv.Projection{
		Horizon: churnLTVHorizon, Margin: 1, UnitsPerYear: ltv.UnitsPerYear(ltv.Week)})
	out := make([]money.Amount, len(h.Customers))
	k := 0
	for i := range h.Customers {
		if len(h.Customers[i].Purchases) == 0 {
			continue // Summarize leaves them out
		}
		if v := vals[k].CLV; !math.IsNaN(v) {
			out[i] = money.Amount(math.Round(v*100)) * (money.Scale / 100) // to the cent, as lifecycle ltv shows it
		}
		k++
	}
	return out, nil
}

// ltvSeen is the fit behind --compare ltv, kept for its diagnostics.
type ltvSeen struct{ fit *ltv.Fit }

// churnLTVComparison is the comparison of --compare ltv: BG/NBD's
// P(alive) < 0.5 on the cut, its fit kept in seen.
func churnLTVComparison(seen *ltvSeen) churn.Comparison {
	return churn.Comparison{Name: "p_alive<0.5", Flag: func(cut *orders.Histories) ([]bool, error) {
		return churnLTVDead(cut, seen)
	}}
}

// report describes the fit of --compare ltv on stderr, with the warnings
// of its diagnostics (as ltv prints them), and adds it to the meta (nil:
// none written) as compare_ltv: the model, its parameters, converged and
// the diagnostics (as in ltv --fit --format json). Nothing without a fit.
func (s *ltvSeen) report(d diag, meta *output.Object) {
	if s == nil || s.fit == nil {
		return
	}
	f := s.fit
	names := f.Model.ParamNames()
	ws := fitWarnings(f.Model.String(), &f.Diagnostics, names, f.Params)
	d.say("ltv.compare_cut", describeFitIn(f, ltv.Week, d.lang))
	printFitWarnings(d, ws)
	if meta == nil {
		return
	}
	o := &output.Object{}
	o.Add("model", f.Model.String())
	o.Add("time_unit", ltv.Week.String())
	params := &output.Object{}
	for i, n := range names {
		params.Add(n, f.Params[i])
	}
	o.Add("params", params)
	o.Add("converged", f.Converged)
	o.Add("diagnostics", diagObject(&f.Diagnostics, ws, true))
	meta.Add("compare_ltv", o)
}

// churnLTVDead flags the customers of cut whose P(alive) is below 0.5,
// keeping the fit in seen (with its standard errors: the diagnostics
// need the information matrix).
func churnLTVDead(cut *orders.Histories, seen *ltvSeen) ([]bool, error) {
	sums, _, fit, err := churnLTVFit(cut, ltv.Options{})
	if err != nil {
		return nil, err
	}
	seen.fit = fit
	out := make([]bool, len(cut.Customers))
	k := 0
	for i := range cut.Customers {
		if len(cut.Customers[i].Purchases) == 0 {
			continue
		}
		out[i] = fit.PAlive(sums[k]) < 0.5
		k++
	}
	return out, nil
}
