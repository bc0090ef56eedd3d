package orders

import (
	"bufio"
	"bytes"
	"strings"
)

// source yields the records of one input, whatever its format.
type source interface {
	// header returns the column names when the format carries them itself
	// (Parquet's schema); ok=false means the first record is the header,
	// unless the files have none.
	header() (names []string, ok bool)
	// read returns the next record's fields, valid until the next call, or
	// io.EOF at the end.
	read() ([][]byte, error)
	// line is the line (or row) number at which the last record started;
	// 0 before the first.
	line() int
	// describe says how the input is read, for FileInfo.Delimiter.
	describe() string
}

// canonicalSource is a source that writes some columns as canonical text
// (Parquet's typed columns: see pqType.canonical).
type canonicalSource interface {
	canonical(m *Mapping, role Role) bool
}

// canonical reports whether src writes the column of role as canonical text.
func canonical(src source, m *Mapping, role Role) bool {
	c, ok := src.(canonicalSource)
	return ok && c.canonical(m, role)
}

// open returns the source for one input.
func (rd *reader) open(in Input) (source, error) {
	format := in.Format
	if format == "" && strings.HasSuffix(strings.ToLower(in.Name), ".parquet") {
		format = "parquet"
	}
	if format == "" && isXLSXName(in.Name) {
		format = "xlsx"
	}
	switch format {
	case "parquet":
		return rd.openParquet(in)
	case "xlsx":
		return rd.openXLSX(in)
	}
	return rd.openText(in), nil
}

// textSource reads delimited or whitespace-aligned text.
type textSource struct {
	rr    *recordReader
	blank *int64
}

// openText reads CSV-family text: a UTF-8 byte-order mark is dropped and the
// delimiter is detected unless given.
func (rd *reader) openText(in Input) *textSource {
	br := bufio.NewReaderSize(in.R, 1<<20)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	delim := rd.opt.Delimiter
	if delim == 0 {
		head, _ := br.Peek(64 << 10)
		delim = sniffDelimiter(head)
	}
	return &textSource{rr: newRecordReader(br, delim), blank: &rd.stats.BlankLines}
}

func (t *textSource) header() ([]string, bool) { return nil, false }
func (t *textSource) read() ([][]byte, error)  { return t.rr.read(t.blank) }
func (t *textSource) line() int                { return t.rr.start }
func (t *textSource) describe() string         { return delimiterName(t.rr.delim) }
