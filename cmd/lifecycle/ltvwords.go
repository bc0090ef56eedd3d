package main

import (
	"fmt"
	"lifecycle/ltv"
	"lifecycle/output/words"
)

// The lines ltv prints on stderr about its fits, in the command's
// language (English as describeFit and describeSpend write them).

// describeFitIn is describeFit in lang.
func describeFitIn(f *ltv.Fit, unit ltv.Unit, lang words.Lang) string {
	if lang == words.English {
		return describeFit(f, unit)
	}
	return lang.Get("ltv.fitted", f.Model.String(), f.Customers, f.Cells,
		lang.Get(words.Key("cohort.period."+unit.String())), describeParams(f), f.LogLikelihood, f.Iterations)
}

// describeSpendIn is describeSpend in lang.
func describeSpendIn(g *ltv.SpendFit, lang words.Lang) string {
	if lang == words.English {
		return describeSpend(g)
	}
	return lang.Get("ltv.spend_fitted", g.Customers, g.Params[0], g.Params[1], g.Params[2], g.LogLikelihood)
}

// describeHistoricalIn is the line of --model historical in lang: how
// each customer's value is estimated and the figures of all customers.
func describeHistoricalIn(h ltv.Historical, unit ltv.Unit, lang words.Lang) string {
	if lang == words.English {
		return fmt.Sprintf("historical: own average order value x own repeat purchases per %s (x/T) x expected lifespan %.2f %ss (the mean t_x of %d repeat buyers, capped at the horizon); all customers: average order value %.2f, %.4f repeat purchases per %s",
			unit, h.Lifespan, unit, h.RepeatBuyers, h.OrderValue, h.Frequency, unit)
	}
	u := lang.Get(words.Key("cohort.period." + unit.String()))
	return lang.Get("ltv.historical", u, h.Lifespan, u, h.RepeatBuyers, h.OrderValue, h.Frequency, u)
}

// describeLoadedIn is the line of a model read from --model-file in lang.
func describeLoadedIn(m *loadedModel, lang words.Lang) string {
	f := m.file
	if lang == words.English {
		return fmt.Sprintf("%s from %s, not refitted (fitted on %s with first purchases from %s, as of %s), %ss: %s",
			m.fit.Model, m.path, plural(int64(f.Data.Customers), "customer"), f.Calibration.FirstPurchase, f.Calibration.AsOf, m.unit, describeParams(m.fit))
	}
	return lang.Get("ltv.loaded", m.fit.Model, m.path, f.Data.Customers, f.Calibration.FirstPurchase, f.Calibration.AsOf,
		lang.Get(words.Key("cohort.period."+m.unit.String())), describeParams(m.fit))
}
