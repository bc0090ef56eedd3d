package chart

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTracking: the curve is an 8 by 4.5 inch PNG (768 by 432 pixels at
// gonum's 96 dpi) or an SVG holding the title and the three legend entries;
// an empty curve, or lines of different lengths, is an error.
func TestTracking(t *testing.T) {
	tr := &Tracking{Title: "BG/NBD: cumulative repeat purchases", YLabel: "repeat purchases",
		Actual: []float64{1, 3, 6, 8, 11}, Predicted: []float64{1.2, 3.1, 5.5, 8.4, 10.9}, CalibrationWeek: 3}
	var b bytes.Buffer
	require.NoError(t, tr.Write(&b, "png"))
	img, err := png.Decode(&b)
	require.NoError(t, err)
	assert.Equal(t, 768, img.Bounds().Dx())
	assert.Equal(t, 432, img.Bounds().Dy())

	b.Reset()
	require.NoError(t, tr.Write(&b, "svg"))
	svg := b.String()
	assert.True(t, strings.HasPrefix(svg, "<?xml"), "SVG")
	for _, s := range []string{">BG/NBD: cumulative repeat purchases<", ">repeat purchases<", ">week<", ">actual<", ">predicted<", ">end of calibration<"} {
		assert.Contains(t, svg, s)
	}

	assert.Error(t, (&Tracking{}).Write(&b, "png"), "no weeks")
	assert.Error(t, (&Tracking{Actual: []float64{1}, Predicted: []float64{1, 2}}).Write(&b, "png"), "different lengths")
	assert.ErrorIs(t, tr.Write(&b, "gif"), ErrFormat)
}
