package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"lifecycle/dates"
	"lifecycle/money"
	"math"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"

	"lifecycle/output/words"
)

// Column describes one column of a Table.
type Column struct {
	// Name is the snake_case name used as CSV/TSV header and JSON key.
	Name string
	// Title heads the column in the terminal table; "" means Name.
	Title string
	// Kind says which Go values the column holds and how they are written.
	Kind Kind
	// Decimals is the number of decimals of a Float column (default 2) or of
	// a Percent column in the terminal table (default 1; CSV and JSON use
	// Decimals+2 places for the fraction). 0 means the default, NoDecimals
	// none. Other kinds ignore it.
	Decimals int
	// Drop, when above 0, lets a terminal table too wide for its Screen
	// leave the column out, the highest Drop first (see Screen).
	Drop int
	// Shorten lets a terminal table too wide for its Screen cut the
	// column's texts, ending them in "…" (for long texts such as reasons
	// and suggested actions; never a number).
	Shorten bool
	// Word is the catalogue key of the column's title in another language;
	// "" means "column.<Name>" (see ColumnTitle).
	Word words.Key
}

// title returns the terminal-table heading of c.
func (c *Column) title() string {
	if c.Title != "" {
		return c.Title
	}
	return c.Name
}

// Table is tabular data: every command's main result. Rows[i][j] is the
// value of column j in row i, of a Go type accepted by Columns[j].Kind (nil
// means missing). Rows are written in the order given.
//
// A table of millions of rows can give them one at a time instead, with
// Len and Row: Row(i, cells) sets cells (one per column) to the values of
// row i, for i from 0 to Len-1. The machine formats then write rows as
// they come, formatting blocks of them on every core at once, so that Row
// is called from several goroutines together and must only read what it
// shares; no row is kept. The terminal table collects the rows first.
type Table struct {
	Columns []Column
	Rows    [][]any
	Len     int
	Row     func(i int, cells []any)
	// Text, set beside Row, appends row i as a CSV or TSV record with the
	// appenders of w (its line feed included, by w.End): the delimited
	// formats use it instead of formatting Row's cells one by one, which
	// costs a call and a type switch per cell. It must write exactly what
	// Row's cells would (each command's view tests compare the two).
	Text func(w *TextRow, dst []byte, i int) []byte
	// Caption is an optional line printed under the terminal table (e.g.
	// "4,338 customers"); machine formats leave it out.
	Caption string
	// Meta, when set, is the provenance of the table (see meta.go): JSON
	// is then the object {"meta": Meta, "rows": [...]} and Parquet carries
	// it as key-value metadata; the other formats leave it out.
	Meta *Object
	// Currency, when set, is the currency of the Money columns, named in
	// their terminal headings ("Net revenue (EUR)"); the machine formats'
	// column names stay as they are (the currency is in Meta).
	Currency string
	// Screen fits the terminal table to a person's terminal (width, rows
	// shown, language); machine formats ignore it.
	Screen Screen
}

// moneyTitle is a terminal heading or label of money in currency cur.
func moneyTitle(title, cur string) string {
	if cur == "" {
		return title
	}
	return title + " (" + cur + ")"
}

// count returns the number of rows.
func (t *Table) count() int {
	if t.Row != nil {
		return t.Len
	}
	return len(t.Rows)
}

// collect returns t with every row in Rows, or its first limit rows when
// limit is above 0.
func (t *Table) collect(limit int) *Table {
	if t.Row == nil {
		if limit > 0 && len(t.Rows) > limit {
			c := *t
			c.Rows = t.Rows[:limit]
			return &c
		}
		return t
	}
	c := *t
	n := t.Len
	if limit > 0 {
		n = min(n, limit)
	}
	c.Rows = make([][]any, n)
	for i := range c.Rows {
		c.Rows[i] = make([]any, len(t.Columns))
		t.Row(i, c.Rows[i])
	}
	c.Row, c.Len = nil, 0
	return &c
}

