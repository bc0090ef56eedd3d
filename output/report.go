package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"lifecycle/money"
)

// A Report is a one-screen summary (used by `lifecycle summary`): a title and
// titled sections of label/value pairs, each section possibly holding a small
// Table (e.g. new customers per month).
//
// The formats of a report:
//
//   - table: the title underlined, then each section: its title, its items
//     as an aligned two-column block (labels left, values right-aligned,
//     notes after the value), then its table drawn with tablewriter, indented.
//   - csv, tsv: a long format with the header "section,key,value": one line
//     per item (section key, item key, value), then one line per cell of the
//     section's table. A table cell's key is "<column>[<row>]" where <row> is
//     the row's value in the first column when those values are all present
//     and distinct (the first column is then not repeated:
//     "customers[2021-03-01]"), and the 1-based row number otherwise, with
//     every column listed ("month[1]", "customers[1]"). Values are written as
//     in a Table's CSV (ISO dates, fractions for percents, exact money).
//   - json: one object, {"<section key>": {"<item key>": value, ...,
//     "<table key>": [{row}, ...]}, ...}, keys in the order given, indented;
//     with Meta, that object is the member Key of {"meta": Meta, Key: ...}.
//   - jsonl: the same object on one line, without Meta.
//   - parquet: the long format of csv, with Meta as key-value metadata.
//
// Report.Title, section titles, item labels and notes appear in the table
// format only.
type Report struct {
	Title    string
	Sections []Section
	// Meta, when set, is the provenance of the report (see meta.go), and
	// Key the member that holds the report beside it in JSON ("report"
	// when empty).
	Meta *Object
	Key  string
	// Screen fits the terminal view to a person's terminal; machine
	// formats ignore it.
	Screen Screen
}

// Section is a titled group of items in a Report, with an optional table.
type Section struct {
	// Key is the snake_case name of the section in CSV and JSON.
	Key string
	// Title heads the section on the terminal; "" means Key.
	Title string
	// Items are the section's label/value pairs, in display order.
	Items []Item
	// Table is an optional small table shown after the items.
	Table *Table
	// TableKey is the JSON key of Table in the section object; "" means "rows".
	TableKey string
}

// Item is one label/value pair of a Section.
type Item struct {
	// Key is the snake_case name of the item in CSV and JSON.
	Key string
	// Label is shown on the terminal; "" means Key.
	Label string
	// Value is the value, a Go type accepted by Kind (nil means missing).
	Value any
	// Kind says how Value is written. The zero Kind (String) with a Value
	// that is not a string or fmt.Stringer means: take the kind from the Go
	// type (money.Amount -> Money, integers -> Int, floats -> Float, bool ->
	// Bool). Percent and Day must be given explicitly.
	Kind Kind
	// Decimals is as for Column.Decimals.
	Decimals int
	// Note is shown after the value on the terminal only, e.g.
	// "(2 or more purchases)".
	Note string
}

// kind returns the effective kind of it (see Item.Kind).
func (it *Item) kind() Kind {
	if it.Kind != String || it.Value == nil {
		return it.Kind
	}
	switch v := it.Value.(type) {
	case money.Amount, *money.Amount:
		return Money
	case string, fmt.Stringer:
		return String
	case bool:
		return Bool
	case float64, float32, *float64:
		return Float
	default:
		if _, ok := asInt(v); ok {
			return Int
		}
		if _, ok := asFloat(v); ok {
			return Float
		}
	}
	return String // checkValue reports the mismatch
}

// label returns the terminal label of it.
func (it *Item) label() string {
	if it.Label != "" {
		return it.Label
	}
	return it.Key
}

// title returns the terminal title of s.
func (s *Section) title() string {
	if s.Title != "" {
		return s.Title
	}
	return s.Key
}

// tableKey returns the JSON key of s.Table.
func (s *Section) tableKey() string {
	if s.TableKey != "" {
		return s.TableKey
	}
	return "rows"
}

