// Package group groups millions of rows by a byte-string key (a customer
// id), fast: the machinery under orders' grouping of rows by customer.
//
// Why it is not a map: the rows come in time order, so each one belongs to
// a random key of millions, and one hash table of all keys is far larger
// than the processor's caches: every lookup would wait on memory. So rows
// are grouped in two steps (radix-partitioned aggregation). As rows are
// read, each is appended to one of Partitions partitions chosen by the hash
// of its key: sequential writes, no lookup. At the end, each partition
// (about a thousandth of the keys) is grouped with its own small hash
// table, which stays in cache, and partitions are grouped on every core at
// once.
//
// How it is used: goroutines reading the input fill Batches (Add, then
// Sort on the goroutine that filled it, which takes that work off the
// grouping goroutine); one goroutine hands the batches to a Grouper, in
// input order (Grouper.Add); at the end, Group calls a function with each
// partition's rows grouped by key (Groups), on every core.
//
// What it guarantees:
//
//   - Every row added is in exactly one group: its key's (keys equal byte
//     for byte), in the one partition that the key's hash picks.
//   - A key's rows come in the order they were added: batches in the order
//     given to Grouper.Add, each batch's rows in the order of Batch.Add.
//     Each row's tag (a uint32 kept beside it, when the batch has tags)
//     comes with it.
//   - Within a partition, keys are numbered from 0 in the order of their
//     first row. So the groups, partition by partition and key by key,
//     depend only on the rows and their order: not on the number of cores,
//     nor on which goroutine groups which partition.
//   - Memory: a Grouper holds a row in the size of T, its key's bytes with
//     their length (a uvarint: one byte up to 127 bytes) and 4 bytes for a
//     tag (Grouper.Bytes counts them), in chunks that are never copied, so
//     that holding rows makes no garbage and no doubling: at most a
//     partly filled chunk per partition beyond that.
//     Group lets each partition's rows go once they are grouped, so that
//     the rows of partitions still to group and what f made of those
//     grouped take about the memory the rows took; each goroutine of Group
//     keeps scratch memory for about one partition.
//   - A Batch is for one goroutine; a Grouper is for one goroutine until
//     Group. T is copied as a value: it should hold no pointers, for a
//     collector scanning millions of rows would pay for them.
package group

import (
	"bytes"
	"runtime"
	"sync"
	"unsafe"

	"github.com/cespare/xxhash/v2"
)

const (
	partitionBits = 10
	// Partitions is the number of partitions.
	Partitions = 1 << partitionBits
	// BatchRows is the number of rows from which a batch is Full: enough
	// that handing a batch over costs little per row, few enough that a
	// batch stays in cache while it is sorted.
	BatchRows = 1 << 14
)

// Hash returns the hash of a key, which picks its partition: xxhash64
// (github.com/cespare/xxhash), which callers may compute themselves to
// match a key with Groups.Hash.
func Hash(key []byte) uint64 { return xxhash.Sum64(key) }

// partitionOf returns the partition of a key's hash.
func partitionOf(h uint64) uint64 { return h & (Partitions - 1) }

// Batch is a block of rows with their keys (and tags, if any), before they
// go to a Grouper. A batch's rows all have a tag (AddTagged) or none do
// (Add). Its zero value is an empty batch, ready to use.
type Batch[T any] struct {
	rows []T
	hash []uint64 // hash of each row's key
	keys []byte   // keys, back to back
	end  []uint32 // end of each row's key in keys
	tags []uint32 // each row's tag, or empty

	// After Sort: the rows, keys (each a uvarint length and the bytes) and
	// tags by partition.
	sorted     bool
	prows      []T
	pkeys      []byte
	ptags      []uint32
	rcut, kcut [Partitions + 1]int32 // partition p's rows are prows[rcut[p]:rcut[p+1]], keys pkeys[kcut[p]:kcut[p+1]]
}

// Add adds a row with its key, which it copies.
func (b *Batch[T]) Add(key []byte, r T) {
	b.rows = append(b.rows, r)
	b.hash = append(b.hash, Hash(key))
	b.keys = append(b.keys, key...)
	b.end = append(b.end, uint32(len(b.keys)))
}

// AddTagged adds a row with its key and a tag, which stays beside the row.
func (b *Batch[T]) AddTagged(key []byte, r T, tag uint32) {
	b.Add(key, r)
	b.tags = append(b.tags, tag)
}

// Len returns the number of rows added.
func (b *Batch[T]) Len() int { return len(b.rows) }

