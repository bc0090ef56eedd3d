package parquetpage

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
)

// Reader decodes the rows of a Parquet file, only the columns asked for,
// into batches that it hands out in row order. Goroutines decode the
// pages, one per core, each its share of the row groups (group g by
// decoder g mod the number of decoders), and write the values of the rows
// into batches ahead of the reader's user, who takes them with Next and
// gives them back with Recycle. Reading to the end, an error or Stop stop
// them.
type Reader struct {
	f    *File
	cols []*column // the columns read, in header order: decs[0]'s

	// The user's side.
	started  atomic.Bool
	recvRG   int           // row groups whose rows the user has started to take
	recvLeft int64         // rows of row group recvRG-1 still to take
	free     chan *Batch   // batches read, for the decoders to reuse
	done     chan struct{} // closed by stop
	stop     func()

	// The decoders' side.
	decs      []*decoder
	batches   atomic.Int32 // made so far, at most cap(free)
	batchRows int          // the most rows a batch will hold
	first     []int        // number of each row group's first row
}

// decoder decodes its share of the row groups into batches.
type decoder struct {
	cols []*column // its own, with their decoding state
	rows int       // per batch: BatchRows when the file was opened
	dec  decompressor
	out  chan *Batch
}

// Batch holds a block of rows: the values of each column read, in the
// order of Reader.Columns.
type Batch struct {
	First int // row number of the first row (the file's first is 1)
	N     int // rows
	Cols  []Values
	// Err is what ended decoding after these rows: io.EOF at the end, or
	// an error naming the row group and column.
	Err error
}

// Values are the values of one column in a batch: their text back to back
// and the end of each row's, or, for a typed column, numbers (see
// Type.AppendNum for what they are).
type Values struct {
	Text []byte
	Ends []int
	Nums []int64
	null []bool // of a typed column, which rows are null: none past its end
}

func (v *Values) reset() {
	v.Text, v.Ends, v.Nums, v.null = v.Text[:0], v.Ends[:0], v.Nums[:0], v.null[:0]
}

func (v *Values) setNull(i int) {
	for len(v.null) <= i {
		v.null = append(v.null, false)
	}
	v.null[i] = true
}

// IsNull reports whether row i of a typed column is null (its Nums holds
// 0). A null of a text column is an empty text.
func (v *Values) IsNull(i int) bool { return i < len(v.null) && v.null[i] }

// Batches hold up to BatchRows rows and, unless a single row is larger,
// about batchBytes of text. There are at most three per core and two more:
// per decoder one being filled and one decoded ahead, and those the user
// holds. The user takes the rows of a batch in one go, at a cost per batch:
// batches of many rows keep that cost small.
var BatchRows = 1 << 15 // a variable so that tests can make it small

const batchBytes = 16 << 20

// NewReader prepares the reading of the fields of f (as Fields returns
// them) for which used is true; typed says, for each of their types, whether
// its values go to batches as numbers rather than text. It checks their
// column chunks against the file. Errors name the column, not the file.
func NewReader(f *File, fields []Field, used []bool, typed func(*Type) bool) (*Reader, error) {
	r := &Reader{f: f,
		free: make(chan *Batch, 3*runtime.GOMAXPROCS(0)+2), done: make(chan struct{})}
	r.stop = sync.OnceFunc(func() { close(r.done) })
	if !slices.Contains(used, true) {
		return r, nil // nothing to read: Next returns the end at once
	}
	ndec := max(1, min(runtime.GOMAXPROCS(0), len(f.md.RowGroups)))
	for range ndec {
		d := &decoder{out: make(chan *Batch, 1), rows: BatchRows}
		for i, fd := range fields {
			if !used[i] {
				continue
			}
			c, err := newColumn(f, &d.dec, i, fd)
			if err != nil {
				return nil, fmt.Errorf("column %q: %w", fd.Name, err)
			}
			if len(r.decs) == 0 {
				for g := range f.md.RowGroups {
					if err := c.check(&f.md.RowGroups[g].Columns[c.leaf]); err != nil {
						return nil, fmt.Errorf("row group %d, column %q: %w", g+1, fd.Name, err)
					}
				}
			}
			d.cols = append(d.cols, c)
		}
		for _, c := range d.cols {
			c.Typed = typed(&c.Type)
		}
		r.decs = append(r.decs, d)
	}
	r.cols = r.decs[0].cols
	r.first = make([]int, len(f.md.RowGroups))
	next := 1
	for g := range f.md.RowGroups {
		r.first[g] = next
		next += int(f.md.RowGroups[g].NumRows)
		r.batchRows = max(r.batchRows, int(min(f.md.RowGroups[g].NumRows, int64(BatchRows))))
	}
	return r, nil
}

