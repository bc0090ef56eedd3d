package orders

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/fx"
	"lifecycle/money"
)

// readFiles reads texts as the files of one read, named by their keys in
// the order given.
func readFiles(t *testing.T, opt Options, files ...string) (*Histories, error) {
	t.Helper()
	if opt.MaxBad == 0 {
		opt.MaxBad = 0.5
	}
	var in []Input
	for i := 0; i+1 < len(files); i += 2 {
		in = append(in, Input{Name: files[i], R: strings.NewReader(files[i+1])})
	}
	return Read(in, opt)
}

// accounted is every amount the histories and the stats account for: it
// must equal Stats.Total.
func accounted(h *Histories) money.Amount {
	st := &h.Stats
	sum := st.CancelledValue + st.UnpaidValue + st.DuplicateValue + st.OverlapValue + st.IgnoredReturnValue +
		st.AfterAsOfValue + st.NoCustomerValue + st.SkippedValue + st.FilteredValue
	for _, c := range h.Customers {
		sum += c.Net()
	}
	return sum
}

const overlapHeader = "order_id,customer_id,order_date,amount,status\n"

func TestOverlappingFilesSameContent(t *testing.T) {
	// January and February exports overlapping by two orders: each is one
	// order, counted as read once; before, they were counted as whole-row
	// repeats.
	jan := overlapHeader + "1,ann,2024-01-03,40.00,paid\n2,bo,2024-01-17,20.00,paid\n3,cy,2024-01-31,30.00,paid\n"
	feb := overlapHeader + "2,bo,2024-01-17,20.00,paid\n3,cy,2024-01-31,30.00,paid\n4,ann,2024-02-02,10.00,paid\n"
	h, err := readFiles(t, Options{}, "jan.csv", jan, "feb.csv", feb)
	require.NoError(t, err)
	st := h.Stats
	assert.EqualValues(t, 2, st.OverlapOrders)
	assert.EqualValues(t, 0, st.UpdatedOrders)
	assert.EqualValues(t, 2, st.OverlapRows)
	assert.Equal(t, amt("50"), st.OverlapValue)
	assert.EqualValues(t, 0, st.Duplicates)
	assert.Equal(t, amt("150"), st.Total)
	assert.Equal(t, st.Total, accounted(h), "reconciles")
	var orders int
	var net money.Amount
	for _, c := range h.Customers {
		orders += len(c.Purchases)
		net += c.Net()
	}
	assert.Equal(t, 4, orders)
	assert.Equal(t, amt("100"), net)
}

func TestOverlappingFilesUpdated(t *testing.T) {
	// The later export refunded order 3 and corrected order 2's amount:
	// the file given last wins. Before, order 3 was both a purchase and a
	// cancellation and order 2's amounts were added.
	jan := overlapHeader + "1,ann,2024-01-03,40.00,paid\n2,bo,2024-01-17,20.00,paid\n3,cy,2024-01-31,30.00,paid\n"
	feb := overlapHeader + "2,bo,2024-01-17,25.00,paid\n3,cy,2024-01-31,30.00,refunded\n4,ann,2024-02-02,10.00,paid\n"
	h, err := readFiles(t, Options{}, "jan.csv", jan, "feb.csv", feb)
	require.NoError(t, err)
	st := h.Stats
	assert.EqualValues(t, 0, st.OverlapOrders)
	assert.EqualValues(t, 2, st.UpdatedOrders)
	assert.EqualValues(t, 1, st.CancelledOrders)
	assert.Equal(t, amt("30"), st.CancelledValue)
	assert.Equal(t, amt("50"), st.OverlapValue)
	assert.Equal(t, st.Total, accounted(h), "reconciles")
	c := byID(h)
	require.Len(t, c["bo"].Purchases, 1)
	assert.Equal(t, amt("25"), c["bo"].Purchases[0].Amount)
	assert.Nil(t, c["cy"], "cy's only order was refunded")

	// Given the other way round, January's content wins.
	h, err = readFiles(t, Options{}, "feb.csv", feb, "jan.csv", jan)
	require.NoError(t, err)
	c = byID(h)
	assert.Equal(t, amt("20"), c["bo"].Purchases[0].Amount)
	require.NotNil(t, c["cy"])
	assert.Equal(t, h.Stats.Total, accounted(h), "reconciles")
}