// Full reports whether the batch holds BatchRows rows or more: time to
// hand it over.
func (b *Batch[T]) Full() bool { return len(b.rows) >= BatchRows }

// Row returns row i, in the order of Add.
func (b *Batch[T]) Row(i int) T { return b.rows[i] }

// Last returns the row added last, to change in place (a run of rows
// merged into one as they are read): its key and tag stay. The batch must
// have a row and not be sorted.
func (b *Batch[T]) Last() *T { return &b.rows[len(b.rows)-1] }

// Key returns the key of row i.
func (b *Batch[T]) Key(i int) []byte {
	start := uint32(0)
	if i > 0 {
		start = b.end[i-1]
	}
	return b.keys[start:b.end[i]]
}

// Tag returns the tag of row i, in a batch with tags.
func (b *Batch[T]) Tag(i int) uint32 { return b.tags[i] }

// Reset empties the batch, keeping its memory.
func (b *Batch[T]) Reset() {
	b.rows, b.hash, b.keys, b.end, b.tags = b.rows[:0], b.hash[:0], b.keys[:0], b.end[:0], b.tags[:0]
	b.sorted = false
}

// Sort orders the batch's rows by partition (a counting sort, which keeps
// their order within a partition), with each row's key, length-prefixed,
// in the same order, so that the Grouper copies whole runs. Grouper.Add
// sorts a batch that is not sorted; sorting it on the goroutine that filled
// it takes per-row work off the Grouper's one goroutine. No row may be
// added to a sorted batch before Reset.
func (b *Batch[T]) Sort() {
	if len(b.tags) != 0 && len(b.tags) != len(b.rows) {
		panic("group: a batch with tags for some rows only")
	}
	var count [Partitions + 1]int32
	var bytesIn [Partitions + 1]int32
	start := uint32(0)
	for i, h := range b.hash {
		p := partitionOf(h)
		count[p+1]++
		n := b.end[i] - start
		bytesIn[p+1] += int32(n) + int32(uvarintLen(uint64(n)))
		start = b.end[i]
	}
	for p := 1; p <= Partitions; p++ {
		count[p] += count[p-1]
		bytesIn[p] += bytesIn[p-1]
	}
	b.rcut, b.kcut = count, bytesIn
	b.prows = growTo(&b.prows, len(b.rows))
	b.pkeys = growTo(&b.pkeys, int(bytesIn[Partitions]))
	tagged := len(b.tags) > 0
	if tagged {
		b.ptags = growTo(&b.ptags, len(b.rows))
	} else {
		b.ptags = b.ptags[:0]
	}
	rnext, knext := count, bytesIn
	start = 0
	for i, h := range b.hash {
		p := partitionOf(h)
		b.prows[rnext[p]] = b.rows[i]
		if tagged {
			b.ptags[rnext[p]] = b.tags[i]
		}
		rnext[p]++
		key := b.keys[start:b.end[i]]
		start = b.end[i]
		at := knext[p]
		at += int32(putUvarint(b.pkeys[at:], uint32(len(key))))
		at += int32(copy(b.pkeys[at:], key))
		knext[p] = at
	}
	b.sorted = true
}

// putUvarint writes x as encoding/binary's uvarint, returning its length;
// uvarint reads one. They are here, not taken from encoding/binary, so that
// they inline into the callers' instances of Batch and Groups, which the
// compiler makes in the callers' packages.
func putUvarint(b []byte, x uint32) int {
	i := 0
	for x >= 0x80 {
		b[i] = byte(x) | 0x80
		x >>= 7
		i++
	}
	b[i] = byte(x)
	return i + 1
}

