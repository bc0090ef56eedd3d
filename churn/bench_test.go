package churn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/expr-lang/expr"

	"lifecycle/money"
	"lifecycle/orders"
)

// synthetic returns n customers (n not a multiple of 7919) with purchases
// over three years before asOf (1 + Exp(2) of them, about 60 days apart), a tenth of
// them with a return.
func synthetic(n int, seed uint64) *orders.Histories {
	rng := rand.New(rand.NewPCG(seed, 1))
	const asOf = 20000
	h := &orders.Histories{AsOf: asOf, Customers: make([]orders.Customer, n)}
	for i := range h.Customers {
		c := &h.Customers[i]
		c.ID = fmt.Sprintf("c%08d", (i*7919+13)%n) // unique, not in order
		k := 1 + int(rng.ExpFloat64()*2)
		day := int32(asOf - 1095 + rng.IntN(900))
		for range k {
			if day > asOf {
				break
			}
			c.Purchases = append(c.Purchases, orders.Order{Day: day, Amount: money.Amount(rng.IntN(200_000_000))})
			day += int32(rng.ExpFloat64() * 60)
		}
		if rng.IntN(10) == 0 {
			d := c.Purchases[len(c.Purchases)-1].Day
			c.Returns = []orders.Order{{Day: d, Amount: -money.Amount(rng.IntN(10_000_000))}}
		}
	}
	return h
}

// BenchmarkFeatures measures the features of one customer.
func BenchmarkFeatures(b *testing.B) {
	h := synthetic(100_000, 1)
	var m measure
	var f Features
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.features(&h.Customers[i%len(h.Customers)], h.AsOf, 30, &f)
		i++
	}
}

// BenchmarkRules compares the ways of evaluating the four default rules on
// one customer's features: expr.Run (a new VM each time), one VM reused.
func BenchmarkRules(b *testing.B) {
	h := synthetic(100_000, 1)
	set, err := Default(DefaultThresholds())
	if err != nil {
		b.Fatal(err)
	}
	envs := make([]Features, 1024)
	var m measure
	for i := range envs {
		m.features(&h.Customers[i], h.AsOf, 30, &envs[i])
	}
	b.Run("expr.Run", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			env := &envs[i%len(envs)]
			for j := range set.Rules {
				if _, err := expr.Run(set.Rules[j].program, env); err != nil {
					b.Fatal(err)
				}
			}
			i++
		}
	})
	b.Run("vm reused", func(b *testing.B) {
		b.ReportAllocs()
		e := evaluator{set: set, vmOnly: true}
		i := 0
		for b.Loop() {
			e.env = envs[i%len(envs)]
			if _, _, err := e.eval(); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("closures", func(b *testing.B) {
		b.ReportAllocs()
		e := evaluator{set: set}
		i := 0
		for b.Loop() {
			e.env = envs[i%len(envs)]
			if _, _, err := e.eval(); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkCompute measures features and the default rules on every
// customer (per-customer cost: ns/op divided by the customers).
func BenchmarkCompute(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		h := synthetic(n, 3)
		set, err := Default(DefaultThresholds())
		if err != nil {
			b.Fatal(err)
		}
		b.Run(itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Compute(h, set, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "customers/s")
		})
	}
}

// BenchmarkViewKeys measures making the keys of the warned customers for
// the view.
func BenchmarkViewKeys(b *testing.B) {
	h := synthetic(1_000_000, 3)
	set, err := Default(DefaultThresholds())
	if err != nil {
		b.Fatal(err)
	}
	res, err := Compute(h, set, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res.ViewKeys(false)
	}
	b.ReportMetric(float64(flagged(res))*float64(b.N)/b.Elapsed().Seconds(), "customers/s")
}
