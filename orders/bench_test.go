package orders

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

// benchInput is a genorders-like export: order-level rows in time order,
// each for a random one of many customers (the access pattern that makes
// grouping costly). Set LIFECYCLE_BENCH_FILE to read a real file instead.
func benchInput(b *testing.B, orders, customers int) []byte {
	b.Helper()
	if f := os.Getenv("LIFECYCLE_BENCH_FILE"); f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	r := rand.New(rand.NewPCG(1, 1))
	var buf bytes.Buffer
	buf.WriteString("order_id,customer_id,order_date,amount\n")
	t := int64(1483228800)
	for i := range orders {
		t += int64(r.IntN(50))
		fmt.Fprintf(&buf, "%d,C%08d,%s,%d.%02d\n", 100001+i, r.IntN(customers),
			unixISO(t), r.IntN(300), r.IntN(100))
	}
	return buf.Bytes()
}

func unixISO(t int64) string {
	const layout = "2006-01-02T15:04:05Z"
	return timeUnix(t).Format(layout)
}

func BenchmarkRead(b *testing.B) {
	for _, size := range []struct{ orders, customers int }{{100_000, 25_000}, {1_000_000, 250_000}} {
		data := benchInput(b, size.orders, size.customers)
		b.Run(fmt.Sprintf("orders=%d", size.orders), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var rows int64
			for b.Loop() {
				h, err := Read([]Input{{Name: "bench", R: bytes.NewReader(data)}}, Options{MaxBad: 0.05})
				if err != nil {
					b.Fatal(err)
				}
				rows = h.Stats.Rows
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func timeUnix(t int64) interface{ Format(string) string } { return time.Unix(t, 0).UTC() }
