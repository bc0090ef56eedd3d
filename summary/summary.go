// Package summary audits a customer base: how many customers and orders,
// how much net revenue, how often customers come back and how concentrated
// revenue is.
//
// Conventions. A customer is an id with at least one purchase up to the
// as-of day (ids with only returns are counted apart). Money is exact
// (money.Amount); the average order value is the value of purchases before
// returns divided by the number of purchases, rounded half to even to the
// cent. Days are calendar days in the histories' zone: the gap between
// two purchases is the difference of their days, so two orders on one day are
// 0 days apart. Gaps are pooled over all customers. Revenue concentration
// ranks customers by net revenue and gives the share that the top
// ceil(p x customers) hold of Net, the net revenue printed beside it (ids
// with only returns included, as they are in Net), so that a share and its
// total are read off one screen.
package summary

import (
	"math"
	"slices"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/orders"
)

// Summary is the audit of one set of histories.
type Summary struct {
	// FirstDay and LastDay are the days of the first and last order
	// (purchase or return) up to AsOf.
	FirstDay, LastDay, AsOf int32

	Customers            int64 // ids with at least one purchase
	ReturnsOnlyCustomers int64 // ids with returns but no purchase
	Purchases            int64
	Returns              int64 // return orders
	Gross                money.Amount
	ReturnValue          money.Amount // zero or negative
	Net                  money.Amount // Gross + ReturnValue

	AvgOrderValue     money.Amount // Gross / Purchases
	OrdersPerCustomer float64
	RepeatCustomers   int64 // customers with 2 or more purchases
	RepeatRate        float64
	OneTimeBuyers     int64
	OneTimeShare      float64

	// Gaps between consecutive purchases of a customer, in days; NaN when
	// no customer bought twice.
	MedianGapDays         float64
	MeanGapDays           float64
	MedianFirstSecondDays float64

	Concentration []Share
	NewByMonth    []MonthCount
}

// Share is the part of net revenue held by the top customers.
type Share struct {
	Top       float64 // fraction of customers: 0.01, 0.1, 0.2
	Customers int64
	Net       money.Amount
	Share     float64 // of Summary.Net
}

// MonthCount is the number of customers whose first purchase fell in a
// calendar month.
type MonthCount struct {
	Month     string // "2011-12"
	Customers int64
	// Partial marks the month holding the as-of day when it ends after it.
	Partial bool
}

// TopFractions are the revenue-concentration cut-offs reported.
var TopFractions = []float64{0.01, 0.10, 0.20}

// Of computes the summary of h.
func Of(h *orders.Histories) *Summary {
	s := &Summary{FirstDay: math.MaxInt32, LastDay: math.MinInt32, AsOf: h.AsOf}
	nets := make([]money.Amount, 0, len(h.Customers))
	var gaps, firstSecond histogram
	firstMonth := make(map[int32]int64)
	for i := range h.Customers {
		c := &h.Customers[i]
		for _, list := range [][]orders.Order{c.Purchases, c.Returns} {
			if len(list) > 0 {
				s.FirstDay = min(s.FirstDay, list[0].Day)
				s.LastDay = max(s.LastDay, list[len(list)-1].Day)
			}
		}
		s.Returns += int64(len(c.Returns))
		for _, o := range c.Returns {
			s.ReturnValue += o.Amount
		}
		if len(c.Purchases) == 0 {
			s.ReturnsOnlyCustomers++
			continue
		}
		s.Customers++
		s.Purchases += int64(len(c.Purchases))
		gross := c.Gross()
		s.Gross += gross
		nets = append(nets, c.Net())
		if len(c.Purchases) >= 2 {
			s.RepeatCustomers++
			firstSecond.add(c.Purchases[1].Day - c.Purchases[0].Day)
		}
		for j := 1; j < len(c.Purchases); j++ {
			gaps.add(c.Purchases[j].Day - c.Purchases[j-1].Day)
		}
		firstMonth[dates.MonthIndex(c.Purchases[0].Day)]++
	}
	s.Net = s.Gross + s.ReturnValue
	s.OneTimeBuyers = s.Customers - s.RepeatCustomers
	if s.Customers > 0 {
		s.OrdersPerCustomer = float64(s.Purchases) / float64(s.Customers)
		s.RepeatRate = float64(s.RepeatCustomers) / float64(s.Customers)
		s.OneTimeShare = float64(s.OneTimeBuyers) / float64(s.Customers)
	}
	if s.Purchases > 0 {
		s.AvgOrderValue = divRound(s.Gross, s.Purchases).Round(2)
	}
	s.MedianGapDays, s.MeanGapDays = gaps.median(), gaps.mean()
	s.MedianFirstSecondDays = firstSecond.median()
	s.Concentration = concentration(nets, s.Net)
	s.NewByMonth = newByMonth(firstMonth, h.AsOf, 12)
	return s
}

