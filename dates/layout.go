// Package dates detects and parses the date/time layouts found in order
// exports, and does civil-day arithmetic for analyses.
//
// Instants are Unix seconds (int64, seconds since 1970-01-01T00:00:00Z);
// fractional seconds in the input are truncated (dropped from the wall clock,
// so the instant is floored). Values without a zone ("2021-03-13 10:00") are
// wall-clock times in the caller's Zone; values with "Z", "UTC" or an offset
// ("+08:00", "+0800", "-05") are exact instants and ignore it.
//
// Civil days are int32 counts of days since 1970-01-01 in the proleptic
// Gregorian calendar; a Zone maps an instant to the civil day it falls on in
// that zone. Months, ISO weeks and quarters are derived from civil days.
//
// Layouts are families rather than exact patterns: ISO 8601 accepts
// "2021-03-13", "2021-03-13T03:03:27", "2021-03-13 03:03:27.5+08:00" and so
// on; M/D/YYYY accepts "3/13/2021", "03-13-2021 3:03 PM" and so on. Detect
// picks the family that parses most of a column's values; ParseFormat builds
// an exact layout from a strftime-style format given by the user.
package dates

import (
	"fmt"

	"lifecycle/msg"
)

// kind identifies a layout family.
type kind uint8

const (
	kindISO       kind = iota + 1 // 2021-03-13T03:03:27Z and relatives
	kindYYYYMMDD                  // 20210313
	kindYMD                       // 2021/03/13 03:03[:27], 2021.3.13, 2021-3-13
	kindUnixS                     // 1615604607
	kindUnixMS                    // 1615604607000
	kindMDY                       // 3/13/2021 3:03 PM
	kindDMY                       // 13/3/2021 15:03
	kindMonthName                 // Mar 13, 2021 03:03:27; 13-Mar-2021
	kindFormat                    // strftime format
	kindCJK                       // 2024年3月4日 下午2:05
	kindExcel                     // 45355 (days since 1899-12-30, Excel's 1900 system)
)

// layout is the shared, immutable description behind a Layout.
type layout struct {
	kind        kind
	name        string
	aliases     []string // extra names accepted by ParseFormat
	errMismatch error    // "not a date in layout <name>", preallocated
	prog        []op     // compiled format, for kindFormat
}

// Layout is a date/time layout, detected for a column by Detect, given by
// the user through ParseFormat, or one of the predefined families below.
// The zero Layout parses nothing. Layouts are immutable, safe for concurrent
// use and comparable (a predefined family equals itself wherever it came
// from).
type Layout struct {
	p *layout
}

func newLayout(k kind, name string, aliases ...string) Layout {
	return Layout{&layout{
		kind:        k,
		name:        name,
		aliases:     aliases,
		errMismatch: fmt.Errorf("%w %s", ErrNotDate, name),
	}}
}

