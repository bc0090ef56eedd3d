package main

import (
	"bytes"
	"os"
	"strconv"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
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
