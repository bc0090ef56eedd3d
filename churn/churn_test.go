package churn

import (
	"cmp"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/internal/chunked"
	"lifecycle/money"
	"lifecycle/orders"
	"lifecycle/orders/orderstest"
	"lifecycle/rfm"
)

func day(y, m, d int) int32 { return dates.DayOf(y, m, d) }

var (
	amt   = orderstest.Amount
	order = orderstest.Order
)

// weekly returns n purchases of 10.00, 7 days apart from first.
func weekly(first int32, n int) []orders.Order {
	var os []orders.Order
	for k := range n {
		os = append(os, order(first+int32(7*k), "10.00"))
	}
	return os
}

// store is a hand-built store as of 2024-06-30 with one customer of each
// kind. The features below are worked out by hand (days counted on a
// calendar; 2024 is a leap year):
//
//	weekly     9 purchases of 10.00, 2024-04-07 to 2024-06-02, 7 days apart:
//	           28 days since the last, typical gap 7, overdue 21 days;
//	           all in the last 90 days (2024-04-07 is 84 days before).
//	quarterly  50.00 on 2023-07-01, 2023-10-01, 2024-01-01, 2024-04-01:
//	           gaps 92, 92, 91, typical 92; 90 days since the last, which
//	           is in the previous 90-day window (age 90 is not < 90); the
//	           first purchase is 365 days old: outside revenue_365d.
//	once       one purchase of 30.00 on 2024-05-01, 60 days ago.
//	declining  100.00 on 2024-01-15 (167 days ago) and 2024-02-20 (131),
//	           40.00 on 2024-05-20 (41): gaps 36 and 90, typical 63.
//	returner   80.00 on 2024-06-01, 20.00 on 2024-06-10, a return of
//	           -30.00 on 2024-06-15: net 70.00, typical gap 9.
//	sameday    two orders (5.00, 7.00) on 2024-06-20: one purchase day.
//	refund     only a return: left out.
//
// The store's first-to-second gap: weekly 7, returner 9, declining 36,
// quarterly 92; the median of four is (9 + 36) / 2 = 22.5 days.
func store() *orders.Histories {
	return &orders.Histories{
		Zone: dates.UTC(),
		AsOf: day(2024, 6, 30),
		Customers: []orders.Customer{
			{ID: "weekly", Purchases: weekly(day(2024, 4, 7), 9)},
			{ID: "quarterly", Purchases: []orders.Order{
				order(day(2023, 7, 1), "50.00"), order(day(2023, 10, 1), "50.00"),
				order(day(2024, 1, 1), "50.00"), order(day(2024, 4, 1), "50.00")}},
			{ID: "once", Purchases: []orders.Order{order(day(2024, 5, 1), "30.00")}},
			{ID: "declining", Purchases: []orders.Order{
				order(day(2024, 1, 15), "100.00"), order(day(2024, 2, 20), "100.00"), order(day(2024, 5, 20), "40.00")}},
			{ID: "returner", Purchases: []orders.Order{order(day(2024, 6, 1), "80.00"), order(day(2024, 6, 10), "20.00")},
				Returns: []orders.Order{order(day(2024, 6, 15), "-30.00")}},
			{ID: "sameday", Purchases: []orders.Order{order(day(2024, 6, 20), "5.00"), order(day(2024, 6, 20), "7.00")}},
			{ID: "refund", Returns: []orders.Order{order(day(2024, 3, 1), "-9.00")}},
		},
	}
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// TestFeatures checks every feature of the hand-built store (see store).
func TestFeatures(t *testing.T) {
	h := store()
	gap := storeGap(h)
	assert.Equal(t, 22.5, gap)
	asOf := date(2024, 6, 30)
	nan := math.NaN()
	want := map[string]Features{
		"weekly": {DaysSinceLast: 28, Purchases: 9, PurchaseDays: 9, NetRevenue: 90,
			TypicalGapDays: 7, OwnGap: true, DaysOverdue: 21, OverdueRatio: 4, LastGapDays: 7, GapTrend: 1,
			Revenue90: 90, Purchases90: 9, Revenue365: 90, TenureDays: 84,
			FirstPurchase: date(2024, 4, 7), LastPurchase: date(2024, 6, 2), ExpectedNext: date(2024, 6, 9), AsOf: asOf},
		"quarterly": {DaysSinceLast: 90, Purchases: 4, PurchaseDays: 4, NetRevenue: 200,
			TypicalGapDays: 92, OwnGap: true, DaysOverdue: -2, OverdueRatio: 90.0 / 92, LastGapDays: 91, GapTrend: 91.0 / 92,
			RevenuePrev90: 50, PurchasesPrev90: 1, Revenue365: 150, TenureDays: 365,
			FirstPurchase: date(2023, 7, 1), LastPurchase: date(2024, 4, 1), ExpectedNext: date(2024, 7, 2), AsOf: asOf},
		"once": {DaysSinceLast: 60, Purchases: 1, PurchaseDays: 1, NetRevenue: 30,
			TypicalGapDays: 22.5, DaysOverdue: 37.5, OverdueRatio: 60 / 22.5, LastGapDays: nan, GapTrend: nan,
			Revenue90: 30, Purchases90: 1, Revenue365: 30, TenureDays: 60,
			FirstPurchase: date(2024, 5, 1), LastPurchase: date(2024, 5, 1), ExpectedNext: date(2024, 5, 24), AsOf: asOf},
		"declining": {DaysSinceLast: 41, Purchases: 3, PurchaseDays: 3, NetRevenue: 240,
			TypicalGapDays: 63, OwnGap: true, DaysOverdue: -22, OverdueRatio: 41.0 / 63, LastGapDays: 90, GapTrend: 90.0 / 63,
			Revenue90: 40, Purchases90: 1, RevenuePrev90: 200, PurchasesPrev90: 2, Revenue365: 240, TenureDays: 167,
			FirstPurchase: date(2024, 1, 15), LastPurchase: date(2024, 5, 20), ExpectedNext: date(2024, 7, 22), AsOf: asOf},
		"returner": {DaysSinceLast: 20, Purchases: 2, PurchaseDays: 2, Returns: 1, NetRevenue: 70,
			TypicalGapDays: 9, OwnGap: true, DaysOverdue: 11, OverdueRatio: 20.0 / 9, LastGapDays: 9, GapTrend: 1,
			Revenue90: 70, Purchases90: 2, Revenue365: 70, TenureDays: 29,
			FirstPurchase: date(2024, 6, 1), LastPurchase: date(2024, 6, 10), ExpectedNext: date(2024, 6, 19), AsOf: asOf},
		"sameday": {DaysSinceLast: 10, Purchases: 2, PurchaseDays: 1, NetRevenue: 12,
			TypicalGapDays: 22.5, DaysOverdue: -12.5, OverdueRatio: 10 / 22.5, LastGapDays: nan, GapTrend: nan,
			Revenue90: 12, Purchases90: 2, Revenue365: 12, TenureDays: 10,
			FirstPurchase: date(2024, 6, 20), LastPurchase: date(2024, 6, 20), ExpectedNext: date(2024, 7, 13), AsOf: asOf},
	}
	var m measure
	for i := range h.Customers {
		c := &h.Customers[i]
		w, ok := want[c.ID]
		if !ok {
			continue
		}
		t.Run(c.ID, func(t *testing.T) {
			var got Features
			m.features(c, h.AsOf, gap, &got)
			gv, wv := reflect.ValueOf(got), reflect.ValueOf(w)
			for j := range gv.NumField() {
				if !gv.Type().Field(j).IsExported() {
					continue // the step count (limits.go)
				}
				name := gv.Type().Field(j).Tag.Get("expr")
				g, e := gv.Field(j).Interface(), wv.Field(j).Interface()
				switch e := e.(type) {
				case float64:
					if math.IsNaN(e) {
						assert.True(t, math.IsNaN(g.(float64)), "%s = %v, want NaN", name, g)
					} else {
						assert.InDelta(t, e, g, 1e-9, name)
					}
				default:
					assert.Equal(t, e, g, name)
				}
			}
		})
	}
}

// TestFeatureExactMoney: the exact net and 365-day revenue kept beside the
// float features.
func TestFeatureExactMoney(t *testing.T) {
	h := store()
	res, err := Compute(h, mustDefault(t), Options{})
	require.NoError(t, err)
	got := map[string][2]string{}
	for _, c := range res.Customers.All() {
		got[c.ID] = [2]string{c.Net.String(), c.Value.String()}
	}
	assert.Equal(t, map[string][2]string{
		"weekly": {"90.00", "90.00"}, "quarterly": {"200.00", "150.00"}, "once": {"30.00", "30.00"},
		"declining": {"240.00", "240.00"}, "returner": {"70.00", "70.00"}, "sameday": {"12.00", "12.00"},
	}, got)
	assert.Equal(t, 1, res.NoPurchase, "the refund-only customer")
	assert.Equal(t, 22.5, res.StoreGap)
}

func mustDefault(t *testing.T) *Set {
	t.Helper()
	s, err := Default(DefaultThresholds())
	require.NoError(t, err)
	return s
}

// TestDefaultRules checks which default rules each customer of the store
// trips, and its level (worked from the features of TestFeatures).
func TestDefaultRules(t *testing.T) {
	res, err := Compute(store(), mustDefault(t), Options{})
	require.NoError(t, err)
	type got struct {
		Level Level
		Rules []string
	}
	m := map[string]got{}
	for _, c := range res.Customers.All() {
		m[c.ID] = got{c.Level, res.Set.RuleNames(c.Rules)}
	}
	assert.Equal(t, map[string]got{
		"weekly":    {Critical, []string{"overdue"}},         // 28 > 2 x 7, 9 purchases
		"quarterly": {None, nil},                             // 90 is not > 90, nor > 2 x 92
		"once":      {Watch, []string{"no-second-purchase"}}, // 60 > 30
		"declining": {Medium, []string{"declining"}},         // 40 < 0.5 x 200
		"returner":  {None, nil},                             // 2 purchases only
		"sameday":   {None, nil},                             // 2 purchases, 10 days ago
	}, m)
}

// TestBuyersWarnedOnTime: a weekly buyer is warned (overdue) after two
// weeks, a quarterly one after half a year (2 x 92 days), not a day before;
// a one-time buyer after 30 days; anyone after 90 days without a purchase.
func TestBuyersWarnedOnTime(t *testing.T) {
	quarterly := []orders.Order{order(day(2023, 7, 1), "50"), order(day(2023, 10, 1), "50"), order(day(2024, 1, 1), "50"), order(day(2024, 4, 1), "50")}
	tests := []struct {
		name      string
		purchases []orders.Order
		sinceLast int32
		want      []string
	}{
		{"weekly, 14 days", weekly(day(2024, 1, 1), 6), 14, nil},
		{"weekly, 15 days", weekly(day(2024, 1, 1), 6), 15, []string{"overdue"}},
		{"quarterly, 90 days", quarterly, 90, nil},
		{"quarterly, 91 days", quarterly, 91, []string{"dormant"}},
		{"quarterly, 184 days", quarterly, 184, []string{"dormant"}},
		{"quarterly, 185 days", quarterly, 185, []string{"overdue", "dormant"}},
		{"one-time, 30 days", []orders.Order{order(day(2024, 1, 1), "5")}, 30, nil},
		{"one-time, 31 days", []orders.Order{order(day(2024, 1, 1), "5")}, 31, []string{"no-second-purchase"}},
		{"one-time, 91 days", []orders.Order{order(day(2024, 1, 1), "5")}, 91, []string{"dormant", "no-second-purchase"}},
		{"two purchases, 2 x gap", weekly(day(2024, 1, 1), 2), 60, nil}, // overdue needs 3
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			last := tt.purchases[len(tt.purchases)-1].Day
			h := &orders.Histories{AsOf: last + tt.sinceLast, Customers: []orders.Customer{{ID: "x", Purchases: tt.purchases}}}
			res, err := Compute(h, mustDefault(t), Options{})
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Set.RuleNames(res.Customers.At(0).Rules))
		})
	}
}

