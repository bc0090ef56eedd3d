package churn

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/orders"
)

// backtestStore is a store as of 2024-06-30 for a 30-day backtest (cut
// 2024-05-31). At the cut:
//
//	A  one purchase, 2024-01-01 (10.00): 151 days; dormant and
//	   no-second-purchase; no purchase after: churned (a hit).
//	B  2024-01-10 (20.00): dormant and no-second-purchase at the cut; buys
//	   again 2024-06-10: not churned (a false alarm).
//	C  2024-05-20 (30.00): 11 days, no rule; no purchase after: churned
//	   (missed).
//	D  5.00 on 2024-05-01, -15, -29, then 2024-06-12, -26: every 14 days,
//	   2 days since the last at the cut: no rule; not churned.
//	E  first purchase after the cut: not in the backtest.
//	F  only a return before the cut: not in the backtest.
//
// Customers 4, churned 2 (A, C): base rate 0.5. dormant and
// no-second-purchase flag A and B: precision 1/2, recall 1/2, lift 1;
// weighted by value at risk at the cut (A 10, B 20, C 30, D 15): value
// precision 10/30, value recall 10/40. overdue and declining flag no one.
func backtestStore() *orders.Histories {
	return &orders.Histories{
		AsOf: day(2024, 6, 30),
		Customers: []orders.Customer{
			{ID: "A", Purchases: []orders.Order{order(day(2024, 1, 1), "10")}},
			{ID: "E", Purchases: []orders.Order{order(day(2024, 6, 5), "99")}},
			{ID: "B", Purchases: []orders.Order{order(day(2024, 1, 10), "20"), order(day(2024, 6, 10), "20")}},
			{ID: "F", Returns: []orders.Order{order(day(2024, 2, 1), "-3")}},
			{ID: "C", Purchases: []orders.Order{order(day(2024, 5, 20), "30")}},
			{ID: "D", Purchases: []orders.Order{order(day(2024, 5, 1), "5"), order(day(2024, 5, 15), "5"), order(day(2024, 5, 29), "5"),
				order(day(2024, 6, 12), "5"), order(day(2024, 6, 26), "5")}},
		},
	}
}

func TestBacktest(t *testing.T) {
	h := backtestStore()
	// The comparison seam: a model that flags C only, given the cut.
	var cutIDs []string
	cmp := Comparison{Name: "c-only", Flag: func(cut *orders.Histories) ([]bool, error) {
		flags := make([]bool, len(cut.Customers))
		for i, c := range cut.Customers {
			cutIDs = append(cutIDs, c.ID)
			flags[i] = c.ID == "C"
		}
		return flags, nil
	}}
	bt, err := Backtest(h, mustDefault(t), BacktestOptions{Horizon: 30, Compare: []Comparison{cmp}})
	require.NoError(t, err)
	assert.Equal(t, day(2024, 5, 31), bt.Cut)
	assert.Equal(t, []string{"A", "B", "F", "C", "D"}, cutIDs, "the cut has the customers with an order by then")
	assert.Equal(t, 4, bt.Customers)
	assert.Equal(t, 2, bt.Churned)
	assert.Equal(t, 0.5, bt.BaseRate)
	assert.Equal(t, "75.00", bt.Value.String())
	assert.Equal(t, "40.00", bt.ChurnedValue.String())

	byName := map[string]Score{}
	for _, s := range bt.Rules {
		byName[s.Name] = s
	}
	for _, name := range []string{"dormant", "no-second-purchase"} {
		s := byName[name]
		assert.Equal(t, 2, s.Flagged, name)
		assert.Equal(t, 1, s.Hits, name)
		assert.Equal(t, 0.5, s.Precision, name)
		assert.Equal(t, 0.5, s.Recall, name)
		assert.Equal(t, 1.0, s.Lift, name)
		assert.Equal(t, "30.00", s.FlaggedValue.String(), name)
		assert.InDelta(t, 10.0/30, s.ValuePrecision, 1e-12, name)
		assert.InDelta(t, 10.0/40, s.ValueRecall, 1e-12, name)
	}
	for _, name := range []string{"overdue", "declining"} {
		s := byName[name]
		assert.Equal(t, 0, s.Flagged, name)
		assert.True(t, math.IsNaN(s.Precision), name)
		assert.Equal(t, 0.0, s.Recall, name)
		assert.True(t, math.IsNaN(s.Lift), name)
	}
	assert.Equal(t, 2, bt.Model.Flagged)
	assert.Equal(t, 0.5, bt.Model.Precision)

	require.Len(t, bt.Compare, 1)
	c := bt.Compare[0]
	assert.Equal(t, [2]int{1, 1}, [2]int{c.Flagged, c.Hits})
	assert.Equal(t, 1.0, c.Precision)
	assert.Equal(t, 0.5, c.Recall)
	assert.Equal(t, 2.0, c.Lift)
	assert.InDelta(t, 30.0/40, c.ValueRecall, 1e-12)
}

