package dates

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rfc parses an RFC 3339 instant for expectations.
func rfc(t testing.TB, s string) int64 {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return tm.Unix()
}

func mustFormat(t testing.TB, f string) Layout {
	t.Helper()
	l, err := ParseFormat(f)
	require.NoError(t, err)
	return l
}

func TestParse(t *testing.T) {
	utc := UTC()
	sh := NewZone(mustLoad(t, "Asia/Shanghai"))
	tests := []struct {
		layout Layout
		in     string
		zone   *Zone
		want   string // RFC 3339 instant, or "" for an error
		err    error
	}{
		// ISO 8601 family.
		{ISO8601, "2021-03-13", utc, "2021-03-13T00:00:00Z", nil},
		{ISO8601, "2021-03-13T03:03:27", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13 03:03:27", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13T03:03", utc, "2021-03-13T03:03:00Z", nil},
		{ISO8601, "2021-03-13T03:03:27Z", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13t03:03:27z", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13T03:03:27.999999Z", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13T03:03:27,5", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13T11:03:27+08:00", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13T11:03:27+0800", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13T11:03:27+08", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-12T22:03:27-05:00", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13 03:03:27.123 +0000", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13 03:03:27 UTC", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13 03:03:27.123456 UTC", sh, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13 11:03:27", sh, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2021-03-13", sh, "2021-03-12T16:00:00Z", nil},
		{ISO8601, "2021-03-13T11:03:27+08:00", sh, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "1969-12-31T23:59:59.9Z", nil, "1969-12-31T23:59:59Z", nil},
		{ISO8601, "2021-03-13 03:03:27", nil, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "2020-02-29", utc, "2020-02-29T00:00:00Z", nil},
		{ISO8601, "2021-02-30T10:00:00Z", utc, "", ErrImpossible},
		{ISO8601, "2021-02-29", utc, "", ErrImpossible},
		{ISO8601, "2021-13-01", utc, "", ErrImpossible},
		{ISO8601, "2021-03-13T24:00:00", utc, "", ErrImpossible},
		{ISO8601, "2021-03-13T23:60:00", utc, "", ErrImpossible},
		{ISO8601, "2021-03-13T23:59:60", utc, "", ErrImpossible},
		{ISO8601, "2021-03-13T10:00:00+24:00", utc, "", ErrImpossible},
		{ISO8601, "13/03/2021", utc, "", ErrNotDate},
		{ISO8601, "2021-3-13", utc, "", ErrNotDate},
		{ISO8601, "2021-03-13T", utc, "", ErrNotDate},
		{ISO8601, "2021-03-13T10", utc, "", ErrNotDate},
		{ISO8601, "2021-03-13T10:00:", utc, "", ErrNotDate},
		{ISO8601, "2021-03-13T10:00:00.", utc, "", ErrNotDate},
		{ISO8601, "2021-03-13T10:00:00+8", utc, "", ErrNotDate},
		{ISO8601, "2021-03-13T10:00:00+08:0", utc, "", ErrNotDate},
		{ISO8601, "2021-03-13T10:00:00 EST", utc, "", ErrNotDate},
		{ISO8601, "2021-03-13x", utc, "", ErrNotDate},
		{ISO8601, "N/A", utc, "", ErrNotDate},
		{ISO8601, "", utc, "", ErrEmpty},
		// Month-name fallback from any layout.
		{ISO8601, "Mar 13, 2021 03:03:27", utc, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "Mar 13, 2021 11:03:27", sh, "2021-03-13T03:03:27Z", nil},
		{ISO8601, "Feb 30, 2021", utc, "", ErrImpossible},
		{YYYYMMDD, "13 March 2021", utc, "2021-03-13T00:00:00Z", nil},
		{MDY, "Sat, 13 Mar 2021 03:03:27 +0000", utc, "2021-03-13T03:03:27Z", nil},
		// yyyymmdd.
		{YYYYMMDD, "19970101", utc, "1997-01-01T00:00:00Z", nil},
		{YYYYMMDD, "19970101", sh, "1996-12-31T16:00:00Z", nil},
		{YYYYMMDD, "19971301", utc, "", ErrImpossible},
		{YYYYMMDD, "1997010", utc, "", ErrNotDate},
		{YYYYMMDD, "199701011", utc, "", ErrNotDate},
		{YYYYMMDD, "1997-01-01", utc, "", ErrNotDate},
		// yyyy/mm/dd family.
		{YMD, "2021/03/13", utc, "2021-03-13T00:00:00Z", nil},
		{YMD, "2021/3/5 9:05", utc, "2021-03-05T09:05:00Z", nil},
		{YMD, "2021/03/13 03:03:27", utc, "2021-03-13T03:03:27Z", nil},
		{YMD, "2021.03.13 03:03", utc, "2021-03-13T03:03:00Z", nil},
		{YMD, "2021-3-13", utc, "2021-03-13T00:00:00Z", nil},
		{YMD, "2021-03-13 03:03:27.5", utc, "2021-03-13T03:03:27Z", nil},
		{YMD, "2021/3/5 19:05", sh, "2021-03-05T11:05:00Z", nil},
		{YMD, "2021/3-5", utc, "", ErrNotDate},
		{YMD, "2021/3/5T10:00", utc, "", ErrNotDate},
		{YMD, "2021/3/5 10", utc, "", ErrNotDate},
		{YMD, "2021/3/32", utc, "", ErrImpossible},
		{YMD, "2021/003/05", utc, "", ErrNotDate},
		// Unix.
		{UnixSeconds, "1615604607", utc, "2021-03-13T03:03:27Z", nil},
		{UnixSeconds, "1615604607", sh, "2021-03-13T03:03:27Z", nil},
		{UnixSeconds, "1615604607.999", utc, "2021-03-13T03:03:27Z", nil},
		{UnixSeconds, "999999999", utc, "2001-09-09T01:46:39Z", nil},
		{UnixSeconds, "12345678", utc, "", ErrNotDate},
		{UnixSeconds, "16156046070", utc, "", ErrNotDate},
		{UnixSeconds, "1615604607.", utc, "", ErrNotDate},
		{UnixSeconds, "-161560460", utc, "", ErrNotDate},
		{UnixMillis, "1615604607123", utc, "2021-03-13T03:03:27Z", nil},
		{UnixMillis, "999999999999", utc, "2001-09-09T01:46:39Z", nil},
		{UnixMillis, "1615604607", utc, "", ErrNotDate},
		{UnixMillis, "16156046071234", utc, "", ErrNotDate},
		// M/D/YYYY and D/M/YYYY.
		{MDY, "3/13/2021", utc, "2021-03-13T00:00:00Z", nil},
		{MDY, "03/13/2021 03:03", utc, "2021-03-13T03:03:00Z", nil},
		{MDY, "3-13-2021 3:03:27", utc, "2021-03-13T03:03:27Z", nil},
		{MDY, "3.13.2021 3:03 PM", utc, "2021-03-13T15:03:00Z", nil},
		{MDY, "3/13/2021 12:03 AM", utc, "2021-03-13T00:03:00Z", nil},
		{MDY, "3/13/2021 12:03 pm", utc, "2021-03-13T12:03:00Z", nil},
		{MDY, "3/13/2021 3:03:27PM", utc, "2021-03-13T15:03:27Z", nil},
		{MDY, "3/13/2021 3:03 p.m.", utc, "2021-03-13T15:03:00Z", nil},
		{MDY, "3/13/2021 11:03 AM", sh, "2021-03-13T03:03:00Z", nil},
		{MDY, "3/13/2021 13:03 PM", utc, "", ErrImpossible},
		{MDY, "3/13/2021 0:03 AM", utc, "", ErrImpossible},
		{MDY, "13/3/2021", utc, "", ErrImpossible},
		{MDY, "3/13/21", utc, "", ErrNotDate},
		{MDY, "3/13-2021", utc, "", ErrNotDate},
		{MDY, "3/13/20211", utc, "", ErrNotDate},
		{MDY, "3/13/2021 3:03 XM", utc, "", ErrNotDate},
		{DMY, "13/3/2021", utc, "2021-03-13T00:00:00Z", nil},
		{DMY, "13.03.2021 15:03", utc, "2021-03-13T15:03:00Z", nil},
		{DMY, "13-03-2021 3:03:27 pm", utc, "2021-03-13T15:03:27Z", nil},
		{DMY, "3/13/2021", utc, "", ErrImpossible},
		// Month names.
		{MonthName, "Mar 13, 2021 03:03:27", utc, "2021-03-13T03:03:27Z", nil},
		{MonthName, "Mar 13, 2021", utc, "2021-03-13T00:00:00Z", nil},
		{MonthName, "March 13, 2021", utc, "2021-03-13T00:00:00Z", nil},
		{MonthName, "march 13 2021", utc, "2021-03-13T00:00:00Z", nil},
		{MonthName, "Mar. 13th, 2021", utc, "2021-03-13T00:00:00Z", nil},
		{MonthName, "Sept 1, 2021", utc, "2021-09-01T00:00:00Z", nil},
		{MonthName, "13 Mar 2021", utc, "2021-03-13T00:00:00Z", nil},
		{MonthName, "13 March, 2021", utc, "2021-03-13T00:00:00Z", nil},
		{MonthName, "13-Mar-2021", utc, "2021-03-13T00:00:00Z", nil},
		{MonthName, "13-MAR-2021 15:04", utc, "2021-03-13T15:04:00Z", nil},
		{MonthName, "13/Mar/2021", utc, "2021-03-13T00:00:00Z", nil},
		{MonthName, "Mar 13, 2021, 3:03:27 PM", utc, "2021-03-13T15:03:27Z", nil},
		// Magento 2's order grid export: 12-hour (PHP "M j, Y h:i:s A"),
		// and for years a 24-hour hour beside the marker ("H:i:s A"),
		// read when the marker agrees with it.
		{MonthName, "Mar 5, 2024 2:03:22 PM", utc, "2024-03-05T14:03:22Z", nil},
		{MonthName, "Mar 5, 2024 14:03:22 PM", utc, "2024-03-05T14:03:22Z", nil},
		{MonthName, "Mar 5, 2024 12:03:22 PM", utc, "2024-03-05T12:03:22Z", nil},
		{MonthName, "Mar 5, 2024 12:03:22 AM", utc, "2024-03-05T00:03:22Z", nil},
		{MonthName, "Mar 5, 2024 0:03:22 AM", utc, "2024-03-05T00:03:22Z", nil},
		{MonthName, "Mar 5, 2024 23:59:59 PM", utc, "2024-03-05T23:59:59Z", nil},
		{MonthName, "Mar 5, 2024 14:03:22 AM", utc, "", ErrImpossible},
		{MonthName, "Mar 5, 2024 0:03:22 PM", utc, "", ErrImpossible},
		{MonthName, "Mar 5, 2024 24:03:22 PM", utc, "", ErrImpossible},
		{MonthName, "March 13, 2021 at 3:03 PM", utc, "2021-03-13T15:03:00Z", nil},
		{MonthName, "Saturday, March 13, 2021 3:03 PM", utc, "2021-03-13T15:03:00Z", nil},
		{MonthName, "Sat, 13 Mar 2021 11:03:27 +0800", utc, "2021-03-13T03:03:27Z", nil},
		{MonthName, "Sat, 13 Mar 2021 03:03:27 GMT", sh, "2021-03-13T03:03:27Z", nil},
		{MonthName, "Mar 13, 2021 11:03:27", sh, "2021-03-13T03:03:27Z", nil},
		{MonthName, "Thurs, 11 Mar 2021", utc, "2021-03-11T00:00:00Z", nil},
		{MonthName, "Tues Mar 9 2021", utc, "2021-03-09T00:00:00Z", nil},
		{MonthName, "Mon, 15 Mar 2021 10:00", utc, "2021-03-15T10:00:00Z", nil},
		{MonthName, "Mo, 15 Mar 2021", utc, "", ErrNotDate},
		{MonthName, "Feb 29, 2021", utc, "", ErrImpossible},
		{MonthName, "Mar 13, 21", utc, "", ErrNotDate},
		{MonthName, "Mar 13 2021 3", utc, "", ErrNotDate},
		{MonthName, "Mars 13, 2021", utc, "", ErrNotDate},
		{MonthName, "Mar-13 2021", utc, "", ErrNotDate},
		{MonthName, "Sat 2021-03-13", utc, "", ErrNotDate},
		{MonthName, "N/A", utc, "", ErrNotDate},
		// strftime formats.
		{mustFormat(t, "%d/%m/%Y %H:%M"), "13/03/2021 03:03", utc, "2021-03-13T03:03:00Z", nil},
		{mustFormat(t, "%d/%m/%Y %H:%M"), "13/03/2021  3:03", utc, "2021-03-13T03:03:00Z", nil},
		{mustFormat(t, "%d/%m/%Y %H:%M"), "13/03/2021 03:03:27", utc, "", ErrNotDate},
		{mustFormat(t, "%d/%m/%Y %H:%M"), "32/03/2021 03:03", utc, "", ErrImpossible},
		{mustFormat(t, "%m/%d/%Y %I:%M %p"), "03/13/2021 03:03 PM", utc, "2021-03-13T15:03:00Z", nil},
		{mustFormat(t, "%m/%d/%Y %I:%M"), "03/13/2021 12:03", utc, "2021-03-13T00:03:00Z", nil},
		{mustFormat(t, "%Y%m%d%H%M%S"), "20210313030327", utc, "2021-03-13T03:03:27Z", nil},
		{mustFormat(t, "%FT%T.%f%z"), "2021-03-13T11:03:27.5+08:00", utc, "2021-03-13T03:03:27Z", nil},
		{mustFormat(t, "%F %R %Z"), "2021-03-13 03:03 UTC", sh, "2021-03-13T03:03:00Z", nil},
		{mustFormat(t, "%a, %d %b %Y"), "Sat, 13 Mar 2021", utc, "2021-03-13T00:00:00Z", nil},
		{mustFormat(t, "%B %-d, %Y"), "March 13, 2021", utc, "2021-03-13T00:00:00Z", nil},
		{mustFormat(t, "%d %b %Y"), "13 Foo 2021", utc, "", ErrNotDate},
		{mustFormat(t, "%s"), "1615604607", sh, "2021-03-13T03:03:27Z", nil},
		{mustFormat(t, "%s"), "-1", utc, "1969-12-31T23:59:59Z", nil},
		{mustFormat(t, "100%% %Y-%m-%d"), "100% 2021-03-13", utc, "2021-03-13T00:00:00Z", nil},
		{mustFormat(t, "%Y.%m.%d"), "Mar 13, 2021", utc, "2021-03-13T00:00:00Z", nil},
		{mustFormat(t, "%Y.%m.%d"), "2021-03-13", utc, "", ErrNotDate},
		// %y pivots at 69, as POSIX strptime and Python do.
		{mustFormat(t, "%d.%m.%y"), "04.03.21", utc, "2021-03-04T00:00:00Z", nil},
		{mustFormat(t, "%d.%m.%y"), "31.12.68", utc, "2068-12-31T00:00:00Z", nil},
		{mustFormat(t, "%d.%m.%y"), "01.01.69", utc, "1969-01-01T00:00:00Z", nil},
		{mustFormat(t, "%d.%m.%y"), "31.12.99", utc, "1999-12-31T00:00:00Z", nil},
		{mustFormat(t, "%d.%m.%y"), "01.01.00", utc, "2000-01-01T00:00:00Z", nil},
		{mustFormat(t, "%d.%m.%y"), "04.03.2021", utc, "", ErrNotDate},
		{mustFormat(t, "%d.%m.%y"), "04.03.1", utc, "", ErrNotDate},
		{mustFormat(t, "%d.%m.%y"), "29.02.23", utc, "", ErrImpossible},
		{mustFormat(t, "%d.%m.%y %H:%M"), "29.02.24 14:05", utc, "2024-02-29T14:05:00Z", nil},
		{mustFormat(t, "%D"), "3/4/21", utc, "2021-03-04T00:00:00Z", nil},
		{mustFormat(t, "%Y年%m月%d日"), "2024年3月4日", utc, "2024-03-04T00:00:00Z", nil},
		// The Chinese family.
		{CJK, "2024年3月4日", utc, "2024-03-04T00:00:00Z", nil},
		{CJK, "2024年03月04日", sh, "2024-03-03T16:00:00Z", nil},
		{CJK, "2024年03月04日 14:05:06", utc, "2024-03-04T14:05:06Z", nil},
		{CJK, "2024年3月4日14:05", utc, "2024-03-04T14:05:00Z", nil},
		{CJK, "2024年3月4日 下午2:05", utc, "2024-03-04T14:05:00Z", nil},
		{CJK, "2024年3月4日 下午 2:05:09", utc, "2024-03-04T14:05:09Z", nil},
		{CJK, "2024年3月4日 上午2:05", utc, "2024-03-04T02:05:00Z", nil},
		{CJK, "2024年3月4日 上午12:05", utc, "2024-03-04T00:05:00Z", nil},
		{CJK, "2024年3月4日 下午12:05", utc, "2024-03-04T12:05:00Z", nil},
		{CJK, "2024年3月4日 下午14:05", utc, "", ErrImpossible},
		{CJK, "2023年2月29日", utc, "", ErrImpossible},
		{CJK, "2024年3月4", utc, "", ErrNotDate},
		{CJK, "2024年3月4日 下午", utc, "", ErrNotDate},
		{CJK, "24年3月4日", utc, "", ErrNotDate},
		{CJK, "2024-03-04", utc, "", ErrNotDate},
		// Excel serials, with the 1900 leap-year bug.
		{Excel, "45355", utc, "2024-03-04T00:00:00Z", nil},
		{Excel, "45355.5", utc, "2024-03-04T12:00:00Z", nil},
		{Excel, "45355.604166666667", utc, "2024-03-04T14:30:00Z", nil},
		{Excel, "45355.99999999", utc, "2024-03-05T00:00:00Z", nil},
		{Excel, "45355", sh, "2024-03-03T16:00:00Z", nil},
		{Excel, "25569", utc, "1970-01-01T00:00:00Z", nil},
		{Excel, "61", utc, "1900-03-01T00:00:00Z", nil},
		{Excel, "59", utc, "1900-02-28T00:00:00Z", nil},
		{Excel, "1", utc, "1900-01-01T00:00:00Z", nil},
		{Excel, "2958465", utc, "9999-12-31T00:00:00Z", nil},
		{Excel, "60", utc, "", ErrImpossible},
		{Excel, "0", utc, "", ErrImpossible},
		{Excel, "2958466", utc, "", ErrImpossible},
		{Excel, "45355.", utc, "", ErrNotDate},
		{Excel, "-1", utc, "", ErrNotDate},
		{Excel, "4.5e4", utc, "", ErrNotDate},
		{Excel, "12345678", utc, "", ErrNotDate},
	}
	for _, tt := range tests {
		t.Run(tt.layout.String()+" "+tt.in, func(t *testing.T) {
			got, err := tt.layout.Parse([]byte(tt.in), tt.zone)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, rfc(t, tt.want), got, "got %s", time.Unix(got, 0).UTC().Format(time.RFC3339))
			s, err := tt.layout.ParseString(tt.in, tt.zone)
			require.NoError(t, err)
			assert.Equal(t, got, s)
		})
	}
}

