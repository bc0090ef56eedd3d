package mem

import (
	"runtime/debug"
	"testing"
)

// TestRestore: ForRead and Pause set the GC percentage they name, and
// their restore functions put back the one they replaced.
func TestRestore(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(77))
	for _, c := range []struct {
		name string
		set  func() func()
		want int
	}{{"ForRead", ForRead, readGCPercent}, {"Pause", Pause, -1}} {
		restore := c.set()
		if got := debug.SetGCPercent(c.want); got != c.want {
			t.Errorf("%s: GC percentage %d, want %d", c.name, got, c.want)
		}
		restore()
		if got := debug.SetGCPercent(77); got != 77 {
			t.Errorf("%s: restored %d, want 77", c.name, got)
		}
	}
}
