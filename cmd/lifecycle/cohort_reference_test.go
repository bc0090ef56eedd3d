package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// cohortCSV runs `lifecycle cohort --format csv ARGS` on input as stdin and
// returns its records.
func cohortCSV(t *testing.T, input []byte, args ...string) [][]string {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"cohort", "-q", "--format", "csv"}, args...), bytes.NewReader(input), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	recs, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	return recs
}

// TestUCICohortReference compares the monthly customers (counts), orders
// and revenue tables of UCI Online Retail with the DuckDB computation of
// testdata/reference/uci_cohort_month.sql (the query, tool and rules are in
// that file), cell by cell and exactly: every cell the table shows equals
// the reference (0 where the reference has no row), and every reference
// row is a cell of the table.
func TestUCICohortReference(t *testing.T) {
	in := openShared(t, "online-retail-dataset.csv.gz")
	f, err := os.Open("../../testdata/reference/uci_cohort_month.out.csv")
	require.NoError(t, err)
	defer f.Close()
	refRecs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"cohort", "age", "cohort_size", "customers", "orders", "revenue"}, refRecs[0])
	type key struct {
		cohort string
		age    int
	}
	ref := map[key][]string{}
	sizes := map[string]string{}
	for _, r := range refRecs[1:] {
		age, err := strconv.Atoi(r[1])
		require.NoError(t, err)
		ref[key{r[0], age}] = r
		sizes[r[0]] = r[2]
	}
	metrics := []struct {
		args []string
		col  int // in the reference
	}{
		{[]string{"--metric", "customers", "--absolute"}, 3},
		{[]string{"--metric", "orders"}, 4},
		{[]string{"--metric", "revenue"}, 5},
	}
	for _, m := range metrics {
		t.Run(m.args[1], func(t *testing.T) {
			recs := cohortCSV(t, in, append(m.args, "-")...)
			head := recs[0]
			require.Equal(t, []string{"cohort", "cohort_start", "customers", "incomplete", "m0"}, head[:5])
			require.Len(t, recs, 1+len(sizes), "one row per cohort")
			seen := 0
			for _, r := range recs[1:] {
				assert.Equal(t, sizes[r[0]], r[2], "size of cohort %s", r[0])
				assert.Equal(t, r[0]+"-01", r[1])
				for j := 4; j < len(r); j++ {
					age, err := strconv.Atoi(strings.TrimPrefix(head[j], "m"))
					require.NoError(t, err)
					if r[j] == "" {
						continue // an age the cohort has not reached
					}
					want := "0"
					if w, ok := ref[key{r[0], age}]; ok {
						want = w[m.col]
						seen++
					}
					if m.col == 5 {
						w, err := money.ParseString(want, money.Options{})
						require.NoError(t, err)
						g, err := money.ParseString(r[j], money.Options{})
						require.NoError(t, err)
						assert.Equal(t, w, g, "%s age %d", r[0], age)
					} else {
						assert.Equal(t, want, r[j], "%s age %d", r[0], age)
					}
				}
				// Only the last cell of a row can be the unfinished month
				// (December 2011, as of 2011-12-09): all of them are.
				assert.Equal(t, "true", r[3], r[0])
			}
			assert.Equal(t, len(ref), seen, "every reference cell is in the table")
		})
	}
	// The last LTV cells of the cohorts add up to the net revenue of the
	// customers with a purchase, as DuckDB computed it per customer
	// (uci_customers.csv.gz, uci_customers.sql).
	var sum money.Amount
	recs := cohortCSV(t, in, "--metric", "ltv", "--absolute", "-")
	for _, r := range recs[1:] {
		j := len(r) - 1
		for r[j] == "" {
			j--
		}
		a, err := money.ParseString(r[j], money.Options{})
		require.NoError(t, err)
		sum += a
	}
	cf, err := os.Open("../../testdata/reference/uci_customers.csv.gz")
	require.NoError(t, err)
	defer cf.Close()
	zr, err := gzip.NewReader(cf)
	require.NoError(t, err)
	custs, err := csv.NewReader(zr).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"customer", "purchases", "net_revenue"}, custs[0][:3])
	var want money.Amount
	buyers := 0
	for _, r := range custs[1:] {
		if r[1] == "0" {
			continue // only returns: no cohort
		}
		buyers++
		a, err := money.ParseString(r[2], money.Options{})
		require.NoError(t, err)
		want += a
	}
	assert.Equal(t, want, sum, "last LTV cells = net revenue of the customers with a purchase")
	total := 0
	for _, s := range sizes {
		n, _ := strconv.Atoi(s)
		total += n
	}
	assert.Equal(t, buyers, total, "cohort sizes = customers with a purchase")
}
