package main

import (
	"fmt"
	"math"

	"lifecycle/ltv"
	"lifecycle/money"
	"lifecycle/orders"
)

// churn's --value ltv and --compare ltv use the model that `lifecycle ltv`
// fits by default: BG/NBD in weeks, with Gamma-Gamma for order values,
// projected over 52 weeks at margin 1 without discount.

// churnLTVHorizon is the horizon of --value ltv, in weeks.
const churnLTVHorizon = 52

// churnLTVFit fits BG/NBD to h's customers with a purchase (without
// standard errors: nothing shows them), returning their summaries, in the
// order of h.Customers, grouped.
func churnLTVFit(h *orders.Histories) ([]ltv.Summary, *ltv.Grouped, *ltv.Fit, error) {
	cs, _ := ltv.Summarize(h, ltv.Week)
	sums := ltv.Summaries(cs)
	g, err := ltv.Group(sums)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the ltv model (BG/NBD): %w", err)
	}
	fit, err := g.Estimate(ltv.BGNBD, ltv.Options{NoStdErrors: true})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the ltv model (BG/NBD): %w", err)
	}
	return sums, g, fit, nil
}

// churnLTVValue gives every customer of h its projected value over the
// next 52 weeks (zero for a customer without a purchase, or without an
// expected order value).
func churnLTVValue(h *orders.Histories) ([]money.Amount, error) {
	_, g, fit, err := churnLTVFit(h)
	if err != nil {
		return nil, err
	}
	spend, err := g.EstimateSpend(ltv.Options{NoStdErrors: true})
	if err != nil {
		return nil, fmt.Errorf("the ltv spend model (Gamma-Gamma): %w", err)
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

// churnLTVDead flags the customers of cut whose P(alive) is below 0.5.
func churnLTVDead(cut *orders.Histories) ([]bool, error) {
	sums, _, fit, err := churnLTVFit(cut)
	if err != nil {
		return nil, err
	}
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
