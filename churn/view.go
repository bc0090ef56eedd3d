package churn

import (
	"math"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
	"lifecycle/internal/vieworder"
	"lifecycle/money"
)

// ViewKeys returns the positions in r.Customers of the customers of the
// view (those with a warning; all customers when all is true), in order,
// and a key for each that sorts as the view does before the ids: level
// (most urgent first), then value at risk (largest first); equal keys for
// equal level and value. The view is in the order of these keys, then by
// customer id (see package vieworder).
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
	keys := make([]uint64, n)
	idx := make([]int32, n)
	if n > 0 && (uint64(hi)-uint64(lo))/unit >= 1<<56 {
		// Values too far apart (over 72 billion units): their ranks.
		var vals []int64
		for i, v := range cs.All() {
			if all || v.Level != None {
				vals = append(vals, int64(v.Value))
				idx[len(vals)-1] = int32(i)
			}
		}
		ranks, _ := vieworder.DescendingRanks(vals)
		for k, i := range idx {
			keys[k] = uint64(Critical-cs.At(int(i)).Level)<<56 | ranks[k]
		}
		return keys, idx
	}
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

// CustomersOf returns cs as a Result holds its customers: for a Result
// made by hand (a test's, a tool's).
func CustomersOf(cs []Customer) chunked.Slice[Customer] { return chunked.From(cs) }
