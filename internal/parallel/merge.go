package parallel

// MergeSplit is where a stable merge of two sorted sequences, a of na
// elements and b of nb, can be cut so that each core merges a part: it
// returns how many of the first k elements of the merge come from a and
// how many from b. before(j, i) reports whether b's element j goes
// strictly before a's element i (a's go first among equal elements). It
// takes O(log(min(k, na))) calls of before.
func MergeSplit(na, nb, k int, before func(j, i int) bool) (int, int) {
	// i elements of a and k-i of b: the least i whose a[i] goes after
	// b[k-i-1] (where those exist) is the split.
	lo, hi := max(0, k-nb), min(k, na)
	for lo < hi {
		i := int(uint(lo+hi) >> 1)
		if !before(k-i-1, i) {
			lo = i + 1
		} else {
			hi = i
		}
	}
	return lo, k - lo
}
