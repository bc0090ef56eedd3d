package chunked

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSlice: a Slice has every element once, in chunks of at most 1<<Bits,
// at the index At and All give it, for lengths around the chunk size.
func TestSlice(t *testing.T) {
	for _, n := range []int{0, 1, 1 << Bits, 1<<Bits + 1, 3<<Bits - 1} {
		s := Make[int](n)
		require.Equal(t, n, s.Len())
		for i := range n {
			*s.At(i) = i
		}
		total := 0
		for _, chunk := range s.chunks {
			assert.LessOrEqual(t, len(chunk), 1<<Bits)
			for _, v := range chunk {
				assert.Equal(t, total, v)
				total++
			}
		}
		assert.Equal(t, n, total)
		seen := 0
		for i, p := range s.All() {
			require.Equal(t, seen, i)
			require.Same(t, s.At(i), p)
			seen++
		}
		assert.Equal(t, n, seen)
		xs := make([]int, n)
		for i := range xs {
			xs[i] = i
		}
		assert.Equal(t, s, From(xs))
	}
}

// TestAllStops: All stops when the loop breaks.
func TestAllStops(t *testing.T) {
	s := Make[int](3<<Bits + 5)
	last := -1
	for i := range s.All() {
		if i == 1<<Bits+2 {
			break
		}
		last = i
	}
	assert.Equal(t, 1<<Bits+1, last)
}
