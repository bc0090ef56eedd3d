package orders

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/cespare/xxhash/v2"

	"lifecycle/dates"
	"lifecycle/money"
)

// Grouping rows by customer is the costly part of reading a large export:
// the rows come in time order, so each one belongs to a random customer of
// millions, and one hash table of all customers is far larger than the
// processor's caches: every lookup would wait on memory. So rows are
// grouped in two steps (radix-partitioned aggregation). While the file is
// parsed, each row is appended to one of 1,024 partitions chosen by the hash
// of its customer id: sequential writes, no lookup. At the end, each
// partition (about a thousandth of the customers) is grouped with its own
// small hash table, which stays in cache, and partitions are grouped on every
// core at once.

const (
	partitionBits = 10
	partitions    = 1 << partitionBits
	batchRows     = 1 << 14
)

// row is one parsed row, or a run of adjacent lines of one order.
type row struct {
	time   int64
	amount money.Amount
	key    uint64 // order id hash, or a unique row number without an order id
	items  int32
	kind   uint8
}

// batch is a block of parsed rows with their customer ids.
type batch struct {
	rows []row
	hash []uint64 // hash of each row's customer id
	ids  []byte   // customer ids, back to back
	end  []uint32 // end of each row's id in ids

	// After sort: the rows and ids by partition.
	sorted     bool
	prows      []row
	pids       []byte
	rcut, icut [partitions + 1]int32 // partition p's rows are prows[rcut[p]:rcut[p+1]]
}

func (b *batch) reset() {
	b.rows, b.hash, b.ids, b.end = b.rows[:0], b.hash[:0], b.ids[:0], b.end[:0]
	b.sorted = false
}

