package orders

import (
	"fmt"
	"io"
	"runtime/debug"
)

// Parquet input.
//
// A Parquet file is read row group by row group and, within a row group,
// page by page, only for the columns the mapping uses; the header is the
// schema's top-level field names. Values reach the row reader as the text
// a CSV export would hold, so that column mapping, date detection and money
// parsing work unchanged:
//
//   - TIMESTAMP (any unit) as "2021-03-13T03:03:27Z" when adjusted to UTC
//     (and INT96, which is UTC by convention), as "2021-03-13T03:03:27"
//     when not, so that --tz applies; fractions of a second are dropped
//     (floored), as for text dates;
//   - DATE as "2021-03-13";
//   - DECIMAL (INT32, INT64, BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY) as its exact
//     decimal text, "12.34" for unscaled 1234 at scale 2;
//   - integers in decimal, floats in the shortest text that reads back
//     exactly (strconv 'f', -1), booleans as true/false, UUIDs as
//     8-4-4-4-12 hex, strings and other byte arrays as they are;
//   - null as an empty field.
//
// Only flat columns can be mapped: a nested or repeated column is an error
// when the mapping needs it and is ignored otherwise.
//
// Nothing in the file is trusted: the footer is checked before it is
// decoded, every offset and size is checked against the file, and pages are
// decoded here (parquet-go decodes the metadata) by decoders that never
// produce more values than the page header declares, with page sizes and
// counts bounded by limits that grow with the file. Memory thus stays
// within a small multiple of the largest page, whatever the file says. Page
// checksums are not verified (as by default in parquet-mr and Arrow).

// parquetSource reads the rows of a Parquet file. A goroutine decodes the
// pages and writes the text of the rows into batches ahead of the row
// reader, which only slices them.
type parquetSource struct {
	f      *pqFile
	names  []string
	cols   []*pqColumn // the columns read, in header order
	fields [][]byte
	row    int
	err    error // sticky: io.EOF at the end, or the first error

	// The row reader's side.
	cur     *pqBatch
	at      int // next row of cur
	started bool
	full    chan *pqBatch
	free    chan *pqBatch
	done    chan struct{} // closed by Close

	// The decoder's side.
	dec  decompressor
	rg   int   // row groups started
	left int64 // rows of the current row group still to decode
	next int   // number of the next row to decode
}

// pqBatch holds the text of a block of rows, per column read: its values
// back to back and the end of each row's value.
type pqBatch struct {
	first int // row number of the first row
	n     int
	text  [][]byte
	ends  [][]int
	err   error // what ended decoding after these rows (io.EOF at the end)
}

// Batches hold up to batchRows rows and, unless a single row is larger,
// about batchBytes of text.
const (
	pqBatchRows  = 8192
	pqBatchBytes = 16 << 20
	pqBatches    = 3
)

// openParquet opens a Parquet input and checks its footer and the column
// chunks that the mapping will read.
func (rd *reader) openParquet(in Input) (src source, err error) {
	ra, size, release, err := parquetInput(in)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: corrupt Parquet file (%v)", in.Name, r)
		}
		if err != nil {
			release()
		}
	}()
	f, err := openPQFile(ra, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	f.close = release
	fields, leaves, err := f.fields()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	s := &parquetSource{f: f, fields: make([][]byte, len(fields))}
	for _, fd := range fields {
		s.names = append(s.names, fd.name)
	}
	var total int64
	for g := range f.md.RowGroups {
		rg := &f.md.RowGroups[g]
		if rg.NumRows < 0 || len(rg.Columns) != leaves {
			return nil, fmt.Errorf("%s: corrupt Parquet footer: row group %d has %d rows in %d column chunks for %d columns",
				in.Name, g+1, rg.NumRows, len(rg.Columns), leaves)
		}
		total += rg.NumRows
		if total < 0 || total > max(pqRowsPerByte*size, pqRowsFloor) {
			return nil, fmt.Errorf("%s: corrupt Parquet footer: more than %d rows in a file of %d bytes",
				in.Name, max(pqRowsPerByte*size, pqRowsFloor), size)
		}
	}
	// Read only the columns the mapping uses. When it cannot be made, read
	// nothing: Read reports the mapping error before asking for a row.
	m, err := resolve(in.Name, s.names, len(s.names), rd.opt.Columns)
	if err != nil {
		return s, nil
	}
	used := make([]bool, len(fields))
	for _, i := range m.Index {
		if i >= 0 {
			used[i] = true
		}
	}
	for i, fd := range fields {
		if !used[i] {
			continue
		}
		c, err := newPQColumn(f, &s.dec, i, fd)
		if err != nil {
			return nil, fmt.Errorf("%s: column %q: %w", in.Name, fd.name, err)
		}
		for g := range f.md.RowGroups {
			if err := c.check(&f.md.RowGroups[g].Columns[c.leaf]); err != nil {
				return nil, fmt.Errorf("%s: row group %d, column %q: %w", in.Name, g+1, fd.name, err)
			}
		}
		s.cols = append(s.cols, c)
	}
	return s, nil
}

