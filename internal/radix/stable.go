package radix

import (
	"runtime"

	"lifecycle/internal/parallel"
)

// stableMin is the length from which SortStable sorts halves on cores of
// their own, and grain the least a core merges; tests lower both, so that
// small slices take every path.
var stableMin, grain = 200_000, 100_000

// SortStable sorts keys ascending, stably, moving idx along (idx[i] goes
// with keys[i]), as Sort does. On more than one core, each half is sorted
// by radix on a core of its own and the halves are merged back into keys
// and idx on every core (BenchmarkSortStable compares it with Sort).
func SortStable(keys []uint64, idx []int32) {
	n := len(keys)
	if n < stableMin || runtime.GOMAXPROCS(0) < 2 {
		Sort(keys, idx)
		return
	}
	h := n / 2
	var a, b []pair
	parallel.For(2, 0, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			if p == 0 {
				a = sortPairs(keys[:h], idx[:h])
			} else {
				b = sortPairs(keys[h:], idx[h:])
			}
		}
	})
	parallel.For(n, grain, func(lo, hi int) {
		// The merge of both halves from output position lo to hi: the
		// halves' elements before lo are the first lo of the merge.
		i, j := parallel.MergeSplit(len(a), len(b), lo, func(j, i int) bool { return b[j].key < a[i].key })
		for k := lo; k < hi; k++ {
			// The left half first among equal keys: it came first.
			var p pair
			if j >= len(b) || i < len(a) && a[i].key <= b[j].key {
				p = a[i]
				i++
			} else {
				p = b[j]
				j++
			}
			keys[k], idx[k] = p.key, p.idx
		}
	})
}
