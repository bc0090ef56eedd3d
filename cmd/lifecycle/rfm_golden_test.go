package main

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// rfmSmall is a hand-made store of 11 customers, as of 2024-03-31 (its
// last order). Its scores, worked by hand with the quantile rule of package
// rfm (5 bins):
//
//	customer  recency  orders  net     r f m  code  standard            cn8 (mean)      rf
//	c01             0       6  600.00  5 5 5  555   Champions           Important Value Champions
//	c02             1       4  250.00  5 4 5  545   Champions           Important Value Champions
//	c03             6       3  120.00  4 3 4  434   Need Attention      General Value   Potential Loyalists
//	c04            11       2   80.00  4 2 3  423   Potential Loyalist  General Dev.    Potential Loyalists
//	c05            30       2   80.00  3 2 3  323   Potential Loyalist  General Dev.    About To Sleep
//	c06            45       1   45.00  3 1 3  313   Promising           General Win-back About To Sleep
//	c07            59       1   30.00  2 1 2  212   Hibernating         General Win-back Hibernating
//	c08            76       1   30.00  2 1 2  212   Hibernating         General Win-back Hibernating
//	c09            90       1   20.00  1 1 1  111   Lost                General Win-back Hibernating
//	c10           121       1   10.00  1 1 1  111   Lost                General Win-back Hibernating
//
// c11 has only a return: left out, and counted on stderr. c02's net is its
// 270.00 of purchases less a 20.00 return; c01's last two orders share a day.
//
// r: ten distinct recencies, two per bin. f: the five one-order customers
// cannot be split, and sizes 5,2,1,1,1 (1 order; 2; 3; 4; 6) have the least
// sum of squares, 32. m: the sorted values 10 20 30 30 45 80 80 120 250 600
// cannot be cut after 6 values (80 and 80), so no split has five pairs; the
// least sum of squares, 22, comes with one bin of 3 and one of 1; of those,
// the cuts after 2, 4, 7 and 8 values and after 2, 4, 5 and 8 are nearest
// the quantiles 2, 4, 6, 8 (one value off in all), and the rule prefers the
// larger cuts from the last: 2, 4, 7, 8. So 10 and 20 score 1, 30 scores 2,
// 45 and 80 score 3, 120 scores 4, 250 and 600 score 5.
//
// cn8 means: recency 43.9 days (c01-c05 recent), frequency 2.2 (c01-c03
// frequent), monetary 126.50 (c01, c02 high).
const rfmSmall = "testdata/rfm-small.csv"

// TestRFMSmallByHand checks the table above on the command's CSV output.
func TestRFMSmallByHand(t *testing.T) {
	want := map[string][4]string{ // code, standard, cn8, rf
		"c01": {"555", "Champions", "Important Value", "Champions"},
		"c02": {"545", "Champions", "Important Value", "Champions"},
		"c03": {"434", "Need Attention", "General Value", "Potential Loyalists"},
		"c04": {"423", "Potential Loyalist", "General Development", "Potential Loyalists"},
		"c05": {"323", "Potential Loyalist", "General Development", "About To Sleep"},
		"c06": {"313", "Promising", "General Win-back", "About To Sleep"},
		"c07": {"212", "Hibernating", "General Win-back", "Hibernating"},
		"c08": {"212", "Hibernating", "General Win-back", "Hibernating"},
		"c09": {"111", "Lost", "General Win-back", "Hibernating"},
		"c10": {"111", "Lost", "General Win-back", "Hibernating"},
	}
	for i, scheme := range []string{"standard", "cn8", "rf"} {
		code, out, errs := runCmd(t, "", "rfm", "--scheme", scheme, "--format", "csv", rfmSmall)
		require.Equal(t, 0, code, errs)
		assert.Contains(t, errs, "lifecycle: left out 1 customer with returns but no purchase up to the as-of date\n")
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err)
		require.Len(t, recs, 11)
		assert.Equal(t, []string{"customer_id", "recency_days", "frequency", "monetary", "first_purchase", "last_purchase", "r", "f", "m", "rfm", "segment"}, recs[0])
		for _, r := range recs[1:] {
			w, ok := want[r[0]]
			require.True(t, ok, r[0])
			assert.Equal(t, w[0], r[9], "%s code", r[0])
			assert.Equal(t, w[0], r[6]+r[7]+r[8], "%s scores", r[0])
			assert.Equal(t, w[i+1], r[10], "%s %s", r[0], scheme)
		}
	}
	_, out, _ := runCmd(t, "", "rfm", "-q", "--format", "csv", rfmSmall)
	assert.Contains(t, out, "c02,1,4,250.00,2023-09-01,2024-03-30,5,4,5,545,Champions\n")
	assert.Contains(t, out, "c07,59,1,30.00,2024-02-01,2024-02-01,2,1,2,212,Hibernating\nc08,76,", "ties by id")
	_, out, _ = runCmd(t, "", "rfm", "-q", "--format", "csv", "--frequency", "days", "--monetary", "average", rfmSmall)
	assert.Contains(t, out, "c01,0,5,120.00,", "6 orders on 5 days, 600 / 5")
	assert.Contains(t, out, "c02,1,4,62.50,")
}

