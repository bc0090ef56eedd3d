package output

import (
	"bytes"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"lifecycle/dates"
	"lifecycle/money"
)

// openXLSX opens a workbook written to b.
func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// TestXLSXTable reads a table back: one sheet "rows" with the header, cells
// typed (numbers, dates shown as yyyy-mm-dd, booleans, texts), missing
// values empty, and the meta sheet.
func TestXLSXTable(t *testing.T) {
	day := dates.DayOf(2021, 3, 13)
	tbl := &Table{
		Columns: []Column{
			{Name: "customer"},
			{Name: "orders", Kind: Int},
			{Name: "net", Kind: Money},
			{Name: "rate", Kind: Percent},
			{Name: "aov", Kind: Float, Decimals: 1},
			{Name: "first", Kind: Day},
			{Name: "churned", Kind: Bool},
		},
		Rows: [][]any{
			{"张三", 3, money.Amount(1_234_560_000), 0.125, 12.34, day, true},
			{"b\x01ob", nil, money.Amount(-500_000), math.NaN(), nil, nil, false},
		},
		Meta: testMeta(),
	}
	var b bytes.Buffer
	require.NoError(t, Write(&b, XLSX, tbl))
	f := openXLSX(t, b.Bytes())
	assert.Equal(t, []string{"rows", "meta"}, f.GetSheetList())

	rows, err := f.GetRows("rows")
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, []string{"customer", "orders", "net", "rate", "aov", "first", "churned"}, rows[0])
	assert.Equal(t, []string{"张三", "3", "1,234.56", "12.5%", "12.3", "2021-03-13", "TRUE"}, rows[1])

	raw, err := f.GetRows("rows", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"张三", "3", "1234.56", "0.125", "12.34", "44268", "1"}, raw[1], "numbers and the serial day: 44268 is 2021-03-13 in Excel")
	assert.Equal(t, "bob", raw[2][0], "a control character is dropped")
	assert.Equal(t, "", raw[2][1], "missing")
	assert.Equal(t, "-0.5", raw[2][2])
	assert.Equal(t, "", raw[2][3], "NaN is empty")

	for cell, want := range map[string]excelize.CellType{"A2": excelize.CellTypeSharedString, "B2": excelize.CellTypeUnset, "F2": excelize.CellTypeUnset, "G2": excelize.CellTypeBool} {
		typ, err := f.GetCellType("rows", cell)
		require.NoError(t, err)
		if want == excelize.CellTypeSharedString {
			assert.Contains(t, []excelize.CellType{excelize.CellTypeSharedString, excelize.CellTypeInlineString}, typ, cell)
		} else {
			assert.Equal(t, want, typ, cell) // a number: no type attribute
		}
	}

	meta, err := f.GetRows("meta")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"key", "value"}, {"version", "(devel)"}, {"inputs[1].name", "orders.csv"}, {"inputs[1].size", "1234"},
		{"cancelled[1]", "cancelled"}, {"cancelled[2]", "refunded"}}, meta)
}

// TestXLSXReport: a report's items in its sheet, its tables in theirs.
func TestXLSXReport(t *testing.T) {
	r := &Report{Key: "summary", Sections: []Section{
		{Key: "period", Items: []Item{{Key: "as_of", Label: "As of", Value: dates.DayOf(2024, 1, 6), Kind: Day}}},
		{Key: "concentration", Items: []Item{{Key: "customers", Value: 2}},
			Table: &Table{Columns: []Column{{Name: "top", Kind: Percent}, {Name: "net", Kind: Money}}, Rows: [][]any{{0.1, money.Amount(25_500_000)}}}, TableKey: "top"},
	}}
	var b bytes.Buffer
	require.NoError(t, WriteReport(&b, XLSX, r))
	f := openXLSX(t, b.Bytes())
	assert.Equal(t, []string{"summary", "concentration.top"}, f.GetSheetList())
	rows, err := f.GetRows("summary")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"section", "key", "label", "value"}, {"period", "as_of", "As of", "2024-01-06"}, {"concentration", "customers", "customers", "2"}}, rows)
	rows, err = f.GetRows("concentration.top")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"top", "net"}, {"10.0%", "25.50"}}, rows)
}

// TestXLSXTooManyRows: a table beyond a sheet's rows is an error, not a
// cut.
func TestXLSXTooManyRows(t *testing.T) {
	tbl := &Table{Columns: []Column{{Name: "n", Kind: Int}}, Len: xlsxMaxRows + 1, Row: func(i int, c []any) { c[0] = i }}
	var b bytes.Buffer
	err := Write(&b, XLSX, tbl)
	assert.ErrorContains(t, err, "1,048,576 rows is more than an xlsx sheet holds (1,048,575 under the header)")
	assert.Zero(t, b.Len())
}
