// Command toxlsx writes a CSV as an Excel workbook of one sheet, typed as
// a spreadsheet types it (see lifecycle/internal/xlsxtest: numbers as
// number cells, ISO dates as date cells, the rest as text), for measuring
// lifecycle's Excel input against the same orders in CSV:
//
//	go run ./bench/toxlsx [-shared] [-text] orders.csv orders.xlsx
//
// The sheet is named Orders. Rows are streamed (excelize's StreamWriter),
// so that a CSV of millions of rows needs little memory; with -shared,
// text goes to a shared string table as Excel writes it
// (xlsxtest.WriteShared), held in memory while writing; with -text, every
// value is a text cell (as some back-office exports write them).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"lifecycle/internal/xlsxtest"
)

func main() {
	shared := flag.Bool("shared", false, "write text as shared strings, as Excel does")
	text := flag.Bool("text", false, "write every value as text")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: toxlsx [-shared] [-text] IN.csv OUT.xlsx")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), *shared, *text); err != nil {
		fmt.Fprintln(os.Stderr, "toxlsx:", err)
		os.Exit(1)
	}
}

func run(in, out string, shared, text bool) error {
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
	sheet := xlsxtest.Sheet{Name: "Orders", CSV: bufio.NewReaderSize(src, 1<<20), Text: text}
	write := func() error { return xlsxtest.Write(w, []xlsxtest.Sheet{sheet}, xlsxtest.Options{}) }
	if shared {
		write = func() error { return xlsxtest.WriteShared(w, sheet, xlsxtest.Options{}) }
	}
	if err := write(); err != nil {
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
