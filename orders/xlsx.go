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
//     "12.5");
//   - a date cell, a number cell whose number format shows a date or a
//     time (built-in formats 14-22 and 45-47, the East Asian and Thai date
//     formats 27-36, 50-58 and 71-81, or a custom format with a y, m, d, h
//     or s outside quotes, escapes and brackets), as the ISO 8601 wall-clock
//     time of its Excel serial date, to the second ("2021-03-13T10:00:07"):
//     days since 1899-12-30 (excelize's conversion, which keeps Excel's
//     fictitious 1900-02-29) or, when the workbook uses the 1904 date
//     system, since 1904-01-01. It is a time without a zone, read in --tz
//     as any such time;
//   - text as it is, booleans as TRUE and FALSE, errors as Excel writes
//     them (#N/A).
//
// To tell date cells from others while streaming (excelize's row reader
// gives text only), the reader changes the workbook's styles in memory
// before reading, never writing them back: every cell format whose number
// format is a date takes one format that writes the instant as ISO 8601
// behind a mark (xlsxDateMark, a private-use character), and every other
// one a number format that does not exist, for which excelize gives the
// value as stored. The mark tells the reader which columns hold date cells.
//
// When the date column's cells read so far are all date cells, the file's
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
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxDateMark starts the text of a date cell (see the top of this file).
const xlsxDateMark = "\ue000"

// xlsxDateFormat is the number format that date cells are given: the mark,
// then ISO 8601.
const xlsxDateFormat = `"` + xlsxDateMark + `"yyyy-mm-dd\Thh:mm:ss`

// noNumFmt is a number format id that no workbook defines: excelize then
// gives a cell's value as stored.
const noNumFmt = -1

// SheetError is a sheet asked for (--sheet) that a workbook does not have:
// a usage error.
type SheetError struct {
	File   string
	Sheet  string
	Sheets []string // the workbook's sheets, in order
}

func (e *SheetError) Error() string {
	return fmt.Sprintf("%s: no sheet %q in this workbook; its sheets are %s", e.File, e.Sheet, quoteAll(e.Sheets))
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
	blank    *int64
	log      func(string)

	row     int  // the sheet row of the last record, from 1
	started bool // the first record (the header) has been returned
	width   int  // fields of the first record: shorter rows are padded
	buf     []byte
	ends    []int
	fields  [][]byte

	// Per column, of the records after the header: how many values were
	// date cells, how many were other values, and whether one of those
	// had a comma.
	dates, others []int64
	commas        []bool
}

// openXLSX opens a workbook and the sheet to read: in.Sheet, or the first
// visible one.
func (rd *reader) openXLSX(in Input) (src source, err error) {
	path, release, err := xlsxPath(in)
	if err != nil {
		return nil, err
	}
	s := &xlsxSource{name: in.Name, release: release, noHeader: rd.opt.NoHeader, blank: &rd.stats.BlankLines, log: rd.log}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: corrupt Excel workbook (%v)", in.Name, r)
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
		return nil, notAWorkbook(in.Name, path, errors.New("no sheets"))
	}
	if s.sheet, err = chooseSheet(in, s.book, sheets); err != nil {
		return nil, err
	}
	if len(sheets) > 1 {
		how := "the first"
		if in.Sheet != "" {
			how = "as asked"
		}
		rd.log(fmt.Sprintf("%s: sheet %q read (%s of %d: %s; --sheet chooses)", in.Name, s.sheet, how, len(sheets), quoteAll(sheets)))
	}
	if err := markDates(s.book); err != nil {
		return nil, fmt.Errorf("%s: the workbook's styles cannot be read: %v", in.Name, err)
	}
	if s.rows, err = s.book.Rows(s.sheet); err != nil {
		return nil, fmt.Errorf("%s: sheet %q cannot be read: %v", in.Name, s.sheet, err)
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
			return fmt.Errorf("%s: not an Excel workbook (.xlsx), which is a zip archive", name)
		}
		return fmt.Errorf("%s: not an Excel workbook (.xlsx): a corrupt or truncated zip archive (%v)", name, err)
	}
	defer z.Close()
	for _, f := range z.File {
		limit := f.CompressedSize64
		if f.Method != zip.Store {
			limit = maxDeflateRatio*f.CompressedSize64 + 1<<10
		}
		if f.UncompressedSize64 > limit {
			return fmt.Errorf("%s: corrupt Excel workbook: its part %q declares %d bytes, more than its %d compressed bytes can hold",
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
		return fmt.Errorf("%s: not an Excel workbook (.xlsx): a corrupt or truncated zip archive (%v)", name, zerr)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == "xl/workbook.xml" {
			return fmt.Errorf("%s: an Excel workbook that cannot be read (%v)", name, err)
		}
	}
	return fmt.Errorf("%s: a zip archive, not an Excel workbook (it has no xl/workbook.xml): unzip it", name)
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
		return "", nil, fmt.Errorf("%s: reading a workbook needs a temporary copy: %w", in.Name, err)
	}
	release = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	if _, err := io.Copy(tmp, in.R); err != nil {
		release()
		return "", nil, fmt.Errorf("%s: copying to a temporary file: %w", in.Name, err)
	}
	return tmp.Name(), release, nil
}