// sort orders the batch's rows by partition (a counting sort, which keeps
// their order within a partition), with each row's id, length-prefixed, in
// the same order in pids, so that the grouper copies whole runs. Done by
// the goroutine that parsed the batch, it takes per-row work off the
// grouper, which is one goroutine for all.
func (b *batch) sort() {
	var count [partitions + 1]int32
	var bytesIn [partitions + 1]int32
	start := uint32(0)
	for i, h := range b.hash {
		p := h & (partitions - 1)
		count[p+1]++
		n := b.end[i] - start
		bytesIn[p+1] += int32(n) + int32(uvarintLen(uint64(n)))
		start = b.end[i]
	}
	for p := 1; p <= partitions; p++ {
		count[p] += count[p-1]
		bytesIn[p] += bytesIn[p-1]
	}
	b.rcut, b.icut = count, bytesIn
	b.prows = growTo(&b.prows, len(b.rows))
	b.pids = growTo(&b.pids, int(bytesIn[partitions]))
	rnext, inext := count, bytesIn
	start = 0
	for i, h := range b.hash {
		p := h & (partitions - 1)
		b.prows[rnext[p]] = b.rows[i]
		rnext[p]++
		id := b.ids[start:b.end[i]]
		start = b.end[i]
		at := inext[p]
		at += int32(binary.PutUvarint(b.pids[at:], uint64(len(id))))
		at += int32(copy(b.pids[at:], id))
		inext[p] = at
	}
	b.sorted = true
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

func (b *batch) add(r row, id []byte) {
	b.rows = append(b.rows, r)
	b.hash = append(b.hash, xxhash.Sum64(id))
	b.ids = append(b.ids, id...)
	b.end = append(b.end, uint32(len(b.ids)))
}

// partition holds the rows whose customer id hash falls in it. Rows and
// ids are kept in chunks that are never copied, so that reading leaves no
// garbage behind and memory stays close to what the rows need.
type partition struct {
	rows  [][]row  // chunks of at most maxChunkRows rows
	ids   [][]byte // each row's customer id, a uvarint length then the bytes; an id never straddles chunks
	nrows int
	nids  int // bytes in ids

	// Set by number, for build.
	flat  []byte   // the ids, back to back
	cust  []uint32 // each row's customer number
	idAt  []uint32 // per customer: where its id starts in flat
	idLen []uint32 // per customer: the id's length
	show  []bool   // per customer: has an order to show
	kept  int      // customers to show
	first int      // where the partition's customers go in the result
	stats Stats    // the counts finish adds
	keys  []uint64 // scratch for merge
}

const (
	maxChunkRows  = 1024
	maxChunkBytes = 16 << 10
)

// addRun appends a run of rows with their length-prefixed ids.
func (p *partition) addRun(rows []row, ids []byte) {
	if len(rows) == 0 {
		return
	}
	p.nrows += len(rows)
	p.nids += len(ids)
	for len(rows) > 0 {
		n := len(p.rows)
		if n == 0 || len(p.rows[n-1]) == cap(p.rows[n-1]) {
			size := 16
			if n > 0 {
				size = min(2*cap(p.rows[n-1]), maxChunkRows)
			}
			p.rows = append(p.rows, make([]row, 0, size))
			n++
		}
		c := &p.rows[n-1]
		k := min(len(rows), cap(*c)-len(*c))
		*c = append(*c, rows[:k]...)
		rows = rows[k:]
	}
	m := len(p.ids)
	if m == 0 || cap(p.ids[m-1])-len(p.ids[m-1]) < len(ids) {
		size := 256
		if m > 0 {
			size = min(2*cap(p.ids[m-1]), maxChunkBytes)
		}
		p.ids = append(p.ids, make([]byte, 0, max(size, len(ids))))
		m++
	}
	p.ids[m-1] = append(p.ids[m-1], ids...)
}

// grouper assigns rows to partitions.
type grouper struct {
	parts [partitions]partition
}

// add partitions one batch.
func (g *grouper) add(b *batch) {
	if !b.sorted {
		b.sort()
	}
	for p := range partitions {
		g.parts[p].addRun(b.prows[b.rcut[p]:b.rcut[p+1]], b.pids[b.icut[p]:b.icut[p+1]])
	}
}

// finishOptions are what finish needs to know of the read.
type finishOptions struct {
	zone      *dates.Zone
	asOf      int32
	hasOrders bool // some file had an order column: merge rows by order id
	dedupe    bool // order-level export: identical repeats are duplicates
	ignore    bool // --returns ignore
}

// finish turns every partition's rows into customer histories, on every
// core, with the counts of what was left out added to st. Customers come
// partition by partition, each partition's in order of first appearance:
// an order that depends only on the input.
func (g *grouper) finish(o finishOptions, st *Stats) []Customer {
	// Two passes over the partitions, each on every core: number the
	// customers (and count those with an order to show), then build each
	// partition's histories straight into its place in the one slice of
	// all customers, so that no copy of millions of customers follows.
	g.each(o, func(p *partition, w *finisher) { p.number(o, w) })
	total := 0
	for p := range g.parts {
		g.parts[p].first = total
		total += g.parts[p].kept
	}
	customers := make([]Customer, total)
	g.each(o, func(p *partition, w *finisher) {
		p.build(o, w, customers[p.first:p.first+p.kept])
	})
	for p := range g.parts {
		st.add(&g.parts[p].stats)
		g.parts[p] = partition{}
	}
	return customers
}

// finisher is what one goroutine finishing partitions keeps from one to
// the next: its zone (not safe to share), a table and scratch memory.
type finisher struct {
	zone *dates.Zone
	t    table
	sc   scratch
}

// each runs f on every partition, on every core.
func (g *grouper) each(o finishOptions, f func(*partition, *finisher)) {
	work := make(chan int, partitions)
	for p := range partitions {
		work <- p
	}
	close(work)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &finisher{zone: o.zone.Clone()}
			for p := range work {
				f(&g.parts[p], w)
			}
		}()
	}
	wg.Wait()
}

