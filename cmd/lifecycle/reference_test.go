package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/orders"
)

// The figures these tests compare with were computed independently with
// DuckDB; the queries, the tool's version and the rules they encode are in
// testdata/reference/*.sql, their results in *.out.csv (bench/reference.sh
// regenerates them). The data files are the shared datasets, absent from a
// fresh clone: the tests skip then.

const sharedData = "../../../shared/data/"

// openShared returns a shared dataset, decompressed, or skips the test.
func openShared(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(sharedData + name)
	if os.IsNotExist(err) {
		t.Skipf("%s not present (../shared/data is not part of the repository)", name)
	}
	require.NoError(t, err)
	if bytes.HasSuffix([]byte(name), []byte(".gz")) {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		require.NoError(t, err)
		b, err = io.ReadAll(zr)
		require.NoError(t, err)
	}
	return b
}

// reference reads a metric,value file of testdata/reference.
func reference(t *testing.T, name string) map[string]string {
	t.Helper()
	f, err := os.Open("../../testdata/reference/" + name)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	m := map[string]string{}
	for _, r := range recs[1:] {
		m[r[0]] = r[1]
	}
	return m
}

// summaryJSON runs `lifecycle summary --format json ARGS` on input as stdin.
func summaryJSON(t *testing.T, input []byte, args ...string) map[string]map[string]any {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"summary", "--format", "json"}, args...), bytes.NewReader(input), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	var got map[string]map[string]any
	dec := json.NewDecoder(bytes.NewReader(resultJSON(t, out.Bytes(), "summary")))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&got))
	return got
}

func num(t *testing.T, v any) string {
	t.Helper()
	n, ok := v.(json.Number)
	require.True(t, ok, "%v is not a number", v)
	return n.String()
}

func sameMoney(t *testing.T, want string, got any, what string) {
	t.Helper()
	w, err := money.ParseString(want, money.Options{})
	require.NoError(t, err)
	g, err := money.ParseString(num(t, got), money.Options{})
	require.NoError(t, err)
	assert.Equal(t, w, g, what)
}

// TestUCIOnlineRetail: with no flags, the order-line columns and the
// cancellations are found, and customers, purchases, returns and net revenue
// equal the DuckDB computation exactly.
func TestUCIOnlineRetail(t *testing.T) {
	in := openShared(t, "online-retail-dataset.csv.gz")
	ref := reference(t, "uci_summary.out.csv")
	got := summaryJSON(t, in, "-")
	c := got["customers"]
	assert.Equal(t, ref["customers"], num(t, c["customers"]))
	assert.Equal(t, ref["purchases"], num(t, c["orders"]))
	assert.Equal(t, ref["returns"], num(t, c["returns"]))
	sameMoney(t, ref["purchase_value_exact"], c["gross_revenue"], "gross revenue")
	sameMoney(t, ref["return_value_exact"], c["returns_value"], "returns value")
	sameMoney(t, ref["net_revenue_exact"], c["net_revenue"], "net revenue")
	assert.Equal(t, ref["repeat_customers"], num(t, got["repeat"]["repeat_customers"]))
	assert.Equal(t, ref["purchase_gap_days_median"], num(t, got["repeat"]["median_days_between_orders"]))
	assert.Equal(t, ref["rows_all"], num(t, got["input"]["rows"]))
	// The accounting covers every amount in the file, guest rows included
	// (1,447,682.12 of them were once left out).
	sameMoney(t, ref["check_total_all_rows_exact"], got["input"]["input_total"], "sum of all amounts read")
	assert.Equal(t, "2010-12-01", got["period"]["first_order"])
	assert.Equal(t, "2011-12-09", got["period"]["last_order"])
}

// TestUCIPerCustomer compares every customer's purchases, net revenue and
// first and last purchase days with the DuckDB computation.
func TestUCIPerCustomer(t *testing.T) {
	in := openShared(t, "online-retail-dataset.csv.gz")
	h, err := orders.Read([]orders.Input{{Name: "uci", R: bytes.NewReader(in)}}, orders.Options{MaxBad: 0.05})
	require.NoError(t, err)
	f, err := os.Open("../../testdata/reference/uci_customers.csv.gz")
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	recs, err := csv.NewReader(zr).ReadAll()
	require.NoError(t, err)
	byID := map[string]*orders.Customer{}
	for i := range h.Customers {
		byID[h.Customers[i].ID] = &h.Customers[i]
	}
	require.Equal(t, len(recs)-1, len(byID))
	for _, r := range recs[1:] {
		c := byID[r[0]]
		require.NotNil(t, c, r[0])
		n, _ := strconv.Atoi(r[1])
		assert.Equal(t, n, len(c.Purchases), r[0])
		want, err := money.ParseString(r[2], money.Options{})
		require.NoError(t, err)
		assert.Equal(t, want, c.Net(), r[0])
		if n == 0 {
			continue // a customer with only returns
		}
		assert.Equal(t, r[3], dates.DayString(c.Purchases[0].Day), r[0])
		assert.Equal(t, r[4], dates.DayString(c.Purchases[len(c.Purchases)-1].Day), r[0])
	}
}

