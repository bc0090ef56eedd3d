package orders

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/internal/xlsxtest"
)

// A Shopify-like orders export: line items, order fields on each order's
// first row only, a refunded order, zone-less times, amounts with and
// without cents, a blank line and a guest order.
const xlsxOrdersCSV = `Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price
#1001,ann@example.com,paid,30,2024-01-03 10:15:07,1,Mug,12.5
#1001,ann@example.com,,,,2,Coaster,8.75
#1002,ben@example.com,paid,45.5,2024-01-10 09:00:00,1,Teapot,45.5

#1003,cat@example.com,refunded,15.00,2024-02-20 23:59:59,1,Tea,15
#1004,ann@example.com,paid,20.1,2024-03-01 00:00:00,1,Tea,20.1
#1005,,paid,7.25,2024-03-02 12:00:00,1,Cup,7.25
#1006,17850,paid,0.3,2024-03-03 08:30:00,3,Spoon,0.1
`

// workbook writes sheets of CSV text as a workbook with xlsxtest.
func workbook(t testing.TB, opt xlsxtest.Options, sheets ...xlsxtest.Sheet) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, xlsxtest.Write(&buf, sheets, opt))
	return buf.Bytes()
}

// sharedBook writes a sheet of CSV text with xlsxtest.WriteShared.
func sharedBook(t testing.TB, opt xlsxtest.Options, s xlsxtest.Sheet) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, xlsxtest.WriteShared(&buf, s, opt))
	return buf.Bytes()
}

// readXLSX reads a workbook held in memory.
func readXLSX(xlsx []byte, sheet string, opt Options) (*Histories, error) {
	return Read([]Input{{Name: "orders.xlsx", R: bytes.NewReader(xlsx), Sheet: sheet}}, opt)
}

// sameAsCSV reads csvText and the workbook and checks that they give the
// same histories and the same accounting of rows.
// above is the number of rows above the header in the workbook, blank
// of them empty ones, which the CSV does not have.
func sameAsCSV(t *testing.T, csvText string, xlsx []byte, sheet string, above, blank int, opt Options) *Histories {
	t.Helper()
	hc, err := Read([]Input{{Name: "orders.csv", R: strings.NewReader(csvText)}}, opt)
	require.NoError(t, err)
	hx, err := readXLSX(xlsx, sheet, opt)
	require.NoError(t, err)
	assert.Equal(t, hc.Customers, hx.Customers)
	sc, sx := hc.Stats, hx.Stats
	require.Len(t, sx.Files, 1)
	assert.Equal(t, sc.Files[0].Rows, sx.Files[0].Rows)
	assert.Equal(t, sc.Files[0].Columns, sx.Files[0].Columns)
	sc.Files, sx.Files = nil, nil
	sx.BlankLines -= int64(blank)
	for _, e := range sx.Examples {
		e.File, e.Sheet, e.Line = "orders.csv", "", e.Line-above
	}
	assert.Equal(t, sc, sx)
	return hx
}

