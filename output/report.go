package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"lifecycle/money"
	"lifecycle/output/words"
)

// A Report is a one-screen summary (used by `lifecycle summary`): a title and
// titled sections of label/value pairs, each section possibly holding a small
// Table (e.g. new customers per month).
//
// The formats of a report:
//
//   - table: the title underlined, then each section: its title, its items
//     as an aligned two-column block (labels left, values right-aligned,
//     notes after the value), then its table drawn with tablewriter, indented.
//   - csv, tsv: a long format with the header "section,key,value": one line
//     per item (section key, item key, value), then one line per cell of the
//     section's table. A table cell's key is "<column>[<row>]" where <row> is
//     the row's value in the first column when those values are all present
//     and distinct (the first column is then not repeated:
//     "customers[2021-03-01]"), and the 1-based row number otherwise, with
//     every column listed ("month[1]", "customers[1]"). Values are written as
//     in a Table's CSV (ISO dates, fractions for percents, exact money).
//   - json: one object, {"<section key>": {"<item key>": value, ...,
//     "<table key>": [{row}, ...]}, ...}, keys in the order given, indented;
//     with Meta, that object is the member Key of {"meta": Meta, Key: ...}.
//   - jsonl: the same object on one line, without Meta.
//   - parquet: the long format of csv, with Meta as key-value metadata.
//
// Report.Title, section titles, item labels and notes appear in the table
// format only.
type Report struct {
	Title    string
	Sections []Section
	// Meta, when set, is the provenance of the report (see meta.go), and
	// Key the member that holds the report beside it in JSON ("report"
	// when empty).
	Meta *Object
	Key  string
	// Currency, when set, is the currency of the Money items and table
	// columns, named in their terminal labels and headings (see
	// Table.Currency).
	Currency string
	// Word, when set, is the catalogue key of the terminal's title (with
	// WordArgs), instead of Title; NoUnderline writes the title without
	// its line of "=" (unless Screen.Verbose).
	Word        words.Key
	WordArgs    []any
	NoUnderline bool
	// Screen fits the terminal view to a person's terminal; machine
	// formats ignore it.
	Screen Screen
}

// Section is a titled group of items in a Report, with an optional table.
type Section struct {
	// Key is the snake_case name of the section in CSV and JSON.
	Key string
	// Title heads the section on the terminal; "" means Key.
	Title string
	// Items are the section's label/value pairs, in display order.
	Items []Item
	// Table is an optional small table shown after the items.
	Table *Table
	// TableKey is the JSON key of Table in the section object; "" means "rows".
	TableKey string
	// Layout is how the terminal shows the section (List unless given);
	// Last puts it after the others, and Close without a blank line before
	// it. Machine formats ignore them.
	Layout Layout
	Last   bool
	Close  bool
}

// Layout is how a report's section appears on the terminal.
type Layout int

const (
	// List: the title, then an item a line (label, value, note), then
	// the table with borders.
	List Layout = iota
	// Pairs: no title; two items a line (no notes); the table without
	// borders.
	Pairs
	// Inline: "Title: label value; label value", only the items that are
	// not zero (or Always shown), wrapped to the width; the table across
	// the lines ("2024-01 84  2024-02 80 ...").
	Inline
	// Hidden: not on the terminal (but with Screen.Verbose).
	Hidden
)

// Item is one label/value pair of a Section.
// Worded is a value of an Item that a terminal shows in the reader's
// language (In); its String, in English, is what every other format
// writes.
type Worded interface {
	fmt.Stringer
	In(lang words.Lang) string
}