// TestThresholds: the flags' thresholds change the default rules.
func TestThresholds(t *testing.T) {
	th := DefaultThresholds()
	th["dormant-days"], th["no-second-days"] = 50, 70
	set, err := Default(th)
	require.NoError(t, err)
	res, err := Compute(store(), set, Options{})
	require.NoError(t, err)
	for _, c := range res.Customers.All() {
		switch c.ID {
		case "once": // 60 days: dormant now, not yet no-second-purchase
			assert.Equal(t, []string{"dormant"}, set.RuleNames(c.Rules))
		case "quarterly": // 90 days
			assert.Equal(t, []string{"dormant"}, set.RuleNames(c.Rules))
		}
	}
	assert.Contains(t, set.Rules[1].Condition, "> 50")
	assert.Contains(t, set.Rules[1].Reason, "50 days")

	bad := []Thresholds{
		{"dormant-days": -1},
		{"overdue-factor": 0},
		{"overdue-factor": math.NaN()},
		{"overdue-purchases": 0},
		{"no-second-days": -5},
		{"declining-share": 1.5},
		{"no-such-threshold": 1},
	}
	for _, b := range bad {
		_, err := Default(b)
		var te *ThresholdError
		assert.ErrorAs(t, err, &te, "%+v", b)
	}
}

