package msg

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

// TestErrorfAsFmt checks that an error made by Errorf says, wraps and
// matches what fmt.Errorf's would, and remembers its format and arguments.
func TestErrorfAsFmt(t *testing.T) {
	inner := &fs.PathError{Op: "open", Path: "x.csv", Err: fs.ErrNotExist}
	for _, c := range []struct {
		format string
		args   []any
	}{
		{"%s: %w", []any{"orders.csv", inner}},
		{"%d of %d rows (%.1f%%)", []any{3, 8, 37.5}},
		{"%w and %w", []any{fs.ErrPermission, inner}},
		{"no verbs", nil},
	} {
		got, want := Errorf(c.format, c.args...), fmt.Errorf(c.format, c.args...)
		if got.Error() != want.Error() {
			t.Errorf("%q: %q, fmt says %q", c.format, got, want)
		}
		for _, target := range []error{fs.ErrNotExist, fs.ErrPermission} {
			if errors.Is(got, target) != errors.Is(want, target) {
				t.Errorf("%q: errors.Is(%v) = %v, fmt's %v", c.format, target, errors.Is(got, target), errors.Is(want, target))
			}
		}
		var pe *fs.PathError
		if errors.As(got, &pe) != errors.As(want, &pe) {
			t.Errorf("%q: errors.As(*fs.PathError) differs from fmt's", c.format)
		}
		m := Of(got)
		if m == nil || m.Format != c.format || len(m.Args) != len(c.args) {
			t.Errorf("%q: Of = %+v", c.format, m)
		}
	}
	if Of(errors.New("plain")) != nil {
		t.Error("Of(a plain error) is not nil")
	}
}
