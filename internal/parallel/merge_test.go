package parallel

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMergeSplit: for every k, the split is how many of the first k
// elements of a stable merge (a first among equals) come from each side,
// for sequences with many equal values across both, and empty ones.
func TestMergeSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type el struct{ v, side int }
	for _, sizes := range [][2]int{{0, 0}, {0, 5}, {5, 0}, {1, 1}, {37, 64}, {200, 3}} {
		for _, spread := range []int{1, 4, 1000} {
			a, b := make([]int, sizes[0]), make([]int, sizes[1])
			for i := range a {
				a[i] = rng.IntN(spread)
			}
			for i := range b {
				b[i] = rng.IntN(spread)
			}
			slices.Sort(a)
			slices.Sort(b)
			var merged []el
			for _, v := range a {
				merged = append(merged, el{v, 0})
			}
			for _, v := range b {
				merged = append(merged, el{v, 1})
			}
			slices.SortStableFunc(merged, func(x, y el) int { return cmp.Compare(x.v, y.v) })
			for k := 0; k <= len(merged); k++ {
				wa := 0
				for _, e := range merged[:k] {
					if e.side == 0 {
						wa++
					}
				}
				i, j := MergeSplit(len(a), len(b), k, func(j, i int) bool { return b[j] < a[i] })
				require.Equal(t, [2]int{wa, k - wa}, [2]int{i, j}, "sizes %v spread %d k %d", sizes, spread, k)
			}
		}
	}
}
