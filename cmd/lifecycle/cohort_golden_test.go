package main

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cohortSmall is a hand-made store built for the unfinished period: its
// last order, hence the as-of date, is 2024-03-15, so March is unfinished.
//
//	ann  Jan 5 10, Jan 20 5, Feb 10 20, Mar 2 7; return Feb 15 -4  UK (France on Mar 2)
//	bob  Jan 31 100; return Mar 1 -30                               France
//	cy   Feb 1 50 and 10 (two orders on one day)                    UK
//	dee  Feb 28 8, Mar 10 8                                         France
//	eve  Mar 5 1                                                    UK
//	fay  return Feb 2 -9 only: no cohort                            UK
//	gus  return 2023-12-20 -6 (before his purchase), Jan 10 40      Germany
//	hal  Mar 15 12                                                  Germany
//
// Cohorts: Jan ann bob gus (3), Feb cy dee (2), Mar eve hal (2).
// Net revenue by age (the return before gus's purchase at age 0):
// Jan 15+100+40-6 = 149, 20-4 = 16, 7-30 = -23; Feb 60+8 = 68, 8; Mar 13.
// LTV per customer: Jan 49.67, 55.00, 47.33*; Feb 34.00, 38.00*; Mar 6.50*.
// Average, over the complete cells only (March is left out):
// m0 (149+68)/(3+2) = 43.40, m1 165/3 = 55.00, m2 none.
// Retention: Jan 100%, 1/3 (ann), 1/3* (ann); Feb 100%, 1/2* (dee);
// average m0 100%, m1 33.3%.
const cohortSmall = "testdata/cohort-small.csv"

// TestCohortGolden pins the whole output of `lifecycle cohort` for each
// metric (and its per-customer or absolute form), each period, --by and
// the unfinished period, in the terminal table and machine formats. Each
// command runs twice: the output must not vary between runs.
func TestCohortGolden(t *testing.T) {
	cases := []struct {
		name string
		args []string
	}{
		{"cohort.customers.table", []string{"--format", "table", ordersCSV}},
		{"cohort.customers.csv", []string{"--format", "csv", ordersCSV}},
		{"cohort.customers.absolute.table", []string{"--absolute", "--format", "table", ordersCSV}},
		{"cohort.orders.table", []string{"--metric", "orders", "--format", "table", ordersCSV}},
		{"cohort.orders.csv", []string{"--metric", "orders", "--format", "csv", ordersCSV}},
		{"cohort.orders.per-customer.table", []string{"--metric", "orders", "--per-customer", "--format", "table", ordersCSV}},
		{"cohort.revenue.table", []string{"--metric", "revenue", "--format", "table", ordersCSV}},
		{"cohort.revenue.csv", []string{"--metric", "revenue", "--format", "csv", ordersCSV}},
		{"cohort.revenue.per-customer.tsv", []string{"--metric", "revenue", "--per-customer", "--format", "tsv", ordersCSV}},
		{"cohort.ltv.table", []string{"--metric", "ltv", "--format", "table", ordersCSV}},
		{"cohort.ltv.absolute.csv", []string{"--metric", "ltv", "--absolute", "--format", "csv", ordersCSV}},
		{"cohort.repeat.table", []string{"--metric", "repeat", "--format", "table", ordersCSV}},
		{"cohort.repeat.absolute.jsonl", []string{"--metric", "repeat", "--absolute", "--format", "jsonl", ordersCSV}},
		{"cohort.day.table", []string{"--period", "day", "--ages", "1,7,30", "--from", "2024-12-01", "--format", "table", ordersCSV}},
		{"cohort.day.repeat.csv", []string{"--period", "day", "--ages", "30,1,7", "--metric", "repeat", "--format", "csv", ordersCSV}},
		{"cohort.week.table", []string{"--period", "week", "--from", "2024-10", "--max-age", "8", "--format", "table", ordersCSV}},
		{"cohort.quarter.table", []string{"--period", "quarter", "--format", "table", ordersCSV}},
		{"cohort.quarter.ltv.json", []string{"--period", "quarter", "--metric", "ltv", "--format", "json", ordersCSV}},
		{"cohort.year.revenue.table", []string{"--period", "year", "--metric", "revenue", "--per-customer", "--format", "table", ordersCSV}},
		{"cohort.mid-month.table", []string{"--as-of", "2024-12-15", "--to", "2024-06", "--format", "table", ordersCSV}},
		{"cohort.small.table", []string{"--format", "table", cohortSmall}},
		{"cohort.small.csv", []string{"--format", "csv", cohortSmall}},
		{"cohort.small.ltv.table", []string{"--metric", "ltv", "--format", "table", cohortSmall}},
		{"cohort.small.complete-only.table", []string{"--metric", "ltv", "--complete-only", "--format", "table", cohortSmall}},
		{"cohort.small.complete-only.csv", []string{"--complete-only", "--format", "csv", cohortSmall}},
		{"cohort.small.by.table", []string{"--by", "country", "--metric", "revenue", "--format", "table", cohortSmall}},
		{"cohort.small.by.csv", []string{"--by", "country", "--format", "csv", cohortSmall}},
		{"cohort.small.by.json", []string{"--by", "5", "--metric", "ltv", "--format", "json", cohortSmall}},
		{"cohort.small.color.table", []string{"--color", "always", "--format", "table", cohortSmall}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _ := runTwice(t, append([]string{"cohort"}, c.args...)...)
			golden(t, c.name, out)
		})
	}
	t.Run("cohort.small.stderr", func(t *testing.T) {
		code, _, errs := runCmd(t, "", "cohort", "--format", "csv", cohortSmall)
		require.Equal(t, 0, code, errs)
		golden(t, "cohort.small.stderr", errs)
	})
}

