package rfm

import (
	"cmp"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
	"lifecycle/internal/radix"
	"lifecycle/money"
)

// SegmentStats sums up the customers of one segment.
type SegmentStats struct {
	// Segment indexes the scheme's Segments.
	Segment   int
	Customers int
	// CustomerShare is Customers over all customers scored.
	CustomerShare float64
	// Net is the segment's net revenue; NetShare its part of the net revenue
	// of all customers scored (NaN when that is zero).
	Net      money.Amount
	NetShare float64
	// MeanRecency and MeanFrequency are means over the segment's customers
	// (NaN for an empty segment).
	MeanRecency, MeanFrequency float64
	// MeanMonetary is the mean of Monetary, rounded half to even to the
	// cent; zero for an empty segment.
	MeanMonetary money.Amount
}

// BySegment sums up the customers per segment: every segment of the
// scheme, sorted by net revenue descending, then by the scheme's order.
func (r *Result) BySegment() []SegmentStats {
	st := make([]SegmentStats, len(r.Scheme.Segments))
	rec := make([]int64, len(st))
	freq := make([]int64, len(st))
	mon := make([]money.Amount, len(st))
	var total money.Amount
	for _, c := range r.Customers.All() {
		g := c.Segment
		st[g].Customers++
		st[g].Net += c.Net
		total += c.Net
		rec[g] += int64(c.Recency)
		freq[g] += int64(c.Frequency)
		mon[g] += c.Monetary
	}
	n := r.Customers.Len()
	for g := range st {
		s := &st[g]
		s.Segment = g
		s.CustomerShare = math.NaN()
		if n > 0 {
			s.CustomerShare = float64(s.Customers) / float64(n)
		}
		s.NetShare = math.NaN()
		if total != 0 {
			s.NetShare = float64(s.Net) / float64(total)
		}
		s.MeanRecency, s.MeanFrequency = math.NaN(), math.NaN()
		if k := s.Customers; k > 0 {
			s.MeanRecency = float64(rec[g]) / float64(k)
			s.MeanFrequency = float64(freq[g]) / float64(k)
			s.MeanMonetary = divRound(mon[g], int64(k)).Round(2)
		}
	}
	slices.SortStableFunc(st, func(a, b SegmentStats) int {
		return cmp.Compare(b.Net, a.Net)
	})
	return st
}

// ViewOrder returns the indexes of r.Customers in the per-customer view's
// order: by segment (in the scheme's order), then by monetary value
// descending, then by customer id; r.Customers stay as they are. It sorts
// indexes, not customers: no pointer is written, so it costs the same
// whether or not the garbage collector is running.
func (r *Result) ViewOrder() []int32 {
	cs := r.Customers
	// The ids' prefixes, read in memory order while the other core sorts.
	pfx := make([]idPrefix, cs.Len())
	var wg sync.WaitGroup
	wg.Go(func() {
		for i, c := range cs.All() {
			pfx[i] = prefixOf(c.ID)
		}
	})
	order, keys := viewOrder(cs)
	wg.Wait()
	same := func(i, j int) bool { // same segment and monetary value
		if keys != nil {
			return keys[i] == keys[j]
		}
		a, b := cs.At(int(order[i])), cs.At(int(order[j]))
		return a.Monetary == b.Monetary && a.Segment == b.Segment
	}
	// Equal segment and monetary value: by id. The radix sort is stable, so
	// these runs are in the input's order, sometimes already the id order.
	// Each run is sorted on the ids' first 16 bytes, loaded once, so that
	// comparing seldom goes back to the customers.
	parallel.For(len(order), 100_000, func(lo, hi int) {
		// The runs that start in [lo, hi).
		for lo > 0 && lo < hi && same(lo-1, lo) {
			lo++
		}
		var buf []idKey
		for i := lo; i < hi; {
			j := i + 1
			for j < len(order) && same(i, j) {
				j++
			}
			if run := order[i:j]; len(run) > 1 {
				buf = sortByID(cs, pfx, run, buf[:0])
			}
			i = j
		}
	})
	return order
}

