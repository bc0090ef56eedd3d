package output

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"lifecycle/dates"
	"lifecycle/internal/digits"
	"lifecycle/money"
)

// Kind says how a column's (or report item's) values are typed and rendered.
type Kind int

// The kinds of values. The Go types accepted for each are listed; nil is
// always accepted and means a missing value.
const (
	// String: a string or a fmt.Stringer, written as is (in the terminal
	// table, control characters are replaced so data cannot drive the
	// terminal). A report Item of Kind String whose Value is not a string
	// takes its kind from the Go type instead (see Item).
	String Kind = iota
	// Int: any integer type. Grouped with commas in the terminal table.
	Int
	// Float: float64 or float32 (or an integer type), with a fixed number of
	// decimals (Column.Decimals, default 2). NaN is missing. A *float64 is
	// read when the row is written (see Money).
	Float
	// Money: a money.Amount, exact: "1234.50" in CSV, a JSON number,
	// "1,234.50" in the terminal table. A *money.Amount (not nil) is read
	// when the row is written: a table given by Row can point at its values
	// rather than box them, which allocates for every cell.
	Money
	// Percent: a float fraction (0.123 for 12.3%): "12.3%" in the terminal
	// table with Decimals places (default 1), the fraction 0.123 with
	// Decimals+2 places in CSV and JSON. NaN is missing.
	Percent
	// Day: a civil day as an int32 (or any integer type) as counted by
	// package dates, written "2021-03-13" (a JSON string).
	Day
	// Bool: a bool, true/false in CSV and JSON, yes/no in the terminal table.
	Bool
)

// NoDecimals as Column.Decimals or Item.Decimals asks for no decimals at all
// (a zero Decimals means the default of the kind).
const NoDecimals = -1

var kindNames = [...]string{String: "string", Int: "int", Float: "float", Money: "money", Percent: "percent", Day: "day", Bool: "bool"}

// String returns the lower-case name of k ("money", "day", ...).
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// numeric reports whether values of kind k are numbers (right-aligned in the
// terminal table, unquoted in JSON).
func (k Kind) numeric() bool {
	return k == Int || k == Float || k == Money || k == Percent
}

// decimals returns the number of decimals to use for kind k given a
// Column.Decimals or Item.Decimals value d.
func decimals(k Kind, d int) int {
	switch {
	case d > 0:
		return d
	case d < 0:
		return 0
	case k == Percent:
		return 1
	default:
		return 2
	}
}

// class tells how a canonical value is written in JSON.
type class uint8

const (
	classNull    class = iota // nil or NaN: empty in CSV, null in JSON
	classString               // a JSON string
	classNumber               // a JSON number (the canonical text is a valid one)
	classBool                 // true or false
	classInf                  // ±Inf: "Inf"/"-Inf" in CSV, null in JSON
	classInvalid              // not a value of the kind: nothing is appended
)

// checkValue reports whether v is acceptable for kind k.
func checkValue(k Kind, v any) error {
	if v == nil {
		return nil
	}
	ok := false
	switch k {
	case String:
		switch v.(type) {
		case string, fmt.Stringer:
			ok = true
		}
	case Int:
		_, ok = asInt(v)
	case Float, Percent:
		_, ok = asFloat(v)
	case Money:
		_, ok = asMoney(v)
	case Day:
		var n int64
		n, ok = asInt(v)
		if ok && (n < math.MinInt32 || n > math.MaxInt32) {
			return fmt.Errorf("day %d out of range", n)
		}
	case Bool:
		_, ok = v.(bool)
	default:
		return fmt.Errorf("unknown kind %d", int(k))
	}
	if !ok {
		return fmt.Errorf("a %T value cannot be written as %s", v, k)
	}
	return nil
}

// asInt converts any integer value to int64.
func asInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case int16:
		return int64(n), true
	case int8:
		return int64(n), true
	case uint8:
		return int64(n), true
	case uint16:
		return int64(n), true
	case uint32:
		return int64(n), true
	case money.Amount:
		return 0, false // micro-units: never silently an integer or a float
	}
	// Named integer types and the wide unsigned ones.
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanInt():
		return rv.Int(), true
	case rv.CanUint():
		if u := rv.Uint(); u <= math.MaxInt64 {
			return int64(u), true
		}
	}
	return 0, false
}

// asMoney returns a money.Amount or what a non-nil *money.Amount points at.
func asMoney(v any) (money.Amount, bool) {
	switch m := v.(type) {
	case money.Amount:
		return m, true
	case *money.Amount:
		if m != nil {
			return *m, true
		}
	}
	return 0, false
}

// asFloat converts a float or integer value (or a non-nil *float64) to
// float64.
func asFloat(v any) (float64, bool) {
	switch f := v.(type) {
	case float64:
		return f, true
	case float32:
		return float64(f), true
	case *float64:
		if f != nil {
			return *f, true
		}
		return 0, false
	}
	if reflect.ValueOf(v).CanFloat() {
		return reflect.ValueOf(v).Float(), true
	}
	n, ok := asInt(v)
	return float64(n), ok
}

