// Package chart draws the images of lifecycle's results, PNG or SVG: the
// heat map of a table of numbers (Heatmap, the cohort table of
// `lifecycle cohort --plot`) and a tracking curve of actual against
// predicted counts (Tracking, `lifecycle ltv --holdout --plot`). Both are
// laid out as a Drawing, which writes SVG and PNG.
// The caller lays its result out as one of these types; this package does
// the drawing and knows nothing of the analyses.
package chart

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Formats are the image formats of the charts' Write methods.
var Formats = []string{"png", "svg"}

// ErrFormat is wrapped by the errors of FormatOf for names without a known
// image extension.
var ErrFormat = errors.New("unknown image format")

// FormatOf returns the format of an image file name: "png" or "svg", from
// its extension (case-insensitive).
func FormatOf(path string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	for _, f := range Formats {
		if ext == f {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w: %q: use a .png or .svg file name", ErrFormat, path)
}
