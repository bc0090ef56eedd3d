package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// TestXLSXOutput: rfm -o FILE.xlsx holds the rows of the CSV output, with
// numbers as numbers and days as dates, and the meta in its own sheet;
// summary's report and its tables are sheets of their own.
func TestXLSXOutput(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCmd(t, "", "rfm", "-q", "--format", "csv", ordersCSV)
	require.Equal(t, 0, code, errs)
	want, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)

	path := filepath.Join(dir, "rfm.xlsx")
	code, _, errs = runCmd(t, "", "rfm", "-q", "-o", path, ordersCSV)
	require.Equal(t, 0, code, errs)
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"rows", "meta"}, f.GetSheetList())
	shown, err := f.GetRows("rows")
	require.NoError(t, err)
	raw, err := f.GetRows("rows", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	require.Equal(t, len(want), len(raw))
	assert.Equal(t, want[0], raw[0], "the header")
	col := map[string]int{}
	for j, name := range want[0] {
		col[name] = j
	}
	for i := 1; i < len(want); i++ {
		for _, name := range []string{"customer_id", "segment", "rfm"} {
			assert.Equal(t, want[i][col[name]], raw[i][col[name]], "row %d %s", i, name)
		}
		for _, name := range []string{"first_purchase", "last_purchase"} {
			assert.Equal(t, want[i][col[name]], shown[i][col[name]], "row %d %s: a date shown as yyyy-mm-dd", i, name)
			_, err := strconv.Atoi(raw[i][col[name]])
			assert.NoError(t, err, "row %d %s: a serial day number", i, name)
		}
		for _, name := range []string{"monetary", "frequency", "r"} {
			w, err := strconv.ParseFloat(want[i][col[name]], 64)
			require.NoError(t, err)
			g, err := strconv.ParseFloat(raw[i][col[name]], 64)
			require.NoError(t, err, "row %d %s: a number", i, name)
			assert.InDelta(t, w, g, 1e-9, "row %d %s", i, name)
		}
	}
	meta, err := f.GetRows("meta")
	require.NoError(t, err)
	assert.Contains(t, meta, []string{"inputs[1].name", ordersCSV})

	path = filepath.Join(dir, "summary.xlsx")
	code, _, errs = runCmd(t, "", "summary", "-q", "-o", path, ordersCSV)
	require.Equal(t, 0, code, errs)
	f2, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f2.Close()
	assert.Equal(t, []string{"summary", "concentration.top", "new_customers.months", "meta"}, f2.GetSheetList())
	_, err = os.Stat(path)
	require.NoError(t, err)
}