// The predefined layout families, in the order Detect prefers them when they
// parse the same number of values.
var (
	// ISO8601 is the ISO 8601 / RFC 3339 family: yyyy-mm-dd, optionally
	// followed by 'T' or ' ' and hh:mm[:ss[.fff]], optionally followed by
	// 'Z', "UTC" or an offset (+08:00, +0800, +08), optionally after a space.
	ISO8601 = newLayout(kindISO, "ISO 8601", "iso", "iso8601", "rfc3339")
	// YYYYMMDD is eight digits, like CDNOW's 19970101.
	YYYYMMDD = newLayout(kindYYYYMMDD, "yyyymmdd")
	// YMD is yyyy/mm/dd, yyyy.mm.dd or yyyy-m-d with one- or two-digit month
	// and day, optionally followed by " h:mm[:ss[.fff]]".
	YMD = newLayout(kindYMD, "yyyy/mm/dd hh:mm[:ss]", "ymd", "yyyy/mm/dd")
	// UnixSeconds is 9 or 10 digits of seconds since 1970 (1973..2286),
	// optionally with a fraction.
	UnixSeconds = newLayout(kindUnixS, "Unix seconds", "unix", "epoch", "unix-s", "unix_s")
	// UnixMillis is 12 or 13 digits of milliseconds since 1970.
	UnixMillis = newLayout(kindUnixMS, "Unix milliseconds", "unix-ms", "unix_ms", "unixms", "epoch-ms", "epoch_ms")
	// MDY is month/day/year with '/', '-' or '.' separators, one- or
	// two-digit month and day, a four-digit year, optionally followed by
	// " h:mm[:ss[.fff]]" and an optional AM/PM.
	MDY = newLayout(kindMDY, "M/D/YYYY", "mdy", "m/d/y", "mm/dd/yyyy")
	// DMY is MDY with the day first.
	DMY = newLayout(kindDMY, "D/M/YYYY", "dmy", "d/m/y", "dd/mm/yyyy")
	// MonthName is the English month-name family: "Mar 13, 2021",
	// "March 13th 2021 3:03 PM", "13 Mar 2021 03:03:27", "13-Mar-2021",
	// "Sat, 13 Mar 2021 03:03:27 +0000". Parse falls back to it for every
	// layout.
	MonthName = newLayout(kindMonthName, "Mon D, YYYY", "monthname", "month-name")
	// CJK is the Chinese (and Japanese) family: "2024年3月4日" with one- or
	// two-digit month and day, optionally followed by a time h:mm[:ss[.fff]]
	// after optional spaces, itself optionally preceded by 上午 (a.m.) or
	// 下午 (p.m.): "2024年03月04日 14:05:06", "2024年3月4日 下午2:05". With
	// 上午/下午 the hour is 1..12, as with AM/PM. Other day-part words
	// (凌晨, 中午, 晚上) and the 时/分/秒 clock are not read.
	CJK = newLayout(kindCJK, "yyyy年m月d日", "cjk", "chinese", "zh")
	// Excel is a spreadsheet's serial day number in Excel's 1900 date
	// system, written as a plain number by a CSV export: 45355 is
	// 2024-03-04, and a fraction is the time of day (45355.5 is noon,
	// rounded to the second). Serials run from 1 (1900-01-01) to 2958465
	// (9999-12-31). Excel counts a 29 February 1900 that never was (serial
	// 60, kept from Lotus 1-2-3), so serials from 61 on are days since
	// 1899-12-30, serials 1 to 59 days since 1899-12-31, and 60 is an
	// impossible date. Detect never picks it (a column of numbers could be
	// anything); it is used when asked for (--date-format excel) or when a
	// column named as a date holds only plausible serials (see
	// PlausibleExcel).
	Excel = newLayout(kindExcel, "Excel serial", "excel", "excel-serial", "serial")
)

// Plausible Excel serials for a date column recognised by its name alone:
// 1970-01-01 (25569) to 2099-12-31 (73050).
const (
	excelFirstPlausible = 25569
	excelLastPlausible  = 73050
)

// PlausibleExcel reports whether every non-empty value is an Excel serial
// day (see Excel) between 1970-01-01 and 2099-12-31, serials 25569 to
// 73050, with an optional fraction, and at least one value is there. A
// caller that knows from a column's name that it holds dates uses it to
// take such a column as Excel serials without being told.
func PlausibleExcel(values []string) bool {
	n := 0
	for _, v := range values {
		if v == "" {
			continue
		}
		var f fields
		days, st := scanExcel(stringBytes(v), &f)
		if st != stOK || days < excelFirstPlausible || days > excelLastPlausible {
			return false
		}
		n++
	}
	return n > 0
}

// builtins lists the predefined families in Detect's order of preference.
var builtins = [...]Layout{ISO8601, YYYYMMDD, YMD, UnixSeconds, UnixMillis, MDY, DMY, CJK, MonthName}

// named lists the layouts ParseFormat knows by name: the detected families
// and Excel, which is never detected.
var named = [...]Layout{ISO8601, YYYYMMDD, YMD, UnixSeconds, UnixMillis, MDY, DMY, CJK, MonthName, Excel}

// Errors returned by Parse (possibly wrapped, test with errors.Is).
var (
	// ErrEmpty is returned for an empty value.
	ErrEmpty = msg.Errorf("empty")
	// ErrImpossible is returned for a value of the right shape whose fields
	// are out of range: 2021-02-30, month 13, 25:00.
	ErrImpossible = msg.Errorf("impossible date")
	// ErrNotDate is wrapped by the error for a value that does not match the
	// layout, whose message is "not a date in layout <layout>".
	ErrNotDate = msg.Errorf("not a date in layout")

	errZeroLayout = msg.Errorf("%w (none given)", ErrNotDate)
)

// String returns the human name of the layout: "ISO 8601", "yyyymmdd",
// "yyyy/mm/dd hh:mm[:ss]", "Unix seconds", "Unix milliseconds", "M/D/YYYY",
// "D/M/YYYY", "Mon D, YYYY", "yyyy年m月d日", "Excel serial", or the strftime
// format as given.
func (l Layout) String() string {
	if l.p == nil {
		return ""
	}
	return l.p.name
}

// IsZero reports whether l is the zero Layout (no layout).
func (l Layout) IsZero() bool { return l.p == nil }

// status is the outcome of an internal parser.
type status uint8

