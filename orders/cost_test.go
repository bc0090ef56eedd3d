package orders

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// costOrders is an order-level export with a cost column as WooCommerce's
// cost-of-goods plugin writes it: a purchase with no cost, a return whose
// cost is written positive, a cancelled order, a purchase sold below cost,
// and rows skipped for no customer, a bad date and a bad cost.
const costOrders = `order_id,customer,date,total,status,Cost of Goods
1,a,2024-01-05,100.00,completed,60.00
2,a,2024-02-10,50.00,completed,20.00
3,b,2024-01-20,80.00,completed,
4,b,2024-03-01,-30.00,completed,10.00
5,c,2024-02-02,40.00,cancelled,25.00
6,c,2024-02-03,70.00,completed,90.00
7,,2024-02-04,10.00,completed,4.00
8,d,not a date,12.00,completed,5.00
9,d,2024-02-05,15.00,completed,n/a
`

// costLines is an order-line export (UCI's layout) with a unit cost that
// the quantity multiplies: an order of two lines, a cancellation
// (negative quantity) and a line with no cost.
const costLines = `InvoiceNo,StockCode,Quantity,UnitPrice,Unit Cost,InvoiceDate,CustomerID
1001,A,2,10.00,6.00,2024-01-05 10:00,x
1001,B,1,5.00,2.50,2024-01-05 10:00,x
1002,A,3,10.00,6.00,2024-02-05 10:00,y
C1003,A,-1,10.00,6.00,2024-02-10 10:00,y
1004,B,4,5.00,,2024-03-01 10:00,x
`

// nets returns each customer's net value.
func nets(h *Histories) map[string]money.Amount {
	out := map[string]money.Amount{}
	for _, c := range h.Customers {
		out[c.ID] = c.Net()
	}
	return out
}

// reconciles checks that the values of the histories and of what was left
// out add up to Total.
func reconciles(t *testing.T, h *Histories) {
	t.Helper()
	st := &h.Stats
	var net money.Amount
	for _, c := range h.Customers {
		net += c.Net()
	}
	assert.Equal(t, st.Total, net+st.NoCustomerValue+st.SkippedValue+st.DuplicateValue+st.CancelledValue+
		st.UnpaidValue+st.IgnoredReturnValue+st.AfterAsOfValue, "the values reconcile")
}

// TestMarginOrderLevel: with Margin, each order's value is its revenue
// less its cost. The figures are worked by hand from costOrders:
//
//	a: 100-60 = 40, 50-20 = 30                      net 70
//	b: 80 (no cost), return -30 - (-10) = -20       net 60
//	c: 70-90 = -20 (cancelled 40-25 = 15 aside)     net -20
//	no customer 10-4 = 6; bad date 12-5 = 7; bad cost 15 (cost unread)
//	revenue 347 = 100+50+80-30+40+70+10+12+15
//	cost 194 = 60+20+0-10+25+90+4+5, margin 153 = 347-194
//
// Without Margin the values are revenues, and the cost is reported.
func TestMarginOrderLevel(t *testing.T) {
	h := readString(t, costOrders, Options{Margin: true})
	st := &h.Stats
	assert.Equal(t, map[string]money.Amount{"a": amt("70"), "b": amt("60"), "c": amt("-20")}, nets(h))
	assert.Equal(t, amt("-20"), byID(h)["b"].Returns[0].Amount, "the return gives back its cost")
	assert.Equal(t, amt("15"), st.CancelledValue)
	assert.Equal(t, amt("6"), st.NoCustomerValue)
	assert.Equal(t, amt("22"), st.SkippedValue, "7 (bad date) + 15 (bad cost)")
	assert.Equal(t, int64(1), st.Skipped[BadCost])
	assert.Equal(t, int64(1), st.NoCost)
	assert.Equal(t, amt("347"), st.Revenue)
	assert.Equal(t, amt("194"), st.Cost)
	assert.Equal(t, amt("153"), st.Total)
	assert.Equal(t, st.Total, st.Revenue-st.Cost)
	assert.True(t, st.Costed)
	assert.True(t, st.Margin)
	reconciles(t, h)

	h = readString(t, costOrders, Options{})
	st = &h.Stats
	assert.Equal(t, map[string]money.Amount{"a": amt("150"), "b": amt("50"), "c": amt("70"), "d": amt("15")}, nets(h))
	assert.Equal(t, amt("347"), st.Total)
	assert.Equal(t, st.Total, st.Revenue)
	assert.Equal(t, amt("194"), st.Cost, "the bad cost counts as none")
	assert.Equal(t, int64(2), st.NoCost)
	assert.Zero(t, st.Skipped[BadCost])
	assert.True(t, st.Costed)
	assert.False(t, st.Margin)
	reconciles(t, h)

	// Read in parallel, in chunks that cut the file anywhere, the same.
	for _, margin := range []bool{false, true} {
		serial := readString(t, costOrders, Options{Margin: margin, MaxBad: 0.5})
		par, err := readWith(t, costOrders, Options{Margin: margin, MaxBad: 0.5}, true, 2, 40)
		require.NoError(t, err)
		assert.Equal(t, serial.Stats, par.Stats)
		assert.Equal(t, nets(serial), nets(par))
	}
}

