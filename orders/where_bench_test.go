package orders

import (
	"bytes"
	"testing"
)

// BenchmarkWhereApply: judging 1M orders of 250k customers, after the
// read (which the benchmark leaves out): a text condition over the
// customer ids (250k combinations), a numeric one over the amounts (30k)
// and a date one over the dates (1M).
func BenchmarkWhereApply(b *testing.B) {
	data := benchInput(b, 1_000_000, 250_000)
	for _, c := range []struct{ name, src string }{
		{"text", `customer_id startsWith "C0001"`},
		{"number", `amount > 100`},
		{"date", `order_date >= "2017-06-01"`},
	} {
		b.Run(c.name, func(b *testing.B) {
			w, err := ParseWhere(c.src)
			if err != nil {
				b.Fatal(err)
			}
			h, err := Read([]Input{{Name: "bench", R: bytes.NewReader(data)}}, Options{Attributes: w.Names(), Where: w})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := w.Apply(h); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