// validate checks keys (present, unique) and values, so that WriteReport
// fails before writing anything.
func (r *Report) validate() error {
	if r == nil {
		return errors.New("invalid report: nil")
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		if s.Key == "" {
			return fmt.Errorf("invalid report: section %d has no key", i+1)
		}
		for j := range i {
			if r.Sections[j].Key == s.Key {
				return fmt.Errorf("invalid report: duplicate section key %q", s.Key)
			}
		}
		for j := range s.Items {
			it := &s.Items[j]
			if it.Key == "" {
				return fmt.Errorf("invalid report: section %q: item %d has no key", s.Key, j+1)
			}
			if s.Table != nil && it.Key == s.tableKey() {
				return fmt.Errorf("invalid report: section %q: item key %q is also the table key", s.Key, it.Key)
			}
			for k := range j {
				if s.Items[k].Key == it.Key {
					return fmt.Errorf("invalid report: section %q: duplicate item key %q", s.Key, it.Key)
				}
			}
			if err := checkValue(it.kind(), it.Value); err != nil {
				return fmt.Errorf("invalid report: section %q, item %q: %w", s.Key, it.Key, err)
			}
		}
		if s.Table != nil {
			if s.Table.Row != nil {
				return fmt.Errorf("invalid report: section %q: a report's table gives Rows, not Row", s.Key)
			}
			if err := s.Table.validate(); err != nil {
				return fmt.Errorf("section %q: %w", s.Key, err)
			}
		}
	}
	return nil
}

// WriteReport renders r in format f to w (see Report for the layouts). It
// checks r first and writes nothing when r is invalid.
func WriteReport(w io.Writer, f Format, r *Report) error {
	if err := r.validate(); err != nil {
		return err
	}
	var err error
	switch f {
	case TableFormat:
		err = writeReportTerminal(w, r)
	case CSV:
		err = writeReportDelimited(w, r, ',')
	case TSV:
		err = writeReportDelimited(w, r, '\t')
	case JSON:
		err = writeReportJSON(w, r, true)
	case JSONL:
		err = writeReportJSON(w, r, false)
	case Parquet:
		err = writeReportParquet(w, r)
	case XLSX:
		err = writeReportXLSX(w, r)
	default:
		return fmt.Errorf("%w: %v", ErrUnknownFormat, f)
	}
	if err != nil {
		return fmt.Errorf("write report %v: %w", f, err)
	}
	return nil
}

// reportIndent indents items and tables under their section title.
const reportIndent = "  "

