package output

import (
	"html"
	"io"
	"strings"
)

// A Page is the HTML report of `lifecycle report`: one self-contained
// file (its styles inline, its charts inline SVG, no script, no font, no
// request beyond the file) of titled sections, each with a one-sentence
// reading, headline figures, charts and tables. It prints on A4 (print
// CSS) and reads on a phone (one column below 700 px).
//
// Every figure and table cell carries, as data-src, where the same number
// is found in a command's machine output (a test compares the two), and
// is written as the terminal table writes it (thousands grouped, percents
// with their decimals).
type Page struct {
	// Lang is the page's language code ("en", "zh").
	Lang     string
	Title    string
	Subtitle string
	Sections []PageSection
	// Footer is the last line: how the page was made.
	Footer string
}

// PageSection is one section of a Page.
type PageSection struct {
	// ID is the section's anchor ("cohorts").
	ID, Title string
	// Reading is the one sentence that says what the section shows.
	Reading string
	Figures []Figure
	Blocks  []Block
	// Notes are warnings and assumptions, shown as a list.
	Notes []string
}

// Figure is one headline number, with its change against a previous
// period.
type Figure struct {
	Label, Value string
	// Change is the change against the previous period ("+12.5%"), and
	// Previous the previous value ("" for none).
	Change, Previous string
	// Src says which command's machine output holds Value.
	Src string
}

// Block is a chart or a table of a section, with a heading.
type Block struct {
	Title string
	// SVG is an inline chart (an <svg> element).
	SVG []byte
	// Table is a table of figures, with Src naming the command whose
	// machine output it comes from (data-src).
	Table *Table
	// Titles head Table's columns (the Columns' Titles otherwise).
	Titles []string
	Src    string
	// Caption is under the block.
	Caption string
}

const pageCSS = `:root{--ink:#222;--grey:#666;--rule:#ddd;--accent:#1f77b4}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;color:var(--ink);background:#f6f6f4;line-height:1.45}
main{max-width:1080px;margin:0 auto;padding:24px}
header h1{margin:0 0 4px;font-size:26px}
header p{margin:0;color:var(--grey)}
nav{margin:12px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:14px}
nav a{color:var(--accent);text-decoration:none}
section{background:#fff;border:1px solid var(--rule);border-radius:6px;padding:18px 20px;margin:18px 0}
h2{margin:0 0 6px;font-size:20px}
h3{margin:18px 0 6px;font-size:15px}
.reading{margin:0 0 12px;font-size:16px}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px;margin:8px 0}
.figure{border:1px solid var(--rule);border-radius:5px;padding:10px 12px}
.figure .label{font-size:13px;color:var(--grey)}
.figure .value{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
.figure .change{font-size:13px;color:var(--grey)}
.chart{overflow-x:auto}
.chart svg{max-width:100%;height:auto;display:block}
.table{overflow-x:auto}
table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}
th,td{padding:4px 10px;border-bottom:1px solid var(--rule);text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
th{font-weight:600;background:#fafafa}
.caption{font-size:12px;color:var(--grey);margin:4px 0 0}
ul.notes{font-size:14px;color:#6a4b00;background:#fff8e1;border-radius:4px;padding:8px 8px 8px 28px}
footer{color:var(--grey);font-size:12px;text-align:center;padding:8px 0 24px}
@media (max-width:700px){main{padding:10px}section{padding:12px}header h1{font-size:21px}.figures{grid-template-columns:1fr 1fr}.figure .value{font-size:18px}}
@media print{@page{size:A4;margin:14mm}body{background:#fff}main{max-width:none;padding:0}nav{display:none}section{border:0;padding:0;margin:0 0 10mm;break-inside:auto}.figures,.figure,.chart,tr,h3{break-inside:avoid}h2,h3{break-after:avoid}.chart,.table{overflow:visible}th,td{white-space:normal}}
`