// appendCanonical appends the machine (CSV and JSON) text of v, a value of
// kind k, and says how JSON must write it. For classNull and classInf in
// JSON the appended text is not used. A value that checkValue would refuse
// appends nothing and is classInvalid: the rows of a table given by Row are
// checked by being written.
func appendCanonical(dst []byte, k Kind, dec int, v any) ([]byte, class) {
	if v == nil {
		return dst, classNull
	}
	switch k {
	case String:
		if s, ok := stringValue(v); ok {
			return append(dst, s...), classString
		}
	case Int:
		if n, ok := asInt(v); ok {
			return appendInt(dst, n), classNumber
		}
	case Float, Percent:
		f, ok := asFloat(v)
		if !ok {
			break
		}
		cl := classNumber
		switch {
		case math.IsNaN(f):
			cl = classNull
		case math.IsInf(f, 0):
			cl = classInf
		}
		return appendFloatText(dst, k, dec, f), cl
	case Money:
		if m, ok := asMoney(v); ok {
			return m.AppendText(dst), classNumber
		}
	case Day:
		if n, ok := asInt(v); ok && n >= math.MinInt32 && n <= math.MaxInt32 {
			return dates.AppendDay(dst, int32(n)), classString
		}
	case Bool:
		if b, ok := v.(bool); ok {
			return strconv.AppendBool(dst, b), classBool
		}
	}
	return dst, classInvalid
}

// appendInt appends n in decimal; the small numbers of tables (scores,
// counts, days) without strconv's copy through a buffer.
func appendInt(dst []byte, n int64) []byte {
	if uint64(n) < 10 {
		return append(dst, byte('0'+n))
	}
	return digits.AppendInt(dst, n)
}

// appendFixed appends f with exactly d decimals, never as "-0.00".
func appendFixed(dst []byte, f float64, d int) []byte {
	if d >= 0 && d < len(pow10) {
		// f written with d decimals is k with a decimal point, k the whole
		// number nearest the exact f x 10^d: integer formatting, several
		// times faster than strconv's for a float. The product x is within
		// 2^-13 of the exact one below 2^40 (10^d is exact), so when x is
		// not within 0.001 of a half, its nearest whole number is the exact
		// one's, and no tie can be at stake; near a half strconv decides.
		if x := f * pow10[d]; math.Abs(x) < 1<<40 {
			if k := math.Round(x); math.Abs(x-k) < 0.499 {
				return appendScaled(dst, int64(k), d)
			}
		}
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, 'f', d, 64)
	if dst[start] == '-' && allZero(dst[start+1:]) {
		copy(dst[start:], dst[start+1:])
		dst = dst[:len(dst)-1]
	}
	return dst
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}

// appendScaled appends k / 10^d with exactly d decimals.
func appendScaled(dst []byte, k int64, d int) []byte {
	u := uint64(k)
	if k < 0 {
		dst, u = append(dst, '-'), -u
	}
	return digits.AppendScaled(dst, u, d)
}

// allZero reports whether the digits in b (ignoring a decimal point) are all 0.
func allZero(b []byte) bool {
	for _, c := range b {
		if c != '0' && c != '.' {
			return false
		}
	}
	return true
}

// display returns the terminal-table text of v, a value of kind k already
// checked by checkValue. Missing values (nil, NaN) are "-".
func display(k Kind, dec int, v any) string {
	if v == nil {
		return "-"
	}
	switch k {
	case String:
		s, ok := v.(string)
		if !ok {
			s = v.(fmt.Stringer).String()
		}
		return sanitize(s)
	case Int:
		n, _ := asInt(v)
		return string(group(strconv.AppendInt(nil, n, 10)))
	case Float, Percent:
		f, _ := asFloat(v)
		switch {
		case math.IsNaN(f):
			return "-"
		case math.IsInf(f, 1):
			return "Inf"
		case math.IsInf(f, -1):
			return "-Inf"
		}
		if k == Percent {
			return string(group(appendFixed(nil, f*100, decimals(k, dec)))) + "%"
		}
		return string(group(appendFixed(nil, f, decimals(k, dec))))
	case Money:
		m, _ := asMoney(v)
		return m.Grouped()
	case Day:
		n, _ := asInt(v)
		return dates.DayString(int32(n))
	case Bool:
		if v.(bool) {
			return "yes"
		}
		return "no"
	}
	return "-"
}

// Grouped returns the plain decimal number s, as strconv writes it, with
// thousands separators (",") in its integer part: "-1234567.5" ->
// "-1,234,567.5". Money has its own, Amount.Grouped, by the same rule.
func Grouped(s string) string {
	return string(group([]byte(s)))
}

// group inserts thousands separators (",") into the integer part of the
// plain decimal number in b ("-1234567.5" -> "-1,234,567.5").
func group(b []byte) []byte {
	start := 0
	if len(b) > 0 && b[0] == '-' {
		start = 1
	}
	end := start
	for end < len(b) && b[end] >= '0' && b[end] <= '9' {
		end++
	}
	if end-start <= 3 {
		return b
	}
	out := make([]byte, 0, len(b)+(end-start-1)/3)
	out = append(out, b[:start]...)
	out = digits.Group(out, b[start:end])
	return append(out, b[end:]...)
}

// sanitize makes s safe to print on a terminal: invalid UTF-8 and control
// characters (which could move the cursor or change colours) become U+FFFD,
// tabs and line breaks become spaces.
func sanitize(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // invalid bytes decode as utf8.RuneError
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case isControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0)
}