func TestOverlappingOrderLines(t *testing.T) {
	// An order of two lines in both files (a line export): the same order,
	// read once, whether its lines are adjacent or not.
	a := "order_id,customer_id,order_date,qty,amount\n7,ann,2024-01-03,1,10.00\n8,bo,2024-01-03,1,5.00\n7,ann,2024-01-03,2,20.00\n"
	b := "order_id,customer_id,order_date,qty,amount\n7,ann,2024-01-03,1,10.00\n7,ann,2024-01-03,2,20.00\n"
	h, err := readFiles(t, Options{}, "a.csv", a, "b.csv", b)
	require.NoError(t, err)
	assert.EqualValues(t, 1, h.Stats.OverlapOrders)
	require.Len(t, byID(h)["ann"].Purchases, 1)
	assert.Equal(t, amt("30"), byID(h)["ann"].Purchases[0].Amount)
	assert.Equal(t, h.Stats.Total, accounted(h), "reconciles")
}

func TestTwoStoresFiles(t *testing.T) {
	// Two stores' exports, both numbering orders from 1: an error naming
	// both files; --id-per-file reads them apart.
	a := overlapHeader + "1,ann,2024-01-03,40.00,paid\n2,bo,2024-01-17,20.00,paid\n"
	b := overlapHeader + "1,zed,2024-01-05,15.00,paid\n2,bo,2024-01-17,20.00,paid\n"
	_, err := readFiles(t, Options{}, "shop-a.csv", a, "shop-b.csv", b)
	var ts *TwoStoresError
	require.True(t, errors.As(err, &ts), "%v", err)
	assert.Equal(t, [2]string{"shop-a.csv", "shop-b.csv"}, ts.Files)
	assert.Equal(t, [2]string{"ann", "zed"}, ts.Customers)
	assert.Contains(t, err.Error(), "--id-per-file")

	h, err := readFiles(t, Options{IDPerFile: true}, "shop-a.csv", a, "shop-b.csv", b)
	require.NoError(t, err)
	assert.EqualValues(t, 0, h.Stats.OverlapOrders)
	assert.Len(t, byID(h)["bo"].Purchases, 2, "order 2 of each store")
	assert.Equal(t, h.Stats.Total, accounted(h), "reconciles")
}

func TestOverlapWithoutOrderIDs(t *testing.T) {
	// Without order ids, a row in both files is read once; two identical
	// rows of one file stay two purchases, as in a single-file read.
	a := "customer_id,order_date,amount\nann,2024-01-03,10.00\nann,2024-01-03,10.00\nbo,2024-01-04,5.00\n"
	b := "customer_id,order_date,amount\nann,2024-01-03,10.00\nbo,2024-01-04,5.00\ncy,2024-01-09,7.00\n"
	h, err := readFiles(t, Options{}, "a.csv", a, "b.csv", b)
	require.NoError(t, err)
	st := h.Stats
	assert.EqualValues(t, 2, st.OverlapRepeats)
	assert.Equal(t, amt("15"), st.OverlapValue)
	c := byID(h)
	assert.Len(t, c["ann"].Purchases, 2)
	assert.Len(t, c["bo"].Purchases, 1)
	assert.Len(t, c["cy"].Purchases, 1)
	assert.Equal(t, st.Total, accounted(h), "reconciles")
}

func TestIdenticalFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := dir + "/" + name
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	a := write("a.csv", overlapHeader+"1,ann,2024-01-03,40.00,paid\n")
	b := write("b.csv", overlapHeader+"1,ann,2024-01-03,40.00,paid\n")
	c := write("c.csv", overlapHeader+"1,ann,2024-01-03,41.00,paid\n") // same size, other bytes
	d := write("d.csv", overlapHeader+"2,bo,2024-01-03,40.00,paid\n")
	same, err := IdenticalFiles([]string{a, c, b, d, a, "-"})
	require.NoError(t, err)
	assert.Equal(t, map[int]int{2: 0, 4: 0}, same)
}

