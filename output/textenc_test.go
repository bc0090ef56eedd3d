package output

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"lifecycle/money"
)

// encodedCSV writes t as CSV through EncodeText.
func encodedCSV(t *testing.T, tbl *Table, enc TextEncoding, bom bool) ([]byte, error) {
	t.Helper()
	var b bytes.Buffer
	w, err := EncodeText(&b, enc, bom)
	if err != nil {
		return nil, err
	}
	if err := Write(w, CSV, tbl); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// TestEncodeTextRoundTrip: a CSV in GB18030 decodes back to the UTF-8 CSV,
// one with a BOM is the BOM then the UTF-8 CSV; characters outside GBK
// survive GB18030.
func TestEncodeTextRoundTrip(t *testing.T) {
	tbl := &Table{
		Columns: []Column{{Name: "客户"}, {Name: "分群"}, {Name: "金额", Kind: Money}},
		Rows: [][]any{
			{"张三", "重要价值客户", money.Amount(12_500_000)},
			{"李四", "一般挽留客户", money.Amount(3_000_000)},
			{"𠀀 ann 😀", "Champions", money.Amount(1_000_000)}, // outside GBK
		},
	}
	plain, err := encodedCSV(t, tbl, UTF8, false)
	require.NoError(t, err)

	gb, err := encodedCSV(t, tbl, GB18030, false)
	require.NoError(t, err)
	assert.NotEqual(t, plain, gb)
	back, err := simplifiedchinese.GB18030.NewDecoder().Bytes(gb)
	require.NoError(t, err)
	assert.Equal(t, string(plain), string(back))
	// GBK, which Excel on a Chinese Windows uses, reads the GBK part.
	gbk, err := simplifiedchinese.GBK.NewDecoder().Bytes(gb[:bytes.IndexByte(gb, '\n')])
	require.NoError(t, err)
	assert.Equal(t, "客户,分群,金额", string(gbk))

	bom, err := encodedCSV(t, tbl, UTF8, true)
	require.NoError(t, err)
	assert.Equal(t, "\xef\xbb\xbf"+string(plain), string(bom))

	_, err = EncodeText(&bytes.Buffer{}, GB18030, true)
	assert.Error(t, err, "a BOM goes with UTF-8 only")
}

// TestEncodeTextInvalidUTF8: bytes that are not UTF-8 are an error in
// GB18030, not a silent replacement.
func TestEncodeTextInvalidUTF8(t *testing.T) {
	tbl := &Table{Columns: []Column{{Name: "id"}}, Rows: [][]any{{"K\xe4se"}}}
	_, err := encodedCSV(t, tbl, GB18030, false)
	assert.ErrorContains(t, err, "not UTF-8")
}

func TestParseTextEncoding(t *testing.T) {
	for s, want := range map[string]TextEncoding{"": UTF8, "UTF-8": UTF8, "utf8": UTF8, "GB18030": GB18030} {
		got, err := ParseTextEncoding(s)
		require.NoError(t, err, s)
		assert.Equal(t, want, got, s)
	}
	_, err := ParseTextEncoding("gbk")
	assert.ErrorContains(t, err, "use utf-8 or gb18030")
}

// TestEncodeTextLong: an output of many blocks, whose characters are cut
// between writes, encodes whole.
func TestEncodeTextLong(t *testing.T) {
	tbl := &Table{Columns: []Column{{Name: "客户"}, {Name: "n", Kind: Int}}}
	for i := range 30000 {
		tbl.Rows = append(tbl.Rows, []any{"顾客张三丰", i})
	}
	plain, err := encodedCSV(t, tbl, UTF8, false)
	require.NoError(t, err)
	require.Greater(t, len(plain), 4*bufSize)
	gb, err := encodedCSV(t, tbl, GB18030, false)
	require.NoError(t, err)
	back, err := simplifiedchinese.GB18030.NewDecoder().Bytes(gb)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(plain, back))
}
