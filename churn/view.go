package churn

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"sync"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
	"lifecycle/internal/radix"
	"lifecycle/money"
)

// ViewOrder returns the positions in r.Customers of the customers with a
// warning (all customers when all is true), by level (most urgent first),
// then value at risk (largest first), then id.
//
// The level and value make one number, sorted by radix (stable: equal
// numbers keep the histories' order, often already the id order); runs of
// equal numbers are then sorted by id, on the ids' first 16 bytes loaded
// once, so that comparing seldom goes back to the customers.
func (r *Result) ViewOrder(all bool) []int32 {
	cs := r.Customers
	keys, idx := r.ViewKeys(all)
	if keys == nil {
		// Values over 72 billion units apart: compare.
		for i, c := range cs.All() {
			if all || c.Level != None {
				idx = append(idx, int32(i))
			}
		}
		slices.SortFunc(idx, func(a, b int32) int {
			x, y := cs.At(int(a)), cs.At(int(b))
			if c := cmp.Compare(y.Level, x.Level); c != 0 {
				return c
			}
			if c := cmp.Compare(y.Value, x.Value); c != 0 {
				return c
			}
			return strings.Compare(x.ID, y.ID)
		})
		return idx
	}
	radix.Sort(keys, idx)
	// Runs of equal keys, sorted by id: the long ones (customers of no
	// value) by radix, beside the others.
	var runs, long [][2]int
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		switch {
		case j-i >= 1<<12:
			long = append(long, [2]int{i, j})
		case j-i > 1:
			runs = append(runs, [2]int{i, j})
		}
		i = j
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, r := range long {
			sortByIDRadix(cs, idx[r[0]:r[1]])
		}
	})
	parallel.For(len(runs), 100_000, func(lo, hi int) {
		var buf []idKey
		for _, r := range runs[lo:hi] {
			buf = sortByID(cs, idx[r[0]:r[1]], buf[:0])
		}
	})
	wg.Wait()
	return idx
}

// ViewKeys returns the positions in r.Customers of the customers of the
// view (those with a warning; all customers when all is true), in order,
// and a key for each that sorts as the view does before the ids: level
// (most urgent first), then value at risk (largest first); equal keys for
// equal level and value. It returns nil keys (and no positions) when values
// lie too far apart for a key (over 72 billion units): ViewOrder then
// compares.
func (r *Result) ViewKeys(all bool) ([]uint64, []int32) {
	cs := r.Customers
	// In chunks on every core: the customers of each chunk in the view and
	// the range of their values, then the keys of each chunk in its place.
	const chunk = 1 << 16
	chunks := (cs.Len() + chunk - 1) / chunk
	type span struct {
		n      int
		lo, hi money.Amount
		cents  bool
	}
	spans := make([]span, chunks)
	parallel.For(chunks, 2, func(a, b int) {
		for c := a; c < b; c++ {
			sp := span{lo: money.Amount(math.MaxInt64), hi: money.Amount(math.MinInt64), cents: true}
			for i := c * chunk; i < min((c+1)*chunk, cs.Len()); i++ {
				if v := cs.At(i); all || v.Level != None {
					sp.n++
					sp.lo, sp.hi = min(sp.lo, v.Value), max(sp.hi, v.Value)
					sp.cents = sp.cents && v.Value%10_000 == 0
				}
			}
			spans[c] = sp
		}
	})
	n := 0
	lo, hi := money.Amount(math.MaxInt64), money.Amount(math.MinInt64)
	cents := true
	starts := make([]int, chunks)
	for c, sp := range spans {
		starts[c] = n
		n += sp.n
		lo, hi, cents = min(lo, sp.lo), max(hi, sp.hi), cents && sp.cents
	}
	// The key: the level in the top byte (most urgent first), then the value
	// at risk descending as hi - value, in cents when every value is whole
	// cents, so that few bytes vary and the radix sort makes few passes.
	unit := uint64(1)
	if cents {
		unit = 10_000
	}
	if n > 0 && (uint64(hi)-uint64(lo))/unit >= 1<<56 {
		return nil, nil
	}
	keys := make([]uint64, n)
	idx := make([]int32, n)
	parallel.For(chunks, 2, func(a, b int) {
		for c := a; c < b; c++ {
			k := starts[c]
			for i := c * chunk; i < min((c+1)*chunk, cs.Len()); i++ {
				v := cs.At(i)
				if !all && v.Level == None {
					continue
				}
				d := uint64(hi) - uint64(v.Value)
				if cents {
					d /= 10_000 // a constant divisor: a multiplication
				}
				keys[k] = uint64(Critical-v.Level)<<56 | d
				idx[k] = int32(i)
				k++
			}
		}
	})
	return keys, idx
}

// idKey is a customer's position with its id's first 16 bytes, big
// endian, zero-padded: ids whose prefixes differ compare as these do.
type idKey struct {
	hi, lo uint64
	idx    int32
}

// sortByID sorts run (positions in cs) by id, using buf, and returns buf.
func sortByID(cs chunked.Slice[Customer], run []int32, buf []idKey) []idKey {
	for _, i := range run {
		buf = append(buf, prefixKey(cs.At(int(i)).ID, i))
	}
	less := func(a, b idKey) int { return byID(cs, a, b) }
	if slices.IsSortedFunc(buf, less) {
		return buf
	}
	slices.SortFunc(buf, less)
	for k := range buf {
		run[k] = buf[k].idx
	}
	return buf
}

// sortByIDRadix sorts a long run by id: by radix on the ids' first 16
// bytes, then by the whole ids where those are equal.
func sortByIDRadix(cs chunked.Slice[Customer], run []int32) {
	keys := make([]idKey, len(run))
	for k, i := range run {
		keys[k] = prefixKey(cs.At(int(i)).ID, i)
	}
	less := func(a, b idKey) int { return byID(cs, a, b) }
	if slices.IsSortedFunc(keys, less) {
		return // the histories' order was the ids' (ids given in order of arrival)
	}
	tmp := make([]idKey, len(keys))
	src, dst := keys, tmp
	var counts [16][256]int
	for _, k := range src {
		for d := range 8 {
			counts[d][byte(k.lo>>(8*d))]++
			counts[8+d][byte(k.hi>>(8*d))]++
		}
	}
	for d := range 16 {
		c := &counts[d]
		digit := func(k *idKey) byte {
			if d < 8 {
				return byte(k.lo >> (8 * d))
			}
			return byte(k.hi >> (8 * (d - 8)))
		}
		if c[digit(&src[0])] == len(src) {
			continue
		}
		pos := 0
		for b := range c {
			c[b], pos = pos, pos+c[b]
		}
		for i := range src {
			b := digit(&src[i])
			dst[c[b]] = src[i]
			c[b]++
		}
		src, dst = dst, src
	}
	for i := 0; i < len(src); {
		j := i + 1
		for j < len(src) && src[j].hi == src[i].hi && src[j].lo == src[i].lo {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(src[i:j], less)
		}
		i = j
	}
	for k := range src {
		run[k] = src[k].idx
	}
}

// prefixKey returns the key of customer i with id.
func prefixKey(id string, i int32) idKey {
	var b [16]byte
	copy(b[:], id)
	return idKey{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:]), i}
}

// byID compares two customers by id.
func byID(cs chunked.Slice[Customer], a, b idKey) int {
	if c := cmp.Compare(a.hi, b.hi); c != 0 {
		return c
	}
	if c := cmp.Compare(a.lo, b.lo); c != 0 {
		return c
	}
	return strings.Compare(cs.At(int(a.idx)).ID, cs.At(int(b.idx)).ID)
}
