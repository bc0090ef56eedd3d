package output

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// testMeta is a provenance with each kind of value an Object holds.
func testMeta() *Object {
	in := &Object{}
	in.Add("name", "orders.csv")
	in.Add("size", 1234)
	m := &Object{}
	m.Add("version", "(devel)")
	m.Add("inputs", []*Object{in})
	m.Add("cancelled", []string{"cancelled", "refunded"})
	m.Add("empty", []string{})
	return m
}

const testMetaJSON = `{
    "version": "(devel)",
    "inputs": [
      {
        "name": "orders.csv",
        "size": 1234
      }
    ],
    "cancelled": [
      "cancelled",
      "refunded"
    ],
    "empty": []
  }`

// TestTableJSONMeta: with Meta, JSON is {"meta": ..., "rows": [...]}, the
// rows as without it, one level deeper; JSON Lines and CSV do not change.
func TestTableJSONMeta(t *testing.T) {
	tbl := &Table{
		Columns: []Column{{Name: "customer"}, {Name: "net", Kind: Money}},
		Rows:    [][]any{{"a", money.Amount(1_500_000)}, {"b", money.Amount(2_000_000)}},
	}
	var plain bytes.Buffer
	require.NoError(t, Write(&plain, JSON, tbl))
	tbl.Meta = testMeta()
	var b bytes.Buffer
	require.NoError(t, Write(&b, JSON, tbl))
	assert.Equal(t, "{\n  \"meta\": "+testMetaJSON+",\n  \"rows\": [\n"+
		"    {\"customer\":\"a\",\"net\":1.50},\n"+
		"    {\"customer\":\"b\",\"net\":2.00}\n"+
		"  ]\n}\n", b.String())
	var doc struct {
		Meta map[string]any   `json:"meta"`
		Rows []map[string]any `json:"rows"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	var rows []map[string]any
	require.NoError(t, json.Unmarshal(plain.Bytes(), &rows))
	assert.Equal(t, rows, doc.Rows)
	assert.Equal(t, "(devel)", doc.Meta["version"])

	for _, f := range []Format{JSONL, CSV, TSV} {
		var with, without bytes.Buffer
		require.NoError(t, Write(&with, f, tbl))
		tbl.Meta = nil
		require.NoError(t, Write(&without, f, tbl))
		tbl.Meta = testMeta()
		assert.Equal(t, without.String(), with.String(), "%v", f)
	}

	tbl.Rows = nil
	b.Reset()
	require.NoError(t, Write(&b, JSON, tbl))
	assert.Equal(t, "{\n  \"meta\": "+testMetaJSON+",\n  \"rows\": []\n}\n", b.String())
	require.True(t, json.Valid(b.Bytes()))
}

// TestReportJSONMeta: a report with Meta is the member Key beside "meta".
func TestReportJSONMeta(t *testing.T) {
	r := &Report{Sections: []Section{{Key: "period", Items: []Item{{Key: "as_of", Value: "2024-01-06"}}}},
		Meta: testMeta(), Key: "summary"}
	var b bytes.Buffer
	require.NoError(t, WriteReport(&b, JSON, r))
	assert.Equal(t, "{\n  \"meta\": "+testMetaJSON+",\n  \"summary\": {\n"+
		"    \"period\": {\n      \"as_of\": \"2024-01-06\"\n    }\n  }\n}\n", b.String())
	b.Reset()
	require.NoError(t, WriteReport(&b, JSONL, r))
	assert.Equal(t, `{"period":{"as_of":"2024-01-06"}}`+"\n", b.String(), "JSON Lines keeps its shape")
}

// TestParquetMeta: the meta is the key-value metadata MetaKey of the file,
// as compact JSON, for a table and for a report.
func TestParquetMeta(t *testing.T) {
	tbl := &Table{Columns: []Column{{Name: "customer"}}, Rows: [][]any{{"a"}}, Meta: testMeta()}
	var b bytes.Buffer
	require.NoError(t, Write(&b, Parquet, tbl))
	f, _ := readParquet(t, b.Bytes())
	v, ok := f.Lookup(MetaKey)
	require.True(t, ok, "no %s in the key-value metadata", MetaKey)
	want, err := MetaJSON(testMeta(), false)
	require.NoError(t, err)
	assert.Equal(t, string(bytes.TrimSuffix(want, []byte("\n"))), v)
	assert.NotContains(t, v, "\n")

	r := &Report{Sections: []Section{{Key: "s", Items: []Item{{Key: "k", Value: 1}}}}, Meta: testMeta()}
	b.Reset()
	require.NoError(t, WriteReport(&b, Parquet, r))
	f, _ = readParquet(t, b.Bytes())
	v2, ok := f.Lookup(MetaKey)
	require.True(t, ok)
	assert.Equal(t, v, v2)

	tbl.Meta = nil
	b.Reset()
	require.NoError(t, Write(&b, Parquet, tbl))
	f, _ = readParquet(t, b.Bytes())
	_, ok = f.Lookup(MetaKey)
	assert.False(t, ok, "no meta, no key")
}