func uvarint(b []byte) (uint32, int) {
	var x uint32
	var s uint
	for i, c := range b {
		if c < 0x80 {
			return x | uint32(c)<<s, i + 1
		}
		x |= uint32(c&0x7f) << s
		s += 7
	}
	panic("group: a key's length cut short")
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// Grouper holds rows by partition until Group groups them. Its zero value
// holds no rows, ready to use.
type Grouper[T any] struct {
	parts [Partitions]part[T]
	rows  int
	bytes int64
}

// part holds the rows whose key's hash falls in one partition, in chunks
// that are never copied.
type part[T any] struct {
	rows  [][]T      // chunks of at most maxChunkRows rows
	keys  [][]byte   // each row's key, a uvarint length then the bytes; a key never straddles chunks
	tags  [][]uint32 // each row's tag, chunked as rows; nil when untagged
	nrows int
	nkeys int // bytes in keys
}

const (
	maxChunkRows  = 1024
	maxChunkBytes = 16 << 10
)

// Add takes the rows of a batch (sorting it first if it is not sorted),
// which may be Reset and filled again once Add returns.
func (g *Grouper[T]) Add(b *Batch[T]) {
	if !b.sorted {
		b.Sort()
	}
	for p := range Partitions {
		var tags []uint32
		if len(b.ptags) > 0 {
			tags = b.ptags[b.rcut[p]:b.rcut[p+1]]
		}
		g.parts[p].addRun(b.prows[b.rcut[p]:b.rcut[p+1]], b.pkeys[b.kcut[p]:b.kcut[p+1]], tags)
	}
	g.rows += len(b.prows)
	g.bytes += int64(len(b.prows))*int64(unsafe.Sizeof(*new(T))) + int64(len(b.pkeys)) + 4*int64(len(b.ptags))
}

// Len returns the number of rows added.
func (g *Grouper[T]) Len() int { return g.rows }

// Bytes returns the bytes that the rows added take: their own, their keys'
// and their tags'.
func (g *Grouper[T]) Bytes() int64 { return g.bytes }

// addRun appends a run of rows with their length-prefixed keys and tags.
func (p *part[T]) addRun(rows []T, keys []byte, tags []uint32) {
	if len(rows) == 0 {
		return
	}
	p.nrows += len(rows)
	p.nkeys += len(keys)
	appendChunked(&p.rows, rows)
	if len(tags) > 0 {
		appendChunked(&p.tags, tags)
	}
	m := len(p.keys)
	if m == 0 || cap(p.keys[m-1])-len(p.keys[m-1]) < len(keys) {
		size := 256
		if m > 0 {
			size = min(2*cap(p.keys[m-1]), maxChunkBytes)
		}
		p.keys = append(p.keys, make([]byte, 0, max(size, len(keys))))
		m++
	}
	p.keys[m-1] = append(p.keys[m-1], keys...)
}

// appendChunked appends vs to the chunks of *cs, in new chunks of growing
// size up to maxChunkRows, never copying a chunk.
func appendChunked[T any](cs *[][]T, vs []T) {
	for len(vs) > 0 {
		n := len(*cs)
		if n == 0 || len((*cs)[n-1]) == cap((*cs)[n-1]) {
			size := 16
			if n > 0 {
				size = min(2*cap((*cs)[n-1]), maxChunkRows)
			}
			*cs = append(*cs, make([]T, 0, size))
			n++
		}
		c := &(*cs)[n-1]
		k := min(len(vs), cap(*c)-len(*c))
		*c = append(*c, vs[:k]...)
		vs = vs[k:]
	}
}

// Groups is the rows of one partition grouped by key, keys numbered from 0
// in the order of their first row. It is valid until the function that
// Group called with it returns; the rows and tags it hands out may be
// changed in place (reordered, compacted) until then.
type Groups[T any] struct {
	keys  []byte // the partition's keys, each a uvarint length then the bytes, in row order
	t     table
	start []int32 // per key, and one more: key k's rows are rows[start[k]:start[k+1]]
	rows  []T
	tags  []uint32 // beside rows; empty when the rows have no tags

	// scratch
	key  []uint32 // each row's key number
	next []int32
}

// Len returns the number of keys.
func (g *Groups[T]) Len() int { return len(g.t.hash) }

// Key returns key k.
func (g *Groups[T]) Key(k int) []byte {
	at := g.t.start[k]
	return g.keys[at : at+g.t.size[k]]
}

// Hash returns the hash of key k, as Hash computes it.
func (g *Groups[T]) Hash(k int) uint64 { return g.t.hash[k] }

// Rows returns key k's rows, in the order they were added.
func (g *Groups[T]) Rows(k int) []T { return g.rows[g.start[k]:g.start[k+1]] }

// Tags returns the tags of key k's rows, beside them; nil when the rows
// have no tags.
func (g *Groups[T]) Tags(k int) []uint32 {
	if len(g.tags) == 0 {
		return nil
	}
	return g.tags[g.start[k]:g.start[k+1]]
}

// group groups the rows of p, and lets p's rows go.
func (g *Groups[T]) group(p *part[T]) {
	// Number the keys.
	flat := g.keys[:0]
	for _, c := range p.keys {
		flat = append(flat, c...)
	}
	g.keys, p.keys = flat, nil
	g.t.reset(p.nrows / 2)
	key := growTo(&g.key, p.nrows)
	at := 0
	for i := range p.nrows {
		n, k := uvarint(flat[at:])
		at += k
		key[i] = g.t.lookup(Hash(flat[at:at+int(n)]), flat, uint32(at), uint32(n))
		at += int(n)
	}
	n := len(g.t.hash)

	// Bucket the rows by key: a counting sort, which keeps their order.
	g.start = growTo(&g.start, n+1)
	start := g.start
	clear(start)
	for _, k := range key {
		start[k+1]++
	}
	for k := 1; k <= n; k++ {
		start[k] += start[k-1]
	}
	next := growTo(&g.next, n)
	if len(p.tags) > 0 {
		g.tags = growTo(&g.tags, p.nrows)
		scatter(g.tags, p.tags, key, start, next)
		p.tags = nil
	} else {
		g.tags = g.tags[:0]
	}
	g.rows = growTo(&g.rows, p.nrows)
	scatter(g.rows, p.rows, key, start, next)
	p.rows = nil
}

// Group groups each partition's rows by key and calls f with them, once
// per partition, on every core at once: partitions come in no particular
// order, part says which one it is. Each goroutine has a W of its own,
// zero at first, that f may keep scratch memory in. A partition's rows are
// let go once grouped: the Grouper holds no rows when Group returns.
func Group[T, W any](g *Grouper[T], f func(w *W, part int, gs *Groups[T])) {
	Each(func(w *worker[T, W], p int) {
		w.gs.group(&g.parts[p])
		g.parts[p] = part[T]{}
		f(&w.w, p, &w.gs)
	})
	g.rows, g.bytes = 0, 0
}

// worker is what one goroutine of Group keeps.
type worker[T, W any] struct {
	gs Groups[T]
	w  W
}

// Each calls f once for each partition number, on every core at once.
// Each goroutine has a W of its own, zero at first, that f may keep
// scratch memory in.
func Each[W any](f func(w *W, part int)) {
	work := make(chan int, Partitions)
	for p := range Partitions {
		work <- p
	}
	close(work)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var w W
			for p := range work {
				f(&w, p)
			}
		})
	}
	wg.Wait()
}

