package orders

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// whereExport has one row per order: a number (amount), a date, a cost
// that does not always read, and text.
const whereExport = `order_id,customer_id,order_date,amount,cost,Ref,Country
1,a,2024-01-05,10.00,4,7,UK
2,a,2024-02-05,20.00,abc,x,FR
3,b,2024-01-20,35.00,,12,UK
4,c,2024-03-01,25.00,10,3,FR
5,c,2024-03-09 18:00,10.00,5,,UK
`

// readWhere reads whereExport (or inputs) under condition src and applies it.
func readWhere(t testing.TB, src string, inputs ...Input) (*Histories, error) {
	t.Helper()
	w, err := ParseWhere(src)
	if err != nil {
		return nil, err
	}
	if inputs == nil {
		inputs = []Input{{Name: "o.csv", R: strings.NewReader(whereExport)}}
	}
	h, err := Read(inputs, Options{Attributes: w.Names(), Where: w})
	if err != nil {
		return nil, err
	}
	return w.Apply(h)
}

// kept returns the ids of the orders' customers and the sum of the orders
// kept.
func keptValue(h *Histories) (n int, v money.Amount) {
	for _, c := range h.Customers {
		for _, o := range c.Purchases {
			n++
			v += o.Amount
		}
	}
	return n, v
}

// TestWhereTyped: the amount and date columns compare as a number and a
// time, a text literal with them as one; every order is kept, left out, or
// left out unjudged, and the values add up.
func TestWhereTyped(t *testing.T) {
	for _, c := range []struct {
		src            string
		kept, unjudged int
		value          string // of the orders kept
	}{
		{`amount > 20`, 2, 0, "60.00"},
		{`amount >= "20"`, 3, 0, "80.00"},
		{`order_date >= "2024-02-05"`, 3, 0, "55.00"},
		{`order_date > date("2024-03-09 12:00")`, 1, 0, "10.00"},
		{`date < "2024-01-20"`, 1, 0, "10.00"},                // the date role, by its name
		{`cost >= 5`, 2, 1, "35.00"},                          // "abc" is not judged; "" costs nothing, as the read has it
		{`Country == "UK" || cost >= 5`, 4, 1, "80.00"},       // a named cost that does not read: not judged
		{`number(Ref) > 5`, 2, 2, "45.00"},                    // "x" and "" fail where needed
		{`Country == "UK" || number(Ref) > 5`, 3, 1, "55.00"}, // order 2's "x" is needed, order 5's "" is not
		{`Country == "FR"`, 2, 0, "45.00"},
	} {
		t.Run(c.src, func(t *testing.T) {
			h, err := readWhere(t, c.src)
			require.NoError(t, err)
			n, v := keptValue(h)
			assert.Equal(t, c.kept, n)
			assert.Equal(t, c.value, v.String())
			assert.EqualValues(t, 5-c.kept, h.Stats.FilteredOrders)
			assert.EqualValues(t, c.unjudged, h.Stats.Unjudged)
			assert.Equal(t, "100.00", (v + h.Stats.FilteredValue).String())
		})
	}
}

// TestWhereTypeErrors: a condition whose types do not fit is a
// *WhereError, before any row is read; so is a name typed differently by
// two files.
func TestWhereTypeErrors(t *testing.T) {
	for _, src := range []string{`Country > 3`, `amount > "lots"`, `order_date > 5`, `order_date < "2024-02-30"`, `number(amount) + "x" == 1`} {
		_, err := readWhere(t, src)
		var we *WhereError
		require.ErrorAs(t, err, &we, src)
		assert.Equal(t, "o.csv", we.File, src)
	}
	// Total is the amount of a.csv, but text in b.csv, whose amount is
	// "amount".
	_, err := readWhere(t, `Total > 5`,
		Input{Name: "a.csv", R: strings.NewReader("customer_id,order_date,Total\na,2024-01-01,10\n")},
		Input{Name: "b.csv", R: strings.NewReader("customer_id,order_date,amount,Total\nb,2024-01-02,10,x\n")})
	var we *WhereError
	require.ErrorAs(t, err, &we)
	assert.Contains(t, err.Error(), "Total is text here but an amount in a.csv")
}

