package dates

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// timeDay is the civil day of t's calendar date, computed with the time package.
func timeDay(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

func TestDayOfAndDateAgainstTime(t *testing.T) {
	// Every day from year -1000 to 4000 in steps, plus all days around 1970 and 2000.
	// Plain comparisons: this runs a few hundred thousand times.
	check := func(day int32) {
		t.Helper()
		tm := time.Unix(int64(day)*secondsPerDay, 0).UTC()
		y, m, d := Date(day)
		if y != tm.Year() || m != int(tm.Month()) || d != tm.Day() {
			t.Fatalf("Date(%d) = %d-%d-%d, want %s", day, y, m, d, tm.Format("2006-01-02"))
		}
		if got := DayOf(y, m, d); got != day {
			t.Fatalf("DayOf(%d, %d, %d) = %d, want %d", y, m, d, got, day)
		}
		if got, want := Weekday(day), int(tm.Weekday()+6)%7+1; got != want {
			t.Fatalf("Weekday(%d) = %d, want %d", day, got, want)
		}
		iy, iw := tm.ISOWeek()
		if gy, gw := ISOWeek(day); gy != iy || gw != iw {
			t.Fatalf("ISOWeek(%d) = %d-W%d, want %d-W%d", day, gy, gw, iy, iw)
		}
		if y >= 0 && y <= 9999 {
			if got, want := DayString(day), tm.Format("2006-01-02"); got != want {
				t.Fatalf("DayString(%d) = %s, want %s", day, got, want)
			}
		}
	}
	for day := int32(-1100000); day < 800000; day += 97 {
		check(day)
	}
	for day := int32(-800); day < dayTextDays+800; day++ { // around and through AppendDay's table
		check(day)
	}
	// Both sides of the fast algorithms' range, and the ends of int32.
	for _, edge := range []int64{-rataShift, math.MinInt32, math.MaxInt32 - 400, 300_000_000, int64(DayOf(fastMaxY, 1, 1))} {
		for day := edge - 400; day <= edge+400; day++ {
			if day >= math.MinInt32 && day <= math.MaxInt32 {
				check(int32(day))
			}
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		check(int32(r.Uint32()))
	}
}

func TestCivilKnownValues(t *testing.T) {
	tests := []struct {
		y, m, d int
		day     int32
		str     string
	}{
		{1970, 1, 1, 0, "1970-01-01"},
		{1969, 12, 31, -1, "1969-12-31"},
		{2000, 3, 1, 11017, "2000-03-01"},
		{2021, 3, 13, 18699, "2021-03-13"},
		{1997, 1, 1, 9862, "1997-01-01"},
		{0, 1, 1, -719528, "0000-01-01"},
		{-1, 12, 31, -719529, "-0001-12-31"},
		{10000, 1, 1, 2932897, "10000-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			assert.Equal(t, tt.day, DayOf(tt.y, tt.m, tt.d))
			y, m, d := Date(tt.day)
			assert.Equal(t, [3]int{tt.y, tt.m, tt.d}, [3]int{y, m, d})
			assert.Equal(t, tt.str, DayString(tt.day))
			assert.Equal(t, "x"+tt.str, string(AppendDay([]byte("x"), tt.day)))
		})
	}
}

func TestDayOfNormalizesLikeTimeDate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		y, m, d := r.IntN(400)+1800, r.IntN(60)-24, r.IntN(100)-30
		want := timeDay(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))
		require.Equal(t, want, DayOf(y, m, d), "%d-%d-%d", y, m, d)
	}
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		date             string
		month            string
		monthStart       string
		weekStart        string
		quarter, qStart  string
		isoYear, isoWeek int
	}{
		{"2021-03-13", "2021-03", "2021-03-01", "2021-03-08", "2021-Q1", "2021-01-01", 2021, 10},
		{"2021-01-01", "2021-01", "2021-01-01", "2020-12-28", "2021-Q1", "2021-01-01", 2020, 53},
		{"2020-12-31", "2020-12", "2020-12-01", "2020-12-28", "2020-Q4", "2020-10-01", 2020, 53},
		{"2019-12-30", "2019-12", "2019-12-01", "2019-12-30", "2019-Q4", "2019-10-01", 2020, 1},
		{"2021-08-15", "2021-08", "2021-08-01", "2021-08-09", "2021-Q3", "2021-07-01", 2021, 32},
		{"1969-12-31", "1969-12", "1969-12-01", "1969-12-29", "1969-Q4", "1969-10-01", 1970, 1},
		{"1970-01-01", "1970-01", "1970-01-01", "1969-12-29", "1970-Q1", "1970-01-01", 1970, 1},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			day, err := ParseDay(tt.date)
			require.NoError(t, err)
			mi := MonthIndex(day)
			assert.Equal(t, tt.month, MonthString(mi))
			assert.Equal(t, tt.monthStart, DayString(MonthStart(mi)))
			assert.Equal(t, tt.weekStart, DayString(WeekStart(day)))
			assert.Equal(t, 1, Weekday(WeekStart(day)))
			qi := QuarterIndex(day)
			assert.Equal(t, tt.quarter, QuarterString(qi))
			assert.Equal(t, tt.qStart, DayString(QuarterStart(qi)))
			y, w := ISOWeek(day)
			assert.Equal(t, [2]int{tt.isoYear, tt.isoWeek}, [2]int{y, w})
		})
	}
	// Consecutive indexes are consecutive periods.
	d1, _ := ParseDay("2020-12-31")
	d2, _ := ParseDay("2021-01-01")
	assert.Equal(t, MonthIndex(d1)+1, MonthIndex(d2))
	assert.Equal(t, QuarterIndex(d1)+1, QuarterIndex(d2))
	assert.Equal(t, int32(2021*12+2), MonthIndex(DayOf(2021, 3, 13)))
	assert.Equal(t, int32(2021*4), QuarterIndex(DayOf(2021, 3, 13)))
}

func TestParseDay(t *testing.T) {
	tests := []struct {
		in   string
		want int32
		err  error
	}{
		{"2021-03-13", 18699, nil},
		{"1970-01-01", 0, nil},
		{"2020-02-29", 18321, nil},
		{"2021-02-29", 0, ErrImpossible},
		{"2021-13-01", 0, ErrImpossible},
		{"2021-00-10", 0, ErrImpossible},
		{"2021-3-13", 0, ErrDayFormat},
		{"2021/03/13", 0, ErrDayFormat},
		{"2021-03-13T00:00:00", 0, ErrDayFormat},
		{"", 0, ErrDayFormat},
		{"20a1-03-13", 0, ErrDayFormat},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDay(tt.in)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
