package rfm

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sync"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
	"lifecycle/internal/vieworder"
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

// ViewKeys returns a key per customer of r.Customers that sorts as the
// per-customer view does before the ids: by segment (in the scheme's
// order), then by monetary value descending; equal keys for equal segment
// and monetary value. The view is in the order of these keys, then by
// customer id (see package vieworder). It returns nil when there is no
// customer.
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
		// Values too far apart (over 72 billion units): their ranks.
		vals := make([]int64, cs.Len())
		for i, c := range cs.All() {
			vals[i] = int64(c.Monetary)
		}
		keys, distinct := vieworder.DescendingRanks(vals)
		shift := uint(bits.Len(uint(distinct)))
		for i, c := range cs.All() {
			keys[i] |= uint64(c.Segment) << shift
		}
		return keys
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