// idPrefix is the first 16 bytes of an id, big endian, zero-padded: ids
// whose prefixes differ compare as the prefixes do.
type idPrefix struct{ hi, lo uint64 }

func prefixOf(id string) idPrefix {
	var b [16]byte
	copy(b[:], id)
	return idPrefix{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

// idKey is a customer's index with its id's prefix.
type idKey struct {
	idPrefix
	idx int32
}

// sortByID sorts the indexes of run by the customers' ids, using buf for
// their prefixes (pfx), and returns buf.
func sortByID(cs chunked.Slice[Customer], pfx []idPrefix, run []int32, buf []idKey) []idKey {
	for _, i := range run {
		buf = append(buf, idKey{pfx[i], i})
	}
	cmpKey := func(a, b idKey) int {
		if c := cmp.Compare(a.hi, b.hi); c != 0 {
			return c
		}
		if c := cmp.Compare(a.lo, b.lo); c != 0 {
			return c
		}
		return strings.Compare(cs.At(int(a.idx)).ID, cs.At(int(b.idx)).ID)
	}
	if slices.IsSortedFunc(buf, cmpKey) {
		return buf
	}
	slices.SortFunc(buf, cmpKey)
	for k := range buf {
		run[k] = buf[k].idx
	}
	return buf
}

// viewOrder returns the indexes of cs by segment, then monetary value
// descending, stably, and when it sorted by radix the sort keys in that
// order (equal keys: equal segment and monetary value), else nil.
func viewOrder(cs chunked.Slice[Customer]) ([]int32, []uint64) {
	if cs.Len() == 0 {
		return nil, nil
	}
	if keys := viewKeys(cs); keys != nil {
		return radix.Order(keys), keys
	}
	// Values over 72 billion units apart: compare.
	order := make([]int32, cs.Len())
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		x, y := cs.At(int(a)), cs.At(int(b))
		if x.Segment != y.Segment {
			return cmp.Compare(x.Segment, y.Segment)
		}
		return cmp.Compare(y.Monetary, x.Monetary)
	})
	return order, nil
}

// ViewKeys returns a key per customer that sorts as the per-customer view
// does before the ids (segment, then monetary value descending): equal
// keys for equal segment and monetary value. It returns nil when there is
// no customer, or when monetary values lie too far apart for a key (over
// 72 billion units): ViewOrder then compares.
func (r *Result) ViewKeys() []uint64 {
	return viewKeys(r.Customers)
}

func viewKeys(cs chunked.Slice[Customer]) []uint64 {
	if cs.Len() == 0 {
		return nil
	}
	lo, hi := cs.At(0).Monetary, cs.At(0).Monetary
	cents := true
	var mu sync.Mutex
	parallel.For(cs.Len(), 100_000, func(a, b int) {
		l, h, c := cs.At(a).Monetary, cs.At(a).Monetary, true
		for i := a; i < b; i++ {
			m := cs.At(i).Monetary
			l, h = min(l, m), max(h, m)
			c = c && m%10_000 == 0
		}
		mu.Lock()
		lo, hi, cents = min(lo, l), max(hi, h), cents && c
		mu.Unlock()
	})
	// The key: the segment, then hi - monetary (descending) in the bits
	// below, in cents when every value is whole cents, so that few bits
	// vary and the radix sort takes few passes.
	span := uint64(hi) - uint64(lo)
	unit := uint64(1)
	if cents {
		unit = 10_000
	}
	if span/unit >= 1<<56 {
		return nil
	}
	shift := uint(bits.Len64(span / unit))
	keys := make([]uint64, cs.Len())
	parallel.For(cs.Len(), 100_000, func(a, b int) {
		if cents { // a constant divisor: a multiplication
			for i := a; i < b; i++ {
				c := cs.At(i)
				keys[i] = uint64(c.Segment)<<shift | (uint64(hi)-uint64(c.Monetary))/10_000
			}
			return
		}
		for i := a; i < b; i++ {
			c := cs.At(i)
			keys[i] = uint64(c.Segment)<<shift | (uint64(hi) - uint64(c.Monetary))
		}
	})
	return keys
}