func TestParseErrorText(t *testing.T) {
	_, err := ISO8601.Parse([]byte("13/03/2021"), nil)
	assert.EqualError(t, err, "not a date in layout ISO 8601")
	_, err = MDY.Parse([]byte("N/A"), nil)
	assert.EqualError(t, err, "not a date in layout M/D/YYYY")
	_, err = mustFormat(t, "%d/%m/%Y").Parse([]byte("x"), nil)
	assert.EqualError(t, err, "not a date in layout %d/%m/%Y")
	_, err = ISO8601.Parse([]byte("2021-02-30T10:00:00Z"), nil)
	assert.EqualError(t, err, "impossible date")
	_, err = ISO8601.Parse(nil, nil)
	assert.EqualError(t, err, "empty")
	_, err = Layout{}.Parse([]byte("2021-03-13"), nil)
	assert.ErrorIs(t, err, ErrNotDate)
}

func TestLayoutString(t *testing.T) {
	names := []string{}
	for _, l := range builtins {
		names = append(names, l.String())
	}
	assert.Equal(t, []string{"ISO 8601", "yyyymmdd", "yyyy/mm/dd hh:mm[:ss]", "Unix seconds",
		"Unix milliseconds", "M/D/YYYY", "D/M/YYYY", "yyyy年m月d日", "Mon D, YYYY"}, names)
	assert.Equal(t, "Excel serial", Excel.String())
	assert.Equal(t, "%d/%m/%Y %H:%M", mustFormat(t, "%d/%m/%Y %H:%M").String())
	assert.Equal(t, "", Layout{}.String())
	assert.True(t, Layout{}.IsZero())
	assert.False(t, ISO8601.IsZero())
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		format string
		want   Layout // for names of predefined layouts
		errSub string
	}{
		{"%Y-%m-%d", Layout{}, ""},
		{"%-m/%-d/%Y %-I:%M %p", Layout{}, ""},
		{"%s", Layout{}, ""},
		{"iso", ISO8601, ""},
		{"ISO 8601", ISO8601, ""},
		{"unix", UnixSeconds, ""},
		{"Unix-MS", UnixMillis, ""},
		{"yyyymmdd", YYYYMMDD, ""},
		{"mdy", MDY, ""},
		{"D/M/YYYY", DMY, ""},
		{"dd/mm/yyyy", DMY, ""},
		{"Mon D, YYYY", MonthName, ""},
		{"%d/%m/%y", Layout{}, ""},
		{"%D", Layout{}, ""},
		{"%Y年%m月%d日", Layout{}, ""},
		{"%C%y-%m-%d", Layout{}, "%C is not supported"},
		{"%y/%Y/%m/%d", Layout{}, "both %Y and %y"},
		{"excel", Excel, ""},
		{"Excel serial", Excel, ""},
		{"cjk", CJK, ""},
		{"yyyy年m月d日", CJK, ""},
		{"%Y-%m-%d %Q", Layout{}, "unknown directive %Q"},
		{"%Y-%m-%", Layout{}, "lone %"},
		{"%m/%d", Layout{}, "no year"},
		{"%Y/%d", Layout{}, "no month"},
		{"%Y/%m", Layout{}, "no day"},
		{"%Y-%m-%d %H %I", Layout{}, "both %H and %I"},
		{"%s %Y", Layout{}, "%s cannot be combined"},
		{"dd.mm.yy", Layout{}, "not a known layout name"},
		{"", Layout{}, "not a known layout name"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			l, err := ParseFormat(tt.format)
			if tt.errSub != "" {
				require.ErrorIs(t, err, ErrFormat)
				assert.Contains(t, err.Error(), tt.errSub)
				assert.Contains(t, err.Error(), fmt.Sprintf("%q", tt.format))
				return
			}
			require.NoError(t, err)
			if !tt.want.IsZero() {
				assert.Equal(t, tt.want, l)
			} else {
				assert.Equal(t, tt.format, l.String())
			}
		})
	}
}

