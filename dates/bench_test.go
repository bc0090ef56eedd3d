package dates

import (
	"testing"
	"time"
)

func benchParse(b *testing.B, l Layout, value string, z *Zone) {
	b.Helper()
	v := []byte(value)
	if _, err := l.Parse(v, z); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(v)))
	b.ReportAllocs()
	var sink int64
	for b.Loop() {
		u, _ := l.Parse(v, z)
		sink += u
	}
	_ = sink
}

func BenchmarkParse(b *testing.B) {
	utc := UTC()
	sh := NewZone(mustLoad(b, "Asia/Shanghai"))
	ny := NewZone(mustLoad(b, "America/New_York"))
	b.Run("ISODateTimeUTC", func(b *testing.B) { benchParse(b, ISO8601, "2021-03-13T03:03:27Z", utc) })
	b.Run("ISODateTimeLocalUTC", func(b *testing.B) { benchParse(b, ISO8601, "2021-03-13 03:03:27", utc) })
	b.Run("ISODateTimeOffset", func(b *testing.B) { benchParse(b, ISO8601, "2021-03-13T11:03:27.123+08:00", utc) })
	b.Run("ISODateTimeInShanghai", func(b *testing.B) { benchParse(b, ISO8601, "2021-03-13 11:03:27", sh) })
	b.Run("ISODateTimeInNewYork", func(b *testing.B) { benchParse(b, ISO8601, "2021-03-13 11:03:27", ny) })
	b.Run("ISODate", func(b *testing.B) { benchParse(b, ISO8601, "2021-03-13", utc) })
	b.Run("YYYYMMDD", func(b *testing.B) { benchParse(b, YYYYMMDD, "19970101", utc) })
	b.Run("MDYHourMinute", func(b *testing.B) { benchParse(b, MDY, "3/13/2021 3:03", utc) })
	b.Run("MDYHourMinutePM", func(b *testing.B) { benchParse(b, MDY, "3/13/2021 3:03 PM", ny) })
	b.Run("UnixSeconds", func(b *testing.B) { benchParse(b, UnixSeconds, "1615604607", utc) })
	b.Run("UnixMillis", func(b *testing.B) { benchParse(b, UnixMillis, "1615604607123", utc) })
	b.Run("MonthName", func(b *testing.B) { benchParse(b, MonthName, "Mar 13, 2021 03:03:27", utc) })
	b.Run("ISOFallbackMonthName", func(b *testing.B) { benchParse(b, ISO8601, "Mar 13, 2021 03:03:27", utc) })
	f, err := ParseFormat("%d/%m/%Y %H:%M")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Format", func(b *testing.B) { benchParse(b, f, "13/03/2021 03:03", utc) })
}

func BenchmarkZoneDay(b *testing.B) {
	for _, name := range []string{"UTC", "America/New_York"} {
		z := NewZone(mustLoad(b, name))
		start := time.Date(2021, 3, 13, 0, 0, 0, 0, time.UTC).Unix()
		b.Run(name+"/SamePeriod", func(b *testing.B) {
			b.ReportAllocs()
			var sink int32
			u := start
			for b.Loop() {
				sink += z.Day(u)
				u += 7
				if u > start+20*3600 {
					u = start
				}
			}
			_ = sink
		})
		// Instants spread over two years, alternating DST periods.
		b.Run(name+"/Spread", func(b *testing.B) {
			b.ReportAllocs()
			var sink int32
			var i int64
			for b.Loop() {
				sink += z.Day(start + (i*7919*3607)%(2*365*secondsPerDay))
				i++
			}
			_ = sink
		})
	}
}

func BenchmarkDetect(b *testing.B) {
	samples := make([]string, 10000)
	for i := range samples {
		samples[i] = time.Unix(1615604607+int64(i)*3607, 0).UTC().Format("2006-01-02 15:04:05")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Detect(samples); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCivil(b *testing.B) {
	b.Run("AppendDay", func(b *testing.B) {
		buf := make([]byte, 0, 16)
		for i := 0; b.Loop(); i++ {
			buf = AppendDay(buf[:0], int32(17000+i%3000))
		}
	})
	b.Run("Date", func(b *testing.B) {
		var sink int
		for i := 0; b.Loop(); i++ {
			y, m, d := Date(int32(i & 0xffff))
			sink += y + m + d
		}
		_ = sink
	})
	b.Run("MonthIndex", func(b *testing.B) {
		var sink int32
		for i := 0; b.Loop(); i++ {
			sink += MonthIndex(int32(i & 0xffff))
		}
		_ = sink
	})
}
