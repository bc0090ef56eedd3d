package orders

// Excel workbooks (.xlsx, .xlsm): one sheet read as a table, its first row
// with a value in two cells or more the header, streamed row by row with
// excelize's row reader (File.Rows), so that memory does not grow with the
// sheet: excelize unzips a large sheet to a temporary file and decodes its
// XML a row at a time.
//
// A cell is given to the row reader as the text its value reads as, what
// the cell holds rather than how it is shown:
//
//   - a number cell as its number, to 15 significant digits, Excel's own
//     precision: a price typed as 12.5 is stored as the double nearest
//     12.5 and written in the file as "12.5" (the shortest decimal that
//     reads back as that double); a sum computed by a formula may be
//     written "13.750000000000002", which excelize rounds to 15 digits,
//     "13.75", the number Excel shows. money.Parse then reads that decimal
//     exactly: 12.5 is 12.50 to the cent, whatever the cell's number
//     format ("#,##0.00 [$€-1]" shows it as "12.50 €"; its text here is
//     "12.5"). The workbook's cell formats are dropped in memory before
//     reading (never written back), so that excelize gives every value as
//     stored rather than formatting it (which costs some 100 µs a cell);
//   - text as it is, booleans as TRUE and FALSE, errors as Excel writes
//     them (#N/A).
//
// Dates are numbers in a workbook: a date cell holds its Excel serial
// date, days since 1899-12-30 (since 1899-12-31 before 1900-03-01, for
// Excel counts a 1900-02-29 that never was) or, in a workbook of the 1904
// date system, since 1904-01-01, the time of day as the fraction. In the
// date column (the column that the header or --date maps, found as Read
// finds it), a number from 0 to 2958465 (9999-12-31) is such a date, what
// its number format may show, and is given as the ISO 8601 wall-clock time
// it stands for, to the nearest second ("2021-03-13T10:00:07"), read in
// --tz as any time without a zone. Numbers outside that range are left as
// they are: Unix seconds and yyyymmdd numbers are larger, and read as such
// text is.
//
// When the date column's values read ahead are all such dates, the file's
// date layout is ISO 8601 (whatever --date-format says, which is for
// dates written as text); otherwise it is detected from the text as in a
// CSV. --decimal-comma applies to a number column only when its text has a
// comma in the rows read ahead (text cells written "12,50"); number cells
// are written with a point.
//
// Rows with no value are counted as blank lines, as empty lines of a CSV.
// Rows above the header holding one value at most (a report's title) are
// skipped, and said. Trailing empty cells, which the file leaves out, are
// empty fields. Merged cells hold their value in their first cell only, as
// the file stores them: a header merged across two columns names the first.
//
// Errors name the file, the sheet and the cell: orders.xlsx:Orders!C5.

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"lifecycle/msg"
)

// maxSerialDate is the Excel serial date of 9999-12-31, the last day a
// workbook can hold.
const maxSerialDate = 2958465

// SheetError is a sheet asked for (--sheet) that a workbook does not have:
// a usage error.
type SheetError struct {
	File   string
	Sheet  string
	Sheets []string // the workbook's sheets, in order
}

func (e *SheetError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *SheetError) Words() *msg.Error {
	return msg.Of(msg.Errorf("%s: no sheet %q in this workbook; its sheets are %s", e.File, e.Sheet, quoteAll(e.Sheets)))
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// xlsxSource reads one sheet of a workbook.
type xlsxSource struct {
	name     string // the input, for messages
	sheet    string
	book     *excelize.File
	rows     *excelize.Rows
	release  func() // removes a temporary copy of the input
	noHeader bool
	columns  Columns  // as given: the date column is found as Read finds it
	attrs    []string // the same
	date1904 bool
	blank    *int64
	log      func(string)

	row     int  // the sheet row of the last record, from 1
	started bool // the first record (the header) has been returned
	width   int  // fields of the first record: shorter rows are padded
	dateCol int  // the date column, -1 for none
	buf     []byte
	ends    []int
	fields  [][]byte

	// Of the records after the header: how many values of the date column
	// were serial dates, and how many were other values; per column,
	// whether one of its values had a comma.
	dates, others int64
	commas        []bool
}

// openXLSX opens a workbook and the sheet to read: in.Sheet, or the first
// visible one.
func (rd *reader) openXLSX(in Input) (src source, err error) {
	path, release, err := xlsxPath(in)
	if err != nil {
		return nil, err
	}
	s := &xlsxSource{name: in.Name, release: release, noHeader: rd.opt.NoHeader, columns: rd.opt.Columns, attrs: rd.opt.Attributes,
		blank: &rd.stats.BlankLines, log: func(msg string) { rd.logf("%s", msg) }, dateCol: -1}
	defer func() {
		if r := recover(); r != nil {
			err = msg.Errorf("%s: corrupt Excel workbook (%v)", in.Name, r)
		}
		if err != nil {
			s.Close()
		}
	}()
	if err := checkZip(in.Name, path); err != nil {
		return nil, err
	}
	s.book, err = excelize.OpenFile(path)
	if err != nil {
		return nil, notAWorkbook(in.Name, path, err)
	}
	sheets := s.book.GetSheetList()
	if len(sheets) == 0 {
		return nil, notAWorkbook(in.Name, path, msg.Errorf("no sheets"))
	}
	if s.sheet, err = chooseSheet(in, s.book, sheets); err != nil {
		return nil, err
	}
	if len(sheets) > 1 {
		how := "the first"
		if in.Sheet != "" {
			how = "as asked"
		}
		rd.logf("%s: sheet %q read (%s of %d: %s; --sheet chooses)", in.Name, s.sheet, how, len(sheets), quoteAll(sheets))
	}
	if props, err := s.book.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.date1904 = *props.Date1904
	}
	if s.book.Styles != nil {
		s.book.Styles.CellXfs = nil // values as stored: see the top of this file
	}
	if s.rows, err = s.book.Rows(s.sheet); err != nil {
		return nil, msg.Errorf("%s: sheet %q cannot be read: %v", in.Name, s.sheet, err)
	}
	return s, nil
}

