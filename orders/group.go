package orders

import (
	"bytes"
	"encoding/binary"
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
}

func (b *batch) id(i int) []byte {
	start := uint32(0)
	if i > 0 {
		start = b.end[i-1]
	}
	return b.ids[start:b.end[i]]
}

func (b *batch) reset() {
	b.rows, b.hash, b.ids, b.end = b.rows[:0], b.hash[:0], b.ids[:0], b.end[:0]
}

func (b *batch) add(r row, id []byte) {
	b.rows = append(b.rows, r)
	b.hash = append(b.hash, xxhash.Sum64(id))
	b.ids = append(b.ids, id...)
	b.end = append(b.end, uint32(len(b.ids)))
}

// partition holds the rows whose customer id hash falls in it.
type partition struct {
	rows []row
	ids  []byte // each row's customer id: a uvarint length, then the bytes

	// Results of finish.
	out   []Customer
	stats Stats // the counts finish adds
}

// grouper assigns rows to partitions.
type grouper struct {
	parts [partitions]partition
}

// add partitions one batch.
func (g *grouper) add(b *batch) {
	for i, h := range b.hash {
		p := &g.parts[h&(partitions-1)]
		p.rows = append(p.rows, b.rows[i])
		id := b.id(i)
		p.ids = binary.AppendUvarint(p.ids, uint64(len(id)))
		p.ids = append(p.ids, id...)
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
			var t table
			zone := o.zone.Clone()
			for p := range work {
				g.parts[p].finish(o, zone, &t)
			}
		}()
	}
	wg.Wait()
	n := 0
	for p := range g.parts {
		st.add(&g.parts[p].stats)
		n += len(g.parts[p].out)
	}
	customers := make([]Customer, 0, n)
	for p := range g.parts {
		customers = append(customers, g.parts[p].out...)
		g.parts[p] = partition{}
	}
	return customers
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

// finish builds the partition's customers from its rows.
func (p *partition) finish(o finishOptions, zone *dates.Zone, t *table) {
	// Number the customers and note each row's.
	t.reset(len(p.rows) / 2)
	cust := make([]uint32, len(p.rows))
	at := 0
	for i := range p.rows {
		n, w := binary.Uvarint(p.ids[at:])
		at += w
		c := t.lookup(xxhash.Sum64(p.ids[at:at+int(n)]), p.ids, uint32(at), uint32(n))
		cust[i] = c
		at += int(n)
	}
	n := len(t.hash)
	// Bucket the rows by customer (a counting sort keeps input order).
	start := make([]int32, n+1)
	for _, c := range cust {
		start[c+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	sorted := make([]row, len(p.rows))
	next := slices.Clone(start[:n])
	for i, r := range p.rows {
		sorted[next[cust[i]]] = r
		next[cust[i]]++
	}
	ids := string(p.ids) // one allocation for every id of the partition
	p.rows, p.ids, cust = nil, nil, nil
	p.out = make([]Customer, 0, n)
	all := make([]Order, 0, len(sorted))
	for c := range n {
		rows := p.merge(sorted[start[c]:start[c+1]], o)
		first := len(all)
		for _, r := range rows {
			if r.kind == kindPurchase && p.keep(r, o, zone) {
				all = append(all, Order{Time: r.time, Amount: r.amount, Day: zone.Day(r.time), Items: r.items})
			}
		}
		mid := len(all)
		for _, r := range rows {
			if r.kind != kindPurchase && p.keep(r, o, zone) {
				all = append(all, Order{Time: r.time, Amount: r.amount, Day: zone.Day(r.time), Items: r.items})
			}
		}
		last := len(all)
		if last == first {
			continue
		}
		s := t.start[c]
		p.out = append(p.out, Customer{ID: ids[s : s+t.size[c]], Purchases: all[first:mid:mid], Returns: all[mid:last:last]})
	}
}

// keep says whether a merged order belongs in the histories, counting the
// ones that do not.
func (p *partition) keep(r row, o finishOptions, zone *dates.Zone) bool {
	st := &p.stats
	switch {
	case r.kind == kindCancelled:
		st.CancelledOrders++
		st.CancelledValue += r.amount
	case zone.Day(r.time) > o.asOf:
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
	if o.hasOrders {
		slices.SortFunc(rows, func(a, b row) int {
			switch {
			case a.key != b.key:
				return cmp3(a.key < b.key)
			case a.kind != b.kind:
				return int(a.kind) - int(b.kind)
			case a.time != b.time:
				return cmp3(a.time < b.time)
			case a.amount != b.amount:
				return cmp3(a.amount < b.amount)
			}
			return 0
		})
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
	// Time order; ties keep the order above (by order id), so the result
	// does not depend on the input's row order.
	slices.SortStableFunc(rows, func(a, b row) int {
		if a.time != b.time {
			return cmp3(a.time < b.time)
		}
		return 0
	})
	return rows
}

func cmp3(less bool) int {
	if less {
		return -1
	}
	return 1
}
