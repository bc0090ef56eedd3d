// Package mem is the program's memory policy, in one place: when the
// garbage collector runs, how far the heap may grow, and when memory goes
// back to the system. The readers, the analyses and the commands say what
// they are doing (reading, dropping what they no longer need, about to
// fill a large result) and mem decides what the runtime is asked.
//
// The policy, and why:
//
//   - While orders are read (ForRead), the collector runs at a low GC
//     percentage (15), so that the heap stays near what the read keeps
//     rather than doubling it: the rows read hold no pointers, so the
//     extra collections are cheap.
//   - Once the rows a read keeps pass a gigabyte (ReadGrew), the
//     percentage drops to 5: the peak of a large read is its rows plus the
//     headroom the collector leaves, and at that size five points of
//     headroom are hundreds of megabytes, where the few collections more
//     that it costs are cheap (the heap grows geometrically, so 5% adds
//     about 25 collections from 1 GB to 4 GB, each over pointer-free rows).
//   - When a large structure has just been dropped (Release), it is
//     collected at once: the collection is short while the heap holds few
//     pointers, where a cycle left to start by itself would mark the
//     structure while it is still live, then run beside the next stage and
//     slow it (every pointer written passes the write barrier).
//     ReleaseToSystem also hands the freed memory back to the system, for
//     a caller that will not reuse it.
//   - While a result of millions of pointers is filled (Pause), no
//     collection runs at all: the filling allocates nothing.
//   - After the read, an analysis that keeps the histories and makes large
//     results holds the collector off until the heap has doubled
//     (HoldUntilDoubled): a collection meanwhile frees little and costs
//     much. Memory that a collection frees in that time is kept for the
//     heap to grow back into, not handed back to the system and faulted
//     in again (collect).
//
// Every function here is cheap to call and safe from one goroutine at a
// time (they change process-wide settings).
package mem

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// readGCPercent is the GC percentage while orders are read.
const readGCPercent = 15

// ForRead sets the collector for reading orders (see the package comment)
// and returns the function that restores the setting it replaced:
//
//	defer mem.ForRead()()
func ForRead() (restore func()) {
	old := debug.SetGCPercent(readGCPercent)
	return func() { debug.SetGCPercent(old) }
}

// largeRead is the size of a read's rows from which the collector keeps
// less headroom (see the package comment), and largeReadGCPercent that
// headroom.
const (
	largeRead          = 1 << 30
	largeReadGCPercent = 5
)

// ReadGrew says that the rows a read keeps now take bytes; called as they
// grow (it is cheap), it lowers the collector's headroom once they are
// large. The setting lasts until ForRead's restore.
func ReadGrew(bytes int64) bool {
	if bytes < largeRead {
		return false
	}
	debug.SetGCPercent(largeReadGCPercent)
	return true
}

// Pause stops collection and returns the function that restores the
// setting it replaced (see the package comment):
//
//	defer mem.Pause()()
func Pause() (restore func()) {
	old := debug.SetGCPercent(-1)
	return func() { debug.SetGCPercent(old) }
}

// Release says that what the caller has just dropped is garbage now: it
// is collected at once, and its memory kept for what comes next.
func Release() { collect() }

// collect runs a collection whose memory the runtime keeps for the heap
// to grow back into. After a collection the runtime returns to the system,
// as the heap grows into fresh address space, the free memory beyond about
// 1.1 times the heap in use at the collection times the growth of the
// collector's goal since; with collection held off (HoldUntilDoubled) the
// goal does not grow, so a large allocation after a collection would hand
// the memory just freed back to the system, to be faulted in again by the
// next one (hundreds of megabytes on a large file). Collecting at a GC
// percentage of 0 makes the goal of the collection the live heap, so the
// goal after it (the hold's) is that many times larger and the freed
// memory is kept.
func collect() {
	old := debug.SetGCPercent(0)
	runtime.GC()
	debug.SetGCPercent(old)
}

// ReleaseToSystem is Release, with the freed memory handed back to the
// system: for a caller whose next allocation cannot reuse it.
func ReleaseToSystem() { debug.FreeOSMemory() }

// HoldUntilDoubled holds off collection until the heap has doubled from
// what it holds now, its free memory counted (plus 64 MB): for the
// analysis that follows a read, which keeps the histories and makes
// results that live until they are written. A collection meanwhile
// frees little and costs much (the pointers of millions of customers
// marked, and every pointer the analysis writes passed through the write
// barrier), and one would start early, the collector's goal being set by
// the last collection of the read.
func HoldUntilDoubled() {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	heap := int64(sample[0].Value.Uint64())
	// The limit counts all the memory the heap holds from the system, the
	// free memory the read left too: the heap may double besides it.
	free := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(free)
	if free[0].Value.Kind() == metrics.KindUint64 {
		heap += int64(free[0].Value.Uint64())
	}
	debug.SetMemoryLimit(2*heap + 64<<20)
	debug.SetGCPercent(-1)
}

// Stats is what a trace shows of the heap, in bytes.
type Stats struct {
	Heap     uint64 // allocated and not yet freed
	Idle     uint64 // free and not returned to the system
	Released uint64 // returned to the system
	Sys      uint64 // obtained from the system
	GCs      uint32 // collections so far
}

// Read returns the heap's Stats now (it stops the world briefly: for
// traces, not for hot paths).
func Read() Stats {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return Stats{Heap: ms.HeapAlloc, Idle: ms.HeapIdle - ms.HeapReleased, Released: ms.HeapReleased, Sys: ms.Sys, GCs: ms.NumGC}
}
