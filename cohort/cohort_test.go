package cohort

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/orders"
	"lifecycle/orders/orderstest"
)

func day(y, m, d int) int32 { return dates.DayOf(y, m, d) }

var (
	amt   = orderstest.Amount
	order = orderstest.Order
)

// small is the hand-computed fixture of TestHandComputed.
//
//	ann  2024-01-05 10, 01-20 5, 02-10 20, 03-02 7; return 02-15 -4   cohort Jan, net 38
//	bob  2024-01-31 100; return 03-01 -30                              cohort Jan, net 70
//	cy   2024-02-01 50, 02-01 10 (two orders on one day)               cohort Feb, net 60
//	dee  2024-02-28 8, 03-10 8                                         cohort Feb, net 16
//	eve  2024-03-05 1                                                  cohort Mar, net 1
//	fay  return 2024-02-02 -9 only                                     no cohort
//	gus  return 2023-12-20 -6 (before the purchase), 2024-01-10 40     cohort Jan, net 34
func small() []orders.Customer {
	return []orders.Customer{
		{ID: "ann", Purchases: []orders.Order{order(day(2024, 1, 5), "10"), order(day(2024, 1, 20), "5"), order(day(2024, 2, 10), "20"), order(day(2024, 3, 2), "7")},
			Returns: []orders.Order{order(day(2024, 2, 15), "-4")}},
		{ID: "bob", Purchases: []orders.Order{order(day(2024, 1, 31), "100")}, Returns: []orders.Order{order(day(2024, 3, 1), "-30")}},
		{ID: "cy", Purchases: []orders.Order{order(day(2024, 2, 1), "50"), order(day(2024, 2, 1), "10")}},
		{ID: "dee", Purchases: []orders.Order{order(day(2024, 2, 28), "8"), order(day(2024, 3, 10), "8")}},
		{ID: "eve", Purchases: []orders.Order{order(day(2024, 3, 5), "1")}},
		{ID: "fay", Returns: []orders.Order{order(day(2024, 2, 2), "-9")}},
		{ID: "gus", Purchases: []orders.Order{order(day(2024, 1, 10), "40")}, Returns: []orders.Order{order(day(2023, 12, 20), "-6")}},
	}
}

// rats turns cells into fractions written "a/b" (money in units), "-" for a
// missing value.
func rats(m Metric, cells []Cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		r := c.Rat()
		if r == nil {
			out[i] = "-"
			continue
		}
		if m.Money() {
			r.Quo(r, big.NewRat(money.Scale, 1))
		}
		out[i] = r.RatString()
	}
	return out
}