// table numbers the distinct keys of one partition.
type table struct {
	slots []uint32 // open addressing: key number + 1, 0 if empty
	hash  []uint64 // per key
	start []uint32 // per key: where it starts in the partition's keys
	size  []uint32 // per key: its length
}

func (t *table) reset(rows int) {
	n := 16
	for n < rows {
		n *= 2
	}
	if cap(t.slots) >= n {
		t.slots = t.slots[:n]
		clear(t.slots)
	} else {
		t.slots = make([]uint32, n)
	}
	t.hash, t.start, t.size = t.hash[:0], t.start[:0], t.size[:0]
}

// lookup returns the number of the key at keys[at:at+n], whose hash is h,
// adding the key if new. The hash's low bits picked the partition: the
// slot comes from the bits above them.
func (t *table) lookup(h uint64, keys []byte, at, n uint32) uint32 {
	if 2*len(t.hash) >= len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	key := keys[at : at+n]
	for i := (h >> partitionBits) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			k := uint32(len(t.hash))
			t.slots[i] = k + 1
			t.hash = append(t.hash, h)
			t.start = append(t.start, at)
			t.size = append(t.size, n)
			return k
		}
		if k := s - 1; t.hash[k] == h && t.size[k] == n {
			if at2 := t.start[k]; bytes.Equal(keys[at2:at2+n], key) {
				return k
			}
		}
	}
}

func (t *table) grow() {
	n := max(16, 2*len(t.slots))
	t.slots = make([]uint32, n)
	mask := uint64(n - 1)
	for k, h := range t.hash {
		i := (h >> partitionBits) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = uint32(k) + 1
	}
}

// growTo returns (*s)[:n], reallocating when it is too small.
// scatter puts the elements of chunks, the i-th of them with key key[i],
// into dst by key, where the counting sort's start says each key's begin
// (next is scratch of one per key): each key's elements keep their order.
func scatter[E any](dst []E, chunks [][]E, key []uint32, start, next []int32) {
	copy(next, start[:len(next)])
	i := 0
	for _, chunk := range chunks {
		for _, e := range chunk {
			k := key[i]
			dst[next[k]] = e
			next[k]++
			i++
		}
	}
}

func growTo[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n, n+n/4)
	}
	return (*s)[:n]
}
