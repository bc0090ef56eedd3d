package orders

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/money"
)

func readString(t *testing.T, text string, opt Options) *Histories {
	t.Helper()
	if opt.MaxBad == 0 {
		opt.MaxBad = 0.5
	}
	h, err := Read([]Input{{Name: "t.csv", R: strings.NewReader(text)}}, opt)
	require.NoError(t, err)
	return h
}

func byID(h *Histories) map[string]*Customer {
	m := map[string]*Customer{}
	for i := range h.Customers {
		m[h.Customers[i].ID] = &h.Customers[i]
	}
	return m
}

func amt(s string) money.Amount {
	a, err := money.ParseString(s, money.Options{})
	if err != nil {
		panic(err)
	}
	return a
}

func TestRecordReader(t *testing.T) {
	in := "\ufeffa,b,c\r\n" + // BOM is stripped by Read, not here: it stays in field 1
		"1,\"x, y\",\"say \"\"hi\"\"\"\r\n" +
		"\r\n" +
		"2,\"two\nlines\",z\n" +
		"3,a\"b,\"stray \" quote\"\n" +
		"4,,\n" +
		"=\"35153131473293579\",=\"\",a=b\n"
	rr := newRecordReader(bufio.NewReader(strings.NewReader(in)), ',')
	var blank int64
	var got [][]string
	var lines []int
	for {
		f, err := rr.read(&blank)
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		var row []string
		for _, b := range f {
			row = append(row, string(b))
		}
		got = append(got, row)
		lines = append(lines, rr.start)
	}
	assert.Equal(t, [][]string{
		{"\ufeffa", "b", "c"},
		{"1", "x, y", `say "hi"`},
		{"2", "two\nlines", "z"},
		{"3", `a"b`, `stray " quote`},
		{"4", "", ""},
		{"35153131473293579", "", "a=b"},
	}, got)
	assert.Equal(t, []int{1, 2, 4, 6, 7, 8}, lines)
	assert.Equal(t, int64(1), blank)
}

func TestRecordReaderWhitespaceAndErrors(t *testing.T) {
	rr := newRecordReader(bufio.NewReader(strings.NewReader(" 00001 19970101  1   11.77\r\n\t2\t3 \n")), Whitespace)
	var blank int64
	f, err := rr.read(&blank)
	require.NoError(t, err)
	assert.Equal(t, []string{"00001", "19970101", "1", "11.77"}, strs(f))
	f, err = rr.read(&blank)
	require.NoError(t, err)
	assert.Equal(t, []string{"2", "3"}, strs(f))

	rr = newRecordReader(bufio.NewReader(strings.NewReader("a,\"open\nnever closed\n")), ',')
	_, err = rr.read(&blank)
	assert.ErrorIs(t, err, errUnterminated)
}

func strs(f [][]byte) []string {
	var s []string
	for _, b := range f {
		s = append(s, string(b))
	}
	return s
}

func TestSniffDelimiter(t *testing.T) {
	for _, tc := range []struct {
		head string
		want byte
	}{
		{"a,b,c\n1,2,3\n", ','},
		{"a;b;c\n1;\"2,5\";3\n", ';'},
		{"a\tb\tc\n1\t2\t3\n", '\t'},
		{"a|b|c\n1|2|3\n", '|'},
		{" customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n", Whitespace},
		{"id\n1\n2\n", ','},
		// Commas inside quotes do not count.
		{"a;b\n\"x,y,z\";2\n\"p,q\";3\n", ';'},
	} {
		assert.Equal(t, string(tc.want), string(sniffDelimiter([]byte(tc.head))), tc.head)
	}
}

