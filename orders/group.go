package orders

import (
	"lifecycle/dates"
	"lifecycle/internal/group"
	"lifecycle/internal/mem"
	"lifecycle/money"
)

// A read hands its rows, each with its customer id, to a grouper, which
// groups them by customer (internal/group: how the rows of ten million
// orders are grouped fast, and what it guarantees) and, once every file is
// read, makes each customer's rows into its history (build, in
// customers.go: the rules).

// row is one parsed row, or a run of adjacent lines of one order, packed
// in 24 bytes: a read holds every row in memory until it is grouped, ten
// million of them for a large export. What else a read keeps of a row (its
// attributes: see attributes.go; its file's number: see overlap.go) is
// kept beside it, as its tag in the grouper, which only a read asking for
// it fills.
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

// batch is a block of parsed rows with their customer ids and, in a read
// that keeps attributes or reads several files, each row's attribute
// column (see attributes.go and overlap.go) as its tag.
type batch = group.Batch[row]

// grouper groups a read's rows by customer, then builds the histories.
type grouper struct {
	rows  group.Grouper[row]
	parts [group.Partitions]partition
	// owners are every partition's, once finished: see twoStores.
	owners []orderOwner
}

// partition is what build makes of the customers of one of the grouper's
// partitions, for fill.
type partition struct {
	ends   []custEnd // per customer shown
	orders []Order
	names  string
	groups []uint32 // per customer shown, with attributes: its group (see layOut)
	first  int      // where the partition's customers go in the result
	stats  Stats    // the counts finish adds
	// owners are the partition's order ids with their customers and
	// files, in a read of several files (see twoStores).
	owners []orderOwner
}

// custEnd is where a customer's orders and id end in its partition's
// orders and names: its purchases are orders[previous ret:purch], its
// returns orders[purch:ret].
type custEnd struct {
	purch, ret, name uint32
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
// customer's combination (see layOut) goes to groups.
func (g *grouper) finish(o finishOptions, st *Stats) (customers []Customer, groups []uint32) {
	// Each partition is built on its own, on every core, into pointer-free
	// orders, ids and bounds, its rows let go as it is grouped, so that the
	// rows of the partitions still to build and the histories of those
	// built take about the memory the rows took at the end of the read.
	// The customers, whose pointers the garbage collector must follow, are
	// made last, in one slice.
	rows := g.rows.Len()
	group.Group(&g.rows, func(w *finisher, p int, gs *group.Groups[row]) {
		if w.zone == nil {
			w.zone = o.zone.Clone()
		}
		g.parts[p].build(gs, o, w)
	})
	total := 0
	for p := range g.parts {
		g.parts[p].first = total
		total += len(g.parts[p].ends)
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
	group.Each(func(_ *struct{}, i int) {
		p := &g.parts[i]
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
// the next: its zone (not safe to share) and scratch memory.
type finisher struct {
	zone    *dates.Zone
	show    []bool  // per customer: has an order to show
	merged  []int32 // per customer: its orders, once its rows are merged
	keys    []uint64
	pairs   []keyAttr
	overlap overlapScratch
}

// growTo returns (*s)[:n], reallocating when it is too small.
func growTo[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n, n+n/4)
	}
	return (*s)[:n]
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
