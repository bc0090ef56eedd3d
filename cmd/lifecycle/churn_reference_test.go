package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The reference figures of these tests were computed independently with
// DuckDB from testdata/reference/uci_churn.sql (the query, the tool's
// version and the rules it encodes are in its header) into
// uci_churn.out.csv.

// churnCSV runs `lifecycle churn -q --format csv ARGS -` on input and
// returns the rows keyed by their first column.
func churnCSV(t *testing.T, input []byte, args ...string) (header []string, rows map[string][]string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append(append([]string{"churn", "-q", "--format", "csv"}, args...), "-"), bytes.NewReader(input), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	recs, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	rows = map[string][]string{}
	for _, r := range recs[1:] {
		rows[r[0]] = r
	}
	return recs[0], rows
}

// referenceRule maps the rule names of uci_churn.sql to lifecycle's.
var referenceRule = map[string]string{
	"overdue": "overdue", "dormant": "dormant", "declining": "declining", "no_second": "no-second-purchase",
}

// TestUCIChurnRules: on UCI Online Retail, the default rules flag as many
// customers, with the same value at risk, per rule and per level, as the
// DuckDB computation.
func TestUCIChurnRules(t *testing.T) {
	in := openShared(t, "online-retail-dataset.csv.gz")
	ref := reference(t, "uci_churn.out.csv")
	_, byRule := churnCSV(t, in, "--by", "rule")
	for sqlName, name := range referenceRule {
		row := byRule[name]
		require.NotNil(t, row, name)
		assert.Equal(t, ref["rule_"+sqlName+"_customers"], row[2], name+" customers")
		sameMoney(t, ref["rule_"+sqlName+"_value"], json.Number(row[4]), name+" value at risk")
	}
	assert.Equal(t, ref["any_rule_customers"], byRule["any rule"][2])

	_, byLevel := churnCSV(t, in, "--by", "level")
	for _, level := range []string{"critical", "high", "medium", "watch", "none"} {
		assert.Equal(t, ref["level_"+level+"_customers"], byLevel[level][1], level)
	}
	total := 0
	for _, r := range byLevel {
		n, err := strconv.Atoi(r[1])
		require.NoError(t, err)
		total += n
	}
	assert.Equal(t, ref["customers"], strconv.Itoa(total))
}

// TestUCIChurnBacktest: `--backtest 90d` on UCI Online Retail flags and
// hits as many customers per rule as DuckDB finds, and its precision,
// recall and value-weighted precision and recall equal the ratios of
// DuckDB's counts and sums (printed with 4 decimals: tolerance 0.00005).
func TestUCIChurnBacktest(t *testing.T) {
	in := openShared(t, "online-retail-dataset.csv.gz")
	ref := reference(t, "uci_churn.out.csv")
	header, rows := churnCSV(t, in, "--backtest", "90d")
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err, s)
		return v
	}
	refNum := func(k string) float64 {
		v, ok := ref[k]
		require.True(t, ok, k)
		return num(v)
	}
	churned, churnedValue := refNum("cut_churned"), refNum("cut_churned_value")
	all := rows["all customers"]
	assert.Equal(t, ref["cut_customers"], all[col["flagged"]])
	assert.Equal(t, ref["cut_churned"], all[col["churned"]])
	for sqlName, name := range referenceRule {
		row := rows[name]
		require.NotNil(t, row, name)
		p := "cut_rule_" + sqlName + "_"
		assert.Equal(t, ref[p+"flagged"], row[col["flagged"]], name)
		assert.Equal(t, ref[p+"hits"], row[col["churned"]], name)
		flagged, hits := refNum(p+"flagged"), refNum(p+"hits")
		assert.InDelta(t, hits/flagged, num(row[col["precision"]]), 0.00005, name+" precision")
		assert.InDelta(t, hits/churned, num(row[col["recall"]]), 0.00005, name+" recall")
		base := churned / refNum("cut_customers")
		assert.InDelta(t, hits/flagged/base, num(row[col["lift"]]), 0.005, name+" lift")
		sameMoney(t, ref[p+"flagged_value"], json.Number(row[col["value_flagged"]]), name+" value flagged")
		hv, fv := refNum(p+"hit_value"), refNum(p+"flagged_value")
		assert.InDelta(t, hv/fv, num(row[col["value_precision"]]), 0.00005, name+" value precision")
		assert.InDelta(t, hv/churnedValue, num(row[col["value_recall"]]), 0.00005, name+" value recall")
	}
	model := rows["any rule"]
	assert.Equal(t, ref["cut_any_flagged"], model[col["flagged"]])
	assert.Equal(t, ref["cut_any_hits"], model[col["churned"]])
	assert.False(t, math.IsNaN(num(model[col["precision"]])))
}