// table numbers the distinct customer ids of one partition.
type table struct {
	slots []uint32 // open addressing: customer number + 1, 0 if empty
	hash  []uint64 // per customer
	start []uint32 // per customer: where its id starts in the partition's ids
	size  []uint32 // per customer: the id's length
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

// lookup returns the customer number of the id at ids[at:at+n], adding the
// customer if new.
func (t *table) lookup(h uint64, ids []byte, at, n uint32) uint32 {
	if 2*len(t.hash) >= len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	id := ids[at : at+n]
	for i := (h >> partitionBits) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			c := uint32(len(t.hash))
			t.slots[i] = c + 1
			t.hash = append(t.hash, h)
			t.start = append(t.start, at)
			t.size = append(t.size, n)
			return c
		}
		if c := s - 1; t.hash[c] == h && t.size[c] == n {
			if at2 := t.start[c]; bytes.Equal(ids[at2:at2+n], id) {
				return c
			}
		}
	}
}

func (t *table) grow() {
	n := max(16, 2*len(t.slots))
	t.slots = make([]uint32, n)
	mask := uint64(n - 1)
	for c, h := range t.hash {
		i := (h >> partitionBits) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = uint32(c) + 1
	}
}

// scratch is the memory a finishing goroutine reuses from one partition to
// the next.
type scratch struct {
	start, next []int32
	sorted      []row
}

// growTo returns (*s)[:n], reallocating when it is too small.
func growTo[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n, n+n/4)
	}
	return (*s)[:n]
}

// finish builds the partition's customers from its rows.
// number numbers the partition's customers, notes each row's, and counts
// the customers who will have an order to show: one with a row that is not
// a cancellation (nor an ignored return) on or before the as-of day.
func (p *partition) number(o finishOptions, w *finisher) {
	t := &w.t
	p.flat = make([]byte, 0, p.nids)
	for _, c := range p.ids {
		p.flat = append(p.flat, c...)
	}
	p.ids = nil
	ids := p.flat
	t.reset(p.nrows / 2)
	p.cust = make([]uint32, p.nrows)
	at := 0
	for i := range p.nrows {
		n, k := binary.Uvarint(ids[at:])
		at += k
		p.cust[i] = t.lookup(xxhash.Sum64(ids[at:at+int(n)]), ids, uint32(at), uint32(n))
		at += int(n)
	}
	n := len(t.hash)
	p.idAt, p.idLen = slices.Clone(t.start), slices.Clone(t.size)
	p.show = make([]bool, n)
	end := w.zone.DayStart(o.asOf + 1) // rows before this instant are on or before the as-of day
	i := 0
	for _, chunk := range p.rows {
		for _, r := range chunk {
			if r.kind != kindCancelled && !(r.kind == kindReturn && o.ignore) && r.time < end {
				p.show[p.cust[i]] = true
			}
			i++
		}
	}
	for _, s := range p.show {
		if s {
			p.kept++
		}
	}
}

