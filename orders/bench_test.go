package orders

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"
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

// BenchmarkReadFormats reads the same orders as CSV and as Parquet written
// the way bench/toparquet writes the 10M-order file (string ids, order_date
// TIMESTAMP(MILLIS, UTC), amount DECIMAL(18,2) in an INT64, Snappy), in
// row groups of 128K rows so that every core decodes. Bytes are the CSV's
// in both, so that MB/s compare: Parquet, with far fewer bytes to parse,
// should be the faster.
func BenchmarkReadFormats(b *testing.B) {
	data := benchInput(b, 1_000_000, 250_000)
	rows := benchOrders(b, data)
	pq := writePQ(b, []pqCol{colOrder, colCustomer, colMillis,
		{"amount", parquet.Decimal(2, 18, parquet.Int64Type), colDecimal.value}},
		rows, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(1<<17))
	rows = nil // not to be scanned by every GC of the reading
	runtime.GC()
	for _, in := range []struct {
		name, file string
		data       []byte
	}{{"csv", "bench.csv", data}, {"parquet", "bench.parquet", pq}} {
		b.Run(fmt.Sprintf("orders=1000000/format=%s", in.name), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var rows int64
			for b.Loop() {
				h, err := Read([]Input{{Name: in.file, R: bytes.NewReader(in.data)}}, Options{MaxBad: 0.05})
				if err != nil {
					b.Fatal(err)
				}
				rows = h.Stats.Rows
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(len(in.data)), "file-bytes")
		})
	}
}

// benchOrders returns the orders of a benchInput CSV.
func benchOrders(b *testing.B, data []byte) []pqOrder {
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))[1:]
	rows := make([]pqOrder, len(lines))
	for i, l := range lines {
		f := bytes.Split(l, []byte(","))
		tm, err := time.Parse(time.RFC3339, string(f[2]))
		require.NoError(b, err)
		a, err := strconv.ParseFloat(string(f[3]), 64)
		require.NoError(b, err)
		rows[i] = pqOrder{order: string(f[0]), customer: string(f[1]), millis: tm.UnixMilli(), cents: int64(a*100 + 0.5)}
	}
	return rows
}

func timeUnix(t int64) interface{ Format(string) string } { return time.Unix(t, 0).UTC() }
