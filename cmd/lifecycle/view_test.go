package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"lifecycle/output"
	"lifecycle/output/words"
)

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
	for _, lang := range []words.Lang{words.English, words.Chinese} {
		textAsRow(t, customerTable(r, lang, nil))
	}
	c := syntheticChurn(t, 20_000, 8)
	c.Customers.At(0).ID, c.Customers.At(1).ID = `a "quoted", id`, ""
	for _, all := range []bool{false, true} {
		textAsRow(t, churnCustomerTable(c, all, false, nil))
	}
}
