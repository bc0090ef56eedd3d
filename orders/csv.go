package orders

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"lifecycle/msg"
)

// Whitespace is the Delimiter value for whitespace-aligned text such as
// CDNOW_master.txt: fields are separated by runs of spaces or tabs and
// leading and trailing blanks are ignored.
const Whitespace = ' '

// maxRecordBytes bounds one record (a line, or several lines inside a quoted
// field) so that a hostile file cannot make the reader hold gigabytes.
const maxRecordBytes = 16 << 20

// maxRecordFields bounds the fields of one record the reader returns, so
// that a line of commas cannot make it hold a slice per comma (24 bytes per
// byte of input). Of the fields beyond it (no export has tens of thousands
// of columns: a spreadsheet has at most 16,384), only the first that is not
// blank is returned: a row wider than its header is judged by whether its
// extra fields are all empty (trailing delimiters), which that one field
// tells as well as all of them.
const maxRecordFields = 1 << 16

// errRecordTooLong is returned for a record over maxRecordBytes.
var errRecordTooLong = msg.Errorf("record longer than %d MiB: not a text export, or an unclosed quote", maxRecordBytes>>20)

// recordReader splits delimited text into records whose fields are byte
// slices into one reused buffer. It is written here rather than taken from
// encoding/csv because encoding/csv allocates a string per field, accepts only
// one-rune delimiters (no whitespace-aligned text) and has no lenient mode for
// the stray quotes that real exports contain.
//
// Quoting follows RFC 4180 (a quoted field may hold delimiters, newlines and
// doubled quotes), and Excel's ="..." is read as the quoted text; leniently: a quote inside an unquoted field is literal, and
// a quote inside a quoted field that is not followed by a delimiter or the end
// of the line is kept as a literal quote. CRLF and LF endings are both read.
type recordReader struct {
	r     *bufio.Reader
	data  []byte // instead of r: records in memory (a chunk)
	delim byte   // ',' ';' '\t' '|' or Whitespace
	line  int    // line number of the last line read (1-based)
	start int    // line on which the current record starts

	buf    []byte // field bytes of the current record
	ends   []int  // end offset in buf of each field
	f      [][]byte
	beyond bool // a field beyond maxRecordFields is kept
}

func newRecordReader(r *bufio.Reader, delim byte) *recordReader {
	return &recordReader{r: r, delim: delim}
}

// newChunkReader reads the records of a chunk that starts after line
// lines of its file.
func newChunkReader(data []byte, delim byte, line int) *recordReader {
	return &recordReader{data: data, delim: delim, line: line}
}

// readLine returns the next line without its line ending. The slice is valid
// until the next call.
func (rr *recordReader) readLine() ([]byte, error) {
	if rr.r == nil {
		return rr.readChunkLine()
	}
	line, err := rr.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		long := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			if len(long) > maxRecordBytes {
				return nil, errRecordTooLong
			}
			line, err = rr.r.ReadSlice('\n')
			long = append(long, line...)
		}
		line = long
	}
	if len(line) > 0 && err == io.EOF {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	rr.line++
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
		if n > 0 && line[n-1] == '\r' {
			n--
		}
	}
	return line[:n], nil
}

func (rr *recordReader) readChunkLine() ([]byte, error) {
	if len(rr.data) == 0 {
		return nil, io.EOF
	}
	line := rr.data
	if i := bytes.IndexByte(rr.data, '\n'); i >= 0 {
		line, rr.data = rr.data[:i], rr.data[i+1:]
	} else {
		rr.data = nil
	}
	rr.line++
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

// recordEnd returns the length of the longest prefix of data made of whole
// records: it ends after a line ending that is not inside a quoted field,
// judged as splitDelimited does (a quote opens a quoted field only at the
// start of a field; inside one, a doubled quote is a quote and a quote
// before a delimiter or the end of the line closes it). data must start at
// the start of a record. 0 means no record ends in data.
func recordEnd(data []byte, delim byte) int {
	const (
		fieldStart = iota
		unquoted
		quoted
		afterQuote
	)
	end, state := 0, fieldStart
	for i := 0; i < len(data); {
		if state == fieldStart {
			// Whole lines without quotes are the common case.
			nl := bytes.IndexByte(data[i:], '\n')
			if nl < 0 {
				break
			}
			if delim == Whitespace || bytes.IndexByte(data[i:i+nl], '"') < 0 {
				i += nl + 1
				end = i
				continue
			}
		}
		c := data[i]
		i++
		switch state {
		case fieldStart:
			switch c {
			case '"':
				state = quoted
			case '\n':
				end = i
			case delim:
			case '=':
				if i < len(data) && data[i] == '"' { // Excel's ="..."
					i++
					state = quoted
				} else {
					state = unquoted
				}
			default:
				state = unquoted
			}
		case unquoted:
			switch c {
			case '\n':
				state, end = fieldStart, i
			case delim:
				state = fieldStart
			}
		case quoted:
			if c == '"' {
				state = afterQuote
			}
		case afterQuote:
			switch {
			case c == '"':
				state = quoted
			case c == delim:
				state = fieldStart
			case c == '\n':
				state, end = fieldStart, i
			case c == '\r' && i < len(data) && data[i] == '\n':
			default:
				state = quoted // a stray quote, kept
			}
		}
	}
	return end
}

// read returns the fields of the next record, skipping blank lines (counted in
// blank). The fields are valid until the next call. It returns io.EOF at the
// end of the input.
func (rr *recordReader) read(blank *int64) ([][]byte, error) {
	for {
		line, err := rr.readLine()
		if err != nil {
			return nil, err
		}
		if len(line) == 0 || line[0] <= ' ' && rr.blankLine(line) {
			*blank++
			continue
		}
		rr.start = rr.line
		rr.beyond = false
		if rr.delim != Whitespace && bytes.IndexByte(line, '"') < 0 {
			// The common case, no quotes: the fields are slices of the line.
			rr.f = rr.f[:0]
			for {
				i := bytes.IndexByte(line, rr.delim)
				if i < 0 {
					i = len(line)
				}
				if len(rr.f) < maxRecordFields {
					rr.f = append(rr.f, line[:i:i])
				} else {
					rr.addBeyond(line[:i:i])
				}
				if i == len(line) {
					return rr.f, nil
				}
				line = line[i+1:]
			}
		}
		rr.buf = rr.buf[:0]
		rr.ends = rr.ends[:0]
		if rr.delim == Whitespace {
			rr.splitWhitespace(line)
		} else if err := rr.splitDelimited(line); err != nil {
			return nil, err
		}
		rr.f = rr.f[:0]
		prev := 0
		for _, e := range rr.ends {
			rr.f = append(rr.f, rr.buf[prev:e:e])
			prev = e
		}
		return rr.f, nil
	}
}

// addBeyond appends a field beyond maxRecordFields to f if it is the
// record's first such field that is not blank.
func (rr *recordReader) addBeyond(b []byte) {
	if !rr.beyond && len(trimField(b)) > 0 {
		rr.beyond = true
		rr.f = append(rr.f, b)
	}
}

// endField ends the field being written at the end of buf, as addBeyond
// does for f: a field beyond maxRecordFields is dropped from buf, unless it
// is the first that is not blank.
func (rr *recordReader) endField() {
	if len(rr.ends) >= maxRecordFields {
		start := rr.ends[len(rr.ends)-1]
		if rr.beyond || len(trimField(rr.buf[start:])) == 0 {
			rr.buf = rr.buf[:start]
			return
		}
		rr.beyond = true
	}
	rr.ends = append(rr.ends, len(rr.buf))
}

// blankLine reports a line of nothing but blanks (a delimiter is not a
// blank: a line of tabs in a TSV is a record of empty fields).
func (rr *recordReader) blankLine(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\r' && (c != '\t' || rr.delim == '\t') {
			return false
		}
	}
	return true
}

