package ltv

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sync"

	"lifecycle/internal/parallel"
	"lifecycle/internal/radix"
)

// cells are the summaries grouped for fitting: customers with the same
// (x, t_x, T) have the same likelihood, so each distinct triple is computed
// once and weighted by its count. The parts of a likelihood that depend on
// x alone are computed once per distinct x, and log(alpha + t) once per
// distinct time.
type cells struct {
	customers float64
	xs        []float64 // distinct x, ascending
	nx        []float64 // customers per distinct x
	times     []float64 // distinct values of t_x and T, ascending
	// One entry per distinct (x, t_x, T):
	xi, txi, ti []int32 // indexes into xs and times
	n           []float64
	repeat      bool // some customer has x > 0
	maxT        float64
}

// group builds the cells of cs (checked by check).
func group(cs []Summary) *cells {
	sc, ok := sortSummaries(cs)
	return groupSorted(cs, &sc, ok)
}

// groupSorted builds the cells of cs from their sort by sortSummaries.
func groupSorted(cs []Summary, sc *sortedSummaries, ok bool) *cells {
	c := &cells{customers: float64(len(cs))}
	if !ok {
		return groupTriples(c, cs, sc.times)
	}
	c.times = sc.times
	n := 0
	for i, k := range sc.keys {
		if i == 0 || k != sc.keys[i-1] {
			n++
		}
	}
	c.xi, c.txi, c.ti, c.n = make([]int32, n), make([]int32, n), make([]int32, n), make([]float64, n)
	// As add, in one loop over the keys.
	mask := uint64(1)<<sc.tbits - 1
	keys, j := sc.keys, -1
	for i, k := range keys {
		if i > 0 && k == keys[i-1] {
			c.n[j]++
			c.nx[len(c.nx)-1]++
			continue
		}
		j++
		x, txi, ti := int(k>>(2*sc.tbits)), int32(k>>sc.tbits&mask), int32(k&mask)
		if len(c.xs) == 0 || c.xs[len(c.xs)-1] != float64(x) {
			c.xs = append(c.xs, float64(x))
			c.nx = append(c.nx, 0)
		}
		c.nx[len(c.nx)-1]++
		c.xi[j], c.txi[j], c.ti[j], c.n[j] = int32(len(c.xs)-1), txi, ti, 1
		if x > 0 {
			c.repeat = true
		}
		c.maxT = math.Max(c.maxT, c.times[ti])
	}
	return c
}

// sortedSummaries are customers sorted by (x, t_x, T), each as one word:
// x, the index of t_x and the index of T among the distinct times. Sorting
// words by radix is many times quicker than sorting triples of numbers, and
// the order is fixed, so sums over the cells are the same every run.
type sortedSummaries struct {
	times []float64 // distinct values of t_x and T, ascending
	keys  []uint64  // ascending
	idx   []int32   // the customer of each key
	tbits uint      // bits of a time index
}

// sortSummaries sorts cs; ok is false when the words cannot hold them (x or
// the number of distinct times too large), with times filled.
func sortSummaries(cs []Summary) (sc sortedSummaries, ok bool) {
	// The index of each customer's t_x and T among the distinct times:
	// through a table when the times are whole days in the time unit (the
	// summaries of Summarize), else through a map.
	sc.keys = make([]uint64, len(cs))
	slot, times, maxX, grid := gridTimes(cs, sc.keys)
	var index map[float64]int32
	if grid {
		sc.times = times
	} else {
		sc.times, index = mapTimes(cs)
		for _, s := range cs {
			maxX = max(maxX, s.X)
		}
	}
	sc.tbits = uint(bits.Len(uint(len(sc.times))))
	if 2*sc.tbits+uint(bits.Len(uint(maxX))) > 64 {
		sc.keys = nil
		return sc, false
	}
	sc.idx = make([]int32, len(cs))
	parallel.For(len(cs), 1000, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			s := &cs[i]
			var txi, ti int32
			if grid {
				k := sc.keys[i]
				txi, ti = slot[k>>32], slot[uint32(k)]
			} else {
				txi, ti = index[s.Tx], index[s.T]
			}
			sc.keys[i] = uint64(s.X)<<(2*sc.tbits) | uint64(txi)<<sc.tbits | uint64(ti)
			sc.idx[i] = int32(i)
		}
	})
	radix.Sort(sc.keys, sc.idx)
	return sc, true
}

// mapTimes returns the distinct values of t_x and T, ascending, and the
// index of each among them.
func mapTimes(cs []Summary) ([]float64, map[float64]int32) {
	var times []float64
	index := make(map[float64]int32, 1024)
	for _, s := range cs {
		if _, ok := index[s.Tx]; !ok {
			index[s.Tx] = 0
			times = append(times, s.Tx)
		}
		if _, ok := index[s.T]; !ok {
			index[s.T] = 0
			times = append(times, s.T)
		}
	}
	slices.Sort(times)
	for i, t := range times {
		index[t] = int32(i)
	}
	return times, index
}

// maxGrid is the largest number of time units (times den) that gridTimes
// indexes through a table.
const maxGrid = 1 << 22