func TestMappingKnownExports(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header string
		want   string
	}{
		{"uci", "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
			"customer=CustomerID(7) order=InvoiceNo(1) date=InvoiceDate(5) quantity=Quantity(4) price=UnitPrice(6) amount=quantity*price (order lines)"},
		{"generic", "order_id,customer_id,order_date,amount", "customer=customer_id(2) order=order_id(1) date=order_date(3) amount=amount(4)"},
		{"cdnow", "customer_id,date,number_of_cds,dollar_value", "customer=customer_id(1) date=date(2) amount=dollar_value(4) quantity=number_of_cds(3)"},
		{"shopify", "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Cancelled at",
			`customer=Email(2) order=Name(1) date="Created at"(16) amount=Total(12) quantity="Lineitem quantity"(17) status="Financial Status"(3) cancelled-at="Cancelled at"(20) (order lines)`},
		{"woocommerce", "Order ID,Order Number,Order Status,Order Date,Customer User ID,Billing Email,Order Total",
			`customer="Customer User ID"(5) order="Order ID"(1) date="Order Date"(4) amount="Order Total"(7) status="Order Status"(3)`},
		{"superstore", "Row ID,Order ID,Order Date,Ship Date,Ship Mode,Customer ID,Customer Name,Segment,Country,City,State,Postal Code,Region,Product ID,Category,Sub-Category,Product Name,Sales,Quantity,Discount,Profit",
			`customer="Customer ID"(6) order="Order ID"(2) date="Order Date"(3) amount=Sales(18) quantity=Quantity(19) (order lines)`},
		{"event log with a lone price", "Id,Date,Price", ""},
		{"btyd", "cust,date,sales", "customer=cust(1) date=date(2) amount=sales(3)"},
		{"taobao", "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间",
			"customer=买家会员名(2) order=订单编号(1) date=订单付款时间(6) amount=买家实际支付金额(3) status=订单状态(4)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := strings.Split(tc.header, ",")
			m, err := resolve("f.csv", header, len(header), Columns{}, nil)
			if tc.want == "" {
				var me *MappingError
				require.ErrorAs(t, err, &me)
				assert.Contains(t, err.Error(), "--customer")
				assert.Contains(t, err.Error(), `1="Id"`)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, m.Describe())
		})
	}
}

func TestTaobaoPrefersPaymentTime(t *testing.T) {
	header := strings.Split("订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间", ",")
	m, err := resolve("f.csv", header, len(header), Columns{}, nil)
	require.NoError(t, err)
	assert.Equal(t, 5, m.Index[ColDate])
	require.Len(t, m.Notes, 1)
	assert.Contains(t, m.Notes[0].Error(), "订单付款时间 (payment time) preferred over 订单创建时间")
	m, err = resolve("f.csv", header, len(header), Columns{ColDate: "订单创建时间"}, nil)
	require.NoError(t, err)
	assert.Equal(t, 4, m.Index[ColDate])
	assert.Empty(t, m.Notes)
}

func TestMappingFlags(t *testing.T) {
	header := []string{"Id", "Date", "Price"}
	m, err := resolve("f.csv", header, 3, Columns{ColCustomer: "id"}, nil)
	require.NoError(t, err)
	assert.Equal(t, "customer=Id(1) date=Date(2) amount=Price(3)", m.Describe())

	_, err = resolve("f.csv", header, 3, Columns{ColCustomer: "4"}, nil)
	assert.ErrorContains(t, err, "--customer 4: the file has 3 columns")
	_, err = resolve("f.csv", header, 3, Columns{ColCustomer: "client"}, nil)
	assert.ErrorContains(t, err, `--customer "client": no such column`)
	_, err = resolve("f.csv", nil, 3, Columns{ColCustomer: "Id"}, nil)
	assert.ErrorContains(t, err, "with --no-header, columns are given by 1-based number")
	_, err = resolve("f.csv", []string{"customer", "date", "qty"}, 3, Columns{}, nil)
	assert.ErrorContains(t, err, "a quantity column needs a price column")
}

func TestOrderLinesReturnsAndIDs(t *testing.T) {
	h := readString(t, `InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID
536365,A,6,2010-12-01 08:26:00,2.55,17850.0
536365,B,6,2010-12-01 08:26:00,3.39,17850.0
536366,A,2,2010-12-01 08:28:00,1.85,17850
C536367,A,-1,2010-12-02 09:00:00,2.55,17850.0
536368,A,1,2010-12-03 10:00:00,0,12345
536365,C,1,2010-12-01 08:27:00,1.00,17850.0
536369,A,1,2010-12-03 10:00:00,5,
`, Options{})
	c := byID(h)
	require.Len(t, c, 2, "17850.0 and 17850 are one customer")
	a := c["17850"]
	require.Len(t, a.Purchases, 2)
	// Order 536365: three lines, one of them not next to the others.
	assert.Equal(t, amt("36.64"), a.Purchases[0].Amount) // 6 x 2.55 + 6 x 3.39 + 1 x 1.00
	assert.Equal(t, int32(time.Date(2010, 12, 1, 0, 0, 0, 0, time.UTC).Unix()/86400), a.Purchases[0].Day)
	assert.Equal(t, amt("3.70"), a.Purchases[1].Amount)
	require.Len(t, a.Returns, 1)
	assert.Equal(t, amt("-2.55"), a.Returns[0].Amount)
	assert.Equal(t, amt("37.79"), a.Net())
	// A zero-value order is a purchase worth 0.
	require.Len(t, c["12345"].Purchases, 1)
	assert.Equal(t, money.Amount(0), c["12345"].Purchases[0].Amount)
	assert.Equal(t, int64(1), h.Stats.Skipped[NoCustomer])
	assert.Equal(t, int64(7), h.Stats.Rows)
	assert.Equal(t, amt("42.79"), h.Stats.Total, "the row without a customer is read too")
	assert.Equal(t, amt("5"), h.Stats.NoCustomerValue)
}

