package output

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/money"
)

// readParquet reads a whole Parquet file back with parquet-go: the schema's
// leaf columns and the rows.
func readParquet(t *testing.T, data []byte) (*parquet.File, []parquet.Row) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var rows []parquet.Row
	for _, rg := range f.RowGroups() {
		rr := rg.Rows()
		buf := make([]parquet.Row, 100)
		for {
			n, err := rr.ReadRows(buf)
			for _, r := range buf[:n] {
				rows = append(rows, r.Clone())
			}
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
		}
		require.NoError(t, rr.Close())
	}
	return f, rows
}

func TestParquetTable(t *testing.T) {
	day := dates.DayOf(2021, 3, 13)
	tbl := &Table{
		Columns: []Column{
			{Name: "customer", Kind: String},
			{Name: "orders", Kind: Int},
			{Name: "aov", Kind: Float, Decimals: 1}, // decimals do not apply
			{Name: "net", Kind: Money},
			{Name: "repeat_rate", Kind: Percent},
			{Name: "first_day", Kind: Day},
			{Name: "churned", Kind: Bool},
			{Name: "a column, with \"odd\" name", Kind: String},
		},
		Rows: [][]any{
			{"c1", 3, 12.345, money.Amount(12_500_000), 0.25, day, true, "x"},
			{"c2", int64(-1 << 62), math.NaN(), money.Amount(-1), 1.0, int32(0), false, nil},
			{nil, nil, nil, nil, math.NaN(), nil, nil, nil},
			{"日本", uint16(7), float32(0.5), money.Amount(math.MaxInt64), math.Inf(1), -1, true, ""},
		},
	}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, Parquet, tbl))
	f, rows := readParquet(t, buf.Bytes())

	// The columns, in order, typed.
	fields := f.Schema().Fields()
	require.Len(t, fields, len(tbl.Columns))
	type want struct {
		phys    parquet.Kind
		logical string
	}
	wants := []want{
		{parquet.ByteArray, "STRING"},
		{parquet.Int64, "INT(64,true)"},
		{parquet.Double, ""},
		{parquet.Int64, "DECIMAL(18,6)"},
		{parquet.Double, ""},
		{parquet.Int32, "DATE"},
		{parquet.Boolean, ""},
		{parquet.ByteArray, "STRING"},
	}
	for i, fd := range fields {
		assert.Equal(t, tbl.Columns[i].Name, fd.Name())
		assert.True(t, fd.Optional(), fd.Name())
		assert.Equal(t, wants[i].phys, fd.Type().Kind(), fd.Name())
		lt := ""
		if l := fd.Type().LogicalType(); l != nil {
			lt = l.String()
		}
		assert.Equal(t, wants[i].logical, lt, fd.Name())
	}
	if d, ok := fields[3].Type().LogicalType().Value.(*format.DecimalType); assert.True(t, ok) {
		assert.Equal(t, int32(money.Decimals), d.Scale, "money is stored at its own scale")
	}

	// The values; nil and NaN are null.
	require.Len(t, rows, len(tbl.Rows))
	null := func(r, c int) bool { return rows[r][c].IsNull() }
	assert.Equal(t, "c1", string(rows[0][0].ByteArray()))
	assert.Equal(t, int64(3), rows[0][1].Int64())
	assert.Equal(t, 12.345, rows[0][2].Double())
	assert.Equal(t, int64(12_500_000), rows[0][3].Int64(), "12.5 as unscaled micro-units")
	assert.Equal(t, 0.25, rows[0][4].Double())
	assert.Equal(t, day, rows[0][5].Int32(), "days since 1970-01-01")
	assert.True(t, rows[0][6].Boolean())
	assert.Equal(t, int64(-1<<62), rows[1][1].Int64())
	assert.True(t, null(1, 2), "NaN is null")
	assert.Equal(t, int64(-1), rows[1][3].Int64())
	assert.False(t, rows[1][6].Boolean())
	assert.True(t, null(1, 7))
	for c := range tbl.Columns {
		assert.True(t, null(2, c), "column %d", c)
	}
	assert.Equal(t, "日本", string(rows[3][0].ByteArray()))
	assert.Equal(t, int64(7), rows[3][1].Int64())
	assert.Equal(t, 0.5, rows[3][2].Double())
	assert.Equal(t, int64(math.MaxInt64), rows[3][3].Int64())
	assert.True(t, math.IsInf(rows[3][4].Double(), 1))
	assert.Equal(t, int32(-1), rows[3][5].Int32())
	assert.False(t, null(3, 7), "an empty string is not null")
	assert.Equal(t, "", string(rows[3][7].ByteArray()))
}