// TestWhereStrict: under Strict an order the condition cannot judge stops
// the read's use with an *UnjudgedError naming the value.
func TestWhereStrict(t *testing.T) {
	w, err := ParseWhere(`cost > 1`)
	require.NoError(t, err)
	h, err := Read([]Input{{Name: "o.csv", R: strings.NewReader(whereExport)}}, Options{Attributes: w.Names(), Where: w, Strict: true})
	require.NoError(t, err)
	_, err = w.Apply(h)
	var ue *UnjudgedError
	require.True(t, errors.As(err, &ue), "%v", err)
	assert.Contains(t, ue.Reason, `cost "`)
}

// FuzzWhereTyped: any condition either fails to parse or type-check, or
// applies with every order kept or left out, and the values adding up.
func FuzzWhereTyped(f *testing.F) {
	for _, s := range []string{`amount > 20`, `order_date >= "2024-02-05"`, `number(Ref) > 5 || Country == "UK"`,
		`date(Ref) < now()`, `amount in ["10", "20.00"]`, `cost > amount / 2`, `date >= date("2024-01-01") && date < "2024-03-01"`,
		`len(Country) > 2`, `amount == nil`, `Country matches "^U"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		h, err := readWhere(t, src)
		if err != nil {
			return
		}
		n, v := keptValue(h)
		if int64(n)+h.Stats.FilteredOrders != 5 || (v+h.Stats.FilteredValue).String() != "100.00" || h.Stats.Unjudged > h.Stats.FilteredOrders {
			t.Fatalf("%q: kept %d (%s), left out %d (%s), unjudged %d", src, n, v, h.Stats.FilteredOrders, h.Stats.FilteredValue, h.Stats.Unjudged)
		}
	})
}

// TestWhereRoleNames: a column whose header is no identifier (BigCommerce's
// "Refund Amount", "Order Date") is named by its role, and typed by it:
// of the fixture's purchases, only 1002 has a refund (5.00; 1004, refunded
// in full, is no purchase); the others, 30 + 45.50 + 60 + 10 + 42.50, are
// left out.
func TestWhereRoleNames(t *testing.T) {
	f, err := os.Open("../testdata/platforms/bigcommerce/orders.csv")
	require.NoError(t, err)
	defer f.Close()
	h, err := readWhere(t, `refunded > 0 && date >= "2024-03-15"`, Input{Name: "orders.csv", R: f})
	require.NoError(t, err)
	require.Len(t, h.Customers, 1)
	assert.Equal(t, "101", h.Customers[0].ID)
	assert.EqualValues(t, 5, h.Stats.FilteredOrders)
	assert.Equal(t, "188.00", h.Stats.FilteredValue.String())
}

// TestWhereParquet: a condition on the typed date and amount columns of a
// Parquet file keeps the orders it keeps on the same orders as CSV (with
// --decimal-comma too, under which Parquet's numbers are no text with a
// comma); a type error is found before any row is read, though Parquet's
// columns are mapped twice.
func TestWhereParquet(t *testing.T) {
	rows := pqOrders(400)
	pq := writePQ(t, []pqCol{colOrder, colCustomer, colMillis, colDecimal}, rows)
	csvText := csvOf(rows, isoUTC, centsText)
	const src = `amount > 1000 && order_date >= "2021-07-01"`
	want, err := readWhere(t, src, Input{Name: "o.csv", R: strings.NewReader(csvText)})
	require.NoError(t, err)
	wn, wv := keptValue(want)
	require.Positive(t, wn)
	require.Positive(t, want.Stats.FilteredOrders)
	for _, comma := range []bool{false, true} {
		for _, sample := range []int{sampleRows, 1} { // in parallel, the typed values' path
			w, err := ParseWhere(src)
			require.NoError(t, err)
			h, err := readParquetWith(pq, Options{Attributes: w.Names(), Where: w, DecimalComma: comma}, true, sample)
			require.NoError(t, err)
			got, err := w.Apply(h)
			require.NoError(t, err)
			n, v := keptValue(got)
			assert.Equal(t, wn, n, "comma %v, sample %d", comma, sample)
			assert.Equal(t, wv, v, "comma %v, sample %d", comma, sample)
			assert.Zero(t, got.Stats.Unjudged)
		}
	}
	w, err := ParseWhere(`amount > "x"`)
	require.NoError(t, err)
	_, err = Read([]Input{{Name: "o.parquet", R: bytes.NewReader(pq), Format: "parquet"}}, Options{Attributes: w.Names(), Where: w})
	var we *WhereError
	require.ErrorAs(t, err, &we)
}
