package output

import (
	"fmt"
	"io"
	"runtime"
	"sync"
)

// Formatting the rows of a large table is most of the time a command takes
// once its analysis is done: millions of rows of numbers turned into text.
// So rows are formatted in blocks on every core at once, and the blocks
// written in order.

// blockRows is the number of rows formatted together; a variable so that
// tests can make small blocks.
var blockRows = 4096

// appendRowFunc appends the text of row i, with its values in cells, or
// returns false (with the row partly appended) at a value that does not
// fit its column: rows are checked by being formatted.
type appendRowFunc func(dst []byte, i int, cells []any) ([]byte, bool)

// rowFormatter makes an appendRowFunc for one goroutine, which may keep
// state of its own from row to row.
type rowFormatter func() appendRowFunc

// rowBlock is a block of formatted rows, from row lo to hi-1.
type rowBlock struct {
	lo, hi int
	text   []byte
	err    error
	done   chan struct{}
}

// writeRows writes every row of t, formatted by appendRow, to w in order.
// A table given by Row has each row checked as it is formatted. With
// ownRows the formatter reads the table itself (Table.Text): no cells are
// made for it.
func writeRows(w io.Writer, t *Table, formatter rowFormatter, ownRows bool) error {
	n := t.count()
	workers := runtime.GOMAXPROCS(0)
	newCells := func() []any {
		if ownRows {
			return nil
		}
		return make([]any, len(t.Columns))
	}
	if n < 2*blockRows || workers == 1 {
		b := &rowBlock{lo: 0, hi: n}
		formatBlock(t, b, newCells(), formatter())
		if b.err != nil {
			return b.err
		}
		_, err := w.Write(b.text)
		return err
	}
	jobs := make(chan *rowBlock, workers)
	order := make(chan *rowBlock, 2*workers)
	quit := make(chan struct{})
	var pool sync.Pool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // hands out the blocks, in order
		defer wg.Done()
		defer close(jobs)
		defer close(order)
		for lo := 0; lo < n; lo += blockRows {
			b := &rowBlock{lo: lo, hi: min(lo+blockRows, n), done: make(chan struct{})}
			if text, ok := pool.Get().([]byte); ok {
				b.text = text[:0]
			}
			select {
			case order <- b:
			case <-quit:
				return
			}
			jobs <- b
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cells := newCells()
			appendRow := formatter()
			for b := range jobs {
				formatBlock(t, b, cells, appendRow)
				close(b.done)
			}
		}()
	}
	var err error
	for b := range order {
		<-b.done
		if err == nil {
			err = b.err
		}
		if err == nil {
			_, err = w.Write(b.text)
		}
		if err != nil {
			select {
			case <-quit:
			default:
				close(quit)
			}
			continue // drain, so that every goroutine ends
		}
		pool.Put(b.text)
	}
	wg.Wait()
	return err
}

// formatBlock formats the rows of b into b.text, stopping at a row that
// does not match the columns. cells is the scratch row of a table given by
// Row, nil when the formatter reads the table itself.
func formatBlock(t *Table, b *rowBlock, cells []any, appendRow appendRowFunc) {
	for i := b.lo; i < b.hi; i++ {
		row := cells
		switch {
		case cells == nil: // the formatter reads the table itself
		case t.Row != nil:
			clear(cells)
			t.Row(i, cells)
		default:
			row = t.Rows[i]
		}
		var ok bool
		if b.text, ok = appendRow(b.text, i, row); !ok {
			// checkRow says what is wrong; it cannot find nothing, as the
			// formats refuse exactly what it refuses (TestRowsCheckedByWriting).
			if b.err = t.checkRow(i, row); b.err == nil {
				b.err = fmt.Errorf("invalid table: row %d does not match the columns", i+1)
			}
			return
		}
	}
}
