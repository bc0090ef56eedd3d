package orders

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
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
// Reading the date and amount columns that way would write text only to
// parse it back, so their values take a fast path where that gives the
// same rows: a TIMESTAMP, DATE or INT96 date reaches the row reader as its
// instant and an integer or DECIMAL amount as its money.Amount, and their
// text is made only when needed (see parquet_typed.go).
//
// Only flat columns can be mapped: a nested or repeated column is an error
// when the mapping needs it and is ignored otherwise.
//
// Nothing in the file is trusted: the footer is checked before it is
// decoded, every offset and size is checked against the file, and pages are
// decoded here (parquet-go decodes the metadata) by decoders that never
// produce more values than the page header declares, with page sizes and
// counts bounded by limits that grow with the file (a page may decompress
// to 64 times the file, hold 8 values per byte of it, and the file 64 rows
// per byte, with floors for small files). Memory thus stays within a small
// multiple of the largest page, whatever the file says. Page checksums are
// not verified (as by default in parquet-mr and Arrow).
//
// Goroutines, one per core, decode ahead of the row reader into batches of
// rows; the row reader takes rows one by one (read) or, to parse them on
// every core, whole batches (nextChunk). Reading to the end, an error or
// Close stop them. Decompressing Snappy pages, a good part of decoding, is
// klauspost/compress's, in assembly (parquet-go's Snappy codec is the same
// code).

// parquetSource is the row reader's handle on a pqReader. Should the row
// reader drop it without closing it, the decoding goroutine (which holds
// only the pqReader) is stopped and the file released when it is
// collected.
type parquetSource struct{ *pqReader }

// pqReader reads the rows of a Parquet file. Goroutines decode the pages,
// one per core, each its share of the row groups (group g by decoder g mod
// the number of decoders), and write the text of the rows into batches
// ahead of the row reader, which takes them in row order and only slices
// them.
type pqReader struct {
	f     *pqFile
	names []string
	cols  []*pqColumn // the columns read, in header order
	rows  *pqRows     // read's
	row   int
	err   error // sticky: io.EOF at the end, or the first error

	// The row reader's side.
	cur      *pqBatch
	at       int // next row of cur
	started  atomic.Bool
	recvRG   int           // row groups whose rows the row reader has started to take
	recvLeft int64         // rows of row group recvRG-1 still to take
	free     chan *pqBatch // batches read, for the decoders to reuse
	done     chan struct{} // closed by stop
	stop     func()

	// The decoders' side.
	decs      []*pqDecoder
	batches   atomic.Int32 // made so far, at most cap(free)
	batchRows int          // the most rows a batch will hold
	first     []int        // number of each row group's first row
}

// pqDecoder decodes its share of the row groups into batches.
type pqDecoder struct {
	cols []*pqColumn // its own, with their decoding state
	rows int         // per batch: pqBatchRows when the file was opened
	dec  decompressor
	out  chan *pqBatch
}

// pqBatch holds a block of rows: the values of each column read.
type pqBatch struct {
	first int // row number of the first row
	n     int
	cols  []pqValues
	err   error // what ended decoding after these rows (io.EOF at the end)
}

// pqValues are the values of one column in a batch: their text back to
// back and the end of each row's, or, for a typed column, numbers.
type pqValues struct {
	text []byte
	ends []int
	nums []int64
	null []bool // of a typed column, which rows are null: none past its end
}

func (v *pqValues) reset() {
	v.text, v.ends, v.nums, v.null = v.text[:0], v.ends[:0], v.nums[:0], v.null[:0]
}

func (v *pqValues) setNull(i int) {
	for len(v.null) <= i {
		v.null = append(v.null, false)
	}
	v.null[i] = true
}

func (v *pqValues) isNull(i int) bool { return i < len(v.null) && v.null[i] }

// Batches hold up to pqBatchRows rows and, unless a single row is larger,
// about pqBatchBytes of text. There are at most three per core and two
// more: per decoder one being filled and one decoded ahead, and those read
// or being parsed (see nextChunk). A batch is a chunk for a worker to
// parse, and the grouper takes the rows of each chunk in one go, at a cost
// per chunk: chunks of many rows keep that cost small.
var pqBatchRows = 1 << 15 // a variable so that tests can make it small

