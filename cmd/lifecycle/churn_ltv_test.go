package main

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// csvColumn runs a command that writes CSV and returns one column by the
// value of another.
func csvColumn(t *testing.T, key, col string, args ...string) map[string]string {
	t.Helper()
	code, out, stderr := runCmd(t, "", args...)
	require.Equal(t, 0, code, stderr)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	ki, ci := -1, -1
	for i, h := range recs[0] {
		switch h {
		case key:
			ki = i
		case col:
			ci = i
		}
	}
	require.True(t, ki >= 0 && ci >= 0, "columns %s, %s in %v", key, col, recs[0])
	m := map[string]string{}
	for _, r := range recs[1:] {
		m[r[ki]] = r[ci]
	}
	return m
}

// TestChurnValueLTV: churn --value ltv puts at risk each customer's clv as
// lifecycle ltv gives it with its defaults.
func TestChurnValueLTV(t *testing.T) {
	clv := csvColumn(t, "customer_id", "clv", "ltv", "-q", "--format", "csv", ordersCSV)
	risk := csvColumn(t, "customer_id", "value_at_risk", "churn", "-q", "--all", "--value", "ltv", "--format", "csv", ordersCSV)
	require.Len(t, risk, len(clv))
	for id, v := range clv {
		assert.Equal(t, v, risk[id], "customer %s", id)
	}
}

// TestChurnCompareLTV: the backtest's p_alive<0.5 row flags the customers
// whose P(alive), fitted by lifecycle ltv on the orders up to the cut, is
// below one half.
func TestChurnCompareLTV(t *testing.T) {
	const cut = "2024-10-02" // the example store's as-of 2024-12-31 minus 90 days
	alive := csvColumn(t, "customer_id", "p_alive", "ltv", "-q", "--as-of", cut, "--format", "csv", ordersCSV)
	want := 0
	for _, v := range alive {
		p, err := strconv.ParseFloat(v, 64)
		require.NoError(t, err)
		if p < 0.5 {
			want++
		}
	}
	require.Positive(t, want)
	flagged := csvColumn(t, "rule", "flagged", "churn", "-q", "--backtest", "90d", "--compare", "ltv", "--format", "csv", ordersCSV)
	assert.Equal(t, strconv.Itoa(want), flagged["p_alive<0.5"])
}