// TestHandComputed checks every cell and the average row of each metric
// against the computation by hand written in the comments, as of
// 2024-03-15 (March unfinished), as of 2024-03-31 (finished) and with
// CompleteOnly.
func TestHandComputed(t *testing.T) {
	mid, end := day(2024, 3, 15), day(2024, 3, 31)
	type want struct {
		rows [][]string // per cohort Jan, Feb, Mar
		avg  []string
	}
	tests := []struct {
		name        string
		asOf        int32
		metric      Metric
		per, onlyOK bool
		sizes       []int64
		incomplete  []bool
		want        want
	}{
		// Distinct customers: Jan 3 (ann bob gus), Feb ann, Mar ann*; Feb
		// cohort 2, Mar dee*; Mar cohort eve*. The average leaves out the
		// unfinished March cells: age 0 (3+2)/(3+2), age 1 1/3, age 2 none.
		{"customers rate", mid, Customers, true, false, []int64{3, 2, 1}, []bool{true, true, true},
			want{[][]string{{"1", "1/3", "1/3"}, {"1", "1/2"}, {"1"}}, []string{"1", "1/3", "-"}}},
		{"customers count", mid, Customers, false, false, []int64{3, 2, 1}, []bool{true, true, true},
			want{[][]string{{"3", "1", "1"}, {"2", "1"}, {"1"}}, []string{"5/2", "1", "-"}}},
		// Orders: Jan 2+1+1, ann 1, ann 1; Feb 2+1, dee 1; Mar 1. Absolute
		// average per cohort: (4+3)/2, 1/1.
		{"orders", mid, Orders, false, false, []int64{3, 2, 1}, []bool{true, true, true},
			want{[][]string{{"4", "1", "1"}, {"3", "1"}, {"1"}}, []string{"7/2", "1", "-"}}},
		{"orders per customer", mid, Orders, true, false, []int64{3, 2, 1}, []bool{true, true, true},
			want{[][]string{{"4/3", "1/3", "1/3"}, {"3/2", "1/2"}, {"1"}}, []string{"7/5", "1/3", "-"}}},
		// Revenue: Jan 15+100+40-6 (gus's earlier return at age 0), Feb
		// 20-4, Mar 7-30; Feb cohort 60+8, Mar 8; Mar cohort 1.
		{"revenue", mid, Revenue, false, false, []int64{3, 2, 1}, []bool{true, true, true},
			want{[][]string{{"149", "16", "-23"}, {"68", "8"}, {"1"}}, []string{"217/2", "16", "-"}}},
		// LTV per customer: cumulated revenue / size. The last cells add up
		// to the customers' net revenue: 142 + 76 + 1 = 219.
		{"ltv", mid, LTV, true, false, []int64{3, 2, 1}, []bool{true, true, true},
			want{[][]string{{"149/3", "55", "142/3"}, {"34", "38"}, {"1"}}, []string{"217/5", "55", "-"}}},
		// Second purchases: ann at age 0 (Jan 20), cy at age 0 (same day),
		// dee at age 1 (Mar 10).
		{"repeat", mid, Repeat, true, false, []int64{3, 2, 1}, []bool{true, true, true},
			want{[][]string{{"1/3", "1/3", "1/3"}, {"1/2", "1"}, {"0"}}, []string{"2/5", "1/3", "-"}}},
		// As of the end of March nothing is unfinished: the average takes
		// every cell.
		{"customers rate, finished", end, Customers, true, false, []int64{3, 2, 1}, []bool{false, false, false},
			want{[][]string{{"1", "1/3", "1/3"}, {"1", "1/2"}, {"1"}}, []string{"1", "2/5", "1/3"}}},
		{"ltv, finished", end, LTV, true, false, []int64{3, 2, 1}, []bool{false, false, false},
			want{[][]string{{"149/3", "55", "142/3"}, {"34", "38"}, {"1"}}, []string{"218/6", "241/5", "142/3"}}},
		// CompleteOnly: March's orders and cohort are left out.
		{"ltv, complete only", mid, LTV, false, true, []int64{3, 2}, []bool{false, false},
			want{[][]string{{"149", "165"}, {"68"}}, []string{"217/2", "165"}}},
		{"customers, complete only", mid, Customers, true, true, []int64{3, 2}, []bool{false, false},
			want{[][]string{{"1", "1/3"}, {"1"}}, []string{"1", "1/3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := Compute(small(), tt.asOf, Options{Period: Month, Metric: tt.metric, PerCustomer: tt.per, CompleteOnly: tt.onlyOK})
			require.NoError(t, err)
			require.Len(t, tb.Rows, len(tt.sizes))
			for i, r := range tb.Rows {
				assert.Equal(t, Month.Of(day(2024, 1+i, 1)), r.Cohort)
				assert.Equal(t, tt.sizes[i], r.Size, "size of row %d", i)
				assert.Equal(t, tt.incomplete[i], r.Incomplete, "row %d incomplete", i)
				assert.Equal(t, tt.want.rows[i], rats(tt.metric, r.Cells), "row %d", i)
			}
			avg := tt.want.avg
			for i, s := range avg { // normalise hand fractions such as 218/6
				if r, ok := new(big.Rat).SetString(s); ok {
					avg[i] = r.RatString()
				}
			}
			assert.Equal(t, avg, rats(tt.metric, tb.Average.Cells), "average")
			assert.Equal(t, int32(-1), tb.Average.Cohort)
			var n int64
			for _, s := range tt.sizes {
				n += s
			}
			assert.Equal(t, n, tb.Average.Size)
			assert.Len(t, tb.Ages, len(tt.want.rows[0]))
			assert.Equal(t, tt.asOf < day(2024, 3, 31), tb.Partial)
		})
	}
}

func TestOptionsCheck(t *testing.T) {
	bad := []Options{
		{Period: numPeriods},
		{Metric: numMetrics},
		{MaxAge: -1},
		{Ages: []int{}},
		{Ages: []int{1, 1}},
		{Ages: []int{7, 1}},
		{Ages: []int{-1, 1}},
		{Ages: []int{1, 7}, MaxAge: 3},
		{HasFrom: true, HasTo: true, From: 10, To: 9},
	}
	for _, o := range bad {
		_, err := Compute(small(), day(2024, 3, 15), o)
		assert.ErrorIs(t, err, ErrOptions, "%+v", o)
	}
	good := []Options{{}, {Ages: []int{0}}, {MaxAge: 1}, {HasFrom: true, HasTo: true, From: 9, To: 9}}
	for _, o := range good {
		_, err := Compute(small(), day(2024, 3, 15), o)
		assert.NoError(t, err, "%+v", o)
	}
}

// TestTooLarge: a day-by-day table over a very long span is refused, not
// allocated.
func TestTooLarge(t *testing.T) {
	cs := []orders.Customer{
		{ID: "old", Purchases: []orders.Order{order(day(1970, 1, 1), "1")}},
		{ID: "new", Purchases: []orders.Order{order(day(2024, 1, 1), "1")}},
	}
	_, err := Compute(cs, day(2024, 1, 1), Options{Period: Day})
	assert.ErrorIs(t, err, ErrTooLarge)
	// Limited ages make it small.
	tb, err := Compute(cs, day(2024, 1, 1), Options{Period: Day, Ages: []int{1, 7, 30}})
	require.NoError(t, err)
	assert.Len(t, tb.Rows, 2)
	assert.Equal(t, []int{1, 7, 30}, tb.Ages)
}

// randomHistories makes n customers with purchases and returns over about
// two years from 2022-01-01, some with only returns, some with returns
// before their first purchase, some with several orders on one day.
func randomHistories(rng *rand.Rand, n int) []orders.Customer {
	start := day(2022, 1, 1)
	cs := make([]orders.Customer, n)
	for i := range cs {
		c := &cs[i]
		c.ID = fmt.Sprint(i)
		first := start + int32(rng.IntN(700))
		np := rng.IntN(6)
		if rng.IntN(10) == 0 {
			np = 0
		}
		d := first
		for range np {
			c.Purchases = append(c.Purchases, orders.Order{Day: d, Amount: money.Amount(rng.IntN(50_000_000))})
			if rng.IntN(4) > 0 {
				d += int32(rng.IntN(120))
			}
		}
		nr := rng.IntN(3)
		var rd []int32
		for range nr {
			rd = append(rd, first-30+int32(rng.IntN(300)))
		}
		slices.Sort(rd)
		for _, x := range rd {
			c.Returns = append(c.Returns, orders.Order{Day: x, Amount: -money.Amount(rng.IntN(20_000_000))})
		}
	}
	return cs
}

// brute computes a table straight from the definitions of the package
// documentation, cell by cell, with no shared code but Period.Of (checked
// against package time by TestPeriodAgainstTime).
func brute(cs []orders.Customer, asOf int32, o Options) *Table {
	p := o.Period
	cur := p.Of(asOf)
	partial := asOf != p.End(cur)
	last := cur
	if partial && o.CompleteOnly {
		last--
	}
	lo, hi := int32(-1<<30), last
	if o.HasFrom {
		lo = p.Of(o.From)
	}
	if o.HasTo {
		hi = min(hi, p.Of(o.To))
	}
	cohortOf := func(c *orders.Customer) (int32, bool) {
		if len(c.Purchases) == 0 {
			return 0, false
		}
		c0 := p.Of(c.Purchases[0].Day)
		return c0, c0 >= lo && c0 <= hi
	}
	shown := func(a int) bool {
		if o.Ages != nil {
			return slices.Contains(o.Ages, a)
		}
		return o.MaxAge == 0 || a <= o.MaxAge
	}
	sizes := map[int32]int64{}
	for i := range cs {
		if c0, ok := cohortOf(&cs[i]); ok {
			sizes[c0]++
		}
	}
	cohorts := slices.Sorted(func(yield func(int32) bool) {
		for k := range sizes {
			if !yield(k) {
				return
			}
		}
	})
	value := func(c0 int32, a int32) int64 {
		var v int64
		for i := range cs {
			c := &cs[i]
			if k, ok := cohortOf(c); !ok || k != c0 {
				continue
			}
			in := func(d int32, atZero bool) bool {
				age := p.Of(d) - c0
				if atZero {
					age = max(age, 0)
				}
				if o.Metric.Cumulative() {
					return age <= a
				}
				return age == a
			}
			switch o.Metric {
			case Customers:
				for _, x := range c.Purchases {
					if in(x.Day, false) {
						v++
						break
					}
				}
			case Orders:
				for _, x := range c.Purchases {
					if in(x.Day, false) {
						v++
					}
				}
			case Revenue, LTV:
				for _, x := range c.Purchases {
					if in(x.Day, false) {
						v += int64(x.Amount)
					}
				}
				for _, x := range c.Returns {
					if in(x.Day, true) {
						v += int64(x.Amount)
					}
				}
			case Repeat:
				if len(c.Purchases) >= 2 && in(c.Purchases[1].Day, false) {
					v++
				}
			}
		}
		return v
	}
	t := &Table{Options: o, AsOf: asOf, Current: cur, Partial: partial}
	maxAge := -1
	for _, c0 := range cohorts {
		maxAge = max(maxAge, int(last-c0))
	}
	for a := 0; a <= maxAge; a++ {
		if shown(a) {
			t.Ages = append(t.Ages, a)
		}
	}
	var num, den = make([]int64, len(t.Ages)), make([]int64, len(t.Ages))
	for _, c0 := range cohorts {
		r := Row{Cohort: c0, Size: sizes[c0]}
		d := int64(1)
		if o.PerCustomer {
			d = r.Size
		}
		for k, a := range t.Ages {
			if int32(a) > last-c0 {
				break
			}
			v := value(c0, int32(a))
			r.Cells = append(r.Cells, Cell{v, d})
			if partial && !o.CompleteOnly && c0+int32(a) == cur {
				r.Incomplete = true
			} else {
				num[k] += v
				den[k] += d
			}
		}
		t.Rows = append(t.Rows, r)
		t.Average.Size += r.Size
	}
	t.Average.Cohort = -1
	for k := range t.Ages {
		t.Average.Cells = append(t.Average.Cells, Cell{num[k], den[k]})
	}
	return t
}

// TestAgainstBruteForce compares Compute with the cell-by-cell computation
// from the definitions on random histories, for every period and metric and
// random limits.
func TestAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for iter := range 60 {
		cs := randomHistories(rng, 20+rng.IntN(200))
		asOf := day(2022, 1, 1) + int32(rng.IntN(900))
		o := Options{Period: Period(rng.IntN(int(numPeriods))), Metric: Metric(rng.IntN(int(numMetrics))), PerCustomer: rng.IntN(2) == 0}
		if o.Period == Day {
			o.MaxAge = 1 + rng.IntN(40) // keep the brute force quick
		}
		switch rng.IntN(5) {
		case 0:
			o.MaxAge = rng.IntN(5) + 1
		case 1:
			o.MaxAge = 0
			o.Ages = []int{0, 1, 3}[:1+rng.IntN(3)]
		case 2:
			o.HasFrom, o.From = true, day(2022, 1, 1)+int32(rng.IntN(400))
			o.HasTo, o.To = rng.IntN(2) == 0, o.From+int32(rng.IntN(400))
		}
		o.CompleteOnly = rng.IntN(3) == 0
		name := fmt.Sprintf("%d %s %s as of %s", iter, o.Period, o.Metric, dates.DayString(asOf))
		t.Run(name, func(t *testing.T) {
			got, err := Compute(cs, asOf, o)
			require.NoError(t, err)
			want := brute(cs, asOf, o)
			assert.Equal(t, want, got, "%+v", o)
		})
	}
}

