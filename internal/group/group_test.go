package group

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testRow is a row as a caller packs one: no pointers, its place in the
// input in it so that a test can tell rows apart.
type testRow struct {
	at    int64
	value int64
	kind  uint64
}

// input is a sequence of rows with their keys (and tags), as a reader
// would produce them.
type input struct {
	keys   []string
	rows   []testRow
	tags   []uint32 // nil for untagged
	splits []int    // where the batches end
	sorted []bool   // per batch: sorted by the filling goroutine
}

// randomInput makes n rows of keys drawn from k distinct ones (some empty,
// some longer than 127 bytes, whose length takes two bytes), cut into
// batches of random sizes.
func randomInput(rng *rand.Rand, n, k int, tagged bool) input {
	distinct := make([]string, k)
	for i := range distinct {
		switch rng.IntN(20) {
		case 0:
			distinct[i] = "" // one key may be empty; several draws give the same
		case 1:
			distinct[i] = strings.Repeat("long", 40) + fmt.Sprint(i)
		default:
			distinct[i] = fmt.Sprintf("C%0*d", 1+rng.IntN(9), i)
		}
	}
	in := input{}
	for i := range n {
		in.keys = append(in.keys, distinct[rng.IntN(k)])
		in.rows = append(in.rows, testRow{at: int64(i), value: rng.Int64(), kind: uint64(rng.IntN(4))})
		if tagged {
			in.tags = append(in.tags, rng.Uint32())
		}
	}
	for at := 0; at < n; {
		at = min(n, at+1+rng.IntN(2*BatchRows))
		in.splits = append(in.splits, at)
		in.sorted = append(in.sorted, rng.IntN(2) == 0)
	}
	return in
}

// grouped is what a grouping gives, in a form a test compares: each
// partition's keys in order, with their rows and tags.
type grouped [Partitions][]keyRows

type keyRows struct {
	key  string
	hash uint64
	rows []testRow
	tags []uint32
}

// byMap groups the input the plain way, with a map: each key's rows in
// input order, keys in the order of their first row, then split by
// partition.
func byMap(in input) *grouped {
	index := map[string]int{}
	var all []keyRows
	for i, key := range in.keys {
		k, ok := index[key]
		if !ok {
			k = len(all)
			index[key] = k
			all = append(all, keyRows{key: key, hash: Hash([]byte(key))})
		}
		all[k].rows = append(all[k].rows, in.rows[i])
		if in.tags != nil {
			all[k].tags = append(all[k].tags, in.tags[i])
		}
	}
	var g grouped
	for _, kr := range all {
		p := partitionOf(kr.hash)
		g[p] = append(g[p], kr)
	}
	return &g
}

// byGrouper groups the input with a Grouper, filling its batches as a
// reader does, and returns the groups and the Grouper's counts.
func byGrouper(t *testing.T, in input) (*grouped, int, int64) {
	t.Helper()
	var gr Grouper[testRow]
	var b Batch[testRow]
	from := 0
	for j, end := range in.splits {
		for i := from; i < end; i++ {
			if in.tags != nil {
				b.AddTagged([]byte(in.keys[i]), in.rows[i], in.tags[i])
			} else {
				b.Add([]byte(in.keys[i]), in.rows[i])
			}
		}
		require.Equal(t, end-from, b.Len())
		if in.sorted[j] {
			b.Sort()
		}
		gr.Add(&b)
		b.Reset()
		from = end
	}
	rows, bytes := gr.Len(), gr.Bytes()
	var g grouped
	var mu sync.Mutex
	Group(&gr, func(_ *struct{}, p int, gs *Groups[testRow]) {
		var out []keyRows
		for k := range gs.Len() {
			kr := keyRows{key: string(gs.Key(k)), hash: gs.Hash(k), rows: append([]testRow(nil), gs.Rows(k)...)}
			if tags := gs.Tags(k); tags != nil {
				assert.Len(t, tags, len(kr.rows))
				kr.tags = append([]uint32(nil), tags...)
			}
			out = append(out, kr)
		}
		mu.Lock()
		defer mu.Unlock()
		assert.Nil(t, g[p], "partition %d twice", p)
		g[p] = out
	})
	assert.Zero(t, gr.Len(), "rows left after Group")
	for p := range gr.parts {
		require.Nil(t, gr.parts[p].rows, "partition %d kept its rows", p)
	}
	return &g, rows, bytes
}