// TestMarginUnitCost: a unit cost is multiplied by the quantity and the
// lines of an order summed. By hand, from costLines:
//
//	x: 1001 revenue 2x10 + 5 = 25, cost 2x6 + 2.50 = 14.50, margin 10.50;
//	   1004 revenue 20, no cost, margin 20                    net 30.50
//	y: 1002 revenue 30, cost 18, margin 12;
//	   C1003 revenue -10, cost -6, margin -4                  net 8
//	revenue 65, cost 26.50, margin 38.50
func TestMarginUnitCost(t *testing.T) {
	h := readString(t, costLines, Options{Margin: true})
	st := &h.Stats
	assert.Equal(t, map[string]money.Amount{"x": amt("30.50"), "y": amt("8")}, nets(h))
	assert.Equal(t, amt("10.50"), byID(h)["x"].Purchases[0].Amount)
	assert.Equal(t, amt("65"), st.Revenue)
	assert.Equal(t, amt("26.50"), st.Cost)
	assert.Equal(t, amt("38.50"), st.Total)
	assert.Equal(t, int64(1), st.NoCost)
	reconciles(t, h)
	assert.Contains(t, st.Files[0].Columns, `cost="Unit Cost"(5)`)
	assert.Contains(t, st.Files[0].Columns, "cost=quantity*cost")

	// An order-level total cost in a line export is the line's, as
	// written: the same lines with their costs as line totals.
	lines := strings.NewReplacer("Unit Cost", "Line Cost", ",6.00,2024-01", ",12.00,2024-01",
		",6.00,2024-02-05", ",18.00,2024-02-05", ",6.00,2024-02-10", ",-6.00,2024-02-10").Replace(costLines)
	h = readString(t, lines, Options{Margin: true, Columns: Columns{ColCost: "Line Cost"}})
	assert.Equal(t, map[string]money.Amount{"x": amt("30.50"), "y": amt("8")}, nets(h))
	assert.NotContains(t, h.Stats.Files[0].Columns, "quantity*cost")

	// A plain "Cost" beside quantity x price is a unit cost, as the price.
	h = readString(t, strings.Replace(costLines, "Unit Cost", "Cost", 1), Options{Margin: true})
	assert.Equal(t, map[string]money.Amount{"x": amt("30.50"), "y": amt("8")}, nets(h))
	assert.Contains(t, h.Stats.Files[0].Columns, "quantity*cost")
}

// TestCostColumnNames: the headers real exports give a cost column, and
// which of them are unit costs.
func TestCostColumnNames(t *testing.T) {
	for header, unit := range map[string]bool{
		"Cost": false, "Cost of Goods": false, "_wc_cog_order_total_cost": false, "COGS": false, "成本": false, "总成本": false,
		"Unit Cost": true, "Cost per item": true, "成本价": true, "采购价": true, "_wc_cog_item_cost": true,
	} {
		text := "customer,date,quantity,amount," + header + "\na,2024-01-01,2,10.00,3.00\n"
		h := readString(t, text, Options{Margin: true})
		want := "10.00 less 3.00"
		got := h.Customers[0].Net()
		if unit {
			want = "10.00 less 2 x 3.00"
			assert.Equal(t, amt("4"), got, "%s: %s", header, want)
		} else {
			assert.Equal(t, amt("7"), got, "%s: %s", header, want)
		}
	}
	// A unit cost without a quantity column is each row's cost, said.
	var notes []string
	h := readString(t, "customer,date,amount,Unit Cost\na,2024-01-01,10.00,3.00\n",
		Options{Margin: true, Log: func(m string) { notes = append(notes, m) }})
	assert.Equal(t, amt("7"), h.Customers[0].Net())
	assert.Contains(t, strings.Join(notes, "\n"), `cost: "Unit Cost" (column 4) reads as a unit cost, but there is no quantity column`)
}