func TestAllCPrefixedIDsAreNotCancellations(t *testing.T) {
	h := readString(t, "order_id,customer_id,order_date,amount\nC1,a,2021-01-01,5\nC2,a,2021-01-02,6\nC3,b,2021-01-03,7\n", Options{})
	for _, c := range h.Customers {
		assert.Empty(t, c.Returns)
	}
}

// TestCancellationIDsNeedANegativeValue: under UCI's convention (a few
// order ids are C and digits) a positive amount is a purchase whatever its
// id; a negative one, or nothing with a negative quantity, is a return.
func TestCancellationIDsNeedANegativeValue(t *testing.T) {
	var said []string
	h, err := Read([]Input{{Name: "f.csv", R: strings.NewReader(`order_id,customer_id,order_date,amount
1,a,2021-01-01,10
c1234,b,2021-01-02,30
c1235,b,2021-01-03,20
C2,a,2021-01-04,-4
3,a,2021-01-05,1
4,c,2021-01-06,2
5,c,2021-01-07,2
6,c,2021-01-08,2
`)}}, Options{Log: func(msg string) { said = append(said, msg) }})
	require.NoError(t, err)
	c := byID(h)
	require.Contains(t, c, "b", "a customer with c-ids and positive amounts has purchases")
	assert.Len(t, c["b"].Purchases, 2)
	assert.Empty(t, c["b"].Returns)
	assert.Len(t, c["a"].Returns, 1)
	assert.Equal(t, int64(1), h.Stats.ReturnRows)
	assert.Contains(t, said, "f.csv: 3 of the first 8 order ids are C and digits, as UCI's cancellations: "+
		"a return when the amount is negative (or zero with a negative quantity), a purchase when it is positive")

	h = readString(t, `InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID
536365,6,2010-12-01 08:26:00,2.55,1
C536379,-1,2010-12-02 09:00:00,2.55,1
C536380,-1,2010-12-02 10:00:00,0,1
536381,2,2010-12-03 10:00:00,0,1
536382,1,2010-12-03 11:00:00,1,1
`, Options{})
	a := byID(h)["1"]
	assert.Len(t, a.Purchases, 3, "536381 is a purchase worth 0")
	require.Len(t, a.Returns, 2, "C536379 and C536380 (worth 0, quantity -1) are returns")
	assert.Equal(t, amt("-2.55"), a.Returns[0].Amount+a.Returns[1].Amount)
}

func TestOrderLevelDuplicatesAndRefunds(t *testing.T) {
	text := `order_id,customer_id,order_date,amount
1,a,2021-01-01T10:00:00Z,10.00
1,a,2021-01-01T10:00:00Z,10.00
2,a,2021-02-01T10:00:00Z,20.00
2-R,a,2021-02-05T10:00:00Z,-20.00
3,b,2021-03-01T10:00:00Z,5.00
`
	h := readString(t, text, Options{})
	a := byID(h)["a"]
	assert.Len(t, a.Purchases, 2)
	assert.Len(t, a.Returns, 1)
	assert.Equal(t, amt("10"), a.Net())
	assert.Equal(t, int64(1), h.Stats.Duplicates)
	assert.Equal(t, amt("10"), h.Stats.DuplicateValue)
	assert.Equal(t, amt("15")+h.Stats.DuplicateValue, h.Stats.Total, "kept orders and duplicates reconcile with the input")

	h = readString(t, text, Options{KeepDuplicates: true})
	a = byID(h)["a"]
	assert.Equal(t, amt("20"), a.Net(), "kept: the two rows of order 1 are summed")
	assert.Equal(t, int64(0), h.Stats.Duplicates)
}

