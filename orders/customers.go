package orders

import (
	"cmp"
	"slices"

	"lifecycle/dates"
	"lifecycle/internal/group"
)

// What a customer's rows become. Once every file is read, finish hands
// build each customer's rows, in input order (see group.go), and build
// applies the rules:
//
//   - a read of several files leaves out the copies of an order that
//     another file holds too (resolveOverlaps, overlap.go);
//   - a customer is shown when it has an order to show (shows);
//   - rows of one order id become one order (merge), whose attributes are
//     those of its first row (attrsOfOrders);
//   - each order is kept, or left out and counted: cancelled, unpaid,
//     after the as-of day, a return under --returns ignore (keep);
//   - a shown customer's kept orders are laid out, purchases before
//     returns, and its group is its first purchase's (layOut).

// build turns the rows of the partition's customers (gs: each customer's
// rows in input order, with their attribute column) into their orders,
// ids and bounds (see custEnd), counting what it leaves out: each
// customer's rows become its orders, judged; then the kept orders of the
// customers shown are laid out, in one block for the partition.
func (p *partition) build(gs *group.Groups[row], o finishOptions, w *finisher) {
	n := gs.Len()
	show := growTo(&w.show, n)
	merged := growTo(&w.merged, n)
	end := w.zone.DayStart(o.asOf + 1) // rows before this instant are on or before the as-of day
	kept, shown, size := 0, 0, 0
	for c := range n {
		orders, k, s := p.ordersOf(gs.Rows(c), gs.Tags(c), gs.Hash(c), end, o, w)
		merged[c], show[c] = int32(len(orders)), s
		kept += k
		if s {
			shown++
			size += len(gs.Key(c))
		}
	}
	orders := make([]Order, 0, kept)
	names := make([]byte, 0, size)
	p.ends = make([]custEnd, 0, shown)
	if o.attrs {
		p.groups = make([]uint32, 0, shown)
	}
	for c := range n {
		judged := gs.Rows(c)[:merged[c]]
		var attrs []uint32
		if o.attrs {
			attrs = gs.Tags(c)[:merged[c]]
		}
		if !show[c] {
			// Only cancellations, ignored returns or orders after the
			// as-of day: nothing can have been kept.
			if slices.ContainsFunc(judged, row.kept) {
				panic("orders: kept an order of a customer not shown")
			}
			continue
		}
		var purch int
		var grp uint32
		orders, purch, grp = layOut(orders, judged, attrs)
		names = append(names, gs.Key(c)...)
		p.ends = append(p.ends, custEnd{purch: uint32(purch), ret: uint32(len(orders)), name: uint32(len(names))})
		if o.attrs {
			p.groups = append(p.groups, grp)
		}
	}
	p.orders, p.names = orders, string(names)
}

// ordersOf makes one customer's rows (in input order, with their attribute
// column in tags, and its id's hash) into its orders, in place, judged
// (see judge): it returns them, how many are kept, and whether the
// customer is shown. In a read with attributes, tags then holds each
// order's combination.
func (p *partition) ordersOf(rows []row, tags []uint32, cust uint64, end int64, o finishOptions, w *finisher) (orders []row, kept int, shown bool) {
	if o.files {
		p.owners = ownersOf(p.owners, rows, tags, o.fileShift, o.noID, cust)
		k := p.resolveOverlaps(rows, tags, o.fileShift, o.noID, o.dedupe, o.refunds, &w.overlap)
		rows, tags = rows[:k], tags[:k]
	}
	shown = shows(rows, end, o)
	if o.attrs {
		w.pairs = pairsOf(w.pairs[:0], rows, tags)
	}
	orders = p.merge(rows, o, &w.keys)
	if o.attrs {
		attrsOfOrders(orders, tags, w.pairs)
	}
	return orders, p.judge(orders, w.zone, o), shown
}

// shows says whether a customer's rows make it shown: a row that is not a
// cancellation, not unpaid, not a return ignored, on or before the as-of
// day (before end, the instant the day after it starts).
func shows(rows []row, end int64, o finishOptions) bool {
	for _, r := range rows {
		if k := r.kind(); k != kindCancelled && k != kindUnpaid && !(k == kindReturn && o.ignore) && r.time() < end {
			return true
		}
	}
	return false
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

// merge turns a customer's rows into orders in time order: rows sharing an
// order id (and kind) become one order with the earliest time and the summed
// amount; in order-level exports a row identical to another of the same
// order is a duplicate, counted and read once.
func (p *partition) merge(rows []row, o finishOptions, keys *[]uint64) []row {
	if len(rows) < 2 {
		return rows
	}
	if o.hasOrders && !distinctOrders(rows, keys) {
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

// attrsOfOrders sets the attribute combination of each of a customer's
// orders, merged from the rows that pairs holds (see pairsOf), in attrs:
// an order's attribute values are those of its first row in the input.
func attrsOfOrders(orders []row, attrs []uint32, pairs []keyAttr) {
	for j, r := range orders {
		attrs[j] = attrOf(pairs, r.key)
	}
}

// Once merged into an order and judged (see judge), a row's key holds,
// instead of its order id, the order's day and whether it is kept.
const keptBit = 1 << 40

func (r row) day() int32 { return int32(uint32(r.key >> 2)) }
func (r row) kept() bool { return r.key&keptBit != 0 }
func (r *row) judged(day int32, kept bool) {
	r.key = uint64(uint32(day))<<2 | uint64(r.kind())
	if kept {
		r.key |= keptBit
	}
}

// judge notes each of a customer's orders' day in the zone and whether it
// is kept (see row.judged), and returns how many are.
func (p *partition) judge(orders []row, zone *dates.Zone, o finishOptions) int {
	kept := 0
	for i := range orders {
		r := &orders[i]
		d := zone.Day(r.time())
		k := p.keep(*r, d, o)
		r.judged(d, k)
		if k {
			kept++
		}
	}
	return kept
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

// layOut appends a customer's kept orders (judged, in time order, with
// their attribute combinations in attrs, nil without attributes) to out,
// purchases before returns, and returns out, where its purchases end in
// it, and the customer's group: the combination of its first kept
// purchase, else of its first order.
func layOut(out []Order, orders []row, attrs []uint32) ([]Order, int, uint32) {
	attr := func(j int) uint32 {
		if attrs == nil {
			return 0
		}
		return attrs[j]
	}
	grp, grouped := uint32(0), false
	for j, r := range orders {
		if r.kept() && r.kind() == kindPurchase {
			out = append(out, Order{Amount: r.amount, Day: r.day(), attrs: attr(j)})
			if !grouped {
				grp, grouped = attr(j), true
			}
		}
	}
	purch := len(out)
	for j, r := range orders {
		if r.kept() && r.kind() != kindPurchase {
			out = append(out, Order{Amount: r.amount, Day: r.day(), attrs: attr(j)})
		}
	}
	if !grouped && len(orders) > 0 {
		grp = attr(0)
	}
	return out, purch, grp
}
