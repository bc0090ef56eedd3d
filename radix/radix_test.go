package radix

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSort compares Sort with a stable comparison sort on keys that share
// bytes, differ in every byte, or repeat.
func TestSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gens := map[string]func() uint64{
		"random":     rng.Uint64,
		"small":      func() uint64 { return uint64(rng.IntN(300)) },
		"high bytes": func() uint64 { return uint64(rng.IntN(4)) << 56 },
		"constant":   func() uint64 { return 7 },
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 2, 10, 1000} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = gen()
			}
			type pair struct {
				key uint64
				idx int32
			}
			want := make([]pair, n)
			for i, k := range keys {
				want[i] = pair{k, int32(i)}
			}
			slices.SortStableFunc(want, func(a, b pair) int {
				switch {
				case a.key < b.key:
					return -1
				case a.key > b.key:
					return 1
				}
				return 0
			})
			order := Order(keys)
			for i := range want {
				assert.Equal(t, want[i].key, keys[i], "%s n=%d: key %d", name, n, i)
				assert.Equal(t, want[i].idx, order[i], "%s n=%d: index %d", name, n, i)
			}
		}
	}
}

func BenchmarkSort(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := make([]uint64, 2_500_000)
	for i := range src {
		src[i] = rng.Uint64() >> 20
	}
	keys := make([]uint64, len(src))
	idx := make([]int32, len(src))
	b.ReportAllocs()
	for b.Loop() {
		copy(keys, src)
		Sort(keys, idx)
	}
}
