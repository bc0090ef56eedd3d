package vieworder

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"lifecycle/internal/chunked"
)

// small lowers the thresholds for the test's duration and spreads every
// parallel loop over seven goroutines, so that views of a few thousand
// rows take every path that millions take: runs of ties sorted by radix
// and merged on several cores, runs that cross the cores' shares.
func small(t *testing.T) {
	oldRun, oldGrain := longRun, grain
	oldProcs := runtime.GOMAXPROCS(7)
	longRun, grain = 64, 50
	t.Cleanup(func() {
		longRun, grain = oldRun, oldGrain
		runtime.GOMAXPROCS(oldProcs)
	})
}

// row is a row of a test view: its id and its position in the input.
type row struct {
	id  ID
	pos int32
}

func idOf(r *row) *ID { return &r.id }

// inputOf returns the rows of ids, made on every core.
func inputOf(ids []string) *Input[row] {
	in := NewInput[row](len(ids))
	in.Fill(func(s *Share[row]) {
		for i := s.Lo; i < s.Hi; i++ {
			r := s.At(i)
			r.pos = int32(i)
			s.SetID(&r.id, i, ids[i])
		}
	})
	return in
}

// rowsOf returns the rows of ids, and the ids too long for a row by
// position.
func rowsOf(ids []string) (chunked.Slice[row], []string) {
	return inputOf(ids).take()
}

// idKinds makes the ids of the tests: numeric ids (as most exports have),
// short text, ids of exactly 15 and 16 bytes (the longest held in a row,
// the shortest kept apart), long ids sharing their first 15 bytes (decided
// by the whole id), and ids with zero bytes (which the padding of a short
// id must not confuse with a shorter id).
var idKinds = []func(p int) string{
	func(p int) string { return fmt.Sprint(p) },
	func(p int) string { return fmt.Sprintf("%x", p*7919) },
	func(p int) string { return fmt.Sprintf("%015d", p) },
	func(p int) string { return fmt.Sprintf("%016d", p) },
	func(p int) string { return fmt.Sprintf("customer-00000-%d", p) },
	func(p int) string { return "a" + strings.Repeat("\x00", p%4) + fmt.Sprint(p/4) },
	func(p int) string { return strings.Repeat("\x00", p%3) },
}

// TestSort checks Sort against a stable sort by (key, id): the rows and
// their ids in view order, for every kind of id mixed, keys all equal (one
// long run), few (long and short runs) and many, views of every row and of
// some rows in a given order, and ids in order already, reversed and
// scrambled. Ids may repeat (the zero-byte ids do): equal ones keep the
// order given.
func TestSort(t *testing.T) {
	small(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 63, 64, 500, 3000} {
		for _, distinct := range []int{1, 4, 1 << 40} {
			for _, arrange := range []string{"scrambled", "sorted", "reversed"} {
				for _, subset := range []bool{false, true} {
					name := fmt.Sprintf("n %d, %d keys, ids %s, subset %v", n, distinct, arrange, subset)
					ids := make([]string, n)
					for i, p := range rng.Perm(n) {
						ids[i] = idKinds[rng.IntN(len(idKinds))](p)
					}
					switch arrange {
					case "sorted":
						slices.Sort(ids)
					case "reversed":
						slices.Sort(ids)
						slices.Reverse(ids)
					}
					in := inputOf(ids)
					var order []int32
					if subset {
						order = []int32{} // no row, if n/2 is 0; nil is every row
						for _, i := range rng.Perm(n)[:n/2] {
							order = append(order, int32(i))
						}
					}
					var want []int32 // positions in rows
					if subset {
						want = slices.Clone(order)
					} else {
						for i := range n {
							want = append(want, int32(i))
						}
					}
					keys := make([]uint64, len(want))
					keyOf := make(map[int32]uint64)
					for k, i := range want {
						keys[k] = uint64(rng.Int64N(int64(distinct))) * 0x9e3779b97f4a7c15 >> 3
						keyOf[i] = keys[k]
					}
					slices.SortStableFunc(want, func(a, b int32) int {
						return cmp.Or(cmp.Compare(keyOf[a], keyOf[b]), strings.Compare(ids[a], ids[b]))
					})
					view := Sort(in, keys, order, idOf)
					require.Equal(t, len(want), view.Len(), name)
					for k, i := range want {
						r := view.At(k)
						if r.pos != i {
							require.Equal(t, ids[i], ids[r.pos], "%s: row %d", name, k)
						}
						require.Equal(t, ids[i], view.Text(&r.id, k), "%s: row %d", name, k)
						require.Equal(t, ids[i], view.Cell(&r.id, k).(fmt.Stringer).String(), "%s: row %d", name, k)
					}
				}
			}
		}
	}
}

