package main

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"lifecycle/ltv"
	"lifecycle/money"
	"lifecycle/output"
)

// TestLTVOrder checks the order of the view against a comparison sort:
// CLV descending with NaN last, then expected purchases descending, then
// the input order; with many ties, negative values and NaN.
func TestLTVOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	st := ltvSettings{unit: ltv.Week, proj: ltv.Projection{Horizon: 52, Margin: 1, UnitsPerYear: ltv.UnitsPerYear(ltv.Week)}, horizon: "52w"}
	for _, n := range []int{0, 1, 7, 5000} {
		vs := make([]ltv.Value, n)
		cs := make([]ltv.Customer, n)
		for i := range vs {
			cs[i] = ltv.Customer{ID: strconv.Itoa(i), Orders: 1}
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
		tb := ltvTable(cs, vs, st, 20000)
		require.Equal(t, n, tb.Len)
		cells := make([]any, len(tb.Columns))
		for k, i := range want {
			tb.Row(k, cells)
			require.Equal(t, cs[i].ID, cells[0].(fmt.Stringer).String(), "n %d, row %d", n, k)
		}
	}
}

// TestLTVTableIDs: the view's ids, held in its rows when short and apart
// when long, come out as given, in view order, on every core.
func TestLTVTableIDs(t *testing.T) {
	const n = 120_000 // more than a core lays out at a time
	cs, vs := make([]ltv.Customer, n), make([]ltv.Value, n)
	for i := range cs {
		id := strconv.Itoa(i)
		switch i % 5 {
		case 1:
			id = strings.Repeat("é", i%20) + id // 0 to 38 bytes before the number
		case 2:
			id = ""
		case 3:
			id = fmt.Sprintf("%015d", i) // 15 bytes: the longest held in a row
		case 4:
			id = fmt.Sprintf("%016d", i) // 16: the shortest kept apart
		}
		cs[i] = ltv.Customer{ID: id, Orders: 1, Summary: ltv.Summary{T: float64(i%300) / 7}}
		vs[i] = ltv.Value{PAlive: 1, Purchases: 1, OrderValue: 10, CLV: float64(i % 1000)}
	}
	st := ltvSettings{unit: ltv.Week, proj: ltv.Projection{Horizon: 52, Margin: 1, UnitsPerYear: ltv.UnitsPerYear(ltv.Week)}, horizon: "52w"}
	tb := ltvTable(cs, vs, st, 20000)
	require.Equal(t, n, tb.Len)
	// CLV descending, then the input order.
	want := make([]int, n)
	for i := range want {
		want[i] = i
	}
	slices.SortStableFunc(want, func(a, b int) int { return cmp.Compare(vs[b].CLV, vs[a].CLV) })
	cells := make([]any, len(tb.Columns))
	for k, i := range want {
		tb.Row(k, cells)
		if got := cells[0].(fmt.Stringer).String(); got != cs[i].ID {
			t.Fatalf("row %d: id %q, want %q", k, got, cs[i].ID)
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

// TestLTVRowsStayNarrow: a row of the per-customer view is 80 bytes, and
// 112 with --intervals' columns, which only a view with them carries: the
// rows are copied into view order (a scattered read each) and written, so
// a byte more is paid 2.5 million times on the 10M-order file, twice.
func TestLTVRowsStayNarrow(t *testing.T) {
	require.EqualValues(t, 80, unsafe.Sizeof(ltvRow{}))
	require.EqualValues(t, 112, unsafe.Sizeof(ltvIntervalRow{}))
	require.Nil(t, boundsOf(&ltvRow{}), "a plain row has no bounds")
	wide := &ltvIntervalRow{}
	require.Same(t, &wide.bounds, boundsOf(wide))
	require.Same(t, &wide.ltvRow, rowOf(wide))
}
