package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
)

// TestRFMUCIPerCustomer: on the UCI Online Retail file, every customer's
// recency, frequency, monetary value and first and last purchase days equal
// the independent DuckDB computation of testdata/reference/uci_customers.sql
// (its result, uci_customers.csv.gz: purchases, net revenue and the days of
// the first and last purchase per customer; recency is the as-of day minus
// the last). Customers with only returns are left out and counted. The
// scores follow the documented rule: within 1..5, equal values equal scores,
// better values never lower ones.
func TestRFMUCIPerCustomer(t *testing.T) {
	in := openShared(t, "online-retail-dataset.csv.gz")
	const asOf = "2011-12-09"
	var out, errb bytes.Buffer
	code := run([]string{"rfm", "--as-of", asOf, "--format", "csv", "-"}, bytes.NewReader(in), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	got, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	byID := map[string][]string{}
	for _, r := range got[1:] {
		byID[r[0]] = r
	}
	require.Len(t, byID, len(got)-1, "one row per customer")

	f, err := os.Open("../../testdata/reference/uci_customers.csv.gz")
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	ref, err := csv.NewReader(zr).ReadAll()
	require.NoError(t, err)
	asOfDay, err := dates.ParseDay(asOf)
	require.NoError(t, err)
	returnsOnly := 0
	for _, r := range ref[1:] {
		id, purchases := r[0], r[1]
		if purchases == "0" {
			returnsOnly++
			assert.NotContains(t, byID, id, "only returns: left out")
			continue
		}
		row, ok := byID[id]
		require.True(t, ok, id)
		last, err := dates.ParseDay(r[4])
		require.NoError(t, err)
		assert.Equal(t, strconv.Itoa(int(asOfDay-last)), row[1], "%s recency", id)
		assert.Equal(t, purchases, row[2], "%s frequency", id)
		assert.Equal(t, parseMoney(t, r[2]), parseMoney(t, row[3]), "%s monetary", id)
		assert.Equal(t, r[3], row[4], "%s first purchase", id)
		assert.Equal(t, r[4], row[5], "%s last purchase", id)
	}
	assert.Equal(t, len(ref)-1-returnsOnly, len(byID))
	assert.Equal(t, reference(t, "uci_summary.out.csv")["customers"], strconv.Itoa(len(byID)))
	assert.Contains(t, errb.String(), "left out "+strconv.Itoa(returnsOnly)+" customers with returns but no purchase")

	// The scores: per measure, sorted by value (better last), the scores
	// never go down and equal values share one.
	for dim, col := range map[string]int{"r": 6, "f": 7, "m": 8} {
		type vs struct {
			v     int64
			score string
		}
		var all []vs
		for _, row := range got[1:] {
			var v int64
			switch dim {
			case "r":
				n, _ := strconv.Atoi(row[1])
				v = -int64(n)
			case "f":
				n, _ := strconv.Atoi(row[2])
				v = int64(n)
			default:
				v = int64(parseMoney(t, row[3]))
			}
			require.Contains(t, []string{"1", "2", "3", "4", "5"}, row[col])
			all = append(all, vs{v, row[col]})
		}
		slices.SortFunc(all, func(a, b vs) int {
			if a.v != b.v {
				return compareInt64(a.v, b.v)
			}
			return strings.Compare(a.score, b.score)
		})
		for i := 1; i < len(all); i++ {
			require.LessOrEqual(t, all[i-1].score, all[i].score, "%s: %d then %d", dim, all[i-1].v, all[i].v)
			if all[i].v == all[i-1].v {
				require.Equal(t, all[i-1].score, all[i].score, "%s: equal values %d", dim, all[i].v)
			}
		}
	}
}

func compareInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
