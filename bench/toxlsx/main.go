// Command toxlsx writes a CSV as an Excel workbook of one sheet, typed as
// a spreadsheet types it (see lifecycle/internal/xlsxtest: numbers as
// number cells, ISO dates as date cells, the rest as text), for measuring
// lifecycle's Excel input against the same orders in CSV:
//
//	go run ./bench/toxlsx orders.csv orders.xlsx
//
// The sheet is named Orders. Rows are streamed (excelize's StreamWriter):
// a CSV of millions of rows needs little memory.
package main

import (
	"bufio"
	"fmt"
	"os"

	"lifecycle/internal/xlsxtest"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: toxlsx IN.csv OUT.xlsx")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "toxlsx:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	src, err := os.Open(in)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(dst, 1<<20)
	if err := xlsxtest.Write(w, []xlsxtest.Sheet{{Name: "Orders", CSV: bufio.NewReaderSize(src, 1<<20)}}, xlsxtest.Options{}); err != nil {
		dst.Close()
		os.Remove(out)
		return err
	}
	if err := w.Flush(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
