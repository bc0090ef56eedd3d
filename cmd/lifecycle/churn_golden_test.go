package main

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/churn"
	"lifecycle/money"
	"lifecycle/orders"
)

// churnSmall is the hand-built store of lifecycle/churn's tests
// (churn/churn_test.go, store()) as an order export, read as of
// 2024-06-30: a weekly buyer 28 days quiet (overdue, critical), a
// quarterly buyer 90 days quiet (no warning: 90 is not more than 90), a
// one-time buyer of 60 days ago (no-second-purchase, watch), a declining
// spender (40.00 in the last 90 days against 200.00 before: medium), a
// customer with a return (net 70.00), one with two orders on one day, and
// one with only a return (left out).
const churnSmall = "testdata/churn-small.csv"

// TestChurnSmallByHand checks the default view of the small store against
// the values worked out by hand in churn/churn_test.go.
func TestChurnSmallByHand(t *testing.T) {
	code, out, errs := runCmd(t, "", "churn", "--as-of", "2024-06-30", "--all", "--format", "csv", churnSmall)
	require.Equal(t, 0, code, errs)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"customer_id", "level", "rules", "reason", "days_since_last", "typical_gap_days",
		"days_overdue", "expected_next", "purchases", "net_revenue", "value_at_risk"}, recs[0])
	want := [][]string{
		{"weekly", "critical", "overdue", "28", "7.0", "21.0", "2024-06-09", "9", "90.00", "90.00"},
		{"declining", "medium", "declining", "41", "63.0", "-22.0", "2024-07-22", "3", "240.00", "240.00"},
		{"once", "watch", "no-second-purchase", "60", "22.5", "37.5", "2024-05-24", "1", "30.00", "30.00"},
		{"quarterly", "none", "", "90", "92.0", "-2.0", "2024-07-02", "4", "200.00", "150.00"},
		{"returner", "none", "", "20", "9.0", "11.0", "2024-06-19", "2", "70.00", "70.00"},
		{"sameday", "none", "", "10", "22.5", "-12.5", "2024-07-13", "2", "12.00", "12.00"},
	}
	require.Len(t, recs, len(want)+1)
	for i, w := range want {
		r := recs[i+1]
		got := append(r[:3:3], r[4:]...)
		assert.Equal(t, w, got)
	}
	assert.Contains(t, errs, "left out 1 customer with returns but no purchase")
	assert.Contains(t, errs, "the store's median days from first to second purchase, 22.5")
}

// TestChurnGolden pins the whole output of each view of `lifecycle churn`
// on the small store and the bundled example store. Each runs twice: the
// output must not vary between runs.
func TestChurnGolden(t *testing.T) {
	small := []string{"--as-of", "2024-06-30", churnSmall}
	tests := []struct {
		name string
		args []string
	}{
		{"churn.small.table", append([]string{"--format", "table"}, small...)},
		{"churn.small.all.table", append([]string{"--format", "table", "--all"}, small...)},
		{"churn.small.rule.table", append([]string{"--format", "table", "--by", "rule"}, small...)},
		{"churn.small.level.table", append([]string{"--format", "table", "--by", "level"}, small...)},
		{"churn.small.backtest.table", append([]string{"--format", "table", "--backtest", "30d"}, small...)},
		{"churn.small.json", append([]string{"--format", "json"}, small...)},
		{"churn.csv", []string{"--format", "csv", ordersCSV}},
		{"churn.all.csv", []string{"--format", "csv", "--all", ordersCSV}},
		{"churn.rule.table", []string{"--format", "table", "--by", "rule", ordersCSV}},
		{"churn.rule.csv", []string{"--format", "csv", "--by", "rule", ordersCSV}},
		{"churn.level.table", []string{"--format", "table", "--by", "level", ordersCSV}},
		{"churn.level.jsonl", []string{"--format", "jsonl", "--by", "level", ordersCSV}},
		{"churn.backtest.table", []string{"--format", "table", "--backtest", "90d", ordersCSV}},
		{"churn.backtest.csv", []string{"--format", "csv", "--backtest", "13w", ordersCSV}},
		{"churn.dormant60.rule.table", []string{"--format", "table", "--by", "rule", "--dormant-days", "60", "--overdue-factor", "3", ordersCSV}},
		{"churn.show-rules.table", []string{"--format", "table", "--show-rules"}},
		{"churn.show-rules.csv", []string{"--format", "csv", "--show-rules", "--dormant-days", "60"}},
		{"churn.show-features.table", []string{"--format", "table", "--show-features"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs := runTwice(t, append([]string{"churn", "-q"}, tt.args...)...)
			assert.Empty(t, errs, "-q")
			golden(t, tt.name, out)
		})
	}
	t.Run("churn.stderr", func(t *testing.T) {
		code, _, errs := runCmd(t, "", "churn", "--format", "csv", ordersCSV)
		require.Equal(t, 0, code, errs)
		golden(t, "churn.stderr", errs)
	})
	t.Run("churn.backtest.stderr", func(t *testing.T) {
		code, _, errs := runCmd(t, "", "churn", "--format", "csv", "--backtest", "90d", ordersCSV)
		require.Equal(t, 0, code, errs)
		golden(t, "churn.backtest.stderr", errs)
	})
}

