package parallel

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFor: every item is visited once, in chunks that cover [0, n) without
// overlap; one call below the threshold.
func TestFor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, tc := range []struct{ n, least, calls int }{
		{0, 10, 1}, {1, 0, 1}, {9, 10, 1}, {10, 10, 4}, {1001, 10, 4}, {3, 0, 3},
	} {
		seen := make([]int, tc.n)
		var mu sync.Mutex
		calls := 0
		For(tc.n, tc.least, func(lo, hi int) {
			mu.Lock()
			calls++
			mu.Unlock()
			for i := lo; i < hi; i++ {
				seen[i]++
			}
		})
		assert.Equal(t, tc.calls, calls, "n %d least %d", tc.n, tc.least)
		for i, s := range seen {
			assert.Equal(t, 1, s, "item %d of %d", i, tc.n)
		}
	}
}
