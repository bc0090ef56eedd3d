package vieworder

import (
	"cmp"
	"slices"

	"lifecycle/internal/parallel"
	"lifecycle/internal/radix"
)

// Order returns the positions 0..len(keys)-1 by keys ascending, then by
// then ascending, then in input order; it sorts keys. It is the order of a
// view whose ties go by a second key, then by the input (ltv's: CLV, then
// expected purchases). keys are sorted stably by radix; a run of equal
// keys is sorted again by then only when it is not in order already.
func Order(keys, then []uint64) []int32 {
	n := len(keys)
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	radix.SortStable(keys, idx)
	// The runs of equal keys, checked on every core: each core takes the
	// runs that start in its share.
	parallel.For(n, grain, func(lo, hi int) {
		for lo > 0 && lo < hi && keys[lo] == keys[lo-1] {
			lo++
		}
		type tie struct {
			then uint64
			i    int32
		}
		var run []tie
		for lo < hi {
			end := lo + 1
			for end < n && keys[end] == keys[lo] {
				end++
			}
			if end-lo > 1 && !ascendingBy(idx[lo:end], then) {
				run = run[:0]
				for _, i := range idx[lo:end] {
					run = append(run, tie{then[i], i})
				}
				slices.SortFunc(run, func(a, b tie) int {
					if c := cmp.Compare(a.then, b.then); c != 0 {
						return c
					}
					return cmp.Compare(a.i, b.i)
				})
				for k, t := range run {
					idx[lo+k] = t.i
				}
			}
			lo = end
		}
	})
	return idx
}

// ascendingBy reports whether then[i] ascends over the positions i of
// run, which are in input order: then the run is in order.
func ascendingBy(run []int32, then []uint64) bool {
	prev := then[run[0]]
	for _, i := range run[1:] {
		k := then[i]
		if k < prev {
			return false
		}
		prev = k
	}
	return true
}
