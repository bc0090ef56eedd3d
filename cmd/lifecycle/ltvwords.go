package main

import (
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