// validate checks the columns and every value against its column's kind, so
// that Write fails before writing anything.
func (t *Table) validate() error {
	if t == nil || len(t.Columns) == 0 {
		return errors.New("invalid table: no columns")
	}
	for i := range t.Columns {
		c := &t.Columns[i]
		if c.Name == "" {
			return fmt.Errorf("invalid table: column %d has no name", i+1)
		}
		if c.Kind < String || c.Kind > Bool {
			return fmt.Errorf("invalid table: column %q has unknown kind %d", c.Name, int(c.Kind))
		}
		for j := range i {
			if t.Columns[j].Name == c.Name {
				return fmt.Errorf("invalid table: duplicate column name %q", c.Name)
			}
		}
	}
	if t.Row != nil && t.Rows != nil {
		return errors.New("invalid table: both Rows and Row given")
	}
	for i, row := range t.Rows {
		if err := t.checkRow(i, row); err != nil {
			return err
		}
	}
	return nil
}

// checkRow checks row i's values against the columns' kinds.
func (t *Table) checkRow(i int, row []any) error {
	if len(row) != len(t.Columns) {
		return fmt.Errorf("invalid table: row %d has %d values for %d columns", i+1, len(row), len(t.Columns))
	}
	for j, v := range row {
		if err := checkValue(t.Columns[j].Kind, v); err != nil {
			return fmt.Errorf("invalid table: row %d, column %q: %w", i+1, t.Columns[j].Name, err)
		}
	}
	return nil
}

// Write renders t in format f to w. It checks t first (column names present
// and unique, one value per column, values of the column's kind) and writes
// nothing when t is invalid; the rows of a table given by Row are checked
// as they are written. See the package documentation for the formats.
func Write(w io.Writer, f Format, t *Table) error {
	if err := t.validate(); err != nil {
		return err
	}
	var err error
	switch f {
	case TableFormat:
		more := 0 // rows past the screen's limit
		if lim := t.Screen.Limit; lim > 0 && t.count() > lim {
			more = t.count() - lim
		}
		t = t.collect(t.Screen.Limit)
		if err := t.validate(); err != nil {
			return err
		}
		err = writeTerminal(w, t, "", more)
	case CSV:
		err = writeDelimited(w, t, ',')
	case TSV:
		err = writeDelimited(w, t, '\t')
	case JSON:
		err = writeJSONRows(w, t, false)
	case JSONL:
		err = writeJSONRows(w, t, true)
	case Parquet:
		err = writeParquet(w, t)
	case XLSX:
		err = writeXLSX(w, t)
	default:
		return fmt.Errorf("%w: %v", ErrUnknownFormat, f)
	}
	if err != nil {
		return fmt.Errorf("write %v: %w", f, err)
	}
	return nil
}

// bufSize is the size of the buffered writer used by the machine formats.
const bufSize = 64 << 10

