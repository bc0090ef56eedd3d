package main

import (
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
	"lifecycle/output"
	"lifecycle/output/words"
	"lifecycle/rfm"
)

// syntheticRFM returns n scored customers with many ties on segment and
// monetary value; ids unique (as customer ids are), every tenth longer
// than a row holds.
func syntheticRFM(t testing.TB, n int, seed uint64) *rfm.Result {
	return rfmResult(t, syntheticCustomers(t, n, seed))
}

// rfmResult returns a result of the standard scheme with the customers cs.
func rfmResult(t testing.TB, cs []rfm.Customer) *rfm.Result {
	sc, err := rfm.SchemeByName("standard")
	require.NoError(t, err)
	return &rfm.Result{AsOf: 20000, Bins: 5, Scheme: sc, Customers: rfm.CustomersOf(cs)}
}

// syntheticCustomers returns the customers of syntheticRFM.
func syntheticCustomers(t testing.TB, n int, seed uint64) []rfm.Customer {
	rng := rand.New(rand.NewPCG(seed, 9))
	sc, err := rfm.SchemeByName("standard")
	require.NoError(t, err)
	cs := make([]rfm.Customer, n)
	perm := rng.Perm(n)
	for i := range cs {
		id := "C" + strconv.Itoa(perm[i])
		if i%10 == 0 {
			id = fmt.Sprintf("customer-%016d", perm[i])
		}
		first := int32(18000 + rng.IntN(1900))
		last := first + int32(rng.IntN(int(20000-first)+1))
		cs[i] = rfm.Customer{ID: id, First: first, Last: last, Recency: 20000 - last,
			Frequency: int32(1 + rng.IntN(30)), Monetary: money.Amount(rng.IntN(5000)) * 10_000,
			R: uint8(1 + rng.IntN(5)), F: uint8(1 + rng.IntN(5)), M: uint8(1 + rng.IntN(5)), Segment: uint8(rng.IntN(len(sc.Segments)))}
	}
	return cs
}

// rfmViewOrder returns the indexes of res's customers in the order of the
// per-customer view, by a plain stable sort: by segment, monetary value
// descending, then id.
func rfmViewOrder(res *rfm.Result) []int32 {
	cs := res.Customers
	order := make([]int32, cs.Len())
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		x, y := cs.At(int(a)), cs.At(int(b))
		return cmp.Or(cmp.Compare(x.Segment, y.Segment), cmp.Compare(y.Monetary, x.Monetary), strings.Compare(x.ID, y.ID))
	})
	return order
}

// TestCustomerTableOrder checks that the rows of the per-customer view are
// the customers in the view's order, cell for cell: with short, long and
// zero-byte ids tied, runs of ties long enough to be sorted by radix,
// values too far apart for their differences to make a key, and more
// customers than a core lays out at a time.
func TestCustomerTableOrder(t *testing.T) {
	long := "0123456789abcdef"
	var small []rfm.Customer
	for _, id := range []string{"b", "a", long + "z", long + "b", long, long + "a", "a\x00", "a\x00\x00", "\x00", "x1", "x2"} {
		small = append(small, rfm.Customer{ID: id, Monetary: 7, R: 1, F: 1, M: 1, First: 19000, Last: 19000, Recency: 1000})
	}
	small = append(small, rfm.Customer{ID: "~", Monetary: 8, R: 1, F: 1, M: 1, First: 19000, Last: 19000},
		rfm.Customer{ID: "!", Segment: 1, R: 1, F: 1, M: 1, First: 19000, Last: 19000})
	far := syntheticCustomers(t, 1000, 2)
	far[3].Monetary = money.Amount(1) << 62
	tied := syntheticCustomers(t, 30_000, 3)
	for i := range tied {
		if i%3 == 0 {
			tied[i].Segment, tied[i].Monetary = 2, 0 // a run of 10,000
		}
	}
	cases := map[string]*rfm.Result{"small": rfmResult(t, small), "far apart": rfmResult(t, far),
		"long runs": rfmResult(t, tied), "many": syntheticRFM(t, 120_000, 4)}
	for name, res := range cases {
		t.Run(name, func(t *testing.T) {
			order := rfmViewOrder(res)
			// The table lets go of the customers once it has its rows:
			// nothing it does after may read them.
			cs := res.Customers
			released := false
			tab := customerTable(res, words.English, func() {
				drop(&res.Customers)
				released = true
			})
			require.True(t, released)
			res.Customers = cs
			require.Equal(t, len(order), tab.Len)
			got, want := make([]any, len(tab.Columns)), make([]any, len(tab.Columns))
			for k, i := range order {
				tab.Row(k, got)
				c := res.Customers.At(int(i))
				want = []any{c.ID, int64(c.Recency), int64(c.Frequency), c.Monetary, int64(c.First), int64(c.Last),
					int64(c.R), int64(c.F), int64(c.M), c.Code(), res.Scheme.Segments[c.Segment].Title(rfm.English)}
				if cells := plainCells(got); !reflect.DeepEqual(want, cells) { // require.Equal's test, without its cost per row
					require.Equal(t, want, cells, "row %d", k)
				}
			}
		})
	}
}

// plainCells turns the cells of a row into plain values to compare.
func plainCells(cells []any) []any {
	out := make([]any, len(cells))
	for j, c := range cells {
		switch v := c.(type) {
		case *money.Amount:
			out[j] = *v
		case int32:
			out[j] = int64(v)
		case float32:
			out[j] = float64(v)
		case uint8:
			out[j] = int64(v)
		case fmt.Stringer: // an id
			out[j] = v.String()
		default:
			out[j] = v
		}
	}
	return out
}

// BenchmarkRFMCustomerTable lays out and writes as CSV the per-customer
// view of 2.5 million customers, as `lifecycle rfm` does on the 10M-order
// file.
func BenchmarkRFMCustomerTable(b *testing.B) {
	cs := syntheticCustomers(b, 2_500_000, 5)
	for i := range cs {
		cs[i].ID = "C" + strconv.Itoa(10_000_000+i*7%2_500_000) // short, as in genorders
	}
	res := rfmResult(b, cs)
	b.Run("view", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			customerTable(res, words.English, nil)
		}
	})
	b.Run("view+write", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := output.Write(io.Discard, output.CSV, customerTable(res, words.English, nil)); err != nil {
				b.Fatal(err)
			}
		}
	})
	assert.NotNil(b, res)
}
