package main

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"lifecycle/churn"
	"lifecycle/money"
	"lifecycle/output"
)

// syntheticChurn returns n customers with warnings of every level, many
// of no value (a long run of ties), ids unique, every tenth longer than a
// row holds.
func syntheticChurn(t testing.TB, n int, seed uint64) *churn.Result {
	return churnResult(t, syntheticChurnCustomers(t, n, seed))
}

// churnResult returns a result of the default rules with the customers cs.
func churnResult(t testing.TB, cs []churn.Customer) *churn.Result {
	set, err := churn.Default(churn.DefaultThresholds())
	require.NoError(t, err)
	return &churn.Result{AsOf: 20000, Set: set, Customers: churn.CustomersOf(cs), StoreGap: 30}
}

// syntheticChurnCustomers returns the customers of syntheticChurn.
func syntheticChurnCustomers(t testing.TB, n int, seed uint64) []churn.Customer {
	rng := rand.New(rand.NewPCG(seed, 11))
	set, err := churn.Default(churn.DefaultThresholds())
	require.NoError(t, err)
	cs := make([]churn.Customer, n)
	perm := rng.Perm(n)
	for i := range cs {
		id := "C" + strconv.Itoa(perm[i])
		if i%10 == 0 {
			id = fmt.Sprintf("customer-%016d", perm[i])
		}
		gap := float32(rng.IntN(400)) / 2
		if rng.IntN(8) == 0 {
			gap = float32(math.NaN())
		}
		var value money.Amount
		if rng.IntN(2) == 0 {
			value = money.Amount(rng.IntN(20000)) * 10_000
		}
		rules := uint64(rng.IntN(1 << len(set.Rules)))
		level := churn.None
		for j := range set.Rules {
			if rules&(1<<j) != 0 {
				level = max(level, set.Rules[j].Level)
			}
		}
		cs[i] = churn.Customer{ID: id, Index: int32(i), Last: int32(18000 + rng.IntN(2001)),
			Purchases: int32(1 + rng.IntN(40)), TypicalGap: gap, Level: level, Rules: rules,
			Net: money.Amount(rng.IntN(1e9)), Value: value}
	}
	return cs
}

// churnViewOrder returns the positions of the customers of res's
// per-customer view (all with all) in view order, by a plain stable sort:
// by level descending, value at risk descending, then id.
func churnViewOrder(res *churn.Result, all bool) []int32 {
	var order []int32
	for i, c := range res.Customers.All() {
		if all || c.Level != churn.None {
			order = append(order, int32(i))
		}
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		x, y := res.Customers.At(int(a)), res.Customers.At(int(b))
		return cmp.Or(cmp.Compare(y.Level, x.Level), cmp.Compare(y.Value, x.Value), strings.Compare(x.ID, y.ID))
	})
	return order
}

// TestChurnCustomerTableOrder checks that the rows of the per-customer
// view are the customers in the view's order, cell for cell: warned ones
// and all, with short, long and zero-byte ids tied, long runs of ties,
// values too far apart for their differences to make a key, and more
// customers than a core lays out at a time.
func TestChurnCustomerTableOrder(t *testing.T) {
	long := "0123456789abcdef"
	var small []churn.Customer
	for _, id := range []string{"b", "a", long + "z", long + "b", long, long + "a", "a\x00", "a\x00\x00", "\x00", "x1", "x2"} {
		small = append(small, churn.Customer{ID: id, Level: churn.High, Rules: 1, Last: 19000, Purchases: 2, TypicalGap: 3, Value: 7})
	}
	far := syntheticChurnCustomers(t, 1000, 2)
	far[3].Value = money.Amount(1) << 62
	far[3].Level, far[3].Rules = churn.Critical, 1<<1
	cases := map[string]*churn.Result{"small": churnResult(t, small), "far apart": churnResult(t, far),
		"many": syntheticChurn(t, 120_000, 3)}
	for name, res := range cases {
		for _, all := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s all %v", name, all), func(t *testing.T) {
				order := churnViewOrder(res, all)
				// The table lets go of the customers once it has its rows:
				// nothing it does after may read them.
				cs := res.Customers
				released := false
				tab := churnCustomerTable(res, all, false, func() {
					drop(&res.Customers)
					released = true
				})
				require.True(t, released)
				res.Customers = cs
				require.Equal(t, len(order), tab.Len)
				got := make([]any, len(tab.Columns))
				for k, i := range order {
					tab.Row(k, got)
					c := res.Customers.At(int(i))
					var gap, next any
					if g := float64(c.TypicalGap); !math.IsNaN(g) {
						gap = g
					}
					if d, ok := c.ExpectedNext(); ok {
						next = int64(d)
					}
					overdue := any(c.DaysOverdue(res.AsOf))
					if math.IsNaN(c.DaysOverdue(res.AsOf)) {
						overdue = nil
					}
					want := []any{c.ID, c.Level.String(), strings.Join(res.Set.RuleNames(c.Rules), " "),
						int64(res.AsOf - c.Last), gap, overdue, next, int64(c.Purchases), c.Net, c.Value}
					cells := plainCells(got)
					cells = append(cells[:3], cells[4:]...) // not the reason
					if !reflect.DeepEqual(want, cells) {    // require.Equal's test, without its cost per row
						require.Equal(t, want, cells, "row %d", k)
					}
				}
			})
		}
	}
}

// BenchmarkChurnCustomerTable lays out and writes as CSV the per-customer
// view of 2.5 million customers, as `lifecycle churn` does on the
// 10M-order file.
func BenchmarkChurnCustomerTable(b *testing.B) {
	cs := syntheticChurnCustomers(b, 2_500_000, 5)
	for i := range cs {
		cs[i].ID = "C" + strconv.Itoa(10_000_000+i*7%2_500_000) // short, as in genorders
	}
	res := churnResult(b, cs)
	b.Run("view", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			churnCustomerTable(res, false, false, nil)
		}
	})
	b.Run("view+write", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := output.Write(io.Discard, output.CSV, churnCustomerTable(res, false, false, nil)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