// writeReportTerminal writes the human-readable screen of r.
func writeReportTerminal(w io.Writer, r *Report) error {
	// One label column and one value column for the whole report.
	labelW, valueW := 0, 0
	values := make([][]string, len(r.Sections))
	for i := range r.Sections {
		s := &r.Sections[i]
		values[i] = make([]string, len(s.Items))
		for j := range s.Items {
			it := &s.Items[j]
			values[i][j] = display(it.kind(), it.Decimals, it.Value)
			labelW = max(labelW, twwidth.Width(sanitize(it.label())))
			valueW = max(valueW, twwidth.Width(values[i][j]))
		}
	}

	bw := bufio.NewWriter(w)
	if r.Title != "" {
		title := sanitize(r.Title)
		bw.WriteString(title)
		bw.WriteByte('\n')
		bw.WriteString(strings.Repeat("=", twwidth.Width(title)))
		bw.WriteByte('\n')
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		if i > 0 || r.Title != "" {
			bw.WriteByte('\n')
		}
		bw.WriteString(sanitize(s.title()))
		bw.WriteByte('\n')
		for j := range s.Items {
			it := &s.Items[j]
			label, value := sanitize(it.label()), values[i][j]
			bw.WriteString(reportIndent)
			bw.WriteString(label)
			bw.WriteString(strings.Repeat(" ", labelW-twwidth.Width(label)+2+valueW-twwidth.Width(value)))
			bw.WriteString(value)
			if it.Note != "" {
				bw.WriteString("  ")
				bw.WriteString(sanitize(it.Note))
			}
			bw.WriteByte('\n')
		}
		if s.Table != nil {
			s.Table.Screen = r.Screen
			if err := writeTerminal(bw, s.Table, reportIndent, 0); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// writeReportDelimited writes r in the long "section,key,value" format.
func writeReportDelimited(w io.Writer, r *Report, sep byte) error {
	bw := bufio.NewWriterSize(w, bufSize)
	line := make([]byte, 0, 256)
	line = append(line, "section"...)
	line = append(line, sep)
	line = append(line, "key"...)
	line = append(line, sep)
	line = append(line, "value\n"...)
	for i := range r.Sections {
		s := &r.Sections[i]
		for j := range s.Items {
			it := &s.Items[j]
			line = appendLongLine(line, s.Key, it.Key, it.kind(), it.Decimals, it.Value, sep)
		}
		if s.Table != nil {
			line = appendFlatTable(line, s.Key, s.Table, sep)
		}
		if _, err := bw.Write(line); err != nil {
			return err
		}
		line = line[:0]
	}
	if _, err := bw.Write(line); err != nil {
		return err
	}
	return bw.Flush()
}

// appendLongLine appends one "section,key,value" record.
func appendLongLine(line []byte, section, key string, k Kind, dec int, v any, sep byte) []byte {
	line = appendField(line, section, sep)
	line = append(line, sep)
	line = appendField(line, key, sep)
	line = append(line, sep)
	line, _ = appendDelimitedCell(line, &Column{Kind: k, Decimals: dec}, v, sep) // checked
	return append(line, '\n')
}

// appendFlatTable appends the cells of t as long records (see Report).
func appendFlatTable(line []byte, section string, t *Table, sep byte) []byte {
	labels := rowLabels(t)
	first := 0
	if labels != nil {
		first = 1 // the first column is in the keys
	}
	var key []byte
	for i, row := range t.Rows {
		for j := first; j < len(t.Columns); j++ {
			c := &t.Columns[j]
			key = append(key[:0], c.Name...)
			key = append(key, '[')
			if labels != nil {
				key = append(key, labels[i]...)
			} else {
				key = strconv.AppendInt(key, int64(i+1), 10)
			}
			key = append(key, ']')
			line = appendLongLine(line, section, string(key), c.Kind, c.Decimals, row[j], sep)
		}
	}
	return line
}

// rowLabels returns the canonical text of each row's first value when they
// are all present and distinct, nil otherwise (or when t has one column).
func rowLabels(t *Table) []string {
	if len(t.Columns) < 2 {
		return nil
	}
	c := &t.Columns[0]
	labels := make([]string, len(t.Rows))
	seen := make(map[string]bool, len(t.Rows))
	for i, row := range t.Rows {
		var b []byte
		if c.Kind == String && row[0] != nil {
			b = []byte(stringOf(row[0]))
		} else {
			var cl class
			b, cl = appendCanonical(nil, c.Kind, c.Decimals, row[0])
			if cl == classNull {
				return nil
			}
		}
		s := string(b)
		if s == "" || seen[s] {
			return nil
		}
		seen[s] = true
		labels[i] = s
	}
	return labels
}

// writeReportJSON writes r as one JSON object, indented by two spaces when
// pretty, else on one line: a member per section, holding its items and its
// table as an array of row objects (each on one line).
func writeReportJSON(w io.Writer, r *Report, pretty bool) error {
	bw := bufio.NewWriterSize(w, bufSize)
	j := jsonOut{b: make([]byte, 0, 1024), pretty: pretty}
	wrapped := pretty && r.Meta != nil
	if wrapped {
		j.open('{')
		j.key("meta")
		if err := j.object(r.Meta); err != nil {
			return err
		}
		key := r.Key
		if key == "" {
			key = "report"
		}
		j.key(key)
	}
	j.open('{')
	for i := range r.Sections {
		s := &r.Sections[i]
		j.key(s.Key)
		j.open('{')
		for k := range s.Items {
			it := &s.Items[k]
			j.key(it.Key)
			j.b, _ = appendJSONValue(j.b, it.kind(), it.Decimals, it.Value) // checked
		}
		if s.Table != nil {
			j.key(s.tableKey())
			j.open('[')
			keys := jsonKeys(s.Table.Columns)
			for _, row := range s.Table.Rows {
				j.member()
				j.b, _ = appendJSONObject(j.b, s.Table.Columns, keys, row) // checked
			}
			j.close(']')
		}
		j.close('}')
		if _, err := bw.Write(j.b); err != nil {
			return err
		}
		j.b = j.b[:0]
	}
	j.close('}')
	if wrapped {
		j.close('}')
	}
	j.b = append(j.b, '\n')
	if _, err := bw.Write(j.b); err != nil {
		return err
	}
	return bw.Flush()
}
