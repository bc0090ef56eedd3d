package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// headLines returns the first n lines of s.
func headLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "")
}

// TestLTVGolden pins the outputs of `lifecycle ltv` on the bundled example
// store (2,000 customers, 2023-2024; as of its last order): per customer
// (whole for the default model, the first rows for the others), --fit in
// every format and --holdout. Each command runs twice: the output must not
// vary between runs.
func TestLTVGolden(t *testing.T) {
	cases := []struct {
		name string
		args []string
		head int // 0: the whole output
	}{
		{"ltv.csv", []string{"--format", "csv"}, 0},
		{"ltv.table", []string{"--format", "table"}, 25},
		{"ltv.pareto-nbd.discount.csv", []string{"--model", "pareto-nbd", "--horizon", "12m", "--margin", "30%", "--discount", "0.1", "--format", "csv"}, 30},
		{"ltv.mbgnbd.days.csv", []string{"--model", "mbgnbd", "--time-unit", "day", "--horizon", "90d", "--format", "csv"}, 30},
		{"ltv.historical.csv", []string{"--model", "historical", "--format", "csv"}, 30},
		{"ltv.fit.json", []string{"--fit", "--format", "json"}, 0},
		{"ltv.fit.jsonl", []string{"--fit", "--format", "jsonl"}, 0},
		{"ltv.fit.table", []string{"--fit", "--format", "table"}, 0},
		{"ltv.fit.csv", []string{"--fit", "--format", "csv"}, 0},
		{"ltv.pareto-nbd.fit.json", []string{"--model", "pareto-nbd", "--fit", "--format", "json"}, 0},
		{"ltv.mbgnbd.fit.json", []string{"--model", "mbgnbd", "--fit", "--format", "json"}, 0},
		{"ltv.historical.fit.json", []string{"--model", "historical", "--fit", "--format", "json"}, 0},
		{"ltv.holdout.json", []string{"--holdout", "26w", "--format", "json"}, 0},
		{"ltv.holdout.table", []string{"--holdout", "26w", "--format", "table"}, 0},
		{"ltv.pareto-nbd.holdout.csv", []string{"--model", "pareto-nbd", "--holdout", "182d", "--format", "csv"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _ := runTwice(t, append(append([]string{"ltv"}, c.args...), ordersCSV)...)
			if c.head > 0 {
				out = headLines(out, c.head)
			}
			golden(t, c.name, out)
		})
	}
	t.Run("ltv.stderr", func(t *testing.T) {
		code, _, errs := runCmd(t, "", "ltv", "--format", "csv", ordersCSV)
		require.Equal(t, 0, code, errs)
		golden(t, "ltv.stderr", errs)
	})
}