func TestDetect(t *testing.T) {
	rep := func(n int, vals ...string) []string {
		var out []string
		for range n {
			out = append(out, vals...)
		}
		return out
	}
	tests := []struct {
		name    string
		samples []string
		want    Layout
		err     error
	}{
		{"iso datetime", []string{"2021-03-13T03:03:27Z", "2021-03-14T10:00:00+08:00", "2021-03-15"}, ISO8601, nil},
		{"iso space", rep(5, "2021-03-13 03:03:27"), ISO8601, nil},
		{"iso dirty", append(rep(20, "2021-03-13T03:03:27Z", "2021-03-14 05:06:07"),
			"N/A", "", "13/03/2021", "2021-02-30T10:00:00Z", "Mar 13, 2021 03:03:27"), ISO8601, nil},
		{"yyyymmdd cdnow", []string{"19970101", "19970112", "19970102", "19970325"}, YYYYMMDD, nil},
		{"ymd slash", []string{"2021/03/13 03:03", "2021/3/5 9:05:01", "2021/12/31"}, YMD, nil},
		{"ymd dash single digits win over iso", []string{"2021-03-13", "2021-3-5", "2021-12-1"}, YMD, nil},
		{"ymd dots", []string{"2021.03.13", "2021.03.14"}, YMD, nil},
		{"unix s", []string{"1615604607", "1615604608", "999999999"}, UnixSeconds, nil},
		{"unix ms", []string{"1615604607000", "1615604608123"}, UnixMillis, nil},
		{"mdy settled by day 13", []string{"3/4/2021", "3/5/2021", "12/13/2021", "1/1/2021"}, MDY, nil},
		{"dmy settled by day 13", []string{"3/4/2021", "5/3/2021", "13/12/2021 10:00", "1/1/2021"}, DMY, nil},
		{"dmy dots", []string{"01.02.2021 10:00", "25.12.2021 23:59"}, DMY, nil},
		{"mdy am pm", []string{"3/4/2021 3:04 PM", "3/25/2021 11:04:05 AM"}, MDY, nil},
		{"magento grid, 24-hour hours beside the marker", []string{"Mar 5, 2024 14:03:22 PM", "Mar 6, 2024 9:15:00 AM", "Mar 7, 2024 0:30:00 AM", "Mar 8, 2024 23:59:59 PM"}, MonthName, nil},
		{"month names", []string{"Mar 13, 2021 03:03:27", "13 Mar 2021", "March 13, 2021", "13-Mar-2021"}, MonthName, nil},
		{"month names with one iso", []string{"Mar 13, 2021", "Mar 14, 2021", "2021-03-15"}, MonthName, nil},
		{"iso with month names counts fallback", []string{"2021-03-13", "Mar 14, 2021", "Mar 15, 2021", "x", "y"}, ISO8601, nil},
		{"ambiguous", []string{"3/4/2021", "4/5/2021", "12/12/2021"}, Layout{}, ErrAmbiguous},
		{"ambiguous both invalid once", []string{"3/4/2021", "3/13/2021", "13/3/2021", "1/2/2021"}, Layout{}, ErrAmbiguous},
		{"nothing", []string{"N/A", "foo", "2021-03-13"}, Layout{}, ErrNoLayout},
		{"half is not enough", []string{"2021-03-13", "2021-03-14", "x", "y"}, Layout{}, ErrNoLayout},
		{"two-digit years", []string{"3/4/21", "3/5/21"}, Layout{}, ErrNoLayout},
		{"chinese", []string{"2024年3月4日", "2024年03月04日 14:05:06", "2024年3月4日 下午2:05", "N/A"}, CJK, nil},
		{"excel serials are never detected", []string{"45355", "45356", "45357.5"}, Layout{}, ErrNoLayout},
		{"no values", []string{"", ""}, Layout{}, ErrNoLayout},
		{"nil", nil, Layout{}, ErrNoLayout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.samples)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				assert.True(t, got.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want.String(), got.String())
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDetectDirtyISOColumn(t *testing.T) {
	col := []string{"2021-03-13T03:03:27Z", "2021-03-13 10:00:00", "N/A", "", "2021-03-14T00:00:00+08:00",
		"13/03/2021", "2021-02-30T10:00:00Z", "Mar 13, 2021 03:03:27", "2021-03-15", "2021-03-16T01:02:03.5Z"}
	l, err := Detect(col)
	require.NoError(t, err)
	require.Equal(t, ISO8601, l)
	z := UTC()
	want := map[string]error{"N/A": ErrNotDate, "": ErrEmpty, "13/03/2021": ErrNotDate, "2021-02-30T10:00:00Z": ErrImpossible}
	for _, v := range col {
		got, err := l.Parse([]byte(v), z)
		if e, bad := want[v]; bad {
			assert.ErrorIs(t, err, e, v)
			continue
		}
		require.NoError(t, err, v)
		if v == "Mar 13, 2021 03:03:27" {
			assert.Equal(t, rfc(t, "2021-03-13T03:03:27Z"), got)
		}
	}
}

func TestDetectErrorText(t *testing.T) {
	_, err := Detect([]string{"3/3/2021", "3/4/2021", "5/6/2021"})
	var amb *AmbiguousError
	require.ErrorAs(t, err, &amb)
	assert.Equal(t, []Layout{MDY, DMY}, amb.Candidates)
	assert.Equal(t, `dates look like both M/D/YYYY and D/M/YYYY (e.g. "3/4/2021"); give --date-format, such as --date-format '%m/%d/%Y' (month first) or '%d/%m/%Y' (day first)`, err.Error())

	_, err = Detect([]string{"03-04-2021 3:04:05 PM", "04-05-2021 3:04:05 PM"})
	assert.Contains(t, err.Error(), `'%m-%d-%Y %I:%M:%S %p' (month first) or '%d-%m-%Y %I:%M:%S %p' (day first)`)
	_, err = Detect([]string{"03.04.2021T10:00", "04.05.2021 10:00"})
	assert.Contains(t, err.Error(), `'%m.%d.%YT%H:%M'`)

	_, err = Detect([]string{"N/A", "soon", "2021-03-13"})
	var nl *NoLayoutError
	require.ErrorAs(t, err, &nl)
	assert.Equal(t, `values do not look like dates in a known layout (e.g. "N/A") (the closest, ISO 8601, parses 1 of 3); give --date-format, such as --date-format '%Y-%m-%d %H:%M:%S'`, err.Error())
	_, err = Detect([]string{"x"})
	assert.Equal(t, `values do not look like dates in a known layout (e.g. "x"); give --date-format, such as --date-format '%Y-%m-%d %H:%M:%S'`, err.Error())
	_, err = Detect(nil)
	assert.EqualError(t, err, "no date values to detect a layout from; give --date-format")

	// Every value is a date, but no layout has a majority.
	_, err = Detect([]string{"", "2021-03-13", "3/13/2021"})
	require.ErrorAs(t, err, &nl)
	assert.Equal(t, "2021-03-13", nl.Example)
	assert.Equal(t, 2, nl.Total)

	// Tied only thanks to month names: the example is a value that parses.
	_, err = Detect([]string{"3/13/2021", "13/3/2021", "Mar 1, 2021"})
	require.ErrorAs(t, err, &amb)
	assert.Equal(t, "3/13/2021", amb.Example)
}

// goCase is a value formatted with a Go layout and the layout that parses it.
type goCase struct {
	goLayout string // for time.Format / time.ParseInLocation
	layout   Layout
	zoned    bool // the value carries its own offset
}

// TestParseAgainstTimeRandom formats random instants with the time package
// and checks Parse agrees with time.ParseInLocation.
func TestParseAgainstTimeRandom(t *testing.T) {
	cases := []goCase{
		{"2006-01-02T15:04:05Z07:00", ISO8601, true},
		{"2006-01-02T15:04:05.000000-0700", ISO8601, true},
		{"2006-01-02 15:04:05", ISO8601, false},
		{"2006-01-02T15:04", ISO8601, false},
		{"2006-01-02", ISO8601, false},
		{"20060102", YYYYMMDD, false},
		{"2006/1/2 15:04", YMD, false},
		{"2006.01.02 15:04:05", YMD, false},
		{"1/2/2006 3:04:05 PM", MDY, false},
		{"01-02-2006 15:04", MDY, false},
		{"2.1.2006 15:04", DMY, false},
		{"Jan 2, 2006 15:04:05", MonthName, false},
		{"2 January 2006", MonthName, false},
		{"02-Jan-2006 3:04 PM", MonthName, false},
		{time.RFC1123Z, MonthName, true},
		{time.RFC1123Z, ISO8601, true}, // via the fallback
		{"02/01/2006 15:04", mustFormat(t, "%d/%m/%Y %H:%M"), false},
		{"Monday, January 2, 2006 03:04:05 PM -07:00", mustFormat(t, "%A, %B %d, %Y %I:%M:%S %p %z"), true},
	}
	r := rand.New(rand.NewPCG(5, 6))
	lo := time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Unix()
	for _, name := range testZones {
		loc := mustLoad(t, name)
		z := NewZone(loc)
		for i := range 600 {
			u := lo + r.Int64N(hi-lo)
			if i%2 == 0 {
				u = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + r.Int64N(3*365*secondsPerDay)
			}
			// A random fixed offset for zoned layouts.
			fixed := time.FixedZone("", (r.IntN(48)-24)*1800)
			for _, c := range cases {
				in := loc
				if c.zoned {
					in = fixed
				}
				s := time.Unix(u, 0).In(in).Format(c.goLayout)
				want, err := time.ParseInLocation(c.goLayout, s, loc)
				if err != nil {
					t.Fatal(err)
				}
				got, err := c.layout.Parse([]byte(s), z)
				if err != nil || got != want.Unix() {
					t.Fatalf("%s: Parse(%q) in %s = %d, %v; want %d", c.layout, s, name, got, err, want.Unix())
				}
			}
			if u >= 1e8 && u < 1e10 {
				s := strconv.FormatInt(u, 10)
				got, err := UnixSeconds.Parse([]byte(s), z)
				require.NoError(t, err, s)
				require.Equal(t, u, got)
			}
			if ms := u*1000 + r.Int64N(1000); ms >= 1e11 && ms < 1e13 {
				got, err := UnixMillis.Parse([]byte(strconv.FormatInt(ms, 10)), z)
				require.NoError(t, err)
				require.Equal(t, u, got)
			}
		}
	}
}

func TestParseDoesNotAllocate(t *testing.T) {
	z := NewZone(mustLoad(t, "America/New_York"))
	cases := []struct {
		l Layout
		s string
	}{
		{ISO8601, "2021-03-13T03:03:27Z"},
		{ISO8601, "2021-03-13 03:03:27"},
		{ISO8601, "N/A"},
		{ISO8601, "2021-02-30"},
		{ISO8601, "Mar 13, 2021 03:03:27"},
		{YYYYMMDD, "19970101"},
		{MDY, "3/13/2021 3:03 PM"},
		{MonthName, "Sat, 13 Mar 2021 03:03:27 +0000"},
		{mustFormat(t, "%d %b %Y %H:%M"), "13 Mar 2021 03:03"},
	}
	for _, c := range cases {
		b := []byte(c.s)
		allocs := testing.AllocsPerRun(100, func() {
			_, _ = c.l.Parse(b, z)
		})
		assert.Zero(t, allocs, "%s %q", c.l, c.s)
	}
	b := []byte("2021-03-13")
	assert.Zero(t, testing.AllocsPerRun(100, func() { z.Day(1615604607) }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = ISO8601.Parse(b, nil) }))
}

func TestErrorsAreDistinct(t *testing.T) {
	_, e1 := ISO8601.Parse([]byte("x"), nil)
	_, e2 := ISO8601.Parse([]byte("2021-02-30"), nil)
	_, e3 := ISO8601.Parse([]byte(""), nil)
	assert.False(t, errors.Is(e1, ErrImpossible))
	assert.False(t, errors.Is(e2, ErrNotDate))
	assert.False(t, errors.Is(e3, ErrNotDate))
}

func TestPlausibleExcel(t *testing.T) {
	assert.True(t, PlausibleExcel([]string{"45355", "", "45356.25", "25569", "73050"}))
	assert.False(t, PlausibleExcel([]string{"45355", "25568"}), "before 1970")
	assert.False(t, PlausibleExcel([]string{"45355", "73051"}), "after 2099")
	assert.False(t, PlausibleExcel([]string{"45355", "N/A"}), "not all serials")
	assert.False(t, PlausibleExcel([]string{"45355", "2024-03-04"}))
	assert.False(t, PlausibleExcel([]string{"", ""}), "nothing")
	assert.False(t, PlausibleExcel([]string{"19970101"}), "yyyymmdd")
}
