package main

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"lifecycle/ltv"
)

// TestParseDuration: the spellings of --horizon and --holdout.
func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		unit ltv.Unit
		days float64 // 0: an error
	}{
		{"52w", ltv.Week, 364},
		{"365d", ltv.Week, 365},
		{"12m", ltv.Week, 365.25},
		{"1y", ltv.Day, 365.25},
		{"1.5W", ltv.Week, 10.5},
		{" 39w ", ltv.Week, 273},
		{"52", ltv.Week, 364},
		{"52", ltv.Day, 52},
		{"0w", ltv.Week, 0},
		{"-3d", ltv.Week, 0},
		{"w", ltv.Week, 0},
		{"", ltv.Week, 0},
		{"5x", ltv.Week, 0},
		{"NaNd", ltv.Week, 0},
		{"Infw", ltv.Week, 0},
		{"1e9d", ltv.Week, 0},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in, tt.unit)
		if tt.days == 0 {
			assert.Error(t, err, tt.in)
			continue
		}
		assert.NoError(t, err, tt.in)
		assert.InDelta(t, tt.days, got, 1e-9, tt.in)
	}
	for _, s := range []string{"30%", "0.3", " 10% "} {
		v, err := parseShare(s)
		assert.NoError(t, err)
		assert.InDelta(t, map[string]float64{"30%": 0.3, "0.3": 0.3, " 10% ": 0.1}[s], v, 1e-12)
	}
	for _, s := range []string{"", "%", "x", "NaN", "Inf%"} {
		_, err := parseShare(s)
		assert.Error(t, err, s)
	}
}

// FuzzParseDuration: any text is a positive, finite number of days up to a
// million, or an error; never a panic.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"52w", "365d", "12m", "1y", "52", "-1w", "0x1p3w", "1e6d", "+.5y", "", "30%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, u := range []ltv.Unit{ltv.Week, ltv.Day} {
			d, err := parseDuration(s, u)
			if err == nil && !(d > 0 && d <= 1e6 && !math.IsInf(d, 0)) {
				t.Fatalf("%q: %v days", s, d)
			}
		}
		if v, err := parseShare(s); err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("%q: share %v", s, v)
		}
	})
}
