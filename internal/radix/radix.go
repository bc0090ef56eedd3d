// Package radix sorts 64-bit keys with an index carried along: the sort
// behind every view of millions of customers (rfm, churn, ltv), where a
// comparison sort would take several times as long.
package radix

// Sort sorts keys ascending, stably, moving idx along (idx[i] goes with
// keys[i]), in place. It is an LSD radix sort on the keys' bytes, with keys
// and indexes moved together so that every pass reads memory in order;
// bytes that every key shares take no pass.
func Sort(keys []uint64, idx []int32) {
	if len(keys) < 2 {
		return
	}
	for i, p := range sortPairs(keys, idx) {
		keys[i], idx[i] = p.key, p.idx
	}
}

// pair is a key with its index.
type pair struct {
	key uint64
	idx int32
}

// sortPairs returns the keys with their indexes sorted as Sort sorts them,
// leaving keys and idx as they are.
func sortPairs(keys []uint64, idx []int32) []pair {
	n := len(keys)
	src, dst := make([]pair, n), make([]pair, n)
	if n == 0 {
		return src
	}
	var counts [8][256]int
	for i, k := range keys {
		src[i] = pair{k, idx[i]}
		for d := range 8 {
			counts[d][byte(k>>(8*d))]++
		}
	}
	for d := range 8 {
		c := &counts[d]
		shift := uint(8 * d)
		if c[byte(src[0].key>>shift)] == n {
			continue // every key has this byte
		}
		pos := 0
		for b := range c {
			c[b], pos = pos, pos+c[b]
		}
		for _, p := range src {
			b := byte(p.key >> shift)
			dst[c[b]] = p
			c[b]++
		}
		src, dst = dst, src
	}
	return src
}

// Order returns the indexes 0..len(keys)-1 in the order of their keys,
// stably, and sorts keys.
func Order(keys []uint64) []int32 {
	idx := make([]int32, len(keys))
	for i := range idx {
		idx[i] = int32(i)
	}
	Sort(keys, idx)
	return idx
}
