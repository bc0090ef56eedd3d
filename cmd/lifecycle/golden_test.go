package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

const (
	ordersCSV = "../../testdata/orders.csv"
	dirtyCSV  = "../../testdata/genorders-dirty.csv"
)

// runCmd runs one command line in memory and returns its exit code, stdout
// and stderr.
func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares got with testdata/golden/name, or rewrites that file
// under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test ./cmd/lifecycle -run Golden -update` to create it")
	assert.Equal(t, string(want), got, "output differs from %s (-update rewrites it)", path)
}

// runTwice runs a command line that must succeed twice and returns its
// stdout and stderr, failing when the two runs differ: no output may vary
// from one run to the next (map order, goroutines, time).
func runTwice(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	code, out, errs := runCmd(t, "", args...)
	require.Equal(t, 0, code, errs)
	code2, out2, errs2 := runCmd(t, "", args...)
	require.Equal(t, 0, code2, errs2)
	assert.Equal(t, out, out2, "stdout differs between two runs")
	assert.Equal(t, errs, errs2, "stderr differs between two runs")
	return out, errs
}

// TestSummaryGolden pins the whole output of `lifecycle summary` in every
// format on the bundled example store, and in table and JSON on the
// genorders export with injected faults, with its diagnostics. Each command
// runs twice: the output must not vary between runs.
func TestSummaryGolden(t *testing.T) {
	type tc struct {
		file, name, format string
	}
	var cases []tc
	for _, f := range []string{"table", "csv", "tsv", "json", "jsonl"} {
		cases = append(cases, tc{ordersCSV, "summary." + f, f})
	}
	for _, f := range []string{"table", "json"} {
		cases = append(cases, tc{dirtyCSV, "summary.dirty." + f, f})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _ := runTwice(t, "summary", "--format", c.format, c.file)
			golden(t, c.name, out)
		})
	}
	t.Run("summary.dirty.stderr", func(t *testing.T) {
		code, _, errs := runCmd(t, "", "summary", "--format", "json", dirtyCSV)
		require.Equal(t, 0, code, errs)
		golden(t, "summary.dirty.stderr", errs)
	})
	t.Run("summary.stderr", func(t *testing.T) {
		code, _, errs := runCmd(t, "", "summary", "--format", "csv", ordersCSV)
		require.Equal(t, 0, code, errs)
		golden(t, "summary.stderr", errs)
	})
}

// TestGoldenAgreement: the formats are one report, so the figures of the
// CSV golden equal those of the JSON golden (a stale golden file of one
// format shows here).
func TestGoldenAgreement(t *testing.T) {
	csvb, err := os.ReadFile("testdata/golden/summary.csv")
	require.NoError(t, err)
	jsonb, err := os.ReadFile("testdata/golden/summary.json")
	require.NoError(t, err)
	var obj map[string]map[string]any
	dec := json.NewDecoder(bytes.NewReader(resultJSON(t, jsonb, "summary")))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&obj))
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(csvb)), "\n")[1:] {
		parts := strings.SplitN(line, ",", 3)
		require.Len(t, parts, 3, line)
		if strings.Contains(parts[1], "[") {
			continue // a table cell; the tables are checked by the golden files
		}
		v, ok := obj[parts[0]][parts[1]]
		require.True(t, ok, "%s.%s in CSV but not in JSON", parts[0], parts[1])
		var s string
		switch v := v.(type) {
		case json.Number:
			s = v.String()
		case string:
			s = v
		default:
			s = ""
		}
		assert.Equal(t, strings.Trim(parts[2], `"`), s, "%s.%s", parts[0], parts[1])
		n++
	}
	assert.Greater(t, n, 30)
}

// summaryObject runs `lifecycle summary --format json ARGS` and decodes the
// object, numbers kept as text.
func summaryObject(t *testing.T, stdin string, args ...string) map[string]map[string]any {
	t.Helper()
	code, out, errs := runCmd(t, stdin, append([]string{"summary", "-q", "--format", "json"}, args...)...)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, errs, "-q")
	var obj map[string]map[string]any
	dec := json.NewDecoder(bytes.NewReader(resultJSON(t, []byte(out), "summary")))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&obj))
	return obj
}

// resultJSON returns the result in a JSON output, the member key of
// {"meta": {...}, key: ...}, after checking that there is a meta.
func resultJSON(t *testing.T, out []byte, key string) []byte {
	t.Helper()
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(out, &doc))
	require.Contains(t, doc, "meta")
	require.Contains(t, doc, key)
	require.Len(t, doc, 2, "meta and %s only", key)
	return doc[key]
}

func amountOf(t *testing.T, v any) money.Amount {
	t.Helper()
	n, ok := v.(json.Number)
	require.True(t, ok, "%v is not a number", v)
	a, err := money.ParseString(n.String(), money.Options{})
	require.NoError(t, err)
	return a
}

