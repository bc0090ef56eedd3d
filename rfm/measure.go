package rfm

import (
	"math"
	"sync"

	"lifecycle/money"
	"lifecycle/orders"
)

// tally is what measuring the customers gathers on the way for the
// quantile rule, so that finding the cuts need not go through millions of
// customers again: the customers per recency and per frequency, and each
// customer's monetary value with the range of those values.
type tally struct {
	// counts counts the customers per value of R (days since the last
	// purchase) and of F (purchases), from 0; nil when the measure has
	// fixed cuts or values too far apart to count (see narrow).
	counts [2][]int64
	// money holds the customers' monetary values in their order (nil when
	// M has fixed cuts), from lo to hi; cents says that each is a whole
	// number of cents.
	money  []int64
	lo, hi int64
	cents  bool
}

// microPerCent is the number of money.Amount units in a cent.
const microPerCent = 10_000

// chunkTally is the tally of one chunk of customers.
type chunkTally struct {
	counts [2][]int64
	wide   [2]bool
	lo, hi int64
	frac   bool // a monetary value is not a whole number of cents
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
	res.Customers = make([]Customer, n)
	t := &tally{}
	if opt.Cuts[M] == nil {
		t.money = make([]int64, n)
	}
	countR, countF := opt.Cuts[R] == nil, opt.Cuts[F] == nil
	limit := 2*n + 1024 // see narrow
	tallies := make([]chunkTally, len(chunks)-1)
	var wg sync.WaitGroup
	for w := range tallies {
		lo, hi, k := chunks[w].In, chunks[w+1].In, chunks[w].Out
		wg.Go(func() {
			ct := &tallies[w]
			ct.lo, ct.hi = math.MaxInt64, math.MinInt64
			for i := lo; i < hi; i++ {
				hc := &h.Customers[i]
				if len(hc.Purchases) == 0 {
					continue
				}
				// Stored whole, not through a pointer: a pointer's nil
				// check would read the fresh page first, and the kernel
				// would map it to the zero page, then copy it on the
				// write and flush the TLB of every core.
				res.Customers[k] = measureOne(hc, h.AsOf, opt)
				c := &res.Customers[k]
				if countR {
					ct.count(R, c.Recency, limit)
				}
				if countF {
					ct.count(F, c.Frequency, limit)
				}
				if t.money != nil {
					v := int64(c.Monetary)
					t.money[k] = v
					ct.lo, ct.hi = min(ct.lo, v), max(ct.hi, v)
					ct.frac = ct.frac || v%microPerCent != 0
				}
				k++
			}
		})
	}
	wg.Wait()
	t.lo, t.hi, t.cents = math.MaxInt64, math.MinInt64, true
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
		t.lo, t.hi = min(t.lo, tallies[i].lo), max(t.hi, tallies[i].hi)
		t.cents = t.cents && !tallies[i].frac
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
	case d == M && t.money != nil:
		gv, ends := moneyGroups(t.money, t.lo, t.hi, t.cents)
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
