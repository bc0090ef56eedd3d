package dates

import (
	"strings"

	"lifecycle/msg"
)

// opKind is one step of a compiled strftime format.
type opKind uint8

const (
	opLit       opKind = iota // the literal byte c
	opSpace                   // one or more spaces or tabs
	opYear                    // %Y: four digits
	opYear2                   // %y: two digits, pivoting at 69 (see ParseFormat)
	opMonth                   // %m: one or two digits
	opDay                     // %d: one or two digits
	opHour                    // %H: one or two digits, 0..23
	opHour12                  // %I: one or two digits, 1..12
	opMinute                  // %M: one or two digits
	opSecond                  // %S: one or two digits
	opFrac                    // %f: one or more digits, ignored
	opMonthName               // %b, %B, %h: English month name or abbreviation
	opWeekday                 // %a, %A: English weekday name or abbreviation, ignored
	opAMPM                    // %p: AM or PM (any case, optional periods)
	opOffset                  // %z: Z, +hh, +hhmm or +hh:mm
	opZoneName                // %Z: UTC, GMT or Z
	opUnix                    // %s: Unix seconds
)

// op is one step of a compiled strftime format.
type op struct {
	kind opKind
	c    byte
}

// ErrFormat is wrapped by the errors of ParseFormat.
var ErrFormat = msg.Errorf("bad date format")

// ParseFormat returns the layout for a strftime-style format such as
// "%d/%m/%Y %H:%M". Directives: %Y (four-digit year), %y (two-digit year),
// %m, %d, %H, %I, %M,
// %S (one or two digits each), %f (fraction, ignored), %b/%B/%h (English
// month name or abbreviation), %a/%A (weekday name, ignored), %p (AM/PM),
// %z (Z, +hh, +hhmm, +hh:mm), %Z (UTC, GMT, Z), %s (Unix seconds), %F
// (%Y-%m-%d), %D (%m/%d/%y), %T (%H:%M:%S), %R (%H:%M) and %%; a '-' flag
// (%-d) is accepted and ignored. A space matches one or more spaces; other
// characters (including non-ASCII ones: "%Y年%m月%d日") match themselves.
//
// %y reads exactly two digits and pivots as POSIX strptime and Python's
// time.strptime do: 69 to 99 are 1969 to 1999, 00 to 68 are 2000 to 2068.
// So "31.12.68" is 2068-12-31 and "01.01.69" is 1969-01-01; an export
// holding older (or later) dates needs four-digit years. %C and %g stay
// rejected.
//
// A format without any '%' names a predefined layout instead: its String
// ("ISO 8601", "M/D/YYYY", ...) or a short alias such as "iso", "unix",
// "unix-ms", "yyyymmdd", "ymd", "mdy", "dmy" (case-insensitive).
func ParseFormat(format string) (Layout, error) {
	if !strings.Contains(format, "%") {
		for _, l := range named {
			if strings.EqualFold(format, l.p.name) {
				return l, nil
			}
			for _, a := range l.p.aliases {
				if strings.EqualFold(format, a) {
					return l, nil
				}
			}
		}
		return Layout{}, msg.Errorf("%w %q: no %%-directives and not a known layout name (such as iso, yyyymmdd, unix, unix-ms, mdy, dmy, cjk, excel)", ErrFormat, format)
	}
	var prog []op
	var seen [opUnix + 1]bool
	add := func(ks ...opKind) {
		for _, k := range ks {
			prog = append(prog, op{kind: k})
			seen[k] = true
		}
	}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			if c == ' ' || c == '\t' {
				if len(prog) == 0 || prog[len(prog)-1].kind != opSpace {
					add(opSpace)
				}
				continue
			}
			prog = append(prog, op{kind: opLit, c: c})
			continue
		}
		i++
		if i < len(format) && format[i] == '-' {
			i++
		}
		if i >= len(format) {
			return Layout{}, msg.Errorf("%w %q: it ends with a lone %%", ErrFormat, format)
		}
		switch d := format[i]; d {
		case 'Y':
			add(opYear)
		case 'y':
			add(opYear2)
		case 'm':
			add(opMonth)
		case 'd':
			add(opDay)
		case 'H':
			add(opHour)
		case 'I':
			add(opHour12)
		case 'M':
			add(opMinute)
		case 'S':
			add(opSecond)
		case 'f':
			add(opFrac)
		case 'b', 'B', 'h':
			add(opMonthName)
		case 'a', 'A':
			add(opWeekday)
		case 'p':
			add(opAMPM)
		case 'z':
			add(opOffset)
		case 'Z':
			add(opZoneName)
		case 's':
			add(opUnix)
		case 'F':
			add(opYear)
			prog = append(prog, op{kind: opLit, c: '-'})
			add(opMonth)
			prog = append(prog, op{kind: opLit, c: '-'})
			add(opDay)
		case 'T', 'R':
			add(opHour)
			prog = append(prog, op{kind: opLit, c: ':'})
			add(opMinute)
			if d == 'T' {
				prog = append(prog, op{kind: opLit, c: ':'})
				add(opSecond)
			}
		case 'D':
			add(opMonth)
			prog = append(prog, op{kind: opLit, c: '/'})
			add(opDay)
			prog = append(prog, op{kind: opLit, c: '/'})
			add(opYear2)
		case '%':
			prog = append(prog, op{kind: opLit, c: '%'})
		case 'C', 'g':
			return Layout{}, msg.Errorf("%w %q: %%%c is not supported; use %%Y (four digits) or %%y (two)", ErrFormat, format, d)
		default:
			return Layout{}, msg.Errorf("%w %q: unknown directive %%%c", ErrFormat, format, d)
		}
	}
	if seen[opUnix] {
		for k, s := range seen {
			if s && opKind(k) != opUnix {
				return Layout{}, msg.Errorf("%w %q: %%s cannot be combined with other directives", ErrFormat, format)
			}
		}
	} else {
		switch {
		case !seen[opYear] && !seen[opYear2]:
			return Layout{}, msg.Errorf("%w %q: no year (%%Y or %%y)", ErrFormat, format)
		case seen[opYear] && seen[opYear2]:
			return Layout{}, msg.Errorf("%w %q: both %%Y and %%y", ErrFormat, format)
		case !seen[opMonth] && !seen[opMonthName]:
			return Layout{}, msg.Errorf("%w %q: no month (%%m or %%b)", ErrFormat, format)
		case !seen[opDay]:
			return Layout{}, msg.Errorf("%w %q: no day (%%d)", ErrFormat, format)
		case seen[opHour] && seen[opHour12]:
			return Layout{}, msg.Errorf("%w %q: both %%H and %%I", ErrFormat, format)
		}
	}
	l := newLayout(kindFormat, format)
	l.p.prog = prog
	return l, nil
}

