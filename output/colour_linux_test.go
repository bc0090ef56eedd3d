//go:build linux

package output

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestColour: colour on a terminal unless NO_COLOR is set (to anything but
// "") or TERM is "dumb"; never on a buffer.
func TestColour(t *testing.T) {
	pts := openPTY(t)
	for _, tt := range []struct {
		noColor, term string
		want          bool
	}{
		{"", "xterm-256color", true},
		{"1", "xterm-256color", false},
		{"", "dumb", false},
	} {
		t.Setenv("NO_COLOR", tt.noColor)
		t.Setenv("TERM", tt.term)
		assert.Equal(t, tt.want, Colour(pts), "NO_COLOR=%q TERM=%q", tt.noColor, tt.term)
		assert.False(t, Colour(&bytes.Buffer{}), "a buffer")
	}
}
