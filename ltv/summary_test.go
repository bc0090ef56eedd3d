package ltv

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/orders"
)

func order(day string, amount float64) orders.Order {
	d, err := dates.ParseDay(day)
	if err != nil {
		panic(err)
	}
	return orders.Order{Day: d, Amount: money.Amount(math.Round(amount * money.Scale))}
}

// TestSummarize: x counts distinct purchase days, the spend is the mean of
// the repeat days' totals, times are whole days in the unit, customers
// with only returns are left out.
func TestSummarize(t *testing.T) {
	asOf, _ := dates.ParseDay("2024-01-29")
	h := &orders.Histories{AsOf: asOf, Customers: []orders.Customer{
		{ID: "once", Purchases: []orders.Order{order("2024-01-01", 10)}},
		{ID: "twice same day", Purchases: []orders.Order{order("2024-01-08", 10), order("2024-01-08", 5)}},
		{ID: "repeat", Purchases: []orders.Order{
			order("2024-01-01", 100), order("2024-01-08", 20), order("2024-01-08", 10), order("2024-01-15", 60),
		}, Returns: []orders.Order{order("2024-01-20", -25)}},
		{ID: "returns only", Returns: []orders.Order{order("2024-01-02", -5)}},
	}}
	cs, none := Summarize(h, Week)
	assert.Equal(t, 1, none)
	require.Len(t, cs, 3)
	assert.Equal(t, Summary{X: 0, Tx: 0, T: 4}, cs[0].Summary)
	assert.Equal(t, Summary{X: 0, Tx: 0, T: 3}, cs[1].Summary, "two orders on one day are one purchase")
	assert.Equal(t, 2, cs[1].Orders)
	// Repeat days: Jan 8 (20 + 10) and Jan 15 (60): mean 45.
	assert.Equal(t, Summary{X: 2, Tx: 2, T: 4, Spend: 45}, cs[2].Summary)
	assert.Equal(t, 4, cs[2].Orders)
	assert.Equal(t, "190.00", cs[2].Gross.Round(2).String())
	assert.Equal(t, "165.00", cs[2].Net.Round(2).String())

	days, _ := Summarize(h, Day)
	assert.Equal(t, Summary{X: 2, Tx: 14, T: 28, Spend: 45}, days[2].Summary)
}

// TestSummarizeParallel: a large input, summarised on every core, equals
// the customer-by-customer summaries, in the input's order, with the
// customers without a purchase left out.
func TestSummarizeParallel(t *testing.T) {
	h := &orders.Histories{AsOf: 20000}
	for i := range 300_000 {
		c := orders.Customer{ID: strconv.Itoa(i)}
		if i%7 != 3 {
			for k := range i % 5 {
				c.Purchases = append(c.Purchases, orders.Order{Day: int32(19000 + i%900 + 3*k), Amount: money.Amount(1000 * (k + 1))})
			}
		}
		if len(c.Purchases) == 0 {
			c.Returns = []orders.Order{{Day: 19990, Amount: -5}}
		}
		h.Customers = append(h.Customers, c)
	}
	cs, none := Summarize(h, Week)
	var want []Customer
	for i := range h.Customers {
		if len(h.Customers[i].Purchases) > 0 {
			want = append(want, summarize(&h.Customers[i], h.AsOf, 7))
		}
	}
	assert.Equal(t, len(h.Customers)-len(want), none)
	require.Equal(t, len(want), len(cs))
	for i := range want {
		if want[i] != cs[i] {
			t.Fatalf("customer %d: %+v, want %+v", i, cs[i], want[i])
		}
	}
	cols, none := SummarizeColumns(h, Week)
	assert.Equal(t, len(h.Customers)-len(want), none)
	require.Equal(t, len(want), cols.Len())
	for i := range want {
		if c := cols.Customer(i); want[i] != c {
			t.Fatalf("column customer %d: %+v, want %+v", i, c, want[i])
		}
	}
}

// TestCheckFirst: of several summaries that no model can read, read on
// every core, the error names the first.
func TestCheckFirst(t *testing.T) {
	cs := make([]Summary, 300_000)
	for i := range cs {
		cs[i] = Summary{X: i % 3, Tx: float64(i % 3), T: 10}
	}
	require.NoError(t, check(cs))
	cs[250_000] = Summary{X: -1, T: 1}
	cs[150_001] = Summary{X: 1, Tx: 2, T: 1}
	err := check(cs)
	assert.ErrorIs(t, err, ErrSummary)
	assert.Contains(t, err.Error(), "customer 150002:")
}
