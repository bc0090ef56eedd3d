package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	_ "time/tzdata" // --tz works on machines without a zoneinfo database

	"github.com/spf13/pflag"

	"lifecycle/orders"
	"lifecycle/output"
)

// option is one value a flag accepts and what it means.
type option[T any] struct {
	name  string
	value T
}

// means says that the value name of a flag means v.
func means[T any](name string, v T) option[T] { return option[T]{name, v} }

// choose returns the meaning of a flag's value among the options; any other
// value is a usage error that lists them: --by "x": use customer or segment.
func choose[T any](flag, given string, options ...option[T]) (T, error) {
	names := make([]string, len(options))
	for i, o := range options {
		if o.name == given {
			return o.value, nil
		}
		names[i] = o.name
	}
	var zero T
	list := names[len(names)-1]
	if len(names) > 1 {
		list = strings.Join(names[:len(names)-1], ", ") + " or " + list
	}
	return zero, usagef("--%s %q: use %s", flag, given, list)
}

// outputFlags are the flags every command has for writing its result.
type outputFlags struct {
	format string
	path   string
	quiet  bool
}

func (f *outputFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.format, "format", "", "output format: table, csv, tsv, json, jsonl or parquet (default: table on a terminal, CSV otherwise, or from -o's extension)")
	fs.StringVarP(&f.path, "output", "o", "", "write to this file (whole or not at all) instead of standard output")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "no diagnostics on standard error")
}

// open chooses the output format and opens the destination. Commands call
// it before reading any input, so that a bad --format or -o extension is a
// usage error that costs no reading, and an -o path that cannot be written
// fails at once. The caller writes, then commits; a deferred Abort removes
// an uncommitted file.
func (f *outputFlags) open(s *streams) (*output.Destination, output.Format, error) {
	format, err := output.DefaultFormat(f.format, f.path, s.out)
	if err != nil {
		return nil, 0, &usageError{err}
	}
	dst, err := output.Open(f.path, s.out)
	if err != nil {
		return nil, 0, err
	}
	return dst, format, nil
}

// writeTable writes t, whole, where the output flags say: for the flags
// that print a table without reading any input (--show-scheme,
// --show-rules).
func (f *outputFlags) writeTable(s *streams, t *output.Table) error {
	dst, format, err := f.open(s)
	if err != nil {
		return err
	}
	defer dst.Abort()
	if err := output.Write(dst, format, t); err != nil {
		return err
	}
	return dst.Commit()
}

// start is how every analysis command begins: check the command line, open
// the destination (so that a bad -o fails before any reading) and read the
// input into histories. The caller writes to dst and commits it; it must
// call dst.Abort (a no-op after Commit) when it returns.
func start(s *streams, in *inputFlags, out *outputFlags, d diag, args []string) (*orders.Histories, *output.Destination, output.Format, error) {
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
	h, err := load(s, ro, d, args)
	if err != nil {
		dst.Abort()
		return nil, nil, 0, err
	}
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
		d.printf("warning: %s not valid UTF-8: in %v each bad byte is written \\udcXX (XX its value, as Python's surrogateescape), so that no two differ only by it", plural(n, "value"), format)
	}
	return nil
}

// diag prints diagnostics on standard error unless -q.
type diag struct {
	w     io.Writer
	quiet bool
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
