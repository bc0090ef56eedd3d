package dates

import "unsafe"

// stringBytes returns the bytes of s without copying; they must not be modified.
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

func isDigit(c byte) bool { return c-'0' <= 9 }

func isLetter(c byte) bool { return (c|0x20)-'a' < 26 }

// num reads 1 to max digits at b[i:]; j == i when there is none.
func num(b []byte, i, max int) (v, j int) {
	j = i
	for j < len(b) && j-i < max && isDigit(b[j]) {
		v = v*10 + int(b[j]-'0')
		j++
	}
	return v, j
}

// skipDigits returns the index after the run of digits at b[i:].
func skipDigits(b []byte, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}

// skipSpaces returns the index after the run of spaces and tabs at b[i:].
func skipSpaces(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

// year4 reads exactly four digits at b[i:] not followed by another digit.
func year4(b []byte, i int) (y, j int, ok bool) {
	if i+4 > len(b) || (i+4 < len(b) && isDigit(b[i+4])) {
		return 0, i, false
	}
	y, ok = digits4(b[i], b[i+1], b[i+2], b[i+3])
	return y, i + 4, ok
}

// parseISOFast converts the commonest ISO 8601 shapes, "yyyy-mm-dd",
// "yyyy-mm-ddThh:mm:ss" and "yyyy-mm-ddThh:mm:ssZ" (or with ' ' for 'T'),
// straight to an instant. It reports false for anything else, including
// impossible dates, which parseISO then handles.
func parseISOFast(b []byte, z *Zone) (int64, bool) {
	n := len(b)
	if n != 10 && n != 19 && n != 20 {
		return 0, false
	}
	_ = b[9]
	y0, y1, y2, y3 := b[0]-'0', b[1]-'0', b[2]-'0', b[3]-'0'
	m0, m1, d0, d1 := b[5]-'0', b[6]-'0', b[8]-'0', b[9]-'0'
	if b[4] != '-' || b[7] != '-' || y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9 {
		return 0, false
	}
	y := uint32(y0)*1000 + uint32(y1)*100 + uint32(y2)*10 + uint32(y3)
	m := uint32(m0)*10 + uint32(m1)
	d := uint32(d0)*10 + uint32(d1)
	if m-1 >= 12 || d-1 >= 28 && d-1 >= uint32(daysIn(int(y), int(m))) {
		return 0, false
	}
	local := daysFrom(y, m, d) * secondsPerDay
	if n == 10 {
		return z.fromLocalOrUTC(local), true
	}
	_ = b[18]
	h0, h1, i0, i1, s0, s1 := b[11]-'0', b[12]-'0', b[14]-'0', b[15]-'0', b[17]-'0', b[18]-'0'
	if (b[10] != 'T' && b[10] != ' ') || b[13] != ':' || b[16] != ':' || h0 > 2 || h1 > 9 || i0 > 5 || i1 > 9 || s0 > 5 || s1 > 9 {
		return 0, false
	}
	h := uint32(h0)*10 + uint32(h1)
	if h > 23 {
		return 0, false
	}
	local += int64(h*3600 + (uint32(i0)*10+uint32(i1))*60 + uint32(s0)*10 + uint32(s1))
	if n == 20 {
		if b[19] != 'Z' {
			return 0, false
		}
		return local, true
	}
	return z.fromLocalOrUTC(local), true
}

// parseISO parses the ISO 8601 family: yyyy-mm-dd[(T| )hh:mm[:ss[.f]][ ][zone]].
func parseISO(b []byte, f *fields) status {
	if len(b) < 10 || b[4] != '-' || b[7] != '-' {
		return stMismatch
	}
	y, ok1 := digits4(b[0], b[1], b[2], b[3])
	mo, ok2 := digits2(b[5], b[6])
	d, ok3 := digits2(b[8], b[9])
	if !ok1 || !ok2 || !ok3 {
		return stMismatch
	}
	f.y, f.mo, f.d = y, mo, d
	if len(b) == 10 {
		return stOK
	}
	if c := b[10]; (c != 'T' && c != ' ' && c != 't') || len(b) < 16 || b[13] != ':' {
		return stMismatch
	}
	h, ok1 := digits2(b[11], b[12])
	mi, ok2 := digits2(b[14], b[15])
	if !ok1 || !ok2 {
		return stMismatch
	}
	f.h, f.mi = h, mi
	i := 16
	if len(b) >= 19 && b[16] == ':' {
		s, ok := digits2(b[17], b[18])
		if !ok {
			return stMismatch
		}
		f.s = s
		i = 19
	}
	if i < len(b) && (b[i] == '.' || b[i] == ',') {
		j := skipDigits(b, i+1)
		if j == i+1 {
			return stMismatch
		}
		i = j
	}
	if i == len(b) {
		return stOK
	}
	return parseZone(b, i, f)
}

// parseZone parses a zone suffix that must end the value: optional spaces,
// then "Z", "UTC" or "GMT" (each optionally followed by an offset), or an
// offset "+08:00", "+0800", "+08", "-05:30".
func parseZone(b []byte, i int, f *fields) status {
	i = skipSpaces(b, i)
	if i >= len(b) {
		return stMismatch
	}
	switch b[i] {
	case 'Z', 'z':
		if i+1 != len(b) {
			return stMismatch
		}
		f.hasOff, f.off = true, 0
		return stOK
	case 'U', 'G':
		if i+3 > len(b) || !(string(b[i:i+3]) == "UTC" || string(b[i:i+3]) == "GMT") {
			return stMismatch
		}
		f.hasOff, f.off = true, 0
		i += 3
		if i == len(b) {
			return stOK
		}
	}
	if b[i] != '+' && b[i] != '-' {
		return stMismatch
	}
	neg := b[i] == '-'
	i++
	if i+2 > len(b) {
		return stMismatch
	}
	hh, okh := digits2(b[i], b[i+1])
	if !okh {
		return stMismatch
	}
	i += 2
	mm := 0
	if i < len(b) {
		if b[i] == ':' {
			i++
		}
		if i+2 != len(b) {
			return stMismatch
		}
		var okm bool
		if mm, okm = digits2(b[i], b[i+1]); !okm {
			return stMismatch
		}
	}
	if hh > 23 || mm > 59 {
		return stImpossible
	}
	off := hh*3600 + mm*60
	if neg {
		off = -off
	}
	f.hasOff, f.off = true, off
	return stOK
}

// parseClock parses h:mm[:ss[.f]] at b[i:] (hour with one or two digits) and
// returns the index after it.
func parseClock(b []byte, i int, f *fields) (int, status) {
	h, j := num(b, i, 2)
	if j == i || j+3 > len(b) || b[j] != ':' {
		return i, stMismatch
	}
	mi, ok := digits2(b[j+1], b[j+2])
	if !ok {
		return i, stMismatch
	}
	f.h, f.mi = h, mi
	i = j + 3
	if i+3 <= len(b) && b[i] == ':' {
		s, ok := digits2(b[i+1], b[i+2])
		if !ok {
			return i, stMismatch
		}
		f.s = s
		i += 3
	}
	if i < len(b) && b[i] == '.' {
		j := skipDigits(b, i+1)
		if j == i+1 {
			return i, stMismatch
		}
		i = j
	}
	if i < len(b) && isDigit(b[i]) {
		return i, stMismatch
	}
	return i, stOK
}

// parseAMPM parses an optional AM/PM marker (after optional spaces):
// "AM", "pm", "a.m.", "P.M.". It returns i unchanged when there is none.
func parseAMPM(b []byte, i int, f *fields) int {
	j := skipSpaces(b, i)
	if j >= len(b) {
		return i
	}
	c := b[j] | 0x20
	if c != 'a' && c != 'p' {
		return i
	}
	k := j + 1
	if k < len(b) && b[k] == '.' {
		k++
	}
	if k >= len(b) || b[k]|0x20 != 'm' {
		return i
	}
	k++
	if k < len(b) && b[k] == '.' {
		k++
	}
	if k < len(b) && isLetter(b[k]) {
		return i
	}
	f.hasAMP, f.pm = true, c == 'p'
	return k
}

// parseYYYYMMDD parses exactly eight digits.
func parseYYYYMMDD(b []byte, f *fields) status {
	if len(b) != 8 {
		return stMismatch
	}
	y, ok1 := digits4(b[0], b[1], b[2], b[3])
	mo, ok2 := digits2(b[4], b[5])
	d, ok3 := digits2(b[6], b[7])
	if !ok1 || !ok2 || !ok3 {
		return stMismatch
	}
	f.y, f.mo, f.d = y, mo, d
	return stOK
}

// parseYMD parses yyyy/m/d, yyyy.m.d or yyyy-m-d (one- or two-digit month
// and day, one separator throughout), optionally followed by " h:mm[:ss[.f]]".
func parseYMD(b []byte, f *fields) status {
	if len(b) < 8 {
		return stMismatch
	}
	y, ok1 := digits4(b[0], b[1], b[2], b[3])
	sep := b[4]
	if !ok1 || (sep != '/' && sep != '.' && sep != '-') {
		return stMismatch
	}
	mo, i := num(b, 5, 2)
	if i == 5 || i >= len(b) || b[i] != sep {
		return stMismatch
	}
	d, j := num(b, i+1, 2)
	if j == i+1 {
		return stMismatch
	}
	f.y, f.mo, f.d = y, mo, d
	if j == len(b) {
		return stOK
	}
	if b[j] != ' ' {
		return stMismatch
	}
	j, st := parseClock(b, skipSpaces(b, j), f)
	if st != stOK || j != len(b) {
		return stMismatch
	}
	return stOK
}

// parseUnixS parses 9 or 10 digits of Unix seconds with an optional fraction.
func parseUnixS(b []byte, f *fields) status {
	var v int64
	i := 0
	for i < len(b) && isDigit(b[i]) {
		v = v*10 + int64(b[i]-'0')
		i++
	}
	if i < 9 || i > 10 {
		return stMismatch
	}
	if i < len(b) {
		if b[i] != '.' || i+1 == len(b) || skipDigits(b, i+1) != len(b) {
			return stMismatch
		}
	}
	f.unix, f.isUnix = v, true
	return stOK
}

// parseUnixMS parses 12 or 13 digits of Unix milliseconds.
func parseUnixMS(b []byte, f *fields) status {
	if len(b) < 12 || len(b) > 13 {
		return stMismatch
	}
	var v int64
	for _, c := range b {
		if !isDigit(c) {
			return stMismatch
		}
		v = v*10 + int64(c-'0')
	}
	f.unix, f.isUnix = v/1000, true
	return stOK
}

// parseNumeric parses m/d/yyyy (or d/m/yyyy when dayFirst) with '/', '-' or
// '.' separators, optionally followed by " h:mm[:ss[.f]]" and AM/PM.
func parseNumeric(b []byte, f *fields, dayFirst bool) status {
	a, i := num(b, 0, 2)
	if i == 0 || i >= len(b) {
		return stMismatch
	}
	sep := b[i]
	if sep != '/' && sep != '-' && sep != '.' {
		return stMismatch
	}
	c, j := num(b, i+1, 2)
	if j == i+1 || j >= len(b) || b[j] != sep {
		return stMismatch
	}
	y, k, ok := year4(b, j+1)
	if !ok {
		return stMismatch
	}
	if dayFirst {
		a, c = c, a
	}
	f.y, f.mo, f.d = y, a, c
	if k == len(b) {
		return stOK
	}
	if b[k] != ' ' && b[k] != 'T' {
		return stMismatch
	}
	k, st := parseClock(b, skipSpaces(b, k+1), f)
	if st != stOK {
		return stMismatch
	}
	if parseAMPM(b, k, f) != len(b) {
		return stMismatch
	}
	return stOK
}

// word returns the run of ASCII letters at b[i:], lower-cased into buf
// (at most len(buf) letters; longer runs return an empty word).
func word(b []byte, i int, buf *[9]byte) (w []byte, j int) {
	j = i
	for j < len(b) && isLetter(b[j]) {
		if j-i >= len(buf) {
			return nil, j
		}
		buf[j-i] = b[j] | 0x20
		j++
	}
	return buf[:j-i], j
}

var monthNames = [12]string{"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"}

var weekdayNames = [7]string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// key3 packs the first three bytes of w (len(w) >= 3).
func key3(w []byte) uint32 {
	return uint32(w[0])<<16 | uint32(w[1])<<8 | uint32(w[2])
}

func k3(s string) uint32 { return uint32(s[0])<<16 | uint32(s[1])<<8 | uint32(s[2]) }

var (
	monthKeys   [12]uint32
	weekdayKeys [7]uint32
)

func init() {
	for i, n := range monthNames {
		monthKeys[i] = k3(n)
	}
	for i, n := range weekdayNames {
		weekdayKeys[i] = k3(n)
	}
}

// monthOf returns 1..12 for an English month name or its three-letter
// abbreviation (and "sept"), lower case; 0 otherwise.
func monthOf(w []byte) int {
	if len(w) < 3 {
		return 0
	}
	k := key3(w)
	for i, mk := range monthKeys {
		if k != mk {
			continue
		}
		if len(w) == 3 || string(w) == monthNames[i] || (i == 8 && string(w) == "sept") {
			return i + 1
		}
		return 0
	}
	return 0
}

// isWeekday reports whether w is an English weekday name or abbreviation
// ("sat", "saturday", also "tues" and "thurs"), lower case.
func isWeekday(w []byte) bool {
	if len(w) < 3 {
		return false
	}
	k := key3(w)
	for i, wk := range weekdayKeys {
		if k != wk {
			continue
		}
		name := weekdayNames[i]
		return len(w) == 3 || string(w) == name ||
			(i == 1 && string(w) == "tues") || (i == 3 && (string(w) == "thur" || string(w) == "thurs"))
	}
	return false
}

// skipOrdinal skips an English ordinal suffix (st, nd, rd, th) at b[i:].
func skipOrdinal(b []byte, i int) int {
	if i+2 > len(b) || (i+2 < len(b) && isLetter(b[i+2])) {
		return i
	}
	switch c1, c2 := b[i]|0x20, b[i+1]|0x20; {
	case c1 == 's' && c2 == 't', c1 == 'n' && c2 == 'd', c1 == 'r' && c2 == 'd', c1 == 't' && c2 == 'h':
		return i + 2
	}
	return i
}

// dateSep skips a separator between date parts: spaces, or one '-' or '/'
// (with no spaces around). It returns the separator kind (' ' for spaces)
// and the index after it; kind 0 means none.
func dateSep(b []byte, i int) (byte, int) {
	if i < len(b) && (b[i] == '-' || b[i] == '/') {
		return b[i], i + 1
	}
	if j := skipSpaces(b, i); j > i {
		return ' ', j
	}
	return 0, i
}

// parseMonthName parses the English month-name family, with an optional
// leading weekday: "Mar 13, 2021", "March 13th 2021", "13 Mar 2021",
// "13-Mar-2021", "Sat, 13 Mar 2021", then optionally a time (after a space,
// ", " or 'T') with optional AM/PM and zone. A 24-hour hour may stand
// beside a marker that agrees with it ("Mar 5, 2024 14:03:22 PM"), as
// Magento 2's order grid and its CSV export wrote times for years (PHP's
// "M j, Y H:i:s A"; magento/magento2 pull requests 8336, 10260 and 15176).
func parseMonthName(b []byte, f *fields) status {
	var buf [9]byte
	i := 0
	if len(b) == 0 {
		return stMismatch
	}
	if isLetter(b[0]) {
		if w, j := word(b, 0, &buf); monthOf(w) == 0 && isWeekday(w) {
			if j < len(b) && (b[j] == ',' || b[j] == '.') {
				j++
			}
			k := skipSpaces(b, j)
			if k == j {
				return stMismatch
			}
			i = k
		}
	}
	if i >= len(b) {
		return stMismatch
	}
	var y, mo, d int
	if isLetter(b[i]) {
		// Mar 13, 2021
		w, j := word(b, i, &buf)
		if mo = monthOf(w); mo == 0 {
			return stMismatch
		}
		if j < len(b) && b[j] == '.' {
			j++
		}
		sep, k := dateSep(b, j)
		if sep == 0 {
			return stMismatch
		}
		d, j = num(b, k, 2)
		if j == k {
			return stMismatch
		}
		j = skipOrdinal(b, j)
		if j < len(b) && b[j] == ',' && sep == ' ' {
			j++
		}
		sep2, k := dateSep(b, j)
		if sep2 != sep {
			return stMismatch
		}
		var ok bool
		if y, i, ok = year4(b, k); !ok {
			return stMismatch
		}
	} else {
		// 13 Mar 2021
		var j int
		d, j = num(b, i, 2)
		if j == i {
			return stMismatch
		}
		j = skipOrdinal(b, j)
		sep, k := dateSep(b, j)
		if sep == 0 {
			return stMismatch
		}
		var w []byte
		w, j = word(b, k, &buf)
		if mo = monthOf(w); mo == 0 {
			return stMismatch
		}
		if j < len(b) && b[j] == '.' {
			j++
		}
		if j < len(b) && b[j] == ',' && sep == ' ' {
			j++
		}
		sep2, k := dateSep(b, j)
		if sep2 != sep {
			return stMismatch
		}
		var ok bool
		if y, i, ok = year4(b, k); !ok {
			return stMismatch
		}
	}
	f.y, f.mo, f.d = y, mo, d
	if i == len(b) {
		return stOK
	}
	// Time: "2021 03:03:27", "2021, 3:03 PM", "2021T03:03".
	switch {
	case b[i] == 'T':
		i++
	case b[i] == ',':
		i++
		if j := skipSpaces(b, i); j > i {
			i = j
		} else {
			return stMismatch
		}
	default:
		j := skipSpaces(b, i)
		if j == i {
			return stMismatch
		}
		i = j
		// "Mar 13, 2021 at 3:03 PM"
		if i+3 <= len(b) && b[i] == 'a' && b[i+1] == 't' && b[i+2] == ' ' {
			i = skipSpaces(b, i+3)
		}
	}
	i, st := parseClock(b, i, f)
	if st != stOK {
		return stMismatch
	}
	i = parseAMPM(b, i, f)
	f.hour24AMP = true
	if i == len(b) {
		return stOK
	}
	return parseZone(b, i, f)
}

// The CJK family's words, in UTF-8.
const (
	cjkYear  = "年"
	cjkMonth = "月"
	cjkDay   = "日"
	cjkAM    = "上午"
	cjkPM    = "下午"
)

// hasAt reports whether b[i:] starts with s.
func hasAt(b []byte, i int, s string) bool {
	return i+len(s) <= len(b) && string(b[i:i+len(s)]) == s
}

// parseCJK parses yyyy年m月d日, optionally followed (after optional spaces)
// by 上午 or 下午 and a clock h:mm[:ss[.f]], or by the clock alone.
func parseCJK(b []byte, f *fields) status {
	y, i, ok := year4(b, 0)
	if !ok || !hasAt(b, i, cjkYear) {
		return stMismatch
	}
	mo, j := num(b, i+len(cjkYear), 2)
	if j == i+len(cjkYear) || !hasAt(b, j, cjkMonth) {
		return stMismatch
	}
	i = j + len(cjkMonth)
	d, j := num(b, i, 2)
	if j == i || !hasAt(b, j, cjkDay) {
		return stMismatch
	}
	f.y, f.mo, f.d = y, mo, d
	i = j + len(cjkDay)
	if i == len(b) {
		return stOK
	}
	i = skipSpaces(b, i)
	switch {
	case hasAt(b, i, cjkAM):
		f.hasAMP, i = true, skipSpaces(b, i+len(cjkAM))
	case hasAt(b, i, cjkPM):
		f.hasAMP, f.pm, i = true, true, skipSpaces(b, i+len(cjkPM))
	}
	i, st := parseClock(b, i, f)
	if st != stOK || i != len(b) {
		return stMismatch
	}
	return stOK
}

// Excel's serial days: the last one (9999-12-31), the fictitious
// 1900-02-29, and the day before serial 1 and before serial 61.
const (
	excelLastSerial = 2958465
	excelLeapBug    = 60
)

var (
	excelEpochLow  = daysFromCivil(1899, 12, 31) // serial 1 is 1900-01-01
	excelEpochHigh = daysFromCivil(1899, 12, 30) // serial 61 is 1900-03-01
)

// scanExcel parses an Excel serial day with an optional fraction (the time
// of day, rounded to the second) and returns the serial's whole days.
func scanExcel(b []byte, f *fields) (int64, status) {
	var n int64
	i := 0
	for i < len(b) && isDigit(b[i]) {
		if i == 7 {
			return 0, stMismatch
		}
		n = n*10 + int64(b[i]-'0')
		i++
	}
	if i == 0 {
		return 0, stMismatch
	}
	var sec int64
	if i < len(b) {
		if b[i] != '.' || i+1 == len(b) {
			return 0, stMismatch
		}
		var frac, den int64 = 0, 1
		for _, c := range b[i+1:] {
			if !isDigit(c) {
				return 0, stMismatch
			}
			if den < 1e9 { // digits past the ninth are below a millisecond
				frac, den = frac*10+int64(c-'0'), den*10
			}
		}
		sec = (frac*secondsPerDay + den/2) / den
	}
	if n == 0 || n == excelLeapBug || n > excelLastSerial {
		return n, stImpossible
	}
	day := excelEpochHigh + n
	if n < excelLeapBug {
		day = excelEpochLow + n
	}
	if sec == secondsPerDay { // rounded up to midnight
		day, sec = day+1, 0
	}
	f.y, f.mo, f.d = civilFromDays(day)
	f.h, f.mi, f.s = int(sec/3600), int(sec%3600/60), int(sec%60)
	return n, stOK
}