func TestXLSXMatchesCSV(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	sheet := func(name, text string) xlsxtest.Sheet {
		return xlsxtest.Sheet{Name: name, CSV: strings.NewReader(text)}
	}
	other := "Refund id,Amount\nr1,5\n"
	cases := []struct {
		name  string
		csv   string
		book  func() []byte
		sheet string
		opt   Options
		above int // rows above the header
		blank int // of which empty
	}{
		{"typed cells", xlsxOrdersCSV, func() []byte { return workbook(t, xlsxtest.Options{}, sheet("Orders", xlsxOrdersCSV)) }, "", Options{}, 0, 0},
		{"typed cells in --tz", xlsxOrdersCSV, func() []byte { return workbook(t, xlsxtest.Options{}, sheet("Orders", xlsxOrdersCSV)) }, "", Options{Location: ny}, 0, 0},
		{"1904 date system", xlsxOrdersCSV, func() []byte { return workbook(t, xlsxtest.Options{Date1904: true}, sheet("Orders", xlsxOrdersCSV)) }, "", Options{}, 0, 0},
		{"shared strings, as Excel writes", xlsxOrdersCSV, func() []byte { return sharedBook(t, xlsxtest.Options{}, sheet("Orders", xlsxOrdersCSV)) }, "", Options{}, 0, 0},
		{"shared strings, 1904", xlsxOrdersCSV, func() []byte { return sharedBook(t, xlsxtest.Options{Date1904: true}, sheet("Orders", xlsxOrdersCSV)) }, "", Options{}, 0, 0},
		{"text cells", xlsxOrdersCSV, func() []byte {
			s := sheet("Orders", xlsxOrdersCSV)
			s.Text = true
			return workbook(t, xlsxtest.Options{}, s)
		}, "", Options{}, 0, 0},
		{"second sheet by name", xlsxOrdersCSV, func() []byte {
			return workbook(t, xlsxtest.Options{}, sheet("Refunds", other), sheet("Orders", xlsxOrdersCSV))
		}, "orders", Options{}, 0, 0},
		{"first sheet by default", xlsxOrdersCSV, func() []byte {
			return workbook(t, xlsxtest.Options{}, sheet("Orders", xlsxOrdersCSV), sheet("Refunds", other))
		}, "", Options{}, 0, 0},
		{"a title and empty rows above the header", xlsxOrdersCSV, func() []byte {
			s := sheet("Orders", xlsxOrdersCSV)
			s.Title, s.Skip = "Orders, January to March 2024", 3
			return workbook(t, xlsxtest.Options{}, s)
		}, "", Options{}, 3, 2},
		{"days", "customer,date,amount\na,2024-01-02,10\nb,2024-01-03,3.5\na,2024-02-01,1.25\n", func() []byte {
			return workbook(t, xlsxtest.Options{}, sheet("S", "customer,date,amount\na,2024-01-02,10\nb,2024-01-03,3.5\na,2024-02-01,1.25\n"))
		}, "", Options{}, 0, 0},
		{"Unix seconds in number cells", "customer,date,amount\na,1704067200,10\nb,1704153600,3.5\n", func() []byte {
			return workbook(t, xlsxtest.Options{}, sheet("S", "customer,date,amount\na,1704067200,10\nb,1704153600,3.5\n"))
		}, "", Options{}, 0, 0},
		{"yyyymmdd in number cells", "customer,date,amount\na,20240102,10\nb,20240103,3.5\n", func() []byte {
			return workbook(t, xlsxtest.Options{}, sheet("S", "customer,date,amount\na,20240102,10\nb,20240103,3.5\n"))
		}, "", Options{}, 0, 0},
		{"date cells whatever --date-format says", xlsxOrdersCSV, func() []byte { return workbook(t, xlsxtest.Options{}, sheet("Orders", xlsxOrdersCSV)) }, "",
			Options{DateFormat: "%Y-%m-%d %H:%M:%S"}, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.opt.MaxBad = 0.5
			h := sameAsCSV(t, c.csv, c.book(), c.sheet, c.above, c.blank, c.opt)
			require.NotEmpty(t, h.Customers)
		})
	}
}

// TestXLSXOrders checks what the typed workbook of xlsxOrdersCSV reads as,
// against the CSV's text: exact cents, seconds and blank rows.
func TestXLSXOrders(t *testing.T) {
	h, err := readXLSX(workbook(t, xlsxtest.Options{}, xlsxtest.Sheet{Name: "Orders", CSV: strings.NewReader(xlsxOrdersCSV)}), "", Options{MaxBad: 0.5})
	require.NoError(t, err)
	c := byID(h)
	require.Contains(t, c, "ann@example.com")
	ann := c["ann@example.com"].Purchases
	require.Len(t, ann, 2)
	assert.Equal(t, int32(time.Date(2024, 1, 3, 10, 15, 7, 0, time.UTC).Unix()/86400), ann[0].Day)
	assert.Equal(t, amt("30.00"), ann[0].Amount)
	assert.Equal(t, amt("20.10"), ann[1].Amount)
	require.Contains(t, c, "17850")
	assert.Equal(t, amt("0.30"), c["17850"].Purchases[0].Amount)
	assert.Equal(t, int64(1), h.Stats.BlankLines)
	assert.Equal(t, int64(1), h.Stats.Skipped[NoCustomer])
	assert.Equal(t, amt("118.15"), h.Stats.Total)
}

// book is a workbook written by hand, part by part, as Excel writes one:
// shared strings, cell formats with built-in and custom number formats,
// and cell values as the text Excel stores.
type book struct {
	sheets   []string // the XML of each sheet's sheetData rows
	names    []string
	strings  []string
	date1904 bool
}