// markDates sets the number formats of the workbook's cell formats, in
// memory: xlsxDateFormat for dates, noNumFmt for the others (see the top
// of this file).
func markDates(book *excelize.File) error {
	st := book.Styles
	if st == nil || st.CellXfs == nil || len(st.CellXfs.Xf) == 0 {
		return nil // no cell formats: no date cells
	}
	n := len(st.CellXfs.Xf)
	isDate := make([]bool, n)
	for i, xf := range st.CellXfs.Xf {
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		isDate[i] = dateNumFmt(id)
		if st.NumFmts != nil {
			for _, nf := range st.NumFmts.NumFmt {
				if nf != nil && nf.NumFmtID == id {
					code := nf.FormatCode
					if nf.FormatCode16 != "" {
						code = nf.FormatCode16
					}
					isDate[i] = dateFormatCode(code)
					break
				}
			}
		}
	}
	code := xlsxDateFormat
	mark, err := book.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		return err
	}
	markID := *st.CellXfs.Xf[mark].NumFmtID
	none := noNumFmt
	for i := range n {
		if isDate[i] {
			st.CellXfs.Xf[i].NumFmtID = &markID
		} else {
			st.CellXfs.Xf[i].NumFmtID = &none
		}
	}
	return nil
}

// dateNumFmt reports a built-in number format that shows a date or time.
func dateNumFmt(id int) bool {
	return 14 <= id && id <= 22 || 27 <= id && id <= 36 || 45 <= id && id <= 47 ||
		50 <= id && id <= 58 || 71 <= id && id <= 81
}

// dateFormatCode reports a number format code that shows a date or time: a
// y, m, d, h or s outside quoted text, escaped characters (\x, and the
// padding and fill characters _x and *x) and brackets (colours, locales,
// conditions), or an elapsed time in brackets ([h], [mm], [ss]).
func dateFormatCode(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return false
			}
			if in := strings.ToLower(code[i+1 : i+1+j]); in != "" && strings.Trim(in, "hms") == "" {
				return true // [h]:mm:ss
			}
			i += j + 1
		case 'y', 'Y', 'm', 'M', 'd', 'D', 'h', 'H', 's', 'S':
			return true
		}
	}
	return false
}

func (s *xlsxSource) header() ([]string, bool) { return nil, false }
func (s *xlsxSource) line() int                { return s.row }
func (s *xlsxSource) describe() string         { return "Excel sheet " + strconv.Quote(s.sheet) }

// read returns the next row with a value, its fields padded to the first
// record's width.
func (s *xlsxSource) read() (f [][]byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("%s: %s row %d: corrupt Excel sheet (%v)", s.name, s.sheet, s.row, r)
		}
	}()
	for s.rows.Next() {
		s.row++
		cells, err := s.rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("%s: %s row %d: %v", s.name, s.sheet, s.row, err)
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
		return nil, fmt.Errorf("%s: sheet %q after row %d: %v", s.name, s.sheet, s.row, err)
	}
	return nil, io.EOF
}

// record makes the fields of a row's cells, noting in which columns date
// cells are.
func (s *xlsxSource) record(cells []string) [][]byte {
	header := !s.started && !s.noHeader
	if !s.started {
		s.started = true
		s.width = len(cells)
	}
	n := max(len(cells), s.width)
	if !header && len(s.dates) < n {
		s.dates = append(s.dates, make([]int64, n-len(s.dates))...)
		s.others = append(s.others, make([]int64, n-len(s.others))...)
		s.commas = append(s.commas, make([]bool, n-len(s.commas))...)
	}
	s.buf = s.buf[:0]
	ends := s.ends[:0]
	for j, c := range cells {
		if v, ok := strings.CutPrefix(c, xlsxDateMark); ok {
			c = v
			if !header {
				s.dates[j]++
			}
		} else if c != "" && !header {
			s.others[j]++
			if strings.IndexByte(c, ',') >= 0 {
				s.commas[j] = true
			}
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

// canonical reports a column whose text is in a canonical form (see
// canonicalSource): the date column when its values read so far were all
// date cells (ISO 8601, see record), a number column when none of its
// values had a comma.
func (s *xlsxSource) canonical(m *Mapping, role Role) bool {
	i := m.Index[role]
	if i < 0 {
		return false
	}
	switch role {
	case ColDate:
		return i < len(s.dates) && s.dates[i] > 0 && s.others[i] == 0
	case ColAmount, ColQuantity, ColPrice:
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
