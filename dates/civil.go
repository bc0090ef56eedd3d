package dates

import (
	"sync/atomic"

	"lifecycle/msg"
)

// secondsPerDay is the length of a civil day in Unix seconds.
const secondsPerDay = 86400

// Constants of the Neri-Schneider calendar algorithms ("Euclidean affine
// functions and their application to calendar algorithms", 2022): the
// computation is shifted by eraShift 400-year eras so that it runs on
// unsigned 32-bit integers. It covers years -32800..1_000_000 (days
// -12_699_422..); the Hinnant algorithms below handle everything else.
const (
	eraShift  = 82
	rataShift = 719468 + 146097*eraShift // days from 0000-03-01 (shifted) to 1970-01-01
	yearShift = 400 * eraShift
	fastMinY  = -yearShift + 1
	fastMaxY  = 1_000_000
)

// daysFromCivil returns the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar. m must be in 1..12; d is added linearly, so
// d = 0 or d = 32 give the day before the 1st or after the 31st.
func daysFromCivil(y, m, d int64) int64 {
	if y < fastMinY || y > fastMaxY || d < -1_000_000 || d > 1_000_000 {
		return daysFromCivilSlow(y, m, d)
	}
	j := uint32(0)
	if m <= 2 {
		j = 1
	}
	yy := uint32(y+yearShift) - j
	mm := uint32(m) + 12*j
	c := yy / 100
	yStar := 1461*yy/4 - c + c/4
	mStar := (979*mm - 2919) / 32
	return int64(yStar+mStar) + d - 1 - rataShift
}

// daysFrom is daysFromCivil for years 0..1_000_000, m in 1..12 and d in 1..31.
func daysFrom(y, m, d uint32) int64 {
	j := uint32(0)
	if m <= 2 {
		j = 1
	}
	yy := y + yearShift - j
	mm := m + 12*j
	c := yy / 100
	return int64(1461*yy/4-c+c/4+(979*mm-2919)/32+d-1) - rataShift
}

// daysFromCivilSlow is daysFromCivil for any year (Howard Hinnant's days_from_civil).
func daysFromCivilSlow(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	var era int64
	if y >= 0 {
		era = y / 400
	} else {
		era = (y - 399) / 400
	}
	yoe := y - era*400 // [0, 399]
	mp := m - 3
	if mp < 0 {
		mp += 12
	}
	doy := (153*mp+2)/5 + d - 1            // [0, 365] for valid d
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int) {
	if z < -rataShift || z > 300_000_000 {
		return civilFromDaysSlow(z)
	}
	n := uint32(z + rataShift)
	// Century.
	n1 := 4*n + 3
	c := n1 / 146097
	nc := n1 % 146097 / 4
	// Year.
	n2 := 4*nc + 3
	p2 := uint64(2939745) * uint64(n2)
	zz := uint32(p2 >> 32)
	ny := uint32(p2) / 2939745 / 4
	yy := 100*c + zz
	// Month and day.
	n3 := 2141*ny + 197913
	mm := n3 / 65536
	dd := n3 % 65536 / 2141
	if ny >= 306 {
		return int(int64(yy)-yearShift) + 1, int(mm - 12), int(dd + 1)
	}
	return int(int64(yy) - yearShift), int(mm), int(dd + 1)
}

// civilFromDaysSlow is civilFromDays for any day (Howard Hinnant's civil_from_days).
func civilFromDaysSlow(z int64) (y, m, d int) {
	z += 719468
	var era int64
	if z >= 0 {
		era = z / 146097
	} else {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100) // [0, 365]
	mp := (5*doy + 2) / 153                  // [0, 11]
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
		yy++
	}
	return int(yy), m, d
}

// isLeap reports whether y is a leap year in the proleptic Gregorian calendar.
func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// daysIn returns the number of days of month m (1..12) in year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// floorDiv returns a/b rounded towards negative infinity (b > 0).
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// DayOf returns the civil day (days since 1970-01-01) of the date y-m-d in the
// proleptic Gregorian calendar. Months outside 1..12 and days outside the
// month are normalized as time.Date does (DayOf(2021, 2, 29) is 2021-03-01).
// The result is meaningful for years within about ±5 million years of 1970.
func DayOf(y, m, d int) int32 {
	if m < 1 || m > 12 {
		m0 := int64(m - 1)
		y += int(floorDiv(m0, 12))
		m = int(m0-floorDiv(m0, 12)*12) + 1
	}
	return int32(daysFromCivil(int64(y), int64(m), int64(d)))
}

// Date returns the calendar date (year, month 1..12, day 1..31) of a civil day.
func Date(day int32) (y, m, d int) {
	return civilFromDays(int64(day))
}

// Weekday returns the ISO day of the week of a civil day: 1 = Monday .. 7 = Sunday.
func Weekday(day int32) int {
	// 1970-01-01 was a Thursday (4).
	return int((int64(day)+3)-floorDiv(int64(day)+3, 7)*7) + 1
}

// DayString formats a civil day as "2021-03-13" (years outside 0..9999 are
// written with as many digits as needed and a leading '-' when negative).
func DayString(day int32) string {
	var buf [16]byte
	return string(AppendDay(buf[:0], day))
}