// TestMedian: odd and even counts, short (insertion sort) and long.
func TestMedian(t *testing.T) {
	assert.Equal(t, 7.0, median([]int32{7}))
	assert.Equal(t, 5.5, median([]int32{9, 2}))
	assert.Equal(t, 3.0, median([]int32{5, 1, 3}))
	assert.Equal(t, 2.5, median([]int32{4, 1, 3, 2}))
	scrambled := func(n int) []int32 { // 0..n-1 in a scrambled order (n prime)
		xs := make([]int32, n)
		for i := range xs {
			xs[i] = int32((i * 37) % n)
		}
		return xs
	}
	assert.Equal(t, 50.0, median(scrambled(101)))
	assert.Equal(t, 48.0, median(scrambled(97)))
	assert.Equal(t, 11.0, median(scrambled(23)))
	assert.Equal(t, 50.5, median(scrambled(102 + 1)[:102])) // 0..102 less (102*37)%103 = 66
}

// TestMedianSelect checks the median by selection against the middle of
// the sorted values, on random gaps with many repeats and on sorted and
// reversed ones, of every length up to 300.
func TestMedianSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n <= 300; n++ {
		for _, span := range []int{3, 40, 1000} {
			xs := make([]int32, n)
			for i := range xs {
				xs[i] = int32(rng.IntN(span))
			}
			sorted := slices.Clone(xs)
			slices.Sort(sorted)
			want := (float64(sorted[(n-1)/2]) + float64(sorted[n/2])) / 2
			require.Equal(t, want, median(xs), "n %d, span %d", n, span)
			require.Equal(t, want, median(slices.Clone(sorted)), "n %d sorted", n)
			slices.Reverse(sorted)
			require.Equal(t, want, median(sorted), "n %d reversed", n)
		}
	}
}

