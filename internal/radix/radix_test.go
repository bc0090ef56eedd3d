package radix

import (
	"cmp"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// TestSortStable checks SortStable, which sorts halves and merges them on
// every core when there are many, against a stable comparison sort; with
// many equal keys on both sides of the halves, and indexes not in order.
// The thresholds are lowered and the merge spread over seven goroutines,
// so that a few thousand keys take every path: below and at the length
// from which halves are sorted apart, odd lengths, merges split within
// runs of equal keys.
func TestSortStable(t *testing.T) {
	oldMin, oldGrain := stableMin, grain
	oldProcs := runtime.GOMAXPROCS(7)
	defer func() {
		stableMin, grain = oldMin, oldGrain
		runtime.GOMAXPROCS(oldProcs)
	}()
	rng := rand.New(rand.NewPCG(5, 6))
	type size struct{ n, min, grain int }
	sizes := []size{{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {999, 1000, 10}, {1000, 1000, 10}, {3333, 1000, 10}, {5000, 100, 1}}
	for _, sz := range sizes {
		n := sz.n
		stableMin, grain = sz.min, sz.grain
		for _, distinct := range []int{1, 3, 1000, 1 << 62} {
			keys := make([]uint64, n)
			idx := make([]int32, n)
			for i := range keys {
				keys[i] = uint64(rng.Int64N(int64(distinct))) * 0x9e3779b97f4a7c15
				idx[i] = int32(3*i + 1)
			}
			pos := make([]int, n)
			for i := range pos {
				pos[i] = i
			}
			slices.SortStableFunc(pos, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
			gotKeys, got := slices.Clone(keys), slices.Clone(idx)
			SortStable(gotKeys, got)
			require.Len(t, got, n)
			for k, p := range pos {
				if idx[p] != got[k] || keys[p] != gotKeys[k] {
					require.Equal(t, idx[p], got[k], "n %d, %d distinct, position %d", n, distinct, k)
					require.Equal(t, keys[p], gotKeys[k], "n %d, %d distinct, position %d", n, distinct, k)
				}
			}
		}
	}
}

// BenchmarkSortStable sorts 2.5 million keys with many ties, as the views
// of rfm and churn do.
func BenchmarkSortStable(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 2_500_000
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = uint64(rng.IntN(11))<<56 | uint64(rng.IntN(1_000_000))
	}
	b.ReportAllocs()
	b.SetBytes(n * 12)
	for b.Loop() {
		k, idx := slices.Clone(keys), make([]int32, n)
		for i := range idx {
			idx[i] = int32(i)
		}
		SortStable(k, idx)
	}
}