func TestRepeatedRowAcrossFilesCostsNothing(t *testing.T) {
	// One row repeated k times in each of two files (not byte-identical):
	// memory must not grow with k, and the read is one order.
	defer func(p bool, s int) { parseParallel, sampleRows = p, s }(parseParallel, sampleRows)
	for _, par := range []bool{false, true} {
		parseParallel, sampleRows = par, 100
		read := func(k int) (uint64, *Histories) {
			row := "100001,C00000001,2024-01-02T10:00:00Z,19.99\n"
			a := []byte("order_id,customer_id,order_date,amount\n" + strings.Repeat(row, k))
			b := []byte("customer_id,order_id,order_date,amount\n" + strings.Repeat("C00000001,100001,2024-01-02T10:00:00Z,19.99\n", k))
			var h *Histories
			n := allocated(func() {
				var err error
				h, err = Read([]Input{{Name: "a.csv", R: bytes.NewReader(a)}, {Name: "b.csv", R: bytes.NewReader(b)}}, Options{})
				require.NoError(t, err)
			})
			return n, h
		}
		small, _ := read(1000)
		large, h := read(300_000)
		require.Len(t, h.Customers, 1)
		assert.Len(t, h.Customers[0].Purchases, 1)
		assert.EqualValues(t, 1, h.Stats.OverlapOrders)
		assert.Equal(t, h.Stats.Total, accounted(h), "reconciles")
		slack := uint64(1 << 20)
		if par {
			slack += uint64(2 * 3 * chunkBytes) // each file's chunk buffers
		}
		assert.Less(t, large, small+slack, "parallel %v: %d repeats allocate %d KB, 1,000 allocate %d KB", par, 300_000, large>>10, small>>10)
	}
}

// FuzzReadFiles reads two texts as the files of one read: it must not
// panic, and when it succeeds every amount is accounted for, the rows the
// overlap rules left out included, and the refunds counted are at most
// the partly refunded orders kept, their value that of those orders'
// refunds (zero or less).
func FuzzReadFiles(f *testing.F) {
	magento := `ID,"Purchase Point","Purchase Date","Grand Total (Purchased)",Status,"Customer Email","Total Refunded"` + "\n"
	f.Add(magento+"1,S,\"Mar 5, 2024 9:00:00 AM\",30,Closed,a@x.com,25\n2,S,\"Mar 6, 2024 9:00:00 AM\",40,Closed,b@x.com,5\n",
		magento+"1,S,\"Mar 5, 2024 9:00:00 AM\",30,Closed,a@x.com,25\n2,S,\"Mar 6, 2024 9:00:00 AM\",40,Complete,b@x.com,\n")
	f.Add(overlapHeader+"1,a,2024-01-01,10,paid\n2,b,2024-01-02,5,paid\n", overlapHeader+"2,b,2024-01-02,6,refunded\n3,a,2024-01-03,1,paid\n")
	f.Add("customer_id,order_date,amount\na,2024-01-01,1\na,2024-01-01,1\n", "customer_id,order_date,amount\na,2024-01-01,1\n")
	f.Add("order_id,customer_id,order_date,amount,currency\n1,a,2024-01-01,10,EUR\n2,,2024-01-02,3,GBP\n3,b,bad,4,GBP\n", "order_id,customer_id,order_date,amount\n4,,2024-01-03,GBP 6\n5,c,2024-01-04,€7\n")
	f.Add("order_id,customer_id,order_date,qty,amount\n7,a,2024-01-03,1,10\n7,a,2024-01-03,2,20\n", "order_id,customer_id,order_date,amount\n7,a,2024-01-04,30\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		h, err := readFiles(t, Options{MaxBad: 1}, "a", a, "b", b)
		if err != nil {
			return
		}
		if got := accounted(h); got != h.Stats.Total {
			t.Fatalf("amounts do not reconcile: %v accounted, %v read (%+v)", got, h.Stats.Total, h.Stats)
		}
		var returns int64
		for _, c := range h.Customers {
			returns += int64(len(c.Returns))
		}
		if st := h.Stats; st.Refunds < 0 || st.RefundValue > 0 || st.AfterAsOf == 0 && st.FilteredOrders == 0 && st.Refunds > returns {
			t.Fatalf("%d refunds (%v) for %d returns kept", st.Refunds, st.RefundValue, returns)
		}
	})
}

