package money

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRate(t *testing.T) {
	for _, c := range []struct {
		rate, amount, want string
	}{
		{"1.0854", "100", "108.54"},
		{"0.0061234", "1000", "6.1234"},
		{"0.0061234", "0.01", "0.000061"},   // 0.000061234
		{"0.5", "0.000001", "0"},            // half to even: 0.0000005 -> 0
		{"0.5", "0.000003", "0.000002"},     // 0.0000015 -> 0.000002
		{"158.7321", "-2.50", "-396.83025"}, // the sign kept
		{"007.10", "10", "71"},
	} {
		r, err := ParseRate(c.rate)
		require.NoError(t, err, c.rate)
		a, _ := ParseString(c.amount, Options{})
		want, _ := ParseString(c.want, Options{})
		got, ok := r.Convert(a)
		require.True(t, ok)
		assert.Equal(t, want, got, "%s x %s", c.amount, c.rate)
	}
	for _, bad := range []string{"", "0", "0.000", "-1", "+1", "1e3", "1,5", "1.", ".", "1..2", "1234567890123456789", "0.0000000000000000001"} {
		_, err := ParseRate(bad)
		assert.ErrorIs(t, err, ErrRate, bad)
	}
	r, _ := ParseRate("1000000000000")
	_, ok := r.Convert(MaxAmount)
	assert.False(t, ok, "beyond an Amount")
}

// FuzzParseRate: any text parses to a positive rate or errs; a rate writes
// back as a decimal that parses to itself.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"1.0854", "0.0061234", "158", ".5", "0.000000000000000001", "123456789012345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			return
		}
		if r.num == 0 || r.exp > 18 {
			t.Fatalf("%q: %+v", s, r)
		}
		back, err := ParseRate(r.String())
		if err != nil || back != r {
			t.Fatalf("%q -> %s -> %+v, %v", s, r, back, err)
		}
		if a, ok := r.Convert(Scale); ok && a < 0 {
			t.Fatalf("%q converts 1 to %v", s, a)
		}
	})
}
