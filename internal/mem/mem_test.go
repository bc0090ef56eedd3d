package mem

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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

// TestReleaseRestores: Release collects without changing the GC
// percentage the caller set, the hold's -1 included.
func TestReleaseRestores(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(77))
	for _, p := range []int{77, -1} {
		debug.SetGCPercent(p)
		Release()
		if got := debug.SetGCPercent(p); got != p {
			t.Errorf("after Release: GC percentage %d, want %d", got, p)
		}
	}
}

// TestHoldCountsFree: the hold's limit is at least twice the heap's
// objects and free memory, and collection is off.
func TestHoldCountsFree(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(77))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	// 64 MB of garbage, free after the collection.
	var garbage [][]byte
	for range 1024 {
		garbage = append(garbage, make([]byte, 64<<10))
	}
	runtime.KeepAlive(garbage)
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(s)
	objects, free := s[0].Value.Uint64(), s[1].Value.Uint64()
	HoldUntilDoubled()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GC percentage %d, want -1", got)
	}
	if lim := debug.SetMemoryLimit(-1); uint64(lim) < 2*(objects+free) {
		t.Errorf("limit %d, below twice objects %d and free %d", lim, objects, free)
	}
}