// TestCohortSmallByHand checks the figures worked out by hand in the
// comment of cohortSmall on the command's output.
func TestCohortSmallByHand(t *testing.T) {
	_, out, _ := runCmd(t, "", "cohort", "-q", "--metric", "ltv", "--format", "table", cohortSmall)
	lines := strings.Split(out, "\n")
	require.GreaterOrEqual(t, len(lines), 7, out)
	assert.Equal(t, []string{"Cohort", "Customers", "M0", "M1", "M2"}, strings.Fields(lines[1]))
	assert.Equal(t, []string{"2024-01", "3", "49.67", "55.00", "47.33*"}, strings.Fields(lines[2]))
	assert.Equal(t, []string{"2024-02", "2", "34.00", "38.00*"}, strings.Fields(lines[3]))
	assert.Equal(t, []string{"2024-03", "2", "6.50*"}, strings.Fields(lines[4]))
	assert.Equal(t, []string{"Average", "7", "43.40", "55.00", "-"}, strings.Fields(lines[5]))
	assert.Contains(t, out, "* the month 2024-03 is unfinished: as of 2024-03-15")

	_, out, _ = runCmd(t, "", "cohort", "-q", "--format", "table", cohortSmall)
	lines = strings.Split(out, "\n")
	assert.Equal(t, []string{"2024-01", "3", "100.0%", "33.3%", "33.3%*"}, strings.Fields(lines[2]))
	assert.Equal(t, []string{"2024-02", "2", "100.0%", "50.0%*"}, strings.Fields(lines[3]))
	assert.Equal(t, []string{"Average", "7", "100.0%", "33.3%", "-"}, strings.Fields(lines[5]))

	// Revenue by age, exact, and the unfinished flags in CSV.
	_, out, _ = runCmd(t, "", "cohort", "-q", "--metric", "revenue", "--format", "csv", cohortSmall)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"cohort", "cohort_start", "customers", "incomplete", "m0", "m1", "m2"},
		{"2024-01", "2024-01-01", "3", "true", "149.00", "16.00", "-23.00"},
		{"2024-02", "2024-02-01", "2", "true", "68.00", "8.00", ""},
		{"2024-03", "2024-03-01", "2", "true", "13.00", "", ""},
	}, recs)

	// --complete-only: March's orders and cohort are gone, nothing is
	// unfinished; as of the end of March nothing is either.
	for _, args := range [][]string{{"--complete-only"}, {"--as-of", "2024-03-31"}} {
		_, out, _ = runCmd(t, "", append([]string{"cohort", "-q", "--metric", "revenue", "--format", "csv", cohortSmall}, args...)...)
		recs, err = csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err)
		for _, r := range recs[1:] {
			assert.Equal(t, "false", r[3], "%v %v", args, r)
		}
		if args[0] == "--complete-only" {
			assert.Equal(t, [][]string{
				{"cohort", "cohort_start", "customers", "incomplete", "m0", "m1"},
				{"2024-01", "2024-01-01", "3", "false", "149.00", "16.00"},
				{"2024-02", "2024-02-01", "2", "false", "68.00", ""},
			}, recs)
		}
	}
}

// TestCohortUsage: mistakes in the cohort flags are usage errors (exit 2)
// found before any input is read.
func TestCohortUsage(t *testing.T) {
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"--period", "fortnight"}, `--period "fortnight": use day, week, month, quarter or year`},
		{[]string{"--metric", "churn"}, `--metric "churn": use customers, orders, revenue, ltv or repeat`},
		{[]string{"--metric", "orders", "--absolute"}, "--absolute: orders are absolute already"},
		{[]string{"--per-customer"}, "--per-customer: customers is per acquired customer already"},
		{[]string{"--max-age", "-2"}, "--max-age -2: give 0 or more"},
		{[]string{"--max-age", "3", "--ages", "1,7"}, "give --ages or --max-age, not both"},
		{[]string{"--ages", "1,x"}, `--ages "1,x": give ages 0 or more`},
		{[]string{"--from", "2024-13"}, `--from "2024-13": use YYYY-MM-DD, YYYY-MM or YYYY`},
		{[]string{"--to", "2024-02-30"}, `--to "2024-02-30"`},
		{[]string{"--from", "2024-06", "--to", "2024-01"}, "--from 2024-06 is after --to 2024-01"},
		{[]string{"--plot", "out.gif"}, `--plot "out.gif": use a .png or .svg file name`},
		{[]string{"--plot", "-"}, "--plot -: give an image file name"},
		{[]string{"--plot", "x.png", "--by", "country"}, "--plot draws one table: not with --by"},
		{[]string{"--color", "sometimes"}, `--color "sometimes": use auto, always or never`},
	}
	for _, tt := range tests {
		code, out, errs := runCmd(t, "", append(append([]string{"cohort"}, tt.args...), "no-such-file.csv")...)
		assert.Equal(t, 2, code, "%v: %s", tt.args, errs)
		assert.Empty(t, out)
		assert.Contains(t, errs, tt.msg, tt.args)
		assert.NotContains(t, errs, "no-such-file", "flags are checked before the input is opened")
	}
	// A data error: no cohort in the periods asked for.
	code, _, errs := runCmd(t, "", "cohort", "--from", "2030", ordersCSV)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "no cohort to show")
}