const pqBatchBytes = 16 << 20

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
	f.close = sync.OnceFunc(release)
	fields, leaves, err := f.fields()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	s := &pqReader{f: f,
		free: make(chan *pqBatch, 3*runtime.GOMAXPROCS(0)+2), done: make(chan struct{})}
	s.stop = sync.OnceFunc(func() { close(s.done) })
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
	m, err := resolve(in.Name, s.names, len(s.names), rd.opt.Columns, rd.opt.Attributes)
	if err != nil {
		s.rows = newPQRows(s)
		return newParquetSource(s), nil
	}
	used := make([]bool, len(fields))
	for _, i := range m.Index {
		if i >= 0 {
			used[i] = true
		}
	}
	for _, i := range m.Attrs {
		used[i] = true
	}
	ndec := max(1, min(runtime.GOMAXPROCS(0), len(f.md.RowGroups)))
	for range ndec {
		d := &pqDecoder{out: make(chan *pqBatch, 1), rows: pqBatchRows}
		for i, fd := range fields {
			if !used[i] {
				continue
			}
			c, err := newPQColumn(f, &d.dec, i, fd)
			if err != nil {
				return nil, fmt.Errorf("%s: column %q: %w", in.Name, fd.name, err)
			}
			if len(s.decs) == 0 {
				for g := range f.md.RowGroups {
					if err := c.check(&f.md.RowGroups[g].Columns[c.leaf]); err != nil {
						return nil, fmt.Errorf("%s: row group %d, column %q: %w", in.Name, g+1, fd.name, err)
					}
				}
			}
			d.cols = append(d.cols, c)
		}
		for _, c := range d.cols {
			c.setTyped(m)
		}
		s.decs = append(s.decs, d)
	}
	s.cols = s.decs[0].cols
	s.rows = newPQRows(s)
	s.first = make([]int, len(f.md.RowGroups))
	next := 1
	for g := range f.md.RowGroups {
		s.first[g] = next
		next += int(f.md.RowGroups[g].NumRows)
		s.batchRows = max(s.batchRows, int(min(f.md.RowGroups[g].NumRows, int64(pqBatchRows))))
	}
	return newParquetSource(s), nil
}

func newParquetSource(r *pqReader) *parquetSource {
	s := &parquetSource{r}
	runtime.AddCleanup(s, func(r *pqReader) { r.Close() }, r)
	return s
}

func (s *pqReader) header() ([]string, bool) { return s.names, true }
func (s *pqReader) line() int                { return s.row }
func (s *pqReader) describe() string         { return "parquet" }

// read returns the next row: the text of the columns read, nil for the
// others.
func (s *pqReader) read() ([][]byte, error) {
	for s.cur == nil || s.at == s.cur.n {
		if s.err != nil {
			return nil, s.err
		}
		if !s.started.Load() {
			s.start()
		}
		if s.cur != nil {
			if s.cur.err != nil {
				s.err = s.cur.err
				if s.err != io.EOF {
					s.row = s.cur.first + s.cur.n // the row that failed
				}
				s.halt()
				continue
			}
			s.recycle(s.cur)
		}
		s.cur, s.at = s.receive(), 0
		if s.cur == nil { // closed: cannot happen before Close
			s.err = errors.New("read after Close")
			continue
		}
		s.rows.bind(s.cur)
	}
	s.rows.set(s.at, nil, nil)
	s.row = s.cur.first + s.at
	s.at++
	return s.rows.fields, nil
}

// pqChunk is a block of rows for a worker to parse on its own.
type pqChunk struct {
	r    *pqReader
	b    *pqBatch
	from int // rows of b before it were read by read
}

// nextChunk hands out the rows that read has not returned, a batch at a
// time, for parsing on other goroutines; each chunk must be released once
// parsed. At the end it returns io.EOF, or the error that stopped the
// decoding, after the chunks of the rows before it.
func (s *pqReader) nextChunk() (*pqChunk, error) {
	for {
		if s.cur == nil {
			if s.err != nil {
				return nil, s.err
			}
			if !s.started.Load() {
				s.start()
			}
			if s.cur, s.at = s.receive(), 0; s.cur == nil {
				s.err = errors.New("read after Close")
				continue
			}
		}
		b, from := s.cur, s.at
		s.cur = nil
		if b.err != nil {
			s.err = b.err
			if s.err != io.EOF {
				s.row = b.first + b.n // the row that failed
			}
			s.halt()
		}
		if from < b.n {
			return &pqChunk{r: s, b: b, from: from}, nil
		}
		s.recycle(b)
	}
}

// firstRow is the number of the chunk's first row.
func (c *pqChunk) firstRow() int { return c.b.first + c.from }

// each reads the rows of the chunk into fr, a worker's file reader, and
// stops at the first error; the values fr can take as they are go to it
// typed (see parquet_typed.go).
func (c *pqChunk) each(fr *fileReader) error {
	return c.rows(fr, fr.row)
}

// rows calls f with each row of the chunk: its fields, valid during the
// call, and its number; it stops at f's first error. With fr, the typed
// values that fr takes as they are go to fr.typed instead of the fields;
// with fr nil, every field is text.
func (c *pqChunk) rows(fr *fileReader, f func(fields [][]byte, row int) error) error {
	p := newPQRows(c.r)
	p.bind(c.b)
	if fr != nil {
		p.use(fr)
		defer func() { fr.typed = typedRow{} }()
	}
	for i := c.from; i < c.b.n; i++ {
		switch {
		case fr == nil:
			p.set(i, nil, nil)
		case fr.deferring: // a row fr may keep for later: as text
			fr.typed = typedRow{}
			p.set(i, nil, nil)
		default:
			fr.typed = typedRow{}
			p.set(i, &fr.typed, fr.zone)
		}
		if err := f(p.fields, c.b.first+i); err != nil {
			return err
		}
	}
	return nil
}

