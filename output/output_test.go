package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// day returns the civil day number of 2021-03-13 plus n (1970-01-01 is 0).
func day(n int32) int32 { return 18699 + n }

// amount builds a money.Amount from micro-units.
func amount(micro int64) money.Amount { return money.Amount(micro) }

// sampleTable exercises every kind, quoting, missing values and grouping.
func sampleTable() *Table {
	return &Table{
		Columns: []Column{
			{Name: "customer_id", Title: "Customer", Kind: String},
			{Name: "first_order", Title: "First order", Kind: Day},
			{Name: "orders", Title: "Orders", Kind: Int},
			{Name: "revenue", Title: "Revenue", Kind: Money},
			{Name: "avg_days", Title: "Avg days", Kind: Float, Decimals: 1},
			{Name: "repeat_share", Title: "Repeat", Kind: Percent},
			{Name: "active", Title: "Active", Kind: Bool},
		},
		Rows: [][]any{
			{"C-001", day(0), 12, amount(2_500_315_625_000), 3.25, 0.1234, true}, // 3.25 -> "3.2": half to even
			{`Smith, "Jo"`, day(-366), int64(1_234_567), amount(-1_500_000), math.NaN(), 1.0, false},
			{"Zoë\nline two", nil, int32(0), amount(0), -0.04, nil, nil},
			{" lead", day(400), 7, nil, math.Inf(1), 0.0005, true},
		},
		Caption: "4 customers",
	}
}

// sampleReport is a small summary with notes, inferred kinds and a table.
func sampleReport() *Report {
	return &Report{
		Title: "Customer summary",
		Sections: []Section{
			{Key: "customers", Title: "Customers", Items: []Item{
				{Key: "customers", Label: "Customers", Value: 4338},
				{Key: "repeat_customers", Label: "Repeat customers", Value: 2845, Note: "(2 or more purchases)"},
				{Key: "repeat_rate", Label: "Repeat rate", Value: 0.65583, Kind: Percent},
			}},
			{Key: "revenue", Title: "Revenue", Items: []Item{
				{Key: "total", Label: "Total revenue", Value: amount(8_911_407_900_000)},
				{Key: "average_order", Label: "Average order", Value: amount(22_500_000)},
				{Key: "first_order", Label: "First order", Value: day(-100), Kind: Day},
				{Key: "last_order", Label: "Last order", Value: nil, Kind: Day},
			}},
			{Key: "new_customers_per_month", Title: "New customers per month", Table: &Table{
				Columns: []Column{
					{Name: "month", Title: "Month", Kind: Day},
					{Name: "customers", Title: "Customers", Kind: Int},
					{Name: "revenue", Title: "Revenue", Kind: Money},
				},
				Rows: [][]any{
					{day(-12), 120, amount(10_000_000_000)},
					{day(19), 1045, amount(125_050_500_000)},
				},
			}},
		},
	}
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), string(got))
}

var allFormats = []Format{TableFormat, CSV, TSV, JSON, JSONL}

func TestWriteGolden(t *testing.T) {
	for _, f := range allFormats {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, Write(&buf, f, sampleTable()))
			golden(t, "table."+f.String()+".golden", buf.Bytes())
		})
	}
}

func TestWriteReportGolden(t *testing.T) {
	for _, f := range allFormats {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteReport(&buf, f, sampleReport()))
			golden(t, "report."+f.String()+".golden", buf.Bytes())
		})
	}
}

// wantCSV is the canonical text of sampleTable, row by row.
var wantCSV = [][]string{
	{"customer_id", "first_order", "orders", "revenue", "avg_days", "repeat_share", "active"},
	{"C-001", "2021-03-13", "12", "2500315.625", "3.2", "0.123", "true"},
	{`Smith, "Jo"`, "2020-03-12", "1234567", "-1.50", "", "1.000", "false"},
	{"Zoë\nline two", "", "0", "0.00", "0.0", "", ""},
	{" lead", "2022-04-17", "7", "", "Inf", "0.001", "true"},
}

func TestCSVRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		f   Format
		sep rune
	}{{CSV, ','}, {TSV, '\t'}} {
		t.Run(tc.f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, Write(&buf, tc.f, sampleTable()))
			assert.NotContains(t, buf.String(), "\r", "LF line endings only")
			r := csv.NewReader(&buf)
			r.Comma = tc.sep
			got, err := r.ReadAll()
			require.NoError(t, err)
			assert.Equal(t, wantCSV, got)
		})
	}
}

func TestCSVLoneEmptyField(t *testing.T) {
	tbl := &Table{Columns: []Column{{Name: "note"}}, Rows: [][]any{{""}, {nil}, {"x"}}}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, CSV, tbl))
	assert.Equal(t, "note\n\"\"\n\"\"\nx\n", buf.String())
	got, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"note"}, {""}, {""}, {"x"}}, got)
}

func TestJSONValid(t *testing.T) {
	want := []map[string]any{
		{"customer_id": "C-001", "first_order": "2021-03-13", "orders": json.Number("12"), "revenue": json.Number("2500315.625"),
			"avg_days": json.Number("3.2"), "repeat_share": json.Number("0.123"), "active": true},
		{"customer_id": `Smith, "Jo"`, "first_order": "2020-03-12", "orders": json.Number("1234567"), "revenue": json.Number("-1.50"),
			"avg_days": nil, "repeat_share": json.Number("1.000"), "active": false},
		{"customer_id": "Zoë\nline two", "first_order": nil, "orders": json.Number("0"), "revenue": json.Number("0.00"),
			"avg_days": json.Number("0.0"), "repeat_share": nil, "active": nil},
		{"customer_id": " lead", "first_order": "2022-04-17", "orders": json.Number("7"), "revenue": nil,
			"avg_days": nil, "repeat_share": json.Number("0.001"), "active": true},
	}
	keys := []string{"customer_id", "first_order", "orders", "revenue", "avg_days", "repeat_share", "active"}

	t.Run("json", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, Write(&buf, JSON, sampleTable()))
		require.True(t, json.Valid(buf.Bytes()), buf.String())
		var got []map[string]any
		dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
		dec.UseNumber()
		require.NoError(t, dec.Decode(&got))
		assert.Equal(t, want, got)
		assert.Equal(t, keys, objectKeys(t, buf.Bytes()[strings.IndexByte(buf.String(), '{'):]))
	})
	t.Run("jsonl", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, Write(&buf, JSONL, sampleTable()))
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		require.Len(t, lines, len(want))
		for i, line := range lines {
			require.True(t, json.Valid([]byte(line)), line)
			var got map[string]any
			dec := json.NewDecoder(strings.NewReader(line))
			dec.UseNumber()
			require.NoError(t, dec.Decode(&got))
			assert.Equal(t, want[i], got)
			assert.Equal(t, keys, objectKeys(t, []byte(line)))
		}
	})
	t.Run("empty", func(t *testing.T) {
		tbl := &Table{Columns: []Column{{Name: "a"}}}
		var buf bytes.Buffer
		require.NoError(t, Write(&buf, JSON, tbl))
		assert.Equal(t, "[]\n", buf.String())
		buf.Reset()
		require.NoError(t, Write(&buf, JSONL, tbl))
		assert.Empty(t, buf.String())
		buf.Reset()
		require.NoError(t, Write(&buf, CSV, tbl))
		assert.Equal(t, "a\n", buf.String())
	})
}