// gridTimes tries times that are whole days in weeks or days: every t_x
// and T equal to k/den for a whole k in [0, maxGrid), den 7 or 1. It
// returns the index of k/den among the distinct times by k (-1 for none),
// the distinct times ascending and the largest x, and stores in
// ks[i] the k of customer i's t_x and T (k_x<<32 | k_T); ok is false when
// the times are not so. The customers are read on every core.
func gridTimes(cs []Summary, ks []uint64) (slot []int32, times []float64, maxX int, ok bool) {
	for _, den := range [...]float64{7, 1} {
		on := func(t float64) (int, bool) {
			k := math.Round(t * den)
			return int(k), k >= 0 && k < maxGrid && k/den == t
		}
		var mu sync.Mutex
		top, fits := -1, true
		parallel.For(len(cs), 100_000, func(lo, hi int) {
			ctop, cmaxX := -1, 0
			for i := lo; i < hi; i++ {
				kx, okx := on(cs[i].Tx)
				kt, okt := on(cs[i].T)
				if !okx || !okt {
					mu.Lock()
					fits = false
					mu.Unlock()
					return
				}
				ks[i] = uint64(kx)<<32 | uint64(kt)
				ctop, cmaxX = max(ctop, kx, kt), max(cmaxX, cs[i].X)
			}
			mu.Lock()
			top, maxX = max(top, ctop), max(maxX, cmaxX)
			mu.Unlock()
		})
		if !fits {
			maxX = 0
			continue
		}
		seen := make([]bool, top+1)
		for _, k := range ks {
			seen[k>>32], seen[uint32(k)] = true, true
		}
		// k/den is the only time of k but for k = 0, which is 0 or -0:
		// the first one seen.
		zero := 0.0
		for i := range cs {
			if cs[i].Tx == 0 {
				zero = cs[i].Tx
				break
			}
			if cs[i].T == 0 {
				zero = cs[i].T
				break
			}
		}
		slot = make([]int32, top+1)
		for k := range slot {
			slot[k] = -1
			if seen[k] {
				slot[k] = int32(len(times))
				t := float64(k) / den
				if k == 0 {
					t = zero
				}
				times = append(times, t)
			}
		}
		return slot, times, maxX, true
	}
	return nil, nil, 0, false
}

// runs calls f for each distinct key: its x, time indexes and the range
// [lo, hi) of its customers in sc.idx.
func (sc *sortedSummaries) runs(f func(x int, txi, ti int32, lo, hi int)) {
	sc.runsIn(0, len(sc.keys), f)
}

// runsIn is runs over the keys from start to end, where keys change.
func (sc *sortedSummaries) runsIn(start, end int, f func(x int, txi, ti int32, lo, hi int)) {
	mask := uint64(1)<<sc.tbits - 1
	keys := sc.keys[:end]
	for i := start; i < end; {
		j := i + 1
		for j < end && keys[j] == keys[i] {
			j++
		}
		k := keys[i]
		f(int(k>>(2*sc.tbits)), int32(k>>sc.tbits&mask), int32(k&mask), i, j)
		i = j
	}
}

// groupTriples groups customers by sorting triples, for times or repeat
// purchases too many for a word.
func groupTriples(c *cells, cs []Summary, times []float64) *cells {
	c.times = times
	index := make(map[float64]int32, len(times))
	for i, t := range times {
		index[t] = int32(i)
	}
	type key struct {
		x      int
		tx, ti int32
	}
	keys := make([]key, len(cs))
	for i, s := range cs {
		keys[i] = key{s.X, index[s.Tx], index[s.T]}
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case a.x != b.x:
			return cmp.Compare(a.x, b.x)
		case a.tx != b.tx:
			return cmp.Compare(a.tx, b.tx)
		}
		return cmp.Compare(a.ti, b.ti)
	})
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		c.add(keys[i].x, keys[i].tx, keys[i].ti, j-i)
		i = j
	}
	return c
}

// add appends the cell of n customers with x repeat purchases at times
// txi, ti; cells come in ascending x.
func (c *cells) add(x int, txi, ti int32, n int) {
	if len(c.xs) == 0 || c.xs[len(c.xs)-1] != float64(x) {
		c.xs = append(c.xs, float64(x))
		c.nx = append(c.nx, 0)
	}
	c.nx[len(c.nx)-1] += float64(n)
	c.xi = append(c.xi, int32(len(c.xs)-1))
	c.txi = append(c.txi, txi)
	c.ti = append(c.ti, ti)
	c.n = append(c.n, float64(n))
	if x > 0 {
		c.repeat = true
	}
	c.maxT = math.Max(c.maxT, c.times[ti])
}

// pairs indexes the distinct (x, time) pairs of the cells: the Pareto/NBD
// likelihood has one term in (x, t_x) and one in (x, T), each computed once
// per distinct pair.
type pairs struct {
	xi, ti []int32 // per pair
	of     []int32 // per cell: its pair
}

// pairs returns the pairs of (x, t_x) (second false) or of (x, T).
func (c *cells) pairs(second bool) *pairs {
	p := &pairs{of: make([]int32, len(c.n))}
	index := make(map[int64]int32, len(c.n)/4)
	for i := range c.n {
		xi, ti := c.xi[i], c.txi[i]
		if second {
			ti = c.ti[i]
		}
		k := int64(xi)<<32 | int64(ti)
		j, ok := index[k]
		if !ok {
			j = int32(len(p.xi))
			index[k] = j
			p.xi = append(p.xi, xi)
			p.ti = append(p.ti, ti)
		}
		p.of[i] = j
	}
	return p
}
