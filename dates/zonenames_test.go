package dates

import (
	"testing"
	"time"
)

// Every display name maps to a zone the tz database has, and reads a
// wall time as that zone does.
func TestLoadZone(t *testing.T) {
	at := time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)
	for name, iana := range displayZones {
		z, err := LoadZone(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		loc, err := time.LoadLocation(iana)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := z.Unix(2024, 7, 1, 12, 0, 0), time.Date(2024, 7, 1, 12, 0, 0, 0, loc).Unix(); got != want {
			t.Errorf("%s: 2024-07-01 12:00 is %d, want %d", name, got, want)
		}
	}
	z, err := LoadZone("Eastern Time (US & Canada)")
	if err != nil || z.Offset(at.Unix()) != -4*3600 {
		t.Errorf("Eastern Time in July: %v, offset %d", err, z.Offset(at.Unix()))
	}
	if z, err := LoadZone("Asia/Shanghai"); err != nil || z.Offset(at.Unix()) != 8*3600 {
		t.Errorf("Asia/Shanghai: %v", err)
	}
	for _, bad := range []string{"", "Local", "Gotham Time", "Eastern Time"} {
		if _, err := LoadZone(bad); err == nil {
			t.Errorf("LoadZone(%q) took it", bad)
		}
	}
}
