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
// Write writes cells with excelize's StreamWriter, which writes text as
// inline strings; WriteShared writes a shared string table, as Excel does.
package xlsxtest

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"html"
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
		if s.Title != "" {
			if err := sw.SetRow("A1", []any{s.Title}); err != nil {
				return err
			}
		}
		var cells []any
		err = eachRecord(s, func(row int, rec []string) error {
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
			return sw.SetRow(cell, cells)
		})
		if err != nil {
			return err
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// WriteShared writes a workbook of one sheet as Excel itself writes one:
// text in a shared string table (each distinct text once, cells holding
// its index), numbers and serial dates as the values of cells, dates with
// a date number format. Cells are typed as by Write; the sheet's rows are
// streamed into the archive, the string table kept in memory until the
// end.
func WriteShared(w io.Writer, s Sheet, opt Options) error {
	z := zip.NewWriter(w)
	put := func(name, text string) error {
		pw, err := z.Create(name)
		if err == nil {
			_, err = io.WriteString(pw, text)
		}
		return err
	}
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	const main = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	pr := ""
	if opt.Date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	for _, p := range [][2]string{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook ` + main + ` xmlns:r="` + rel + `">` + pr + `<sheets><sheet name="` + html.EscapeString(s.Name) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="` + rel + `/styles" Target="styles.xml"/><Relationship Id="rId3" Type="` + rel + `/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		// Cell formats: 0 General, 1 yyyy-mm-dd, 2 yyyy-mm-dd hh:mm:ss.
		{"xl/styles.xml", `<styleSheet ` + main + `><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`},
	} {
		if err := put(p[0], head+p[1]); err != nil {
			return err
		}
	}
	sw, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(sw, 1<<16)
	bw.WriteString(head + `<worksheet ` + main + `><sheetData>`)
	index := map[string]int{}
	var texts []string
	text := func(v string) int {
		i, ok := index[v]
		if !ok {
			i = len(texts)
			index[v] = i
			texts = append(texts, v)
		}
		return i
	}
	if s.Title != "" {
		fmt.Fprintf(bw, `<row r="1"><c r="A1" t="s"><v>%d</v></c></row>`, text(s.Title))
	}
	err = eachRecord(s, func(row int, rec []string) error {
		fmt.Fprintf(bw, `<row r="%d">`, row)
		for j, field := range rec {
			ref, _ := excelize.CoordinatesToCellName(j+1, row)
			v, dateOnly := any(field), false
			if !s.Text {
				v, dateOnly = Cell(field)
			}
			switch v := v.(type) {
			case nil:
			case float64:
				fmt.Fprintf(bw, `<c r="%s"><v>%s</v></c>`, ref, strconv.FormatFloat(v, 'f', -1, 64))
			case time.Time:
				style := 2
				if dateOnly {
					style = 1
				}
				fmt.Fprintf(bw, `<c r="%s" s="%d"><v>%s</v></c>`, ref, style, strconv.FormatFloat(serial(v, opt.Date1904), 'f', -1, 64))
			case string:
				if v != "" {
					fmt.Fprintf(bw, `<c r="%s" t="s"><v>%d</v></c>`, ref, text(v))
				}
			}
		}
		bw.WriteString(`</row>`)
		return nil
	})
	if err != nil {
		return err
	}
	bw.WriteString(`</sheetData></worksheet>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	ss, err := z.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	bw = bufio.NewWriterSize(ss, 1<<16)
	fmt.Fprintf(bw, head+`<sst `+main+` count="%d" uniqueCount="%d">`, len(texts), len(texts))
	for _, t := range texts {
		bw.WriteString(`<si><t xml:space="preserve">`)
		xml.EscapeText(bw, []byte(t))
		bw.WriteString(`</t></si>`)
	}
	bw.WriteString(`</sst>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	return z.Close()
}

// serial returns the Excel serial date of a wall-clock time (after
// 1900-02-28 in the 1900 date system).
func serial(t time.Time, date1904 bool) float64 {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	d := t.Sub(epoch)
	days := d / (24 * time.Hour)
	return float64(days) + float64(d%(24*time.Hour))/float64(24*time.Hour)
}

// eachRecord calls fn with each record of s.CSV and the sheet row it goes
// on: from row 1 + s.Skip, a blank line of the CSV (which csv skips)
// leaving its row empty.
func eachRecord(s Sheet, fn func(row int, rec []string) error) error {
	cr := csv.NewReader(s.CSV)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	row := 1 + s.Skip
	next := 1 // the CSV line the next record starts on, if no blank line comes first
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("sheet %s: %w", s.Name, err)
		}
		first, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(rec) - 1)
		row += first - next
		next = last + 1
		if err := fn(row, rec); err != nil {
			return err
		}
		row++
	}
}
