package cohort

import (
	"fmt"
	"strconv"

	"lifecycle/dates"
)

// Period is the calendar unit of cohorts and ages.
type Period uint8

// The periods. Weeks are ISO weeks, Monday to Sunday; the others are
// calendar days, months, quarters and years.
const (
	Day Period = iota
	Week
	Month
	Quarter
	Year
	numPeriods
)

var periodNames = [numPeriods]string{"day", "week", "month", "quarter", "year"}

// String returns "day", "week", "month", "quarter" or "year".
func (p Period) String() string {
	if p < numPeriods {
		return periodNames[p]
	}
	return fmt.Sprintf("Period(%d)", int(p))
}

// Letter is the prefix of age column names: "d", "w", "m", "q" or "y"
// (m3 is the fourth month of a monthly cohort, counting its first as m0).
func (p Period) Letter() string {
	if p < numPeriods {
		return periodNames[p][:1]
	}
	return "p"
}

// monday0 is the civil day of Monday 1970-01-05, the start of week 0.
const monday0 = 4

// Of returns the index of the period containing a civil day. Consecutive
// periods have consecutive indexes: the civil day itself for Day, weeks
// counted from Monday 1970-01-05, dates.MonthIndex for Month,
// dates.QuarterIndex for Quarter and the year for Year.
func (p Period) Of(day int32) int32 {
	switch p {
	case Day:
		return day
	case Week:
		return floorDiv(day-monday0, 7)
	case Month:
		return dates.MonthIndex(day)
	case Quarter:
		return dates.QuarterIndex(day)
	}
	y, _, _ := dates.Date(day)
	return int32(y)
}

// Start returns the first civil day of period i.
func (p Period) Start(i int32) int32 {
	switch p {
	case Day:
		return i
	case Week:
		return i*7 + monday0
	case Month:
		return dates.MonthStart(i)
	case Quarter:
		return dates.QuarterStart(i)
	}
	return dates.DayOf(int(i), 1, 1)
}

// End returns the last civil day of period i.
func (p Period) End(i int32) int32 {
	return p.Start(i+1) - 1
}

// Label names period i: "2021-03-13" (a day), "2021-W10" (the ISO week),
// "2021-03", "2021-Q1" or "2021".
func (p Period) Label(i int32) string {
	switch p {
	case Day:
		return dates.DayString(i)
	case Week:
		y, w := dates.ISOWeek(p.Start(i))
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Month:
		return dates.MonthString(i)
	case Quarter:
		return dates.QuarterString(i)
	}
	if i >= 0 {
		return fmt.Sprintf("%04d", i)
	}
	return strconv.Itoa(int(i))
}

// floorDiv returns a/b rounded towards negative infinity (b > 0).
func floorDiv(a, b int32) int32 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// lookupYears is how many years before the as-of day a lookup holds.
const lookupYears = 30

// lookup gives the periods of the days of a range from a table, so that the
// count of an order costs one load from a table that stays in cache
// (30 years of days are 44 KB); other days are computed.
type lookup struct {
	p    Period
	base int32
	idx  []int32 // idx[d-base] = p.Of(d)
}

// newLookup returns a lookup of the lookupYears years ending with last.
func newLookup(p Period, last int32) *lookup {
	l := &lookup{p: p}
	if p == Day {
		return l
	}
	n := int32(lookupYears*366 + 1)
	l.base = last - n + 1
	l.idx = make([]int32, n)
	for i := int32(0); i < n; {
		k := p.Of(l.base + i)
		end := min(p.End(k)-l.base+1, n)
		for ; i < end; i++ {
			l.idx[i] = k
		}
	}
	return l
}

// of returns the period of day.
func (l *lookup) of(day int32) int32 {
	if i := uint32(day - l.base); i < uint32(len(l.idx)) {
		return l.idx[i]
	}
	if l.p == Day {
		return day
	}
	return l.p.Of(day)
}
