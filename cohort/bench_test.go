package cohort

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"lifecycle/money"
	"lifecycle/orders"
)

// benchHistories makes n customers with about four orders each over eight
// years, shaped like the genorders file of bench/run.sh (each customer's
// orders in one block of memory, as the reader lays them out).
func benchHistories(n int) ([]orders.Customer, int32, int) {
	rng := rand.New(rand.NewPCG(11, 12))
	start := day(2017, 1, 1)
	span := day(2025, 1, 1) - start
	cs := make([]orders.Customer, n)
	total := 0
	for i := range cs {
		k := 1 + rng.IntN(7)
		os := make([]orders.Order, k)
		d := start + int32(rng.IntN(int(span)))
		for j := range os {
			os[j] = orders.Order{Day: d, Amount: money.Amount(rng.IntN(200_000_000))}
			d += int32(rng.IntN(200))
		}
		cs[i] = orders.Customer{ID: fmt.Sprint(i), Purchases: os}
		if rng.IntN(10) == 0 {
			cs[i].Returns = []orders.Order{{Day: d, Amount: -money.Amount(rng.IntN(50_000_000))}}
		}
		total += k
	}
	return (&orders.Histories{Customers: cs}).Until(start + span).Customers, start + span, total
}

// BenchmarkCompute times one table on 1M customers (about 4M orders): the
// cost that `lifecycle cohort` adds to reading. orders/s counts purchases.
func BenchmarkCompute(b *testing.B) {
	cs, asOf, n := benchHistories(1_000_000)
	cases := []struct {
		name string
		opt  Options
	}{
		{"month/customers", Options{Period: Month, PerCustomer: true}},
		{"month/ltv", Options{Period: Month, Metric: LTV, PerCustomer: true}},
		{"week/customers", Options{Period: Week, PerCustomer: true}},
		{"day/ages-1-7-30", Options{Period: Day, Ages: []int{1, 7, 30}, PerCustomer: true}},
		{"day/all", Options{Period: Day, PerCustomer: true}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Compute(cs, asOf, c.opt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "orders/s")
		})
	}
}