// AppendDay appends the "2021-03-13" form of a civil day to b.
func AppendDay(b []byte, day int32) []byte {
	// The days of the years 1970 to 2099, those of every order export, are
	// copied from a table: tables of millions of customers write two or
	// three days per row.
	if i := uint32(day); i < dayTextDays {
		t := dayTexts.Load()
		if t == nil {
			t = makeDayTexts()
		}
		return append(b, t[i][:]...)
	}
	y, m, d := Date(day)
	b = appendYear(b, y)
	return append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
}

// dayTextDays is the number of days in the table of dayTexts: 1970-01-01
// to 2099-12-31.
const dayTextDays = 47482

// dayTexts is the text of every day from 1970-01-01 on (475 kB), made on
// first use in about a millisecond (by makeDayTexts).
var dayTexts atomic.Pointer[[dayTextDays][10]byte]

// makeDayTexts makes and stores dayTexts. Goroutines that find it missing
// at once each make one, the same: the last stored stays.
func makeDayTexts() *[dayTextDays][10]byte {
	t := new([dayTextDays][10]byte)
	for i := range t {
		y, m, d := Date(int32(i))
		t[i] = [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
			byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)}
	}
	dayTexts.Store(t)
	return t
}

// appendYear appends y with at least 4 digits.
func appendYear(b []byte, y int) []byte {
	if y < 0 {
		b = append(b, '-')
		y = -y
	}
	if y < 10000 {
		return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	}
	var tmp [20]byte
	i := len(tmp)
	for y > 0 {
		i--
		tmp[i] = byte('0' + y%10)
		y /= 10
	}
	return append(b, tmp[i:]...)
}

// MonthIndex returns y*12 + m-1 for the month containing day; consecutive
// months have consecutive indexes. See MonthStart for the inverse.
func MonthIndex(day int32) int32 {
	y, m, _ := Date(day)
	return int32(y*12 + m - 1)
}

// MonthStart returns the first civil day of the month with the given MonthIndex.
func MonthStart(month int32) int32 {
	y := floorDiv(int64(month), 12)
	return int32(daysFromCivil(y, int64(month)-y*12+1, 1))
}

// MonthString formats a MonthIndex as "2021-03".
func MonthString(month int32) string {
	y := floorDiv(int64(month), 12)
	m := int(int64(month) - y*12 + 1)
	b := appendYear(make([]byte, 0, 8), int(y))
	return string(append(b, '-', byte('0'+m/10), byte('0'+m%10)))
}

// WeekStart returns the Monday of the ISO week containing day.
func WeekStart(day int32) int32 {
	return day - int32(Weekday(day)-1)
}

// ISOWeek returns the ISO 8601 year and week number (1..53) of a civil day,
// as time.Time.ISOWeek does.
func ISOWeek(day int32) (year, week int) {
	// The ISO year is the year of the Thursday of the week.
	thu := WeekStart(day) + 3
	year, _, _ = Date(thu)
	jan1 := int32(daysFromCivil(int64(year), 1, 1))
	return year, int(thu-jan1)/7 + 1
}

// QuarterIndex returns y*4 + (m-1)/3 for the quarter containing day;
// consecutive quarters have consecutive indexes. See QuarterStart.
func QuarterIndex(day int32) int32 {
	y, m, _ := Date(day)
	return int32(y*4 + (m-1)/3)
}

// QuarterStart returns the first civil day of the quarter with the given QuarterIndex.
func QuarterStart(quarter int32) int32 {
	y := floorDiv(int64(quarter), 4)
	q := int64(quarter) - y*4
	return int32(daysFromCivil(y, q*3+1, 1))
}

// QuarterString formats a QuarterIndex as "2021-Q1".
func QuarterString(quarter int32) string {
	y := floorDiv(int64(quarter), 4)
	q := int(int64(quarter) - y*4 + 1)
	b := appendYear(make([]byte, 0, 8), int(y))
	return string(append(b, '-', 'Q', byte('0'+q)))
}

// ErrDayFormat is returned by ParseDay for input that is not of the form
// yyyy-mm-dd; ErrImpossible is returned for dates such as 2021-02-30.
var ErrDayFormat = msg.Errorf("not a date of the form yyyy-mm-dd")

// ParseDay parses a "2021-03-13" date (as given in flags such as --as-of and
// --from) into a civil day.
func ParseDay(s string) (int32, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, ErrDayFormat
	}
	y, ok1 := digits4(s[0], s[1], s[2], s[3])
	m, ok2 := digits2(s[5], s[6])
	d, ok3 := digits2(s[8], s[9])
	if !ok1 || !ok2 || !ok3 {
		return 0, ErrDayFormat
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, ErrImpossible
	}
	return int32(daysFromCivil(int64(y), int64(m), int64(d))), nil
}

// digits2 returns the value of two ASCII digits.
func digits2(a, b byte) (int, bool) {
	a -= '0'
	b -= '0'
	return int(a)*10 + int(b), a <= 9 && b <= 9
}

// digits4 returns the value of four ASCII digits.
func digits4(a, b, c, d byte) (int, bool) {
	a -= '0'
	b -= '0'
	c -= '0'
	d -= '0'
	return int(a)*1000 + int(b)*100 + int(c)*10 + int(d), a <= 9 && b <= 9 && c <= 9 && d <= 9
}
