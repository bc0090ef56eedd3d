package rfm

import (
	"math"
	"slices"
	"sync"
)

// This file holds the quantile rule (see the package documentation): the
// split of the sorted values into bins of least variance that keeps equal
// values together.

// quantileCutsOf returns the cuts of the quantile rule for values (in any
// order; it may reorder them) and bins > 1: thresholds T[0..bins-2],
// ascending, such that the score of a value v is 1 + #{k : v >= T[k]}.
// A threshold of math.MaxInt64 is a cut after every value (the bins above it
// are empty).
func quantileCutsOf(values []int64, bins int) []int64 {
	gv, ends := groups(values)
	return cutsOf(gv, ends, bins)
}

// cutsOf is quantileCuts of the values grouped as groups gives them.
func cutsOf(gv, ends []int64, bins int) []int64 {
	cuts := optimalCuts(ends, bins)
	t := make([]int64, bins-1)
	for k, c := range cuts {
		t[k] = thresholdAt(gv, ends, c)
	}
	return t
}

// thresholdAt is the value that starts the bin beginning at sorted position
// c, a group boundary: the value of the group that starts at c, or
// math.MaxInt64 when c is the end.
func thresholdAt(gv []int64, ends []int64, c int64) int64 {
	if len(ends) == 0 || c >= ends[len(ends)-1] {
		return math.MaxInt64
	}
	// The group starting at c is the one after the group ending at c.
	g, _ := slices.BinarySearch(ends, c+1)
	return gv[g]
}

// groups sorts the values into groups of equal values: gv holds the
// distinct values ascending and ends[g] the sorted position just after
// group g (so group g holds ends[g]-ends[g-1] values). A narrow range of
// values (days, order counts) is counted rather than sorted; otherwise
// values are sorted in place.
func groups(values []int64) (gv, ends []int64) {
	if len(values) == 0 {
		return nil, nil
	}
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	if narrow(lo, hi, len(values)) {
		counts := make([]int64, uint64(hi)-uint64(lo)+1)
		for _, v := range values {
			counts[v-lo]++
		}
		return countedGroups(counts, lo)
	}
	if len(values) >= parallelGroups {
		return mergeGroups(values)
	}
	sorted := values
	sortInt64(sorted)
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		gv = append(gv, sorted[i])
		ends = append(ends, int64(j))
		i = j
	}
	return gv, ends
}

// narrow reports whether n values from lo to hi are counted rather than
// sorted.
func narrow(lo, hi int64, n int) bool {
	return uint64(hi)-uint64(lo) < uint64(2*n+1024)
}

// countedGroups returns the groups of values counted in counts, counts[i]
// being the number of values lo+i.
func countedGroups(counts []int64, lo int64) (gv, ends []int64) {
	var pos int64
	for i, c := range counts {
		if c > 0 {
			pos += c
			gv = append(gv, lo+int64(i))
			ends = append(ends, pos)
		}
	}
	return gv, ends
}

// parallelGroups is the number of wide values from which groups sorts them
// on two cores.
const parallelGroups = 1 << 16

// mergeGroups is groups for many wide values: each half sorted on a core
// of its own, then the halves merged into the groups.
func mergeGroups(values []int64) (gv, ends []int64) {
	a, b := values[:len(values)/2], values[len(values)/2:]
	var wg sync.WaitGroup
	wg.Go(func() { sortInt64(a) })
	sortInt64(b)
	wg.Wait()
	return mergedGroups(a, b, func(v int64) int64 { return v })
}

// cost is a lexicographic cost: the sum of squared bin sizes first, then the
// sum of the cuts' distances from the exact quantiles (in units of 1/bins of
// a value).
type cost struct{ sq, dev int64 }

func (a cost) less(b cost) bool {
	return a.sq < b.sq || a.sq == b.sq && a.dev < b.dev
}

var infCost = cost{math.MaxInt64, math.MaxInt64}

