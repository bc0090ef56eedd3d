package orders

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// The first invoice of UCI Online Retail, as its first rows give it:
// product (StockCode), quantity and quantity x unit price.
var uciInvoice536365 = []Line{
	{Product: "85123A", Quantity: 600, Amount: 1530}, {Product: "71053", Quantity: 600, Amount: 2034},
	{Product: "84406B", Quantity: 800, Amount: 2200}, {Product: "84029G", Quantity: 600, Amount: 2034},
	{Product: "84029E", Quantity: 600, Amount: 2034}, {Product: "22752", Quantity: 200, Amount: 1530},
	{Product: "21730", Quantity: 600, Amount: 2550},
}

// checkLines reads text with and without lines, serially and in parallel
// with small chunks, and checks invoice 536365's lines, and that the
// histories are those of a read without lines.
func checkLines(t *testing.T, text string) {
	t.Helper()
	opt := Options{MaxBad: 0.05}
	want, err := readWith(t, text, opt, false, 10000, 4<<20)
	require.NoError(t, err)
	assert.Nil(t, want.Lines("536365"), "lines kept without Options.Lines")
	opt.Lines = true
	for _, par := range []bool{false, true} {
		got, err := readWith(t, text, opt, par, 100, 256)
		require.NoError(t, err)
		assert.Equal(t, want.Customers, got.Customers, "parallel %v", par)
		assert.Equal(t, want.Stats, got.Stats, "parallel %v", par)
		assert.Equal(t, want.ByGroup()[0].Customers, got.ByGroup()[0].Customers)
		lines := got.Lines("536365")
		require.Len(t, lines, len(uciInvoice536365), "parallel %v", par)
		for i, l := range uciInvoice536365 {
			assert.Equal(t, l.Product, lines[i].Product)
			assert.Equal(t, l.Quantity*money.Amount(money.Scale/100), lines[i].Quantity, l.Product)
			assert.Equal(t, l.Amount*money.Amount(money.Scale/100), lines[i].Amount, l.Product)
		}
		assert.Nil(t, got.Lines("no such invoice"))
		assert.Len(t, got.Lines("C536379"), 1)
	}
}

// TestLinesUCISlice: the first rows of UCI Online Retail.
func TestLinesUCISlice(t *testing.T) {
	data, err := os.ReadFile("testdata/online-retail-slice.csv")
	require.NoError(t, err)
	checkLines(t, string(data))
}

// TestLinesUCI: the whole UCI file, when present.
func TestLinesUCI(t *testing.T) {
	checkLines(t, uciText(t))
}

// uciText is the whole of UCI Online Retail, from ../shared/data; the test
// skips when it is absent.
func uciText(t *testing.T) string {
	t.Helper()
	f, err := os.Open("../../shared/data/online-retail-dataset.csv.gz")
	if err != nil {
		t.Skip("../shared/data not present")
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = io.Copy(&buf, zr)
	require.NoError(t, err)
	return buf.String()
}