// TestStoreGap: the median of the first-to-second purchase-day gaps, odd
// and even counts, same-day orders skipped, NaN with no repeat customer.
func TestStoreGap(t *testing.T) {
	mk := func(gaps ...int32) *orders.Histories {
		h := &orders.Histories{AsOf: 1000}
		for _, g := range gaps {
			h.Customers = append(h.Customers, orders.Customer{Purchases: []orders.Order{{Day: 10}, {Day: 10}, {Day: 10 + g}, {Day: 500}}})
		}
		h.Customers = append(h.Customers, orders.Customer{Purchases: []orders.Order{{Day: 3}}})
		return h
	}
	assert.Equal(t, 5.0, storeGap(mk(5)))
	assert.Equal(t, 6.0, storeGap(mk(3, 9)))
	assert.Equal(t, 9.0, storeGap(mk(30, 3, 9)))
	assert.Equal(t, 20.0, storeGap(mk(1, 2, 38, 40)))
	assert.True(t, math.IsNaN(storeGap(mk())))
	assert.True(t, math.IsNaN(storeGap(&orders.Histories{Customers: []orders.Customer{{Purchases: []orders.Order{{Day: 4}, {Day: 4}}}}})))
}

// flagged counts the customers with a warning.
func flagged(r *Result) int {
	n := 0
	for _, c := range r.Customers.All() {
		if c.Level != None {
			n++
		}
	}
	return n
}