// TestRFMGolden pins the output of `lifecycle rfm` for each scheme and view
// on the hand-made store and the bundled example store, with the
// scheme tables of --show-scheme. Each command runs twice: the output must
// not vary between runs.
func TestRFMGolden(t *testing.T) {
	cases := []struct {
		name string
		args []string
	}{
		{"rfm.small.standard.csv", []string{"--format", "csv", rfmSmall}},
		{"rfm.small.standard.segment.table", []string{"--by", "segment", "--format", "table", rfmSmall}},
		{"rfm.small.cn8.table", []string{"--scheme", "cn8", "--format", "table", rfmSmall}},
		{"rfm.small.cn8.zh.segment.table", []string{"--scheme", "cn8", "--lang", "zh", "--by", "segment", "--format", "table", rfmSmall}},
		{"rfm.small.rf.json", []string{"--scheme", "rf", "--format", "json", rfmSmall}},
		{"rfm.small.cuts.tsv", []string{"--cuts", "r=7,30,60,90", "--cuts", "f=2,3,4,6", "--cuts", "m=25,50,100,500", "--format", "tsv", rfmSmall}},
		{"rfm.standard.csv", []string{"--format", "csv", ordersCSV}},
		{"rfm.standard.segment.table", []string{"--by", "segment", "--format", "table", ordersCSV}},
		{"rfm.standard.segment.jsonl", []string{"--by", "segment", "--format", "jsonl", ordersCSV}},
		{"rfm.cn8.segment.table", []string{"--scheme", "cn8", "--by", "segment", "--format", "table", ordersCSV}},
		{"rfm.cn8.median.zh.segment.csv", []string{"--scheme", "cn8", "--split", "median", "--lang", "zh", "--by", "segment", "--format", "csv", ordersCSV}},
		{"rfm.cn8.csv", []string{"--scheme", "cn8", "--format", "csv", ordersCSV}},
		{"rfm.rf.segment.table", []string{"--scheme", "rf", "--by", "segment", "--format", "table", ordersCSV}},
		{"rfm.rf.csv", []string{"--scheme", "rf", "--format", "csv", ordersCSV}},
		{"rfm.show.standard.csv", []string{"--show-scheme", "--format", "csv"}},
		{"rfm.show.standard.zh.table", []string{"--show-scheme", "--lang", "zh", "--format", "table"}},
		{"rfm.show.rf.table", []string{"--show-scheme", "--scheme", "rf", "--format", "table"}},
		{"rfm.show.cn8.table", []string{"--show-scheme", "--scheme", "cn8", "--format", "table"}},
		{"rfm.show.cn8.zh.table", []string{"--show-scheme", "--scheme", "cn8", "--lang", "zh", "--format", "table"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _ := runTwice(t, append([]string{"rfm"}, c.args...)...)
			golden(t, c.name, out)
		})
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"rfm.small.stderr", []string{"--format", "csv", rfmSmall}},
		{"rfm.cn8.stderr", []string{"--scheme", "cn8", "--format", "csv", ordersCSV}},
		{"rfm.small.cuts.stderr", []string{"--cuts", "r=7,30,60,90", "--cuts", "f=2,3,4,6", "--cuts", "m=25,50,100,500", "--format", "tsv", rfmSmall}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runCmd(t, "", append([]string{"rfm"}, c.args...)...)
			require.Equal(t, 0, code, errs)
			golden(t, c.name, errs)
		})
	}
}

// TestRFMViewsAgree: the segment view sums up the customer view: per
// segment, its customers and net revenue (with --monetary total, the
// monetary column).
func TestRFMViewsAgree(t *testing.T) {
	for _, scheme := range []string{"standard", "cn8", "rf"} {
		_, cust, _ := runCmd(t, "", "rfm", "-q", "--scheme", scheme, "--format", "csv", ordersCSV)
		_, seg, _ := runCmd(t, "", "rfm", "-q", "--scheme", scheme, "--by", "segment", "--format", "csv", ordersCSV)
		crecs, err := csv.NewReader(strings.NewReader(cust)).ReadAll()
		require.NoError(t, err)
		srecs, err := csv.NewReader(strings.NewReader(seg)).ReadAll()
		require.NoError(t, err)
		count := map[string]int{}
		net := map[string]int64{}
		for _, r := range crecs[1:] {
			count[r[10]]++
			net[r[10]] += int64(parseMoney(t, r[3]))
		}
		for _, r := range srecs[1:] {
			assert.Equal(t, r[1], strconv.Itoa(count[r[0]]), "%s %s customers", scheme, r[0])
			assert.Equal(t, int64(parseMoney(t, r[3])), net[r[0]], "%s %s net", scheme, r[0])
		}
		assert.Len(t, count, len(srecs)-1, "every segment with customers is listed")
	}
}