type Item struct {
	// Key is the snake_case name of the item in CSV and JSON.
	Key string
	// Label is shown on the terminal; "" means Key.
	Label string
	// Value is the value, a Go type accepted by Kind (nil means missing).
	Value any
	// Kind says how Value is written. The zero Kind (String) with a Value
	// that is not a string or fmt.Stringer means: take the kind from the Go
	// type (money.Amount -> Money, integers -> Int, floats -> Float, bool ->
	// Bool). Percent and Day must be given explicitly.
	Kind Kind
	// Decimals is as for Column.Decimals.
	Decimals int
	// Note is shown after the value on the terminal only, e.g.
	// "(2 or more purchases)".
	Note string
	// Word, when set, is the catalogue key of the label in another
	// language, formatted with WordArgs; "" means "item.<Key>" (see
	// ItemLabel).
	Word     words.Key
	WordArgs []any
	// Always shows the item in an Inline section even when it is zero;
	// Verbose shows it there only with Screen.Verbose. In an Inline
	// section, the items whose labels are indented follow the item above
	// in parentheses, and so does the value alone of an After item (such
	// as the value of the orders counted above) when that item is shown.
	Always, Verbose, After bool

	// currency, set on the copy a terminal writes, is named in a Money
	// item's label (see Report.Currency).
	currency string
}

// kind returns the effective kind of it (see Item.Kind).
func (it *Item) kind() Kind {
	if it.Kind != String || it.Value == nil {
		return it.Kind
	}
	switch v := it.Value.(type) {
	case money.Amount, *money.Amount:
		return Money
	case string, fmt.Stringer:
		return String
	case bool:
		return Bool
	case float64, float32, *float64:
		return Float
	default:
		if _, ok := asInt(v); ok {
			return Int
		}
		if _, ok := asFloat(v); ok {
			return Float
		}
	}
	return String // checkValue reports the mismatch
}

// label returns the terminal label of it.
func (it *Item) label() string {
	if it.Label != "" {
		return it.Label
	}
	return it.Key
}

// title returns the terminal title of s.
func (s *Section) title() string {
	if s.Title != "" {
		return s.Title
	}
	return s.Key
}

// tableKey returns the JSON key of s.Table.
func (s *Section) tableKey() string {
	if s.TableKey != "" {
		return s.TableKey
	}
	return "rows"
}

// validate checks keys (present, unique) and values, so that WriteReport
// fails before writing anything.
func (r *Report) validate() error {
	if r == nil {
		return errors.New("invalid report: nil")
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		if s.Key == "" {
			return fmt.Errorf("invalid report: section %d has no key", i+1)
		}
		for j := range i {
			if r.Sections[j].Key == s.Key {
				return fmt.Errorf("invalid report: duplicate section key %q", s.Key)
			}
		}
		for j := range s.Items {
			it := &s.Items[j]
			if it.Key == "" {
				return fmt.Errorf("invalid report: section %q: item %d has no key", s.Key, j+1)
			}
			if s.Table != nil && it.Key == s.tableKey() {
				return fmt.Errorf("invalid report: section %q: item key %q is also the table key", s.Key, it.Key)
			}
			for k := range j {
				if s.Items[k].Key == it.Key {
					return fmt.Errorf("invalid report: section %q: duplicate item key %q", s.Key, it.Key)
				}
			}
			if err := checkValue(it.kind(), it.Value); err != nil {
				return fmt.Errorf("invalid report: section %q, item %q: %w", s.Key, it.Key, err)
			}
		}
		if s.Table != nil {
			if s.Table.Row != nil {
				return fmt.Errorf("invalid report: section %q: a report's table gives Rows, not Row", s.Key)
			}
			if err := s.Table.validate(); err != nil {
				return fmt.Errorf("section %q: %w", s.Key, err)
			}
		}
	}
	return nil
}

// WriteReport renders r in format f to w (see Report for the layouts). It
// checks r first and writes nothing when r is invalid.
func WriteReport(w io.Writer, f Format, r *Report) error {
	if err := r.validate(); err != nil {
		return err
	}
	var err error
	switch f {
	case TableFormat:
		err = writeReportTerminal(w, r)
	case CSV:
		err = writeReportDelimited(w, r, ',')
	case TSV:
		err = writeReportDelimited(w, r, '\t')
	case JSON:
		err = writeReportJSON(w, r, true)
	case JSONL:
		err = writeReportJSON(w, r, false)
	case Parquet:
		err = writeReportParquet(w, r)
	case XLSX:
		err = writeReportXLSX(w, r)
	default:
		return fmt.Errorf("%w: %v", ErrUnknownFormat, f)
	}
	if err != nil {
		return fmt.Errorf("write report %v: %w", f, err)
	}
	return nil
}