// TestCDNOW: the whitespace-aligned master file with its header line, and
// the headerless sample with two id columns.
func TestCDNOW(t *testing.T) {
	t.Run("master", func(t *testing.T) {
		in := openShared(t, "CDNOW_master.txt.gz")
		ref := reference(t, "cdnow_master.out.csv")
		got := summaryJSON(t, in, "-")
		assert.Equal(t, "23570", ref["customers"])
		assert.Equal(t, ref["customers"], num(t, got["customers"]["customers"]))
		assert.Equal(t, ref["rows"], num(t, got["customers"]["orders"]), "identical rows are separate orders")
		assert.Equal(t, ref["repeat_customers"], num(t, got["repeat"]["repeat_customers"]))
		sameMoney(t, "2500315.63", got["customers"]["net_revenue"], "published total")
		sameMoney(t, ref["total_value"], got["customers"]["net_revenue"], "DuckDB total")
	})
	t.Run("sample", func(t *testing.T) {
		in := openShared(t, "CDNOW_sample.txt")
		ref := reference(t, "cdnow_sample.out.csv")
		got := summaryJSON(t, in, "--no-header", "--customer", "2", "--date", "3", "--amount", "5", "-")
		assert.Equal(t, "2357", num(t, got["customers"]["customers"]))
		assert.Equal(t, ref["rows"], num(t, got["customers"]["orders"]))
		sameMoney(t, "244091.94", got["customers"]["net_revenue"], "published total")
		sameMoney(t, ref["total_value"], got["customers"]["net_revenue"], "DuckDB total")
	})
}

// sharedPath returns the path of a shared dataset, or skips the test.
func sharedPath(t *testing.T, name string) string {
	t.Helper()
	p := sharedData + name
	if _, err := os.Stat(p); os.IsNotExist(err) {
		t.Skipf("%s not present (../shared/data is not part of the repository)", name)
	}
	return p
}

// runJSON runs `lifecycle summary --format json ARGS` with no input and
// returns the decoded output and stderr.
func runJSON(t *testing.T, args ...string) (map[string]map[string]any, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"summary", "--format", "json"}, args...), bytes.NewReader(nil), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	var got map[string]map[string]any
	dec := json.NewDecoder(bytes.NewReader(resultJSON(t, out.Bytes(), "summary")))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&got))
	return got, errb.String()
}

// TestSuperstore: Tableau's Sample - Superstore, gzipped, in Windows-1252
// with CRLF and M/D/YYYY dates, reads with no flags and gives its published
// figures: 9,994 rows, 793 customers, 5,009 orders and sales of
// 2,297,200.86 (the Sales column sums to 2,297,200.8603, which is that to
// the cent).
func TestSuperstore(t *testing.T) {
	path := sharedPath(t, "Sample - Superstore.csv.gz")
	got, stderr := runJSON(t, path)
	assert.Contains(t, stderr, path+": not UTF-8; read as Windows-1252 (give --encoding to choose)\n")
	assert.Contains(t, stderr, "dates read as M/D/YYYY")
	assert.Equal(t, "9994", num(t, got["input"]["rows"]))
	assert.Equal(t, "0", num(t, got["input"]["rows_skipped"]))
	assert.Equal(t, "793", num(t, got["customers"]["customers"]))
	assert.Equal(t, "5009", num(t, got["customers"]["orders"]))
	net, err := money.ParseString(num(t, got["customers"]["net_revenue"]), money.Options{})
	require.NoError(t, err)
	assert.Equal(t, "2297200.86", net.Round(2).String(), "net revenue to the cent")
	assert.Equal(t, "2014-01-03", got["period"]["first_order"])
	assert.Equal(t, "2017-12-30", got["period"]["last_order"])

	// --encoding latin1 gives the same, without the message.
	given, stderr := runJSON(t, "--encoding", "latin1", path)
	assert.NotContains(t, stderr, "Windows-1252")
	assert.Equal(t, got, given)
}

// TestUCIGzipPath: the .gz file named on the command line gives the JSON
// that its decompressed bytes on standard input give.
func TestUCIGzipPath(t *testing.T) {
	path := sharedPath(t, "online-retail-dataset.csv.gz")
	fromStdin := summaryJSON(t, openShared(t, "online-retail-dataset.csv.gz"), "-")
	fromFile, _ := runJSON(t, path)
	assert.Equal(t, "stdin", fromStdin["input"]["files"])
	assert.Equal(t, path, fromFile["input"]["files"])
	delete(fromStdin["input"], "files")
	delete(fromFile["input"], "files")
	assert.Equal(t, fromStdin, fromFile)
}
