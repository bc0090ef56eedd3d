package summary

import (
	"slices"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/orders"
)

// Month is one calendar month's buyers, new and returning: a new customer's
// first purchase falls in the month; a returning customer bought in the
// month and first bought before it. Net revenue is each group's purchases
// and returns dated in the month.
type Month struct {
	Month                string // "2011-12"
	New, Returning       int64
	NewNet, ReturningNet money.Amount
	// Partial marks the month holding the as-of day when it ends after it.
	Partial bool
}

// Monthly returns the last n months up to the as-of day's (fewer when the
// histories start later), oldest first.
func Monthly(h *orders.Histories, n int) []Month {
	last := dates.MonthIndex(h.AsOf)
	first := last - int32(n) + 1
	start := last + 1
	for i := range h.Customers {
		if p := h.Customers[i].Purchases; len(p) > 0 {
			start = min(start, dates.MonthIndex(p[0].Day))
		}
	}
	first = max(first, start)
	if first > last {
		return nil
	}
	ms := make([]Month, last-first+1)
	seen := make([]int32, len(ms)) // the customer last counted in a month, +1
	for i := range h.Customers {
		c := &h.Customers[i]
		if len(c.Purchases) == 0 {
			continue
		}
		firstMonth := dates.MonthIndex(c.Purchases[0].Day)
		add := func(o orders.Order, buyer bool) {
			m := dates.MonthIndex(o.Day)
			if m < first || m > last {
				return
			}
			k := m - first
			isNew := m == firstMonth
			if buyer && seen[k] != int32(i)+1 {
				seen[k] = int32(i) + 1
				if isNew {
					ms[k].New++
				} else {
					ms[k].Returning++
				}
			}
			if isNew {
				ms[k].NewNet += o.Amount
			} else {
				ms[k].ReturningNet += o.Amount
			}
		}
		for _, o := range c.Purchases {
			add(o, true)
		}
		for _, o := range c.Returns {
			add(o, false)
		}
	}
	for k := range ms {
		m := first + int32(k)
		ms[k].Month = dates.MonthString(m)
		ms[k].Partial = m == last && dates.MonthStart(m+1)-1 > h.AsOf
	}
	return ms
}

// Active counts the customers with a purchase in the days after from up to
// and including to.
func Active(h *orders.Histories, from, to int32) int64 {
	var n int64
	for i := range h.Customers {
		p := h.Customers[i].Purchases
		// The last purchase on or before to is after from.
		j := len(p)
		for j > 0 && p[j-1].Day > to {
			j--
		}
		if j > 0 && p[j-1].Day > from {
			n++
		}
	}
	return n
}

// Pareto returns the share of net revenue held by the top k% of customers
// (ranked by net revenue, as Concentration), for k = 0, 1, ..., 100.
func Pareto(h *orders.Histories) []float64 {
	nets := make([]money.Amount, 0, len(h.Customers))
	var total money.Amount
	for i := range h.Customers {
		c := &h.Customers[i]
		n := c.Net()
		total += n
		if len(c.Purchases) > 0 {
			nets = append(nets, n)
		}
	}
	// Sorted ascending (the plain sort of integers, without a comparison
	// function, is twice as fast) and read from the end: the largest first.
	slices.Sort(nets)
	out := make([]float64, 101)
	if total == 0 || len(nets) == 0 {
		return out
	}
	var cum money.Amount
	j := 0
	for k := 1; k <= 100; k++ {
		// The top ceil(k% x customers), as Concentration counts them.
		upto := (len(nets)*k + 99) / 100
		for ; j < upto; j++ {
			cum += nets[len(nets)-1-j]
		}
		out[k] = float64(cum) / float64(total)
	}
	return out
}
