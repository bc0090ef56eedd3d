package dates

import (
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the host's zoneinfo

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

var testZones = []string{"UTC", "America/New_York", "Europe/London", "Asia/Shanghai",
	"Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Kolkata", "Pacific/Apia", "Africa/Casablanca"}

func TestZoneUnixShanghai(t *testing.T) {
	z := NewZone(mustLoad(t, "Asia/Shanghai"))
	// 2021-03-13 11:03:27 in Shanghai (UTC+8) is 03:03:27Z.
	want := time.Date(2021, 3, 13, 3, 3, 27, 0, time.UTC).Unix()
	assert.Equal(t, want, z.Unix(2021, 3, 13, 11, 3, 27))
	assert.Equal(t, DayOf(2021, 3, 13), z.Day(want))
	// 20:00Z is already the next day in Shanghai.
	assert.Equal(t, DayOf(2021, 3, 14), z.Day(time.Date(2021, 3, 13, 20, 0, 0, 0, time.UTC).Unix()))
	assert.Equal(t, 8*3600, z.Offset(want))
	assert.Equal(t, "Asia/Shanghai", z.String())
}

func TestZoneDayAcrossDST(t *testing.T) {
	tests := []struct {
		zone string
		utc  string // instant
		day  string // local civil day
	}{
		// New York: EST (-5) until 2021-03-14 07:00Z, then EDT (-4).
		{"America/New_York", "2021-03-14T04:59:59Z", "2021-03-13"},
		{"America/New_York", "2021-03-14T05:00:00Z", "2021-03-14"},
		{"America/New_York", "2021-03-15T03:59:59Z", "2021-03-14"},
		{"America/New_York", "2021-03-15T04:00:00Z", "2021-03-15"},
		// Back to EST on 2021-11-07 06:00Z.
		{"America/New_York", "2021-11-07T03:59:59Z", "2021-11-06"},
		{"America/New_York", "2021-11-07T04:00:00Z", "2021-11-07"},
		{"America/New_York", "2021-11-08T04:59:59Z", "2021-11-07"},
		{"America/New_York", "2021-11-08T05:00:00Z", "2021-11-08"},
		// London: GMT until 2021-03-28 01:00Z, BST (+1) until 2021-10-31 01:00Z.
		{"Europe/London", "2021-03-27T23:59:59Z", "2021-03-27"},
		{"Europe/London", "2021-03-28T00:30:00Z", "2021-03-28"},
		{"Europe/London", "2021-03-28T22:59:59Z", "2021-03-28"},
		{"Europe/London", "2021-03-28T23:00:00Z", "2021-03-29"},
		{"Europe/London", "2021-10-30T23:30:00Z", "2021-10-31"},
		{"Europe/London", "2021-10-31T23:30:00Z", "2021-10-31"},
		{"Europe/London", "2021-11-01T00:00:00Z", "2021-11-01"},
		{"UTC", "1969-12-31T23:59:59Z", "1969-12-31"},
		{"UTC", "1970-01-01T00:00:00Z", "1970-01-01"},
	}
	zones := map[string]*Zone{}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.utc, func(t *testing.T) {
			z := zones[tt.zone]
			if z == nil {
				z = NewZone(mustLoad(t, tt.zone))
				zones[tt.zone] = z
			}
			inst, err := time.Parse(time.RFC3339, tt.utc)
			require.NoError(t, err)
			assert.Equal(t, tt.day, DayString(z.Day(inst.Unix())))
			// A fresh zone (empty cache) agrees.
			assert.Equal(t, tt.day, DayString(NewZone(z.Location()).Day(inst.Unix())))
		})
	}
}