// release gives the chunk's memory back to the decoder.
func (c *pqChunk) release() {
	c.r.recycle(c.b)
	c.b = nil
}

// start starts the decoding goroutines.
func (s *pqReader) start() {
	s.started.Store(true)
	for k, d := range s.decs {
		go s.decode(k, d)
	}
}

// Close stops the decoding and releases the file (a temporary copy is
// removed). Reading to the end or to an error releases the file too.
func (s *pqReader) Close() error {
	if s.err == nil {
		s.err = errors.New("read after Close")
	}
	s.cur = nil
	s.halt()
	return nil
}

// halt stops the decoders, waits for them to end and releases the file.
func (s *pqReader) halt() {
	s.stop()
	if s.started.Load() {
		for _, d := range s.decs {
			for range d.out { // until the decoder has stopped
			}
		}
	}
	s.f.close()
}

// recycle gives a batch back to the decoders, unless it is the end's,
// which holds no rows and was not theirs.
func (s *pqReader) recycle(b *pqBatch) {
	if b.cols != nil {
		s.free <- b
	}
}

// receive returns the next batch in row order: one with io.EOF after the
// last row, or nil when the decoders were stopped.
func (s *pqReader) receive() *pqBatch {
	groups := s.f.md.RowGroups
	for s.recvLeft == 0 {
		if len(s.cols) == 0 || s.recvRG == len(groups) {
			// Nothing to read (the mapping failed), or the end.
			next := 1
			if n := len(groups); n > 0 {
				next = s.first[n-1] + int(groups[n-1].NumRows)
			}
			return &pqBatch{first: next, err: io.EOF}
		}
		s.recvLeft = groups[s.recvRG].NumRows
		s.recvRG++
	}
	b, ok := <-s.decs[(s.recvRG-1)%len(s.decs)].out
	if !ok {
		return nil
	}
	s.recvLeft -= int64(b.n)
	return b
}

// decode fills batches with the rows of decoder k's row groups, until the
// last of them or an error.
func (s *pqReader) decode(k int, d *pqDecoder) {
	defer close(d.out)
	groups := s.f.md.RowGroups
	for g := k; g < len(groups); g += len(s.decs) {
		rg := &groups[g]
		for _, c := range d.cols {
			c.start(&rg.Columns[c.leaf], rg.NumRows)
		}
		left, first := rg.NumRows, s.first[g]
		for left > 0 {
			b := s.batch()
			if b == nil {
				return
			}
			d.fill(b, g, first, &left)
			first += b.n
			failed := b.err != nil // b is the row reader's once sent
			select {
			case d.out <- b:
			case <-s.done:
				return
			}
			if failed {
				return
			}
		}
	}
}

// batch returns a batch to fill: one read already, or a new one while
// there are fewer than cap(free); nil when the decoding is stopped.
func (s *pqReader) batch() *pqBatch {
	select {
	case b := <-s.free:
		return b
	default:
	}
	if s.batches.Add(1) <= int32(cap(s.free)) {
		// Of the size it will have, rather than grown to it.
		b := &pqBatch{cols: make([]pqValues, len(s.cols))}
		for i, c := range s.cols {
			if c.typed {
				b.cols[i].nums = make([]int64, 0, s.batchRows)
			} else {
				b.cols[i].ends = make([]int, 0, s.batchRows)
			}
		}
		return b
	}
	select {
	case b := <-s.free:
		return b
	case <-s.done:
		return nil
	}
}

// fill decodes the next rows of row group g, whose first is row number
// first, into b: at most d.rows, and left of them.
func (d *pqDecoder) fill(b *pqBatch, g, first int, left *int64) {
	b.first, b.n, b.err = first, 0, nil
	for i := range b.cols {
		b.cols[i].reset()
	}
	defer func() {
		// The pages are decoded here and must not panic; should one, the
		// row reader gets an error rather than the program a crash.
		if r := recover(); r != nil {
			b.err = fmt.Errorf("internal error: %v\n%s", r, debug.Stack())
		}
	}()
	size := 0
	for b.n < d.rows && *left > 0 {
		// The rows that all columns have in their current page.
		k := min(d.rows-b.n, int(min(*left, int64(d.rows))))
		for _, c := range d.cols {
			if c.pos == c.rows {
				if err := c.nextPage(); err != nil {
					b.err = fmt.Errorf("row group %d, column %q: %w", g+1, c.name, err)
					return
				}
			}
			k = min(k, c.rows-c.pos)
		}
		est := 0
		for _, c := range d.cols {
			est += c.estimate(k)
		}
		if size+est > pqBatchBytes {
			if b.n > 0 {
				return // the rest in the next batch
			}
			k = 1 // a huge row: alone
		}
		size = 0
		for i, c := range d.cols {
			v := &b.cols[i]
			if c.typed {
				c.appendNums(v, k)
				continue
			}
			v.text, v.ends = c.appendRows(v.text, v.ends, k)
			size += len(v.text)
		}
		b.n += k
		*left -= int64(k)
	}
}
