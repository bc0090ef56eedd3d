package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	_ "time/tzdata" // --tz works on machines without a zoneinfo database

	"github.com/spf13/pflag"

	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/words"
)

// outputFlags are the flags every command has for writing its result.
type outputFlags struct {
	format   string
	path     string
	metaPath string
	quiet    bool
	bom      bool
	encoding string

	// Set by open: the format, and the provenance of the output (see
	// meta.go) when it is written (JSON, Parquet, --meta); start
	// completes it with the input read.
	fmt     output.Format
	textEnc output.TextEncoding
	meta    *output.Object
	sidecar *output.Destination // --meta's file
	// margin, set by start, says the values are margins (value.go).
	margin bool
	// currency is the read's, named in the terminal's money headings.
	currency string

	// The terminal view (screen.go): --lang and --limit, and the
	// language chosen (by open).
	scr  screenFlags
	lang words.Lang
	fs   *pflag.FlagSet
	s    *streams
}

func (f *outputFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.format, "format", "", "output format: table, csv, tsv, json, jsonl, parquet or xlsx (default: table on a terminal, CSV otherwise, or from -o's extension)")
	fs.StringVarP(&f.path, "output", "o", "", "write to this file (whole or not at all) instead of standard output")
	fs.StringVar(&f.metaPath, "meta", "", "also write the provenance of the output (version, command line, input files and their hashes, column mapping, as-of...) to this JSON file; JSON, Parquet and xlsx outputs carry it themselves")
	fs.BoolVar(&f.bom, "bom", false, "csv, tsv: start with UTF-8's byte-order mark, so that Excel reads UTF-8 (on a Chinese Windows, or any)")
	fs.StringVar(&f.encoding, "output-encoding", "utf-8", "csv, tsv: the text encoding, utf-8 or gb18030 (for Excel on a Chinese Windows without --bom); --encoding is the input's")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "no diagnostics on standard error")
	f.registerScreen(fs)
	f.fs = fs
}

// limitGiven tells whether --limit was given.
func (f *outputFlags) limitGiven() bool {
	return f.fs != nil && f.fs.Changed("limit")
}

// open chooses the output format and opens the destination, and --meta's.
// Commands call it before reading any input, so that a bad --format or -o
// extension is a usage error that costs no reading, and an -o path that
// cannot be written fails at once. The caller writes, then commits (with
// f.commit); a deferred f.abort removes uncommitted files.
func (f *outputFlags) open(s *streams) (*output.Destination, output.Format, error) {
	format, err := output.DefaultFormat(f.format, f.path, s.out)
	if err != nil {
		return nil, 0, &usageError{err}
	}
	if f.textEnc, err = output.ParseTextEncoding(f.encoding); err != nil {
		return nil, 0, usagef("--output-encoding %q: use %v", f.encoding, orList(output.TextEncodings))
	}
	if f.bom || f.textEnc != output.UTF8 {
		switch {
		case format != output.CSV && format != output.TSV:
			return nil, 0, usagef("--bom and --output-encoding apply to csv and tsv output, not %v", format)
		case f.bom && f.textEnc != output.UTF8:
			return nil, 0, usagef("--bom is UTF-8's byte-order mark: give it or --output-encoding %s, not both", f.encoding)
		}
	}
	if f.metaPath != "" {
		if f.metaPath == "-" {
			return nil, 0, usagef("--meta -: give a file name (the output goes to standard output)")
		}
		if f.metaPath == f.path {
			return nil, 0, usagef("--meta %q is also the -o file", f.metaPath)
		}
	}
	dst, err := output.Open(f.path, s.out)
	if err != nil {
		return nil, 0, err
	}
	if f.metaPath != "" {
		if f.sidecar, err = output.Open(f.metaPath, s.out); err != nil {
			dst.Abort()
			return nil, 0, err
		}
	}
	f.fmt, f.s = format, s
	if err := f.checkScreen(s); err != nil {
		dst.Abort()
		if f.sidecar != nil {
			f.sidecar.Abort()
		}
		return nil, 0, err
	}
	if f.wantMeta() {
		f.meta = baseMeta(s)
	}
	return dst, format, nil
}

// wantMeta tells whether the output's provenance is written: to --meta's
// file, or in a JSON, Parquet or xlsx output.
func (f *outputFlags) wantMeta() bool {
	return f.metaPath != "" || f.fmt == output.JSON || f.fmt == output.Parquet || f.fmt == output.XLSX
}

// writeTable writes t, whole, where the output flags say: for the flags
// that print a table without reading any input (--show-scheme,
// --show-rules).
func (f *outputFlags) writeTable(s *streams, t *output.Table) error {
	return f.writeTableIn(s, func(words.Lang) *output.Table { return t })
}

// writeTableIn is writeTable for a table laid out in the output's language.
func (f *outputFlags) writeTableIn(s *streams, layout func(words.Lang) *output.Table) error {
	dst, format, err := f.open(s)
	if err != nil {
		return err
	}
	defer f.abort(dst)
	t := layout(f.lang)
	t.Meta = f.meta
	t.Screen = f.screen(s, false)
	if err := f.encoded(dst, func(w io.Writer) error { return output.Write(w, format, t) }); err != nil {
		return err
	}
	return f.commit(dst)
}

// write writes t, the result of the command, to dst with the output's
// meta and text encoding; see writeTo.
func (f *outputFlags) write(dst io.Writer, t *output.Table, d diag) error {
	t.Meta, t.Currency = f.meta, f.currency
	if f.margin {
		t.Caption = valueCaption(t.Caption)
	}
	t.Screen = f.screen(f.s, t.Row != nil) // a view given row by row is per customer
	return f.encoded(dst, func(w io.Writer) error { return writeTo(w, f.fmt, t, d) })
}

