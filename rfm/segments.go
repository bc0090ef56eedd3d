package rfm

import (
	"cmp"
	"math"
	"slices"
	"strings"

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
	for i := range r.Customers {
		c := &r.Customers[i]
		g := c.Segment
		st[g].Customers++
		st[g].Net += c.Net
		total += c.Net
		rec[g] += int64(c.Recency)
		freq[g] += int64(c.Frequency)
		mon[g] += c.Monetary
	}
	n := len(r.Customers)
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

// SortForView puts r.Customers in the per-customer view's order: by
// segment (in the scheme's order), then by monetary value descending, then
// by customer id. The ids are copied, in that order, into one block of
// memory per core, so that a reader going through the sorted customers reads
// memory in order too.
func (r *Result) SortForView() {
	cs := r.Customers
	order := viewOrder(cs)
	sorted := make([]Customer, len(cs))
	parallel(len(cs), func(lo, hi int) {
		size := 0
		for j := lo; j < hi; j++ {
			sorted[j] = cs[order[j]]
			size += len(sorted[j].ID)
		}
		var b strings.Builder
		b.Grow(size)
		for j := lo; j < hi; j++ {
			b.WriteString(sorted[j].ID)
		}
		all, off := b.String(), 0
		for j := lo; j < hi; j++ {
			n := len(sorted[j].ID)
			sorted[j].ID = all[off : off+n]
			off += n
		}
	})
	// Equal segment and monetary value: by id. The radix sort is stable, so
	// these runs are in the input's order, often already the id order.
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j].Monetary == sorted[i].Monetary && sorted[j].Segment == sorted[i].Segment {
			j++
		}
		if run := sorted[i:j]; len(run) > 1 && !slices.IsSortedFunc(run, byID) {
			slices.SortFunc(run, byID)
		}
		i = j
	}
	r.Customers = sorted
}

func byID(a, b Customer) int { return strings.Compare(a.ID, b.ID) }

// viewOrder returns the indexes of cs by segment, then monetary value
// descending, stably.
func viewOrder(cs []Customer) []int32 {
	if len(cs) == 0 {
		return nil
	}
	lo, hi := cs[0].Monetary, cs[0].Monetary
	cents := true
	for i := range cs {
		m := cs[i].Monetary
		lo, hi = min(lo, m), max(hi, m)
		cents = cents && m%10_000 == 0
	}
	// The key: the segment in the top byte, then hi - monetary (descending),
	// in cents when every value is whole cents, so that fewer bytes vary.
	span := uint64(hi) - uint64(lo)
	unit := uint64(1)
	if cents {
		unit = 10_000
	}
	if span/unit >= 1<<56 {
		// Values over 72 billion units apart: compare.
		order := make([]int32, len(cs))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortStableFunc(order, func(a, b int32) int {
			x, y := &cs[a], &cs[b]
			if x.Segment != y.Segment {
				return cmp.Compare(x.Segment, y.Segment)
			}
			return cmp.Compare(y.Monetary, x.Monetary)
		})
		return order
	}
	keys := make([]uint64, len(cs))
	for i := range cs {
		keys[i] = uint64(cs[i].Segment)<<56 | (uint64(hi)-uint64(cs[i].Monetary))/unit
	}
	return radixOrder(keys)
}