func TestRowsWithoutOrderIDAreSeparateOrders(t *testing.T) {
	h := readString(t, "customer_id,date,amount\n1,19970101,11.77\n1,19970101,11.77\n", Options{})
	assert.Len(t, h.Customers[0].Purchases, 2)
}

func TestStatusAndShopifyContinuation(t *testing.T) {
	h := readString(t, `Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Cancelled at
#1001,ann@x.com,paid,30.00,2021-03-01 10:00:00 +0100,1,Mug,
#1001,,,,,2,Cup,
#1002,ann@x.com,refunded,12.00,2021-03-02 10:00:00 +0100,1,Mug,
#1003,bob@x.com,paid,8.00,2021-03-03 10:00:00 +0100,1,Mug,2021-03-04 10:00:00 +0100
#1004,bob@x.com,partially_refunded,9.00,2021-03-05 10:00:00 +0100,1,Mug,
`, Options{})
	c := byID(h)
	ann := c["ann@x.com"]
	require.Len(t, ann.Purchases, 1)
	assert.Equal(t, amt("30"), ann.Purchases[0].Amount)
	assert.Equal(t, int32(time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC).Unix()/86400), ann.Purchases[0].Day)
	assert.Len(t, c["bob@x.com"].Purchases, 1)
	assert.Equal(t, int64(1), h.Stats.Continuations)
	assert.Equal(t, int64(2), h.Stats.CancelledOrders)
	assert.Equal(t, amt("20"), h.Stats.CancelledValue)
}

func TestAsOfAndUntil(t *testing.T) {
	text := "customer_id,order_date,amount\na,2021-01-01,1\na,2021-02-01,2\na,2021-03-01,3\nb,2021-03-02,4\n"
	asOf := dates.DayOf(2021, 2, 15)
	h := readString(t, text, Options{AsOf: asOf, HasAsOf: true})
	assert.Equal(t, int64(2), h.Stats.AfterAsOf)
	assert.Equal(t, amt("7"), h.Stats.AfterAsOfValue)
	require.Len(t, h.Customers, 1)
	assert.Len(t, h.Customers[0].Purchases, 2)

	h = readString(t, text, Options{})
	assert.True(t, h.Stats.AsOfDefaulted)
	assert.Equal(t, dates.DayOf(2021, 3, 2), h.AsOf)
	u := h.Until(dates.DayOf(2021, 1, 31))
	require.Len(t, u.Customers, 1)
	assert.Len(t, u.Customers[0].Purchases, 1)
	assert.Len(t, h.Customers[0].Purchases, 3, "Until does not change the histories it came from")
}

func TestZone(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	h := readString(t, "customer_id,order_date,amount\na,2021-01-01 23:30:00,1\nb,2021-01-01T23:30:00Z,1\n", Options{Location: sh})
	c := byID(h)
	assert.Equal(t, dates.DayOf(2021, 1, 1), c["a"].Purchases[0].Day)
	assert.Equal(t, dates.DayOf(2021, 1, 2), c["b"].Purchases[0].Day, "23:30 UTC is the next morning in Shanghai")
}

func TestReturnsIgnore(t *testing.T) {
	h := readString(t, "customer_id,order_date,amount\na,2021-01-01,10\na,2021-01-05,-4\n", Options{Returns: ReturnsIgnore})
	assert.Equal(t, amt("10"), h.Customers[0].Net())
	assert.Equal(t, int64(1), h.Stats.IgnoredReturns)
	assert.Equal(t, amt("-4"), h.Stats.IgnoredReturnValue)
}