// TestGroupAsMap is the property that the package comment states: a
// Grouper gives the groups a map gives (each key's rows in input order,
// with their tags; keys numbered in first-seen order within a partition),
// whatever the batches' sizes, whether their filler sorted them, the
// number of cores, and how many keys share a partition.
func TestGroupAsMap(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(3, 4))
	cases := []struct{ n, k int }{{0, 1}, {1, 1}, {50, 3}, {5_000, 40}, {60_000, 20_000}, {100_000, 3_000}}
	for _, c := range cases {
		for _, tagged := range []bool{false, true} {
			for _, procs := range []int{1, 3} {
				runtime.GOMAXPROCS(procs)
				name := fmt.Sprintf("n=%d,k=%d,tagged=%v,procs=%d", c.n, c.k, tagged, procs)
				in := randomInput(rng, c.n, c.k, tagged)
				want := byMap(in)
				got, rows, bytes := byGrouper(t, in)
				for p := range Partitions {
					require.Equal(t, want[p], got[p], "%s: partition %d", name, p)
				}
				assert.Equal(t, c.n, rows, name)
				wantBytes := int64(c.n) * int64(unsafe.Sizeof(testRow{}))
				for _, key := range in.keys {
					wantBytes += int64(len(key)) + int64(uvarintLen(uint64(len(key))))
				}
				wantBytes += 4 * int64(len(in.tags))
				assert.Equal(t, wantBytes, bytes, "%s: Bytes", name)
			}
		}
	}
}

// TestGroupDeterministic: the same rows in the same order give the same
// groups in the same order, run after run, with batches cut anywhere and
// any number of cores (partitions are grouped by goroutines in a
// different order each time).
func TestGroupDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(5, 6))
	in := randomInput(rng, 80_000, 30_000, true)
	first, _, _ := byGrouper(t, in)
	for run := range 4 {
		runtime.GOMAXPROCS(1 + run)
		again := in
		again.splits, again.sorted = nil, nil
		for at := 0; at < len(in.rows); {
			at = min(len(in.rows), at+1+rng.IntN(BatchRows/(run+1)))
			again.splits = append(again.splits, at)
			again.sorted = append(again.sorted, run%2 == 0)
		}
		got, _, _ := byGrouper(t, again)
		require.Equal(t, first, got, "run %d", run)
	}
}

// TestGroupsInPlace: the rows and tags a Groups hands out may be reordered
// and compacted in place, key by key, without touching another key's.
func TestGroupsInPlace(t *testing.T) {
	var gr Grouper[testRow]
	var b Batch[testRow]
	for i := range 1000 {
		b.AddTagged(fmt.Appendf(nil, "c%d", i%7), testRow{at: int64(i)}, uint32(i))
	}
	gr.Add(&b)
	var seen atomic.Int64
	Group(&gr, func(_ *struct{}, _ int, gs *Groups[testRow]) {
		for k := range gs.Len() {
			rows, tags := gs.Rows(k), gs.Tags(k)
			for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
				rows[i], rows[j] = rows[j], rows[i]
				tags[i], tags[j] = tags[j], tags[i]
			}
		}
		for k := range gs.Len() {
			rows, tags := gs.Rows(k), gs.Tags(k)
			for i := range rows {
				assert.Equal(t, uint32(rows[i].at), tags[i])
				if i > 0 {
					assert.Greater(t, rows[i-1].at, rows[i].at, "key %q", gs.Key(k))
				}
				assert.Equal(t, fmt.Sprintf("c%d", rows[i].at%7), string(gs.Key(k)))
			}
			seen.Add(int64(len(rows)))
		}
	})
	assert.Equal(t, int64(1000), seen.Load())
}

// TestBatch checks what a reader uses of a batch as it fills it: the rows,
// keys and tags in the order of Add, the last row changed in place, Full
// at BatchRows rows, and Reset.
func TestBatch(t *testing.T) {
	var b Batch[testRow]
	assert.Zero(t, b.Len())
	b.AddTagged([]byte("ann"), testRow{at: 1}, 10)
	b.AddTagged(nil, testRow{at: 2}, 20)
	b.AddTagged([]byte("bob"), testRow{at: 3}, 30)
	b.Last().value = 7
	require.Equal(t, 3, b.Len())
	assert.Equal(t, testRow{at: 1}, b.Row(0))
	assert.Equal(t, testRow{at: 3, value: 7}, b.Row(2))
	assert.Equal(t, "ann", string(b.Key(0)))
	assert.Empty(t, b.Key(1))
	assert.Equal(t, "bob", string(b.Key(2)))
	assert.Equal(t, uint32(20), b.Tag(1))
	assert.False(t, b.Full())
	b.Sort()
	assert.Equal(t, "bob", string(b.Key(2)), "Sort keeps the rows as added")
	b.Reset()
	assert.Zero(t, b.Len())
	for range BatchRows - 1 {
		b.Add([]byte("x"), testRow{})
	}
	assert.False(t, b.Full())
	b.Add([]byte("x"), testRow{})
	assert.True(t, b.Full())

	// Tags for some rows only are a caller's mistake, refused.
	var mixed Batch[testRow]
	mixed.Add([]byte("a"), testRow{})
	mixed.AddTagged([]byte("b"), testRow{}, 1)
	assert.Panics(t, mixed.Sort)
}

