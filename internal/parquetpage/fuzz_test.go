package parquetpage

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// seedRow is a row of the fuzz seeds: a column of each kind that orders
// takes as numbers, and text.
type seedRow struct {
	Order    string  `parquet:"order_id"`
	Customer *string `parquet:"customer_id,optional,dict"`
	Date     int64   `parquet:"order_date,timestamp(millisecond),delta"`
	Day      int32   `parquet:"day,date"`
	Amount   int64   `parquet:"amount,decimal(2:18)"`
	Price    float64 `parquet:"price"`
	Paid     bool    `parquet:"paid"`
}

func seedFile(f *testing.F, n int, opts ...parquet.WriterOption) []byte {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[seedRow](&buf, opts...)
	rows := make([]seedRow, n)
	for i := range rows {
		c := fmt.Sprintf("c%02d", i%7)
		rows[i] = seedRow{Order: fmt.Sprint(1000 + i), Date: 1615604607_000 + int64(i)*86_400_123,
			Day: int32(18699 + i), Amount: int64(i*1234 - 500), Price: float64(i) / 4, Paid: i%3 == 0}
		if i%5 != 0 {
			rows[i].Customer = &c
		}
	}
	if _, err := w.Write(rows); err != nil {
		f.Fatal(err)
	}
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// numeric says which columns go to batches as numbers: the kinds orders
// takes so (see Type.AppendNum).
func numeric(t *Type) bool {
	switch t.Kind {
	case Timestamp, Date, Int96, Int, Uint, Double:
		return true
	case Decimal:
		return t.Phys == format.Int32 || t.Phys == format.Int64
	}
	return false
}

// FuzzReader reads arbitrary bytes as Parquet, every readable column, the
// numeric ones as numbers: no panic and no internal error; the batches come
// in row order, each with as many values in each column as rows, within
// MaxRows and BatchRows; the end is a batch with io.EOF after the last row.
// The seeds are small valid files of several codecs and page versions.
func FuzzReader(f *testing.F) {
	f.Add(seedFile(f, 40))
	f.Add(seedFile(f, 40, parquet.Compression(&parquet.Snappy), parquet.DataPageVersion(1), parquet.PageBufferSize(256)))
	f.Add(seedFile(f, 30, parquet.Compression(&parquet.Zstd), parquet.MaxRowsPerRowGroup(8)))
	f.Add(seedFile(f, 3, parquet.Compression(&parquet.Gzip)))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Open(bytes.NewReader(data), int64(len(data)), func() {})
		if err != nil {
			return
		}
		fields, err := file.Fields()
		if err != nil {
			return
		}
		used := make([]bool, len(fields))
		for i, fd := range fields {
			used[i] = fd.bad == ""
		}
		r, err := NewReader(file, fields, used, numeric)
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatal(err)
			}
			return
		}
		defer r.Stop()
		types := r.Columns()
		next := 1
		for rows := int64(0); ; {
			b := r.Next()
			if b == nil {
				t.Fatal("nil batch before Stop")
			}
			if b.First != next {
				t.Fatalf("batch of row %d after row %d", b.First, next-1)
			}
			if b.N > BatchRows {
				t.Fatalf("batch of %d rows", b.N)
			}
			for i, v := range b.Cols {
				if types[i].Typed && len(v.Nums) != b.N || !types[i].Typed && len(v.Ends) != b.N {
					t.Fatalf("column %d: %d numbers, %d texts for %d rows", i, len(v.Nums), len(v.Ends), b.N)
				}
			}
			next += b.N
			if rows += int64(b.N); rows > MaxRows(int64(len(data))) {
				t.Fatalf("%d rows from %d bytes", rows, len(data))
			}
			if b.Err != nil {
				if b.Err != io.EOF && strings.Contains(b.Err.Error(), "internal error") {
					t.Fatal(b.Err)
				}
				return
			}
			r.Recycle(b)
		}
	})
}
