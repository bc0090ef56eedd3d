package radix

import (
	"runtime"

	"lifecycle/parallel"
)

// SortStable sorts keys ascending, stably, moving idx along (idx[i] goes
// with keys[i]), as Sort does. On more than one core, each half is sorted
// by radix on a core of its own and the halves are merged back into keys
// and idx on every core: about twice as fast as Sort on two cores.
func SortStable(keys []uint64, idx []int32) {
	n := len(keys)
	if n < 200_000 || runtime.GOMAXPROCS(0) < 2 {
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
	parallel.For(n, 100_000, func(lo, hi int) {
		// The merge of both halves from output position lo to hi: the
		// halves' elements before lo are the first lo of the merge.
		i, j := mergeSplit(a, b, lo)
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

// mergeSplit returns how many elements of sorted a and b come first among
// the first k of their stable merge (a before b among equal elements).
func mergeSplit(a, b []pair, k int) (int, int) {
	// i elements of a and k-i of b: the least i with a[i] > b[k-i-1]
	// (where those exist) is the split.
	lo, hi := max(0, k-len(b)), min(k, len(a))
	for lo < hi {
		i := int(uint(lo+hi) >> 1)
		if a[i].key <= b[k-i-1].key {
			lo = i + 1
		} else {
			hi = i
		}
	}
	return lo, k - lo
}
