package ltv

import (
	"math"
	"sync"

	"lifecycle/internal/parallel"
	"lifecycle/money"
	"lifecycle/msg"
	"lifecycle/orders"
)

// Unit is the time unit of t_x, T, the horizon and the rate parameters
// (alpha, beta): a number of civil days.
type Unit int

// The time units.
const (
	Week Unit = iota // 7 days, as in the papers
	Day
)

// Days returns the length of u in days.
func (u Unit) Days() float64 {
	if u == Day {
		return 1
	}
	return 7
}

// String returns "week" or "day".
func (u Unit) String() string {
	if u == Day {
		return "day"
	}
	return "week"
}

// Summary is what the models know of one customer: the repeat purchases
// and when they happened, in a time unit, and the mean value of the repeat
// purchases.
type Summary struct {
	// X is the number of repeat purchases: distinct purchase days minus 1.
	X int
	// Tx is the time from the first purchase to the last (0 when X = 0).
	Tx float64
	// T is the time from the first purchase to the as-of day.
	T float64
	// Spend is the mean value of the repeat purchases (a day's purchases
	// are one purchase worth their sum); 0 when X = 0.
	Spend float64
}

// Customer is a customer's summary with what the output shows beside it.
type Customer struct {
	ID string
	Summary
	// Orders is the number of purchases (not days).
	Orders int
	// Gross is the value of the purchases; Net adds the (negative) returns.
	Gross, Net money.Amount
}

// Summarize returns the summary of every customer of h with a purchase on
// or before h.AsOf, in the order of h.Customers, and the number of
// customers left out (only returns). Times are measured in whole civil days
// (Order.Day) and divided by unit.Days().
func Summarize(h *orders.Histories, unit Unit) (cs []Customer, noPurchase int) {
	n, noPurchase := withPurchase(h)
	cs = make([]Customer, n)
	summarizeEach(h, unit, func(j int, c Customer) { cs[j] = c })
	return cs, noPurchase
}

// Columns are customers as Summarize gives them, a slice for each field:
// Summaries is what Group takes, without the copy that Summaries makes of
// millions of customers.
type Columns struct {
	IDs        []string
	Summaries  []Summary
	Orders     []int
	Gross, Net []money.Amount
}

// Len returns the number of customers.
func (c *Columns) Len() int { return len(c.IDs) }

// Customer returns customer i.
func (c *Columns) Customer(i int) Customer {
	return Customer{ID: c.IDs[i], Summary: c.Summaries[i], Orders: c.Orders[i], Gross: c.Gross[i], Net: c.Net[i]}
}

// SummarizeColumns is Summarize, in columns.
func SummarizeColumns(h *orders.Histories, unit Unit) (cols Columns, noPurchase int) {
	n, noPurchase := withPurchase(h)
	cols = Columns{IDs: make([]string, n), Summaries: make([]Summary, n), Orders: make([]int, n),
		Gross: make([]money.Amount, n), Net: make([]money.Amount, n)}
	summarizeEach(h, unit, func(j int, c Customer) {
		cols.IDs[j], cols.Summaries[j], cols.Orders[j], cols.Gross[j], cols.Net[j] = c.ID, c.Summary, c.Orders, c.Gross, c.Net
	})
	return cols, noPurchase
}

// withPurchase returns the number of customers of h with a purchase and
// without one.
func withPurchase(h *orders.Histories) (n, none int) {
	for i := range h.Customers {
		if len(h.Customers[i].Purchases) == 0 {
			none++
		}
	}
	return len(h.Customers) - none, none
}

// summarizeEach calls put(j, c) with the summary of each customer of h
// with a purchase, j counting them in the order of h.Customers, from
// several goroutines at once.
func summarizeEach(h *orders.Histories, unit Unit, put func(j int, c Customer)) {
	// Customers with a purchase keep their order: customer i goes to
	// slot i less the customers without one before it, counted per chunk.
	per := unit.Days()
	inParallelChunks(len(h.Customers), func(lo, hi int, skipped int) {
		j := lo - skipped
		for i := lo; i < hi; i++ {
			c := &h.Customers[i]
			if len(c.Purchases) == 0 {
				continue
			}
			put(j, summarize(c, h.AsOf, per))
			j++
		}
	}, func(lo, hi int) int {
		n := 0
		for i := lo; i < hi; i++ {
			if len(h.Customers[i].Purchases) == 0 {
				n++
			}
		}
		return n
	})
}

// summarize returns the summary of c, which has a purchase.
func summarize(c *orders.Customer, asOf int32, per float64) Customer {
	first := c.Purchases[0].Day
	days, last := 1, first
	var gross, repeat money.Amount
	for _, o := range c.Purchases {
		gross += o.Amount
		if o.Day != first {
			repeat += o.Amount
		}
		if o.Day != last {
			days++
			last = o.Day
		}
	}
	net := gross
	for _, o := range c.Returns {
		net += o.Amount
	}
	s := Summary{X: days - 1, Tx: float64(last-first) / per, T: float64(asOf-first) / per}
	if s.X > 0 {
		s.Spend = repeat.Float64() / float64(s.X)
	}
	return Customer{ID: c.ID, Summary: s, Orders: len(c.Purchases), Gross: gross, Net: net}
}

// Summaries returns the summaries of cs.
func Summaries(cs []Customer) []Summary {
	out := make([]Summary, len(cs))
	parallel.For(len(cs), 1000, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = cs[i].Summary
		}
	})
	return out
}

// check reports the first summary that no model can read.
func check(cs []Summary) error {
	// The first bad summary of each core's share; the first share's that
	// has one is the first.
	first := len(cs)
	var mu sync.Mutex
	parallel.For(len(cs), 100_000, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			c := &cs[i]
			bad := c.X < 0 || !(c.T >= 0) || !(c.Tx >= 0) || c.Tx > c.T || math.IsInf(c.T, 0) ||
				(c.X == 0 && c.Tx != 0)
			if bad {
				mu.Lock()
				first = min(first, i)
				mu.Unlock()
				return
			}
		}
	})
	if first < len(cs) {
		c := cs[first]
		return msg.Errorf("%w: customer %d: x %d, t_x %g, T %g (want x >= 0, 0 <= t_x <= T, t_x = 0 when x = 0)",
			ErrSummary, first+1, c.X, c.Tx, c.T)
	}
	return nil
}