// TestParallelEqualsSerial: with enough customers to be counted on several
// cores, the table equals one counted in one pass.
func TestParallelEqualsSerial(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	cs := randomHistories(rng, minParallel+12345)
	asOf := day(2023, 11, 20)
	for _, p := range []Period{Day, Week, Month} {
		o := Options{Period: p, Metric: LTV}
		got, err := Compute(cs, asOf, o)
		require.NoError(t, err)
		want := &Table{Options: o, AsOf: asOf, Current: p.Of(asOf), Partial: asOf != p.End(p.Of(asOf))}
		g := newGrid(p, -1<<30, want.Current, want.Current, o.maxAge())
		require.NoError(t, g.count(cs, newLookup(p, asOf)))
		g.fill(want)
		assert.Equal(t, want, got, p.String())
	}
}

// TestProperties checks on random histories what holds for any data:
// retention is 100% at age 0 and within 0..100%; the repeat share is within
// 0..100% and never falls with age; the cohort sizes add up to the
// customers with a purchase; the last LTV cells add up to their net
// revenue; without returns, the LTV never falls with age.
func TestProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for iter := range 30 {
		cs := randomHistories(rng, 500)
		if iter%2 == 0 {
			for i := range cs {
				cs[i].Returns = nil
			}
		}
		asOf := day(2023, 12, 31)
		// Histories hold no order after the as-of day.
		cs = (&orders.Histories{Customers: cs}).Until(asOf).Customers
		p := Period(rng.IntN(int(numPeriods)))
		get := func(m Metric, per bool) *Table {
			tb, err := Compute(cs, asOf, Options{Period: p, Metric: m, PerCustomer: per})
			require.NoError(t, err)
			return tb
		}
		buyers, net := int64(0), money.Amount(0)
		for i := range cs {
			if len(cs[i].Purchases) > 0 {
				buyers++
				net += cs[i].Net()
			}
		}
		ret := get(Customers, true)
		var sizes int64
		for _, r := range ret.Rows {
			sizes += r.Size
			assert.Equal(t, 1.0, r.Cells[0].Float(), "retention at age 0")
			for _, c := range r.Cells {
				assert.True(t, c.Float() >= 0 && c.Float() <= 1, "retention %v", c.Float())
			}
		}
		assert.Equal(t, buyers, sizes)
		assert.Equal(t, buyers, ret.Average.Size)
		for _, r := range get(Repeat, true).Rows {
			for k, c := range r.Cells {
				assert.True(t, c.Float() >= 0 && c.Float() <= 1)
				if k > 0 {
					assert.GreaterOrEqual(t, c.Num, r.Cells[k-1].Num, "repeat falls with age")
				}
			}
		}
		var sum money.Amount
		for _, r := range get(LTV, false).Rows {
			sum += money.Amount(r.Cells[len(r.Cells)-1].Num)
			if iter%2 == 0 {
				for k := 1; k < len(r.Cells); k++ {
					assert.GreaterOrEqual(t, r.Cells[k].Num, r.Cells[k-1].Num, "ltv falls with age without returns")
				}
			}
		}
		assert.Equal(t, net, sum, "last LTV cells = net revenue of the customers")
		// Revenue per period sums to the same.
		sum = 0
		for _, r := range get(Revenue, false).Rows {
			for _, c := range r.Cells {
				sum += money.Amount(c.Num)
			}
		}
		assert.Equal(t, net, sum)
	}
}

func TestCellAmount(t *testing.T) {
	tests := []struct {
		c    Cell
		want money.Amount
	}{
		{Cell{10, 4}, 2}, // 2.5 -> 2 (half to even)
		{Cell{14, 4}, 4}, // 3.5 -> 4
		{Cell{-10, 4}, -2},
		{Cell{-14, 4}, -4},
		{Cell{7, 3}, 2},
		{Cell{-7, 3}, -2},
		{Cell{8, 3}, 3},
		{Cell{5, 0}, 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.c.Amount(), "%v", tt.c)
	}
	assert.True(t, Cell{1, 0}.Missing())
	assert.Nil(t, Cell{1, 0}.Rat())
	assert.True(t, errors.Is(fmt.Errorf("x: %w", ErrOptions), ErrOptions))
}