// TestMarginNeedsACost: --value margin on a file without a cost column,
// and --cost naming no column, are mistakes of the command line.
func TestMarginNeedsACost(t *testing.T) {
	text := "customer,date,amount\na,2024-01-01,10.00\n"
	_, err := Read([]Input{{Name: "o.csv", R: strings.NewReader(text)}}, Options{Margin: true})
	var me *MappingError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.True(t, me.Usage)
	assert.Contains(t, err.Error(), "o.csv: --value margin needs a cost column")

	_, err = Read([]Input{{Name: "o.csv", R: strings.NewReader(text)}}, Options{Columns: Columns{ColCost: "Unit Cost"}})
	require.True(t, errors.As(err, &me), "%v", err)
	assert.True(t, me.Usage)
	assert.Contains(t, err.Error(), `o.csv: --cost "Unit Cost": no such column`)

	// Without a cost column, and without Margin, nothing changes.
	h := readString(t, text, Options{})
	assert.False(t, h.Stats.Costed)
	assert.Equal(t, h.Stats.Total, h.Stats.Revenue)
	assert.Zero(t, h.Stats.Cost)
}

// TestMarginParquet: a cost column of a Parquet file (a DECIMAL, written
// as canonical text, beside the typed date and amount) gives the margins
// the same column gives as CSV text, read serially and in parallel, with
// --decimal-comma too (which Parquet's numbers never need).
func TestMarginParquet(t *testing.T) {
	rows := pqOrders(400)
	costCents := func(o pqOrder) int64 { return o.cents * 3 / 5 }
	var b strings.Builder
	b.WriteString("order_id,customer_id,order_date,amount,cost\n")
	for _, o := range rows {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s\n", o.order, o.customer, isoUTC(o), centsText(o),
			strconv.FormatFloat(float64(costCents(o))/100, 'f', 2, 64))
	}
	pq := writePQ(t, []pqCol{colOrder, colCustomer, colMillis, colDecimal,
		{"cost", parquet.Decimal(2, 10, parquet.Int64Type), func(o pqOrder) parquet.Value { return parquet.Int64Value(costCents(o)) }},
	}, rows)
	h := readBoth(t, b.String(), pq, Options{Margin: true})
	var revenue, cost, margin money.Amount
	for _, o := range rows {
		revenue += money.Amount(o.cents * 10_000)
		c := money.Amount(costCents(o) * 10_000)
		if o.cents < 0 {
			c = -max(c, -c) // a return's cost is negative
		}
		cost += c
		margin += money.Amount(o.cents*10_000) - c
	}
	assert.Equal(t, revenue, h.Stats.Revenue)
	assert.Equal(t, cost, h.Stats.Cost)
	assert.Equal(t, margin, h.Stats.Total)
	reconciles(t, h)

	hp, err := readParquetWith(pq, Options{Margin: true, DecimalComma: true, MaxBad: 0.01}, true, 1)
	require.NoError(t, err)
	assert.Equal(t, h.Customers, hp.Customers, "--decimal-comma leaves Parquet's numbers alone")
}

