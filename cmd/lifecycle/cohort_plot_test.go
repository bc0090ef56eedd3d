package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/money"
)

// TestCohortPlot: --plot writes a well-formed PNG or SVG heatmap sized for
// its 24 cohorts by 24 ages (and the average row), besides the table on
// stdout.
func TestCohortPlot(t *testing.T) {
	dir := t.TempDir()
	pngPath := filepath.Join(dir, "retention.png")
	code, out, errs := runCmd(t, "", "cohort", "--plot", pngPath, "--format", "csv", ordersCSV)
	require.Equal(t, 0, code, errs)
	assert.True(t, strings.HasPrefix(out, "cohort,cohort_start,"), "the table is still written")
	assert.Contains(t, errs, "lifecycle: wrote the heatmap to "+pngPath)
	b, err := os.ReadFile(pngPath)
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	sz := img.Bounds().Size()
	// At least 40 pixels per column and 20 per row (24 ages; 24 cohorts and
	// the average), at most a screen's worth of pixels per cell.
	assert.GreaterOrEqual(t, sz.X, 24*40, "width")
	assert.GreaterOrEqual(t, sz.Y, 25*20, "height")
	assert.Less(t, sz.X, 24*150)
	assert.Less(t, sz.Y, 25*80)

	svgPath := filepath.Join(dir, "ltv.SVG")
	code, _, errs = runCmd(t, "", "cohort", "-q", "--metric", "ltv", "--plot", svgPath, "-o", filepath.Join(dir, "ltv.csv"), ordersCSV)
	require.Equal(t, 0, code, errs)
	svg, err := os.ReadFile(svgPath)
	require.NoError(t, err)
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var root *xml.StartElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "well-formed XML")
		if se, ok := tok.(xml.StartElement); ok && root == nil {
			root = &se
		}
	}
	require.NotNil(t, root)
	assert.Equal(t, "svg", root.Name.Local)
	for _, a := range root.Attr {
		if a.Name.Local == "width" || a.Name.Local == "height" {
			v, err := strconv.ParseFloat(strings.TrimSuffix(a.Value, "pt"), 64)
			require.NoError(t, err, a.Value)
			assert.Greater(t, v, 400.0, a.Name.Local)
		}
	}
	// The cells' values are in the picture: the first cohort's LTV at age 0
	// as the CSV has it, to the cent.
	csvOut, err := os.ReadFile(filepath.Join(dir, "ltv.csv"))
	require.NoError(t, err)
	first := strings.Split(strings.Split(string(csvOut), "\n")[1], ",")
	m0, err := money.ParseString(first[4], money.Options{})
	require.NoError(t, err)
	assert.Contains(t, string(svg), ">"+m0.Round(2).String()+"<", "m0 of %s (%s)", first[0], first[4])

	// No file is left behind when the run fails.
	bad := filepath.Join(dir, "bad.png")
	code, _, _ = runCmd(t, "", "cohort", "--plot", bad, "--from", "2030", ordersCSV)
	assert.Equal(t, 1, code)
	_, err = os.Stat(bad)
	assert.True(t, os.IsNotExist(err), "no plot after a failed run")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 3, "retention.png, ltv.SVG, ltv.csv and no temporary file")
}
