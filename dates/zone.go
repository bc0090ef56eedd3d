package dates

import (
	"math"
	"sort"
	"time"
)

// period is a span [start, end) of Unix seconds during which a location has
// one UTC offset (seconds east of UTC).
type period struct {
	start, end int64
	off        int64
}

// maxPeriods bounds the memo of periods a Zone keeps (a DST zone has two a
// year, so this covers centuries of unsorted data).
const maxPeriods = 1024

// Zone is a *time.Location with a cache of the offset periods
// (time.Time.ZoneBounds) it has seen, so that converting instants to local
// civil days (Day) and local wall-clock times to instants (Unix) costs a few
// comparisons instead of a time.Date call. A Zone is not safe for concurrent
// use: give each goroutine its own with Clone.
type Zone struct {
	loc  *time.Location
	cur  period   // most recently used period
	memo []period // periods seen so far, sorted by start, non-overlapping
}

// NewZone returns a Zone for loc; a nil loc means UTC.
func NewZone(loc *time.Location) *Zone {
	if loc == nil {
		loc = time.UTC
	}
	z := &Zone{loc: loc}
	z.cur = z.fetch(time.Now().Unix())
	z.memo = append(z.memo, z.cur)
	return z
}

// UTC returns a new Zone for UTC.
func UTC() *Zone { return NewZone(time.UTC) }

// Clone returns a copy of z (with its cache) for use by another goroutine.
func (z *Zone) Clone() *Zone {
	c := *z
	c.memo = append([]period(nil), z.memo...)
	return &c
}

// Location returns the time.Location of z.
func (z *Zone) Location() *time.Location { return z.loc }

// String returns the name of the location ("UTC", "Asia/Shanghai").
func (z *Zone) String() string { return z.loc.String() }

// fetch asks the time package for the offset period containing the instant sec.
func (z *Zone) fetch(sec int64) period {
	t := time.Unix(sec, 0).In(z.loc)
	_, off := t.Zone()
	start, end := t.ZoneBounds()
	p := period{start: math.MinInt64, end: math.MaxInt64, off: int64(off)}
	if !start.IsZero() {
		p.start = start.Unix()
	}
	if !end.IsZero() {
		p.end = end.Unix()
	}
	return p
}

// lookup returns the offset period containing the instant sec.
func (z *Zone) lookup(sec int64) period {
	if z.cur.start <= sec && sec < z.cur.end {
		return z.cur
	}
	return z.lookupSlow(sec)
}

func (z *Zone) lookupSlow(sec int64) period {
	// Last memoized period starting at or before sec.
	i := sort.Search(len(z.memo), func(i int) bool { return z.memo[i].start > sec }) - 1
	if i >= 0 && sec < z.memo[i].end {
		z.cur = z.memo[i]
		return z.cur
	}
	p := z.fetch(sec)
	z.cur = p
	if len(z.memo) >= maxPeriods {
		z.memo = z.memo[:0]
	}
	// Insert keeping the memo sorted; periods of one location never overlap.
	j := sort.Search(len(z.memo), func(i int) bool { return z.memo[i].start > p.start })
	z.memo = append(z.memo, period{})
	copy(z.memo[j+1:], z.memo[j:])
	z.memo[j] = p
	return p
}

// Offset returns the offset of the zone from UTC, in seconds east, at the
// instant unix.
func (z *Zone) Offset(unix int64) int {
	return int(z.lookup(unix).off)
}

// Day returns the civil day (days since 1970-01-01 in the zone's calendar) of
// the instant unix (Unix seconds).
func (z *Zone) Day(unix int64) int32 {
	p := z.cur
	if p.start > unix || unix >= p.end {
		p = z.lookupSlow(unix)
	}
	return int32(floorDiv(unix+p.off, secondsPerDay))
}

// Unix converts the wall-clock time y-mo-d hh:mi:ss in the zone to Unix
// seconds. Out-of-range fields are normalized and DST gaps and overlaps are
// resolved as time.Date does (time.Date(y, mo, d, hh, mi, ss, 0, loc).Unix()).
func (z *Zone) Unix(y, mo, d, hh, mi, ss int) int64 {
	if mo < 1 || mo > 12 {
		m0 := int64(mo - 1)
		y += int(floorDiv(m0, 12))
		mo = int(m0-floorDiv(m0, 12)*12) + 1
	}
	local := daysFromCivil(int64(y), int64(mo), int64(d))*secondsPerDay +
		int64(hh)*3600 + int64(mi)*60 + int64(ss)
	return z.fromLocal(local)
}

// DayStart returns the instant (Unix seconds) at which the civil day begins
// in the zone: local midnight, or the first instant after it when midnight
// falls in a DST gap, as time.Date resolves it.
func (z *Zone) DayStart(day int32) int64 {
	return z.fromLocal(int64(day) * secondsPerDay)
}

// fromLocalOrUTC is fromLocal with a nil z meaning UTC.
func (z *Zone) fromLocalOrUTC(local int64) int64 {
	if z == nil {
		return local
	}
	return z.fromLocal(local)
}

// fromLocal converts local wall-clock seconds (the wall clock read as if it
// were UTC) to Unix seconds with the algorithm of time.Date.
func (z *Zone) fromLocal(local int64) int64 {
	p := z.cur
	if p.start > local || local >= p.end {
		p = z.lookupSlow(local)
	}
	if p.off == 0 {
		return local
	}
	utc := local - p.off
	if utc < p.start || utc >= p.end {
		p = z.lookup(utc)
	}
	return local - p.off
}