// ltvRows runs `lifecycle ltv --format csv ARGS` and returns the rows by
// column name.
func ltvRows(t *testing.T, args ...string) []map[string]string {
	t.Helper()
	code, out, errs := runCmd(t, "", append([]string{"ltv", "-q", "--format", "csv"}, args...)...)
	require.Equal(t, 0, code, errs)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, k := range recs[0] {
			m[k] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func number(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err, s)
	return v
}

// TestLTVProperties: on every model, every customer is listed once, by
// value; P(alive) is a probability; expected purchases and CLV are not
// negative; CLV = expected purchases x expected order value x margin when
// there is no discount (to the printed rounding), and a discount lowers it.
func TestLTVProperties(t *testing.T) {
	for _, model := range []string{"bgnbd", "pareto-nbd", "mbgnbd", "historical"} {
		t.Run(model, func(t *testing.T) {
			rows := ltvRows(t, "--model", model, "--margin", "0.4", ordersCSV)
			disc := ltvRows(t, "--model", model, "--margin", "0.4", "--discount", "20%", ordersCSV)
			require.Len(t, rows, 2000)
			require.Len(t, disc, 2000)
			byID := map[string]float64{}
			prev := 1e300
			for _, r := range rows {
				_, dup := byID[r["customer_id"]]
				require.False(t, dup, r["customer_id"])
				clv := number(t, r["clv"])
				byID[r["customer_id"]] = clv
				assert.LessOrEqual(t, clv, prev, "sorted by clv")
				prev = clv
				e := number(t, r["expected_purchases"])
				v := number(t, r["expected_order_value"])
				assert.GreaterOrEqual(t, e, 0.0)
				// clv to the cent, e to 3 decimals and v to the cent.
				assert.InDelta(t, e*v*0.4, clv, 0.005+0.0005*v*0.4+0.005*e*0.4+1e-9, r["customer_id"])
				if model == "historical" {
					assert.Empty(t, r["p_alive"])
				} else {
					p := number(t, r["p_alive"])
					assert.True(t, p >= 0 && p <= 1, p)
				}
			}
			for _, r := range disc {
				d := number(t, r["clv"])
				assert.LessOrEqual(t, d, byID[r["customer_id"]]+1e-9)
				assert.GreaterOrEqual(t, d, byID[r["customer_id"]]/1.2-0.01)
			}
		})
	}
}

// TestLTVPlot: --plot writes the tracking curve as SVG or PNG, and nothing
// when the run fails.
func TestLTVPlot(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"track.svg", "track.png"} {
		path := filepath.Join(dir, name)
		code, out, errs := runCmd(t, "", "ltv", "-q", "--holdout", "26w", "--plot", path, "--format", "json", ordersCSV)
		require.Equal(t, 0, code, errs)
		assert.True(t, json.Valid([]byte(out)))
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		if strings.HasSuffix(name, ".svg") {
			assert.Contains(t, string(b), "<svg")
			assert.Contains(t, string(b), "Cumulative repeat purchases")
		} else {
			assert.True(t, bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")))
		}
	}
	bad := filepath.Join(dir, "never.svg")
	code, _, _ := runCmd(t, "", "ltv", "-q", "--holdout", "300w", "--plot", bad, ordersCSV)
	assert.Equal(t, 1, code)
	_, err := os.Stat(bad)
	assert.True(t, os.IsNotExist(err))
}

// TestLTVPlotWithReport: the holdout report and its plot replace their
// files together or not at all: when the report cannot be written (a full
// disk: a link to /dev/full), the old plot stays, and no temporary file.
func TestLTVPlotWithReport(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	dir := t.TempDir()
	plot := filepath.Join(dir, "track.svg")
	require.NoError(t, os.WriteFile(plot, []byte("<svg>old</svg>"), 0o644))
	full := filepath.Join(dir, "full.json")
	require.NoError(t, os.Symlink("/dev/full", full))
	code, _, errs := runCmd(t, "", "ltv", "-q", "--holdout", "26w", "-o", full, "--plot", plot, ordersCSV)
	require.Equal(t, 1, code, errs)
	assert.Equal(t, "lifecycle: write "+full+": write /dev/full: no space left on device\n", errs)
	b, err := os.ReadFile(plot)
	require.NoError(t, err)
	assert.Equal(t, "<svg>old</svg>", string(b), "the plot is not replaced")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "track.svg, full.json and no temporary file")

	code, _, errs = runCmd(t, "", "ltv", "-q", "--holdout", "26w", "-o", filepath.Join(dir, "report.json"), "--plot", plot, ordersCSV)
	require.Equal(t, 0, code, errs)
	b, err = os.ReadFile(plot)
	require.NoError(t, err)
	assert.Contains(t, string(b), "Cumulative repeat purchases", "both written when both can be")
}

// TestLTVHorizons: 52w and 364d, 12m, 1y and 365.25d are the same
// horizons; a bare number is in --time-unit.
func TestLTVHorizons(t *testing.T) {
	get := func(args ...string) map[string]string {
		rows := ltvRows(t, append(args, ordersCSV)...)
		out := map[string]string{}
		for _, r := range rows {
			out[r["customer_id"]] = r["expected_purchases"]
		}
		return out
	}
	w := get("--horizon", "52w")
	assert.Equal(t, w, get("--horizon", "364d"))
	assert.Equal(t, w, get("--horizon", "52"))
	m := get("--horizon", "12m")
	assert.Equal(t, m, get("--horizon", "1y"))
	assert.Equal(t, m, get("--horizon", "365.25d"))
	assert.NotEqual(t, w, m)
}

// TestLTVNoAmounts: an export without amounts still gives the purchase
// model; order values and CLV are left empty, and stderr says why.
func TestLTVNoAmounts(t *testing.T) {
	b, err := os.ReadFile(ordersCSV)
	require.NoError(t, err)
	var in strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, ",")
		in.WriteString(f[1] + "," + f[2] + "\n") // customer_id, order_date
	}
	code, out, errs := runCmd(t, in.String(), "ltv", "--format", "csv", "-")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "no amount column")
	assert.Contains(t, errs, "lifecycle: no order values: gamma-gamma cannot be fitted: fewer than 2 customers with a repeat purchase of positive value; expected_order_value and clv are left empty\n")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2001)
	for _, r := range recs[1:] {
		assert.Equal(t, "0.00", r[2])
		assert.NotEmpty(t, r[7], "expected purchases")
		assert.Empty(t, r[8], "expected order value")
		assert.Empty(t, r[9], "clv")
	}
	// Without values, customers are by expected purchases.
	assert.GreaterOrEqual(t, number(t, recs[1][7]), number(t, recs[2][7]))
}