// writeDelimited writes t as CSV (sep ',') or TSV (sep '\t').
func writeDelimited(w io.Writer, t *Table, sep byte) error {
	bw := bufio.NewWriterSize(w, bufSize)
	line := make([]byte, 0, 512)
	for j := range t.Columns {
		if j > 0 {
			line = append(line, sep)
		}
		line = appendField(line, t.Columns[j].Name, sep)
	}
	line = append(line, '\n')
	if _, err := bw.Write(line); err != nil {
		return err
	}
	var err error
	if t.Text != nil && t.Row != nil {
		err = writeRows(bw, t, func() appendRowFunc {
			w := newTextRow(t.Columns, sep)
			return func(dst []byte, i int, _ []any) ([]byte, bool) {
				return t.Text(w, dst, i), true
			}
		}, true)
	} else {
		err = writeRows(bw, t, func() appendRowFunc {
			quotes := make([]quoteMemo, len(t.Columns))
			return func(dst []byte, _ int, row []any) ([]byte, bool) {
				return appendDelimitedRow(dst, t.Columns, row, sep, quotes)
			}
		}, false)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// quoteMemo remembers a column's last string and whether it needed quotes:
// the strings of a column often repeat (a segment, a level, a reason), the
// same string each time, which string comparison finds at once.
type quoteMemo struct {
	s     string
	quote bool
}

// appendDelimitedRow appends one CSV/TSV record, with its line feed.
// quotes, when not nil, has a memo per column. It returns false, with the
// row partly appended, at a value that does not fit its column.
func appendDelimitedRow(line []byte, cols []Column, row []any, sep byte, quotes []quoteMemo) ([]byte, bool) {
	start := len(line)
	for j, v := range row {
		if j > 0 {
			line = append(line, sep)
		}
		// The values the commands' views give, by their concrete type
		// first: what appendCanonical would write, without its calls and
		// its type switches in order.
		c := &cols[j]
		switch x := v.(type) {
		case int32:
			if c.Kind == Int {
				line = appendInt(line, int64(x))
				continue
			}
			if c.Kind == Day {
				line = dates.AppendDay(line, x)
				continue
			}
		case uint8:
			if c.Kind == Int {
				line = appendInt(line, int64(x))
				continue
			}
		case *money.Amount:
			if c.Kind == Money && x != nil {
				line = x.AppendText(line)
				continue
			}
		case *float64:
			if c.Kind == Float && x != nil && !math.IsNaN(*x) && !math.IsInf(*x, 0) {
				line = appendFixed(line, *x, decimals(Float, c.Decimals))
				continue
			}
		}
		if c.Kind == String && v != nil && quotes != nil {
			s, ok := stringValue(v)
			if !ok {
				return line, false
			}
			m := &quotes[j]
			if s != m.s {
				m.s, m.quote = s, fieldNeedsQuotes(s, sep)
			}
			line = appendQuotedIf(line, s, m.quote)
			continue
		}
		var ok bool
		if line, ok = appendDelimitedCell(line, &cols[j], v, sep); !ok {
			return line, false
		}
	}
	if len(line) == start {
		// A lone empty field would be a blank line, which CSV readers skip.
		line = append(line, '"', '"')
	}
	return append(line, '\n'), true
}

// appendDelimitedCell appends v as a CSV/TSV field, or returns false when v
// does not fit c. Only strings can need quoting: the canonical text of
// other kinds never holds a separator, quote, line break or leading space.
func appendDelimitedCell(dst []byte, c *Column, v any, sep byte) ([]byte, bool) {
	if c.Kind == String && v != nil {
		s, ok := stringValue(v)
		return appendField(dst, s, sep), ok
	}
	dst, cl := appendCanonical(dst, c.Kind, c.Decimals, v)
	return dst, cl != classInvalid
}

// stringValue returns the text of a String-kind value (a string or
// fmt.Stringer), or false for any other value.
func stringValue(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return s, true
	case fmt.Stringer:
		return s.String(), true
	}
	return "", false
}

// stringOf returns the text of a String-kind value already checked.
func stringOf(v any) string {
	s, _ := stringValue(v)
	return s
}

// appendJSONValue appends v, of kind k, as a JSON value, or returns false
// when v does not fit k.
func appendJSONValue(dst []byte, k Kind, dec int, v any) ([]byte, bool) {
	switch {
	case v == nil:
		return append(dst, "null"...), true
	case k == String:
		s, ok := stringValue(v)
		return appendJSONString(dst, s), ok
	case k == Day:
		// The canonical day text ("2021-03-13") needs no escaping.
		dst = append(dst, '"')
		dst, cl := appendCanonical(dst, k, dec, v)
		return append(dst, '"'), cl != classInvalid
	}
	mark := len(dst)
	dst, cl := appendCanonical(dst, k, dec, v)
	if cl == classNull || cl == classInf {
		return append(dst[:mark], "null"...), true
	}
	return dst, cl != classInvalid
}

// jsonKeys returns the `"name":` prefix of each column.
func jsonKeys(cols []Column) [][]byte {
	keys := make([][]byte, len(cols))
	for j := range cols {
		keys[j] = append(appendJSONString(nil, cols[j].Name), ':')
	}
	return keys
}

// appendJSONObject appends row as one JSON object with keys in column
// order, or returns false at a value that does not fit its column.
func appendJSONObject(dst []byte, cols []Column, keys [][]byte, row []any) ([]byte, bool) {
	dst = append(dst, '{')
	for j, v := range row {
		if j > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, keys[j]...)
		var ok bool
		if dst, ok = appendJSONValue(dst, cols[j].Kind, cols[j].Decimals, v); !ok {
			return dst, false
		}
	}
	return append(dst, '}'), true
}

