package rfm

import (
	"math"
	"sync"

	"lifecycle/internal/chunked"
	"lifecycle/money"
	"lifecycle/orders"
)

// tally is what measuring the customers gathers on the way for the
// quantile rule, so that finding the cuts need not go through millions of
// customers again: the customers per recency and per frequency, and each
// customer's monetary value in cents, ready to sort.
type tally struct {
	// counts counts the customers per value of R (days since the last
	// purchase) and of F (purchases), from 0; nil when the measure has
	// fixed cuts or values too far apart to count (see narrow).
	counts [2][]int64
	// cents holds the customers' monetary values in their order, as
	// sortable cents (see sortableCents); nil when M has fixed cuts, or
	// when a value is not a whole number of cents or is beyond what 32 bits
	// of cents hold (21 million either way).
	cents []uint32
}

// microPerCent is the number of money.Amount units in a cent.
const microPerCent = 10_000

// sortableCents returns a whole number of cents a, held in 32 bits with
// the sign bit flipped so that the numbers sort as the amounts do, and
// whether a is such an amount.
func sortableCents(a money.Amount) (uint32, bool) {
	c := int64(a) / microPerCent
	if int64(a)%microPerCent != 0 || c != int64(int32(c)) {
		return 0, false
	}
	return uint32(int32(c)) ^ 1<<31, true
}

// amountOfCents is the inverse of sortableCents.
func amountOfCents(s uint32) money.Amount {
	return money.Amount(int32(s^1<<31)) * microPerCent
}

// chunkTally is the tally of one chunk of customers.
type chunkTally struct {
	counts [2][]int64
	wide   [2]bool
	odd    bool // a monetary value that sortableCents cannot hold
}

// count counts one customer with value v of measure d (R or F); limit is
// the largest value counted, beyond which the measure is wide.
func (t *chunkTally) count(d Dim, v int32, limit int) {
	c := t.counts[d]
	if int(v) < len(c) && v >= 0 {
		c[v]++
		return
	}
	if t.wide[d] {
		return
	}
	if v < 0 || int(v) > limit {
		t.wide[d], t.counts[d] = true, nil
		return
	}
	grown := make([]int64, min(max(2*len(c), int(v)+1, 64), limit+1))
	copy(grown, c)
	grown[v]++
	t.counts[d] = grown
}

// measure fills res.Customers with the measures of the customers of h that
// have a purchase, and res.NoPurchase, on every core, and returns the tally
// of the measures that the quantile rule scores.
func measure(h *orders.Histories, opt Options, res *Result) *tally {
	chunks := h.Chunks()
	n := chunks[len(chunks)-1].Out
	res.NoPurchase = len(h.Customers) - n
	res.Customers = chunked.Make[Customer](n)
	t := &tally{}
	if opt.Cuts[M] == nil {
		t.cents = make([]uint32, n)
	}
	countR, countF := opt.Cuts[R] == nil, opt.Cuts[F] == nil
	limit := 2*n + 1024 // see narrow
	tallies := make([]chunkTally, len(chunks)-1)
	var wg sync.WaitGroup
	for w := range tallies {
		lo, hi, k := chunks[w].In, chunks[w+1].In, chunks[w].Out
		wg.Go(func() {
			ct := &tallies[w]
			for i := lo; i < hi; i++ {
				hc := &h.Customers[i]
				if len(hc.Purchases) == 0 {
					continue
				}
				// Stored whole at an element's address, which needs no
				// nil check: measureOne writing through a pointer it was
				// given would check it by reading the fresh page first,
				// which the kernel maps to the zero page, then copies on
				// the write, flushing the TLB of every core.
				c := res.Customers.At(k)
				*c = measureOne(hc, h.AsOf, opt)
				if countR {
					ct.count(R, c.Recency, limit)
				}
				if countF {
					ct.count(F, c.Frequency, limit)
				}
				if t.cents != nil {
					var ok bool
					t.cents[k], ok = sortableCents(c.Monetary)
					ct.odd = ct.odd || !ok
				}
				k++
			}
		})
	}
	wg.Wait()
	for d, on := range [2]bool{countR, countF} {
		if !on {
			continue
		}
		size := 0
		for i := range tallies {
			if tallies[i].wide[d] {
				size = -1
				break
			}
			size = max(size, len(tallies[i].counts[d]))
		}
		if size < 0 {
			continue
		}
		sum := make([]int64, size)
		for i := range tallies {
			for v, c := range tallies[i].counts[d] {
				sum[v] += c
			}
		}
		t.counts[d] = sum
	}
	for i := range tallies {
		if tallies[i].odd {
			t.cents = nil
		}
	}
	return t
}

// measureOne returns the measures of hc, a customer with a purchase.
func measureOne(hc *orders.Customer, asOf int32, opt Options) Customer {
	p := hc.Purchases
	c := Customer{ID: hc.ID, First: p[0].Day, Last: p[len(p)-1].Day}
	c.Recency = asOf - c.Last
	var net money.Amount
	for i := range p {
		net += p[i].Amount
	}
	for i := range hc.Returns {
		net += hc.Returns[i].Amount
	}
	c.Net = net
	c.Frequency = int32(len(p))
	if opt.Frequency == FrequencyDays {
		days := int32(0)
		prev := int32(math.MinInt32)
		for i := range p {
			if p[i].Day != prev {
				days++
				prev = p[i].Day
			}
		}
		c.Frequency = days
	}
	c.Monetary = net
	if opt.Monetary == MonetaryAverage {
		c.Monetary = divRound(net, int64(c.Frequency)).Round(2)
	}
	return c
}

// cuts returns the cuts of the quantile rule on the keys of measure d (see
// key) from the tally, or nil when it has not got them.
func (t *tally) cuts(d Dim, bins int) []int64 {
	switch {
	case d == M && t.cents != nil:
		gv, ends := centsGroups(t.cents)
		return cutsOf(gv, ends, bins)
	case d == M || t.counts[d] == nil:
		return nil
	case d == F:
		gv, ends := countedGroups(t.counts[F], 0)
		return cutsOf(gv, ends, bins)
	}
	// The key of R is minus the days: the counts reversed.
	c := t.counts[R]
	rev := make([]int64, len(c))
	for i, x := range c {
		rev[len(c)-1-i] = x
	}
	gv, ends := countedGroups(rev, -int64(len(c)-1))
	return cutsOf(gv, ends, bins)
}
