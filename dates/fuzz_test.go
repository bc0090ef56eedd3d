package dates

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var fuzzSeeds = []string{
	"2021-03-13", "2021-03-13T03:03:27Z", "2021-03-13 03:03:27.123+08:00", "2021-03-13T03:03:27-0500",
	"2021-03-13 03:03:27 UTC", "2021-02-30T10:00:00Z", "19970101", "2021/3/5 9:05", "2021.03.13 03:03:27",
	"1615604607", "1615604607.5", "1615604607123", "3/13/2021", "13/3/2021 15:03", "3-4-2021 3:04:05 PM",
	"Mar 13, 2021 03:03:27", "13-Mar-2021", "Sat, 13 Mar 2021 03:03:27 +0000", "March 13th, 2021 at 3:03 p.m.",
	"Mar 5, 2024 2:03:22 PM", "Mar 5, 2024 14:03:22 PM", "Mar 5, 2024 0:03:22 AM",
	"2024年3月4日", "2024年03月04日 14:05:06", "2024年3月4日 下午2:05", "2024年3月4日上午12:00",
	"45355", "45355.604166666667", "60", "2958465.99999999", "04.03.21", "3/4/69",
	"N/A", "", "0000-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "2021-03-14 02:30:00",
}

var fuzzZones = []string{"UTC", "America/New_York", "Asia/Shanghai", "Europe/London", "Australia/Lord_Howe"}

// fuzzLayouts are the layouts FuzzParse picks from.
func fuzzLayouts(t testing.TB) []Layout {
	ls := append(builtins[:], Excel)
	for _, f := range []string{"%d/%m/%Y %H:%M", "%Y%m%d%H%M%S", "%a, %d %b %Y %I:%M:%S %p %z", "%s", "%FT%T.%f%Z",
		"%d.%m.%y", "%D %I:%M %p", "%Y年%m月%d日 %H:%M"} {
		ls = append(ls, mustFormat(t, f))
	}
	return ls
}

// parsedFields repeats Parse's scanning to get the fields it used.
func parsedFields(l Layout, b []byte) (fields, bool) {
	var f fields
	if l.p.scan(b, &f) == stOK {
		return f, true
	}
	f = fields{}
	if l.p.kind != kindMonthName && MonthName.p.scan(b, &f) == stOK {
		return f, true
	}
	return f, false
}

// checkAccepted verifies an accepted value against the time package: the
// fields are a real date and time (time.Date does not normalize them) and
// the instant is what time.Date gives; the instant also round-trips through
// the ISO 8601 layout.
func checkAccepted(t *testing.T, l Layout, b []byte, z *Zone, got int64) {
	f, ok := parsedFields(l, b)
	if !ok {
		t.Fatalf("%s accepted %q but its fields do not scan", l, b)
	}
	var want int64
	switch {
	case f.isUnix:
		want = f.unix
	default:
		loc := z.Location()
		if f.hasOff {
			loc = time.FixedZone("", f.off)
		}
		u := time.Date(f.y, time.Month(f.mo), f.d, f.h, f.mi, f.s, 0, time.UTC)
		if u.Year() != f.y || int(u.Month()) != f.mo || u.Day() != f.d || u.Hour() != f.h || u.Minute() != f.mi || u.Second() != f.s {
			t.Fatalf("%s accepted %q with out-of-range fields %+v", l, b, f)
		}
		want = time.Date(f.y, time.Month(f.mo), f.d, f.h, f.mi, f.s, 0, loc).Unix()
	}
	if got != want {
		t.Fatalf("%s parsed %q as %d, time.Date gives %d", l, b, got, want)
	}
	tm := time.Unix(got, 0).In(z.Location())
	if y := tm.UTC().Year(); y < 0 || y > 9999 {
		return // outside what the ISO layout reads
	}
	// UTC, since zone offsets before 1900 have seconds that "-07:00" drops.
	iso := tm.UTC().Format("2006-01-02T15:04:05Z")
	back, err := ISO8601.Parse([]byte(iso), z)
	if err != nil || back != got {
		t.Fatalf("%s parsed %q as %d = %s, which parses back as %d, %v", l, b, got, iso, back, err)
	}
	if day, want := z.Day(got), timeDay(tm); day != want {
		t.Fatalf("Day(%d) = %d, want %d", got, day, want)
	}
}