func TestZoneGapAndOverlapLikeTimeDate(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	london := mustLoad(t, "Europe/London")
	tests := []struct {
		loc                  *time.Location
		y, mo, d, hh, mi, ss int
	}{
		{ny, 2021, 3, 14, 2, 30, 0},  // gap
		{ny, 2021, 3, 14, 1, 59, 59}, // before the gap
		{ny, 2021, 3, 14, 3, 0, 0},   // after the gap
		{ny, 2021, 11, 7, 1, 30, 0},  // overlap
		{ny, 2021, 11, 7, 0, 59, 59},
		{ny, 2021, 11, 7, 2, 0, 0},
		{london, 2021, 3, 28, 1, 30, 0},
		{london, 2021, 10, 31, 1, 30, 0},
		{london, 2021, 10, 31, 0, 59, 59},
		{ny, 2021, 2, 29, 25, 61, 61}, // normalized
		{ny, 2021, 14, 1, 0, 0, 0},
		{ny, 2021, -1, 1, 0, 0, 0},
	}
	for _, tt := range tests {
		want := time.Date(tt.y, time.Month(tt.mo), tt.d, tt.hh, tt.mi, tt.ss, 0, tt.loc).Unix()
		// Fresh zone and a warmed-up one (cache on the other side of the transition).
		assert.Equal(t, want, NewZone(tt.loc).Unix(tt.y, tt.mo, tt.d, tt.hh, tt.mi, tt.ss), "%+v", tt)
		z := NewZone(tt.loc)
		z.Unix(tt.y, 7, 1, 12, 0, 0)
		assert.Equal(t, want, z.Unix(tt.y, tt.mo, tt.d, tt.hh, tt.mi, tt.ss), "%+v", tt)
		z.Unix(tt.y, 1, 1, 12, 0, 0)
		assert.Equal(t, want, z.Unix(tt.y, tt.mo, tt.d, tt.hh, tt.mi, tt.ss), "%+v", tt)
	}
}

func TestZoneAgainstTimeRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, name := range testZones {
		t.Run(name, func(t *testing.T) {
			loc := mustLoad(t, name)
			z := NewZone(loc)
			lo := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
			hi := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
			for i := range 20000 {
				var u int64
				if i%2 == 0 {
					u = lo + r.Int64N(hi-lo)
				} else { // clustered, as sorted data is
					u = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + r.Int64N(2*365*secondsPerDay)
				}
				tm := time.Unix(u, 0).In(loc)
				require.Equal(t, timeDay(tm), z.Day(u), "%s %d", name, u)
				_, off := tm.Zone()
				require.Equal(t, off, z.Offset(u))
				y, mo, d := tm.Date()
				// Wall clocks near and in gaps/overlaps too: shift by up to ±90 minutes.
				hh, mi, ss := tm.Hour(), tm.Minute()+r.IntN(181)-90, tm.Second()
				want := time.Date(y, mo, d, hh, mi, ss, 0, loc).Unix()
				require.Equal(t, want, z.Unix(y, int(mo), d, hh, mi, ss), "%s %v %d:%d:%d", name, tm, hh, mi, ss)
				dayStart := time.Date(y, mo, d, 0, 0, 0, 0, loc).Unix()
				require.Equal(t, dayStart, z.DayStart(DayOf(y, int(mo), d)))
			}
			assert.LessOrEqual(t, len(z.memo), maxPeriods)
		})
	}
}

func TestZoneCloneAndNil(t *testing.T) {
	z := NewZone(mustLoad(t, "Europe/London"))
	c := z.Clone()
	summer := time.Date(2021, 7, 1, 23, 30, 0, 0, time.UTC).Unix()
	assert.Equal(t, DayOf(2021, 7, 2), c.Day(summer))
	assert.NotEqual(t, len(z.memo), len(c.memo), "clone has its own cache")
	assert.Equal(t, DayOf(2021, 7, 2), z.Day(summer))
	assert.Same(t, z.Location(), c.Location())

	u := NewZone(nil)
	assert.Equal(t, time.UTC, u.Location())
	assert.Equal(t, int32(-1), u.Day(-1))
	assert.Equal(t, int32(0), UTC().Day(86399))
}