// TestGroupsAndOrder: --by rule and --by level counts, and the view order
// (level, then value at risk, then id), on the store.
func TestGroupsAndOrder(t *testing.T) {
	res, err := Compute(store(), mustDefault(t), Options{})
	require.NoError(t, err)
	var ids []string
	for _, i := range viewOrder(res, false) {
		ids = append(ids, res.Customers.At(int(i)).ID)
	}
	assert.Equal(t, []string{"weekly", "declining", "once"}, ids)
	ids = nil
	for _, i := range viewOrder(res, true) {
		ids = append(ids, res.Customers.At(int(i)).ID)
	}
	// The unflagged by value: quarterly 150, returner 70, sameday 12.
	assert.Equal(t, []string{"weekly", "declining", "once", "quarterly", "returner", "sameday"}, ids)

	total := 592.0 // 90 + 150 + 30 + 240 + 70 + 12
	byRule := res.ByRule()
	require.Len(t, byRule, 5)
	type g struct {
		name string
		n    int
		v    string
	}
	var got []g
	for _, r := range byRule {
		got = append(got, g{r.Name, r.Customers, r.Value.String()})
	}
	assert.Equal(t, []g{{"overdue", 1, "90.00"}, {"dormant", 0, "0.00"}, {"declining", 1, "240.00"}, {"no-second-purchase", 1, "30.00"}, {"any rule", 3, "360.00"}}, got)
	assert.InDelta(t, 3.0/6, byRule[4].CustomerShare, 1e-12)
	assert.InDelta(t, 360/total, byRule[4].ValueShare, 1e-12)

	got = nil
	for _, r := range res.ByLevel() {
		got = append(got, g{r.Name, r.Customers, r.Value.String()})
	}
	assert.Equal(t, []g{{"critical", 1, "90.00"}, {"high", 0, "0.00"}, {"medium", 1, "240.00"}, {"watch", 1, "30.00"}, {"none", 3, "232.00"}}, got)
	assert.Equal(t, 3, flagged(res))
}

// viewOrder returns the positions of the customers of res's view (all
// with all) in view order: by ViewKeys, then by id (as vieworder.Sort puts
// them), by a plain stable sort.
func viewOrder(res *Result, all bool) []int32 {
	keys, idx := res.ViewKeys(all)
	pos := make([]int, len(idx))
	for k := range pos {
		pos[k] = k
	}
	slices.SortStableFunc(pos, func(a, b int) int {
		return cmp.Or(cmp.Compare(keys[a], keys[b]), strings.Compare(res.Customers.At(int(idx[a])).ID, res.Customers.At(int(idx[b])).ID))
	})
	order := make([]int32, len(pos))
	for k, p := range pos {
		order[k] = idx[p]
	}
	return order
}

// TestViewOrderTies: ViewKeys order by level, then value, equal for equal
// level and value (which the view orders by id), for values of every
// level and ids that share a prefix.
func TestViewOrderTies(t *testing.T) {
	for _, n := range []int{10, 5000} {
		cs := make([]Customer, n)
		for i := range cs {
			// Ids in a scrambled order; a third share a 20-byte prefix.
			k := (i * 7919) % n
			id := "c" + itoa(k)
			if k%3 == 0 {
				id = "same-long-prefix-abc-" + itoa(k)
			}
			cs[i] = Customer{ID: id, Level: Level(1 + k%2), Value: money.Amount(k % 4 * 1000)}
		}
		res := &Result{Customers: chunked.From(cs)}
		order := viewOrder(res, false)
		require.Len(t, order, n)
		for j := 1; j < n; j++ {
			a, b := &cs[order[j-1]], &cs[order[j]]
			ok := a.Level > b.Level || (a.Level == b.Level && (a.Value > b.Value || (a.Value == b.Value && a.ID < b.ID)))
			require.True(t, ok, "n=%d: %+v before %+v", n, *a, *b)
		}
	}
}

