package output

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"lifecycle/dates"
	"lifecycle/msg"
)

// xlsx: an Excel workbook (Office Open XML), a sheet per table, with typed
// cells: counts and amounts are numbers (money with two decimals shown,
// the exact amount to the precision of a double), percents are fractions
// shown as percents, days are dates (Excel's serial day numbers shown as
// yyyy-mm-dd), booleans are booleans and texts are texts; a missing value
// is an empty cell. A Table is the sheet "rows"; a Report is the sheet of
// its Key ("report" when none) in the long form of csv with a label
// column, then a sheet per section table named "section.table". The meta,
// if any, is the sheet "meta": a row per value, its path ("inputs[1].name")
// then the value. A sheet holds at most 1,048,575 rows under its header:
// a larger table is an error, not a cut. Refused on a terminal.

// xlsxMaxRows is the number of data rows a sheet holds below its header.
const xlsxMaxRows = excelize.TotalRows - 1

// errXLSXTerminal is returned when xlsx would be written to a terminal.
var errXLSXTerminal = msg.Errorf("refusing to write xlsx, a binary format, to a terminal: use -o FILE.xlsx or redirect the output")

// excelEpoch is Excel's day 0 (1899-12-30, so that 1900-03-01 is 61, as
// Excel counts with its phantom 1900-02-29).
var excelEpoch = dates.DayOf(1899, 12, 30)

// xlsxBook is a workbook being written.
type xlsxBook struct {
	f      *excelize.File
	styles map[string]int // number format -> style
	sheets int
}

func newXLSXBook() *xlsxBook {
	return &xlsxBook{f: excelize.NewFile(), styles: map[string]int{}}
}

// style returns the style of a number format.
func (b *xlsxBook) style(numFmt string) (int, error) {
	if id, ok := b.styles[numFmt]; ok {
		return id, nil
	}
	f := numFmt
	id, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &f})
	if err != nil {
		return 0, err
	}
	b.styles[numFmt] = id
	return id, nil
}

// numFmt is the number format of a kind.
func numFmt(k Kind, dec int) string {
	zeros := func(n int) string {
		if n <= 0 {
			return ""
		}
		return "." + strings.Repeat("0", n)
	}
	switch k {
	case Int:
		return "#,##0"
	case Money:
		return "#,##0.00"
	case Float:
		return "0" + zeros(decimals(k, dec))
	case Percent:
		return "0" + zeros(decimals(k, dec)) + "%"
	case Day:
		return "yyyy-mm-dd"
	}
	return ""
}

// cell is the cell of v, a value of kind k.
func (b *xlsxBook) cell(k Kind, dec int, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	var val any
	switch k {
	case Int:
		if n, ok := asInt(v); ok {
			val = n
		}
	case Money:
		if m, ok := asMoney(v); ok {
			val = m.Float64()
		}
	case Float, Percent:
		if f, ok := asFloat(v); ok {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, nil // Excel has no NaN nor infinity
			}
			val = f
		}
	case Day:
		if n, ok := asInt(v); ok {
			val = n - int64(excelEpoch)
		}
	case Bool:
		if t, ok := v.(bool); ok {
			return t, nil
		}
	default:
		if s, ok := stringValue(v); ok {
			return sanitizeXML(s), nil
		}
	}
	if val == nil {
		return nil, msg.Errorf("a %T value is not a %v", v, k)
	}
	id, err := b.style(numFmt(k, dec))
	if err != nil {
		return nil, err
	}
	return excelize.Cell{StyleID: id, Value: val}, nil
}