// divRound divides an amount by n, rounding half to even.
func divRound(a money.Amount, n int64) money.Amount {
	q, r := int64(a)/n, int64(a)%n
	switch r2 := 2 * abs(r); {
	case r2 > n || (r2 == n && q%2 != 0):
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return money.Amount(q)
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// concentration gives the part of total that the top customers by net
// revenue hold; nets are the customers' net revenues.
func concentration(nets []money.Amount, total money.Amount) []Share {
	ks := make([]int, len(TopFractions))
	for i, f := range TopFractions {
		ks[i] = int(math.Ceil(f * float64(len(nets))))
	}
	// Move the largest k to the front for each k, largest k first, each
	// selection within the one before: linear time, no full sort.
	top := make([]money.Amount, len(ks))
	part := nets
	for i := len(ks) - 1; i >= 0; i-- {
		part = part[:selectLargest(part, ks[i])]
		for _, n := range part {
			top[i] += n
		}
	}
	out := make([]Share, 0, len(TopFractions))
	for i, f := range TopFractions {
		sh := Share{Top: f, Customers: int64(ks[i]), Net: top[i], Share: math.NaN()}
		if total != 0 {
			sh.Share = float64(top[i]) / float64(total)
		}
		out = append(out, sh)
	}
	return out
}

// selectLargest reorders a so that its first k elements are k largest ones
// (in no particular order), and returns k. Quickselect with a
// median-of-three pivot; ties may fall on either side of the cut, which does
// not change the sum of the first k.
func selectLargest(a []money.Amount, k int) int {
	lo, hi := 0, len(a) // the cut lies in a[lo:hi]
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		p := median3(a[lo], a[mid], a[hi-1])
		// Three-way partition of a[lo:hi]: > p, == p, < p.
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch {
			case a[i] > p:
				a[lt], a[i] = a[i], a[lt]
				lt++
				i++
			case a[i] < p:
				gt--
				a[gt], a[i] = a[i], a[gt]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k > gt:
			lo = gt
		default:
			return k
		}
	}
	return k
}

func median3(a, b, c money.Amount) money.Amount {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		b = a
	}
	return b
}

// newByMonth counts first purchases in the n calendar months ending with the
// as-of month.
func newByMonth(first map[int32]int64, asOf int32, n int) []MonthCount {
	last := dates.MonthIndex(asOf)
	partial := dates.MonthIndex(asOf+1) == last // the as-of day is not the month's last
	out := make([]MonthCount, 0, n)
	for i := int32(n - 1); i >= 0; i-- {
		mi := last - i
		out = append(out, MonthCount{Month: dates.MonthString(mi), Customers: first[mi], Partial: i == 0 && partial})
	}
	return out
}

// histogram counts non-negative day gaps exactly, so that medians of
// millions of gaps need no sort.
type histogram struct {
	counts []int64
	n      int64
	sum    int64
}

func (h *histogram) add(d int32) {
	if d < 0 {
		d = 0 // cannot happen for time-ordered purchases
	}
	if int(d) >= len(h.counts) {
		h.counts = slices.Grow(h.counts, int(d)+1-len(h.counts))[:int(d)+1]
	}
	h.counts[d]++
	h.n++
	h.sum += int64(d)
}

func (h *histogram) mean() float64 {
	if h.n == 0 {
		return math.NaN()
	}
	return float64(h.sum) / float64(h.n)
}

// median is the middle value, or the mean of the two middle values.
func (h *histogram) median() float64 {
	if h.n == 0 {
		return math.NaN()
	}
	lo, hi := (h.n-1)/2, h.n/2 // 0-based ranks of the middle values
	var seen int64
	a := -1
	for d, c := range h.counts {
		if a < 0 && seen+c > lo {
			a = d
		}
		if seen+c > hi {
			return float64(a+d) / 2
		}
		seen += c
	}
	return math.NaN()
}