// The cell formats of every book: 0 General, 1 built-in 14 (m/d/yyyy),
// 2 a custom Chinese date format, 3 a currency, 4 built-in 22
// (m/d/yy h:mm), 5 a custom elapsed time, 6 built-in 4 (#,##0.00).
const bookStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="#,##0.00\ [$€-1]"/><numFmt numFmtId="166" formatCode="[h]:mm:ss"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>`

func (b book) bytes(t testing.TB) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	put := func(name, text string) {
		w, err := z.Create(name)
		require.NoError(t, err)
		_, err = w.Write([]byte(text))
		require.NoError(t, err)
	}
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	var types, sheets, rels strings.Builder
	for i, name := range b.names {
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	n := len(b.names)
	put("[Content_Types].xml", head+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		types.String()+`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	put("_rels/.rels", head+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	pr := ""
	if b.date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	put("xl/workbook.xml", head+`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+pr+`<sheets>`+sheets.String()+`</sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", head+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+rels.String()+
		fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, n+1, n+2)+
		`</Relationships>`)
	put("xl/styles.xml", bookStyles)
	var sst strings.Builder
	for _, s := range b.strings {
		fmt.Fprintf(&sst, "<si><t>%s</t></si>", s)
	}
	put("xl/sharedStrings.xml", head+fmt.Sprintf(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(b.strings), len(b.strings))+sst.String()+`</sst>`)
	for i, rows := range b.sheets {
		put(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), head+`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+rows+`</sheetData></worksheet>`)
	}
	require.NoError(t, z.Close())
	return buf.Bytes()
}

// excelBook is a sheet as Excel writes it: shared strings for the header
// and the customers, numbers as Excel stores them (a sum with float noise,
// a currency), date cells of several formats.
func excelBook(rows string) book {
	return book{
		names:   []string{"Orders", "Notes"},
		strings: []string{"customer", "date", "amount", "ann", "ben", "cat", "2024/03/15 10:00", "soon", "note"},
		sheets: []string{
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>8</v></c></row>` + rows,
			`<row r="1"><c r="A1" t="inlineStr"><is><t>nothing here</t></is></c></row>`,
		},
	}
}

// The rows of excelBook: ann 2024-03-15 10:15:00 (m/d/yyyy, the time kept)
// 13.75 written with float noise; ben 2024-03-16 (a Chinese date format)
// 12.50 as a currency; cat 2024-03-17 23:59:59 (m/d/yy h:mm) 1,234.56
// (#,##0.00) with an error cell in a column not read, then a row left
// empty.
const excelRows = `<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>45366.427083333336</v></c><c r="C2"><v>13.750000000000002</v></c></row>` +
	`<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" s="2"><v>45367</v></c><c r="C3" s="3"><v>12.5</v></c></row>` +
	`<row r="4"><c r="A4" t="s"><v>5</v></c><c r="B4" s="4"><v>45368.999988425923</v></c><c r="C4" s="6"><v>1234.56</v></c><c r="D4" t="e"><v>#N/A</v></c></row>` +
	`<row r="5"/>`

func TestXLSXExcelCells(t *testing.T) {
	h, err := readXLSX(excelBook(excelRows).bytes(t), "", Options{})
	require.NoError(t, err)
	c := byID(h)
	require.Len(t, c, 3)
	// Orders keep their day (their instant orders them, TestSerialDates
	// checks it to the second): 23:59:59 must not round into the next day.
	at := func(y int, m time.Month, d, hh, mm, ss int) int32 {
		return int32(time.Date(y, m, d, hh, mm, ss, 0, time.UTC).Unix() / 86400)
	}
	assert.Equal(t, at(2024, 3, 15, 10, 15, 0), c["ann"].Purchases[0].Day)
	assert.Equal(t, amt("13.75"), c["ann"].Purchases[0].Amount)
	assert.Equal(t, at(2024, 3, 16, 0, 0, 0), c["ben"].Purchases[0].Day)
	assert.Equal(t, amt("12.50"), c["ben"].Purchases[0].Amount)
	assert.Equal(t, at(2024, 3, 17, 23, 59, 59), c["cat"].Purchases[0].Day)
	assert.Equal(t, amt("1234.56"), c["cat"].Purchases[0].Amount)
	assert.Equal(t, int64(1), h.Stats.BlankLines)
	assert.Equal(t, `Excel sheet "Orders"`, h.Stats.Files[0].Delimiter)
	assert.Equal(t, "ISO 8601", h.Stats.Files[0].DateLayout)

	// The 1904 date system: the same serials are 1462 days later.
	b := excelBook(excelRows)
	b.date1904 = true
	h, err = readXLSX(b.bytes(t), "", Options{})
	require.NoError(t, err)
	assert.Equal(t, at(2028, 3, 16, 10, 15, 0), byID(h)["ann"].Purchases[0].Day)
}