func (rr *recordReader) splitWhitespace(line []byte) {
	i := 0
	for i < len(line) {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			break
		}
		j := i
		for j < len(line) && line[j] != ' ' && line[j] != '\t' {
			j++
		}
		rr.buf = append(rr.buf, line[i:j]...)
		rr.endField()
		i = j
	}
}

// errUnterminated is returned when the input ends inside a quoted field.
var errUnterminated = msg.Errorf("quoted field not closed before the end of the file")

func (rr *recordReader) splitDelimited(line []byte) error {
	d := rr.delim
fields:
	for {
		// Start of a field. Excel's ="..." (used by Taobao to keep long
		// ids as text) is a quoted field too.
		if len(line) > 1 && line[0] == '=' && line[1] == '"' {
			line = line[1:]
		}
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, d)
			if i < 0 {
				rr.buf = append(rr.buf, line...)
				rr.endField()
				return nil
			}
			rr.buf = append(rr.buf, line[:i]...)
			rr.endField()
			line = line[i+1:]
			continue
		}
		// Quoted field: may span lines.
		line = line[1:]
		for {
			i := bytes.IndexByte(line, '"')
			if i < 0 {
				// The field goes on past the end of this line.
				rr.buf = append(rr.buf, line...)
				if len(rr.buf) > maxRecordBytes {
					return errRecordTooLong
				}
				next, err := rr.readLine()
				if err == io.EOF {
					return errUnterminated
				}
				if err != nil {
					return err
				}
				rr.buf = append(rr.buf, '\n')
				line = next
				continue
			}
			rr.buf = append(rr.buf, line[:i]...)
			line = line[i+1:]
			switch {
			case len(line) > 0 && line[0] == '"': // doubled quote
				rr.buf = append(rr.buf, '"')
				line = line[1:]
			case len(line) == 0: // end of record
				rr.endField()
				return nil
			case line[0] == d: // end of field
				rr.endField()
				line = line[1:]
				continue fields
			default: // stray quote inside a quoted field: keep it
				rr.buf = append(rr.buf, '"')
			}
		}
	}
}

// sniffDelimiter picks the delimiter of a text export from its first lines:
// the candidate among , ; tab | that appears the same non-zero number of
// times (outside quotes) on the most lines. With none, text whose lines hold
// runs of blanks between fields is whitespace-aligned; otherwise the file has
// one column and ',' is as good as any.
func sniffDelimiter(head []byte) byte {
	lines := bytes.Split(head, []byte{'\n'})
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last one may be cut short
	}
	if len(lines) > 50 {
		lines = lines[:50]
	}
	best, bestScore := byte(0), 0
	for _, d := range []byte{',', ';', '\t', '|'} {
		counts := map[int]int{}
		for _, l := range lines {
			if n := countOutsideQuotes(l, d); n > 0 {
				counts[n]++
			}
		}
		// The score is the number of lines agreeing on the most common count.
		score := 0
		for _, c := range counts {
			score = max(score, c)
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	if best != 0 {
		return best
	}
	for _, l := range lines {
		if len(bytes.Fields(l)) > 1 {
			return Whitespace
		}
	}
	return ','
}

func countOutsideQuotes(line []byte, d byte) int {
	n, quoted := 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case c == d && !quoted:
			n++
		}
	}
	return n
}

// delimiterName names a delimiter for messages.
func delimiterName(d byte) string {
	switch d {
	case Whitespace:
		return "whitespace"
	case '\t':
		return "tab"
	default:
		return fmt.Sprintf("%q", d)
	}
}