// writeReport writes r, the result of the command, to dst with the
// output's meta and text encoding, under key in JSON ("summary").
func (f *outputFlags) writeReport(dst io.Writer, key string, r *output.Report) error {
	r.Meta, r.Key, r.Currency = f.meta, key, f.currency
	if f.margin {
		r.Title = valueTitle(r.Title)
		r.Word = "" // the title says the values are margins
	}
	verbose := r.Screen.Verbose
	r.Screen = f.screen(f.s, false)
	r.Screen.Verbose = verbose
	return f.encoded(dst, func(w io.Writer) error { return output.WriteReport(w, f.fmt, r) })
}

// encoded calls write with dst, or with a writer that encodes into dst
// for --bom and --output-encoding.
func (f *outputFlags) encoded(dst io.Writer, write func(io.Writer) error) error {
	if !f.bom && f.textEnc == output.UTF8 {
		return write(dst)
	}
	w, err := output.EncodeText(dst, f.textEnc, f.bom)
	if err != nil {
		return err
	}
	if err := write(w); err != nil {
		return err
	}
	return w.Close()
}

// commit writes --meta's file and commits it with dsts (the output and
// any other file of the command), all or none.
func (f *outputFlags) commit(dsts ...*output.Destination) error {
	if f.sidecar != nil {
		b, err := output.MetaJSON(f.meta, true)
		if err != nil {
			return err
		}
		if _, err := f.sidecar.Write(b); err != nil {
			return err
		}
		dsts = append(dsts, f.sidecar)
	}
	return commit(dsts...)
}

// abort removes the uncommitted files of dst and of --meta (a no-op after
// commit).
func (f *outputFlags) abort(dst *output.Destination) {
	dst.Abort()
	if f.sidecar != nil {
		f.sidecar.Abort()
	}
}

// start is how every analysis command begins: check the command line, open
// the destination (so that a bad -o fails before any reading) and read the
// input into histories, and the output's meta when it is written. The
// caller writes to dst and commits it with out.commit; it must call
// out.abort(dst) (a no-op after the commit) when it returns. d takes the
// command's language (--lang, or the terminal's) once out is open.
func start(s *streams, in *inputFlags, out *outputFlags, d *diag, args []string) (*orders.Histories, *output.Destination, output.Format, error) {
	ro, err := in.options()
	if err != nil {
		return nil, nil, 0, err
	}
	if args, err = inputArgs(s, args); err != nil {
		return nil, nil, 0, err
	}
	if err := checkArgs(args); err != nil {
		return nil, nil, 0, err
	}
	if err := checkOutputNotInput(out.path, args); err != nil {
		return nil, nil, 0, err
	}
	dst, format, err := out.open(s)
	if err != nil {
		return nil, nil, 0, err
	}
	d.lang = out.lang // set by open, from --lang or the terminal's
	var ds *digests
	if out.meta != nil {
		ds = &digests{}
	}
	h, err := load(s, ro, *d, args, ds)
	if err == nil {
		out.currency = h.Stats.Currency
	}
	if err == nil && ds != nil {
		err = inputMeta(out.meta, h, ro, ds.wait())
	}
	if err != nil {
		out.abort(dst)
		return nil, nil, 0, err
	}
	out.margin = h.Stats.Margin
	return h, dst, format, nil
}

// writeTo writes t to dst in format, and warns when texts that are not
// UTF-8 (ids from a file of mixed encodings) went to JSON with their bad
// bytes escaped to keep them distinct (see package output). A command
// writes one table, so the warning comes once a run.
func writeTo(dst io.Writer, format output.Format, t *output.Table, d diag) error {
	before := output.InvalidUTF8()
	if err := output.Write(dst, format, t); err != nil {
		return err
	}
	if n := output.InvalidUTF8() - before; n > 0 {
		d.say("common.invalid_utf8", d.count(n, "value"), format)
	}
	return nil
}

// diag prints diagnostics on standard error unless -q, in lang.
type diag struct {
	w     io.Writer
	quiet bool
	lang  words.Lang
}

// say prints the catalogue's message key in d's language.
func (d diag) say(key words.Key, args ...any) {
	d.printf("%s", d.lang.Get(key, args...))
}

// count is n of a noun for a message in d's language: "1 order", "2
// orders" in English (as plural), the number alone in Chinese, whose
// messages name the noun themselves.
func (d diag) count(n int64, noun string) string {
	if d.lang == words.Chinese {
		return strconv.FormatInt(n, 10)
	}
	return plural(n, noun)
}

func (d diag) printf(format string, args ...any) {
	if !d.quiet {
		fmt.Fprintf(d.w, "lifecycle: "+format+"\n", args...)
	}
}

// checkOutputNotInput refuses an -o path that is one of the input files:
// the atomic rename would replace the orders with the result.
func checkOutputNotInput(path string, args []string) error {
	if path == "" || path == "-" {
		return nil
	}
	out, err := os.Stat(path)
	if err != nil {
		return nil // a new file, or one Open will report on
	}
	for _, a := range args {
		if a == "-" {
			continue
		}
		if in, err := os.Stat(a); err == nil && os.SameFile(in, out) {
			return usagef("-o %q is also an input file: it would be replaced by the result", path)
		}
	}
	return nil
}

// plural is "1 order", "2 orders".
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