// TestSortLongRun sorts long runs of positions by id, each half by radix
// and the halves merged on several cores, against a stable sort of the
// ids.
func TestSortLongRun(t *testing.T) {
	small(t)
	rng := rand.New(rand.NewPCG(21, 22))
	for _, n := range []int{longRun, 1000, 5001} {
		ids := make([]string, n)
		for i, p := range rng.Perm(n) {
			ids[i] = idKinds[i%len(idKinds)](p)
		}
		rows, long := rowsOf(ids)
		order := make([]int32, n)
		for k, i := range rng.Perm(n) {
			order[k] = int32(i)
		}
		want := slices.Clone(order)
		slices.SortStableFunc(want, func(a, b int32) int { return strings.Compare(ids[a], ids[b]) })
		sortLongRun(rows, order, idOf, long)
		for k := range order {
			if order[k] != want[k] {
				require.Equal(t, ids[want[k]], ids[order[k]], "n %d, position %d", n, k)
			}
		}
	}
}

// TestSortRun sorts runs shorter than a long run by id (quicksort,
// insertion sort, the equal ties of long ids sharing their first 15
// bytes), against a stable sort of the ids: random runs of every length
// to a few hundred, runs sorted, reversed, and of short ids only, and with
// no depth left (pdqsort).
func TestSortRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	check := func(n int, arrange string) {
		ids := make([]string, n)
		for i, p := range rng.Perm(n) {
			ids[i] = idKinds[rng.IntN(len(idKinds))](p % 50)
		}
		switch arrange {
		case "sorted":
			slices.Sort(ids)
		case "reversed":
			slices.Sort(ids)
			slices.Reverse(ids)
		case "short ids":
			for i, p := range rng.Perm(n) {
				ids[i] = idKinds[0](p)
			}
		}
		rows, long := rowsOf(ids)
		order := make([]int32, n)
		for k := range order {
			order[k] = int32(k)
		}
		want := slices.Clone(order)
		slices.SortStableFunc(want, func(a, b int32) int { return strings.Compare(ids[a], ids[b]) })
		sortRun(rows, order, idOf, long, nil, nil)
		for k := range order {
			require.Equal(t, ids[want[k]], ids[order[k]], "n %d %s position %d", n, arrange, k)
		}
	}
	for n := 0; n < 300; n++ {
		check(n, "random")
	}
	for _, arrange := range []string{"random", "sorted", "reversed", "short ids"} {
		check(longRun-1, arrange)
	}
	// No depth left: pdqsort, then the equal ties.
	ties := make([]idTie, 500)
	for k := range ties {
		ties[k] = idTie{hi: uint64(rng.IntN(40)), lo: uint64(rng.IntN(3)), k: int32(k)}
	}
	quickTies(ties, 0)
	require.True(t, slices.IsSortedFunc(ties, func(a, b idTie) int {
		return cmp.Or(cmp.Compare(a.hi, b.hi), cmp.Compare(a.lo, b.lo))
	}))
}

// TestOrder checks Order against a stable sort by (keys, then): many ties
// of both keys, runs in order already and not, runs across the cores'
// shares.
func TestOrder(t *testing.T) {
	small(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 3000} {
		for _, distinct := range []int{1, 5, 1 << 40} {
			keys, then := make([]uint64, n), make([]uint64, n)
			for i := range keys {
				keys[i] = uint64(rng.Int64N(int64(distinct)))
				then[i] = uint64(rng.IntN(4))
				if rng.IntN(3) == 0 {
					then[i] = uint64(i) // in order within a run
				}
			}
			want := make([]int32, n)
			for i := range want {
				want[i] = int32(i)
			}
			slices.SortStableFunc(want, func(a, b int32) int {
				return cmp.Or(cmp.Compare(keys[a], keys[b]), cmp.Compare(then[a], then[b]))
			})
			require.Equal(t, want, Order(slices.Clone(keys), then), "n %d, %d keys", n, distinct)
		}
	}
}

// TestDescendingRanks: the largest value ranked 0, equal values ranked
// equal, the extremes of int64 included.
func TestDescendingRanks(t *testing.T) {
	ranks, distinct := DescendingRanks([]int64{5, math.MinInt64, math.MaxInt64, 5, -1})
	require.Equal(t, []uint64{1, 3, 0, 1, 2}, ranks)
	require.Equal(t, 4, distinct)
}
