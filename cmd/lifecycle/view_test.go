package main

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"lifecycle/internal/chunked"
	"lifecycle/output"
	"lifecycle/rfm"
)

// TestSortLongRun sorts long runs of positions by id, each half by radix
// and the halves merged on every core, against a stable sort of the ids:
// short ids, long ones sharing their first 15 bytes (equal ties, decided
// by the whole id), and runs long enough for the merge to be split.
func TestSortLongRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, n := range []int{longRun, 100_001, 250_000} {
		ids := make([]string, n)
		for i, p := range rng.Perm(n) {
			switch i % 3 {
			case 0:
				ids[i] = fmt.Sprintf("C%07d", p)
			case 1:
				ids[i] = fmt.Sprintf("customer-00000-%d", p) // long, one 15-byte prefix
			default:
				ids[i] = fmt.Sprintf("%x", p*7919)
			}
		}
		rows, long := rowsOfIDs(ids)
		// The run: every position, in an order of their own.
		order := make([]int32, n)
		for k, i := range rng.Perm(n) {
			order[k] = int32(i)
		}
		want := slices.Clone(order)
		slices.SortStableFunc(want, func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) })
		sortLongRun(rows, order, func(r *rfmRow) *shortID { return &r.id }, long)
		for k := range order {
			if order[k] != want[k] {
				require.Equal(t, ids[want[k]], ids[order[k]], "n %d, position %d", n, k)
			}
		}
		require.True(t, slices.IsSortedFunc(order, func(a, b int32) int { return strings.Compare(ids[a], ids[b]) }))
	}
}

// rowsOfIDs returns rows holding ids, and the ids too long for a row by
// position.
func rowsOfIDs(ids []string) (chunked.Slice[rfmRow], []string) {
	rows := chunked.Make[rfmRow](len(ids))
	long := make([]string, len(ids))
	for i, id := range ids {
		if !rows.At(i).id.set(id) {
			long[i] = id
		}
	}
	return rows, long
}

// TestSortRun sorts runs of positions shorter than a long run by id
// (quicksort, insertion sort, the equal ties of long ids sharing their
// first 15 bytes), against a stable sort of the ids: random runs of every
// length to a few thousand, runs sorted, reversed, and with few distinct
// numbers, and with no depth left (pdqsort).
func TestSortRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	idOf := func(p int, kind int) string {
		switch kind % 3 {
		case 0:
			return fmt.Sprintf("C%07d", p)
		case 1:
			return fmt.Sprintf("customer-00000-%d", p%50) // long, one 15-byte prefix
		}
		return fmt.Sprintf("%x", p*7919)
	}
	check := func(n int, arrange string) {
		ids := make([]string, n)
		for i, p := range rng.Perm(n) {
			ids[i] = idOf(p, rng.IntN(3))
		}
		switch arrange {
		case "sorted":
			slices.Sort(ids)
		case "reversed":
			slices.Sort(ids)
			slices.Reverse(ids)
		case "short ids":
			for i, p := range rng.Perm(n) {
				ids[i] = idOf(p, 0)
			}
		}
		rows, long := rowsOfIDs(ids)
		order := make([]int32, n)
		for k := range order {
			order[k] = int32(k)
		}
		want := slices.Clone(order)
		slices.SortStableFunc(want, func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) })
		sortRun(rows, order, func(r *rfmRow) *shortID { return &r.id }, long, nil, nil)
		got := make([]string, n)
		for k := range order {
			got[k] = ids[order[k]]
		}
		require.True(t, slices.IsSorted(got), "n %d %s", n, arrange)
		for k := range order {
			require.Equal(t, ids[want[k]], got[k], "n %d %s position %d", n, arrange, k)
		}
	}
	for n := 0; n < 300; n++ {
		check(n, "random")
	}
	for _, n := range []int{1000, longRun - 1} {
		for _, arrange := range []string{"random", "sorted", "reversed", "short ids"} {
			check(n, arrange)
		}
	}
	// No depth left: pdqsort, then the equal ties.
	ties := make([]idTie, 500)
	for k := range ties {
		ties[k] = idTie{hi: uint64(rng.IntN(40)), lo: uint64(rng.IntN(3)), k: int32(k)}
	}
	quickTies(ties, 0)
	require.True(t, slices.IsSortedFunc(ties, func(a, b idTie) int {
		return cmp.Or(cmp.Compare(a.hi, b.hi), cmp.Compare(a.lo, b.lo))
	}))
}

// textAsRow requires that tab written as CSV and TSV through its Text is
// what its Row's cells make.
func textAsRow(t *testing.T, tab *output.Table) {
	t.Helper()
	require.NotNil(t, tab.Text)
	for _, f := range []output.Format{output.CSV, output.TSV} {
		var got, want bytes.Buffer
		require.NoError(t, output.Write(&got, f, tab))
		cells := *tab
		cells.Text = nil
		require.NoError(t, output.Write(&want, f, &cells))
		require.Equal(t, want.String(), got.String(), "%v", f)
	}
}

// TestViewsTextAsRow: the per-customer views of rfm, churn and ltv write
// as text what their cells hold, with short, long, empty and quoted ids.
func TestViewsTextAsRow(t *testing.T) {
	r := syntheticRFM(t, 20_000, 7)
	r.Customers.At(0).ID, r.Customers.At(1).ID, r.Customers.At(2).ID = "", `a "quoted", id`, "customer-0123456789-long"
	for _, lang := range []rfm.Lang{rfm.English, rfm.Chinese} {
		textAsRow(t, customerTable(r, lang, nil))
	}
	c := syntheticChurn(t, 20_000, 8)
	c.Customers.At(0).ID, c.Customers.At(1).ID = `a "quoted", id`, ""
	for _, all := range []bool{false, true} {
		textAsRow(t, churnCustomerTable(c, all, false, nil))
	}
}