// build makes the histories of the partition's customers into out, which
// has room for exactly the customers number counted.
func (p *partition) build(o finishOptions, w *finisher, out []Customer) {
	zone, sc := w.zone, &w.sc
	n := len(p.idAt)
	// Bucket the rows by customer (a counting sort keeps input order).
	start := growTo(&sc.start, n+1)
	clear(start)
	for _, c := range p.cust {
		start[c+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	sorted := growTo(&sc.sorted, p.nrows)
	next := growTo(&sc.next, n)
	copy(next, start[:n])
	i := 0
	for _, chunk := range p.rows {
		for _, r := range chunk {
			sorted[next[p.cust[i]]] = r
			next[p.cust[i]]++
			i++
		}
	}
	p.rows, p.cust = nil, nil
	// The ids of the customers shown, in one string for the partition.
	size := 0
	for c, l := range p.idLen {
		if p.show[c] {
			size += int(l)
		}
	}
	distinct := make([]byte, 0, size)
	for c := range n {
		if p.show[c] {
			distinct = append(distinct, p.flat[p.idAt[c]:p.idAt[c]+p.idLen[c]]...)
		}
	}
	names := string(distinct)
	p.flat = nil
	off, k := 0, 0
	all := make([]Order, 0, len(sorted))
	for c := range n {
		rows := p.merge(sorted[start[c]:start[c+1]], o)
		first := len(all)
		returns := false
		for _, r := range rows {
			if r.kind != kindPurchase {
				returns = true
			} else if day := zone.Day(r.time); p.keep(r, day, o) {
				all = append(all, Order{Time: r.time, Amount: r.amount, Day: day, Items: r.items})
			}
		}
		mid := len(all)
		for _, r := range rows {
			if !returns {
				break
			}
			if day := zone.Day(r.time); r.kind != kindPurchase && p.keep(r, day, o) {
				all = append(all, Order{Time: r.time, Amount: r.amount, Day: day, Items: r.items})
			}
		}
		last := len(all)
		if !p.show[c] {
			continue
		}
		id := names[off : off+int(p.idLen[c])]
		off += int(p.idLen[c])
		out[k] = Customer{ID: id, Purchases: all[first:mid:mid], Returns: all[mid:last:last]}
		k++
	}
	if k != len(out) {
		panic(fmt.Sprintf("orders: partition built %d customers, counted %d", k, len(out)))
	}
	p.idAt, p.idLen, p.show = nil, nil, nil
}

// keep says whether a merged order belongs in the histories, counting the
// ones that do not.
func (p *partition) keep(r row, day int32, o finishOptions) bool {
	st := &p.stats
	switch {
	case r.kind == kindCancelled:
		st.CancelledOrders++
		st.CancelledValue += r.amount
	case day > o.asOf:
		st.AfterAsOf++
		st.AfterAsOfValue += r.amount
	case r.kind == kindReturn && o.ignore:
		st.IgnoredReturns++
		st.IgnoredReturnValue += r.amount
	default:
		return true
	}
	return false
}

// merge turns a customer's rows into orders in time order: rows sharing an
// order id (and kind) become one order with the earliest time and the summed
// amount; in order-level exports a row identical to another of the same
// order is a duplicate, counted and read once.
func (p *partition) merge(rows []row, o finishOptions) []row {
	if len(rows) < 2 {
		return rows
	}
	if o.hasOrders && !distinctOrders(rows, &p.keys) {
		slices.SortFunc(rows, byOrder)
		out := rows[:1]
		for _, r := range rows[1:] {
			q := &out[len(out)-1]
			if r.key != q.key || r.kind != q.kind {
				out = append(out, r)
				continue
			}
			if o.dedupe && r.time == q.time && r.amount == q.amount && r.items == q.items {
				p.stats.Duplicates++
				p.stats.DuplicateValue += r.amount
				continue
			}
			q.time = min(q.time, r.time)
			q.amount += r.amount
			q.items += r.items
		}
		rows = out
	}
	// Time order. Ties are ordered by order id, so the result does not
	// depend on the input's row order; without order ids they keep the
	// input's order. Rows usually come in time order already.
	inOrder := true
	for i := 1; i < len(rows); i++ {
		if rows[i].time <= rows[i-1].time {
			inOrder = false
			break
		}
	}
	switch {
	case inOrder:
	case o.hasOrders:
		slices.SortFunc(rows, byTime)
	default:
		slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.time, b.time) })
	}
	return rows
}

// distinctOrders reports whether no two rows share an order id (and kind:
// rows of one order id with different kinds are told apart later), by
// pairs for the few rows most customers have, by sorting the keys alone
// (cheap, beside sorting rows) for heavy buyers. keys is scratch memory.
func distinctOrders(rows []row, keys *[]uint64) bool {
	if len(rows) > 16 {
		k := (*keys)[:0]
		for _, r := range rows {
			k = append(k, r.key)
		}
		*keys = k
		slices.Sort(k)
		for i := 1; i < len(k); i++ {
			if k[i] == k[i-1] {
				return false
			}
		}
		return true
	}
	for i := range rows {
		for j := i + 1; j < len(rows); j++ {
			if rows[i].key == rows[j].key && rows[i].kind == rows[j].kind {
				return false
			}
		}
	}
	return true
}

// byOrder sorts rows by order id and kind, then time and amount.
func byOrder(a, b row) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	if c := cmp.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	if c := cmp.Compare(a.time, b.time); c != 0 {
		return c
	}
	return cmp.Compare(a.amount, b.amount)
}

// byTime sorts rows by time, then as byOrder.
func byTime(a, b row) int {
	if c := cmp.Compare(a.time, b.time); c != 0 {
		return c
	}
	return byOrder(a, b)
}
