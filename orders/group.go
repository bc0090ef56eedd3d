package orders

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"runtime"
	"slices"
	"sync"

	"github.com/cespare/xxhash/v2"

	"lifecycle/dates"
	"lifecycle/internal/mem"
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

// row is one parsed row, or a run of adjacent lines of one order, packed
// in 24 bytes: a read holds every row in memory until it is grouped, ten
// million of them for a large export. What else a read keeps of a row (its
// attributes: see attributes.go) is kept beside the rows, in a column of
// the batch and the partition that only a read asking for it fills.
type row struct {
	amount money.Amount
	t      int64  // the time in Unix seconds
	key    uint64 // the order id's hash, or a unique row number, with the kind in the low 2 bits
}

// Times a row can hold: 48 bits of seconds, about four million years
// either side of 1970, whose days are an int32.
const (
	minRowTime = -1 << 47
	maxRowTime = 1<<47 - 1
)

// newRow packs a row. key's low 2 bits are replaced by kind.
func newRow(t int64, amount money.Amount, key uint64, kind uint8) row {
	return row{amount: amount, t: t, key: key&^3 | uint64(kind)}
}

func (r row) time() int64 { return r.t }
func (r row) kind() uint8 { return uint8(r.key & 3) }

// batch is a block of parsed rows with their customer ids.
type batch struct {
	rows []row
	hash []uint64 // hash of each row's customer id
	ids  []byte   // customer ids, back to back
	end  []uint32 // end of each row's id in ids
	// attrs is each row's combination of attribute values (see
	// attributes.go), in a read that asks for attributes; else empty.
	attrs []uint32

	// After sort: the rows, ids and attribute combinations by partition.
	sorted     bool
	prows      []row
	pids       []byte
	pattrs     []uint32
	rcut, icut [partitions + 1]int32 // partition p's rows are prows[rcut[p]:rcut[p+1]]
}