// reportIndent indents items and tables under their section title.
const reportIndent = "  "

// screenWidth is the width a report lays its pairs and inline sections
// out in when its Screen gives none (a file, a pipe): a terminal's usual.
const screenWidth = 80

// writeReportTerminal writes the human-readable screen of r: its sections
// as their Layout says (all as lists with Screen.Verbose), those marked
// Last after the others.
func writeReportTerminal(w io.Writer, r *Report) error {
	if r.Currency != "" {
		r = withCurrency(r)
	}
	lang, verbose := r.Screen.Lang, r.Screen.Verbose
	width := r.Screen.Width
	// One label column and one value column for the lists of the report.
	labelW, valueW := 0, 0
	values := make([][]string, len(r.Sections))
	for i := range r.Sections {
		s := &r.Sections[i]
		values[i] = make([]string, len(s.Items))
		for j := range s.Items {
			it := &s.Items[j]
			values[i][j] = display(it.kind(), it.Decimals, it.Value)
			if it.kind() == Bool && it.Value != nil && lang != words.English {
				values[i][j] = lang.Get(words.Key("table." + values[i][j]))
			}
			if v, ok := it.Value.(Worded); ok && lang != words.English {
				values[i][j] = v.In(lang)
			}
			if verbose || s.Layout == List {
				labelW = max(labelW, twwidth.Width(sanitize(ItemLabel(it, lang))))
				valueW = max(valueW, twwidth.Width(values[i][j]))
			}
		}
	}
	var order []int // the sections in the order shown
	for _, last := range []bool{false, true} {
		for i := range r.Sections {
			if verbose && !last || !verbose && r.Sections[i].Last == last {
				order = append(order, i)
			}
		}
	}

	pw := pairWidthsOf(r, values, lang, -1)
	bw := bufio.NewWriter(w)
	title := sanitize(r.Title)
	if r.Word != "" {
		title = lang.Get(r.Word, r.WordArgs...)
	}
	if title != "" {
		if !r.NoUnderline || verbose {
			bw.WriteString(title)
			bw.WriteByte('\n')
			bw.WriteString(strings.Repeat("=", twwidth.Width(title)))
			bw.WriteByte('\n')
		} else {
			writeLines(bw, title, width, reportIndent)
		}
	}
	gap := title != ""
	for _, i := range order {
		s := &r.Sections[i]
		layout := s.Layout
		if verbose {
			layout = List
		}
		if layout == Hidden {
			continue
		}
		if gap && (!s.Close || verbose) {
			bw.WriteByte('\n')
		}
		gap = true
		heading := sanitize(SectionTitle(s, lang))
		switch layout {
		case Pairs:
			if pw.width() > max(width, screenWidth) {
				// Too wide together: each section its own columns.
				writePairs(bw, s, values[i], lang, width, pairWidthsOf(r, values, lang, i))
			} else {
				writePairs(bw, s, values[i], lang, width, pw)
			}
		case Inline:
			writeInline(bw, heading, s, values[i], lang, width)
		default:
			bw.WriteString(heading)
			bw.WriteByte('\n')
			for j := range s.Items {
				it := &s.Items[j]
				label, value := sanitize(ItemLabel(it, lang)), values[i][j]
				line := reportIndent + label + strings.Repeat(" ", labelW-twwidth.Width(label)+2+valueW-twwidth.Width(value)) + value
				if it.Note != "" {
					note := sanitize(ItemNote(it, lang))
					if width > 0 && twwidth.Width(line)+2+twwidth.Width(note) > width {
						bw.WriteString(line)
						bw.WriteByte('\n')
						line = reportIndent + reportIndent + note
					} else {
						line += "  " + note
					}
				}
				bw.WriteString(line)
				bw.WriteByte('\n')
			}
		}
		if s.Table != nil {
			s.Table.Screen = r.Screen
			var err error
			switch {
			case layout == Inline:
				writeAcross(bw, heading, s.Table, lang, width)
			case layout == Pairs:
				err = writePlain(bw, s.Table, lang)
			default:
				err = writeTerminal(bw, s.Table, reportIndent, 0)
			}
			if err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// writePairs writes the items of s two a line, in two aligned columns,
// without their notes.
func writePairs(bw *bufio.Writer, s *Section, values []string, lang words.Lang, width int, pw pairWidths) {
	labelW, valueW := pw.label, pw.value
	if width <= 0 {
		width = screenWidth
	}
	// Two a line when they fit in the width, else one.
	per := 2
	if pw.width() > width {
		per = 1
		labelW[0], valueW[0] = max(labelW[0], labelW[1]), max(valueW[0], valueW[1])
		labelW[1], valueW[1] = labelW[0], valueW[0]
	}
	var line strings.Builder
	for j := range s.Items {
		c := j % per
		if c == 0 {
			line.WriteString(reportIndent)
		} else {
			line.WriteString("    ")
		}
		label := sanitize(ItemLabel(&s.Items[j], lang))
		line.WriteString(label)
		line.WriteString(strings.Repeat(" ", labelW[c]-twwidth.Width(label)+2+valueW[c]-twwidth.Width(values[j])))
		line.WriteString(values[j])
		if c == per-1 || j == len(s.Items)-1 {
			bw.WriteString(strings.TrimRight(line.String(), " "))
			bw.WriteByte('\n')
			line.Reset()
		}
	}
}

// pairWidths are the widths of the label and value columns of the
// sections laid out in pairs, shared by them all so that they align.
type pairWidths struct{ label, value [2]int }

// width is the width of a line of two items.
func (pw pairWidths) width() int {
	return len(reportIndent) + pw.label[0] + 2 + pw.value[0] + 4 + pw.label[1] + 2 + pw.value[1]
}

func pairWidthsOf(r *Report, values [][]string, lang words.Lang, only int) pairWidths {
	var pw pairWidths
	for i := range r.Sections {
		s := &r.Sections[i]
		if s.Layout != Pairs || only >= 0 && i != only {
			continue
		}
		for j := range s.Items {
			pw.label[j%2] = max(pw.label[j%2], twwidth.Width(sanitize(ItemLabel(&s.Items[j], lang))))
			pw.value[j%2] = max(pw.value[j%2], twwidth.Width(values[i][j]))
		}
	}
	return pw
}

// writeInline writes "heading: label value; label value" of the items of s
// whose value is not zero (or that are Always shown), wrapped to width.
func writeInline(bw *bufio.Writer, heading string, s *Section, values []string, lang words.Lang, width int) {
	if len(s.Items) == 0 {
		return
	}
	if width <= 0 {
		width = screenWidth
	}
	var parts []string
	sub := -1      // the part whose indented items follow in parentheses
	shown := false // whether the item above was shown
	for j := range s.Items {
		it := &s.Items[j]
		label := sanitize(ItemLabel(it, lang))
		indented := strings.HasPrefix(label, " ")
		prevIndented := j > 0 && strings.HasPrefix(s.Items[j-1].label(), " ")
		if !indented {
			if sub >= 0 && strings.HasSuffix(parts[sub], ",") {
				parts[sub] = strings.TrimSuffix(parts[sub], ",") + ")"
			}
			sub = -1
		}
		if it.Verbose || !it.Always && isZero(values[j]) {
			shown = false
			continue
		}
		if it.After && shown && !indented && !prevIndented {
			parts[len(parts)-1] += nbsp + "(" + values[j] + ")"
			shown = false
			continue
		}
		shown = true
		// A label and its value stay on one line: joined by a no-break
		// space while the text wraps.
		part := strings.ReplaceAll(strings.TrimSpace(label)+" "+values[j], " ", nbsp)
		switch {
		case indented && sub >= 0 && strings.HasSuffix(parts[sub], ","):
			parts[sub] += " " + part + ","
		case indented && sub >= 0:
			parts[sub] += " (" + part + ","
		default:
			parts = append(parts, part)
			sub = len(parts) - 1
		}
	}
	if sub >= 0 && strings.HasSuffix(parts[sub], ",") {
		parts[sub] = strings.TrimSuffix(parts[sub], ",") + ")"
	}
	if len(parts) == 0 {
		parts = []string{lang.Get("table.all_zero")}
	}
	// The parts wrap between them, never inside one that fits a line.
	sep := lang.Get("table.list_sep")
	line := heading + lang.Get("table.label_sep")
	fresh := true // nothing on the line yet but its start
	for i, p := range parts {
		p = strings.ReplaceAll(p, nbsp, " ")
		if i < len(parts)-1 {
			p += strings.TrimRight(sep, " ")
		}
		if !fresh && twwidth.Width(line)+twwidth.Width(p) > width {
			bw.WriteString(strings.TrimRight(line, " ") + "\n")
			line, fresh = reportIndent, true
		}
		line += p
		if i < len(parts)-1 {
			line += sep[len(strings.TrimRight(sep, " ")):]
		}
		fresh = false
	}
	writeLines(bw, strings.TrimRight(line, " "), width, reportIndent)
}

// nbsp is the no-break space.
const nbsp = "\u00a0"

// isZero reports whether a displayed value is zero or missing.
func isZero(v string) bool {
	if v == "-" || v == "" {
		return true
	}
	for _, c := range v {
		if c != '0' && c != '.' && c != ',' && c != '-' {
			return false
		}
	}
	return true
}

// writeAcross writes a table of two or three columns as "heading: first
// second" entries across the lines, wrapped to width; a true Bool third
// column marks an entry "*" (such as a month not yet over).
func writeAcross(bw *bufio.Writer, heading string, t *Table, lang words.Lang, width int) {
	if width <= 0 {
		width = screenWidth
	}
	var parts []string
	for _, row := range t.Rows {
		var cell []string
		mark := ""
		for j, v := range row {
			c := &t.Columns[j]
			if c.Kind == Bool {
				if b, _ := v.(bool); b {
					mark = "*"
				}
				continue
			}
			cell = append(cell, display(c.Kind, c.Decimals, v))
		}
		parts = append(parts, strings.Join(cell, " ")+mark)
	}
	// The entries in aligned columns: as many a line as the width holds.
	cw := 0
	for _, p := range parts {
		cw = max(cw, twwidth.Width(p))
	}
	bw.WriteString(heading)
	bw.WriteByte('\n')
	per := max(1, (width-len(reportIndent)+2)/(cw+2))
	var line strings.Builder
	for i, p := range parts {
		if i%per == 0 {
			line.WriteString(reportIndent)
		} else {
			line.WriteString("  ")
		}
		line.WriteString(p + strings.Repeat(" ", cw-twwidth.Width(p)))
		if i%per == per-1 || i == len(parts)-1 {
			bw.WriteString(strings.TrimRight(line.String(), " "))
			bw.WriteByte('\n')
			line.Reset()
		}
	}
}

// writePlain writes a small table without borders: its titles, then its
// rows, columns two spaces apart, numbers right-aligned.
func writePlain(bw *bufio.Writer, t *Table, lang words.Lang) error {
	rows := make([][]string, 0, len(t.Rows)+1)
	head := make([]string, len(t.Columns))
	for j := range t.Columns {
		head[j] = sanitize(headingOf(t, j, lang))
	}
	rows = append(rows, head)
	for _, row := range t.Rows {
		cells := make([]string, len(row))
		for j, v := range row {
			cells[j] = display(t.Columns[j].Kind, t.Columns[j].Decimals, v)
		}
		rows = append(rows, cells)
	}
	w := make([]int, len(t.Columns))
	for _, r := range rows {
		for j, c := range r {
			w[j] = max(w[j], twwidth.Width(c))
		}
	}
	for _, r := range rows {
		var line strings.Builder
		line.WriteString(reportIndent)
		for j, c := range r {
			pad := strings.Repeat(" ", w[j]-twwidth.Width(c))
			if j > 0 {
				line.WriteString("  ")
			}
			if t.Columns[j].Kind.numeric() {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		bw.WriteString(strings.TrimRight(line.String(), " "))
		bw.WriteByte('\n')
	}
	if t.Caption != "" {
		bw.WriteString(reportIndent + sanitize(t.Caption) + "\n")
	}
	return nil
}

// SectionTitle returns the terminal title of s in lang: the catalogue's
// "section.<Key>" when its English is s's title (see ColumnTitle).
func SectionTitle(s *Section, lang words.Lang) string {
	return inLang(words.Key("section."+s.Key), s.title(), lang)
}

// ItemLabel returns the terminal label of it in lang: the catalogue's
// it.Word, or "item.<Key>" when its English is it's label, leading spaces
// kept.
func ItemLabel(it *Item, lang words.Lang) string {
	label := it.label()
	trimmed := strings.TrimLeft(label, " ")
	indent := label[:len(label)-len(trimmed)]
	switch e, ok := words.Lookup(it.Word); {
	case it.Word != "" && len(it.WordArgs) > 0:
		if lang != words.English && ok {
			trimmed = lang.Get(it.Word, it.WordArgs...)
		}
	case it.Word != "":
		if ok {
			trimmed = inLang(it.Word, e.EN, lang) // the word given is the label
		}
	default:
		trimmed = inLang(words.Key("item."+it.Key), trimmed, lang)
	}
	label = indent + trimmed
	if it.kind() == Money {
		label = moneyTitle(label, it.currency)
	}
	return label
}

// withCurrency returns a copy of r whose items and tables name r's
// currency.
func withCurrency(r *Report) *Report {
	c := *r
	c.Sections = slices.Clone(r.Sections)
	for i := range c.Sections {
		s := &c.Sections[i]
		s.Items = slices.Clone(s.Items)
		for j := range s.Items {
			s.Items[j].currency = r.Currency
		}
		if s.Table != nil && s.Table.Currency == "" {
			t := *s.Table
			t.Currency = r.Currency
			s.Table = &t
		}
	}
	return &c
}

// ItemNote returns the note of it in lang: the catalogue's "note.<Key>"
// when its English is the note.
func ItemNote(it *Item, lang words.Lang) string {
	return inLang(words.Key("note."+it.Key), it.Note, lang)
}

// inLang returns the catalogue's text of key in lang when the catalogue's
// English of key is en, else en.
func inLang(key words.Key, en string, lang words.Lang) string {
	if lang == words.English {
		return en
	}
	if e, ok := words.Lookup(key); ok && e.EN == en {
		return e.ZH
	}
	return en
}

// writeReportDelimited writes r in the long "section,key,value" format.
func writeReportDelimited(w io.Writer, r *Report, sep byte) error {
	bw := bufio.NewWriterSize(w, bufSize)
	line := make([]byte, 0, 256)
	line = append(line, "section"...)
	line = append(line, sep)
	line = append(line, "key"...)
	line = append(line, sep)
	line = append(line, "value\n"...)
	for i := range r.Sections {
		s := &r.Sections[i]
		for j := range s.Items {
			it := &s.Items[j]
			line = appendLongLine(line, s.Key, it.Key, it.kind(), it.Decimals, it.Value, sep)
		}
		if s.Table != nil {
			line = appendFlatTable(line, s.Key, s.Table, sep)
		}
		if _, err := bw.Write(line); err != nil {
			return err
		}
		line = line[:0]
	}
	if _, err := bw.Write(line); err != nil {
		return err
	}
	return bw.Flush()
}

// appendLongLine appends one "section,key,value" record.
func appendLongLine(line []byte, section, key string, k Kind, dec int, v any, sep byte) []byte {
	line = appendField(line, section, sep)
	line = append(line, sep)
	line = appendField(line, key, sep)
	line = append(line, sep)
	line, _ = appendDelimitedCell(line, &Column{Kind: k, Decimals: dec}, v, sep) // checked
	return append(line, '\n')
}

// appendFlatTable appends the cells of t as long records (see Report).
func appendFlatTable(line []byte, section string, t *Table, sep byte) []byte {
	labels := rowLabels(t)
	first := 0
	if labels != nil {
		first = 1 // the first column is in the keys
	}
	var key []byte
	for i, row := range t.Rows {
		for j := first; j < len(t.Columns); j++ {
			c := &t.Columns[j]
			key = append(key[:0], c.Name...)
			key = append(key, '[')
			if labels != nil {
				key = append(key, labels[i]...)
			} else {
				key = strconv.AppendInt(key, int64(i+1), 10)
			}
			key = append(key, ']')
			line = appendLongLine(line, section, string(key), c.Kind, c.Decimals, row[j], sep)
		}
	}
	return line
}

// rowLabels returns the canonical text of each row's first value when they
// are all present and distinct, nil otherwise (or when t has one column).
func rowLabels(t *Table) []string {
	if len(t.Columns) < 2 {
		return nil
	}
	c := &t.Columns[0]
	labels := make([]string, len(t.Rows))
	seen := make(map[string]bool, len(t.Rows))
	for i, row := range t.Rows {
		var b []byte
		if c.Kind == String && row[0] != nil {
			b = []byte(stringOf(row[0]))
		} else {
			var cl class
			b, cl = appendCanonical(nil, c.Kind, c.Decimals, row[0])
			if cl == classNull {
				return nil
			}
		}
		s := string(b)
		if s == "" || seen[s] {
			return nil
		}
		seen[s] = true
		labels[i] = s
	}
	return labels
}

// writeReportJSON writes r as one JSON object, indented by two spaces when
// pretty, else on one line: a member per section, holding its items and its
// table as an array of row objects (each on one line).
func writeReportJSON(w io.Writer, r *Report, pretty bool) error {
	bw := bufio.NewWriterSize(w, bufSize)
	j := jsonOut{b: make([]byte, 0, 1024), pretty: pretty}
	wrapped := pretty && r.Meta != nil
	if wrapped {
		j.open('{')
		j.key("meta")
		if err := j.object(r.Meta); err != nil {
			return err
		}
		key := r.Key
		if key == "" {
			key = "report"
		}
		j.key(key)
	}
	j.open('{')
	for i := range r.Sections {
		s := &r.Sections[i]
		j.key(s.Key)
		j.open('{')
		for k := range s.Items {
			it := &s.Items[k]
			j.key(it.Key)
			j.b, _ = appendJSONValue(j.b, it.kind(), it.Decimals, it.Value) // checked
		}
		if s.Table != nil {
			j.key(s.tableKey())
			j.open('[')
			keys := jsonKeys(s.Table.Columns)
			for _, row := range s.Table.Rows {
				j.member()
				j.b, _ = appendJSONObject(j.b, s.Table.Columns, keys, row) // checked
			}
			j.close(']')
		}
		j.close('}')
		if _, err := bw.Write(j.b); err != nil {
			return err
		}
		j.b = j.b[:0]
	}
	j.close('}')
	if wrapped {
		j.close('}')
	}
	j.b = append(j.b, '\n')
	if _, err := bw.Write(j.b); err != nil {
		return err
	}
	return bw.Flush()
}
