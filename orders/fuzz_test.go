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
		sum := st.CancelledValue + st.DuplicateValue + st.OverlapValue + st.IgnoredReturnValue + st.AfterAsOfValue + st.NoCustomerValue + st.SkippedValue
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
