package main

import (
	"errors"
	"math"
	"strings"

	"lifecycle/ltv"
	"lifecycle/msg"
)

// ltv's models: fitted (and their warnings printed), or read from
// --model-file; --save-model and --model-file checked against the other
// flags.

// modelFileSettings checks --save-model and --model-file and reads the
// model file into st: a flag that contradicts it is a usage error.
func modelFileSettings(o *ltvOptions, st *ltvSettings) error {
	if o.save != "" {
		switch {
		case st.historical:
			return usagef("--save-model saves fitted models: use --model bgnbd, pareto-nbd or mbgnbd")
		case o.holdout != "":
			return usagef("give --save-model or --holdout, not both")
		case o.load != "":
			return usagef("give --save-model or --model-file, not both")
		}
		st.saveModel = o.save
	}
	if o.load == "" {
		return nil
	}
	switch {
	case o.fit:
		return usagef("give --fit or --model-file, not both")
	case o.holdout != "":
		return usagef("give --holdout or --model-file, not both")
	}
	m, err := readModelFile(o.load)
	if err != nil {
		return err
	}
	if o.modelSet && (st.historical || st.model != m.fit.Model) {
		return usagef("--model %s: %s holds a %s model (leave --model out to score with it)", o.model, o.load, m.fit.Model)
	}
	if o.unitSet && st.unit != m.unit {
		return usagef("--time-unit %s: %s was fitted in %ss, its rates are per %s (give --time-unit %s or leave it out)", o.timeUnit, o.load, m.unit, m.unit, m.unit)
	}
	// The horizon was read in the flag's unit: read it again in the
	// model's.
	days := st.proj.Horizon * st.unit.Days()
	st.model, st.unit, st.loaded = m.fit.Model, m.unit, m
	st.proj.Horizon, st.proj.UnitsPerYear = days/m.unit.Days(), ltv.UnitsPerYear(m.unit)
	return nil
}

// fitOrLoad returns the model of purchases and the spend model (nil: no
// order values): read from the model file, or fitted to g, the spend
// model beside the purchases'. It prints each fit and its warnings.
func fitOrLoad(g *ltv.Grouped, st ltvSettings, d diag) (*ltv.Fit, *ltv.SpendFit, error) {
	if m := st.loaded; m != nil {
		f := m.file
		d.printf("%s", describeLoadedIn(m, d.lang))
		if len(f.Warnings) > 0 {
			d.say("ltv.model_warnings", m.path, strings.Join(f.Warnings, ", "))
		}
		if m.spend == nil {
			d.say("ltv.no_values_in", m.path)
		}
		return m.fit, m.spend, nil
	}
	o := ltv.Options{MaxIterations: st.maxIter}
	// The spend model is fitted beside the model of purchases, from the
	// start (it needs the summaries, not their sort): each has steps on
	// one core that the other fills.
	type spendFit struct {
		fit *ltv.SpendFit
		err error
	}
	spent := make(chan spendFit, 1)
	go func() {
		f, err := g.EstimateSpend(o)
		spent <- spendFit{f, err}
	}()
	fit, err := g.Estimate(st.model, o)
	if err != nil {
		return nil, nil, ltvError(err)
	}
	d.printf("%s", describeFitIn(fit, st.unit, d.lang))
	printFitWarnings(d, fitWarnings(fit.Model.String(), &fit.Diagnostics, fit.Model.ParamNames(), fit.Params))
	sf := <-spent
	spend, err := sf.fit, sf.err
	switch {
	case errors.Is(err, ltv.ErrUnidentifiable):
		d.say("ltv.no_values", err)
		spend = nil
	case err != nil:
		return nil, nil, ltvError(err)
	default:
		d.printf("%s", describeSpendIn(spend, d.lang))
		printFitWarnings(d, fitWarnings("gamma-gamma", &spend.Diagnostics, spendParamNames, spend.Params))
		if math.Abs(spend.Correlation) >= spendCorrelationWarning {
			d.say("ltv.spend_correlated", spend.Correlation, spend.Customers)
		}
		if spend.Params[1] <= 1 {
			d.say("ltv.spend_q", spend.Params[1])
		}
	}
	return fit, spend, nil
}

// projectIntervals returns the view of every customer with the --intervals
// bounds, projected in one pass. A fit without a covariance (a flat
// likelihood) leaves the bounds empty, with a warning; so does a spend
// model without one for the CLV bounds.
func projectIntervals(cs *ltv.Columns, g *ltv.Grouped, fit *ltv.Fit, spend *ltv.SpendFit, st ltvSettings, seed uint64, d diag) *ltvView[ltvIntervalRow] {
	view := newLTVView[ltvIntervalRow](cs)
	u := ltv.Uncertainty{Level: st.level, Seed: seed}
	err := g.ProjectIntervalsEach(fit, spend, st.proj, u, func(i int, v ltv.Value, iv ltv.Interval) {
		view.set(i, cs, &v)
		view.setBounds(i, iv)
	})
	if err != nil {
		none := ltv.Interval{PurchasesLow: math.NaN(), PurchasesHigh: math.NaN(), CLVLow: math.NaN(), CLVHigh: math.NaN()}
		g.ProjectEach(fit, spend, st.proj, func(i int, v ltv.Value) {
			view.set(i, cs, &v)
			view.setBounds(i, none)
		})
		d.say("ltv.no_intervals", err)
		return view
	}
	d.say("ltv.intervals", 100*st.level, len(fit.Params)+1, seed)
	if spend != nil && !(spend.Cov != nil && !math.IsNaN(spend.Cov[0])) {
		d.say("ltv.spend_no_cov")
	}
	return view
}

// spendCorrelationWarning is the correlation of spend and frequency above
// which the Gamma-Gamma's assumption is clearly broken.
const spendCorrelationWarning = 0.3

// ltvError words the package's errors for the command line.
func ltvError(err error) error {
	var ue *ltv.UnidentifiableError
	if errors.As(err, &ue) {
		return msg.Errorf("%w (--model historical needs no fit)", err)
	}
	return err
}