// Columns returns the types of the columns read, in header order: those of
// the values of a batch.
func (r *Reader) Columns() []Type {
	types := make([]Type, len(r.cols))
	for i, c := range r.cols {
		types[i] = c.Type
	}
	return types
}

// Next returns the next batch in row order, starting the decoding at the
// first call: after the last row a batch of no rows with io.EOF (past the
// last row), or nil once Stop was called. A batch with an error other than
// io.EOF is the last.
func (r *Reader) Next() *Batch {
	if !r.started.Load() {
		r.start()
	}
	groups := r.f.md.RowGroups
	for r.recvLeft == 0 {
		if len(r.cols) == 0 || r.recvRG == len(groups) {
			// Nothing to read, or the end.
			next := 1
			if n := len(groups); n > 0 {
				next = r.first[n-1] + int(groups[n-1].NumRows)
			}
			return &Batch{First: next, Err: io.EOF}
		}
		r.recvLeft = groups[r.recvRG].NumRows
		r.recvRG++
	}
	b, ok := <-r.decs[(r.recvRG-1)%len(r.decs)].out
	if !ok {
		return nil
	}
	r.recvLeft -= int64(b.N)
	return b
}

// Recycle gives a batch back to the decoders, unless it is the end's,
// which holds no rows and was not theirs. Its values are then no longer
// the user's.
func (r *Reader) Recycle(b *Batch) {
	if b.Cols != nil {
		r.free <- b
	}
}

// start starts the decoding goroutines.
func (r *Reader) start() {
	r.started.Store(true)
	for k, d := range r.decs {
		go r.decode(k, d)
	}
}

// Stop stops the decoders, waits for them to end and releases the file. It
// may be called more than once.
func (r *Reader) Stop() {
	r.stop()
	if r.started.Load() {
		for _, d := range r.decs {
			for range d.out { // until the decoder has stopped
			}
		}
	}
	r.f.close()
}

// decode fills batches with the rows of decoder k's row groups, until the
// last of them or an error.
func (r *Reader) decode(k int, d *decoder) {
	defer close(d.out)
	groups := r.f.md.RowGroups
	for g := k; g < len(groups); g += len(r.decs) {
		rg := &groups[g]
		for _, c := range d.cols {
			c.start(&rg.Columns[c.leaf], rg.NumRows)
		}
		left, first := rg.NumRows, r.first[g]
		for left > 0 {
			b := r.batch()
			if b == nil {
				return
			}
			d.fill(b, g, first, &left)
			first += b.N
			failed := b.Err != nil // b is the user's once sent
			select {
			case d.out <- b:
			case <-r.done:
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
func (r *Reader) batch() *Batch {
	select {
	case b := <-r.free:
		return b
	default:
	}
	if r.batches.Add(1) <= int32(cap(r.free)) {
		// Of the size it will have, rather than grown to it.
		b := &Batch{Cols: make([]Values, len(r.cols))}
		for i, c := range r.cols {
			if c.Typed {
				b.Cols[i].Nums = make([]int64, 0, r.batchRows)
			} else {
				b.Cols[i].Ends = make([]int, 0, r.batchRows)
			}
		}
		return b
	}
	select {
	case b := <-r.free:
		return b
	case <-r.done:
		return nil
	}
}

// fill decodes the next rows of row group g, whose first is row number
// first, into b: at most d.rows, and left of them.
func (d *decoder) fill(b *Batch, g, first int, left *int64) {
	b.First, b.N, b.Err = first, 0, nil
	for i := range b.Cols {
		b.Cols[i].reset()
	}
	defer func() {
		// The pages are decoded here and must not panic; should one, the
		// user gets an error rather than the program a crash.
		if r := recover(); r != nil {
			b.Err = fmt.Errorf("internal error: %v\n%s", r, debug.Stack())
		}
	}()
	size := 0
	for b.N < d.rows && *left > 0 {
		// The rows that all columns have in their current page.
		k := min(d.rows-b.N, int(min(*left, int64(d.rows))))
		for _, c := range d.cols {
			if c.pos == c.rows {
				if err := c.nextPage(); err != nil {
					b.Err = fmt.Errorf("row group %d, column %q: %w", g+1, c.name, err)
					return
				}
			}
			k = min(k, c.rows-c.pos)
		}
		est := 0
		for _, c := range d.cols {
			est += c.estimate(k)
		}
		if size+est > batchBytes {
			if b.N > 0 {
				return // the rest in the next batch
			}
			k = 1 // a huge row: alone
		}
		size = 0
		for i, c := range d.cols {
			v := &b.Cols[i]
			if c.Typed {
				c.appendNums(v, k)
				continue
			}
			v.Text, v.Ends = c.appendRows(v.Text, v.Ends, k)
			size += len(v.Text)
		}
		b.N += k
		*left -= int64(k)
	}
}
