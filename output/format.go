package output

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"lifecycle/msg"
)

// Format is an output format.
type Format int

// The output formats. TableFormat is named so because Table is the data type;
// on the command line it is "table".
const (
	TableFormat Format = iota // readable terminal table
	CSV                       // comma-separated values, RFC 4180, LF line endings
	TSV                       // tab-separated values, quoted like CSV when needed
	JSON                      // one JSON array of row objects
	JSONL                     // JSON Lines: one row object per line
	Parquet                   // Apache Parquet, typed columns (see parquet.go)
	XLSX                      // Excel workbook, a sheet per table, typed cells (see xlsx.go)
)

// formatNames holds the command-line name of each Format, indexed by Format.
var formatNames = [...]string{
	TableFormat: "table",
	CSV:         "csv",
	TSV:         "tsv",
	JSON:        "json",
	JSONL:       "jsonl",
	Parquet:     "parquet",
	XLSX:        "xlsx",
}

// formatChoices is the list of names shown in error messages.
const formatChoices = "table, csv, tsv, json, jsonl, parquet, xlsx"

// ErrUnknownFormat is wrapped by the errors of ParseFormat, FormatForPath and
// DefaultFormat when a format name or file extension is not known, so that
// the command line can report a usage error.
var ErrUnknownFormat = msg.Errorf("unknown output format")

// String returns the command-line name of f ("table", "csv", ...).
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat parses a --format value: "table", "csv", "tsv", "json",
// "jsonl", "parquet" or "xlsx" (case-insensitive; "ndjson" is accepted for
// "jsonl").
// The error wraps ErrUnknownFormat and lists the choices.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "table":
		return TableFormat, nil
	case "csv":
		return CSV, nil
	case "tsv":
		return TSV, nil
	case "json":
		return JSON, nil
	case "jsonl", "ndjson":
		return JSONL, nil
	case "parquet":
		return Parquet, nil
	case "xlsx":
		return XLSX, nil
	}
	return 0, msg.Errorf("%w %q (choose one of %s)", ErrUnknownFormat, s, formatChoices)
}

// FormatForPath returns the format implied by a file name's extension
// (case-insensitive): .csv, .tsv (or .tab), .json, .jsonl or .ndjson,
// .parquet, .xlsx, and .txt for a terminal-style table. Any other extension, or
// none, is an error wrapping ErrUnknownFormat that suggests --format.
func FormatForPath(path string) (Format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".csv":
		return CSV, nil
	case ".tsv", ".tab":
		return TSV, nil
	case ".json":
		return JSON, nil
	case ".jsonl", ".ndjson":
		return JSONL, nil
	case ".txt":
		return TableFormat, nil
	case "":
		return 0, msg.Errorf("%w: %q has no file extension to take the format from; use --format (%s)",
			ErrUnknownFormat, path, formatChoices)
	case ".parquet":
		return Parquet, nil
	case ".xlsx":
		return XLSX, nil
	}
	return 0, msg.Errorf("%w: cannot tell the format of %q from its extension %q; use --format (%s)",
		ErrUnknownFormat, path, ext, formatChoices)
}

// DefaultFormat chooses the output format of a command: an explicit
// --format value wins; otherwise the extension of the -o path (when path is
// neither "" nor "-"); otherwise TableFormat when stdout is a terminal and CSV
// when it is not (a pipe or a file).
func DefaultFormat(explicit, path string, stdout io.Writer) (Format, error) {
	if explicit != "" {
		return ParseFormat(explicit)
	}
	if !isStdoutPath(path) {
		return FormatForPath(path)
	}
	if IsTerminal(stdout) {
		return TableFormat, nil
	}
	return CSV, nil
}

// IsTerminal reports whether w is a terminal: an *os.File on a terminal, a
// Sized writer, or a Destination writing to one. Anything else (a pipe, a
// file, a buffer) is not.
func IsTerminal(w io.Writer) bool {
	switch v := w.(type) {
	case *os.File:
		return v != nil && term.IsTerminal(int(v.Fd()))
	case *Destination:
		return v != nil && v.stdout != nil && IsTerminal(v.stdout)
	case Sized:
		return true
	}
	return false
}

// Sized is a terminal that is not a file: it knows its width. Tests use
// one as a fake terminal, to see what a person at a terminal of that width
// sees.
type Sized interface {
	io.Writer
	TerminalWidth() int
}

// TerminalWidth returns the width in columns of the terminal w is (see
// IsTerminal), or 0 when w is none or its size is unknown.
func TerminalWidth(w io.Writer) int {
	switch v := w.(type) {
	case *os.File:
		if v == nil {
			return 0
		}
		if width, _, err := term.GetSize(int(v.Fd())); err == nil && width > 0 {
			return width
		}
	case *Destination:
		if v != nil && v.stdout != nil {
			return TerminalWidth(v.stdout)
		}
	case Sized:
		return v.TerminalWidth()
	}
	return 0
}

// Colour reports whether w takes colour: a terminal file (IsTerminal; a
// Sized writer takes none) in an environment that allows it, NO_COLOR
// unset or empty (no-color.org) and TERM not "dumb".
func Colour(w io.Writer) bool {
	if d, ok := w.(*Destination); ok && d != nil {
		w = d.stdout
	}
	f, ok := w.(*os.File)
	return ok && IsTerminal(f) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// isStdoutPath reports whether an -o value means standard output.
func isStdoutPath(path string) bool {
	return path == "" || path == "-"
}