// maxDeflateRatio bounds how much deflate data can grow: at most 258
// bytes from one of its shortest codes, a little over two bits, which is
// a ratio of 1032.
const maxDeflateRatio = 1032

// checkZip checks the sizes a zip archive declares for its parts before
// excelize reads it: excelize allocates each part's declared size at once
// (it reads the parts other than large sheets into memory), so that a
// small file declaring a part of gigabytes would make it allocate them. A
// part declared larger than its compressed data can grow is corrupt.
func checkZip(name, path string) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		head := make([]byte, 4)
		if f, ferr := os.Open(path); ferr == nil {
			io.ReadFull(f, head)
			f.Close()
		}
		if !isZip(head) {
			return msg.Errorf("%s: not an Excel workbook (.xlsx), which is a zip archive", name)
		}
		return msg.Errorf("%s: not an Excel workbook (.xlsx): a corrupt or truncated zip archive (%v)", name, err)
	}
	defer z.Close()
	for _, f := range z.File {
		limit := f.CompressedSize64
		if f.Method != zip.Store {
			limit = maxDeflateRatio*f.CompressedSize64 + 1<<10
		}
		if f.UncompressedSize64 > limit {
			return msg.Errorf("%s: corrupt Excel workbook: its part %q declares %d bytes, more than its %d compressed bytes can hold",
				name, f.Name, f.UncompressedSize64, f.CompressedSize64)
		}
	}
	return nil
}

// notAWorkbook says why a file that excelize cannot open (err) is not a
// workbook: a zip archive that is corrupt or holds no workbook, or a
// workbook excelize cannot read.
func notAWorkbook(name, path string, err error) error {
	z, zerr := zip.OpenReader(path)
	if zerr != nil {
		return msg.Errorf("%s: not an Excel workbook (.xlsx): a corrupt or truncated zip archive (%v)", name, zerr)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == "xl/workbook.xml" {
			return msg.Errorf("%s: an Excel workbook that cannot be read (%v)", name, err)
		}
	}
	return msg.Errorf("%s: a zip archive, not an Excel workbook (it has no xl/workbook.xml): unzip it", name)
}

// chooseSheet returns the sheet named in.Sheet (matched as Excel does,
// ignoring case), or the first visible sheet.
func chooseSheet(in Input, book *excelize.File, sheets []string) (string, error) {
	if in.Sheet != "" {
		for _, s := range sheets {
			if s == in.Sheet {
				return s, nil
			}
		}
		for _, s := range sheets {
			if strings.EqualFold(s, in.Sheet) {
				return s, nil
			}
		}
		return "", &SheetError{File: in.Name, Sheet: in.Sheet, Sheets: sheets}
	}
	for _, s := range sheets {
		if visible, err := book.GetSheetVisible(s); err == nil && visible {
			return s, nil
		}
	}
	return sheets[0], nil
}

// xlsxPath returns the path of a file holding the workbook: the input's
// own, or a temporary copy (standard input, a decompressed stream), which
// release removes.
func xlsxPath(in Input) (path string, release func(), err error) {
	if f, ok := in.R.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			return f.Name(), func() {}, nil
		}
	}
	tmp, err := os.CreateTemp("", "lifecycle-*.xlsx")
	if err != nil {
		return "", nil, msg.Errorf("%s: reading a workbook needs a temporary copy: %w", in.Name, err)
	}
	release = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	if _, err := io.Copy(tmp, in.R); err != nil {
		release()
		return "", nil, msg.Errorf("%s: copying to a temporary file: %w", in.Name, err)
	}
	return tmp.Name(), release, nil
}

func (s *xlsxSource) header() ([]string, bool) { return nil, false }
func (s *xlsxSource) line() int                { return s.row }
func (s *xlsxSource) describe() string         { return "Excel sheet " + strconv.Quote(s.sheet) }