func TestParquetEmptyAndLarge(t *testing.T) {
	cols := []Column{{Name: "n", Kind: Int}, {Name: "s", Kind: String}}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, Parquet, &Table{Columns: cols}))
	_, rows := readParquet(t, buf.Bytes())
	assert.Empty(t, rows, "a valid file with no rows")

	big := &Table{Columns: cols}
	for i := range 5000 {
		big.Rows = append(big.Rows, []any{i, strings.Repeat("x", i%7)})
	}
	buf.Reset()
	require.NoError(t, Write(&buf, Parquet, big))
	_, rows = readParquet(t, buf.Bytes())
	require.Len(t, rows, 5000)
	for i, r := range rows {
		require.Equal(t, int64(i), r[0].Int64())
		require.Equal(t, i%7, len(r[1].ByteArray()))
	}
}

// TestParquetReport: a report is its CSV long format, as typed strings.
func TestParquetReport(t *testing.T) {
	r := parquetSampleReport()
	var pq, text bytes.Buffer
	require.NoError(t, WriteReport(&pq, Parquet, r))
	require.NoError(t, WriteReport(&text, CSV, r))
	records, err := csv.NewReader(&text).ReadAll()
	require.NoError(t, err)

	f, rows := readParquet(t, pq.Bytes())
	var names []string
	for _, fd := range f.Schema().Fields() {
		names = append(names, fd.Name())
	}
	assert.Equal(t, records[0], names)
	require.Len(t, rows, len(records)-1)
	for i, row := range rows {
		var got []string
		for _, v := range row {
			got = append(got, string(v.ByteArray())) // null reads as ""
		}
		assert.Equal(t, records[i+1], got, "record %d", i+1)
	}
	// A missing value is null, not an empty string.
	nulls := 0
	for _, row := range rows {
		if row[2].IsNull() {
			nulls++
		}
	}
	assert.Positive(t, nulls)
}

// parquetSampleReport has items of every kind, a missing value and a table.
func parquetSampleReport() *Report {
	return &Report{
		Title: "Summary",
		Sections: []Section{
			{Key: "customers", Items: []Item{
				{Key: "total", Value: 4338},
				{Key: "repeat_rate", Value: 0.6555, Kind: Percent},
				{Key: "revenue", Value: money.Amount(8_911_407_904_000)},
				{Key: "first_day", Value: dates.DayOf(2010, 12, 1), Kind: Day},
				{Key: "note", Value: `a "quoted", note`},
				{Key: "missing", Value: nil, Kind: Float},
				{Key: "ok", Value: true},
			}},
			{Key: "by_month", Table: &Table{
				Columns: []Column{{Name: "month", Kind: String}, {Name: "new", Kind: Int}, {Name: "share", Kind: Percent}},
				Rows:    [][]any{{"2021-01", 10, 0.5}, {"2021-02", 7, nil}},
			}},
			{Key: "numbered", Table: &Table{
				Columns: []Column{{Name: "a", Kind: Int}, {Name: "b", Kind: Int}},
				Rows:    [][]any{{1, 2}, {1, 3}},
			}},
		},
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestParquetWriteErrors(t *testing.T) {
	tbl := &Table{Columns: []Column{{Name: "n", Kind: Int}}, Rows: [][]any{{1}, {2}}}
	// The footer is written last, by Close: its failure is the write's.
	var ok bytes.Buffer
	require.NoError(t, Write(&ok, Parquet, tbl))
	for _, n := range []int{0, 4, ok.Len() - 1} {
		err := Write(&failWriter{n: n}, Parquet, tbl)
		require.Error(t, err, "failing after %d of %d bytes", n, ok.Len())
		assert.Contains(t, err.Error(), "disk full")
		assert.True(t, strings.HasPrefix(err.Error(), "write parquet: "), err.Error())
	}

	// An invalid table writes nothing.
	var buf bytes.Buffer
	require.Error(t, Write(&buf, Parquet, &Table{Columns: []Column{{Name: "n", Kind: Int}}, Rows: [][]any{{"x"}}}))
	assert.Zero(t, buf.Len())
}

// TestParquetDestination: through a Destination, the file is there whole
// after Commit, and not at all after a failure.
func TestParquetDestination(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.parquet")
	f, err := FormatForPath(path)
	require.NoError(t, err)
	require.Equal(t, Parquet, f)

	d, err := Open(path, nil)
	require.NoError(t, err)
	require.Error(t, Write(d, f, &Table{Columns: []Column{{Name: "n", Kind: Int}}, Rows: [][]any{{"x"}}}))
	d.Abort()
	_, err = os.Stat(path)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.Empty(t, dirNames(t, dir))

	d, err = Open(path, nil)
	require.NoError(t, err)
	defer d.Abort()
	require.NoError(t, Write(d, f, &Table{Columns: []Column{{Name: "n", Kind: Int}}, Rows: [][]any{{1}}}))
	require.NoError(t, d.Commit())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	_, rows := readParquet(t, data)
	assert.Len(t, rows, 1)
	assert.Equal(t, "parquet", Parquet.String())
}
