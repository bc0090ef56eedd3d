package summary

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/money"
)

// TestMonthlyHandComputed: new and returning buyers and their net revenue
// per month, by hand:
//
//	a: new in 2021-01 (10 + 20), returning in 2021-02 (30, and a return of -5)
//	b: new in 2021-02 (100, twice the same month: one buyer)
//	c: new in 2021-03 (1); a (returning) buys in 2021-03 too (4)
//	d: returns only (in 2021-02): no buyer, its return counted nowhere
func TestMonthlyHandComputed(t *testing.T) {
	h := read(t, `customer_id,order_date,amount
a,2021-01-01,10.00
a,2021-01-11,20.00
a,2021-02-03,30.00
a,2021-02-04,-5.00
b,2021-02-01,60.00
b,2021-02-20,40.00
c,2021-03-01,1.00
a,2021-03-02,4.00
d,2021-02-10,-2.00
`)
	ms := Monthly(h, 24)
	require.Len(t, ms, 3)
	amt := func(s string) money.Amount {
		a, err := money.Parse([]byte(s), money.Options{})
		require.NoError(t, err)
		return a
	}
	assert.Equal(t, Month{Month: "2021-01", New: 1, NewNet: amt("30")}, ms[0])
	assert.Equal(t, Month{Month: "2021-02", New: 1, Returning: 1, NewNet: amt("100"), ReturningNet: amt("25")}, ms[1])
	assert.Equal(t, Month{Month: "2021-03", New: 1, Returning: 1, NewNet: amt("1"), ReturningNet: amt("4"), Partial: true}, ms[2])
	assert.Len(t, Monthly(h, 2), 2, "the last n months")
	assert.Equal(t, "2021-02", Monthly(h, 2)[0].Month)

	mar1, _ := dates.ParseDay("2021-03-01")
	assert.Equal(t, int64(2), Active(h, mar1-1, h.AsOf), "a and c bought in March")
	assert.Equal(t, int64(2), Active(h, mar1-30, mar1-1), "a and b in the 30 days to February's end")

	// Pareto: 3 purchasers ranked by net revenue, b (100), a (59), c (1);
	// d's return is in the total, as in Concentration.
	p := Pareto(h)
	require.Len(t, p, 101)
	total := 30.0 + 25 + 4 + 100 + 1 - 2
	assert.Equal(t, 0.0, p[0])
	assert.InDelta(t, 100/total, p[1], 1e-12, "the top 1%: ceil(0.03) = 1 customer, b")
	assert.InDelta(t, 100/total, p[33], 1e-12, "ceil(0.99) = 1")
	assert.InDelta(t, (100+59)/total, p[34], 1e-12, "ceil(1.02) = 2: b and a")
	assert.InDelta(t, (100+59+1)/total, p[100], 1e-12, "all purchasers: the total less d's return")
	sm := Of(h)
	assert.InDelta(t, sm.Concentration[1].Share, p[10], 1e-12, "as Concentration's top 10%")
}