// read returns the next row with a value, its fields padded to the first
// record's width.
func (s *xlsxSource) read() (f [][]byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, msg.Errorf("%s: %s row %d: corrupt Excel sheet (%v)", s.name, s.sheet, s.row, r)
		}
	}()
	for s.rows.Next() {
		s.row++
		cells, err := s.rows.Columns()
		if err != nil {
			return nil, msg.Errorf("%s: %s row %d: %v", s.name, s.sheet, s.row, err)
		}
		values := 0
		for _, c := range cells {
			if c != "" {
				values++
			}
		}
		if values == 0 {
			*s.blank++
			continue
		}
		if !s.started && !s.noHeader && values == 1 {
			s.log(fmt.Sprintf("%s: row %d of sheet %q skipped, above the header: %q", s.name, s.row, s.sheet, strings.Join(cells, "")))
			continue
		}
		return s.record(cells), nil
	}
	if err := s.rows.Error(); err != nil {
		return nil, msg.Errorf("%s: sheet %q after row %d: %v", s.name, s.sheet, s.row, err)
	}
	return nil, io.EOF
}

// record makes the fields of a row's cells, writing the serial dates of
// the date column as ISO 8601.
func (s *xlsxSource) record(cells []string) [][]byte {
	header := !s.started && !s.noHeader
	if !s.started {
		s.started = true
		s.width = len(cells)
		var names []string
		if header {
			names = cells
		}
		if m, err := resolve(s.name, names, len(cells), s.columns, s.attrs); err == nil {
			s.dateCol = m.Index[ColDate] // else Read fails on the same mapping
		}
	}
	n := max(len(cells), s.width)
	if !header && len(s.commas) < n {
		s.commas = append(s.commas, make([]bool, n-len(s.commas))...)
	}
	s.buf = s.buf[:0]
	ends := s.ends[:0]
	for j, c := range cells {
		switch {
		case header || c == "":
		case j == s.dateCol:
			if s.appendSerialDate(c) {
				s.dates++
				ends = append(ends, len(s.buf))
				continue
			}
			s.others++
		case strings.IndexByte(c, ',') >= 0:
			s.commas[j] = true
		}
		s.buf = append(s.buf, c...)
		ends = append(ends, len(s.buf))
	}
	s.ends = ends
	s.fields = s.fields[:0]
	start := 0
	for _, e := range ends {
		s.fields = append(s.fields, s.buf[start:e:e])
		start = e
	}
	for len(s.fields) < n {
		s.fields = append(s.fields, nil)
	}
	return s.fields
}

// appendSerialDate appends to s.buf the ISO 8601 wall-clock time of an
// Excel serial date, to the nearest second, if v is one (see the top of
// this file).
func (s *xlsxSource) appendSerialDate(v string) bool {
	if v[0] < '0' || v[0] > '9' {
		return false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f >= 0 && f < maxSerialDate+1) {
		return false
	}
	secs := int64(math.Round(f * 86400))
	days, secs := secs/86400, secs%86400
	var base time.Time
	switch {
	case s.date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case days >= 61:
		base = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	case days == 60:
		s.buf = append(s.buf, "1900-02-29"...) // Excel's, which is no date
		return true
	default:
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	t := base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	s.buf = t.AppendFormat(s.buf, "2006-01-02T15:04:05")
	return true
}

// canonical reports a column whose text is in a canonical form (see
// canonicalSource): the date column when its values read so far were all
// serial dates (written as ISO 8601: see record), a number column when
// none of its values had a comma.
func (s *xlsxSource) canonical(m *Mapping, role Role) bool {
	i := m.Index[role]
	if i < 0 {
		return false
	}
	switch role {
	case ColDate:
		return i == s.dateCol && s.dates > 0 && s.others == 0
	case ColAmount, ColQuantity, ColPrice, ColCost:
		return i >= len(s.commas) || !s.commas[i]
	}
	return false
}

// Close releases the sheet, excelize's temporary files and the copy of the
// input, if any.
func (s *xlsxSource) Close() error {
	if s.rows != nil {
		s.rows.Close()
	}
	if s.book != nil {
		s.book.Close()
	}
	if s.release != nil {
		s.release()
		s.release = nil
	}
	return nil
}

// cellName returns the A1-style reference of a cell of a sheet
// (Orders!C5, 'My orders'!C5), or of a row when col is 0 (Orders!5:5).
func cellName(sheet string, col, row int) string {
	if strings.ContainsFunc(sheet, func(r rune) bool {
		return !(r == '_' || r == '.' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r > 0x7f)
	}) {
		sheet = "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	}
	if col <= 0 {
		return fmt.Sprintf("%s!%d:%d", sheet, row, row)
	}
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("%s!R%dC%d", sheet, row, col)
	}
	return sheet + "!" + name
}

// isXLSXName reports a name with a workbook's extension.
func isXLSXName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".xlsx") || strings.HasSuffix(n, ".xlsm")
}