func TestBadRows(t *testing.T) {
	text := "customer_id,order_date,amount\na,2021-01-01,10\nb,2021-01-02,12;5x\nc,2021-13-01,3\nd\n,2021-01-01,4\ne,2021-01-03,1\n"
	h := readString(t, text, Options{MaxBad: 0.9})
	st := h.Stats
	assert.Equal(t, int64(1), st.Skipped[BadAmount])
	assert.Equal(t, int64(1), st.Skipped[BadDate])
	assert.Equal(t, int64(1), st.Skipped[ShortRow])
	assert.Equal(t, int64(1), st.Skipped[NoCustomer])
	assert.Equal(t, int64(3), st.Bad())
	require.Len(t, st.Examples, 4)
	assert.Equal(t, `t.csv:3:3: amount "12;5x": not a number`, st.Examples[0].Error())
	assert.Equal(t, "t.csv:5: 1 fields, expected at least 3", st.Examples[2].Error())

	_, err := Read([]Input{{Name: "t.csv", R: strings.NewReader(text)}}, Options{MaxBad: 0.05})
	assert.ErrorContains(t, err, "the column mapping is probably wrong")

	_, err = Read([]Input{{Name: "t.csv", R: strings.NewReader(text)}}, Options{Strict: true})
	var re *RowError
	require.True(t, errors.As(err, &re))
	assert.Equal(t, 3, re.Line)
	assert.Equal(t, 3, re.Column)
}

func TestSeveralFilesEachWithHeader(t *testing.T) {
	in := []Input{
		{Name: "jan.csv", R: strings.NewReader("customer_id,order_date,amount\na,2021-01-05,1\n")},
		{Name: "feb.csv", R: strings.NewReader("amount;order_date;customer_id\n2;2021-02-05;a\n")},
	}
	h, err := Read(in, Options{MaxBad: 0.05})
	require.NoError(t, err)
	require.Len(t, h.Customers, 1)
	assert.Equal(t, amt("3"), h.Customers[0].Net())
	assert.Len(t, h.Stats.Files, 2)
}

func TestDateErrors(t *testing.T) {
	_, err := Read([]Input{{Name: "t.csv", R: strings.NewReader("customer_id,order_date,amount\na,3/4/2021,1\nb,5/6/2021,1\n")}}, Options{MaxBad: 0.05})
	assert.ErrorContains(t, err, "--date-format")
	h := readString(t, "customer_id,order_date,amount\na,3/4/2021,1\nb,5/6/2021,1\n", Options{DateFormat: "%d/%m/%Y"})
	assert.Equal(t, dates.DayOf(2021, 4, 3), byID(h)["a"].Purchases[0].Day)
}

func TestHeaderOnlyFileFirst(t *testing.T) {
	in := []Input{
		{Name: "empty.csv", R: strings.NewReader("order_id,customer_id,order_date,amount\n")},
		{Name: "jan.csv", R: strings.NewReader("order_id,customer_id,order_date,amount\n1,a,2021-01-05,1\n")},
	}
	h, err := Read(in, Options{MaxBad: 0.05})
	require.NoError(t, err)
	assert.Len(t, h.Customers, 1)
}

func TestMappingFlagMistakes(t *testing.T) {
	header := []string{"a", "b", "c"}
	_, err := resolve("f.csv", header, 3, Columns{ColCustomer: "0"}, nil)
	assert.ErrorContains(t, err, "--customer 0: columns are numbered from 1")
	_, err = resolve("f.csv", header, 3, Columns{ColCustomer: "2", ColAmount: "b"}, nil)
	assert.ErrorContains(t, err, "--customer and --amount name the same column 2")
}

// Taobao leaves the payment time of an order closed or not yet paid empty:
// such a row is a cancelled or unpaid order, not a bad date, and does not
// move the period.
func TestCancelledWithoutDate(t *testing.T) {
	h := readString(t, "订单编号,买家会员名,买家实际支付金额,订单状态,订单付款时间\n1,ann,10.00,交易成功,2021-03-01 10:00:00\n2,ann,5.00,交易关闭,\n3,bob,7.00,等待买家付款,\n4,bob,8.00,交易成功,\n", Options{MaxBad: 0.5})
	assert.Equal(t, int64(1), h.Stats.CancelledOrders)
	assert.Equal(t, amt("5"), h.Stats.CancelledValue)
	assert.Equal(t, int64(1), h.Stats.UnpaidOrders, "等待买家付款: awaiting payment")
	assert.Equal(t, amt("7"), h.Stats.UnpaidValue)
	assert.Equal(t, int64(1), h.Stats.Skipped[BadDate], "a paid order still needs its date")
	assert.Equal(t, dates.DayOf(2021, 3, 1), h.Stats.LastDay)
	require.Len(t, h.Customers, 1)
}

