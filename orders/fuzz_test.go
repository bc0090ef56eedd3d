package orders

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"lifecycle/money"
)

// FuzzRecordReader writes records with encoding/csv and checks that they read
// back field for field (round trip), and that any input reads without panic.
func FuzzRecordReader(f *testing.F) {
	f.Add("a,b,c", "1,\"x, y\",\"say \"\"hi\"\"\"", byte(','))
	f.Add("x\ty", "two\nlines", byte('\t'))
	f.Add("", "\"", byte(';'))
	f.Fuzz(func(t *testing.T, a, b string, d byte) {
		if d != ',' && d != ';' && d != '\t' && d != '|' {
			d = ','
		}
		// Any input: no panic.
		rr := newRecordReader(bufio.NewReader(strings.NewReader(a+"\n"+b)), d)
		var blank int64
		for {
			if _, err := rr.read(&blank); err != nil {
				break
			}
		}
		// Round trip of the fields of a and b, as encoding/csv writes them.
		rec := strings.Split(a, string(rune(d)))
		rec = append(rec, b)
		for _, s := range rec {
			if strings.ContainsRune(s, '\r') {
				return // a bare CR inside a field is not kept by line reading
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			return // a blank line is no record
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma = rune(d)
		if err := w.Write(rec); err != nil {
			return
		}
		w.Flush()
		rr = newRecordReader(bufio.NewReader(&buf), d)
		got, err := rr.read(&blank)
		if err != nil {
			t.Fatalf("%q: %v", buf.String(), err)
		}
		if len(got) != len(rec) {
			t.Fatalf("%q: %d fields, want %d", buf.String(), len(got), len(rec))
		}
		for i := range rec {
			if string(got[i]) != rec[i] {
				t.Fatalf("%q: field %d = %q, want %q", buf.String(), i, got[i], rec[i])
			}
		}
		if _, err := rr.read(&blank); err != io.EOF {
			t.Fatalf("%q: more than one record", buf.String())
		}
	})
}

// FuzzRead reads arbitrary text as an export: it must not panic, and when it
// succeeds every amount must be accounted for.
func FuzzRead(f *testing.F) {
	f.Add("order_id,customer_id,order_date,amount\n1,a,2021-01-01,10\n1,a,2021-01-01,10\nC2,a,2021-01-02,-3\n", false)
	f.Add("InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n536365,6,2010-12-01 08:26:00,2.55,17850.0\n", false)
	f.Add(" 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n", true)
	f.Add("Name,Email,Financial Status,Total,Created at\n#1,a@b,paid,3,\"Mar 13, 2021 03:03:27\"\n#1,,,,\n", false)
	f.Add("customer;date;amount\nx;13/03/2021;1.234,50\n", false)
	f.Add("order_id,customer_id,order_date,amount\n1,a,2021-01-01,1,000.50\n2,,2021-01-02,3\n3,b,bad,4,,\n4,c\x00,2021-01-03,5\n5,d,2021-01-04,6\n", false)
	f.Add(" 00001 19970101  1   11.77\n 00002 19970112  1   12.00 x\n", true)
	// Platform profiles: a time from two columns and a zone column
	// (Square), a date with its time of day apart and guests (BigCommerce),
	// Magento's 24-hour hours beside a marker and a refunded status.
	f.Add("Date,Time,Time Zone,Total Collected,Transaction ID,Customer ID\n2024-03-13,20:00:00,Eastern Time (US & Canada),$30.00,T1,C1\n2024-03-14,1:00:00,Gotham,-$3.00,T1,C1\n2024-03-15,,Asia/Tokyo,$5.00,T2,\n", false)
	f.Add("Order ID,Customer ID,Customer Email,Customer Phone,Order Date,Order Time,Order Status,Order Total (inc tax),Refund Amount\n1,0,A@b.c,,03/13/2024,10:00:00,Refunded,30.00,10.00\n2,0,,+1 555,03/14/2024,25:00:00,Awaiting Payment,5,0\n", false)
	f.Add("ID,Purchase Point,Purchase Date,Grand Total (Purchased),Status,Customer Email,Total Refunded\n1,x,\"Mar 5, 2024 14:03:22 PM\",30,Closed,a@b.c,25\n2,x,,20,Closed,b@b.c,\n", false)
	f.Fuzz(func(t *testing.T, text string, noHeader bool) {
		opt := Options{MaxBad: 1, NoHeader: noHeader}
		if noHeader {
			opt.Columns = Columns{ColCustomer: "1", ColDate: "2", ColAmount: "3"}
		}
		h, err := Read([]Input{{Name: "f", R: strings.NewReader(text)}}, opt)
		if err != nil {
			return
		}
		st := h.Stats
		sum := st.CancelledValue + st.UnpaidValue + st.FilteredValue + st.DuplicateValue + st.OverlapValue + st.IgnoredReturnValue + st.AfterAsOfValue + st.NoCustomerValue + st.SkippedValue
		var n int64
		for _, c := range h.Customers {
			sum += c.Net()
			n += int64(len(c.Purchases) + len(c.Returns))
			for i := 1; i < len(c.Purchases); i++ {
				if c.Purchases[i].Day < c.Purchases[i-1].Day {
					t.Fatalf("purchases out of order: %+v", c.Purchases)
				}
			}
			for _, o := range c.Purchases {
				if o.Amount < 0 {
					t.Fatalf("negative purchase %v", o.Amount)
				}
			}
			for _, o := range c.Returns {
				if o.Amount > 0 {
					t.Fatalf("positive return %v", o.Amount)
				}
			}
		}
		if sum != st.Total {
			t.Fatalf("amounts do not reconcile: %v accounted, %v read", sum, st.Total)
		}
		if n > st.Rows-st.SkippedRows() {
			t.Fatalf("%d orders from %d rows kept", n, st.Rows-st.SkippedRows())
		}
		_ = money.Amount(0)
	})
}

// FuzzMargin reads arbitrary text with a cost column as revenue and as
// margin: neither may panic, and when both succeed, the margins reconcile
// to the cent (the histories and what was left out add up to Total, which
// is Revenue - Cost), and the revenue and cost read are those of the
// revenue read.
func FuzzMargin(f *testing.F) {
	f.Add("order_id,customer,date,total,status,Cost of Goods\n1,a,2024-01-05,100.00,completed,60.00\n4,b,2024-03-01,-30.00,completed,10.00\n5,c,2024-02-02,40.00,cancelled,25.00\n9,d,2024-02-05,15.00,completed,n/a\n")
	f.Add("InvoiceNo,StockCode,Quantity,UnitPrice,Unit Cost,InvoiceDate,CustomerID\n1001,A,2,10.00,6.00,2024-01-05 10:00,x\n1001,B,1,5.00,2.50,2024-01-05 10:00,x\nC1003,A,-1,10.00,6.00,2024-02-10 10:00,y\n1004,B,4,5.00,,2024-03-01 10:00,x\n")
	f.Add("Name,Email,Financial Status,Total,Created at,Lineitem quantity,Cost per item\n#1,a@b,paid,30,2021-03-01,1,4\n#1,,,,,2,3\n#2,a@b,refunded,5,2021-03-02,1,1\n")
	f.Add("customer,date,amount,成本\nx,2021-01-01,9223372036854,-9223372036854\ny,2021-01-02,1,2\n")
	f.Fuzz(func(t *testing.T, text string) {
		read := func(margin bool) (*Histories, error) {
			return Read([]Input{{Name: "f", R: strings.NewReader(text)}}, Options{MaxBad: 1, Margin: margin})
		}
		hm, err := read(true)
		if err != nil {
			return
		}
		st := hm.Stats
		sum := st.CancelledValue + st.UnpaidValue + st.DuplicateValue + st.IgnoredReturnValue + st.AfterAsOfValue + st.NoCustomerValue + st.SkippedValue
		for _, c := range hm.Customers {
			sum += c.Net()
		}
		if sum != st.Total {
			t.Fatalf("margins do not reconcile: %v accounted, %v read", sum, st.Total)
		}
		if st.Revenue-st.Cost != st.Total {
			t.Fatalf("revenue %v - cost %v != margin %v", st.Revenue, st.Cost, st.Total)
		}
		hr, err := read(false)
		if err != nil {
			t.Fatalf("read as margin, not as revenue: %v", err)
		}
		if hr.Stats.Total != st.Revenue || hr.Stats.Cost != st.Cost {
			t.Fatalf("revenue %v and cost %v as revenue, %v and %v as margin", hr.Stats.Total, hr.Stats.Cost, st.Revenue, st.Cost)
		}
	})
}