func (s *parquetSource) header() ([]string, bool) { return s.names, true }
func (s *parquetSource) line() int                { return s.row }
func (s *parquetSource) describe() string         { return "parquet" }

// read returns the next row: the text of the columns read, nil for the
// others.
func (s *parquetSource) read() ([][]byte, error) {
	for s.cur == nil || s.at == s.cur.n {
		if s.err != nil {
			return nil, s.err
		}
		if !s.started {
			s.start()
		}
		if s.cur != nil {
			if s.cur.err != nil {
				s.err = s.cur.err
				if s.err != io.EOF {
					s.row = s.cur.first + s.cur.n // the row that failed
				}
				s.f.close()
				continue
			}
			s.free <- s.cur
		}
		s.cur, s.at = <-s.full, 0
	}
	b := s.cur
	for i, c := range s.cols {
		ends := b.ends[i]
		start := 0
		if s.at > 0 {
			start = ends[s.at-1]
		}
		s.fields[c.index] = b.text[i][start:ends[s.at]:ends[s.at]]
	}
	s.row = b.first + s.at
	s.at++
	return s.fields, nil
}

// start starts the decoding goroutine.
func (s *parquetSource) start() {
	s.started = true
	s.full = make(chan *pqBatch, 1)
	s.free = make(chan *pqBatch, pqBatches)
	s.done = make(chan struct{})
	for range pqBatches {
		s.free <- &pqBatch{text: make([][]byte, len(s.cols)), ends: make([][]int, len(s.cols))}
	}
	s.next = 1
	go s.decode()
}

// Close stops the decoding and releases the file (a temporary copy is
// removed). Reading to the end or to an error releases the file too.
func (s *parquetSource) Close() error {
	if s.started && s.done != nil {
		close(s.done)
		for range s.full { // until the decoder has stopped
		}
		s.done = nil
	}
	s.f.close()
	return nil
}

// decode fills batches until the end of the file or an error.
func (s *parquetSource) decode() {
	defer close(s.full)
	for {
		var b *pqBatch
		select {
		case b = <-s.free:
		case <-s.done:
			return
		}
		s.fill(b)
		select {
		case s.full <- b:
		case <-s.done:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// fill decodes the next rows into b.
func (s *parquetSource) fill(b *pqBatch) {
	b.first, b.n, b.err = s.next, 0, nil
	for i := range s.cols {
		b.text[i], b.ends[i] = b.text[i][:0], b.ends[i][:0]
	}
	defer func() {
		// The pages are decoded here and must not panic; should one, the
		// row reader gets an error rather than the program a crash.
		if r := recover(); r != nil {
			b.err = fmt.Errorf("internal error: %v\n%s", r, debug.Stack())
		}
		s.next = b.first + b.n
	}()
	if len(s.cols) == 0 {
		b.err = io.EOF // nothing to read: the mapping failed
		return
	}
	size := 0
	for b.n < pqBatchRows {
		for s.left == 0 {
			if s.rg == len(s.f.md.RowGroups) {
				b.err = io.EOF
				return
			}
			rg := &s.f.md.RowGroups[s.rg]
			s.rg++
			s.left = rg.NumRows
			for _, c := range s.cols {
				c.start(&rg.Columns[c.leaf], rg.NumRows)
			}
		}
		// The rows that all columns have in their current page.
		k := min(pqBatchRows-b.n, int(min(s.left, pqBatchRows)))
		for _, c := range s.cols {
			if c.pos == c.rows {
				if err := c.nextPage(); err != nil {
					b.err = fmt.Errorf("row group %d, column %q: %w", s.rg, c.name, err)
					return
				}
			}
			k = min(k, c.rows-c.pos)
		}
		est := 0
		for _, c := range s.cols {
			est += c.estimate(k)
		}
		if size+est > pqBatchBytes {
			if b.n > 0 {
				return // the rest in the next batch
			}
			k = 1 // a huge row: alone
		}
		size = 0
		for i, c := range s.cols {
			b.text[i], b.ends[i] = c.appendRows(b.text[i], b.ends[i], k)
			size += len(b.text[i])
		}
		b.n += k
		s.left -= int64(k)
	}
}