func TestOverlappingRefundCountsOnce(t *testing.T) {
	// A Magento order refunded in part in two overlapping exports is one
	// refund (the later file's when they differ); one the later file no
	// longer refunds is none. Before, each file's refund was counted, and
	// their values added, though the rows were read once.
	header := `ID,"Purchase Point","Purchase Date","Grand Total (Purchased)",Status,"Customer Email","Total Refunded"` + "\n"
	row := func(id, day, total, status, who, refunded string) string {
		return fmt.Sprintf("%s,Store,\"Mar %s, 2024 9:03:22 AM\",%s,%s,%s,%s\n", id, day, total, status, who, refunded)
	}
	a := header + row("101", "5", "30.00", "Closed", "ann@x.com", "25.00") + row("102", "6", "40.00", "Closed", "ben@x.com", "5.00") +
		row("103", "7", "20.00", "Closed", "cat@x.com", "10.00")
	b := header + row("101", "5", "30.00", "Closed", "ann@x.com", "25.00") + row("102", "6", "40.00", "Closed", "ben@x.com", "10.00") +
		row("103", "7", "20.00", "Complete", "cat@x.com", "") + row("104", "8", "15.00", "Complete", "dan@x.com", "")
	for _, par := range []bool{false, true} {
		defer func(p bool, s, c int) { parseParallel, sampleRows, chunkBytes = p, s, c }(parseParallel, sampleRows, chunkBytes)
		parseParallel, sampleRows, chunkBytes = par, 1, 40 // in parallel, a chunk a row or two
		h, err := readFiles(t, Options{}, "a.csv", a, "b.csv", b)
		require.NoError(t, err)
		st := h.Stats
		assert.EqualValues(t, 2, st.Refunds, "parallel %v", par)
		assert.Equal(t, -amt("35"), st.RefundValue, "parallel %v", par)
		assert.Equal(t, amt("50"), st.OverlapValue, "parallel %v", par)
		assert.Equal(t, st.Total, accounted(h), "reconciles")
		var returns money.Amount
		for _, c := range h.Customers {
			for _, r := range c.Returns {
				returns += r.Amount
			}
		}
		assert.Equal(t, st.RefundValue, returns, "the refunds counted are the returns kept")
	}
}

func TestFXConverts(t *testing.T) {
	// Shopify writes Currency and Total on an order's first line: its
	// further lines take the order's currency. Every amount is converted
	// at its day's rate, and the conversions reconcile with the total.
	tb, err := fx.Read("rates.csv", strings.NewReader("date,currency,rate\n2024-01-01,CAD,0.70\n2024-01-02,USD,0.90\n"), "EUR")
	require.NoError(t, err)
	text := "Name,Email,Financial Status,Created at,Total,Currency,Lineitem quantity,Lineitem price\n" +
		"#1,a@x.com,paid,2024-01-01,30.00,CAD,1,10.00\n#1,a@x.com,,,,,2,10.00\n" +
		"#2,b@x.com,paid,2024-01-03,5.00,USD,1,5.00\n#3,b@x.com,paid,2024-01-03,4.00,EUR,1,4.00\n"
	for _, par := range []bool{false, true} {
		defer func(p bool, s int) { parseParallel, sampleRows = p, s }(parseParallel, sampleRows)
		parseParallel, sampleRows = par, 1
		h := readString(t, text, Options{FX: tb})
		st := h.Stats
		assert.Equal(t, "EUR", st.Currency)
		assert.Equal(t, amt("21")+amt("4.5")+amt("4"), st.Total)
		assert.Equal(t, st.Total, accounted(h), "reconciles")
		var to money.Amount
		for _, c := range st.Conversions {
			to += c.To
		}
		assert.Equal(t, st.Total, to, "every amount converted is counted: %+v", st.Conversions)
	}
}

func TestManyFilesOverlap(t *testing.T) {
	// A year of daily exports, each holding the day before's last order
	// again: more files than a read with attributes can number.
	var files []string
	for d := range 260 {
		text := overlapHeader + fmt.Sprintf("%d,c%d,2024-01-01,1.00,paid\n%d,c%d,2024-01-01,1.00,paid\n", d, d%7, d+1, (d+1)%7)
		files = append(files, fmt.Sprintf("day%03d.csv", d), text)
	}
	h, err := readFiles(t, Options{}, files...)
	require.NoError(t, err)
	assert.EqualValues(t, 259, h.Stats.OverlapOrders)
	assert.Equal(t, h.Stats.Total, accounted(h), "reconciles")
	n := 0
	for _, c := range h.Customers {
		n += len(c.Purchases)
	}
	assert.Equal(t, 261, n)

	_, err = readFiles(t, Options{Attributes: []string{"status"}}, files...)
	assert.ErrorContains(t, err, "260 files: a read that keeps attributes (--by, --where) compares at most 255")
}