// TestOrderCostOncePerOrder: WooCommerce's Advanced Order Export repeats
// the order's fields on each product row, the cost-of-goods plugin's order
// total cost (_wc_cog_order_total_cost) among them: read once per order,
// as the total is; its line item total cost (_wc_cog_item_total_cost) is
// each line's. Either gives order 1 a margin of 30 - (4 + 8) = 18 and
// order 2 one of 12 - 5 = 7. Its "Item Cost" is the line's price, not a
// cost.
func TestOrderCostOncePerOrder(t *testing.T) {
	head := "Order Number,Order Status,Order Date,Customer User ID,Email (Billing),Order Total Amount,Order Refund Amount,Product Name,Quantity,Item Cost,"
	order := head + "_wc_cog_order_total_cost\n" +
		"1,wc-completed,2024-01-05 10:00:00,7,a@x,30.00,0,Mug,1,10.00,12.00\n" +
		"1,wc-completed,2024-01-05 10:00:00,7,a@x,30.00,0,Cup,2,10.00,12.00\n" +
		"2,wc-completed,2024-02-05 10:00:00,7,a@x,12.00,0,Tea,1,12.00,5.00\n"
	item := head + "_wc_cog_item_total_cost\n" +
		"1,wc-completed,2024-01-05 10:00:00,7,a@x,30.00,0,Mug,1,10.00,4.00\n" +
		"1,wc-completed,2024-01-05 10:00:00,7,a@x,30.00,0,Cup,2,10.00,8.00\n" +
		"2,wc-completed,2024-02-05 10:00:00,7,a@x,12.00,0,Tea,1,12.00,5.00\n"
	for name, text := range map[string]string{"order": order, "item": item} {
		h := readString(t, text, Options{Margin: true})
		require.Len(t, h.Customers, 1, name)
		var got []money.Amount
		for _, o := range h.Customers[0].Purchases {
			got = append(got, o.Amount)
		}
		assert.Equal(t, []money.Amount{amt("18"), amt("7")}, got, name)
		assert.Equal(t, amt("17"), h.Stats.Cost, name)
		assert.Equal(t, amt("42"), h.Stats.Revenue, name)
	}
	h := readString(t, strings.Replace(item, ",_wc_cog_item_total_cost", ",Note", 1), Options{})
	assert.False(t, h.Stats.Costed, "Item Cost is a price: %s", h.Stats.Files[0].Columns)
}

// TestMarginParallel: read on several cores, in chunks cut anywhere (a
// Shopify export's further lines, which carry their unit costs, at the
// start of a chunk, judged against the chunk before), margins and costs
// are what a serial read gives.
func TestMarginParallel(t *testing.T) {
	shopify := `Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Cost per item
#1001,ann@x.com,paid,30.00,2021-03-01 10:00:00 +0100,1,Mug,4.00
#1001,ann@x.com,,,,2,Cup,3.00
#1001,ann@x.com,,,,1,Plate,
#1002,ann@x.com,refunded,12.00,2021-03-02 10:00:00 +0100,1,Mug,4.00
#1003,bob@x.com,paid,8.00,2021-03-03 10:00:00 +0100,1,Mug,4.00
#1003,bob@x.com,,,,1,Cup,x
#1004,cy@x.com,paid,20.00,2021-03-05 10:00:00 +0100,3,Cup,9.00
`
	for name, text := range map[string]string{"shopify": shopify, "orders": costOrders, "lines": costLines} {
		for _, margin := range []bool{false, true} {
			opt := Options{MaxBad: 1, Margin: margin}
			want, err := readWith(t, text, opt, false, 10000, 4<<20)
			require.NoError(t, err)
			for _, sample := range []int{1, 2} {
				for _, chunk := range []int{1, 7, 40, 100} {
					got, err := readWith(t, text, opt, true, sample, chunk)
					what := fmt.Sprintf("%s, margin %v, sample %d, chunk %d", name, margin, sample, chunk)
					require.NoError(t, err, what)
					assert.Equal(t, want.Customers, got.Customers, what)
					assert.Equal(t, want.Stats, got.Stats, what)
				}
			}
		}
	}
	// By hand, the Shopify export as margins: ann 30 - 4 - 2x3 = 20 (#1002
	// refunded: no purchase); bob's bad cost skips a line of #1003, and
	// the order keeps 8 - 4 = 4; cy 20 - 3x9 = -7.
	h, err := readWith(t, shopify, Options{MaxBad: 1, Margin: true}, true, 1, 7)
	require.NoError(t, err)
	assert.Equal(t, map[string]money.Amount{"ann@x.com": amt("20"), "bob@x.com": amt("4"), "cy@x.com": amt("-7")}, nets(h))
	reconciles(t, h)
}
