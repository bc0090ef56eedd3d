package summary

import (
	"lifecycle/money"
	"lifecycle/orders"
)

// Totals are the counts and sums of a summary: what Of gives for
// Customers, ReturnsOnlyCustomers, Purchases, Returns, RepeatCustomers,
// Gross and ReturnValue, and from them Net, RepeatRate and AvgOrderValue
// by the same rules.
type Totals struct {
	Customers            int64 // ids with at least one purchase
	ReturnsOnlyCustomers int64 // ids with returns but no purchase
	Purchases            int64
	Returns              int64
	RepeatCustomers      int64 // customers with 2 or more purchases
	Gross                money.Amount
	ReturnValue          money.Amount // zero or negative
}

// Totals are the counts and sums of s.
func (s *Summary) Totals() Totals {
	return Totals{Customers: s.Customers, ReturnsOnlyCustomers: s.ReturnsOnlyCustomers, Purchases: s.Purchases,
		Returns: s.Returns, RepeatCustomers: s.RepeatCustomers, Gross: s.Gross, ReturnValue: s.ReturnValue}
}

// Net is Gross + ReturnValue.
func (t Totals) Net() money.Amount { return t.Gross + t.ReturnValue }

// RepeatRate is the share of customers with two purchases or more; 0 when
// there is no customer.
func (t Totals) RepeatRate() float64 {
	if t.Customers == 0 {
		return 0
	}
	return float64(t.RepeatCustomers) / float64(t.Customers)
}

// AvgOrderValue is Gross / Purchases, rounded half to even to the cent; 0
// when there is no purchase.
func (t Totals) AvgOrderValue() money.Amount {
	if t.Purchases == 0 {
		return 0
	}
	return divRound(t.Gross, t.Purchases).Round(2)
}

// TotalsAt returns, for each of days, the totals of the summary at that
// as-of day: those of Of(h.Until(day)), counted in one pass over h for
// all the days, without a copy of the histories.
func TotalsAt(h *orders.Histories, days ...int32) []Totals {
	out := make([]Totals, len(days))
	for i := range h.Customers {
		c := &h.Customers[i]
		for k, day := range days {
			t := &out[k]
			var purchases int64
			for _, o := range c.Purchases {
				if o.Day > day {
					break
				}
				purchases++
				t.Gross += o.Amount
			}
			var returns int64
			for _, o := range c.Returns {
				if o.Day > day {
					break
				}
				returns++
				t.ReturnValue += o.Amount
			}
			t.Returns += returns
			switch {
			case purchases > 0:
				t.Customers++
				t.Purchases += purchases
				if purchases >= 2 {
					t.RepeatCustomers++
				}
			case returns > 0:
				t.ReturnsOnlyCustomers++
			}
		}
	}
	return out
}