// TestRFMExitCodes runs the rfm command lines of each exit code in memory
// (the scripts run them as processes).
func TestRFMExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"ok", []string{"rfm", "-q", rfmSmall}, 0, ""},
		{"show scheme needs no input", []string{"rfm", "--show-scheme"}, 0, ""},
		{"no args", []string{"rfm"}, 2, "missing file argument"},
		{"bad bins", []string{"rfm", "--bins", "12", rfmSmall}, 2, "--bins 12: use 2 to 9"},
		{"bins for standard", []string{"rfm", "--bins", "4", rfmSmall}, 2, "--bins 4: scheme standard is written for 5 bins"},
		{"cn8 bins", []string{"rfm", "-q", "--scheme", "cn8", "--bins", "3", rfmSmall}, 0, ""},
		{"cuts for bins", []string{"rfm", "-q", "--scheme", "cn8", "--bins", "3", "--cuts", "f=2,4", rfmSmall}, 0, ""},
		{"cuts count", []string{"rfm", "--cuts", "r=7,30,90", rfmSmall}, 2, "--cuts r=7,30,90: 3 thresholds; 5 bins need 4"},
		{"cuts order", []string{"rfm", "--cuts", "m=10,5,20,30", rfmSmall}, 2, "--cuts m=10.00,5.00,20.00,30.00: not ascending: 10.00 then 5.00"},
		{"cuts measure", []string{"rfm", "--cuts", "q=1,2,3,4", rfmSmall}, 2, `--cuts q=1,2,3,4: unknown measure "q" (use r, f or m)`},
		{"cuts number", []string{"rfm", "--cuts", "f=1,two,3,4", rfmSmall}, 2, `--cuts f=1,two,3,4: "two" is not a number of purchases`},
		{"scheme", []string{"rfm", "--scheme", "rfm11", rfmSmall}, 2, `--scheme: unknown scheme "rfm11" (use standard, cn8, rf)`},
		{"scheme and file", []string{"rfm", "--scheme", "rf", "--scheme-file", "x.yaml", rfmSmall}, 2, "give --scheme or --scheme-file, not both"},
		{"missing scheme file", []string{"rfm", "--scheme-file", "testdata/nope.yaml", rfmSmall}, 2, "--scheme-file: open testdata/nope.yaml"},
		{"split", []string{"rfm", "--split", "median", rfmSmall}, 2, "--split applies to --scheme cn8, not standard"},
		{"split value", []string{"rfm", "--scheme", "cn8", "--split", "mode", rfmSmall}, 2, `--split "mode": use mean or median`},
		{"lang", []string{"rfm", "--lang", "fr", rfmSmall}, 2, `--lang "fr": use en or zh`},
		{"by", []string{"rfm", "--by", "month", rfmSmall}, 2, `--by "month": use customer or segment`},
		{"frequency", []string{"rfm", "--frequency", "weeks", rfmSmall}, 2, `--frequency "weeks": use orders or days`},
		{"monetary", []string{"rfm", "--monetary", "median", rfmSmall}, 2, `--monetary "median": use total or average`},
		{"usage before data", []string{"rfm", "--lang", "fr", "nope.csv"}, 2, "--lang"},
		{"missing file", []string{"rfm", "nope.csv"}, 1, "nope.csv"},
		{"only returns", []string{"rfm", "-"}, 1, "no customer has a purchase on or before the as-of date 2024-01-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdin := ""
			if tt.name == "only returns" {
				stdin = "order_id,customer_id,order_date,amount\n1,a,2024-01-02,-5\n"
			}
			code, stdout, errs := runCmd(t, stdin, tt.args...)
			assert.Equal(t, tt.code, code, errs)
			assert.Contains(t, errs, tt.err)
			if tt.code != 0 {
				assert.Empty(t, stdout)
			}
			if tt.code == 2 {
				assert.NotContains(t, errs, "columns", "no input read")
			}
		})
	}
}

func parseMoney(t *testing.T, s string) money.Amount {
	t.Helper()
	a, err := money.ParseString(s, money.Options{})
	require.NoError(t, err)
	return a
}
