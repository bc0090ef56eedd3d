package cohort

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
)

// timeOf is the civil day as a time.Time (UTC midnight), for checks against
// the standard library's calendar.
func timeOf(day int32) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

// stdPeriod is the period key of a day computed with package time only:
// distinct periods give distinct keys, and keys ascend with the periods.
func stdPeriod(p Period, day int32) int64 {
	t := timeOf(day)
	switch p {
	case Day:
		return int64(day)
	case Week:
		y, w := t.ISOWeek()
		return int64(y)*100 + int64(w)
	case Month:
		return int64(t.Year())*12 + int64(t.Month()) - 1
	case Quarter:
		return int64(t.Year())*4 + int64(t.Month()-1)/3
	}
	return int64(t.Year())
}

// TestPeriodAgainstTime: for days over four centuries, the period of a day
// contains it, its first and last days belong to it, the next period starts
// the day after it ends, and two days share a period exactly when package
// time says they do.
func TestPeriodAgainstTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for p := Day; p < numPeriods; p++ {
		t.Run(p.String(), func(t *testing.T) {
			for range 20000 {
				d := int32(rng.IntN(146097)) - 73000 // 1770..2170
				i := p.Of(d)
				s, e := p.Start(i), p.End(i)
				require.LessOrEqual(t, s, d)
				require.GreaterOrEqual(t, e, d)
				require.Equal(t, i, p.Of(s))
				require.Equal(t, i, p.Of(e))
				require.Equal(t, i+1, p.Of(e+1))
				require.Equal(t, i-1, p.Of(s-1))
				require.Equal(t, stdPeriod(p, s), stdPeriod(p, d), "start of the period of %s", dates.DayString(d))
				require.Equal(t, stdPeriod(p, e), stdPeriod(p, d))
				require.NotEqual(t, stdPeriod(p, e+1), stdPeriod(p, d))
				require.NotEqual(t, stdPeriod(p, s-1), stdPeriod(p, d))
			}
		})
	}
	// Weeks start on Monday.
	for d := int32(-800); d < 800; d++ {
		assert.Equal(t, time.Monday, timeOf(Week.Start(Week.Of(d))).Weekday())
	}
}

func TestPeriodLabels(t *testing.T) {
	d := dates.DayOf(2021, 3, 13) // a Saturday of ISO week 10
	tests := []struct {
		p          Period
		label      string
		start, end int32
	}{
		{Day, "2021-03-13", d, d},
		{Week, "2021-W10", dates.DayOf(2021, 3, 8), dates.DayOf(2021, 3, 14)},
		{Month, "2021-03", dates.DayOf(2021, 3, 1), dates.DayOf(2021, 3, 31)},
		{Quarter, "2021-Q1", dates.DayOf(2021, 1, 1), dates.DayOf(2021, 3, 31)},
		{Year, "2021", dates.DayOf(2021, 1, 1), dates.DayOf(2021, 12, 31)},
	}
	for _, tt := range tests {
		i := tt.p.Of(d)
		assert.Equal(t, tt.label, tt.p.Label(i), tt.p.String())
		assert.Equal(t, tt.start, tt.p.Start(i), tt.p.String())
		assert.Equal(t, tt.end, tt.p.End(i), tt.p.String())
	}
	// ISO week 53 and week 1 belonging to the neighbouring year.
	assert.Equal(t, "2020-W53", Week.Label(Week.Of(dates.DayOf(2021, 1, 3))))
	assert.Equal(t, "2020-W01", Week.Label(Week.Of(dates.DayOf(2019, 12, 30))))
	assert.Equal(t, []string{"d", "w", "m", "q", "y"}, []string{Day.Letter(), Week.Letter(), Month.Letter(), Quarter.Letter(), Year.Letter()})
}

// TestLookup: the lookup gives Of's answer for days inside and outside its
// table.
func TestLookup(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	last := dates.DayOf(2024, 5, 17)
	for p := Day; p < numPeriods; p++ {
		l := newLookup(p, last)
		for range 20000 {
			d := last - int32(rng.IntN(lookupYears*366+200)) + 100
			require.Equal(t, p.Of(d), l.of(d), "%s %s", p, dates.DayString(d))
		}
		for _, d := range []int32{last, last + 1, last - lookupYears*366, last - lookupYears*366 - 1, -100000, 100000} {
			require.Equal(t, p.Of(d), l.of(d), "%s %s", p, dates.DayString(d))
		}
	}
}
