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

// TestReadGrew: a read's rows below a gigabyte keep the read's headroom;
// past it the headroom drops to 5%, until ForRead's restore.
func TestReadGrew(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(77))
	restore := ForRead()
	if ReadGrew(largeRead - 1) {
		t.Error("a read of less than a gigabyte called large")
	}
	if got := debug.SetGCPercent(readGCPercent); got != readGCPercent {
		t.Errorf("small read: GC percentage %d, want %d", got, readGCPercent)
	}
	if !ReadGrew(largeRead) {
		t.Error("a read of a gigabyte not called large")
	}
	if got := debug.SetGCPercent(largeReadGCPercent); got != largeReadGCPercent {
		t.Errorf("large read: GC percentage %d, want %d", got, largeReadGCPercent)
	}
	restore()
	if got := debug.SetGCPercent(77); got != 77 {
		t.Errorf("restored %d, want 77", got)
	}
}