// TestAccounting checks the README's promise on the printed report: the sum
// of all amounts read equals net revenue plus cancelled orders, rows read
// once as duplicates, returns ignored and orders after the as-of date, for
// inputs that exercise each term.
func TestAccounting(t *testing.T) {
	const mixed = `order_id,customer_id,order_date,amount,status
1,ann,2024-01-05,10.00,paid
1,ann,2024-01-05,10.00,paid
2,ann,2024-01-20,-4.00,paid
3,bob,2024-02-01,25.00,cancelled
4,bob,2024-02-03,30.00,paid
5,cy,2024-03-01,-2.50,paid
6,cy,2024-03-09,99.99,paid
`
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"example store", "", []string{ordersCSV}},
		{"example store as of mid-2024", "", []string{"--as-of", "2024-06-30", ordersCSV}},
		{"dirty export", "", []string{dirtyCSV}},
		{"dirty export, returns ignored, early as-of", "", []string{"--returns", "ignore", "--as-of", "2022-06-30", dirtyCSV}},
		{"dirty export, duplicates kept", "", []string{"--keep-duplicates", dirtyCSV}},
		{"every term", mixed, []string{"--as-of", "2024-03-01", "-"}},
		{"every term, returns ignored", mixed, []string{"--returns", "ignore", "--as-of", "2024-02-15", "-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := summaryObject(t, tt.stdin, tt.args...)
			in := obj["input"]
			total := amountOf(t, in["input_total"])
			sum := amountOf(t, obj["customers"]["net_revenue"]) +
				amountOf(t, in["no_customer_value"]) +
				amountOf(t, in["skipped_value"]) +
				amountOf(t, in["cancelled_value"]) +
				amountOf(t, in["duplicate_value"]) +
				amountOf(t, in["ignored_returns_value"]) +
				amountOf(t, in["orders_after_as_of_value"])
			assert.Equal(t, total, sum, "input_total = net_revenue + no customer + other skipped + cancelled + duplicates + ignored returns + after as-of")
			assert.NotZero(t, total)
		})
	}
	// The mixed input has every term non-zero under one of the runs.
	obj := summaryObject(t, mixed, "--as-of", "2024-03-01", "-")
	for _, k := range []string{"cancelled_value", "duplicate_value", "orders_after_as_of_value"} {
		assert.NotZero(t, amountOf(t, obj["input"][k]), k)
	}
	obj = summaryObject(t, mixed, "--returns", "ignore", "-")
	assert.NotZero(t, amountOf(t, obj["input"]["ignored_returns_value"]))
}

// TestInputTotalIsEveryAmount: the summary's sum of all amounts read is
// the sum of every amount in the file that parses, whatever its row became
// (skipped for a bad date, a missing or bad customer id, too many fields),
// computed here with a reader of its own (encoding/csv, plain decimals
// only), in the JSON and the CSV report alike; and the accounting lines add
// up to it.
func TestInputTotalIsEveryAmount(t *testing.T) {
	const guests = `order_id,customer_id,order_date,amount
1,ann,2024-01-05,10.00
2,,2024-01-06,20.00
3,bob,2024-13-40,40.00
4,cy,2024-01-08,x
5,dee,2024-01-09,1,000.50
6,"e` + "\x01" + `",2024-01-10,80.00
7,,2024-01-11,160.25
8,ann,2024-01-12,-5.00
9,fay,2024-01-13,"1,000.50"
10,gus,2024-01-14,320.00,,
`
	const lines = `InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID
536365,A,6,2010-12-01 08:26:00,2.55,17850.0
536365,B,2,2010-12-01 08:26:00,3.39,
536366,A,3,2010-12-01 09:00:00,1.25,
C536367,A,-1,2010-12-02 09:00:00,2.55,17850.0
536368,A,2,2010-12-32 10:00:00,5.00,12345
536369,A,1,2010-12-03 10:00:00,4.00,12345
`
	dirty, err := os.ReadFile(dirtyCSV)
	require.NoError(t, err)
	for _, tt := range []struct {
		name, text string
		args       []string
	}{
		{"genorders dirty", string(dirty), nil},
		{"guests and bad rows", guests, []string{"--max-bad", "50%"}},
		{"order lines with guests", lines, []string{"--max-bad", "50%"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := independentTotal(t, tt.text)
			obj := summaryObject(t, tt.text, append(tt.args, "-")...)
			in := obj["input"]
			assert.Equal(t, want, amountOf(t, in["input_total"]))
			sum := amountOf(t, obj["customers"]["net_revenue"])
			for _, k := range []string{"no_customer_value", "skipped_value", "cancelled_value", "duplicate_value", "ignored_returns_value", "orders_after_as_of_value"} {
				sum += amountOf(t, in[k])
			}
			assert.Equal(t, want, sum, "the accounting adds up to the sum of all amounts read")
			assert.NotZero(t, amountOf(t, in["no_customer_value"]))

			code, out, errs := runCmd(t, tt.text, append([]string{"summary", "-q", "--format", "csv"}, append(tt.args, "-")...)...)
			require.Equal(t, 0, code, errs)
			assert.Contains(t, out, "\ninput,input_total,"+want.String()+"\n")
		})
	}
}

