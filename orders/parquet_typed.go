package orders

import (
	"math"
	"slices"

	"github.com/parquet-go/parquet-go/format"

	"lifecycle/dates"
	"lifecycle/internal/parquetpage"
	"lifecycle/money"
)

// The fast path for Parquet's typed values.
//
// The date and amount columns are the costly ones to read as text: a
// timestamp written as "2021-03-13T03:03:27Z" only for the row reader to
// parse it back, a decimal written as "12.34" only for money.Parse to read
// it. So when the date column is a TIMESTAMP, DATE or INT96, or the amount
// column a DECIMAL stored in an INT32 or INT64, an integer or a DOUBLE (as
// pandas and many warehouse exports write money), batches hold that
// column's values as numbers (parquetpage.Type.Typed), and a worker hands
// them to the row reader as they are, through fileReader.typed: the instant in
// Unix seconds, the money.Amount. Everything else about the row (checks,
// counts, continuation lines, the as-of day, grouping) is the row reader's
// one path, fileReader.row.
//
// A value takes the fast path only where it is exactly what parsing its
// text would give, so that a file reads the same either way:
//
//   - a date when the file's date layout is ISO 8601 (detected from the
//     text of the first rows, as for every input, or given), in the years
//     0000-9999 that the text can hold: a UTC timestamp is its seconds
//     (floored), a zone-less timestamp or a DATE is wall-clock time in the
//     zone, converted as dates.Layout.Parse converts it;
//   - an amount without --decimal-comma (under which its text does not
//     read as its number: "12.34" is an error, "1.234" is 1234), with at
//     most six decimals and within money's range; a DOUBLE also below 2^32
//     in magnitude (see doubleAmount).
//
// Any other value is given as its text, made when needed (pqRows.set): in
// the rows read one by one (the sample that settles the date layout, and
// all rows when reading on one core), in rows a worker may keep for later
// (fileReader.deferring: a kept row is judged from its fields alone), and
// for values off the fast path, whose error messages then quote the text.

// pqType is a column read from a Parquet file, as the row reader takes
// it: its type and, for a typed column, its role in the mapping.
type pqType struct {
	parquetpage.Type
	role Role // the role of a typed column
	// An amount column's micro-units per unit of its values, and the
	// largest magnitude that fits money (unit 0: none takes the fast path).
	unit, maxUnits int64
}

// pqUse is how the row reader takes a typed column's values.
type pqUse uint8

const (
	useText   pqUse = iota // as text
	useTime                // as fileReader.typed.time
	useAmount              // as fileReader.typed.amount
)

// canonical reports whether the text of the values of a column of c's kind
// is written by the reader in a canonical form, whatever the options of
// text: ISO 8601 for a date or time, a point before the decimals for a
// number. The date layout (Options.DateFormat) and DecimalComma describe
// the text of exports, not such values.
func (c *pqType) canonical(role Role) bool {
	switch role {
	case ColDate:
		return c.Kind == parquetpage.Date || c.Kind == parquetpage.Timestamp || c.Kind == parquetpage.Int96
	case ColAmount, ColQuantity, ColPrice, ColCost:
		switch c.Kind {
		case parquetpage.Int, parquetpage.Uint, parquetpage.Decimal, parquetpage.Float, parquetpage.Double, parquetpage.Float16:
			return true
		}
	}
	return false
}

// canonical reports whether the column of role, in m, is written as
// canonical text (see pqType.canonical).
func (s parquetSource) canonical(m *Mapping, role Role) bool {
	i := m.Index[role]
	for _, c := range s.cols {
		if c.Index == i && i >= 0 {
			return c.canonical(role)
		}
	}
	return false
}

// hasFastPath reports whether a column of c's kind can be typed in role.
func (c *pqType) hasFastPath(role Role) bool {
	switch role {
	case ColDate:
		return c.Kind == parquetpage.Timestamp || c.Kind == parquetpage.Date || c.Kind == parquetpage.Int96
	case ColAmount:
		return c.Kind == parquetpage.Int || c.Kind == parquetpage.Uint || c.Kind == parquetpage.Double ||
			c.Kind == parquetpage.Decimal && (c.Phys == format.Int32 || c.Phys == format.Int64)
	}
	return false
}

// setTyped makes c typed when it is the date or the amount column of the
// mapping m, and only that (not an attribute as well), and has a fast path.
func (c *pqType) setTyped(m *Mapping) {
	roles := 0
	for r, i := range m.Index {
		if i == c.Index {
			roles++
			c.role = Role(r)
		}
	}
	if slices.Contains(m.Attrs, c.Index) {
		roles++ // read as an attribute too (--where amount > 100): as text
	}
	c.Typed = roles == 1 && c.hasFastPath(c.role)
	c.unit, c.maxUnits = 0, 0
	if scale := c.Scale; c.Typed && c.role == ColAmount && scale <= money.Decimals {
		c.unit = 1
		for range money.Decimals - scale {
			c.unit *= 10
		}
		c.maxUnits = math.MaxInt64 / c.unit
	}
}

// use sets how fr takes the values of each column read.
func (p *pqRows) use(fr *fileReader) {
	for j := range p.cols {
		c := &p.cols[j]
		switch t := &c.typ; {
		case !t.Typed:
		case t.role == ColDate && fr.layout == dates.ISO8601:
			c.use = useTime
		case t.role == ColAmount && !fr.comma[ColAmount]:
			c.use = useAmount
		}
	}
}

