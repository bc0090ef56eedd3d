package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"lifecycle/internal/xlsxtest"
)

// scriptCmds are the commands the test scripts have besides testscript's
// own: they make binary inputs (compressed, in other encodings, cut short)
// from the text files of a script, so that every variant of an input is
// built from one readable source.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"exitcode": cmdExitCode,
	"encode":   cmdEncode,
	"compress": cmdCompress,
	"truncate": cmdTruncate,
	"toxlsx":   cmdToXLSX,
}

// cmdEncode implements `encode ENCODING SRC DST`: SRC (UTF-8) written to
// DST in gb18030, latin1 (Windows-1252) or utf-16le (with a byte-order
// mark).
func cmdEncode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: encode gb18030|latin1|utf-16le SRC DST")
	}
	var enc encoding.Encoding
	switch args[0] {
	case "gb18030":
		enc = simplifiedchinese.GB18030
	case "latin1":
		enc = charmap.Windows1252
	case "utf-16le":
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	default:
		ts.Fatalf("encode: unknown encoding %q", args[0])
	}
	b, err := enc.NewEncoder().Bytes([]byte(ts.ReadFile(args[1])))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[2]), b, 0o644))
}

// cmdCompress implements `compress gzip|zstd SRC DST`.
func cmdCompress(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: compress gzip|zstd SRC DST")
	}
	src, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	var buf bytes.Buffer
	switch args[0] {
	case "gzip":
		zw := gzip.NewWriter(&buf)
		_, err = zw.Write(src)
		ts.Check(err)
		ts.Check(zw.Close())
	case "zstd":
		zw, err := zstd.NewWriter(&buf)
		ts.Check(err)
		_, err = zw.Write(src)
		ts.Check(err)
		ts.Check(zw.Close())
	default:
		ts.Fatalf("compress: unknown compression %q", args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[2]), buf.Bytes(), 0o644))
}

// cmdTruncate implements `truncate N FILE`: FILE cut to its first N bytes,
// or to all but -N.
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncate N FILE")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	b, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	if n < 0 {
		n += len(b)
	}
	if n < 0 || n > len(b) {
		ts.Fatalf("truncate: %s has %d bytes", args[1], len(b))
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), b[:n], 0o644))
}

// cmdToXLSX implements `toxlsx [-1904] [-text] [-title TEXT] DST
// SHEET=SRC...`: an Excel workbook whose sheets, in order, hold the CSV
// files SRC, typed as internal/xlsxtest types them (numbers, ISO dates as
// date cells), or all text with -text; -1904 sets the 1904 date system;
// -title puts a title row and an empty row above the first sheet's header.
func cmdToXLSX(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "usage: toxlsx [-1904] [-text] [-title TEXT] DST SHEET=SRC..."
	if neg {
		ts.Fatalf(usage)
	}
	var opt xlsxtest.Options
	text, title := false, ""
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-1904":
			opt.Date1904 = true
		case "-text":
			text = true
		case "-title":
			if len(args) < 2 {
				ts.Fatalf(usage)
			}
			title, args = args[1], args[1:]
		default:
			ts.Fatalf(usage)
		}
		args = args[1:]
	}
	if len(args) < 2 {
		ts.Fatalf(usage)
	}
	var sheets []xlsxtest.Sheet
	for i, a := range args[1:] {
		name, src, ok := strings.Cut(a, "=")
		if !ok {
			ts.Fatalf(usage)
		}
		s := xlsxtest.Sheet{Name: name, CSV: strings.NewReader(ts.ReadFile(src)), Text: text}
		if i == 0 && title != "" {
			s.Title, s.Skip = title, 2
		}
		sheets = append(sheets, s)
	}
	var buf bytes.Buffer
	ts.Check(xlsxtest.Write(&buf, sheets, opt))
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), buf.Bytes(), 0o644))
}