// independentTotal sums the amount column of a CSV export, or quantity x
// unit price, with encoding/csv and a parser of plain decimals
// (-?digits[.digits], "," grouping thousands) that knows nothing of
// lifecycle's: fields of other forms are not amounts.
func independentTotal(t *testing.T, text string) money.Amount {
	t.Helper()
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\ufeff")))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	plain := regexp.MustCompile(`^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,6}))?$`)
	micro := func(rec []string, name string) (*big.Int, bool) {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return nil, false
		}
		m := plain.FindStringSubmatch(rec[i])
		if m == nil {
			return nil, false
		}
		v, _ := new(big.Int).SetString(strings.ReplaceAll(m[2], ",", "")+(m[3] + "000000")[:6], 10)
		if m[1] == "-" {
			v.Neg(v)
		}
		return v, true
	}
	total := new(big.Int)
	for _, rec := range recs[1:] {
		if a, ok := micro(rec, "amount"); ok {
			total.Add(total, a)
			continue
		}
		q, ok1 := micro(rec, "Quantity")
		p, ok2 := micro(rec, "UnitPrice")
		if ok1 && ok2 {
			// Micro-units times micro-units: exact here, as the
			// inputs have at most two decimals each.
			total.Add(total, new(big.Int).Quo(new(big.Int).Mul(q, p), big.NewInt(money.Scale)))
		}
	}
	require.True(t, total.IsInt64())
	return money.Amount(total.Int64())
}

// TestOutputFileLeavesNoTemporaryFiles: after -o runs that succeed and that
// fail, the directory holds the output file and nothing else.
func TestOutputFileLeavesNoTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.json")
	code, stdout, errs := runCmd(t, "", "summary", "-o", out, ordersCSV)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, stdout)
	first, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, json.Valid(first))

	code, _, _ = runCmd(t, "order_id,customer_id,order_date,amount\n1,a,2024-01-01,x\n", "summary", "--strict", "-o", out, "-")
	assert.Equal(t, 1, code)
	code, _, _ = runCmd(t, "", "summary", "-o", filepath.Join(dir, "out.xyz"), ordersCSV)
	assert.Equal(t, 2, code)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"out.json"}, names)
	after, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, first, after, "a failed run must leave the file as it was")
}

// TestExitCodes runs the command lines of each exit code in memory (the
// scripts run them as processes).
func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		err  string // a part of stderr
	}{
		{"ok", []string{"summary", "-q", ordersCSV}, 0, ""},
		{"help", []string{"--help"}, 0, ""},
		{"missing file", []string{"summary", "nope.csv"}, 1, "nope.csv"},
		{"no args", []string{"summary"}, 2, "missing file argument"},
		{"unknown flag", []string{"summary", "--nope", ordersCSV}, 2, "unknown flag: --nope"},
		{"unknown command", []string{"sumary"}, 2, `unknown command "sumary"`},
		{"unknown column", []string{"summary", "--customer", "client", ordersCSV}, 2, `--customer "client": no such column`},
		{"bad format", []string{"summary", "--format", "yaml", ordersCSV}, 2, `unknown output format "yaml"`},
		{"bad format, missing file", []string{"summary", "--format", "yaml", "nope.csv"}, 2, `unknown output format "yaml"`},
		{"bad tz", []string{"summary", "--tz", "Nowhere/Land", ordersCSV}, 2, `--tz "Nowhere/Land"`},
		{"bad as-of", []string{"summary", "--as-of", "2024-1-1x", ordersCSV}, 2, "--as-of"},
		{"bad max-bad", []string{"summary", "--max-bad", "five", ordersCSV}, 2, "--max-bad"},
		{"bad returns", []string{"summary", "--returns", "all", ordersCSV}, 2, "--returns"},
		{"bad delimiter", []string{"summary", "--delimiter", "::", ordersCSV}, 2, "--delimiter"},
		{"bad -o extension", []string{"summary", "-o", filepath.Join(t.TempDir(), "x.yaml"), ordersCSV}, 2, "x.yaml"},
		{"stdin twice", []string{"summary", "-", "-"}, 2, "standard input"},
		{"data error worded like cobra's", []string{"summary", "accepts 1 arg.csv"}, 1, "accepts 1 arg.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, errs := runCmd(t, "", tt.args...)
			assert.Equal(t, tt.code, code, errs)
			assert.Contains(t, errs, tt.err)
			if tt.code != 0 {
				assert.Empty(t, stdout)
				assert.True(t, strings.HasPrefix(errs, "lifecycle: "), errs)
			}
			help := "run 'lifecycle summary --help' for usage"
			if tt.args[0] != "summary" {
				help = "run 'lifecycle --help' for usage"
			}
			assert.Equal(t, tt.code == 2, strings.Contains(errs, help), errs)
		})
	}
}