// Seconds of the first and last instants that text dates can hold.
const (
	minTextSecond = parquetpage.MinTextDay * 86400
	maxTextSecond = parquetpage.MaxTextDay*86400 + 86399
)

// instant returns the instant, in Unix seconds, that the ISO 8601 layout
// parses from the text of a date value in zone z; ok is false when that
// text is no date (beyond the years 0000-9999).
func (c *pqType) instant(v int64, z *dates.Zone) (int64, bool) {
	if c.Kind == parquetpage.Date {
		if v < parquetpage.MinTextDay || v > parquetpage.MaxTextDay {
			return 0, false
		}
		return z.DayStart(int32(v)), true // "2021-03-13": midnight in z
	}
	sec := c.Seconds(v)
	if sec < minTextSecond || sec > maxTextSecond {
		return 0, false
	}
	if c.UTC {
		return sec, true // "2021-03-13T03:03:27Z"
	}
	return z.Unix(1970, 1, 1, 0, 0, int(sec)), true // "2021-03-13T03:03:27" in z
}

// amount returns the amount that money.Parse reads from the text of an
// amount value (without DecimalComma); ok is false for more than six
// decimals (which Parse rounds) and beyond money's range (an error).
func (c *pqType) amount(v int64) (money.Amount, bool) {
	if c.Kind == parquetpage.Double {
		return doubleAmount(math.Float64frombits(uint64(v)))
	}
	if c.Kind == parquetpage.Uint && v < 0 || v > c.maxUnits || v < -c.maxUnits || c.unit == 0 {
		return 0, false // an unsigned value past MaxInt64 wraps to negative
	}
	return money.Amount(v * c.unit), true
}

// doubleAmount returns the amount that money.Parse reads from the text of
// the DOUBLE f (its shortest decimal, strconv's 'f' format with precision
// -1), when that is known without writing it: f below 2^32 in magnitude
// and the nearest double to a whole number r of micro-units. Then r/10^6
// is a decimal of at most six decimals that reads as f, and it is the only
// one: two such decimals are 10^-6 apart or more, while the decimals that
// read as f lie within half a unit in the last place of f, at most 2^-22,
// of it. The shortest decimal of f, which has no more digits than r/10^6,
// is therefore r/10^6, and money.Parse reads it exactly. Otherwise ok is
// false (more than six decimals, which Parse rounds; NaN; infinities; and
// beyond 2^32) and the value takes the text path.
func doubleAmount(f float64) (a money.Amount, ok bool) {
	if !(math.Abs(f) < 1<<32) {
		return 0, false
	}
	r := math.Round(f * 1e6)
	if r/1e6 != f {
		return 0, false
	}
	return money.Amount(r), true
}

// pqRows sets a row's fields from a batch, for one goroutine: the row
// reader's read, or a worker parsing a chunk.
type pqRows struct {
	cols   []pqRowColumn // of the columns read
	fields [][]byte      // by header position; nil for the columns not read
	text   []byte        // the text made for the current row
	days   parquetpage.DayCache
}

// pqRowColumn is a column read, for pqRows: its type, how the row reader
// takes its values, and its values in the batch being read.
type pqRowColumn struct {
	typ pqType // a copy
	use pqUse
	parquetpage.Values
}

func newPQRows(r *pqReader) *pqRows {
	p := &pqRows{fields: make([][]byte, len(r.names))}
	for _, c := range r.cols {
		p.cols = append(p.cols, pqRowColumn{typ: c})
	}
	return p
}

// bind makes b the batch that set takes rows from. A batch is filled
// anew once recycled, its slices reallocated as they grow: it must be bound
// again each time it is received.
func (p *pqRows) bind(b *parquetpage.Batch) {
	if b.Cols == nil {
		return // the end's, which holds no rows
	}
	for j := range p.cols {
		p.cols[j].Values = b.Cols[j]
	}
}

// set sets the fields to row i of the bound batch: the text of each
// column, or, for a typed column that the row reader takes as it is (see
// use), a nil field and the value in typed (z converts dates). A typed
// value off the fast path, or with typed nil, is written as text.
func (p *pqRows) set(i int, typed *typedRow, z *dates.Zone) {
	p.text = p.text[:0]
	for j := range p.cols {
		c := &p.cols[j]
		if !c.typ.Typed {
			start := 0
			if i > 0 {
				start = c.Ends[i-1]
			}
			p.fields[c.typ.Index] = c.Text[start:c.Ends[i]:c.Ends[i]]
			continue
		}
		if c.IsNull(i) {
			p.clear(c.typ.Index)
			continue
		}
		x := c.Nums[i]
		if typed != nil {
			switch c.use {
			case useTime:
				if t, ok := c.typ.instant(x, z); ok {
					typed.time, typed.hasTime = t, true
					p.clear(c.typ.Index)
					continue
				}
			case useAmount:
				if a, ok := c.typ.amount(x); ok {
					typed.amount, typed.hasAmount = a, true
					p.clear(c.typ.Index)
					continue
				}
			}
		}
		at := len(p.text)
		p.text = c.typ.AppendNum(p.text, x, &p.days)
		p.fields[c.typ.Index] = p.text[at:len(p.text):len(p.text)]
	}
}

// clear sets field i to nil: only if it is not, for a typed column is
// nil row after row, and writing a pointer costs more than reading it
// while the collector runs.
func (p *pqRows) clear(i int) {
	if p.fields[i] != nil {
		p.fields[i] = nil
	}
}
