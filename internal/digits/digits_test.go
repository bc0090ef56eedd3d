package digits

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// values are the numbers at and beside every power of ten, and random
// ones of every length.
func values() []uint64 {
	vs := []uint64{0, math.MaxUint64, math.MaxUint64 - 1}
	for _, p := range pow10 {
		vs = append(vs, p-1, p, p+1)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		vs = append(vs, r.Uint64()>>r.IntN(64))
	}
	return vs
}

// scaled is the reference for AppendScaled: strconv's digits, padded with
// zeros to d+1 of them, a point before the last d.
func scaled(v uint64, d int) string {
	s := strconv.FormatUint(v, 10)
	if d == 0 {
		return s
	}
	if len(s) <= d {
		s = strings.Repeat("0", d+1-len(s)) + s
	}
	return s[:len(s)-d] + "." + s[len(s)-d:]
}

func TestAppendUint(t *testing.T) {
	prefix := []byte("x,")
	for _, v := range values() {
		require.Equal(t, len(strconv.FormatUint(v, 10)), Len(v), "Len(%d)", v)
		require.Equal(t, "x,"+strconv.FormatUint(v, 10), string(AppendUint(prefix[:2:2], v)))
		i := int64(v)
		require.Equal(t, "x,"+strconv.FormatInt(i, 10), string(AppendInt(prefix[:2:2], i)))
	}
	require.Equal(t, strconv.FormatInt(math.MinInt64, 10), string(AppendInt(nil, math.MinInt64)))
}

func TestAppendScaled(t *testing.T) {
	buf := make([]byte, 0, 64)
	for _, v := range values() {
		for d := 0; d <= 19; d++ {
			got := AppendScaled(append(buf[:0], "ab"...), v, d)
			require.Equal(t, "ab"+scaled(v, d), string(got), "v %d d %d", v, d)
		}
	}
}

func FuzzAppendScaled(f *testing.F) {
	f.Add(uint64(12345), uint8(2), []byte("x"))
	f.Add(uint64(5), uint8(3), []byte(nil))
	f.Fuzz(func(t *testing.T, v uint64, d uint8, prefix []byte) {
		dd := int(d % 20)
		if got, want := string(AppendScaled(prefix, v, dd)), string(prefix)+scaled(v, dd); got != want {
			t.Fatalf("AppendScaled(%q, %d, %d) = %q, want %q", prefix, v, dd, got, want)
		}
		if got, want := string(AppendUint(prefix, v)), string(prefix)+strconv.FormatUint(v, 10); got != want {
			t.Fatalf("AppendUint(%q, %d) = %q, want %q", prefix, v, got, want)
		}
	})
}

var sink []byte

// BenchmarkAppendScaled and BenchmarkStrconvScaled write 1000 amounts with
// two decimals, the second as output did with strconv.
func BenchmarkAppendScaled(b *testing.B) {
	vs := values()
	buf := make([]byte, 0, 64)
	for b.Loop() {
		for _, v := range vs[:1000] {
			sink = AppendScaled(buf[:0], v>>20, 2)
		}
	}
}

func BenchmarkStrconvScaled(b *testing.B) {
	vs := values()
	buf := make([]byte, 0, 64)
	for b.Loop() {
		for _, v := range vs[:1000] {
			var tmp [24]byte
			d := strconv.AppendUint(tmp[:0], v>>20, 10)
			for len(d) <= 2 {
				d = append(d[:1], d...)
				d[0] = '0'
			}
			n := len(d) - 2
			sink = append(append(append(buf[:0], d[:n]...), '.'), d[n:]...)
		}
	}
}

// TestGroup: a comma before each group of three digits from the right, for
// every length up to 20 digits and for the empty string.
func TestGroup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"0", "0"},
		{"12", "12"},
		{"999", "999"},
		{"1000", "1,000"},
		{"12345", "12,345"},
		{"123456", "123,456"},
		{"1234567", "1,234,567"},
		{"18446744073709551615", "18,446,744,073,709,551,615"},
	}
	for _, tt := range tests {
		got := Group([]byte("x"), []byte(tt.in))
		require.Equal(t, "x"+tt.want, string(got), tt.in)
	}
}
