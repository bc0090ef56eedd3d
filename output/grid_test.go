package output

import (
	"bytes"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGrouped: thousands separators in the integer part only, after a
// minus sign, not in the decimals.
func TestGrouped(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "999": "999", "-999.25": "-999.25", "1000": "1,000",
		"-1234567.5": "-1,234,567.5", "1234.5678": "1,234.5678", "123456789": "123,456,789",
	} {
		assert.Equal(t, want, Grouped(in), in)
	}
}

// gridPage is a page of two blocks: a grid whose second row is short and
// has a marked last cell, and an empty one under a heading that holds a
// line break and an escape.
func gridPage() *GridPage {
	return &GridPage{
		Title: "Share buying",
		Blocks: []GridBlock{
			{Heading: "Country = DE", Grid: &Grid{
				Header: []string{"Cohort", "Customers", "M0", "M1"},
				Shade:  Shade{Lo: 0, Hi: 1},
				Rows: []GridRow{
					{Label: "2024-01", Count: "1,200", Cells: []GridCell{{Text: "100.0%", Value: 1}, {Text: "0.0%", Value: 0}}},
					{Label: "2024-02", Count: "7", Cells: []GridCell{{Text: "-", Value: math.NaN(), Mark: true}}},
				},
			}},
			{Heading: "Country = a\nb\x1b[31m", Empty: "no cohort"},
		},
		Notes: []string{"as of 2024-02-10"},
	}
}

// TestWriteGrids: columns as wide as their widest text, the label left and
// the rest right-aligned, a mark column after each cell, no trailing
// spaces; headings made printable; colour only when asked, and never on a
// value without a shade (NaN).
func TestWriteGrids(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteGrids(&b, gridPage(), false))
	assert.Equal(t, "Share buying\n"+
		"\nCountry = DE\n"+
		"Cohort   Customers     M0    M1\n"+
		"2024-01      1,200 100.0%  0.0%\n"+
		"2024-02          7      -*\n"+
		"\nCountry = a\uFFFDb\uFFFD[31m\n"+
		"no cohort\n"+
		"as of 2024-02-10\n", b.String())

	b.Reset()
	require.NoError(t, WriteGrids(&b, gridPage(), true))
	assert.Contains(t, b.String(), "2024-01      1,200 \x1b[38;5;231;48;5;18m100.0% \x1b[0m \x1b[38;5;16;48;5;230m0.0% \x1b[0m\n")
	assert.Contains(t, b.String(), "2024-02          7      -*\n", "NaN is not shaded")

	// No range, no shading.
	p := gridPage()
	p.Blocks[0].Grid.Shade = Shade{Lo: 1, Hi: 1}
	b.Reset()
	require.NoError(t, WriteGrids(&b, p, true))
	assert.NotContains(t, b.String(), "\x1b[38")
}
