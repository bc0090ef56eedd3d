package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Tracking is a tracking curve: the cumulative actual and predicted counts
// of weeks 1, 2, ... as two lines (actual solid, predicted dashed red), and
// a dotted vertical line at the last week of calibration, on an 8 by 4.5
// inch image with the legend at the top left.
type Tracking struct {
	Title, YLabel string
	// Actual[i] and Predicted[i] are the cumulative counts at the end of
	// week i+1; both have the same length, one or more.
	Actual, Predicted []float64
	// CalibrationWeek is the last week of the calibration period (0: none
	// in the curve; the line is drawn at x = 0).
	CalibrationWeek int
}

// Write draws the curve in format ("png" or "svg") to w.
func (t *Tracking) Write(w io.Writer, format string) error {
	n := len(t.Actual)
	if n == 0 || len(t.Predicted) != n {
		return errors.New("tracking: nothing to draw (no weeks, or actual and predicted of different lengths)")
	}
	if format != "png" && format != "svg" {
		return fmt.Errorf("%w: %q", ErrFormat, format)
	}
	p := plot.New()
	p.Title.Text = t.Title
	p.X.Label.Text = "week"
	p.Y.Label.Text = t.YLabel
	actual := make(plotter.XYs, n)
	pred := make(plotter.XYs, n)
	for i := range n {
		actual[i] = plotter.XY{X: float64(i + 1), Y: t.Actual[i]}
		pred[i] = plotter.XY{X: float64(i + 1), Y: t.Predicted[i]}
	}
	la, err := plotter.NewLine(actual)
	if err != nil {
		return err
	}
	lp, err := plotter.NewLine(pred)
	if err != nil {
		return err
	}
	la.Width, lp.Width = vg.Points(1.5), vg.Points(1.5)
	lp.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	lp.Color = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	top := math.Max(t.Actual[n-1], t.Predicted[n-1])
	cw := float64(t.CalibrationWeek)
	cal, err := plotter.NewLine(plotter.XYs{{X: cw, Y: 0}, {X: cw, Y: top}})
	if err != nil {
		return err
	}
	cal.Dashes = []vg.Length{vg.Points(1), vg.Points(3)}
	cal.Color = color.Gray{Y: 0x80}
	p.Add(la, lp, cal)
	p.Legend.Add("actual", la)
	p.Legend.Add("predicted", lp)
	p.Legend.Add("end of calibration", cal)
	p.Legend.Top, p.Legend.Left = true, true
	wt, err := p.WriterTo(8*vg.Inch, 4.5*vg.Inch, format)
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(w)
	return err
}