// TestChurnViewsAgree: the views are one computation, so the per-rule and
// per-level counts equal those counted from the --all customer list.
func TestChurnViewsAgree(t *testing.T) {
	code, out, errs := runCmd(t, "", "churn", "-q", "--format", "csv", "--all", ordersCSV)
	require.Equal(t, 0, code, errs)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	byRule, byLevel := map[string]string{}, map[string]string{}
	nRule, nLevel := map[string]int{}, map[string]int{}
	for _, r := range recs[1:] {
		nLevel[r[1]]++
		if r[2] != "" {
			nRule["any rule"]++
		}
		for _, name := range strings.Fields(r[2]) {
			nRule[name]++
		}
	}
	for _, v := range []struct {
		by  string
		out map[string]string
	}{{"rule", byRule}, {"level", byLevel}} {
		code, out, errs := runCmd(t, "", "churn", "-q", "--format", "csv", "--by", v.by, ordersCSV)
		require.Equal(t, 0, code, errs)
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err)
		col := 2 // customers
		if v.by == "level" {
			col = 1
		}
		for _, r := range recs[1:] {
			v.out[r[0]] = r[col]
		}
	}
	require.NotEmpty(t, byRule)
	for name, n := range nRule {
		assert.Equal(t, strconv.Itoa(n), byRule[name], name)
	}
	for name, n := range nLevel {
		assert.Equal(t, strconv.Itoa(n), byLevel[name], name)
	}
	assert.Greater(t, nRule["dormant"], 100)
}

// TestChurnLTVSeams: --value ltv and --compare ltv use what the ltv command
// puts in churnValueLTV and churnCompareLTV (here stand-ins: a value of
// 1.00 per purchase; a model that flags customers with one purchase).
func TestChurnLTVSeams(t *testing.T) {
	defer func(v churn.ValueFunc, c func(*ltvSeen) churn.Comparison) {
		churnValueLTV, churnCompareLTV = v, c
	}(churnValueLTV, churnCompareLTV)
	churnValueLTV = func(h *orders.Histories) ([]money.Amount, error) {
		v := make([]money.Amount, len(h.Customers))
		for i, c := range h.Customers {
			v[i] = money.Amount(len(c.Purchases)) * money.Scale
		}
		return v, nil
	}
	churnCompareLTV = func(*ltvSeen) churn.Comparison {
		return churn.Comparison{Name: "p_alive<0.5", Flag: func(cut *orders.Histories) ([]bool, error) {
			f := make([]bool, len(cut.Customers))
			for i, c := range cut.Customers {
				f[i] = len(c.Purchases) == 1
			}
			return f, nil
		}}
	}
	code, out, errs := runCmd(t, "", "churn", "-q", "--format", "csv", "--value", "ltv", "--as-of", "2024-06-30", churnSmall)
	require.Equal(t, 0, code, errs)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	value := map[string]string{}
	for _, r := range recs[1:] {
		value[r[0]] = r[10]
	}
	assert.Equal(t, map[string]string{"weekly": "9.00", "declining": "3.00", "once": "1.00"}, value)

	code, out, errs = runCmd(t, "", "churn", "-q", "--format", "csv", "--backtest", "30d", "--compare", "ltv", "--as-of", "2024-06-30", churnSmall)
	require.Equal(t, 0, code, errs)
	recs, err = csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	// At the cut 2024-05-31 the one-purchase customers are once (churned)
	// and declining has three: the stand-in flags once only.
	var row []string
	for _, r := range recs {
		if r[0] == "p_alive<0.5" {
			row = r
		}
	}
	require.NotNil(t, row, out)
	assert.Equal(t, []string{"1", "1", "1.0000"}, []string{row[2], row[3], row[4]})
}
