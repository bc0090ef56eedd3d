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

// fitWarning is one issue of a fit, worded from the catalogue (area ltv):
// what was found (cause, with its arguments), then what to try.
type fitWarning struct {
	issue        ltv.Issue
	cause, retry words.Key
	args         []any
}

// In is the warning in lang.
func (w fitWarning) In(lang words.Lang) string {
	return lang.Get("ltv.warn.join", lang.Get(w.cause, w.args...), lang.Get(w.retry))
}

func (w fitWarning) String() string { return w.In(words.English) }

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
			w.cause, w.args = words.Key("ltv.warn.not_converged"), []any{model, d.Stop, d.Iterations}
			w.retry = words.Key("ltv.retry.model")
			if d.Stop == ltv.StopIterations {
				w.retry = words.Key("ltv.retry.iterations")
			}
		case ltv.AtBoundary:
			w.cause, w.args = words.Key("ltv.warn.at_boundary"), []any{model, valued(d.Boundary)}
			w.retry = words.Key("ltv.retry.boundary")
		case ltv.LooseEstimate:
			w.cause, w.args = words.Key("ltv.warn.loose_estimate"), []any{model, strings.Join(d.Loose, ", ")}
			w.retry = words.Key("ltv.retry.longer")
		case ltv.FlatLikelihood:
			if math.IsInf(d.Condition, 1) {
				w.cause, w.args = words.Key("ltv.warn.not_definite"), []any{model}
			} else {
				w.cause, w.args = words.Key("ltv.warn.flat_likelihood"), []any{model, d.Condition}
			}
			w.retry = words.Key("ltv.retry.flat")
		case ltv.FewRepeaters:
			w.cause, w.args = words.Key("ltv.warn.few_repeaters"), []any{model, 100 * d.OneTime}
			w.retry = words.Key("ltv.retry.few")
		case ltv.NoDropout:
			w.cause, w.args = words.Key("ltv.warn.no_dropout"), []any{model, d.DropoutLR / 2, d.DropoutLR}
			w.retry = words.Key("ltv.retry.no_dropout")
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
		d.say("ltv.warning", w.In(d.lang))
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
