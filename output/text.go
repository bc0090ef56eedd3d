package output

import (
	"math"

	"lifecycle/dates"
	"lifecycle/money"
)

// TextRow appends the cells of one CSV or TSV record for Table.Text: each
// method appends the separator (but for column 0) and the cell of column
// j, as the cell of a Row would be written, and End ends the record. It
// keeps per column the memo of its last string's quoting, so a TextRow is
// one goroutine's.
type TextRow struct {
	sep    byte
	cols   []Column
	quotes []quoteMemo
	memo   [][]byte // by key, see Memo
}

func newTextRow(cols []Column, sep byte) *TextRow {
	return &TextRow{sep: sep, cols: cols, quotes: make([]quoteMemo, len(cols))}
}

func (w *TextRow) cell(dst []byte, j int) []byte {
	if j > 0 {
		dst = append(dst, w.sep)
	}
	return dst
}

// Int appends a whole number.
func (w *TextRow) Int(dst []byte, j int, n int64) []byte {
	return appendInt(w.cell(dst, j), n)
}

// Money appends an amount.
func (w *TextRow) Money(dst []byte, j int, m money.Amount) []byte {
	return m.AppendText(w.cell(dst, j))
}

// Day appends a day (days since 1970-01-01) as an ISO date.
func (w *TextRow) Day(dst []byte, j int, d int32) []byte {
	return dates.AppendDay(w.cell(dst, j), d)
}

// Float appends a number of a Float or Percent column, with the column's
// decimals; NaN is an empty cell.
func (w *TextRow) Float(dst []byte, j int, f float64) []byte {
	c := &w.cols[j]
	return appendFloatText(w.cell(dst, j), c.Kind, c.Decimals, f)
}

// String appends a text, quoted where CSV needs it.
func (w *TextRow) String(dst []byte, j int, s string) []byte {
	dst = w.cell(dst, j)
	m := &w.quotes[j]
	if s != m.s {
		m.s, m.quote = s, fieldNeedsQuotes(s, w.sep)
	}
	return appendQuotedIf(dst, s, m.quote)
}

// Null appends an empty cell.
func (w *TextRow) Null(dst []byte, j int) []byte {
	return w.cell(dst, j)
}

// Memo appends the cells that fill appends, which key (a small number,
// 0 or more) determines: fill is called the first time a TextRow meets the
// key, and its text copied after. It is for cells that repeat across
// millions of rows, such as scores and the segment they name.
func (w *TextRow) Memo(dst []byte, key int, fill func(dst []byte) []byte) []byte {
	if key < len(w.memo) && w.memo[key] != nil {
		return append(dst, w.memo[key]...)
	}
	start := len(dst)
	dst = fill(dst)
	if key >= len(w.memo) {
		w.memo = append(w.memo, make([][]byte, key+1-len(w.memo))...)
	}
	w.memo[key] = append([]byte(nil), dst[start:]...)
	return dst
}

// End ends the record begun at start.
func (w *TextRow) End(dst []byte, start int) []byte {
	if len(dst) == start {
		// A lone empty field would be a blank line, which CSV readers skip.
		dst = append(dst, '"', '"')
	}
	return append(dst, '\n')
}

// appendFloatText appends the machine text of f, of kind Float or Percent
// with dec decimals (see Column), as appendCanonical does: nothing for
// NaN, Inf and -Inf for the infinities.
func appendFloatText(dst []byte, k Kind, dec int, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return dst
	case math.IsInf(f, 1):
		return append(dst, "Inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-Inf"...)
	}
	d := decimals(k, dec)
	if k == Percent {
		d += 2
	}
	return appendFixed(dst, f, d)
}