// TestKeepMemory: a read that keeps its freed memory for the caller, or
// gives it back, makes the same histories, on a read big enough (here made
// small) to do either.
func TestKeepMemory(t *testing.T) {
	defer func(n int) { bigRead = n }(bigRead)
	bigRead = 2
	text := "customer,order,date,amount\na,1,2024-01-02,10\nb,2,2024-01-03,5\na,3,2024-02-01,-2\nc,4,2024-02-02,7\n"
	given := readString(t, text, Options{})
	kept := readString(t, text, Options{KeepMemory: true})
	require.Len(t, given.Customers, 3)
	assert.Equal(t, given.Customers, kept.Customers)
	assert.Equal(t, given.Stats, kept.Stats)
}

// TestRowsLongerThanTheHeader: a row with more fields than the header is a
// bad row of its own reason (an unquoted thousands separator or decimal
// comma would otherwise cut the amount), unless the fields beyond are all
// empty; whitespace-aligned text without a header is measured against its
// first row.
func TestRowsLongerThanTheHeader(t *testing.T) {
	text := "order_id,customer_id,order_date,amount\n" +
		"1,A,2024-01-01,5.00\n" +
		"2,B,2024-01-02,1,000.50\n" +
		"3,C,2024-01-03,€12,50\n" +
		"4,D,2024-01-04,¥1,234\n" +
		"5,E,2024-01-05,7.00,,\n" +
		"6,F,2024-01-06,2.00, ,x,\n"
	h := readString(t, text, Options{MaxBad: 1})
	st := h.Stats
	assert.Equal(t, int64(4), st.Skipped[LongRow])
	assert.Equal(t, int64(4), st.Bad())
	var msgs []string
	for _, e := range st.Examples {
		msgs = append(msgs, e.Error())
		assert.Equal(t, LongRow, e.Reason)
	}
	assert.Equal(t, []string{
		`t.csv:3:5: field "000.50": 1 field more than the header: an unquoted comma in a number?`,
		`t.csv:4:5: field "50": 1 field more than the header: an unquoted comma in a number?`,
		`t.csv:5:5: field "234": 1 field more than the header: an unquoted comma in a number?`,
		`t.csv:7:6: field "x": 3 fields more than the header: an unquoted comma in a number?`,
	}, msgs)
	c := byID(h)
	require.Contains(t, c, "E", "trailing empty fields are no fault")
	assert.Equal(t, amt("7"), c["E"].Net())
	assert.NotContains(t, c, "B")

	_, err := Read([]Input{{Name: "t.csv", R: strings.NewReader(text)}}, Options{Strict: true})
	var re *RowError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, LongRow, re.Reason)
	assert.Equal(t, 3, re.Line)
	_, err = Read([]Input{{Name: "t.csv", R: strings.NewReader(text)}}, Options{MaxBad: 0.5})
	assert.ErrorContains(t, err, "4 of 6 rows (66.7%) could not be read")

	h = readString(t, "customer;date;amount\nx;2024-01-01;1\ny;2024-01-02;12;50\n", Options{MaxBad: 1})
	require.Len(t, h.Stats.Examples, 1)
	assert.Equal(t, `t.csv:3:4: field "50": 1 field more than the header: an unquoted ';' inside a value?`, h.Stats.Examples[0].Error())

	// Beyond the reader's cap of fields, the message does not pretend to
	// know how many there are, nor the column of the one it kept.
	wide := "customer,date,amount\nx,2024-01-01,1\ny,2024-01-02,2" + strings.Repeat(",", maxRecordFields+10) + "z\n"
	h = readString(t, wide, Options{MaxBad: 1})
	require.Len(t, h.Stats.Examples, 1)
	assert.Equal(t, fmt.Sprintf(`t.csv:3: over %d fields more than the header: an unquoted comma in a number?`, maxRecordFields-3), h.Stats.Examples[0].Error())

	// CDNOW: whitespace-aligned, no header; rows as wide as the first are
	// read, a wider one is not.
	cdnow := " 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n 00002 19970112  2   77.00 x\r\n"
	h = readString(t, cdnow, Options{NoHeader: true, MaxBad: 1, Columns: Columns{ColCustomer: "1", ColDate: "2", ColAmount: "4"}})
	assert.Equal(t, int64(3), h.Stats.Rows)
	assert.Len(t, h.Customers, 2)
	require.Len(t, h.Stats.Examples, 1)
	assert.Equal(t, `t.csv:3:5: field "x": 1 field more than the first row: a blank inside a value?`, h.Stats.Examples[0].Error())
}

