package output

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/parquet-go/parquet-go"

	"lifecycle/money"
	"lifecycle/msg"
)

// Parquet output.
//
// A Table is written as one Parquet file (Snappy-compressed, row groups of
// up to parquetRowGroup rows) with a column per Table column, in order, all
// of them optional (nil is null), typed by Kind:
//
//	String   BYTE_ARRAY (STRING)
//	Int      INT64 (INT(64, signed))
//	Float    DOUBLE; NaN is null
//	Money    INT64 (DECIMAL(18, 6)): the unscaled value is the
//	         money.Amount itself, in micro-units, so the decimal is exact
//	Percent  DOUBLE, the fraction (0.123 for 12.3%); NaN is null
//	Day      INT32 (DATE): days since 1970-01-01, the civil day itself
//	Bool     BOOLEAN
//
// Column.Decimals does not apply: values are stored whole. A Report is
// written in the long format of its CSV (see Report), three STRING columns
// section, key and value, the value as its CSV text.
//
// A Parquet file is valid only once its footer is written (by Close), so
// it goes whole to a Destination, which makes a file appear complete or not
// at all. It is binary: writing it to a terminal is refused.

// ErrBinaryTerminal is returned when Parquet would be written to a terminal.
var ErrBinaryTerminal = msg.Errorf("refusing to write Parquet, a binary format, to a terminal: use -o FILE.parquet or redirect the output")

// parquetRowGroup is the largest row group written, in rows (as pyarrow's).
const parquetRowGroup = 1 << 20

// parquetNode returns the Parquet type of a column of kind k.
func parquetNode(k Kind) parquet.Node {
	var n parquet.Node
	switch k {
	case Int:
		n = parquet.Int(64)
	case Float, Percent:
		n = parquet.Leaf(parquet.DoubleType)
	case Money:
		n = parquet.Decimal(money.Decimals, 18, parquet.Int64Type)
	case Day:
		n = parquet.Date()
	case Bool:
		n = parquet.Leaf(parquet.BooleanType)
	default:
		n = parquet.String()
	}
	return parquet.Optional(n)
}

// parquetValue returns v, of kind k (checked), as a Parquet value of
// column col; nil and NaN are null.
func parquetValue(k Kind, v any, col int) parquet.Value {
	var pv parquet.Value
	switch {
	case v == nil:
		return parquet.NullValue().Level(0, 0, col)
	case k == String:
		pv = parquet.ByteArrayValue([]byte(stringOf(v)))
	case k == Int:
		n, _ := asInt(v)
		pv = parquet.Int64Value(n)
	case k == Float || k == Percent:
		f, _ := asFloat(v)
		if math.IsNaN(f) {
			return parquet.NullValue().Level(0, 0, col)
		}
		pv = parquet.DoubleValue(f)
	case k == Money:
		m, _ := asMoney(v)
		pv = parquet.Int64Value(int64(m))
	case k == Day:
		n, _ := asInt(v)
		pv = parquet.Int32Value(int32(n))
	case k == Bool:
		pv = parquet.BooleanValue(v.(bool))
	}
	return pv.Level(0, 1, col)
}

// orderedGroup is a group node whose fields keep the order given
// (parquet.Group sorts them by name).
type orderedGroup struct {
	parquet.Group
	order []string
}

func (g orderedGroup) Fields() []parquet.Field {
	fields := g.Group.Fields()
	slices.SortFunc(fields, func(a, b parquet.Field) int {
		return slices.Index(g.order, a.Name()) - slices.Index(g.order, b.Name())
	})
	return fields
}

// writeParquet writes t (validated) as Parquet.
func writeParquet(w io.Writer, t *Table) error {
	if IsTerminal(w) {
		return ErrBinaryTerminal
	}
	g := orderedGroup{Group: parquet.Group{}}
	for _, c := range t.Columns {
		g.Group[c.Name] = parquetNode(c.Kind)
		g.order = append(g.order, c.Name)
	}
	opts := []parquet.WriterOption{
		parquet.NewSchema("lifecycle", g),
		parquet.Compression(&parquet.Snappy),
		parquet.MaxRowsPerRowGroup(parquetRowGroup),
		parquet.CreatedBy("lifecycle", "", ""),
	}
	if t.Meta != nil {
		meta, err := MetaJSON(t.Meta, false)
		if err != nil {
			return err
		}
		opts = append(opts, parquet.KeyValueMetadata(MetaKey, string(bytes.TrimSuffix(meta, []byte("\n")))))
	}
	pw := parquet.NewWriter(w, opts...)
	batch := make([]parquet.Row, 0, 1024)
	flush := func() error {
		_, err := pw.WriteRows(batch)
		batch = batch[:0]
		return err
	}
	cells := make([]any, len(t.Columns))
	for i := range t.count() {
		row := cells
		if t.Row != nil {
			clear(cells)
			t.Row(i, cells)
			if err := t.checkRow(i, cells); err != nil {
				pw.Close()
				return err
			}
		} else {
			row = t.Rows[i]
		}
		pr := make(parquet.Row, len(row))
		for j, v := range row {
			pr[j] = parquetValue(t.Columns[j].Kind, v, j)
		}
		batch = append(batch, pr)
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				pw.Close()
				return err
			}
		}
	}
	if err := flush(); err != nil {
		pw.Close()
		return err
	}
	// Close writes the footer: without it there is no file.
	if err := pw.Close(); err != nil {
		return msg.Errorf("finishing the file: %w", err)
	}
	return nil
}

// reportColumns are the columns of a Report's long format.
var reportColumns = []Column{{Name: "section"}, {Name: "key"}, {Name: "value"}}

// writeReportParquet writes r (validated) in the long format.
func writeReportParquet(w io.Writer, r *Report) error {
	return writeParquet(w, &Table{Columns: reportColumns, Rows: reportLongRows(r), Meta: r.Meta})
}

// reportLongRows returns the (section, key, value) records of r's long
// format, as its CSV writes them: values as their CSV text, nil for a
// missing one.
func reportLongRows(r *Report) [][]any {
	var rows [][]any
	add := func(section, key string, k Kind, dec int, v any) {
		var value any
		if k == String && v != nil {
			value = stringOf(v)
		} else if b, cl := appendCanonical(nil, k, dec, v); cl != classNull {
			value = string(b)
		}
		rows = append(rows, []any{section, key, value})
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		for j := range s.Items {
			it := &s.Items[j]
			add(s.Key, it.Key, it.kind(), it.Decimals, it.Value)
		}
		t := s.Table
		if t == nil {
			continue
		}
		labels := rowLabels(t)
		first := 0
		if labels != nil {
			first = 1 // the first column is in the keys
		}
		for ri, row := range t.Rows {
			for j := first; j < len(t.Columns); j++ {
				c := &t.Columns[j]
				label := fmt.Sprint(ri + 1)
				if labels != nil {
					label = labels[ri]
				}
				add(s.Key, c.Name+"["+label+"]", c.Kind, c.Decimals, row[j])
			}
		}
	}
	return rows
}
