// Package xlsxtest writes Excel workbooks (.xlsx) from CSV text, for the
// tests and benchmarks of lifecycle's Excel input: the same orders as a CSV
// fixture, typed as a spreadsheet types them.
//
// Each CSV field becomes one cell, typed from its text:
//
//   - a plain decimal ("12.5", "-3", "17850"; no leading zero but for "0"
//     and "0.x", at most 15 significant digits) becomes a number cell, as
//     Excel stores a number typed into it;
//   - an ISO 8601 date ("2021-03-13") or date and time ("2021-03-13
//     10:00:07", "2021-03-13T10:00", or in UTC "2021-03-13T10:00:07Z")
//     becomes a date cell: the Excel serial date of that wall-clock time
//     (1900 or 1904 date system; a cell has no zone, so that a UTC time is
//     the same instant only when read in UTC), with a date number format
//     ("yyyy-mm-dd" or "yyyy-mm-dd hh:mm:ss");
//   - an empty field leaves the cell out, as spreadsheets do;
//   - anything else is a text cell.
//
// A blank line of the CSV leaves its row out of the sheet, as Excel leaves
// out the rows that hold nothing; a record of empty fields is written as a
// row element without cells.
//
// Cells are written with excelize's StreamWriter, which writes text as
// inline strings (Excel itself writes a shared string table).
package xlsxtest

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sheet is one sheet to write: its name and its rows as CSV text.
type Sheet struct {
	Name string
	CSV  io.Reader
	// Skip leaves this many empty rows above the first CSV row; Title, when
	// set, is written alone in the first of them (a report's title row).
	Skip  int
	Title string
	// Text writes every field as a text cell, untyped (as exports made by
	// back-office software often are).
	Text bool
}

// Options are the workbook's settings.
type Options struct {
	// Date1904 sets the 1904 date system (serial 0 is 1904-01-01), the
	// default of old Mac Excel.
	Date1904 bool
}

var (
	number   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)
	isoDate  = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	isoTimes = []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02T15:04:05Z"}
)

// Cell returns the value a CSV field becomes (see the package comment):
// nil, a float64, a time.Time (UTC wall clock) with dateOnly, or the
// string.
func Cell(field string) (v any, dateOnly bool) {
	switch {
	case field == "":
		return nil, false
	case number.MatchString(field) && significant(field) <= 15:
		f, err := strconv.ParseFloat(field, 64)
		if err == nil {
			return f, false
		}
	case isoDate.MatchString(field):
		if t, err := time.Parse("2006-01-02", field); err == nil {
			return t, true
		}
	case len(field) >= 16 && isoDate.MatchString(field[:10]):
		for _, l := range isoTimes {
			if t, err := time.Parse(l, field); err == nil {
				return t, false
			}
		}
	}
	return field, false
}

// significant counts the significant digits of a plain decimal.
func significant(s string) int {
	s = strings.TrimLeft(strings.Replace(strings.TrimPrefix(s, "-"), ".", "", 1), "0")
	return len(s)
}

// Write writes a workbook of the sheets, in order, to w.
func Write(w io.Writer, sheets []Sheet, opt Options) error {
	f := excelize.NewFile()
	defer f.Close()
	if opt.Date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			return err
		}
	}
	dayCode, timeCode := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	dayStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dayCode})
	if err != nil {
		return err
	}
	timeStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &timeCode})
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.Name)
		if err != nil {
			return err
		}
		row := 1
		if s.Title != "" {
			if err := sw.SetRow("A1", []any{s.Title}); err != nil {
				return err
			}
		}
		row += s.Skip
		cr := csv.NewReader(s.CSV)
		cr.FieldsPerRecord = -1
		var cells []any
		next := 1 // the CSV line the next record starts on, if no blank line comes first
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("sheet %s: %w", s.Name, err)
			}
			first, _ := cr.FieldPos(0)
			last, _ := cr.FieldPos(len(rec) - 1)
			row += first - next // blank lines (which csv skips): rows left out
			next = last + 1
			cells = cells[:0]
			for _, field := range rec {
				if s.Text {
					if field == "" {
						cells = append(cells, nil)
					} else {
						cells = append(cells, field)
					}
					continue
				}
				v, dateOnly := Cell(field)
				switch t := v.(type) {
				case time.Time:
					style := timeStyle
					if dateOnly {
						style = dayStyle
					}
					v = excelize.Cell{StyleID: style, Value: t}
				}
				cells = append(cells, v)
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
			row++
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}
