package output

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// rowsTable is a table of n rows given in Rows, and the same table given by
// Row.
func rowsTable(n int) (rows, byRow *Table) {
	cols := []Column{{Name: "id"}, {Name: "n", Kind: Int}, {Name: "v", Kind: Money}, {Name: "share", Kind: Percent}}
	value := func(i int, cells []any) {
		cells[0] = fmt.Sprintf("c,%d", i) // quoted in CSV
		cells[1] = i
		cells[2] = money.Amount(i * 1_250_000)
		if i%7 != 0 {
			cells[3] = float64(i) / float64(n)
		}
	}
	rows = &Table{Columns: cols, Caption: "caption"}
	for i := range n {
		r := make([]any, len(cols))
		value(i, r)
		rows.Rows = append(rows.Rows, r)
	}
	byRow = &Table{Columns: cols, Len: n, Row: value, Caption: "caption"}
	return rows, byRow
}

// TestRowTables: a table given by Row is written exactly as the same table
// given in Rows, in every format, with blocks small enough that many are
// formatted at once, and around the block size.
func TestRowTables(t *testing.T) {
	defer func(n int) { blockRows = n }(blockRows)
	blockRows = 3
	for _, n := range []int{0, 1, 5, 6, 7, 100} {
		rows, byRow := rowsTable(n)
		for _, f := range []Format{TableFormat, CSV, TSV, JSON, JSONL, Parquet} {
			var want, got bytes.Buffer
			require.NoError(t, Write(&want, f, rows))
			require.NoError(t, Write(&got, f, byRow))
			assert.Equal(t, want.String(), got.String(), "%v, %d rows", f, n)
			if f == CSV && n == 100 {
				assert.Contains(t, got.String(), "\"c,99\",99,123.75,0.990\n")
			}
		}
	}
}

// TestRowTableBadValue: a row given by Row with a value of the wrong kind
// stops the writing with an error that names it.
func TestRowTableBadValue(t *testing.T) {
	defer func(n int) { blockRows = n }(blockRows)
	blockRows = 3
	_, byRow := rowsTable(50)
	good := byRow.Row
	byRow.Row = func(i int, cells []any) {
		good(i, cells)
		if i == 31 {
			cells[1] = "x"
		}
	}
	for _, f := range []Format{CSV, JSONL, Parquet, TableFormat} {
		err := Write(&bytes.Buffer{}, f, byRow)
		require.Error(t, err, "%v", f)
		assert.Contains(t, err.Error(), `row 32, column "n"`)
	}
	byRow.Rows = [][]any{{"a", 1, money.Amount(0), nil}}
	assert.ErrorContains(t, Write(&bytes.Buffer{}, CSV, byRow), "both Rows and Row")
}

// TestRowsCheckedByWriting: the machine formats refuse exactly the values
// that checkValue refuses, for every kind, so that formatting a row given
// by Row checks it. (formatBlock relies on it.)
func TestRowsCheckedByWriting(t *testing.T) {
	type named int32
	m, f := money.Amount(1_500_000), 2.5
	sv := stringer("id")
	values := []any{nil, "s", &sv, 1, int8(-3), uint8(200), int32(7), int64(1) << 40, int64(-1) << 40,
		uint64(math.MaxUint64), uint32(9), named(4), 1.5, float32(2), math.NaN(), math.Inf(-1), m, &m,
		(*money.Amount)(nil), &f, (*float64)(nil), true, []byte("x"), struct{}{}}
	for k := String; k <= Bool; k++ {
		for _, v := range values {
			if p, ok := v.(*money.Amount); ok && p == nil && k == String {
				continue // a nil pointer whose String method panics: a bug of the caller
			}
			valid := checkValue(k, v) == nil
			_, cl := appendCanonical(nil, k, 2, v)
			assert.Equal(t, valid, cl != classInvalid, "appendCanonical %v %#v", k, v)
			_, ok := appendDelimitedCell(nil, &Column{Kind: k}, v, ',')
			assert.Equal(t, valid, ok, "appendDelimitedCell %v %#v", k, v)
			_, ok = appendJSONValue(nil, k, 2, v)
			assert.Equal(t, valid, ok, "appendJSONValue %v %#v", k, v)
			memo := []quoteMemo{{}}
			_, ok = appendDelimitedRow(nil, []Column{{Name: "c", Kind: k}}, []any{v}, ',', memo)
			assert.Equal(t, valid, ok, "appendDelimitedRow %v %#v", k, v)
		}
	}
}

// failAfter fails every write after the first n bytes.
type failAfter struct{ n int }

func (w *failAfter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// TestRowTableWriteError: a failing writer stops a parallel write with its
// error (and every goroutine ends: the race detector and the test's end
// would show one that hangs).
func TestRowTableWriteError(t *testing.T) {
	defer func(n int) { blockRows = n }(blockRows)
	blockRows = 3
	rows, byRow := rowsTable(10_000)
	for _, tb := range []*Table{rows, byRow} {
		err := Write(&failAfter{n: 1000}, CSV, tb)
		assert.ErrorContains(t, err, "disk full")
	}
}

// TestCSVRepeatedStrings: strings that repeat, some needing quotes, are
// quoted exactly when they need it, each time.
func TestCSVRepeatedStrings(t *testing.T) {
	vals := []string{"a,b", "a,b", "c", "c", `q"`, "c", "a,b", " lead", " lead", "c"}
	tb := &Table{Columns: []Column{{Name: "s"}}}
	for _, v := range vals {
		tb.Rows = append(tb.Rows, []any{v})
	}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, CSV, tb))
	assert.Equal(t, "s\n\"a,b\"\n\"a,b\"\nc\nc\n\"q\"\"\"\nc\n\"a,b\"\n\" lead\"\n\" lead\"\nc\n", buf.String())
}