func TestBacktestErrors(t *testing.T) {
	h := backtestStore()
	_, err := Backtest(h, mustDefault(t), BacktestOptions{Horizon: 0})
	assert.ErrorContains(t, err, "horizon")
	_, err = Backtest(h, mustDefault(t), BacktestOptions{Horizon: 400})
	assert.ErrorContains(t, err, "no customer has a purchase on or before the cut")
	bad := Comparison{Name: "short", Flag: func(*orders.Histories) ([]bool, error) { return []bool{true}, nil }}
	_, err = Backtest(h, mustDefault(t), BacktestOptions{Horizon: 30, Compare: []Comparison{bad}})
	assert.ErrorContains(t, err, "short: 1 flags for 5 customers")
}

// TestBacktestMatchesDirectCount recomputes the model's precision and
// recall on a synthetic store by a direct loop: flagged at the cut by
// Compute on Until, churned by scanning each customer's purchases.
func TestBacktestMatchesDirectCount(t *testing.T) {
	h := synthetic(3000, 7)
	set := mustDefault(t)
	const horizon = 60
	bt, err := Backtest(h, set, BacktestOptions{Horizon: horizon})
	require.NoError(t, err)
	cutDay := h.AsOf - horizon
	// The store's first-to-second gap at the cut, by sorting.
	var firstGaps []int
	for _, c := range h.Customers {
		for _, o := range c.Purchases[1:] {
			if o.Day > cutDay {
				break
			}
			if o.Day != c.Purchases[0].Day {
				firstGaps = append(firstGaps, int(o.Day-c.Purchases[0].Day))
				break
			}
		}
	}
	slices.Sort(firstGaps)
	n := len(firstGaps)
	gap := float64(firstGaps[(n-1)/2]+firstGaps[n/2]) / 2
	assert.Equal(t, gap, bt.At.StoreGap)
	var customers, churned, flagged, hits int
	for i := range h.Customers {
		c := &h.Customers[i]
		var before []orders.Order
		after := false
		for _, o := range c.Purchases {
			if o.Day <= cutDay {
				before = append(before, o)
			} else {
				after = true
			}
		}
		if len(before) == 0 {
			continue
		}
		customers++
		if !after {
			churned++
		}
		var m measure
		var f Features
		m.features(&orders.Customer{ID: c.ID, Purchases: before, Returns: returnsUntil(c.Returns, cutDay)}, cutDay, gap, &f)
		e := evaluator{set: set, env: f, vmOnly: true}
		mask, _, err := e.eval()
		require.NoError(t, err)
		if mask != 0 {
			flagged++
			if !after {
				hits++
			}
		}
	}
	assert.Equal(t, customers, bt.Customers)
	assert.Equal(t, churned, bt.Churned)
	assert.Equal(t, flagged, bt.Model.Flagged)
	assert.Equal(t, hits, bt.Model.Hits)
	assert.InDelta(t, float64(hits)/float64(flagged), bt.Model.Precision, 1e-12)
	assert.InDelta(t, float64(hits)/float64(churned), bt.Model.Recall, 1e-12)
}

func returnsUntil(rs []orders.Order, d int32) []orders.Order {
	var out []orders.Order
	for _, o := range rs {
		if o.Day <= d {
			out = append(out, o)
		}
	}
	return out
}