// optimalCuts chooses the cut positions of the quantile rule among the group
// boundaries 0 and ends[...] (ends ascending, the last one n): cuts
// C[0..bins-2], ascending, minimising first the sum of squared bin sizes,
// then the sum of |bins*C[k] - (k+1)*n|, then preferring the larger last
// cut, then the larger cut before it, and so on.
//
// It is a dynamic programme over the cuts in order. Cut k can only lie
// within (N-1)*M*min(k, N-k) of its exact quantile k*n/N, where M is the
// largest group (see the package documentation), so each layer considers
// the boundaries in that window only; within a layer the best predecessor
// of a boundary is found by divide and conquer, which is exact because the
// squared size of a bin is a Monge cost (the best predecessor never moves
// left as the boundary moves right).
func optimalCuts(ends []int64, bins int) []int64 {
	n := int64(0)
	if len(ends) > 0 {
		n = ends[len(ends)-1]
	}
	N := int64(bins)
	var m int64 // largest group
	prev := int64(0)
	for _, e := range ends {
		m = max(m, e-prev)
		prev = e
	}
	// Candidate boundaries: 0 then ends.
	bound := func(i int) int64 {
		if i == 0 {
			return 0
		}
		return ends[i-1]
	}
	nb := len(ends) + 1
	// window returns the candidate indexes [lo, hi) for cut k (1-based).
	window := func(k int64) (int, int) {
		h := (N - 1) * m * min(k, N-k) // in positions
		// Positions p with |N*p - k*n| <= N*h.
		lo := k*n - N*h
		hi := k*n + N*h
		first := searchBound(nb, bound, func(p int64) bool { return N*p >= lo })
		last := searchBound(nb, bound, func(p int64) bool { return N*p > hi })
		return first, last
	}
	// Layer 0: the single boundary 0 with cost zero.
	prevIdx := []int{0}
	prevCost := []cost{{}}
	choice := make([][]int, bins) // choice[k][j]: index into layer k-1's list
	layers := make([][]int, bins)
	layers[0] = prevIdx
	for k := int64(1); k < N; k++ {
		lo, hi := window(k)
		idx := make([]int, 0, hi-lo)
		for i := lo; i < hi; i++ {
			idx = append(idx, i)
		}
		cs := make([]cost, len(idx))
		ch := make([]int, len(idx))
		dev := func(p int64) int64 { return abs64(N*p - k*n) }
		// best finds, for candidate j, the best predecessor in prev[optLo..optHi]
		// (the largest one among equals), the predecessors being at or before j.
		best := func(j, optLo, optHi int) (int, cost) {
			pj := bound(idx[j])
			bi, bc := -1, infCost
			for i := optLo; i <= optHi; i++ {
				if prevIdx[i] > idx[j] {
					break
				}
				if prevCost[i] == infCost {
					continue
				}
				d := pj - bound(prevIdx[i])
				c := cost{prevCost[i].sq + d*d, prevCost[i].dev + dev(pj)}
				if !bc.less(c) { // c <= bc: take the later predecessor
					bi, bc = i, c
				}
			}
			return bi, bc
		}
		var solve func(jLo, jHi, optLo, optHi int)
		solve = func(jLo, jHi, optLo, optHi int) {
			if jLo > jHi {
				return
			}
			mid := (jLo + jHi) / 2
			bi, bc := best(mid, optLo, optHi)
			cs[mid], ch[mid] = bc, bi
			if bi < 0 {
				// No predecessor at or before mid: none for the candidates
				// left of it either.
				for j := jLo; j < mid; j++ {
					cs[j], ch[j] = infCost, -1
				}
				solve(mid+1, jHi, optLo, optHi)
				return
			}
			solve(jLo, mid-1, optLo, bi)
			solve(mid+1, jHi, bi, optHi)
		}
		solve(0, len(idx)-1, 0, len(prevIdx)-1)
		choice[k] = ch
		layers[k] = idx
		prevIdx, prevCost = idx, cs
	}
	// The last bin ends at n (boundary nb-1).
	bi, bc := -1, infCost
	for i := range prevIdx {
		if prevCost[i] == infCost {
			continue
		}
		d := n - bound(prevIdx[i])
		c := cost{prevCost[i].sq + d*d, prevCost[i].dev}
		if !bc.less(c) {
			bi, bc = i, c
		}
	}
	cuts := make([]int64, bins-1)
	for k := N - 1; k >= 1; k-- {
		cuts[k-1] = bound(layers[k][bi])
		bi = choice[k][bi]
	}
	return cuts
}

// searchBound returns the smallest boundary index i in [0, nb) with
// ok(bound(i)), or nb; ok must be monotone.
func searchBound(nb int, bound func(int) int64, ok func(int64) bool) int {
	lo, hi := 0, nb
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ok(bound(mid)) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// scoreOf returns 1 + the number of thresholds t[k] <= v.
func scoreOf(v int64, t []int64) uint8 {
	s := uint8(1)
	for _, x := range t {
		// A conditional move, not a branch: values fall on either side of
		// a threshold at random, and a branch would be mispredicted often.
		inc := uint8(0)
		if v >= x {
			inc = 1
		}
		s += inc
	}
	return s
}

// centsGroups is groups for the monetary values held as sortable cents
// (see sortableCents), which it sorts in place: on two cores when they are
// many, each half on a core of its own, then merged. 32-bit numbers take
// three radix passes of 11-bit digits, where the 64-bit amounts took five
// of 8 bits over twice the memory.
func centsGroups(cents []uint32) (gv, ends []int64) {
	n := len(cents)
	if n == 0 {
		return nil, nil
	}
	tmp := make([]uint32, n)
	half := n
	if n >= parallelGroups {
		half = n / 2
	}
	var a, b []uint32
	var wg sync.WaitGroup
	wg.Go(func() { a = radixSort(cents[:half], tmp[:half], 11) })
	b = radixSort(cents[half:], tmp[half:], 11)
	wg.Wait()
	return mergedGroups(a, b, func(v uint32) int64 { return int64(amountOfCents(v)) })
}

// mergedGroups returns the groups of the values of a and b, each sorted,
// the value of an element x being value(x) (in the elements' order).
func mergedGroups[T uint32 | int64](a, b []T, value func(T) int64) (gv, ends []int64) {
	g := mergeRuns(a, b, nil, nil, value)
	gv, ends = make([]int64, g), make([]int64, g)
	mergeRuns(a, b, gv, ends, value)
	return gv, ends
}

// mergeRuns merges the sorted a and b into groups of equal elements and
// returns their number; when gv is not nil, it also sets group g's value
// in gv[g] and its end in ends[g].
func mergeRuns[T uint32 | int64](a, b []T, gv, ends []int64, value func(T) int64) int {
	i, j, g := 0, 0, 0
	for i < len(a) || j < len(b) {
		var v T
		switch {
		case i == len(a):
			v = b[j]
		case j == len(b):
			v = a[i]
		default:
			v = min(a[i], b[j])
		}
		for i < len(a) && a[i] == v {
			i++
		}
		for j < len(b) && b[j] == v {
			j++
		}
		if gv != nil {
			gv[g], ends[g] = value(v), int64(i+j)
		}
		g++
	}
	return g
}
