package summary

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/orders"
)

func read(t *testing.T, text string) *orders.Histories {
	t.Helper()
	h, err := orders.Read([]orders.Input{{Name: "t.csv", R: strings.NewReader(text)}}, orders.Options{MaxBad: 0.05})
	require.NoError(t, err)
	return h
}

// TestHandComputed checks every figure against a computation by hand on a
// small base:
//
//	a: 2021-01-01 10.00, 2021-01-11 20.00, 2021-01-31 30.00, return -5.00 -> net 55, gaps 10, 20
//	b: 2021-02-01 100.00, 2021-02-02 0.00                                    -> net 100, gap 1
//	c: 2021-03-01 1.00                                                       -> net 1
//	d: return only -2.00
func TestHandComputed(t *testing.T) {
	h := read(t, `customer_id,order_date,amount
a,2021-01-01,10.00
a,2021-01-11,20.00
a,2021-01-31,30.00
a,2021-02-03,-5.00
b,2021-02-01,100.00
b,2021-02-02,0
c,2021-03-01,1.00
d,2021-02-10,-2.00
`)
	s := Of(h)
	m := func(v string) money.Amount { a, _ := money.ParseString(v, money.Options{}); return a }
	assert.Equal(t, int64(3), s.Customers)
	assert.Equal(t, int64(1), s.ReturnsOnlyCustomers)
	assert.Equal(t, int64(6), s.Purchases)
	assert.Equal(t, int64(2), s.Returns)
	assert.Equal(t, m("161"), s.Gross)
	assert.Equal(t, m("-7"), s.ReturnValue)
	assert.Equal(t, m("154"), s.Net)
	assert.Equal(t, m("26.83"), s.AvgOrderValue, "161/6 rounded half to even to the cent")
	assert.Equal(t, 2.0, s.OrdersPerCustomer)
	assert.Equal(t, int64(2), s.RepeatCustomers)
	assert.InDelta(t, 2.0/3, s.RepeatRate, 1e-12)
	assert.Equal(t, int64(1), s.OneTimeBuyers)
	assert.Equal(t, 10.0, s.MedianGapDays, "gaps 1, 10, 20")
	assert.InDelta(t, 31.0/3, s.MeanGapDays, 1e-12)
	assert.Equal(t, 5.5, s.MedianFirstSecondDays, "first gaps 10 and 1")
	// Net revenue of the buyers: 100, 55, 1. Top 1%, 10%, 20% of 3
	// customers is ceil(...) = 1 customer each. The share is of the net
	// revenue printed beside it, 154 (d's return included), not of the
	// buyers' 156.
	require.Len(t, s.Concentration, 3)
	for _, c := range s.Concentration {
		assert.Equal(t, int64(1), c.Customers)
		assert.Equal(t, m("100"), c.Net)
		assert.InDelta(t, 100.0/154, c.Share, 1e-12)
	}
	require.Len(t, s.NewByMonth, 12)
	last := s.NewByMonth[11]
	assert.Equal(t, "2021-03", last.Month)
	assert.Equal(t, int64(1), last.Customers)
	assert.True(t, last.Partial, "the as-of day 2021-03-01 is not the end of March")
	assert.Equal(t, "2021-02", s.NewByMonth[10].Month)
	assert.Equal(t, int64(1), s.NewByMonth[10].Customers)
	assert.Equal(t, int64(1), s.NewByMonth[9].Customers)
	assert.Equal(t, "2020-04", s.NewByMonth[0].Month)
	assert.Equal(t, dates.DayOf(2021, 3, 1), s.AsOf)
	assert.Equal(t, dates.DayOf(2021, 1, 1), s.FirstDay)
	assert.Equal(t, dates.DayOf(2021, 3, 1), s.LastDay)
}

func TestNoRepeatBuyers(t *testing.T) {
	s := Of(read(t, "customer_id,order_date,amount\na,2021-01-01,1\nb,2021-01-02,2\n"))
	assert.True(t, math.IsNaN(s.MedianGapDays))
	assert.True(t, math.IsNaN(s.MeanGapDays))
	assert.True(t, math.IsNaN(s.MedianFirstSecondDays))
}

func TestHistogramMedian(t *testing.T) {
	for _, tc := range []struct {
		gaps []int32
		want float64
	}{
		{[]int32{5}, 5},
		{[]int32{1, 3}, 2},
		{[]int32{0, 0, 7}, 0},
		{[]int32{9, 1, 4, 4}, 4},
		{[]int32{2, 8, 100, 3}, 5.5},
	} {
		var h histogram
		for _, g := range tc.gaps {
			h.add(g)
		}
		assert.Equal(t, tc.want, h.median(), tc.gaps)
	}
}

func TestDivRound(t *testing.T) {
	assert.Equal(t, money.Amount(2), divRound(5, 2), "2.5 -> 2 (even)")
	assert.Equal(t, money.Amount(4), divRound(7, 2), "3.5 -> 4 (even)")
	assert.Equal(t, money.Amount(-2), divRound(-5, 2))
	assert.Equal(t, money.Amount(-4), divRound(-7, 2))
	assert.Equal(t, money.Amount(3), divRound(10, 3))
}

// TestSelectLargest checks the selection against a full sort on random
// data with many ties.
func TestSelectLargest(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		n := r.IntN(300)
		a := make([]money.Amount, n)
		for i := range a {
			a[i] = money.Amount(r.IntN(20) - 5)
		}
		k := 0
		if n > 0 {
			k = r.IntN(n + 1)
		}
		sorted := slices.Clone(a)
		slices.Sort(sorted)
		slices.Reverse(sorted)
		var want, got money.Amount
		for _, v := range sorted[:k] {
			want += v
		}
		selectLargest(a, k)
		for _, v := range a[:k] {
			got += v
		}
		require.Equal(t, want, got, "n=%d k=%d", n, k)
		if k > 0 && k < n {
			minTop := slices.Min(a[:k])
			assert.GreaterOrEqual(t, minTop, slices.Max(a[k:]))
		}
	}
}
