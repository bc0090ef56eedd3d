package main

import (
	"math"

	"lifecycle/churn"
	"lifecycle/dates"
	"lifecycle/output"
	"lifecycle/output/words"
)

// The table of churn --backtest.

// backtestTable lays out --backtest: a row per rule, then any rule, the
// comparisons and all customers (the base rate).
func backtestTable(bt *churn.BacktestResult) *output.Table {
	return backtestTableIn(bt, words.English)
}

// backtestTableIn is backtestTable with its rule names, levels and caption
// in lang (the column names stay English identifiers).
func backtestTableIn(bt *churn.BacktestResult, lang words.Lang) *output.Table {
	t := &output.Table{Columns: []output.Column{
		{Name: "rule", Title: "Rule"},
		{Name: "level", Title: "Level"},
		{Name: "flagged", Title: "Flagged", Kind: output.Int},
		{Name: "churned", Title: "Churned", Kind: output.Int},
		{Name: "precision", Title: "Precision", Kind: output.Percent, Decimals: 2},
		{Name: "recall", Title: "Recall", Kind: output.Percent, Decimals: 2},
		{Name: "lift", Title: "Lift", Kind: output.Float},
		{Name: "value_flagged", Title: "Value flagged", Kind: output.Money},
		{Name: "value_precision", Title: "Value precision", Kind: output.Percent, Decimals: 2},
		{Name: "value_recall", Title: "Value recall", Kind: output.Percent, Decimals: 2},
	}}
	add := func(s *churn.Score) {
		var level any
		if s.Level != churn.None {
			level = levelIn(s.Level, lang)
		}
		name := ruleNameIn(s.Name, lang)
		if s == &bt.Model && lang != words.English {
			name = lang.Get("churn.any_rule")
		}
		t.Rows = append(t.Rows, []any{name, level, s.Flagged, s.Hits, s.Precision, s.Recall, s.Lift,
			s.FlaggedValue, s.ValuePrecision, s.ValueRecall})
	}
	for i := range bt.Rules {
		add(&bt.Rules[i])
	}
	add(&bt.Model)
	for i := range bt.Compare {
		add(&bt.Compare[i])
	}
	churned, value := float64(bt.Churned), bt.ChurnedValue.Float64()
	t.Rows = append(t.Rows, []any{lang.Get("churn.all_customers"), nil, bt.Customers, bt.Churned, bt.BaseRate, ratioOf(churned, churned), ratioOf(bt.BaseRate, bt.BaseRate),
		bt.Value, ratioOf(value, bt.Value.Float64()), ratioOf(value, value)})
	t.Caption = lang.Get("churn.backtest_caption", dates.DayString(bt.Cut), dates.DayString(bt.AsOf), bt.Horizon, bt.Horizon)
	return t
}

func ratioOf(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
