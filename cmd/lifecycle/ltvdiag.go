package main

import (
	"fmt"
	"math"
	"strings"

	"lifecycle/ltv"
	"lifecycle/output"
	"lifecycle/output/words"
)

// The diagnostics of ltv's fits, as warnings on stderr and as fields of
// --fit: what each issue means for the user and what to try.

// fitWarning is one issue of a fit, worded: what was found, then what to
// try.
type fitWarning struct {
	issue        ltv.Issue
	cause, retry string
}

func (w fitWarning) String() string { return w.cause + "; " + w.retry }

// fitWarnings words the issues of the fit of model (bgnbd, ...,
// gamma-gamma) with parameters names and values p.
func fitWarnings(model string, d *ltv.Diagnostics, names []string, p []float64) []fitWarning {
	var ws []fitWarning
	valued := func(list []string) string {
		var s []string
		for _, n := range list {
			for i, m := range names {
				if m == n {
					s = append(s, fmt.Sprintf("%s %.4g", n, p[i]))
				}
			}
		}
		return strings.Join(s, ", ")
	}
	for _, is := range d.Issues {
		w := fitWarning{issue: is}
		switch is {
		case ltv.NotConverged:
			w.cause = fmt.Sprintf("%s did not converge (%s after %d iterations): the parameters may be off", model, d.Stop, d.Iterations)
			w.retry = "try another --model"
			if d.Stop == ltv.StopIterations {
				w.retry = "try a higher --max-iterations or another --model"
			}
		case ltv.AtBoundary:
			w.cause = fmt.Sprintf("%s: %s at the edge of the parameter space: the maximum is where the model degenerates into a simpler one", model, valued(d.Boundary))
			w.retry = "read the other warnings for what the data lack; try another --model"
		case ltv.LooseEstimate:
			w.cause = fmt.Sprintf("%s: the standard errors of %s are above their values: the data hardly pin them down", model, strings.Join(d.Loose, ", "))
			w.retry = "try a longer calibration period (more history) or another --model"
		case ltv.FlatLikelihood:
			if math.IsInf(d.Condition, 1) {
				w.cause = fmt.Sprintf("%s: the likelihood is flat where the fit stopped (the observed information is not positive definite): no standard error can be trusted", model)
			} else {
				w.cause = fmt.Sprintf("%s: the likelihood is nearly flat along some direction (condition number %.3g): the standard errors cannot be trusted", model, d.Condition)
			}
			w.retry = "try another --model or --time-unit day"
		case ltv.FewRepeaters:
			w.cause = fmt.Sprintf("%s: %.1f%% of the customers made no repeat purchase: the fit rests on the few who did", model, 100*d.OneTime)
			w.retry = "try a longer calibration period (more history), or --model historical"
		case ltv.NoDropout:
			w.cause = fmt.Sprintf("%s: the data cannot tell when customers leave: the likelihood is only %.2f above that of no dropout at all (likelihood ratio %.2f, below 3.84), so P(alive) stays near 1 for everyone, however long their silence", model, d.DropoutLR/2, d.DropoutLR)
			w.retry = "try a longer calibration period, --time-unit day, or judge churn by silence (lifecycle churn)"
		default:
			continue
		}
		ws = append(ws, w)
	}
	return ws
}

// printFitWarnings writes the warnings of a fit on stderr.
func printFitWarnings(d diag, ws []fitWarning) {
	for _, w := range ws {
		d.printf("warning: %s", w)
	}
}

// diagItems are the diagnostics as items of the --fit report (table, CSV).
func diagItems(dg *ltv.Diagnostics, ws []fitWarning, purchases bool) []output.Item {
	items := []output.Item{
		{Key: "stop", Label: "Stopped on", Value: dg.Stop.Name()},
		{Key: "condition_number", Label: "Condition number", Value: finiteNil(dg.Condition), Kind: output.Float, Decimals: 1, Note: "(of the information; none: not positive definite)"},
	}
	if purchases {
		items = append(items,
			output.Item{Key: "one_time_share", Label: "Customers without repeat", Word: words.Key("item.without_repeat"), Value: dg.OneTime, Kind: output.Percent, Decimals: 1},
			output.Item{Key: "no_dropout_log_likelihood", Label: "Log-likelihood, no dropout", Value: nanNil(dg.NoDropout), Kind: output.Float, Decimals: 4},
			output.Item{Key: "dropout_lr", Label: "Dropout likelihood ratio", Value: nanNil(dg.DropoutLR), Kind: output.Float, Decimals: 2, Note: "(below 3.84: dropout not identified)"},
		)
	}
	var names []string
	for _, w := range ws {
		names = append(names, w.issue.String())
	}
	warn := "none"
	if names != nil {
		warn = strings.Join(names, " ")
	}
	return append(items, output.Item{Key: "warnings", Label: "Warnings", Value: warn})
}

// diagObject is the diagnostics as the "diagnostics" member of --fit's
// JSON: stop (ltv.Stop's Name), condition_number (null: not positive definite), at_boundary
// and loose_estimate (parameter names, comma separated, or null), for the
// model of purchases one_time_share, no_dropout_log_likelihood and
// dropout_lr, and warnings: an object with a member per issue found, named
// as ltv.Issue, whose value is the warning's text.
func diagObject(dg *ltv.Diagnostics, ws []fitWarning, purchases bool) *output.Object {
	o := &output.Object{}
	o.Add("stop", dg.Stop.Name())
	o.Add("condition_number", dg.Condition)
	list := func(s []string) any {
		if s == nil {
			return nil
		}
		return strings.Join(s, ",")
	}
	o.Add("at_boundary", list(dg.Boundary))
	o.Add("loose_estimate", list(dg.Loose))
	if purchases {
		o.Add("one_time_share", dg.OneTime)
		o.Add("no_dropout_log_likelihood", dg.NoDropout)
		o.Add("dropout_lr", dg.DropoutLR)
	}
	w := &output.Object{}
	for _, x := range ws {
		w.Add(x.issue.String(), x.String())
	}
	o.Add("warnings", w)
	return o
}

// finiteNil is f, or nil when it is NaN or infinite.
func finiteNil(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}