const (
	stOK         status = iota
	stMismatch          // not this layout's shape
	stImpossible        // right shape, fields out of range
)

// fields is what the layout parsers extract from a value.
type fields struct {
	y, mo, d   int
	h, mi, s   int
	off        int   // seconds east of UTC, when hasOff
	unix       int64 // the instant, when isUnix
	hasOff     bool
	isUnix     bool
	pm, hasAMP bool // AM/PM seen
	// hour24AMP lets a 24-hour hour stand beside a marker that agrees
	// with it ("14:03:22 PM", "0:03:22 AM"), as Magento's order grid
	// writes its dates (PHP "M j, Y H:i:s A"): set by the month-name
	// family only.
	hour24AMP bool
}

// check validates the ranges of f after applying AM/PM.
func (f *fields) check() status {
	if f.isUnix {
		return stOK
	}
	switch {
	case f.hasAMP && f.hour24AMP && (f.pm && f.h >= 13 && f.h <= 23 || !f.pm && f.h == 0):
		// A 24-hour hour whose marker agrees: the hour as written.
	case f.hasAMP:
		if f.h < 1 || f.h > 12 {
			return stImpossible
		}
		if f.h == 12 {
			f.h = 0
		}
		if f.pm {
			f.h += 12
		}
	}
	if f.mo < 1 || f.mo > 12 || f.d < 1 || f.d > daysIn(f.y, f.mo) ||
		f.h > 23 || f.mi > 59 || f.s > 59 {
		return stImpossible
	}
	return stOK
}

// instant converts checked fields to Unix seconds.
func (f *fields) instant(z *Zone) int64 {
	if f.isUnix {
		return f.unix
	}
	local := daysFromCivil(int64(f.y), int64(f.mo), int64(f.d))*secondsPerDay +
		int64(f.h*3600+f.mi*60+f.s)
	if f.hasOff {
		return local - int64(f.off)
	}
	return z.fromLocalOrUTC(local)
}

// scan runs the layout's parser on b, falling back to the month-name family.
func (p *layout) scan(b []byte, f *fields) status {
	var st status
	switch p.kind {
	case kindISO:
		st = parseISO(b, f)
	case kindYYYYMMDD:
		st = parseYYYYMMDD(b, f)
	case kindYMD:
		st = parseYMD(b, f)
	case kindUnixS:
		st = parseUnixS(b, f)
	case kindUnixMS:
		st = parseUnixMS(b, f)
	case kindMDY:
		st = parseNumeric(b, f, false)
	case kindDMY:
		st = parseNumeric(b, f, true)
	case kindMonthName:
		st = parseMonthName(b, f)
	case kindFormat:
		st = p.parseFormat(b, f)
	case kindCJK:
		st = parseCJK(b, f)
	case kindExcel:
		_, st = scanExcel(b, f)
	}
	if st == stOK {
		st = f.check()
	}
	return st
}

// Parse parses one value (already trimmed of surrounding spaces and quotes)
// with the layout and returns its instant in Unix seconds. Values without a
// zone are wall-clock times in z (nil means UTC). A value that does not match
// the layout is tried with the month-name family (MonthName) before giving up;
// a numeric date of another layout is an error.
//
// Errors are short and do not repeat the value: ErrEmpty, ErrImpossible, or
// "not a date in layout <layout>" (wrapping ErrNotDate). Parse does not
// allocate.
func (l Layout) Parse(b []byte, z *Zone) (int64, error) {
	p := l.p
	if p == nil {
		return 0, errZeroLayout
	}
	if p.kind == kindISO {
		if u, ok := parseISOFast(b, z); ok {
			return u, nil
		}
	}
	var f fields
	st := p.scan(b, &f)
	if st != stOK {
		return l.parseSlow(b, z, st)
	}
	return f.instant(z), nil
}

// ParseString is Parse for a string.
func (l Layout) ParseString(s string, z *Zone) (int64, error) {
	// The parsers only read b; the conversion does not escape.
	return l.Parse(stringBytes(s), z)
}

func (l Layout) parseSlow(b []byte, z *Zone, st status) (int64, error) {
	if len(b) == 0 {
		return 0, ErrEmpty
	}
	if l.p.kind != kindMonthName {
		var f fields
		st2 := MonthName.p.scan(b, &f)
		if st2 == stOK {
			return f.instant(z), nil
		}
		if st2 == stImpossible {
			st = stImpossible
		}
	}
	if st == stImpossible {
		return 0, ErrImpossible
	}
	return 0, l.p.errMismatch
}

// parses reports whether l parses b without the month-name fallback.
func (l Layout) parses(b []byte) bool {
	var f fields
	return l.p.scan(b, &f) == stOK
}