// writeJSONRows writes t as a JSON array (one object per line, indented by
// two spaces) or, when lines is set, as JSON Lines. With t.Meta the array
// is the member "rows" of an object whose member "meta" comes first.
func writeJSONRows(w io.Writer, t *Table, lines bool) error {
	bw := bufio.NewWriterSize(w, bufSize)
	keys := jsonKeys(t.Columns)
	n := t.count()
	indent, end := "  ", "]\n"
	if !lines && t.Meta != nil {
		head, err := metaHead(t.Meta, "rows")
		if err != nil {
			return err
		}
		if _, err := bw.Write(head); err != nil {
			return err
		}
		indent, end = "    ", "  ]\n}\n"
		if n == 0 {
			end = "[]\n}\n"
		}
	}
	if !lines && n == 0 {
		if end == "]\n" {
			end = "[]\n"
		}
		if _, err := bw.WriteString(end); err != nil {
			return err
		}
		return bw.Flush()
	}
	appendRow := func(dst []byte, i int, row []any) ([]byte, bool) {
		if !lines {
			if i == 0 {
				dst = append(dst, '[', '\n')
			}
			dst = append(dst, indent...)
		}
		dst, ok := appendJSONObject(dst, t.Columns, keys, row)
		if !ok {
			return dst, false
		}
		if !lines && i < n-1 {
			dst = append(dst, ',')
		}
		return append(dst, '\n'), true
	}
	err := writeRows(bw, t, func() appendRowFunc { return appendRow }, false)
	if err != nil {
		return err
	}
	if !lines {
		if _, err := bw.WriteString(end); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// writeTerminal draws t with tablewriter, each line prefixed by indent,
// followed by the caption if any, the notes of its fitting to t.Screen and,
// when more rows were left out by its limit, a line that says so.
func writeTerminal(w io.Writer, t *Table, indent string, more int) error {
	var buf bytes.Buffer
	width := 0
	if t.Screen.Width > 0 {
		width = max(t.Screen.Width-twwidth.Width(indent), 1)
	}
	f := fit(t, t.Screen, width)
	if err := renderTablewriter(&buf, t, f); err != nil {
		return err
	}
	if t.Caption != "" {
		writeLines(&buf, sanitize(t.Caption), width, "  ")
	}
	if more > 0 {
		writeLines(&buf, moreRows(t.Screen.Lang, more), width, "  ")
	}
	for _, n := range f.notes {
		writeLines(&buf, n, width, "  ")
	}
	if indent == "" {
		_, err := w.Write(buf.Bytes())
		return err
	}
	var out bytes.Buffer
	for line := range bytes.Lines(buf.Bytes()) {
		out.WriteString(indent)
		out.Write(line)
	}
	_, err := w.Write(out.Bytes())
	return err
}

// renderTablewriter draws the header and rows of t, as f lays them out,
// into w.
func renderTablewriter(w io.Writer, t *Table, f *fitted) error {
	aligns := make([]tw.Align, len(f.cols))
	header := make([]any, len(f.cols))
	for k, j := range f.cols {
		aligns[k] = tw.AlignLeft
		if t.Columns[j].Kind.numeric() {
			aligns[k] = tw.AlignRight
		}
		header[k] = f.titles[k]
	}
	tbl := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off), // keep titles as given
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft, PerColumn: aligns}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft, PerColumn: aligns}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	tbl.Header(header...)
	for _, cells := range f.cells {
		if err := tbl.Append(cells); err != nil {
			return err
		}
	}
	return tbl.Render()
}
