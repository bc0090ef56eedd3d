package orders_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/orders"
	"lifecycle/summary"
)

// sourceRow is one order of the fixture that every format is written from.
type sourceRow struct {
	order, customer, date string
	cents                 int64
}

func sourceRows() []sourceRow {
	r := rand.New(rand.NewPCG(1, 2))
	var rows []sourceRow
	for i := range 300 {
		cents := r.Int64N(500000) - 20000 // some returns, some over 1,000
		rows = append(rows, sourceRow{
			order:    fmt.Sprintf("%d", 1000+i),
			customer: fmt.Sprintf("c%03d", r.IntN(60)),
			date:     fmt.Sprintf("2021-%02d-%02dT%02d:%02d:00Z", 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60)),
			cents:    cents,
		})
	}
	return rows
}

// money writes cents with a decimal mark and an optional thousands separator.
func moneyText(cents int64, point, thousands string) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	units := strconv.FormatInt(cents/100, 10)
	if thousands != "" {
		for i := len(units) - 3; i > 0; i -= 3 {
			units = units[:i] + thousands + units[i:]
		}
	}
	s := fmt.Sprintf("%s%s%02d", units, point, cents%100)
	if neg {
		s = "-" + s
	}
	return s
}

// TestFormatsGiveIdenticalSummaries writes the same orders as CSV (quoted
// amounts with thousands separators), TSV, semicolon CSV with decimal commas
// and whitespace-aligned text, and checks that all read to the same
// histories and summary.
func TestFormatsGiveIdenticalSummaries(t *testing.T) {
	rows := sourceRows()
	type variant struct {
		name string
		text string
		opt  orders.Options
	}
	var csv, tsv, semi, ws strings.Builder
	csv.WriteString("order_id,customer_id,order_date,amount\r\n")
	tsv.WriteString("order_id\tcustomer_id\torder_date\tamount\n")
	semi.WriteString("\ufefforder_id;customer_id;order_date;amount\n")
	ws.WriteString("  order_id   customer_id   order_date             amount\n")
	for _, r := range rows {
		fmt.Fprintf(&csv, "%s,%s,%s,\"$%s\"\r\n", r.order, r.customer, r.date, moneyText(r.cents, ".", ","))
		fmt.Fprintf(&tsv, "%s\t%s\t%s\t%s\n", r.order, r.customer, r.date, moneyText(r.cents, ".", ""))
		fmt.Fprintf(&semi, "%s;%s;%s;%s\n", r.order, r.customer, r.date, moneyText(r.cents, ",", "."))
		fmt.Fprintf(&ws, "  %-10s %-13s %-20s %12s\n", r.order, r.customer, r.date, moneyText(r.cents, ".", ""))
	}
	variants := []variant{
		{"csv", csv.String(), orders.Options{}},
		{"tsv", tsv.String(), orders.Options{}},
		{"semicolon, decimal comma", semi.String(), orders.Options{DecimalComma: true}},
		{"whitespace", ws.String(), orders.Options{}},
	}
	var want *summary.Summary
	var wantH *orders.Histories
	for _, v := range variants {
		v.opt.MaxBad = 0.05
		h, err := orders.Read([]orders.Input{{Name: v.name, R: strings.NewReader(v.text)}}, v.opt)
		require.NoError(t, err, v.name)
		require.Equal(t, int64(0), h.Stats.SkippedRows(), v.name)
		got := summary.Of(h)
		if want == nil {
			want, wantH = got, h
			var total int64
			for _, r := range rows {
				total += r.cents
			}
			require.Equal(t, total*10000, int64(got.Net), "net revenue is the exact sum of the input")
			continue
		}
		assert.Equal(t, want, got, v.name)
		assert.Equal(t, wantH.Customers, h.Customers, v.name)
	}
}

// TestGenordersDirty reads a genorders -dirty export (testdata/
// genorders-dirty.csv, made with the command in testdata/README.md) and
// checks that every injected fault is accounted for exactly as genorders
// reports it in genorders-dirty.txt.
func TestGenordersDirty(t *testing.T) {
	report, err := os.ReadFile("../testdata/genorders-dirty.txt")
	require.NoError(t, err)
	count := func(key string) int64 {
		m := regexp.MustCompile(`\b` + key + `=(\d+)`).FindSubmatch(report)
		require.NotNil(t, m, key)
		n, _ := strconv.ParseInt(string(m[1]), 10, 64)
		return n
	}
	f, err := os.Open("../testdata/genorders-dirty.csv")
	require.NoError(t, err)
	defer f.Close()
	h, err := orders.Read([]orders.Input{{Name: "genorders-dirty.csv", R: f}}, orders.Options{MaxBad: 0.05})
	require.NoError(t, err)
	st := h.Stats
	assert.Equal(t, count("rows"), st.Rows)
	assert.Equal(t, count("blank_customer"), st.Skipped[orders.NoCustomer])
	assert.Equal(t, count("bad_date"), st.Skipped[orders.BadDate], "quoted month-name dates are read, the bad ones skipped")
	assert.Equal(t, count("bad_date")+count("blank_customer"), st.SkippedRows())
	assert.Equal(t, count("duplicate"), st.Duplicates)
	assert.Equal(t, count("refund"), st.ReturnRows)
	sm := summary.Of(h)
	assert.Equal(t, count("refund"), sm.Returns)
	assert.Equal(t, count("orders")-count("blank_customer")-count("bad_date"), sm.Purchases)
	assert.Equal(t, st.Total, sm.Net+st.DuplicateValue+st.NoCustomerValue+st.SkippedValue,
		"every amount read is in net revenue, the duplicates or the skipped rows")
	assert.NotZero(t, st.NoCustomerValue)
	assert.NotZero(t, st.SkippedValue)
}