// objectKeys returns the keys of the first JSON object in b, in order.
func objectKeys(t *testing.T, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

func TestReportJSON(t *testing.T) {
	for _, f := range []Format{JSON, JSONL} {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteReport(&buf, f, sampleReport()))
			require.True(t, json.Valid(buf.Bytes()), buf.String())
			if f == JSONL {
				assert.Equal(t, 1, strings.Count(buf.String(), "\n"), "one line")
			}
			var got map[string]map[string]any
			dec := json.NewDecoder(&buf)
			dec.UseNumber()
			require.NoError(t, dec.Decode(&got))
			assert.Equal(t, map[string]map[string]any{
				"customers": {"customers": json.Number("4338"), "repeat_customers": json.Number("2845"), "repeat_rate": json.Number("0.656")},
				"revenue": {"total": json.Number("8911407.90"), "average_order": json.Number("22.50"),
					"first_order": "2020-12-03", "last_order": nil},
				"new_customers_per_month": {"rows": []any{
					map[string]any{"month": "2021-03-01", "customers": json.Number("120"), "revenue": json.Number("10000.00")},
					map[string]any{"month": "2021-04-01", "customers": json.Number("1045"), "revenue": json.Number("125050.50")},
				}},
			}, got)
		})
	}
	t.Run("key order", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, WriteReport(&buf, JSON, sampleReport()))
		assert.Equal(t, []string{"customers", "revenue", "new_customers_per_month"}, objectKeys(t, buf.Bytes()))
	})
	t.Run("empty", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, WriteReport(&buf, JSON, &Report{Sections: []Section{{Key: "a"}, {Key: "b", Table: &Table{Columns: []Column{{Name: "x"}}}}}}))
		assert.Equal(t, "{\n  \"a\": {},\n  \"b\": {\n    \"rows\": []\n  }\n}\n", buf.String())
		require.True(t, json.Valid(buf.Bytes()))
		buf.Reset()
		require.NoError(t, WriteReport(&buf, JSONL, &Report{}))
		assert.Equal(t, "{}\n", buf.String())
	})
}

func TestReportCSV(t *testing.T) {
	t.Run("labels from first column", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, WriteReport(&buf, CSV, sampleReport()))
		got, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		assert.Equal(t, [][]string{
			{"section", "key", "value"},
			{"customers", "customers", "4338"},
			{"customers", "repeat_customers", "2845"},
			{"customers", "repeat_rate", "0.656"},
			{"revenue", "total", "8911407.90"},
			{"revenue", "average_order", "22.50"},
			{"revenue", "first_order", "2020-12-03"},
			{"revenue", "last_order", ""},
			{"new_customers_per_month", "customers[2021-03-01]", "120"},
			{"new_customers_per_month", "revenue[2021-03-01]", "10000.00"},
			{"new_customers_per_month", "customers[2021-04-01]", "1045"},
			{"new_customers_per_month", "revenue[2021-04-01]", "125050.50"},
		}, got)
	})
	t.Run("row numbers when first column repeats", func(t *testing.T) {
		r := &Report{Sections: []Section{{Key: "s", Table: &Table{
			Columns: []Column{{Name: "name"}, {Name: "n", Kind: Int}},
			Rows:    [][]any{{"a,b", 1}, {"a,b", 2}},
		}}}}
		var buf bytes.Buffer
		require.NoError(t, WriteReport(&buf, CSV, r))
		got, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		assert.Equal(t, [][]string{
			{"section", "key", "value"},
			{"s", "name[1]", "a,b"}, {"s", "n[1]", "1"},
			{"s", "name[2]", "a,b"}, {"s", "n[2]", "2"},
		}, got)
	})
	t.Run("tsv", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, WriteReport(&buf, TSV, &Report{Sections: []Section{{Key: "s", Items: []Item{{Key: "k", Value: "a\tb"}}}}}))
		assert.Equal(t, "section\tkey\tvalue\ns\tk\t\"a\tb\"\n", buf.String())
	})
}

func TestItemKindInference(t *testing.T) {
	for _, tc := range []struct {
		item Item
		want Kind
	}{
		{Item{Value: "x"}, String},
		{Item{Value: 3}, Int},
		{Item{Value: int64(3)}, Int},
		{Item{Value: uint64(3)}, Int},
		{Item{Value: 3.5}, Float},
		{Item{Value: float32(3.5)}, Float},
		{Item{Value: true}, Bool},
		{Item{Value: amount(1)}, Money},
		{Item{Value: nil}, String},
		{Item{Value: 0.5, Kind: Percent}, Percent},
		{Item{Value: day(0), Kind: Day}, Day},
		{Item{Value: []int{1}}, String},
	} {
		assert.Equal(t, tc.want, tc.item.kind(), "%#v", tc.item.Value)
	}
}

