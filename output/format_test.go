package output

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Format
	}{
		{"table", TableFormat}, {"csv", CSV}, {"tsv", TSV}, {"json", JSON}, {"jsonl", JSONL},
		{"CSV", CSV}, {" json ", JSON}, {"ndjson", JSONL}, {"parquet", Parquet}, {"Parquet", Parquet},
	} {
		got, err := ParseFormat(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, in := range []string{"", "xml", "parq", "csvx"} {
		_, err := ParseFormat(in)
		require.ErrorIs(t, err, ErrUnknownFormat, in)
		assert.Contains(t, err.Error(), "table, csv, tsv, json, jsonl, parquet, xlsx", "the error lists the choices")
	}
}

func TestFormatString(t *testing.T) {
	for _, f := range allFormats {
		got, err := ParseFormat(f.String())
		require.NoError(t, err)
		assert.Equal(t, f, got)
	}
	assert.Equal(t, "Format(9)", Format(9).String())
	assert.Equal(t, "money", Money.String())
	assert.Equal(t, "Kind(-1)", Kind(-1).String())
}

func TestFormatForPath(t *testing.T) {
	for _, tc := range []struct {
		path string
		want Format
	}{
		{"out.csv", CSV}, {"dir.v2/OUT.CSV", CSV}, {"a.tsv", TSV}, {"a.tab", TSV},
		{"a.json", JSON}, {"a.jsonl", JSONL}, {"a.ndjson", JSONL}, {"report.txt", TableFormat},
		{"out.parquet", Parquet}, {"OUT.PARQUET", Parquet}, {"out.xlsx", XLSX},
	} {
		got, err := FormatForPath(tc.path)
		require.NoError(t, err, tc.path)
		assert.Equal(t, tc.want, got, tc.path)
	}
	for _, tc := range []struct{ path, want string }{
		{"out.xls", `extension ".xls"; use --format`},
		{"out", "no file extension"},
		{"dir.d/out", "no file extension"},
	} {
		_, err := FormatForPath(tc.path)
		require.ErrorIs(t, err, ErrUnknownFormat, tc.path)
		assert.Contains(t, err.Error(), tc.want)
		assert.Contains(t, err.Error(), "--format")
	}
}

func TestDefaultFormat(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	for _, tc := range []struct {
		name, explicit, path string
		stdout               io.Writer
		want                 Format
		wantErr              bool
	}{
		{name: "explicit wins over extension", explicit: "json", path: "out.csv", want: JSON},
		{name: "explicit wins over stdout", explicit: "tsv", stdout: w, want: TSV},
		{name: "bad explicit", explicit: "xml", path: "out.csv", wantErr: true},
		{name: "extension", path: "out.jsonl", want: JSONL},
		{name: "txt is a table", path: "out.txt", want: TableFormat},
		{name: "unknown extension", path: "out.xls", wantErr: true},
		{name: "pipe is csv", stdout: w, want: CSV},
		{name: "dash is stdout", path: "-", stdout: w, want: CSV},
		{name: "buffer is csv", stdout: &bytes.Buffer{}, want: CSV},
		{name: "nil stdout is csv", want: CSV},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DefaultFormat(tc.explicit, tc.path, tc.stdout)
			if tc.wantErr {
				require.ErrorIs(t, err, ErrUnknownFormat)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestIsTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	assert.False(t, IsTerminal(w))
	assert.False(t, IsTerminal(&bytes.Buffer{}))
	assert.False(t, IsTerminal(nil))
	assert.False(t, IsTerminal((*os.File)(nil)))
	d, err := Open("-", w)
	require.NoError(t, err)
	assert.False(t, IsTerminal(d))

	// A real terminal: a pseudo-terminal master where the system has one.
	if tty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0); err == nil {
		defer tty.Close()
		t.Log("testing with /dev/ptmx")
		assert.True(t, IsTerminal(tty))
		d, err := Open("", tty)
		require.NoError(t, err)
		assert.True(t, IsTerminal(d))
		f, err := DefaultFormat("", "", tty)
		require.NoError(t, err)
		assert.Equal(t, TableFormat, f)
	}
}
