package rfm

import "slices"

// sortInt64 sorts a ascending: by LSD radix on 8-bit digits for long
// slices (digits that are the same in every value are skipped), by pdqsort
// for short ones.
func sortInt64(a []int64) {
	if len(a) < 1<<12 {
		slices.Sort(a)
		return
	}
	u := make([]uint64, len(a))
	for i, v := range a {
		u[i] = uint64(v) ^ 1<<63
	}
	tmp := make([]uint64, len(a))
	var counts [8][256]int
	for _, v := range u {
		for d := 0; d < 8; d++ {
			counts[d][byte(v>>(8*d))]++
		}
	}
	src, dst := u, tmp
	for d := 0; d < 8; d++ {
		c := &counts[d]
		if c[byte(src[0]>>(8*d))] == len(src) {
			continue // every value has this digit
		}
		pos := 0
		for b := range c {
			n := c[b]
			c[b] = pos
			pos += n
		}
		shift := uint(8 * d)
		for _, v := range src {
			b := byte(v >> shift)
			dst[c[b]] = v
			c[b]++
		}
		src, dst = dst, src
	}
	for i, v := range src {
		a[i] = int64(v ^ 1<<63)
	}
}
