// Package output is the one output layer of every lifecycle command: it
// renders tabular results (Table) and one-screen summaries (Report) as a
// terminal table, CSV, TSV, JSON or JSON Lines, and writes files atomically.
// For people it also draws shaded grids of numbers on a terminal (GridPage,
// the cohort table; Colour says whether a destination takes colour) and
// groups thousands (Grouped); other results are written as ordered JSON
// objects (Object). Its package chart draws images (PNG, SVG).
//
// # Formats
//
//   - table: a readable screen drawn with tablewriter; numeric columns
//     right-aligned, integers and money grouped ("2,500,315.63"), percents
//     as "12.3%", missing values as "-". For people, not for parsing.
//   - csv: RFC 4180 fields (quoted only when needed, quotes doubled), comma
//     separated, a header line of column names, LF line endings.
//   - tsv: the same as csv with a tab as separator (a field holding a tab,
//     quote or line break is quoted the CSV way, as spreadsheets do).
//   - json: one array of objects, one object per row, keys in column order;
//     with a provenance (Table.Meta, Report.Meta: meta.go), the object
//     {"meta": {...}, "rows": [...]}.
//   - jsonl: one object per line (JSON Lines / NDJSON).
//   - parquet: typed columns (see parquet.go: money is DECIMAL(18,6) in an
//     INT64, days are DATE); a Report in the long section,key,value form;
//     the provenance, if any, as key-value metadata. Refused on a terminal.
//   - xlsx: an Excel workbook, a sheet per table, typed cells (see
//     xlsx.go). Refused on a terminal.
//
// # Values
//
// Every machine format (csv, tsv, json, jsonl) is deterministic: rows keep the
// order given, dates are ISO 8601 ("2021-03-13"), floats have a fixed number
// of decimals per column, money is exact with at least two decimals ("12.50",
// a JSON number), percents are fractions (0.123, not 12.3), booleans are
// true/false. A missing value (nil, or a NaN float) is an empty field in
// CSV/TSV and null in JSON; an infinite float is "Inf"/"-Inf" in CSV/TSV and
// null in JSON.
//
// Text that is not valid UTF-8 (a customer id in a file of mixed encodings)
// keeps its bytes in CSV/TSV. JSON can only hold Unicode, and writing each
// bad byte as U+FFFD, as encoding/json does, would make "K\xe4se" and
// "K\xf6se" one customer; so each byte that is not UTF-8 is written as the
// lone surrogate escape \udcXX, XX being the byte's value ("K\udce4se"),
// as Python's surrogateescape does (PEP 383). Valid UTF-8 never holds a
// surrogate, so two different texts never give one JSON string, and the
// bytes come back: in Python, json.loads(line)["customer_id"].encode("utf-8",
// "surrogateescape"). (Go's encoding/json reads a lone surrogate as U+FFFD.)
// InvalidUTF8 counts such strings, for the caller to warn.
//
// # Files
//
// Open("") or Open("-") writes to standard output. Open(path) writes to a
// temporary file in the same directory that Commit syncs and renames over
// path, so path holds either its old content or the whole new content, never
// half a file; Abort (or a failed Commit) removes the temporary file.
// Commit(a, b, ...) commits the outputs of one command together: all are
// written and synced before any is renamed, so a failure replaces none.
// RemoveTemporaries removes every temporary file of the process, for a
// signal handler; a temporary file left by a killed process is removed by
// the next Open of its path (temp.go says how that is proved safe).
// Data goes to standard output, diagnostics to standard error: this package
// never writes to standard error itself.
package output