// TestViewOrderExtremeValues: values too far apart for their differences
// to make a key (ranked instead), and negative ones, are still ordered.
func TestViewOrderExtremeValues(t *testing.T) {
	cs := []Customer{
		{ID: "a", Level: High, Value: -5},
		{ID: "b", Level: High, Value: math.MaxInt64},
		{ID: "c", Level: High, Value: math.MinInt64},
		{ID: "d", Level: Critical, Value: 0},
		{ID: "e", Level: High, Value: 0},
		{ID: "f", Level: High, Value: -5},
	}
	res := &Result{Customers: chunked.From(cs)}
	var ids []string
	for _, i := range viewOrder(res, false) {
		ids = append(ids, cs[i].ID)
	}
	assert.Equal(t, []string{"d", "b", "e", "a", "f", "c"}, ids)
	res.Customers.At(1).Value, res.Customers.At(2).Value = 7_000_000, -1 // a small span, not whole cents
	ids = nil
	for _, i := range viewOrder(res, false) {
		ids = append(ids, cs[i].ID)
	}
	assert.Equal(t, []string{"d", "b", "e", "c", "a", "f"}, ids)
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{digits[i%10]}, b...)
	}
	return string(b)
}

// TestRFMFeatures: a rule over the RFM scores makes Compute score the
// customers with lifecycle/rfm; the others do not need it.
func TestRFMFeatures(t *testing.T) {
	std := rfm.Standard()
	seg := std.Segments[std.SegmentOf(3, 5, 3)].Name
	set, err := NewSet([]Rule{
		{Name: "top-lapsing", Level: High, Reason: "r", Condition: `m_score >= 4 && r_score <= 3`},
		{Name: "middle", Level: Watch, Reason: "r", Condition: `rfm_code == "353" && rfm_segment == "` + seg + `"`},
	})
	require.NoError(t, err)
	assert.True(t, set.UsesRFM())
	assert.False(t, mustDefault(t).UsesRFM())
	res, err := Compute(store(), set, Options{})
	require.NoError(t, err)
	got := map[string][]string{}
	for _, c := range res.Customers.All() {
		if c.Level != None {
			got[c.ID] = set.RuleNames(c.Rules)
		}
	}
	// Quantile scores of the six customers (5 bins, lifecycle/rfm's rule:
	// six distinct values are cut after 1, 2, 4 and 5 of them, the nearest
	// to 1.2, 2.4, 3.6, 4.8): recency 90, 60, 41+28, 20, 10 days score 1..5
	// (quarterly 1, once 2, declining and weekly 3); net revenue 12, 30,
	// 70+90, 200, 240 score 1..5 (quarterly 4, declining 5, weekly 3).
	// Purchases 1, 2+2, 3, 4, 9 make five groups: weekly's 9 scores 5, so
	// weekly is 353.
	assert.Equal(t, map[string][]string{"quarterly": {"top-lapsing"}, "declining": {"top-lapsing"}, "weekly": {"middle"}}, got)
}

// TestValueSeam: Options.Value replaces the value at risk.
func TestValueSeam(t *testing.T) {
	h := store()
	res, err := Compute(h, mustDefault(t), Options{Value: func(h *orders.Histories) ([]money.Amount, error) {
		v := make([]money.Amount, len(h.Customers))
		for i := range v {
			v[i] = money.Amount(i+1) * money.Scale
		}
		return v, nil
	}})
	require.NoError(t, err)
	for _, c := range res.Customers.All() {
		assert.Equal(t, money.Amount(c.Index+1)*money.Scale, c.Value, c.ID)
	}
	_, err = Compute(h, mustDefault(t), Options{Value: func(h *orders.Histories) ([]money.Amount, error) {
		return nil, nil
	}})
	assert.ErrorContains(t, err, "0 values for 7 customers")
}

// TestRuntimeError: a condition that fails on a customer (integer
// division by zero, on the VM) is an error naming the rule and customer.
func TestRuntimeError(t *testing.T) {
	set, err := NewSet([]Rule{{Name: "mod", Level: Watch, Reason: "r", Condition: "purchases % returns == 0"}})
	require.NoError(t, err)
	assert.Nil(t, set.Rules[0].fast, "% runs on the VM")
	_, err = Compute(store(), set, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "customer weekly: rule mod:")
}