// TestHoldingMakesNoGarbage checks the memory guarantee: a Grouper holds
// rows in chunks that are never copied, so that what it allocates while
// rows are added is all still held (no garbage: a Grouper that grew its
// chunks by copying, as append does, would leave about as much as it
// holds), and what it holds is the rows' Bytes but for the unfilled end of
// each partition's last chunks.
func TestHoldingMakesNoGarbage(t *testing.T) {
	const n, keys = 1_000_000, 100_000
	var b Batch[testRow]
	var gr Grouper[testRow]
	key := make([]byte, 0, 16)
	add := func(from, to int) {
		for i := from; i < to; i++ {
			key = strconv.AppendInt(append(key[:0], 'C'), int64((i*7919)%keys), 10)
			b.AddTagged(key, testRow{at: int64(i)}, uint32(i))
			if b.Full() {
				gr.Add(&b)
				b.Reset()
			}
		}
	}
	add(0, BatchRows) // the batch's own memory, grown once
	var before, added, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	add(BatchRows, n)
	gr.Add(&b)
	runtime.ReadMemStats(&added)
	runtime.GC()
	runtime.ReadMemStats(&after)
	allocated := int64(added.TotalAlloc - before.TotalAlloc)
	retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	held := gr.Bytes()
	t.Logf("rows' bytes %d (%.1f a row), allocated %d while adding, %d retained", held, float64(held)/n, allocated, retained)
	assert.Greater(t, retained, allocated-allocated/10, "adding rows left garbage")
	lastChunks := int64(Partitions) * (maxChunkRows*int64(unsafe.Sizeof(testRow{})+4) + maxChunkBytes)
	assert.Less(t, retained, held+lastChunks, "the rows take more than their bytes")
	runtime.KeepAlive(&gr)
}

// TestEach: every partition once, each goroutine with its own W.
func TestEach(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var mu sync.Mutex
	seen := map[int]int{}
	type scratch struct{ parts []int }
	var ws []*scratch
	Each(func(w *scratch, p int) {
		mu.Lock()
		defer mu.Unlock()
		if w.parts == nil {
			ws = append(ws, w)
		}
		w.parts = append(w.parts, p)
		seen[p]++
	})
	require.Len(t, seen, Partitions)
	for p, n := range seen {
		require.Equal(t, 1, n, "partition %d", p)
	}
	total := 0
	for _, w := range ws {
		total += len(w.parts)
	}
	assert.Equal(t, Partitions, total, "a W shared by two goroutines")
	assert.LessOrEqual(t, len(ws), 4)
}

// BenchmarkGroup groups a million rows of 250,000 keys, as a reader of
// order exports does: batches filled and sorted, handed to a Grouper,
// grouped on every core. Bytes are those the rows hold (Grouper.Bytes).
func BenchmarkGroup(b *testing.B) {
	const n, keys = 1_000_000, 250_000
	rng := rand.New(rand.NewPCG(1, 1))
	ids := make([][]byte, n)
	held := int64(n) * int64(unsafe.Sizeof(testRow{}))
	for i := range ids {
		ids[i] = fmt.Appendf(nil, "C%08d", rng.IntN(keys))
		held += int64(len(ids[i])) + 1
	}
	b.SetBytes(held)
	b.ReportAllocs()
	var bt Batch[testRow]
	for b.Loop() {
		var gr Grouper[testRow]
		for i, id := range ids {
			bt.Add(id, testRow{at: int64(i)})
			if bt.Full() {
				bt.Sort()
				gr.Add(&bt)
				bt.Reset()
			}
		}
		gr.Add(&bt)
		bt.Reset()
		var sum [Partitions]int64
		Group(&gr, func(_ *struct{}, p int, gs *Groups[testRow]) {
			for k := range gs.Len() {
				sum[p] += int64(len(gs.Rows(k)))
			}
		})
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