func TestXLSXErrors(t *testing.T) {
	// A text cell in a column of date cells: the cell is named.
	bad := excelRows + `<row r="6"><c r="A6" t="s"><v>3</v></c><c r="B6" t="s"><v>7</v></c><c r="C6"><v>1</v></c></row>`
	_, err := readXLSX(excelBook(bad).bytes(t), "", Options{Strict: true})
	require.Error(t, err)
	assert.Equal(t, `orders.xlsx:Orders!B6: date "soon": not a date in layout ISO 8601`, err.Error())
	h, err := readXLSX(excelBook(bad).bytes(t), "", Options{MaxBad: 0.5})
	require.NoError(t, err)
	assert.Equal(t, int64(1), h.Stats.Skipped[BadDate])
	assert.Equal(t, amt("1"), h.Stats.SkippedValue)

	// A sheet named with a space is quoted, as in Excel's references.
	b := excelBook(bad)
	b.names[0] = "May orders"
	_, err = readXLSX(b.bytes(t), "", Options{Strict: true})
	require.Error(t, err)
	assert.Equal(t, `orders.xlsx:'May orders'!B6: date "soon": not a date in layout ISO 8601`, err.Error())

	_, err = readXLSX(excelBook(excelRows).bytes(t), "Refunds", Options{})
	var se *SheetError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, `orders.xlsx: no sheet "Refunds" in this workbook; its sheets are "Orders", "Notes"`, err.Error())

	// A zip archive that is no workbook, a truncated workbook.
	var zbuf bytes.Buffer
	z := zip.NewWriter(&zbuf)
	w, err := z.Create("orders.csv")
	require.NoError(t, err)
	w.Write([]byte(xlsxOrdersCSV))
	require.NoError(t, z.Close())
	_, err = readXLSX(zbuf.Bytes(), "", Options{})
	require.Error(t, err)
	assert.Equal(t, "orders.xlsx: a zip archive, not an Excel workbook (it has no xl/workbook.xml): unzip it", err.Error())
	// A part declaring more bytes than its data can inflate to (excelize
	// would allocate them all at once).
	zbuf.Reset()
	z = zip.NewWriter(&zbuf)
	w, err = z.CreateRaw(&zip.FileHeader{Name: "xl/styles.xml", Method: zip.Deflate, CompressedSize64: 4, UncompressedSize64: 12 << 30})
	require.NoError(t, err)
	w.Write([]byte{3, 0, 0, 0})
	require.NoError(t, z.Close())
	_, err = readXLSX(zbuf.Bytes(), "", Options{})
	require.Error(t, err)
	assert.Equal(t, `orders.xlsx: corrupt Excel workbook: its part "xl/styles.xml" declares 12884901888 bytes, more than its 4 compressed bytes can hold`, err.Error())

	whole := excelBook(excelRows).bytes(t)
	_, err = readXLSX(whole[:len(whole)/2], "", Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "orders.xlsx: not an Excel workbook (.xlsx): a corrupt or truncated zip archive")
}

// TestXLSXMixedDates reads a date column of date cells and text: the text
// decides the layout (detected from all the values, the date cells' as ISO
// 8601), as in a CSV.
func TestXLSXMixedDates(t *testing.T) {
	rows := excelRows + `<row r="6"><c r="A6" t="s"><v>3</v></c><c r="B6" t="s"><v>6</v></c><c r="C6"><v>1</v></c></row>`
	h, err := readXLSX(excelBook(rows).bytes(t), "", Options{MaxBad: 0.5})
	require.NoError(t, err)
	assert.Equal(t, "ISO 8601", h.Stats.Files[0].DateLayout)
	assert.Equal(t, int64(1), h.Stats.Skipped[BadDate]) // "2024/03/15 10:00" is not ISO 8601
}

func TestXLSXDecimalComma(t *testing.T) {
	// Number cells are read as numbers under --decimal-comma; text cells
	// written with a decimal comma as such.
	h, err := readXLSX(excelBook(excelRows).bytes(t), "", Options{DecimalComma: true})
	require.NoError(t, err)
	assert.Equal(t, amt("12.50"), byID(h)["ben"].Purchases[0].Amount)
	text := "customer,date,amount\na,2024-01-02,\"12,50\"\nb,2024-01-03,\"1.234,5\"\n"
	h, err = readXLSX(workbook(t, xlsxtest.Options{}, xlsxtest.Sheet{Name: "S", CSV: strings.NewReader(text)}), "", Options{DecimalComma: true})
	require.NoError(t, err)
	assert.Equal(t, amt("12.50"), byID(h)["a"].Purchases[0].Amount)
	assert.Equal(t, amt("1234.50"), byID(h)["b"].Purchases[0].Amount)
}