// parseFormat runs the compiled format on b.
func (p *layout) parseFormat(b []byte, f *fields) status {
	var buf [9]byte
	i := 0
	for _, o := range p.prog {
		switch o.kind {
		case opLit:
			if i >= len(b) || b[i] != o.c {
				return stMismatch
			}
			i++
		case opSpace:
			j := skipSpaces(b, i)
			if j == i {
				return stMismatch
			}
			i = j
		case opYear:
			if i+4 > len(b) {
				return stMismatch
			}
			y, ok := digits4(b[i], b[i+1], b[i+2], b[i+3])
			if !ok {
				return stMismatch
			}
			f.y, i = y, i+4
		case opYear2:
			if i+2 > len(b) || (i+2 < len(b) && isDigit(b[i+2])) {
				return stMismatch
			}
			y, ok := digits2(b[i], b[i+1])
			if !ok {
				return stMismatch
			}
			f.y, i = pivotYear(y), i+2
		case opMonth, opDay, opHour, opHour12, opMinute, opSecond:
			v, j := num(b, i, 2)
			if j == i {
				return stMismatch
			}
			i = j
			switch o.kind {
			case opMonth:
				f.mo = v
			case opDay:
				f.d = v
			case opHour:
				f.h = v
			case opHour12:
				f.h, f.hasAMP = v, true
			case opMinute:
				f.mi = v
			case opSecond:
				f.s = v
			}
		case opFrac:
			j := skipDigits(b, i)
			if j == i {
				return stMismatch
			}
			i = j
		case opMonthName, opWeekday:
			w, j := word(b, i, &buf)
			if o.kind == opMonthName {
				if f.mo = monthOf(w); f.mo == 0 {
					return stMismatch
				}
			} else if !isWeekday(w) {
				return stMismatch
			}
			i = j
		case opAMPM:
			var g fields
			j := parseAMPM(b, i, &g)
			if j == i || skipSpaces(b, i) != i {
				return stMismatch
			}
			f.pm = g.pm
			i = j
		case opOffset:
			j, st := parseOffset(b, i, f)
			if st != stOK {
				return st
			}
			i = j
		case opZoneName:
			switch {
			case i < len(b) && b[i] == 'Z':
				i++
			case i+3 <= len(b) && (string(b[i:i+3]) == "UTC" || string(b[i:i+3]) == "GMT"):
				i += 3
			default:
				return stMismatch
			}
			f.hasOff, f.off = true, 0
		case opUnix:
			j := i
			neg := j < len(b) && b[j] == '-'
			if neg {
				j++
			}
			k := skipDigits(b, j)
			if k == j || k-j > 18 {
				return stMismatch
			}
			var v int64
			for _, c := range b[j:k] {
				v = v*10 + int64(c-'0')
			}
			if neg {
				v = -v
			}
			f.unix, f.isUnix, i = v, true, k
		}
	}
	if i != len(b) {
		return stMismatch
	}
	return stOK
}

// parseOffset parses Z, +hh, +hhmm or +hh:mm at b[i:] (not necessarily at
// the end of b) and returns the index after it.
func parseOffset(b []byte, i int, f *fields) (int, status) {
	if i < len(b) && (b[i] == 'Z' || b[i] == 'z') {
		f.hasOff, f.off = true, 0
		return i + 1, stOK
	}
	if i+3 > len(b) || (b[i] != '+' && b[i] != '-') {
		return i, stMismatch
	}
	neg := b[i] == '-'
	hh, okh := digits2(b[i+1], b[i+2])
	if !okh {
		return i, stMismatch
	}
	j := i + 3
	mm := 0
	k := j
	if k < len(b) && b[k] == ':' {
		k++
	}
	if k+2 <= len(b) {
		if v, okm := digits2(b[k], b[k+1]); okm {
			mm, j = v, k+2
		}
	}
	if hh > 23 || mm > 59 {
		return i, stImpossible
	}
	off := hh*3600 + mm*60
	if neg {
		off = -off
	}
	f.hasOff, f.off = true, off
	return j, stOK
}

// yearPivot is the first two-digit year read as 19yy: POSIX strptime's and
// Python's 69.
const yearPivot = 69

// pivotYear turns a two-digit year into a four-digit one: 69..99 are
// 1969..1999, 00..68 are 2000..2068.
func pivotYear(yy int) int {
	if yy >= yearPivot {
		return 1900 + yy
	}
	return 2000 + yy
}