// TestPointerValues: a *money.Amount or *float64 cell writes what its
// value writes, in every format, Parquet included; a nil one is refused.
func TestPointerValues(t *testing.T) {
	byValue := sampleTable()
	byPointer := sampleTable()
	for _, row := range byPointer.Rows {
		for j, v := range row {
			switch x := v.(type) {
			case money.Amount:
				row[j] = &x
			case float64:
				row[j] = &x
			}
		}
	}
	for _, f := range append(allFormats, Parquet) {
		var want, got bytes.Buffer
		require.NoError(t, Write(&want, f, byValue), "%v", f)
		require.NoError(t, Write(&got, f, byPointer), "%v", f)
		assert.Equal(t, want.String(), got.String(), "%v", f)
	}
	for _, v := range []any{(*money.Amount)(nil), (*float64)(nil)} {
		kind := Money
		if _, ok := v.(*float64); ok {
			kind = Float
		}
		tbl := &Table{Columns: []Column{{Name: "v", Kind: kind}}, Rows: [][]any{{v}}}
		assert.Error(t, Write(io.Discard, CSV, tbl), "%T", v)
	}
}

func TestWriteRejectsInvalidTables(t *testing.T) {
	for name, tc := range map[string]struct {
		tbl  *Table
		want string
	}{
		"nil":            {nil, "no columns"},
		"no columns":     {&Table{}, "no columns"},
		"unnamed column": {&Table{Columns: []Column{{Name: "a"}, {}}}, "column 2 has no name"},
		"duplicate":      {&Table{Columns: []Column{{Name: "a"}, {Name: "a"}}}, `duplicate column name "a"`},
		"unknown kind":   {&Table{Columns: []Column{{Name: "a", Kind: Kind(99)}}}, "unknown kind 99"},
		"short row":      {&Table{Columns: []Column{{Name: "a"}, {Name: "b"}}, Rows: [][]any{{"x"}}}, "row 1 has 1 values for 2 columns"},
		"int as money":   {&Table{Columns: []Column{{Name: "m", Kind: Money}}, Rows: [][]any{{1250}}}, `row 1, column "m": a int value cannot be written as money`},
		"money as int":   {&Table{Columns: []Column{{Name: "n", Kind: Int}}, Rows: [][]any{{amount(1)}}}, "a money.Amount value cannot be written as int"},
		"money as float": {&Table{Columns: []Column{{Name: "n", Kind: Float}}, Rows: [][]any{{amount(1)}}}, "cannot be written as float"},
		"string as int":  {&Table{Columns: []Column{{Name: "n", Kind: Int}}, Rows: [][]any{{"1"}}}, "a string value cannot be written as int"},
		"int as string":  {&Table{Columns: []Column{{Name: "s"}}, Rows: [][]any{{1}}}, "cannot be written as string"},
		"float as bool":  {&Table{Columns: []Column{{Name: "b", Kind: Bool}}, Rows: [][]any{{1.0}}}, "cannot be written as bool"},
		"huge day":       {&Table{Columns: []Column{{Name: "d", Kind: Day}}, Rows: [][]any{{int64(1) << 40}}}, "out of range"},
		"huge uint":      {&Table{Columns: []Column{{Name: "n", Kind: Int}}, Rows: [][]any{{uint64(math.MaxUint64)}}}, "cannot be written as int"},
	} {
		t.Run(name, func(t *testing.T) {
			for _, f := range allFormats {
				var buf bytes.Buffer
				err := Write(&buf, f, tc.tbl)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
				assert.Empty(t, buf.String(), "nothing written")
			}
		})
	}
}

