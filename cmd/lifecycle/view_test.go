package main

import (
	"bytes"
	"cmp"
	"fmt"
	"lifecycle/chunked"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

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
		rows := chunked.Make[rfmRow](n)
		long := make([]string, n)
		for i, id := range ids {
			if !rows.At(i).id.set(id) {
				long[i] = id
			}
		}
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
	c.Customers[0].ID, c.Customers[1].ID = `a "quoted", id`, ""
	for _, all := range []bool{false, true} {
		textAsRow(t, churnCustomerTable(c, all, false, nil))
	}
}
