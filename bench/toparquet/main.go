// Command toparquet writes a genorders CSV (order_id, customer_id,
// order_date, amount) as Parquet, for benchmarking lifecycle's Parquet
// input against the same orders in CSV:
//
//	go run ./bench/toparquet orders.csv orders.parquet
//
// order_date becomes a TIMESTAMP(MILLIS, UTC), amount a DECIMAL(18,2) in an
// INT64, the ids strings; Snappy compression, row groups of 1M rows.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"lifecycle/money"
)

type order struct {
	OrderID    string    `parquet:"order_id"`
	CustomerID string    `parquet:"customer_id"`
	OrderDate  time.Time `parquet:"order_date,timestamp(millisecond)"`
	Amount     int64     `parquet:"amount,decimal(2:18)"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: toparquet IN.csv OUT.parquet")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "toparquet:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	o, err := os.Create(out + ".tmp")
	if err != nil {
		return err
	}
	w := parquet.NewGenericWriter[order](o, parquet.Compression(&snappy.Codec{}), parquet.MaxRowsPerRowGroup(1<<20))
	sc := bufio.NewScanner(bufio.NewReaderSize(f, 1<<20))
	sc.Scan() // header
	buf := make([]order, 0, 4096)
	for sc.Scan() {
		p := strings.Split(sc.Text(), ",")
		if len(p) != 4 {
			return fmt.Errorf("line %q: want 4 fields", sc.Text())
		}
		t, err := time.Parse(time.RFC3339, p[2])
		if err != nil {
			return err
		}
		a, err := money.ParseString(p[3], money.Options{})
		if err != nil {
			return err
		}
		buf = append(buf, order{OrderID: p[0], CustomerID: p[1], OrderDate: t, Amount: int64(a / 10000)})
		if len(buf) == cap(buf) {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if _, err := w.Write(buf); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := o.Close(); err != nil {
		return err
	}
	return os.Rename(out+".tmp", out)
}
