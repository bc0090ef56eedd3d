package vieworder

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
)

// idTie is a row of a run of equal keys: its id as two numbers that
// compare as the ids do (see tieOf), and its position in the run.
type idTie struct {
	hi, lo uint64
	k      int32
}

// tieOf returns the tie of the id s at position k of its run: the id's
// first 15 bytes, zero-padded, then its length byte (longID for a long
// one), big endian. Short ids compare as these numbers do: where the
// padded bytes differ, so do the ids, in the same order; where they do not,
// the ids differ by trailing zero bytes, and the shorter comes first. A
// short id comes before a long one with the same first 15 bytes. Only two
// long ids can have equal ties, and then their whole ids decide.
func tieOf(s *ID, k int) idTie {
	return idTie{binary.BigEndian.Uint64(s[1:9]), binary.BigEndian.Uint64(s[8:16])<<8 | uint64(s[0]), int32(k)}
}

// longRun is the length from which a run of ties is sorted by radix rather
// than by comparison, and grain the rows a core takes at a time. Tests
// lower both, so that small views take every path.
var (
	longRun = 1 << 12
	grain   = 100_000
)

// inViewOrder returns the rows of a view in view order, row k being
// rows[order[k]], and the ids too long for a row by view position (nil when
// there are none), so that the writer reads rows in memory order. Each row
// is read scattered once (its id inline when short: id gives it; longIDs
// holds the others by position in rows). When keys is not nil (the sorted
// keys of order, sorted stably), each run of equal keys is sorted by id as
// its rows are copied, and order with it.
func inViewOrder[T any](rows chunked.Slice[T], keys []uint64, order []int32, id func(*T) *ID, longIDs []string) (chunked.Slice[T], []string) {
	n := len(order)
	view := chunked.Make[T](n)
	if keys == nil {
		parallel.For(n, grain, func(lo, hi int) {
			for k := lo; k < hi; k++ {
				*view.At(k) = *rows.At(int(order[k]))
			}
		})
	} else {
		// The long runs, found on every core: each chunk the runs that
		// start in it, to their end.
		var long [][2]int
		var mu sync.Mutex
		parallel.For(n, grain, func(lo, hi int) {
			for lo > 0 && lo < hi && keys[lo] == keys[lo-1] {
				lo++
			}
			for i := lo; i < hi; {
				j := i + 1
				for j < n && keys[j] == keys[i] {
					j++
				}
				if j-i >= longRun {
					mu.Lock()
					long = append(long, [2]int{i, j})
					mu.Unlock()
				}
				i = j
			}
		})
		slices.SortFunc(long, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
		// The long runs of ties (customers of one value, often no value)
		// first, each on every core, then the others.
		for _, r := range long {
			sortLongRun(rows, order[r[0]:r[1]], id, longIDs)
			parallel.For(r[1]-r[0], grain, func(lo, hi int) {
				for k := r[0] + lo; k < r[0]+hi; k++ {
					*view.At(k) = *rows.At(int(order[k]))
				}
			})
		}
		parallel.For(n, grain, func(lo, hi int) {
			// The runs that start in [lo, hi), to their end.
			for lo > 0 && lo < hi && keys[lo] == keys[lo-1] {
				lo++
			}
			var ties []idTie
			var run []int32
			for lo < hi {
				end := lo + 1
				for end < n && keys[end] == keys[lo] {
					end++
				}
				switch {
				case end-lo >= longRun:
					// Sorted and copied above.
				case end-lo > 1:
					ties, run = sortRun(rows, order[lo:end], id, longIDs, ties, run)
					fallthrough
				default:
					for k := lo; k < end; k++ {
						*view.At(k) = *rows.At(int(order[k]))
					}
				}
				lo = end
			}
		})
	}
	if longIDs == nil {
		return view, nil
	}
	long := make([]string, n)
	parallel.For(n, grain, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			if id(view.At(k))[0] == longID {
				long[k] = longIDs[order[k]]
			}
		}
	})
	return view, long
}

// sortLongRun sorts order, a long run of positions in rows, by id: each
// half by radix on a core of its own, then merged.
func sortLongRun[T any](rows chunked.Slice[T], order []int32, id func(*T) *ID, longIDs []string) {
	n := len(order)
	half := func(lo, hi int) []idTie {
		ties := make([]idTie, 0, hi-lo)
		for k := lo; k < hi; k++ {
			ties = append(ties, tieOf(id(rows.At(int(order[k]))), k))
		}
		return sortTiesRadix(ties, order, longIDs)
	}
	var a, b []idTie
	var wg sync.WaitGroup
	wg.Go(func() { a = half(0, n/2) })
	b = half(n/2, n)
	wg.Wait()
	// The halves merged on every core, each core from where its part of
	// the merge starts in each half.
	run := make([]int32, n)
	parallel.For(n, grain, func(lo, hi int) {
		i, j := parallel.MergeSplit(len(a), len(b), lo, func(j, i int) bool { return tieLess(&b[j], &a[i], order, longIDs) })
		for k := lo; k < hi; k++ {
			// The first half first among equal ids (none are equal).
			if j >= len(b) || i < len(a) && !tieLess(&b[j], &a[i], order, longIDs) {
				run[k] = order[a[i].k]
				i++
			} else {
				run[k] = order[b[j].k]
				j++
			}
		}
	})
	copy(order, run)
}

