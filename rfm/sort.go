package rfm

import (
	"math/bits"
	"slices"
)

// sortInt64 sorts a ascending: by LSD radix on 8-bit digits for long
// slices, by pdqsort for short ones.
func sortInt64(a []int64) {
	if len(a) < 1<<12 {
		slices.Sort(a)
		return
	}
	u := make([]uint64, len(a))
	for i, v := range a {
		u[i] = uint64(v) ^ 1<<63 // the sign flipped: sorts as a does
	}
	for i, v := range radixSort(u, make([]uint64, len(a)), 8) {
		a[i] = int64(v ^ 1<<63)
	}
}

// radixSort sorts a by LSD radix on digits of bits bits (digits that are
// the same in every value are skipped), using tmp (as long as a) for the
// passes, and returns the sorted values: a or tmp. Short slices are sorted
// by pdqsort, in a.
func radixSort[T uint32 | uint64](a, tmp []T, digitBits uint) []T {
	if len(a) < 1<<12 {
		slices.Sort(a)
		return a
	}
	digits := (uint(bits.Len64(uint64(^T(0)))) + digitBits - 1) / digitBits
	size := 1 << digitBits
	mask := T(size - 1)
	counts := make([]int, int(digits)*size)
	for _, v := range a {
		for d := uint(0); d < digits; d++ {
			counts[int(d)*size+int(v>>(d*digitBits)&mask)]++
		}
	}
	src, dst := a, tmp
	for d := uint(0); d < digits; d++ {
		c := counts[int(d)*size : int(d+1)*size]
		shift := d * digitBits
		if c[src[0]>>shift&mask] == len(src) {
			continue // every value has this digit
		}
		pos := 0
		for b, n := range c {
			c[b] = pos
			pos += n
		}
		for _, v := range src {
			b := v >> shift & mask
			dst[c[b]] = v
			c[b]++
		}
		src, dst = dst, src
	}
	return src
}
