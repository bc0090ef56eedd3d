// Package parquetpage decodes the pages of a Parquet file: the footer,
// checked before it is decoded, then, row group by row group and page by
// page, the values of the columns asked for, into batches of rows. It is
// the speed machinery of orders' Parquet input, which maps the columns to
// the fields of an order; nothing here knows what an order is.
//
// A column's values are given as the text a CSV export would hold, so that
// a reader of text can take them unchanged:
//
//   - TIMESTAMP (any unit) as "2021-03-13T03:03:27Z" when adjusted to UTC
//     (and INT96, which is UTC by convention), as "2021-03-13T03:03:27"
//     when not; fractions of a second are dropped (floored); instants
//     beyond the years 0000-9999 as their number;
//   - DATE as "2021-03-13";
//   - DECIMAL (INT32, INT64, BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY) as its exact
//     decimal text, "12.34" for unscaled 1234 at scale 2;
//   - integers in decimal, floats in the shortest text that reads back
//     exactly (strconv 'f', -1), booleans as true/false, UUIDs as
//     8-4-4-4-12 hex, strings and other byte arrays as they are;
//   - null as an empty field.
//
// or, for the columns the caller marks typed (Type.Typed), as numbers that
// Type.AppendNum turns into that text: INT32 and INT64 values as they are
// (days of a DATE, units of a TIMESTAMP, unscaled DECIMALs), INT96
// timestamps as Unix seconds, DOUBLEs as their bits.
//
// Only flat columns can be read: a nested or repeated field is an error
// when asked for and is ignored otherwise.
//
// Nothing in the file is trusted: the footer is checked before it is
// decoded, every offset and size is checked against the file, and pages are
// decoded here (parquet-go decodes the metadata) by decoders that never
// produce more values than the page header declares, with page sizes and
// counts bounded by limits that grow with the file (a page may decompress
// to 64 times the file, hold 8 values per byte of it, and the file 64 rows
// per byte, with floors for small files). Memory thus stays within a small
// multiple of the largest page, whatever the file says. Page checksums are
// not verified (as by default in parquet-mr and Arrow).
//
// Goroutines, one per core, decode ahead of the user into batches of rows
// (Reader). Decompressing Snappy pages, a good part of decoding, is
// klauspost/compress's, in assembly (parquet-go's Snappy codec is the same
// code).
package parquetpage