func TestXLSXFromFile(t *testing.T) {
	// A regular file is read where it is; a named pipe or standard input
	// through a temporary copy (see TestXLSXMatchesCSV).
	dir := t.TempDir()
	path := filepath.Join(dir, "export")
	require.NoError(t, os.WriteFile(path, excelBook(excelRows).bytes(t), 0o644))
	in, c, err := OpenInput(path, nil, InputOptions{})
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, "xlsx", in.Format)
	h, err := Read([]Input{in}, Options{})
	require.NoError(t, err)
	assert.Len(t, h.Customers, 3)

	// Compressed, whatever the name: decompressed into a temporary copy.
	path = filepath.Join(dir, "export.gz")
	require.NoError(t, os.WriteFile(path, gzipped(t, excelBook(excelRows).bytes(t)), 0o644))
	in, c, err = OpenInput(path, nil, InputOptions{})
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, "xlsx", in.Format)
	h, err = Read([]Input{in}, Options{})
	require.NoError(t, err)
	assert.Len(t, h.Customers, 3)
}

// FuzzXLSX reads arbitrary bytes as a workbook: errors are fine, panics
// are not, and whatever reads must account for its rows.
func FuzzXLSX(f *testing.F) {
	f.Add(excelBook(excelRows).bytes(f))
	f.Add(workbook(f, xlsxtest.Options{Date1904: true}, xlsxtest.Sheet{Name: "Orders", CSV: strings.NewReader(xlsxOrdersCSV)}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := readXLSX(b, "", Options{MaxBad: 1})
		if err != nil {
			return
		}
		st := &h.Stats
		var orders int64
		for _, c := range h.Customers {
			orders += int64(len(c.Purchases) + len(c.Returns))
		}
		if orders > st.Rows {
			t.Fatalf("%d orders from %d rows", orders, st.Rows)
		}
	})
}

// FuzzXLSXSheet reads arbitrary sheet XML in a well-formed workbook (whose
// zip checksums would stop most mutations of FuzzXLSX's bytes before the
// sheet is read): cell references, types, styles and values of any kind.
func FuzzXLSXSheet(f *testing.F) {
	f.Add(excelRows, false)
	f.Add(`<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="5"><v>-1</v></c><c r="C2" t="b"><v>1</v></c></row><row r="1048576"><c r="XFD1048576" s="2"><v>1e308</v></c></row>`, true)
	f.Add(`<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2" t="d"><v>2024-03-15T10:00:00Z</v></c><c r="C2" t="str"><f>1+1</f><v>2</v></c></row>`, false)
	f.Fuzz(func(t *testing.T, rows string, date1904 bool) {
		b := excelBook(rows)
		b.date1904 = date1904
		h, err := readXLSX(b.bytes(t), "", Options{MaxBad: 1})
		if err != nil {
			return
		}
		if n := int64(len(h.Customers)); n > h.Stats.Rows {
			t.Fatalf("%d customers from %d rows", n, h.Stats.Rows)
		}
	})
}

// TestSerialDates checks Excel serial dates against the days Excel shows
// for them (its documentation: 1 is 1900-01-01, 45292 is 2024-01-01, and
// 60 the 1900-02-29 Excel counts; in the 1904 date system 0 is 1904-01-01).
func TestSerialDates(t *testing.T) {
	for _, c := range []struct {
		v        string
		date1904 bool
		want     string // "" for no date
	}{
		{"1", false, "1900-01-01T00:00:00"},
		{"59", false, "1900-02-28T00:00:00"},
		{"60", false, "1900-02-29"},
		{"61", false, "1900-03-01T00:00:00"},
		{"45292", false, "2024-01-01T00:00:00"},
		{"45292.5", false, "2024-01-01T12:00:00"},
		{"45366.427083333336", false, "2024-03-15T10:15:00"},
		{"45366.4270833333", false, "2024-03-15T10:15:00"}, // 15 digits
		{"45366.99999999", false, "2024-03-16T00:00:00"},   // to the nearest second
		{"45367.000005787", false, "2024-03-16T00:00:00"},  // half a second
		{"2958465.9999884", false, "9999-12-31T23:59:59"},  // the last second
		{"0", true, "1904-01-01T00:00:00"},
		{"43830", true, "2024-01-01T00:00:00"}, // 45292 - 1462
		{"2958466", false, ""}, {"-1", false, ""}, {"N/A", false, ""}, {"20240102", false, ""},
	} {
		s := &xlsxSource{date1904: c.date1904}
		ok := s.appendSerialDate(c.v)
		assert.Equal(t, c.want != "", ok, c.v)
		assert.Equal(t, c.want, string(s.buf), c.v)
	}
}
