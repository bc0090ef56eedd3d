package orders

import (
	"fmt"
	"io"
	"runtime"

	"lifecycle/internal/parquetpage"
	"lifecycle/msg"
)

// Parquet input.
//
// A Parquet file is read by internal/parquetpage, only for the columns the
// mapping uses; the header is the schema's top-level field names. Values
// reach the row reader as the text a CSV export would hold (the package
// comment of parquetpage defines it: a TIMESTAMP adjusted to UTC as
// "2021-03-13T03:03:27Z", one not adjusted as "2021-03-13T03:03:27", so
// that --tz applies, a DECIMAL as its exact decimal text, null as an empty
// field), so that column mapping, date detection and money parsing work
// unchanged.
//
// Reading the date and amount columns that way would write text only to
// parse it back, so their values take a fast path where that gives the
// same rows: a TIMESTAMP, DATE or INT96 date reaches the row reader as its
// instant and an integer, DECIMAL or DOUBLE amount as its money.Amount, and
// their text is made only when needed (see parquet_typed.go).
//
// The row reader takes rows one by one (read) or, to parse them on every
// core, whole batches (nextChunk). Reading to the end, an error or Close
// stop the decoding.

// parquetSource is the row reader's handle on a pqReader. Should the row
// reader drop it without closing it, the decoding goroutines (which hold
// only the parquetpage.Reader) are stopped and the file released when it
// is collected.
type parquetSource struct{ *pqReader }

// pqReader reads the rows of a Parquet file from the batches of a
// parquetpage.Reader, which decodes them ahead on every core: it takes the
// rows one by one (read) or hands out whole batches (nextChunk).
type pqReader struct {
	r     *parquetpage.Reader
	names []string
	cols  []pqType // the columns read, in header order
	rows  *pqRows  // read's
	row   int
	err   error // sticky: io.EOF at the end, or the first error
	cur   *parquetpage.Batch
	at    int // next row of cur
}

// openParquet opens a Parquet input and checks its footer and the column
// chunks that the mapping will read.
func (rd *reader) openParquet(in Input) (src source, err error) {
	ra, size, release, err := parquetpage.RandomAccess(in.R)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = msg.Errorf("%s: corrupt Parquet file (%v)", in.Name, r)
		}
		if err != nil {
			release()
		}
	}()
	f, err := parquetpage.Open(ra, size, release)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	fields, err := f.Fields()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	s := &pqReader{}
	for _, fd := range fields {
		s.names = append(s.names, fd.Name)
	}
	// Read only the columns the mapping uses. When it cannot be made, read
	// nothing: Read reports the mapping error before asking for a row.
	used := make([]bool, len(fields))
	m, err := rd.resolve(in.Name, s.names, len(s.names))
	if err == nil {
		for _, i := range m.Index {
			if i >= 0 {
				used[i] = true
			}
		}
		for _, i := range m.Attrs {
			used[i] = true
		}
	}
	s.r, err = parquetpage.NewReader(f, fields, used, func(t *parquetpage.Type) bool {
		c := pqType{Type: *t}
		c.setTyped(m)
		return c.Typed
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	for _, t := range s.r.Columns() {
		c := pqType{Type: t}
		c.setTyped(m)
		s.cols = append(s.cols, c)
	}
	s.rows = newPQRows(s)
	return newParquetSource(s), nil
}

func newParquetSource(r *pqReader) *parquetSource {
	s := &parquetSource{r}
	runtime.AddCleanup(s, func(r *parquetpage.Reader) { r.Stop() }, r.r)
	return s
}

func (s *pqReader) header() ([]string, bool) { return s.names, true }
func (s *pqReader) line() int                { return s.row }
func (s *pqReader) describe() string         { return "parquet" }

// read returns the next row: the text of the columns read, nil for the
// others.
func (s *pqReader) read() ([][]byte, error) {
	for s.cur == nil || s.at == s.cur.N {
		if s.err != nil {
			return nil, s.err
		}
		if s.cur != nil {
			if s.cur.Err != nil {
				s.err = s.cur.Err
				if s.err != io.EOF {
					s.row = s.cur.First + s.cur.N // the row that failed
				}
				s.r.Stop()
				continue
			}
			s.r.Recycle(s.cur)
		}
		s.cur, s.at = s.r.Next(), 0
		if s.cur == nil { // stopped: cannot happen before Close
			s.err = msg.Errorf("read after Close")
			continue
		}
		s.rows.bind(s.cur)
	}
	s.rows.set(s.at, nil, nil)
	s.row = s.cur.First + s.at
	s.at++
	return s.rows.fields, nil
}

// pqChunk is a block of rows for a worker to parse on its own.
type pqChunk struct {
	r    *pqReader
	b    *parquetpage.Batch
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
			if s.cur, s.at = s.r.Next(), 0; s.cur == nil {
				s.err = msg.Errorf("read after Close")
				continue
			}
		}
		b, from := s.cur, s.at
		s.cur = nil
		if b.Err != nil {
			s.err = b.Err
			if s.err != io.EOF {
				s.row = b.First + b.N // the row that failed
			}
			s.r.Stop()
		}
		if from < b.N {
			return &pqChunk{r: s, b: b, from: from}, nil
		}
		s.r.Recycle(b)
	}
}

// firstRow is the number of the chunk's first row.
func (c *pqChunk) firstRow() int { return c.b.First + c.from }

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
	for i := c.from; i < c.b.N; i++ {
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
		if err := f(p.fields, c.b.First+i); err != nil {
			return err
		}
	}
	return nil
}

// release gives the chunk's memory back to the decoder.
func (c *pqChunk) release() {
	c.r.r.Recycle(c.b)
	c.b = nil
}

// Close stops the decoding and releases the file (a temporary copy is
// removed). Reading to the end or to an error releases the file too.
func (s *pqReader) Close() error {
	if s.err == nil {
		s.err = msg.Errorf("read after Close")
	}
	s.cur = nil
	s.r.Stop()
	return nil
}