func TestWriteReportRejectsInvalidReports(t *testing.T) {
	tbl := &Table{Columns: []Column{{Name: "a"}}}
	for name, tc := range map[string]struct {
		r    *Report
		want string
	}{
		"nil":               {nil, "nil"},
		"section key":       {&Report{Sections: []Section{{Title: "x"}}}, "section 1 has no key"},
		"duplicate section": {&Report{Sections: []Section{{Key: "a"}, {Key: "a"}}}, `duplicate section key "a"`},
		"item key":          {&Report{Sections: []Section{{Key: "a", Items: []Item{{Value: 1}}}}}, "item 1 has no key"},
		"duplicate item":    {&Report{Sections: []Section{{Key: "a", Items: []Item{{Key: "x"}, {Key: "x"}}}}}, `duplicate item key "x"`},
		"item is table key": {&Report{Sections: []Section{{Key: "a", Items: []Item{{Key: "rows"}}, Table: tbl}}}, "also the table key"},
		"bad value":         {&Report{Sections: []Section{{Key: "a", Items: []Item{{Key: "x", Value: 1, Kind: Money}}}}}, "cannot be written as money"},
		"bad table":         {&Report{Sections: []Section{{Key: "a", Table: &Table{}}}}, `section "a": invalid table`},
	} {
		t.Run(name, func(t *testing.T) {
			for _, f := range allFormats {
				var buf bytes.Buffer
				err := WriteReport(&buf, f, tc.r)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
				assert.Empty(t, buf.String())
			}
		})
	}
}

func TestUnknownFormatWrite(t *testing.T) {
	err := Write(&bytes.Buffer{}, Format(42), sampleTable())
	require.ErrorIs(t, err, ErrUnknownFormat)
	err = WriteReport(&bytes.Buffer{}, Format(42), sampleReport())
	require.ErrorIs(t, err, ErrUnknownFormat)
}

type errWriter struct{ n int }

func (w *errWriter) Write(p []byte) (int, error) {
	if w.n <= 0 {
		return 0, os.ErrPermission
	}
	w.n--
	return len(p), nil
}

func TestWritePropagatesWriteErrors(t *testing.T) {
	for _, f := range allFormats {
		err := Write(&errWriter{}, f, sampleTable())
		require.ErrorIs(t, err, os.ErrPermission, f.String())
		assert.Contains(t, err.Error(), "write "+f.String())
		err = WriteReport(&errWriter{}, f, sampleReport())
		require.ErrorIs(t, err, os.ErrPermission, f.String())
	}
}

func TestReportDefaults(t *testing.T) {
	r := &Report{Sections: []Section{
		{Key: "counts", Items: []Item{
			{Key: "customers", Value: 12},
			{Key: "größe", Label: "Größe", Value: idString(1)},
		}},
		{Key: "months", TableKey: "by_month", Table: &Table{
			Columns: []Column{{Name: "id"}, {Name: "n", Kind: Int}},
			Rows:    [][]any{{idString(0), 5}},
			Caption: "1 month",
		}},
	}}
	var buf bytes.Buffer
	require.NoError(t, WriteReport(&buf, TableFormat, r))
	assert.Equal(t, `counts
  customers    12
  Größe      ID-B

months
  ┌──────┬───┐
  │ id   │ n │
  ├──────┼───┤
  │ ID-A │ 5 │
  └──────┴───┘
  1 month
`, buf.String())

	buf.Reset()
	require.NoError(t, WriteReport(&buf, JSONL, r))
	assert.Equal(t, `{"counts":{"customers":12,"größe":"ID-B"},"months":{"by_month":[{"id":"ID-A","n":5}]}}`+"\n", buf.String())

	buf.Reset()
	require.NoError(t, WriteReport(&buf, CSV, r))
	assert.Equal(t, "section,key,value\ncounts,customers,12\ncounts,größe,ID-B\nmonths,n[ID-A],5\n", buf.String())
}