// sheet adds a sheet called name and writes its rows: header, then each
// row of cells given by next (false when done).
func (b *xlsxBook) sheet(name string, header []any, n int, next func(i int) ([]any, error)) error {
	if n > xlsxMaxRows {
		return msg.Errorf("%s rows is more than an xlsx sheet holds (%s under the header): use csv or parquet", Grouped(strconv.Itoa(n)), Grouped(strconv.Itoa(xlsxMaxRows)))
	}
	if b.sheets == 0 {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	b.sheets++
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i := range n {
		row, err := next(i)
		if err != nil {
			return err
		}
		at, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(at, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// table adds t (validated) as the sheet name.
func (b *xlsxBook) table(name string, t *Table) error {
	header := make([]any, len(t.Columns))
	for j, c := range t.Columns {
		header[j] = c.Name
	}
	cells := make([]any, len(t.Columns))
	return b.sheet(name, header, t.count(), func(i int) ([]any, error) {
		row := cells
		if t.Row != nil {
			clear(cells)
			t.Row(i, cells)
			if err := t.checkRow(i, cells); err != nil {
				return nil, err
			}
		} else {
			row = t.Rows[i]
		}
		out := make([]any, len(row))
		for j, v := range row {
			c, err := b.cell(t.Columns[j].Kind, t.Columns[j].Decimals, v)
			if err != nil {
				return nil, msg.Errorf("row %d, %s: %w", i+1, t.Columns[j].Name, err)
			}
			out[j] = c
		}
		return out, nil
	})
}

// meta adds the sheet "meta": a row per value of m, by its path.
func (b *xlsxBook) meta(m *Object) error {
	var rows [][]any
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case *Object:
			for i, k := range v.keys {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, v.vals[i])
			}
		case []*Object:
			for i, o := range v {
				walk(fmt.Sprintf("%s[%d]", path, i+1), o)
			}
		case []string:
			for i, s := range v {
				walk(fmt.Sprintf("%s[%d]", path, i+1), s)
			}
		case string:
			rows = append(rows, []any{path, sanitizeXML(v)})
		default:
			if m, ok := asMoney(v); ok {
				v = m.Float64()
			}
			rows = append(rows, []any{path, v})
		}
	}
	walk("", m)
	return b.sheet("meta", []any{"key", "value"}, len(rows), func(i int) ([]any, error) { return rows[i], nil })
}

// write writes the workbook to w.
func (b *xlsxBook) write(w io.Writer) error {
	if err := b.f.Write(w); err != nil {
		return err
	}
	return b.f.Close()
}

// writeXLSX writes t (validated) as a workbook.
func writeXLSX(w io.Writer, t *Table) error {
	if IsTerminal(w) {
		return errXLSXTerminal
	}
	b := newXLSXBook()
	defer b.f.Close()
	if err := b.table("rows", t); err != nil {
		return err
	}
	if t.Meta != nil {
		if err := b.meta(t.Meta); err != nil {
			return err
		}
	}
	return b.write(w)
}

// writeReportXLSX writes r (validated) as a workbook.
func writeReportXLSX(w io.Writer, r *Report) error {
	if IsTerminal(w) {
		return errXLSXTerminal
	}
	b := newXLSXBook()
	defer b.f.Close()
	name := r.Key
	if name == "" {
		name = "report"
	}
	type item struct {
		section string
		it      *Item
	}
	var items []item
	for i := range r.Sections {
		for j := range r.Sections[i].Items {
			items = append(items, item{r.Sections[i].Key, &r.Sections[i].Items[j]})
		}
	}
	err := b.sheet(name, []any{"section", "key", "label", "value"}, len(items), func(i int) ([]any, error) {
		it := items[i].it
		c, err := b.cell(it.kind(), it.Decimals, it.Value)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", items[i].section, it.Key, err)
		}
		return []any{items[i].section, it.Key, sanitizeXML(strings.TrimSpace(it.label())), c}, nil
	})
	if err != nil {
		return err
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		if s.Table != nil {
			if err := b.table(s.Key+"."+s.tableKey(), s.Table); err != nil {
				return err
			}
		}
	}
	if r.Meta != nil {
		if err := b.meta(r.Meta); err != nil {
			return err
		}
	}
	return b.write(w)
}

// sanitizeXML drops what XML 1.0 cannot hold (control characters but tab
// and line breaks, invalid UTF-8), which excelize would write as is and
// Excel then refuses the whole file for.
func sanitizeXML(s string) string {
	ok := true
	for _, r := range s {
		if r == '\uFFFD' || r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
