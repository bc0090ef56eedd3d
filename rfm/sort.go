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

// sortUint32 sorts a by LSD radix on digits of bits bits (digits that are
// the same in every value are skipped), using tmp (as long as a) for the
// passes, and returns the sorted values: a or tmp.
func sortUint32(a, tmp []uint32, bits uint) []uint32 {
	if len(a) < 1<<12 {
		slices.Sort(a)
		return a
	}
	digits := (32 + bits - 1) / bits
	size := 1 << bits
	mask := uint32(size - 1)
	counts := make([]int, int(digits)*size)
	for _, v := range a {
		for d := uint(0); d < digits; d++ {
			counts[int(d)*size+int(v>>(d*bits)&mask)]++
		}
	}
	src, dst := a, tmp
	for d := uint(0); d < digits; d++ {
		c := counts[int(d)*size : int(d+1)*size]
		shift := d * bits
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
