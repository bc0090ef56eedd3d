// Command hostile writes the inputs of bench/hostile.sh: exports made to
// cost a reader memory or time out of all proportion to their size.
//
//	go run ./bench/hostile -kind wide  -o wide.csv
//	go run ./bench/hostile -kind dups  -o dups.csv.zst
//	go run ./bench/hostile -kind zeros -o zeros.parquet.zst
//
// The kinds:
//
//   - wide: an order-level CSV of 10,000 rows of which -wide (60) rows, spread
//     over the first 10,000 (the rows read ahead to detect dates and order
//     ids), have -fields (4,000,000) fields: their own four, then empty ones
//     (about 240 MB).
//   - dups: one order row repeated -rows (100,000,000) times, zstd-compressed
//     (about 180 KB for 3.5 GB of text).
//   - zeros: -bytes (3 GB) of zero bytes, zstd-compressed, named as a
//     compressed Parquet file (about 90 KB).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/zstd"
)

func main() {
	kind := flag.String("kind", "", "wide, dups or zeros")
	out := flag.String("o", "", "output file")
	wide := flag.Int("wide", 60, "wide: rows with -fields fields")
	fields := flag.Int("fields", 4_000_000, "wide: fields of a wide row")
	rows := flag.Int64("rows", 100_000_000, "dups: copies of the row")
	size := flag.Int64("bytes", 3_000_000_000, "zeros: bytes of zeros")
	flag.Parse()
	if *out == "" {
		fail(fmt.Errorf("-o is required"))
	}
	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	switch *kind {
	case "wide":
		err = writeWide(w, *wide, *fields)
	case "dups":
		err = compressed(w, func(z io.Writer) error { return writeDups(z, *rows) })
	case "zeros":
		err = compressed(w, func(z io.Writer) error { return writeZeros(z, *size) })
	default:
		err = fmt.Errorf("unknown -kind %q (wide, dups or zeros)", *kind)
	}
	if err == nil {
		err = w.Flush()
	}
	if err2 := f.Close(); err == nil {
		err = err2
	}
	if err != nil {
		os.Remove(*out)
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "hostile:", err)
	os.Exit(1)
}

const header = "order_id,customer_id,order_date,amount\n"

// writeWide writes 10,000 order rows, wide of them (one in every
// 10,000/wide) followed by empty fields up to fields in all.
func writeWide(w *bufio.Writer, wide, fields int) error {
	const rows = 10000
	w.WriteString(header)
	every := rows / max(wide, 1)
	empty := strings.Repeat(",", 1<<16)
	for i := range rows {
		fmt.Fprintf(w, "%d,C%05d,2024-%02d-%02d,%d.%02d", 100000+i, i%997, 1+i%12, 1+i%28, 10+i%90, i%100)
		if i%every == every/2 && i/every < wide {
			for n := fields - 4; n > 0; n -= len(empty) {
				w.WriteString(empty[:min(n, len(empty))])
			}
		}
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
	}
	return nil
}

// writeDups writes one order row, rows times.
func writeDups(w io.Writer, rows int64) error {
	if _, err := io.WriteString(w, header); err != nil {
		return err
	}
	const row = "100001,C00000001,2024-01-02T10:00:00Z,19.99\n"
	block := []byte(strings.Repeat(row, 1<<14))
	for n := rows; n > 0; {
		k := min(n, 1<<14)
		if _, err := w.Write(block[:k*int64(len(row))]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// writeZeros writes size zero bytes.
func writeZeros(w io.Writer, size int64) error {
	zeros := make([]byte, 1<<20)
	for n := size; n > 0; {
		k := min(n, int64(len(zeros)))
		if _, err := w.Write(zeros[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// compressed runs write through a zstd encoder into w.
func compressed(w io.Writer, write func(io.Writer) error) error {
	z, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return err
	}
	if err := write(z); err != nil {
		z.Close()
		return err
	}
	return z.Close()
}