func (b *batch) reset() {
	b.rows, b.hash, b.ids, b.end, b.attrs = b.rows[:0], b.hash[:0], b.ids[:0], b.end[:0], b.attrs[:0]
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
	if len(b.attrs) > 0 {
		b.pattrs = growTo(&b.pattrs, len(b.rows))
	} else {
		b.pattrs = b.pattrs[:0]
	}
	rnext, inext := count, bytesIn
	start = 0
	for i, h := range b.hash {
		p := h & (partitions - 1)
		b.prows[rnext[p]] = b.rows[i]
		if len(b.attrs) > 0 {
			b.pattrs[rnext[p]] = b.attrs[i]
		}
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

// id returns the customer id of row i.
func (b *batch) id(i int) []byte {
	start := uint32(0)
	if i > 0 {
		start = b.end[i-1]
	}
	return b.ids[start:b.end[i]]
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
	rows  [][]row    // chunks of at most maxChunkRows rows
	ids   [][]byte   // each row's customer id, a uvarint length then the bytes; an id never straddles chunks
	attrs [][]uint32 // each row's attribute combination, chunked as rows; nil when the read asks for none
	nrows int
	nids  int // bytes in ids

	// Set by build, for fill.
	ends   []custEnd // per customer shown
	orders []Order
	names  string
	groups []uint32 // per customer shown, with attributes: its first purchase's combination
	first  int      // where the partition's customers go in the result
	stats  Stats    // the counts finish adds
	keys   []uint64 // scratch for merge
	// owners are the partition's order ids with their customers and
	// files, in a read of several files (see twoStores).
	owners []orderOwner
}

const (
	maxChunkRows  = 1024
	maxChunkBytes = 16 << 10
)

// addRun appends a run of rows with their length-prefixed ids and, when
// the read asks for attributes, their combinations.
func (p *partition) addRun(rows []row, ids []byte, attrs []uint32) {
	if len(rows) == 0 {
		return
	}
	p.nrows += len(rows)
	p.nids += len(ids)
	appendChunked(&p.rows, rows)
	if len(attrs) > 0 {
		appendChunked(&p.attrs, attrs)
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

// grouper assigns rows to partitions.
type grouper struct {
	parts [partitions]partition
	// owners are every partition's, once finished: see twoStores.
	owners []orderOwner
}

// add partitions one batch.
func (g *grouper) add(b *batch) {
	if !b.sorted {
		b.sort()
	}
	for p := range partitions {
		var attrs []uint32
		if len(b.pattrs) > 0 {
			attrs = b.pattrs[b.rcut[p]:b.rcut[p+1]]
		}
		g.parts[p].addRun(b.prows[b.rcut[p]:b.rcut[p+1]], b.pids[b.icut[p]:b.icut[p+1]], attrs)
	}
}

// finishOptions are what finish needs to know of the read.
type finishOptions struct {
	zone      *dates.Zone
	asOf      int32
	hasOrders bool // some file had an order column: merge rows by order id
	dedupe    bool // order-level export: identical repeats are duplicates
	ignore    bool // --returns ignore
	attrs     bool // the read asks for attributes (or has a ColGroup column)
	keep      bool // Options.KeepMemory
	// files says each row's file number is in its attribute column (a
	// read of several files: see overlap.go); noID says which files (by
	// number) have no order column.
	files     bool
	fileShift uint8
	noID      []bool
	refunds   refundMarks // the refunds read, sorted
}

// finish turns every partition's rows into customer histories, on every
// core, with the counts of what was left out added to st. Customers come
// partition by partition, each partition's in order of first appearance:
// an order that depends only on the input. With attributes, each
// customer's combination (its first purchase's) goes to groups.
func (g *grouper) finish(o finishOptions, st *Stats) (customers []Customer, groups []uint32) {
	// Each partition is built on its own, on every core, into pointer-free
	// orders, ids and bounds; its rows are dropped as soon as it is built,
	// so that the rows of the partitions still to build and the histories
	// of those built take about the memory the rows took at the end of the
	// read. The customers, whose pointers the garbage collector must follow,
	// are made last, in one slice.
	g.each(o, func(p *partition, w *finisher) { p.build(o, w) })
	total, rows := 0, 0
	for p := range g.parts {
		g.parts[p].first = total
		total += len(g.parts[p].ends)
		rows += g.parts[p].nrows
		st.add(&g.parts[p].stats)
		g.owners = append(g.owners, g.parts[p].owners...)
		g.parts[p].owners = nil
	}
	// The partitions' rows are garbage now: collect them and give their
	// memory back to the system, which the customers' slice (one block,
	// where the rows were in small ones) could not reuse. The heap holds few
	// pointers yet, so the collection is quick. Then no collection while
	// the customers are filled in: one started by their allocation would
	// run beside the filling, which writes millions of pointers, each
	// through the collector's write barrier. Filling allocates nothing.
	// A small read (a test, a fuzzer's input) skips both: they cost more
	// than they save there. With keep, the memory is collected but kept
	// for the caller.
	if rows >= bigRead {
		if o.keep {
			mem.Release()
		} else {
			mem.ReleaseToSystem()
		}
		defer mem.Pause()()
	}
	customers = make([]Customer, total)
	if o.attrs {
		groups = make([]uint32, total)
	}
	g.each(o, func(p *partition, w *finisher) {
		p.fill(customers[p.first : p.first+len(p.ends)])
		if o.attrs {
			copy(groups[p.first:], p.groups)
		}
		*p = partition{}
	})
	return customers, groups
}

// bigRead is the number of rows from which finish collects the rows'
// memory and gives it back before making the customers.
var bigRead = 1 << 20 // a variable so that tests can make it small

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
	flat        []byte   // the partition's ids, back to back
	cust        []uint32 // each row's customer number
	show        []bool   // per customer: has an order to show
	start, next []int32
	sorted      []row
	merged      []int32  // per customer: rows after merging
	attrs       []uint32 // with attributes: sorted's combinations, then merged rows'
	pairs       []keyAttr
	overlap     overlapScratch
}

// growTo returns (*s)[:n], reallocating when it is too small.
func growTo[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n, n+n/4)
	}
	return (*s)[:n]
}

// custEnd is where a customer's orders and id end in its partition's
// orders and names: its purchases are orders[previous ret:purch], its
// returns orders[purch:ret].
type custEnd struct {
	purch, ret, name uint32
}

// build turns the partition's rows into its customers' orders, ids and
// bounds (see custEnd), counting what it leaves out, and drops the rows.
func (p *partition) build(o finishOptions, w *finisher) {
	zone, sc, t := w.zone, &w.sc, &w.t

	// Number the customers by id.
	flat := sc.flat[:0]
	for _, c := range p.ids {
		flat = append(flat, c...)
	}
	sc.flat, p.ids = flat, nil
	t.reset(p.nrows / 2)
	cust := growTo(&sc.cust, p.nrows)
	at := 0
	for i := range p.nrows {
		n, k := binary.Uvarint(flat[at:])
		at += k
		cust[i] = t.lookup(xxhash.Sum64(flat[at:at+int(n)]), flat, uint32(at), uint32(n))
		at += int(n)
	}
	n := len(t.hash)

	// Bucket the rows by customer (a counting sort keeps input order) and
	// note who has an order to show: a row that is not a cancellation (nor
	// an ignored return) on or before the as-of day.
	start := growTo(&sc.start, n+1)
	clear(start)
	for _, c := range cust {
		start[c+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	sorted := growTo(&sc.sorted, p.nrows)
	next := growTo(&sc.next, n)
	copy(next, start[:n])
	show := growTo(&sc.show, n)
	clear(show)
	end := zone.DayStart(o.asOf + 1) // rows before this instant are on or before the as-of day
	var attrs []uint32
	if o.attrs || o.files {
		attrs = growTo(&sc.attrs, p.nrows)
		i := 0
		for _, chunk := range p.attrs {
			for _, a := range chunk {
				attrs[next[cust[i]]] = a
				next[cust[i]]++
				i++
			}
		}
		copy(next, start[:n])
		p.attrs = nil
	}
	i := 0
	for _, chunk := range p.rows {
		for _, r := range chunk {
			c := cust[i]
			sorted[next[c]] = r
			next[c]++
			if k := r.kind(); k != kindCancelled && k != kindUnpaid && !(k == kindReturn && o.ignore) && r.time() < end {
				show[c] = true
			}
			i++
		}
	}
	p.rows = nil

	// Merge each customer's rows into orders, in place, and judge them,
	// noting in the key (keeping the kind) whether each is kept, and its
	// day; then lay out the kept orders of the customers shown, purchases
	// before returns.
	const keptBit = 1 << 40
	day := func(r row) int32 { return int32(uint32(r.key >> 2)) }
	merged := growTo(&sc.merged, n)
	kept, shown, size := 0, 0, 0
	for c := range n {
		in := sorted[start[c]:start[c+1]]
		if o.files && len(in) > 0 {
			side := attrs[start[c]:start[c+1]]
			p.owners = ownersOf(p.owners, in, side, o.fileShift, o.noID, t.hash[c])
			if n := p.resolveOverlaps(in, side, o.fileShift, o.noID, o.dedupe, o.refunds, &sc.overlap); n < len(in) {
				in = in[:n]
				show[c] = false // judged again on the rows kept
				for _, r := range in {
					if k := r.kind(); k != kindCancelled && k != kindUnpaid && !(k == kindReturn && o.ignore) && r.time() < end {
						show[c] = true
					}
				}
			}
		}
		if o.attrs {
			sc.pairs = pairsOf(sc.pairs[:0], in, attrs[start[c]:start[c+1]])
		}
		rows := p.merge(in, o)
		merged[c] = int32(len(rows))
		if o.attrs {
			for j, r := range rows {
				attrs[int(start[c])+j] = attrOf(sc.pairs, r.key)
			}
		}
		for j := range rows {
			r := &rows[j]
			d := zone.Day(r.time())
			r.key = uint64(uint32(d))<<2 | uint64(r.kind())
			if p.keep(*r, d, o) {
				r.key |= keptBit
				kept++
			}
		}
		if show[c] {
			shown++
			size += int(t.size[c])
		}
	}
	orders := make([]Order, 0, kept)
	names := make([]byte, 0, size)
	p.ends = make([]custEnd, 0, shown)
	if o.attrs {
		p.groups = make([]uint32, 0, shown)
	}
	attrOfRow := func(c, j int) uint32 { return 0 }
	if o.attrs {
		attrOfRow = func(c, j int) uint32 { return attrs[int(start[c])+j] }
	}
	prevEnd := 0
	for c := range n {
		rows := sorted[start[c] : start[c]+merged[c]]
		group, grouped := uint32(0), false
		for j, r := range rows {
			if r.key&keptBit != 0 && r.kind() == kindPurchase {
				a := attrOfRow(c, j)
				orders = append(orders, Order{Amount: r.amount, Day: day(r), attrs: a})
				if !grouped {
					group, grouped = a, true
				}
			}
		}
		purch := len(orders)
		for j, r := range rows {
			if r.key&keptBit != 0 && r.kind() != kindPurchase {
				orders = append(orders, Order{Amount: r.amount, Day: day(r), attrs: attrOfRow(c, j)})
			}
		}
		if !show[c] {
			// Only cancellations, ignored returns or orders after the
			// as-of day: nothing can have been kept.
			if len(orders) != prevEnd {
				panic("orders: kept an order of a customer not shown")
			}
			continue
		}
		if !grouped && len(rows) > 0 {
			group = attrOfRow(c, 0)
		}
		names = append(names, flat[t.start[c]:t.start[c]+t.size[c]]...)
		p.ends = append(p.ends, custEnd{purch: uint32(purch), ret: uint32(len(orders)), name: uint32(len(names))})
		if o.attrs {
			p.groups = append(p.groups, group)
		}
		prevEnd = len(orders)
	}
	p.orders, p.names = orders, string(names)
}

// fill makes the histories of the partition's customers, built by build,
// into out.
func (p *partition) fill(out []Customer) {
	var prev custEnd
	for k, e := range p.ends {
		out[k] = Customer{
			ID:        p.names[prev.name:e.name],
			Purchases: p.orders[prev.ret:e.purch:e.purch],
			Returns:   p.orders[e.purch:e.ret:e.ret],
		}
		prev = e
	}
}

// keyAttr is the attribute combination of a row with a key (an order).
type keyAttr struct {
	key  uint64
	attr uint32
}

// pairsOf appends to pairs the key and combination of each of a
// customer's rows, in input order, for attrOf once merge has merged them
// into orders: an order's attribute values are those of its first row in
// the input. Heavy buyers' pairs are sorted by key (stably: the first row
// of a key stays first) for a binary search.
func pairsOf(pairs []keyAttr, rows []row, attrs []uint32) []keyAttr {
	for j, r := range rows {
		pairs = append(pairs, keyAttr{r.key, attrs[j] & attrMask})
	}
	if len(pairs) > 16 {
		slices.SortStableFunc(pairs, func(a, b keyAttr) int { return cmp.Compare(a.key, b.key) })
	}
	return pairs
}

// attrOf returns the combination of the first row with the key.
func attrOf(pairs []keyAttr, key uint64) uint32 {
	if len(pairs) > 16 {
		i, _ := slices.BinarySearchFunc(pairs, key, func(p keyAttr, k uint64) int { return cmp.Compare(p.key, k) })
		return pairs[i].attr
	}
	for _, p := range pairs {
		if p.key == key {
			return p.attr
		}
	}
	panic("orders: a merged order with no row")
}

// keep says whether a merged order belongs in the histories, counting the
// ones that do not.
func (p *partition) keep(r row, day int32, o finishOptions) bool {
	st := &p.stats
	switch {
	case r.kind() == kindCancelled:
		st.CancelledOrders++
		st.CancelledValue += r.amount
	case r.kind() == kindUnpaid:
		st.UnpaidOrders++
		st.UnpaidValue += r.amount
	case day > o.asOf:
		st.AfterAsOf++
		st.AfterAsOfValue += r.amount
	case r.kind() == kindReturn && o.ignore:
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
		prev := rows[0] // identical rows are adjacent once sorted
		for _, r := range rows[1:] {
			q := &out[len(out)-1]
			if r.key != q.key { // the key holds the kind
				out = append(out, r)
				prev = r
				continue
			}
			if o.dedupe && r == prev {
				p.stats.Duplicates++
				p.stats.DuplicateValue += r.amount
				continue
			}
			prev = r
			q.t = min(q.t, r.t) // the earliest time
			q.amount += r.amount
		}
		rows = out
	}
	// Time order. Ties are ordered by order id, so the result does not
	// depend on the input's row order; without order ids they keep the
	// input's order. Rows usually come in time order already.
	inOrder := true
	for i := 1; i < len(rows); i++ {
		if rows[i].t <= rows[i-1].t {
			inOrder = false
			break
		}
	}
	switch {
	case inOrder:
	case o.hasOrders:
		slices.SortFunc(rows, byTime)
	default:
		slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.time(), b.time()) })
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
			if rows[i].key == rows[j].key { // the key holds the kind
				return false
			}
		}
	}
	return true
}

// byOrder sorts rows by order id and kind, then time and amount.
func byOrder(a, b row) int {
	if c := cmp.Compare(a.key, b.key); c != 0 { // the key holds the kind
		return c
	}
	if c := cmp.Compare(a.t, b.t); c != 0 {
		return c
	}
	return cmp.Compare(a.amount, b.amount)
}

// byTime sorts rows by time, then as byOrder.
func byTime(a, b row) int {
	if c := cmp.Compare(a.time(), b.time()); c != 0 {
		return c
	}
	return byOrder(a, b)
}
