package main

import (
	"cmp"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"lifecycle/ltv"
	"lifecycle/money"
	"lifecycle/output"
)

// TestLTVOrder checks the radix order of the view against a comparison
// sort: CLV descending with NaN last, then expected purchases descending,
// then the input order; with many ties, negative values and NaN.
func TestLTVOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 5000, 200_000} {
		vs := make([]ltv.Value, n)
		for i := range vs {
			vs[i] = ltv.Value{CLV: float64(rng.IntN(50)) - 5, Purchases: float64(rng.IntN(4)) / 3}
			switch rng.IntN(10) {
			case 0:
				vs[i].CLV = math.NaN()
			case 1:
				vs[i].CLV = rng.NormFloat64() * 1e6
			case 2:
				vs[i].CLV = 0
			}
		}
		want := make([]int32, n)
		for i := range want {
			want[i] = int32(i)
		}
		desc := func(a, b float64) int {
			switch {
			case math.IsNaN(a) && math.IsNaN(b):
				return 0
			case math.IsNaN(a):
				return 1
			case math.IsNaN(b):
				return -1
			}
			return cmp.Compare(b, a)
		}
		slices.SortStableFunc(want, func(a, b int32) int {
			if c := desc(vs[a].CLV, vs[b].CLV); c != 0 {
				return c
			}
			return desc(vs[a].Purchases, vs[b].Purchases)
		})
		assert.Equal(t, want, ltvOrder(vs), "n = %d", n)
	}
}

// TestTimeBoxes checks that a boxed time is the time, from the cache or
// not.
func TestTimeBoxes(t *testing.T) {
	for _, per := range []float64{7, 1} {
		b := newTimeBoxes(100/per, per)
		for _, v := range []float64{0, 3 / per, 100 / per, 101 / per, 0.5, math.Copysign(0, -1), -1, 1e300} {
			got := b.get(v).(float64)
			assert.Equal(t, math.Float64bits(v), math.Float64bits(got), "%g", v)
		}
	}
}

// BenchmarkLTVTable sorts and writes the per-customer view of 1,000,000
// customers as CSV.
func BenchmarkLTVTable(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 1_000_000
	cs, vs := make([]ltv.Customer, n), make([]ltv.Value, n)
	for i := range cs {
		x := rng.IntN(8)
		first := rng.IntN(1400)
		cs[i] = ltv.Customer{ID: "C" + strconv.Itoa(rng.IntN(1e9)), Orders: x + 1 + rng.IntN(2), Net: money.Amount(rng.IntN(1e9)),
			Summary: ltv.Summary{X: x, T: float64(1460-first) / 7}}
		if x > 0 {
			cs[i].Tx = float64(rng.IntN(1460-first)) / 7
		}
		vs[i] = ltv.Value{PAlive: rng.Float64(), Purchases: rng.Float64() * 5, OrderValue: 20 + rng.Float64()*100}
		vs[i].CLV = vs[i].Purchases * vs[i].OrderValue
	}
	st := ltvSettings{unit: ltv.Week, proj: ltv.Projection{Horizon: 52, Margin: 1, UnitsPerYear: ltv.UnitsPerYear(ltv.Week)}, horizon: "52w"}
	b.ReportAllocs()
	for b.Loop() {
		if err := output.Write(io.Discard, output.CSV, ltvTable(cs, vs, st, 20000)); err != nil {
			b.Fatal(err)
		}
	}
}