// sortRun sorts order, a run of positions in rows, by id, using and
// returning the buffers ties and run.
func sortRun[T any](rows chunked.Slice[T], order []int32, id func(*T) *ID, long []string, ties []idTie, run []int32) ([]idTie, []int32) {
	// The rows are read scattered in a loop of their own, so that their
	// reads overlap: a branch on each id as it came would wait for it.
	ties = ties[:0]
	for k, i := range order {
		ties = append(ties, tieOf(id(rows.At(int(i))), k))
	}
	sorted := true
	for k := 1; k < len(ties) && sorted; k++ {
		sorted = tieLess(&ties[k-1], &ties[k], order, long) // the ids are distinct
	}
	if sorted {
		return ties, run
	}
	if len(ties) >= longRun {
		ties = sortTiesRadix(ties, order, long)
	} else {
		quickTies(ties, 2*bits.Len(uint(len(ties))))
		sortEqualTies(ties, order, long)
	}
	run = run[:0]
	for _, t := range ties {
		run = append(run, order[t.k])
	}
	copy(order, run)
	return ties, run
}

// tieLess reports whether the id of a comes before that of b, ties of the
// positions order[a.k] and order[b.k] in rows.
func tieLess(a, b *idTie, order []int32, long []string) bool {
	if a.hi != b.hi {
		return a.hi < b.hi
	}
	if a.lo != b.lo {
		return a.lo < b.lo
	}
	return tieCompare(a, b, order, long) < 0
}

// tieCompare compares the ids of a and b (see tieLess).
func tieCompare(a, b *idTie, order []int32, long []string) int {
	if c := cmp.Compare(a.hi, b.hi); c != 0 {
		return c
	}
	if c := cmp.Compare(a.lo, b.lo); c != 0 {
		return c
	}
	if byte(a.lo) == longID { // both long
		if c := strings.Compare(long[order[a.k]], long[order[b.k]]); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.k, b.k)
}

// sortTiesRadix sorts ties by radix (stable: positions stay in order among
// equal ties), then the runs of equal ties (long ids) by whole id, and
// returns them.
func sortTiesRadix(ties []idTie, order []int32, long []string) []idTie {
	src, dst := ties, make([]idTie, len(ties))
	var counts [16][256]int
	for _, t := range src {
		for d := range 8 {
			counts[d][byte(t.lo>>(8*d))]++
			counts[8+d][byte(t.hi>>(8*d))]++
		}
	}
	digit := func(t *idTie, d int) byte {
		if d < 8 {
			return byte(t.lo >> (8 * d))
		}
		return byte(t.hi >> (8 * (d - 8)))
	}
	for d := range 16 {
		c := &counts[d]
		if c[digit(&src[0], d)] == len(src) {
			continue // every tie has this byte
		}
		pos := 0
		for b := range c {
			c[b], pos = pos, pos+c[b]
		}
		for i := range src {
			b := digit(&src[i], d)
			dst[c[b]] = src[i]
			c[b]++
		}
		src, dst = dst, src
	}
	sortEqualTies(src, order, long)
	return src
}

// sortEqualTies sorts by whole id the runs of equal numbers in ties, sorted
// by their numbers: long ids that share their first 15 bytes.
func sortEqualTies(ties []idTie, order []int32, long []string) {
	for i := 0; i < len(ties); {
		j := i + 1
		for j < len(ties) && ties[j].hi == ties[i].hi && ties[j].lo == ties[i].lo {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(ties[i:j], func(a, b idTie) int { return tieCompare(&a, &b, order, long) })
		}
		i = j
	}
}

// tieNumLess reports whether a's numbers are below b's.
func tieNumLess(a, b *idTie) bool {
	return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo
}

// quickTies sorts ties by their numbers (not stable, which equal numbers
// do not need: sortEqualTies orders them after): quicksort with the
// comparison in place, which a sort taking a comparison function cannot
// have, insertion sort below 17 ties, and pdqsort past depth levels.
func quickTies(t []idTie, depth int) {
	for len(t) > 16 {
		if depth == 0 {
			slices.SortFunc(t, func(a, b idTie) int {
				if c := cmp.Compare(a.hi, b.hi); c != 0 {
					return c
				}
				return cmp.Compare(a.lo, b.lo)
			})
			return
		}
		depth--
		// The median of the first, middle and last as the pivot (Hoare).
		m, l := len(t)/2, len(t)-1
		if tieNumLess(&t[m], &t[0]) {
			t[m], t[0] = t[0], t[m]
		}
		if tieNumLess(&t[l], &t[m]) {
			t[l], t[m] = t[m], t[l]
			if tieNumLess(&t[m], &t[0]) {
				t[m], t[0] = t[0], t[m]
			}
		}
		p := t[m]
		i, j := -1, len(t)
		for {
			for i++; tieNumLess(&t[i], &p); i++ {
			}
			for j--; tieNumLess(&p, &t[j]); j-- {
			}
			if i >= j {
				break
			}
			t[i], t[j] = t[j], t[i]
		}
		// t[:j+1] <= p <= t[j+1:]: the shorter side first, then the other.
		if j+1 < len(t)-j-1 {
			quickTies(t[:j+1], depth)
			t = t[j+1:]
		} else {
			quickTies(t[j+1:], depth)
			t = t[:j+1]
		}
	}
	for i := 1; i < len(t); i++ {
		x := t[i]
		j := i
		for ; j > 0 && tieNumLess(&x, &t[j-1]); j-- {
			t[j] = t[j-1]
		}
		t[j] = x
	}
}