// WritePage writes p as one HTML document.
func WritePage(w io.Writer, p *Page) error {
	var b strings.Builder
	e := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + e(p.Lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	// No request may leave the file: a policy that allows only inline
	// styles and data.
	b.WriteString("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
	b.WriteString("<title>" + e(p.Title) + "</title>\n<style>" + pageCSS + "</style>\n</head>\n<body>\n<main>\n")
	b.WriteString("<header><h1>" + e(p.Title) + "</h1><p>" + e(p.Subtitle) + "</p><nav>")
	for _, s := range p.Sections {
		b.WriteString("<a href=\"#" + e(s.ID) + "\">" + e(s.Title) + "</a>")
	}
	b.WriteString("</nav></header>\n")
	for _, s := range p.Sections {
		b.WriteString("<section id=\"" + e(s.ID) + "\">\n<h2>" + e(s.Title) + "</h2>\n")
		if s.Reading != "" {
			b.WriteString("<p class=\"reading\">" + e(s.Reading) + "</p>\n")
		}
		if len(s.Figures) > 0 {
			b.WriteString("<div class=\"figures\">")
			for _, f := range s.Figures {
				b.WriteString("<div class=\"figure\"><div class=\"label\">" + e(f.Label) + "</div><div class=\"value\"")
				if f.Src != "" {
					b.WriteString(" data-src=\"" + e(f.Src) + "\"")
				}
				b.WriteString(">" + e(f.Value) + "</div>")
				if f.Change != "" || f.Previous != "" {
					b.WriteString("<div class=\"change\">" + e(strings.TrimSpace(f.Change+" "+f.Previous)) + "</div>")
				}
				b.WriteString("</div>")
			}
			b.WriteString("</div>\n")
		}
		if len(s.Notes) > 0 {
			b.WriteString("<ul class=\"notes\">")
			for _, n := range s.Notes {
				b.WriteString("<li>" + e(n) + "</li>")
			}
			b.WriteString("</ul>\n")
		}
		for _, bl := range s.Blocks {
			if bl.Title != "" {
				b.WriteString("<h3>" + e(bl.Title) + "</h3>\n")
			}
			if bl.SVG != nil {
				b.WriteString("<div class=\"chart\">")
				b.Write(bl.SVG)
				b.WriteString("</div>\n")
			}
			if bl.Table != nil {
				writeHTMLTable(&b, &bl)
			}
			if bl.Caption != "" {
				b.WriteString("<p class=\"caption\">" + e(bl.Caption) + "</p>\n")
			}
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("<footer>" + e(p.Footer) + "</footer>\n</main>\n</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeHTMLTable writes a block's table, its cells as the terminal table
// writes them.
func writeHTMLTable(b *strings.Builder, bl *Block) {
	e := html.EscapeString
	t := bl.Table
	b.WriteString("<div class=\"table\"><table")
	if bl.Src != "" {
		b.WriteString(" data-src=\"" + e(bl.Src) + "\"")
	}
	b.WriteString("><thead><tr>")
	for j, c := range t.Columns {
		title := c.title()
		if j < len(bl.Titles) {
			title = bl.Titles[j]
		}
		b.WriteString("<th data-col=\"" + e(c.Name) + "\">" + e(title) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for _, row := range t.Rows {
		b.WriteString("<tr>")
		for j, c := range t.Columns {
			var v any
			if j < len(row) {
				v = row[j]
			}
			b.WriteString("<td>" + e(Display(c.Kind, c.Decimals, v)) + "</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table></div>\n")
}

// Display returns v, a value of kind k with dec decimals (as a Column's),
// as the terminal table writes it: "1,234", "12.5%", "-" when missing.
func Display(k Kind, dec int, v any) string {
	if v != nil && checkValue(k, v) != nil {
		return "-"
	}
	return display(k, dec, v)
}

// ItemText returns it's value as the terminal writes it.
func ItemText(it Item) string {
	return Display(it.kind(), it.Decimals, it.Value)
}