// TestControlCharactersInCustomerIDs: an id with a C0 control or DEL is a
// bad row, shown with its position; other ids, any script, are read.
func TestControlCharactersInCustomerIDs(t *testing.T) {
	text := "customer_id,order_date,amount\n" +
		"ok,2024-01-01,1\n" +
		"a\x00b,2024-01-02,2\n" +
		"\x01,2024-01-03,3\n" +
		"c\x7f,2024-01-04,4\n" +
		"\"two\nlines\",2024-01-05,5\n" +
		"Käse 客户,2024-01-06,6\n"
	h := readString(t, text, Options{MaxBad: 1})
	assert.Equal(t, int64(4), h.Stats.Skipped[BadCustomer])
	var msgs []string
	for _, e := range h.Stats.Examples {
		msgs = append(msgs, e.Error())
	}
	assert.Equal(t, []string{
		`t.csv:3:1: customer "a\x00b": control character '\x00' at byte 2`,
		`t.csv:4:1: customer "\x01": control character '\x01' at byte 1`,
		`t.csv:5:1: customer "c\x7f": control character '\x7f' at byte 2`,
		`t.csv:6:1: customer "two\nlines": control character '\n' at byte 4`,
	}, msgs)
	assert.Len(t, h.Customers, 2)
	assert.Contains(t, byID(h), "Käse 客户")
}

// TestTotalCoversSkippedRows: the sum of all amounts read takes every amount
// that parses, whatever its row became (the amount column, or quantity x
// price), and the accounting adds up to it.
func TestTotalCoversSkippedRows(t *testing.T) {
	text := "order_id,customer_id,order_date,amount,status\n" +
		"1,a,2021-01-01,10.00,paid\n" +
		"2,,2021-01-02,20.00,paid\n" + // no customer
		"3,b,2021-13-45,40.00,paid\n" + // bad date
		"4,c,2021-01-04,x,paid\n" + // bad amount: nothing to add
		"5,d,2021-01-05,1,000.50,paid\n" + // too many columns: 1.00 as read
		"6,e\x01,2021-01-06,80.00,paid\n" + // bad customer id
		"7,f,2021-01-07,160.00\n" + // too few columns, the amount there
		"8,a,2021-01-08,-5.00,paid\n" +
		"9,b,2021-01-09,300.00,cancelled\n"
	h := readString(t, text, Options{MaxBad: 1})
	st := h.Stats
	assert.Equal(t, amt("20"), st.NoCustomerValue)
	assert.Equal(t, amt("281"), st.SkippedValue, "40 + 1 + 80 + 160")
	assert.Equal(t, amt("606"), st.Total)
	var net money.Amount
	for _, c := range h.Customers {
		net += c.Net()
	}
	assert.Equal(t, st.Total, net+st.CancelledValue+st.NoCustomerValue+st.SkippedValue)

	// Quantity x price, UCI's rows without a customer included.
	h = readString(t, `InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID
1,2,2010-12-01 08:26:00,2.50,17850
2,3,2010-12-01 08:27:00,1.25,
3,x,2010-12-01 08:28:00,1.25,17850
4,4,2010-12-01 08:29:00,y,17850
5,1,bad,7,17850
`, Options{MaxBad: 1})
	assert.Equal(t, amt("3.75"), h.Stats.NoCustomerValue)
	assert.Equal(t, amt("7"), h.Stats.SkippedValue, "bad quantity and bad price give no amount")
	assert.Equal(t, amt("15.75"), h.Stats.Total)

	// Read in parallel, the sums are the same.
	par, err := readWith(t, text, Options{MaxBad: 1}, true, 1, 40)
	require.NoError(t, err)
	assert.Equal(t, st, par.Stats)

	// Sums beyond an Amount stop the read, even when the rows that make
	// them are skipped.
	_, err = Read([]Input{{Name: "t.csv", R: strings.NewReader("customer_id,order_date,amount\n" +
		"a,2021-01-01,5000000000000\n,2021-01-02,5000000000000\n")}}, Options{MaxBad: 1})
	assert.EqualError(t, err, "the sum of all amounts read is beyond ±9,223,372,036,854.775807, the most an amount can hold (too large)")
	assert.ErrorIs(t, err, money.ErrRange)
}