func checkParseError(t *testing.T, l Layout, b []byte, err error) {
	// Only the preallocated errors, which never include the value.
	if err != ErrEmpty && err != ErrImpossible && err != l.p.errMismatch {
		t.Fatalf("%s: unexpected error for %q: %v", l, b, err)
	}
	if (len(b) == 0) != (err == ErrEmpty) {
		t.Fatalf("%s: error %v for %q", l, err, b)
	}
}

func FuzzParse(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint8(i), uint8(i))
	}
	layouts := fuzzLayouts(f)
	var zones []*Zone
	for _, name := range fuzzZones {
		zones = append(zones, NewZone(mustLoad(f, name)))
	}
	f.Fuzz(func(t *testing.T, s string, li, zi uint8) {
		l := layouts[int(li)%len(layouts)]
		z := zones[int(zi)%len(zones)]
		b := []byte(s)
		got, err := l.Parse(b, z)
		if err != nil {
			checkParseError(t, l, b, err)
			return
		}
		checkAccepted(t, l, b, z, got)
		if s2, err := l.ParseString(s, z); err != nil || s2 != got {
			t.Fatalf("ParseString(%q) = %d, %v; Parse gave %d", s, s2, err, got)
		}
	})
}

func FuzzDetect(f *testing.F) {
	f.Add(strings.Join(fuzzSeeds, "\n"))
	f.Add("3/4/2021\n4/5/2021\n12/12/2021")
	f.Add("3/4/2021\n4/5/2021\n13/12/2021")
	f.Add("2021-03-13\nMar 14, 2021\nMar 15, 2021\nx\ny")
	f.Add("19970101\n19970102\n19970103")
	f.Fuzz(func(t *testing.T, data string) {
		samples := strings.Split(data, "\n")
		l, err := Detect(samples)
		total := 0
		for _, s := range samples {
			if s != "" {
				total++
			}
		}
		count := func(l Layout) int {
			n := 0
			for _, s := range samples {
				if s == "" {
					continue
				}
				if _, err := l.Parse([]byte(s), nil); err == nil {
					n++
				}
			}
			return n
		}
		var amb *AmbiguousError
		var none *NoLayoutError
		switch {
		case err == nil:
			if n := count(l); 2*n <= total {
				t.Fatalf("Detect chose %s, which parses only %d of %d", l, n, total)
			}
		case errors.As(err, &amb):
			if count(MDY) != count(DMY) {
				t.Fatalf("ambiguous, but MDY parses %d and DMY %d", count(MDY), count(DMY))
			}
		case errors.As(err, &none):
			for _, b := range builtins {
				if b != MonthName && 2*count(b) > total {
					if b == MDY && count(DMY) == count(MDY) {
						continue
					}
					t.Fatalf("no layout, but %s parses %d of %d", b, count(b), total)
				}
			}
		default:
			t.Fatalf("unexpected error %v", err)
		}
	})
}

func FuzzParseFormat(f *testing.F) {
	f.Add("%d/%m/%Y %H:%M", "13/03/2021 03:03")
	f.Add("%Y%m%d", "20210313")
	f.Add("%a, %d %b %Y %I:%M:%S %p %z", "Sat, 13 Mar 2021 03:03:27 PM +0800")
	f.Add("%s", "1615604607")
	f.Add("%FT%T.%f%Z", "2021-03-13T03:03:27.5UTC")
	f.Add("iso", "2021-03-13")
	f.Add("%y", "21")
	z := NewZone(mustLoad(f, "America/New_York"))
	f.Fuzz(func(t *testing.T, format, value string) {
		l, err := ParseFormat(format)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("ParseFormat(%q): error without ErrFormat: %v", format, err)
			}
			return
		}
		if l.String() == "" {
			t.Fatalf("ParseFormat(%q): empty name", format)
		}
		b := []byte(value)
		got, err := l.Parse(b, z)
		if err != nil {
			checkParseError(t, l, b, err)
			return
		}
		checkAccepted(t, l, b, z, got)
	})
}

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2021-03-13", "2021-02-29", "0000-01-01", "9999-12-31", "2021-3-1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		day, err := ParseDay(s)
		if err != nil {
			if !errors.Is(err, ErrDayFormat) && !errors.Is(err, ErrImpossible) {
				t.Fatalf("ParseDay(%q): unexpected error %v", s, err)
			}
			return
		}
		if DayString(day) != s {
			t.Fatalf("ParseDay(%q) = %d = %s", s, day, DayString(day))
		}
		tm, err := time.Parse("2006-01-02", s)
		if err != nil || int64(day)*secondsPerDay != tm.Unix() {
			t.Fatalf("ParseDay(%q) = %d; time.Parse gives %v, %v", s, day, tm, err)
		}
	})
}
