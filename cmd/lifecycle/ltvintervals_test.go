package main

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLTVIntervals: --intervals 90% adds four columns to every customer of
// the example store, whose bounds contain the estimate (at the printed
// precision) and are not all one point; the same --seed gives the same
// output, and a saved model (whose file holds the covariance) gives the
// same bounds as the fit it saved. Without --intervals the columns are
// not there.
func TestLTVIntervals(t *testing.T) {
	num := func(r map[string]string, k string) float64 {
		v, err := strconv.ParseFloat(r[k], 64)
		require.NoError(t, err, "%s %q", k, r[k])
		return v
	}
	for _, model := range []string{"bgnbd", "pareto-nbd", "mbgnbd"} {
		rows := ltvRows(t, "--model", model, "--intervals", "90%", "--discount", "10%", ordersCSV)
		require.Len(t, rows, 2000)
		wide := 0
		for _, r := range rows {
			p, lo, hi := num(r, "expected_purchases"), num(r, "expected_purchases_low"), num(r, "expected_purchases_high")
			require.True(t, lo <= p && p <= hi, "%s %s: %v not in [%v, %v]", model, r["customer_id"], p, lo, hi)
			c, clo, chi := num(r, "clv"), num(r, "clv_low"), num(r, "clv_high")
			require.True(t, clo <= c && c <= chi, "%s %s: clv %v not in [%v, %v]", model, r["customer_id"], c, clo, chi)
			if hi > lo {
				wide++
			}
		}
		assert.Greater(t, wide, 1000, model)
	}
	_, a, _ := runCmd(t, "", "ltv", "-q", "--intervals", "0.8", "--seed", "3", "--format", "csv", ordersCSV)
	_, b, _ := runCmd(t, "", "ltv", "-q", "--intervals", "0.8", "--seed", "3", "--format", "csv", ordersCSV)
	_, c, _ := runCmd(t, "", "ltv", "-q", "--intervals", "0.8", "--seed", "4", "--format", "csv", ordersCSV)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	file := t.TempDir() + "/m.json"
	code, fitted, errs := runCmd(t, "", "ltv", "-q", "--intervals", "0.8", "--seed", "3", "--save-model", file, "--format", "csv", ordersCSV)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, a, fitted)
	code, scored, errs := runCmd(t, "", "ltv", "-q", "--intervals", "0.8", "--seed", "3", "--model-file", file, "--format", "csv", ordersCSV)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, a, scored, "the saved model's bounds are the fit's")
	rows := ltvRows(t, ordersCSV)
	assert.NotContains(t, rows[0], "clv_low")
}
