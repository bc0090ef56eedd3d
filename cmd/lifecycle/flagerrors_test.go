package main

import "testing"

// TestEditDistance checks the Levenshtein distance on pairs worked by hand.
func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"asof", "as-of", 1},   // one insertion
		{"fomat", "format", 1}, // one insertion
		{"frmat", "fromat", 1},
		{"kitten", "sitting", 3}, // the textbook example: k->s, e->i, +g
		{"bins", "bnis", 2},      // a swap is two substitutions
		{"tz", "as-of", 5},
	} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := editDistance(c.b, c.a); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.b, c.a, got, c.want)
		}
	}
}
