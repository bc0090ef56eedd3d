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

// radixOrder returns the indexes 0..len(keys)-1 sorted by key ascending,
// stably: LSD radix sort on the key's bytes (bytes that are the same in
// every key are skipped), moving keys and indexes together so that every
// pass reads memory in order.
func radixOrder(keys []uint64) []int32 {
	n := len(keys)
	type pair struct {
		key uint64
		idx int32
	}
	src := make([]pair, n)
	for i, k := range keys {
		src[i] = pair{k, int32(i)}
	}
	order := make([]int32, n)
	if n == 0 {
		return order
	}
	dst := make([]pair, n)
	var counts [8][256]int
	for _, k := range keys {
		for d := 0; d < 8; d++ {
			counts[d][byte(k>>(8*d))]++
		}
	}
	for d := 0; d < 8; d++ {
		c := &counts[d]
		shift := uint(8 * d)
		if c[byte(src[0].key>>shift)] == n {
			continue // every key has this byte
		}
		pos := 0
		for b := range c {
			k := c[b]
			c[b] = pos
			pos += k
		}
		for _, p := range src {
			b := byte(p.key >> shift)
			dst[c[b]] = p
			c[b]++
		}
		src, dst = dst, src
	}
	for i, p := range src {
		order[i] = p.idx
		keys[i] = p.key
	}
	return order
}
