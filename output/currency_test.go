package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// The terminal headings and labels of money name the currency; the
// machine formats' names do not change.
func TestMoneyHeadingsNameCurrency(t *testing.T) {
	table := func() *Table {
		return &Table{Columns: []Column{{Name: "net_revenue", Title: "Net revenue", Kind: Money}, {Name: "orders", Title: "Orders", Kind: Int}},
			Rows: [][]any{{money.Amount(12 * money.Scale), 3}}, Currency: "EUR"}
	}
	var b bytes.Buffer
	require.NoError(t, Write(&b, TableFormat, table()))
	assert.Contains(t, b.String(), "Net revenue (EUR)")
	assert.NotContains(t, b.String(), "Orders (EUR)")
	b.Reset()
	require.NoError(t, Write(&b, CSV, table()))
	assert.True(t, strings.HasPrefix(b.String(), "net_revenue,orders\n"), b.String())

	r := &Report{Currency: "EUR", Sections: []Section{{Key: "s", Items: []Item{
		{Key: "net_revenue", Label: "Net revenue", Value: money.Amount(5 * money.Scale)},
		{Key: "orders", Label: "Orders", Value: 2},
	}, Table: table()}}}
	r.Sections[0].Table.Currency = ""
	b.Reset()
	require.NoError(t, WriteReport(&b, TableFormat, r))
	assert.Contains(t, b.String(), "  Net revenue (EUR)  5.00")
	assert.Contains(t, b.String(), "  Orders                2")
	assert.Contains(t, b.String(), "Net revenue (EUR) │", "the report's table takes the report's currency")
	b.Reset()
	require.NoError(t, WriteReport(&b, CSV, r))
	assert.NotContains(t, b.String(), "EUR")
}
