package orders

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/cespare/xxhash/v2"

	"lifecycle/money"
	"lifecycle/msg"
)

// Overlapping exports. Files read together are one store's orders: monthly
// exports that overlap by a few days, or the same export given twice, must
// not count an order twice. The rules, applied when a read has several
// files (and not Options.IDPerFile):
//
//   - An order id seen in more than one file is one order. When every file
//     holds the same content for it (the same rows: date, amount, status),
//     it is read once (Stats.OverlapOrders). When the contents differ (a
//     later export updated its status or amount), the file given last
//     wins (Stats.UpdatedOrders). Either way the rows of the other files
//     are left out and counted (Stats.OverlapRows, Stats.OverlapValue),
//     so that totals reconcile.
//   - The same order id under two different customers in two files is an
//     error naming both files: most likely two stores' exports, whose order
//     numbers both start at 1. Options.IDPerFile reads each file's order
//     ids as its own (the file's number prefixes them), for that case.
//   - Rows without an order id are compared whole (customer, time, amount,
//     kind): a row that appears in more than one file is read as many times
//     as the file holding it most often holds it, the other copies left out
//     and counted as overlap too (Stats.OverlapRepeats). Two identical rows
//     of one file stay two purchases, as in a single-file read.
//   - A file whose bytes are those of another is read once (IdenticalFiles,
//     for the caller to drop before reading, with a warning).
//   - A refund is its order's: an order refunded in part in several files
//     counts once in Stats.Refunds and RefundValue, the kept file's refund
//     (the others' are left out with their rows).
//
// How: each row carries its file's number beside it (in the batch's
// attribute column, above the attributes if the read keeps them: a single
// file read fills none of it),
// and when a partition is finished, each customer's rows from more than one
// file are compared order by order (resolveOverlaps). Memory: 4 bytes a row
// more, and 24 bytes per order id for the check of two customers, in a read
// of several files only; a single file reads as before.

// A row's file number sits in its attribute column at a shift: above the
// 24 bits of the attribute combinations (maxCombinations) in a read that
// keeps attributes, which may then have at most maxAttrFiles files; the
// whole column otherwise.
const (
	attrFileShift = 24
	attrMask      = 1<<attrFileShift - 1
	maxAttrFiles  = 1<<(32-attrFileShift) - 1
)

// IdenticalFiles returns, for each path whose bytes are those of an
// earlier path, the index of that earlier path. Only regular files of equal
// sizes are read (to hash them); "-" and anything else is never identical.
func IdenticalFiles(paths []string) (map[int]int, error) {
	type sized struct {
		size int64
		at   int
	}
	var regular []sized
	for i, p := range paths {
		if p == "-" {
			continue
		}
		st, err := os.Stat(p)
		if err != nil || !st.Mode().IsRegular() {
			continue // reading it will say what is wrong
		}
		regular = append(regular, sized{st.Size(), i})
	}
	same := map[int]int{}
	hashes := map[int]uint64{}
	hashOf := func(i int) (uint64, error) {
		if h, ok := hashes[i]; ok {
			return h, nil
		}
		f, err := os.Open(paths[i])
		if err != nil {
			return 0, err
		}
		defer f.Close()
		d := xxhash.New()
		if _, err := io.Copy(d, f); err != nil {
			return 0, fmt.Errorf("%s: %w", paths[i], err)
		}
		hashes[i] = d.Sum64()
		return hashes[i], nil
	}
	for j, b := range regular {
		for _, a := range regular[:j] {
			if a.size != b.size {
				continue
			}
			if _, ok := same[a.at]; ok {
				continue // compare with the first of its kind
			}
			ha, err := hashOf(a.at)
			if err != nil {
				return nil, err
			}
			hb, err := hashOf(b.at)
			if err != nil {
				return nil, err
			}
			if ha == hb && sameBytes(paths[a.at], paths[b.at]) {
				same[b.at] = a.at
				break
			}
		}
	}
	return same, nil
}

// sameBytes compares two files byte by byte (the hashes agreed already).
func sameBytes(a, b string) bool {
	fa, err := os.Open(a)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false
	}
	defer fb.Close()
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, eb := io.ReadFull(fb, bb)
		if na != nb || string(ba[:na]) != string(bb[:nb]) {
			return false
		}
		if ea != nil || eb != nil {
			return (ea == io.EOF || ea == io.ErrUnexpectedEOF) && (eb == io.EOF || eb == io.ErrUnexpectedEOF)
		}
	}
}

// sideRow is a row of one customer with its file's number and its place
// among the customer's rows, for resolveOverlaps.
type sideRow struct {
	r  row
	f  uint32
	at int32
}

func (s sideRow) file() uint32  { return s.f }
func (s sideRow) order() uint64 { return s.r.key >> 2 }

// resolveOverlaps applies the rules above to one customer's rows (side
// holds each row's attribute column, with its file number): it leaves out
// the rows of orders that a later file holds too, and the copies of whole
// rows without an order id beyond the most any one file holds, compacting
// rows and side in place (keeping their order), and returns how many are
// kept. noID says which files (by number) have no order column, shift
// where the file number is in side; refunds are the files' refunds.
func (p *partition) resolveOverlaps(rows []row, side []uint32, shift uint8, noID []bool, dedupe bool, refunds refundMarks, sc *overlapScratch) int {
	first := side[0] >> shift
	mixed := false
	for _, s := range side[1:] {
		if s>>shift != first {
			mixed = true
			break
		}
	}
	if !mixed {
		return len(rows)
	}
	items := sc.items[:0]
	for i, r := range rows {
		items = append(items, sideRow{r, side[i] >> shift, int32(i)})
	}
	sc.items = items
	dropped := growTo(&sc.dropped, len(rows))
	clear(dropped)
	withID := func(s sideRow) bool { f := s.file(); return int(f) >= len(noID) || !noID[f] }
	// Rows with an order id by order, then file; rows without one by their
	// content, then file.
	slices.SortFunc(items, func(a, b sideRow) int {
		ia, ib := withID(a), withID(b)
		if ia != ib {
			if ia {
				return -1
			}
			return 1
		}
		if ia {
			if c := cmp.Compare(a.order(), b.order()); c != 0 {
				return c
			}
			if c := cmp.Compare(a.file(), b.file()); c != 0 {
				return c
			}
		}
		if c := cmp.Compare(a.r.t, b.r.t); c != 0 {
			return c
		}
		if c := cmp.Compare(a.r.amount, b.r.amount); c != 0 {
			return c
		}
		if c := cmp.Compare(a.r.key&3, b.r.key&3); c != 0 {
			return c
		}
		if c := cmp.Compare(a.file(), b.file()); c != 0 {
			return c
		}
		return cmp.Compare(a.at, b.at)
	})
	drop := func(s sideRow) {
		p.stats.OverlapRows++
		p.stats.OverlapValue += s.r.amount
		dropped[s.at] = true
	}
	for i := 0; i < len(items); {
		j := i + 1
		if withID(items[i]) {
			for j < len(items) && withID(items[j]) && items[j].order() == items[i].order() {
				j++
			}
			p.resolveOrder(items[i:j], dedupe, refunds, drop)
		} else {
			for j < len(items) && !withID(items[j]) && items[j].r.t == items[i].r.t &&
				items[j].r.amount == items[i].r.amount && items[j].r.key&3 == items[i].r.key&3 {
				j++
			}
			p.resolveRepeats(items[i:j], drop)
		}
		i = j
	}
	n := 0
	for i, r := range rows {
		if dropped[i] {
			continue
		}
		rows[n], side[n] = r, side[i]
		n++
	}
	return n
}

// overlapScratch is the memory resolveOverlaps reuses.
type overlapScratch struct {
	items   []sideRow
	dropped []bool
}

// resolveOrder settles the rows of one order id, sorted by file: the last
// file's rows are kept, the others dropped, and the order counted as read
// once (every file holds the same content) or updated. A dropped file's
// refund on the order (refunds) is taken out of the refunds counted.
func (p *partition) resolveOrder(g []sideRow, dedupe bool, refunds refundMarks, drop func(sideRow)) {
	last := g[len(g)-1].file()
	if g[0].file() == last {
		return // one file
	}
	// Each file's content: per kind, its rows' earliest time and summed
	// amount (identical rows of an order-level export counted once, as a
	// whole-row repeat is read once there anyway), so that lines of an
	// order compare equal however the file split or joined them.
	content := func(rows []sideRow) []row {
		var out []row
		var prev row
		for k, s := range rows {
			r := row{t: s.r.t, amount: s.r.amount, key: s.r.key & 3}
			if dedupe && k > 0 && r == prev {
				continue
			}
			prev = r
			i := slices.IndexFunc(out, func(o row) bool { return o.key == r.key })
			if i < 0 {
				out = append(out, r)
				continue
			}
			out[i].t = min(out[i].t, r.t)
			out[i].amount += r.amount
		}
		slices.SortFunc(out, func(a, b row) int { return cmp.Compare(a.key, b.key) })
		return out
	}
	from := len(g) - 1
	for from > 0 && g[from-1].file() == last {
		from--
	}
	want := content(g[from:])
	same := true
	for i := 0; i < from; {
		j := i + 1
		for j < from && g[j].file() == g[i].file() {
			j++
		}
		if !slices.Equal(content(g[i:j]), want) {
			same = false
		}
		i = j
	}
	for _, s := range g[:from] {
		drop(s)
	}
	for i := 0; i < from; {
		f := g[i].file()
		// The file's refund on the order, counted as the file was read,
		// is left out with its rows.
		n, v := refunds.of(g[i].order(), f)
		p.stats.Refunds -= n
		p.stats.RefundValue += v
		for i < from && g[i].file() == f {
			i++
		}
	}
	if same {
		p.stats.OverlapOrders++
	} else {
		p.stats.UpdatedOrders++
	}
}

// resolveRepeats settles identical rows without an order id (g, sorted by
// file): the file that holds the row most often keeps its copies, and the
// other files' copies are dropped.
func (p *partition) resolveRepeats(g []sideRow, drop func(sideRow)) {
	if g[0].file() == g[len(g)-1].file() {
		return
	}
	best, bestN := -1, 0
	for i := 0; i < len(g); {
		j := i + 1
		for j < len(g) && g[j].file() == g[i].file() {
			j++
		}
		if j-i > bestN {
			best, bestN = i, j-i
		}
		i = j
	}
	for k, s := range g {
		if k < best || k >= best+bestN {
			drop(s)
			p.stats.OverlapRepeats++
		}
	}
}

// refundMark is a refund read on an order (its key without the kind) in a
// file, in a read of several files: Stats.Refunds counts it as it is
// read, and resolveOrder takes it out again when a later file holds the
// order.
type refundMark struct {
	order uint64
	file  uint32
	value money.Amount // the refund, positive (converted, with --fx)
}

// refundMarks are the refunds of a read, sorted by order and file.
type refundMarks []refundMark

func (ms refundMarks) sort() {
	slices.SortFunc(ms, func(a, b refundMark) int {
		return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.file, b.file))
	})
}

// of returns the refunds read on order in file, and their sum.
func (ms refundMarks) of(order uint64, file uint32) (n int64, sum money.Amount) {
	i, _ := slices.BinarySearchFunc(ms, refundMark{order: order, file: file}, func(a, b refundMark) int {
		return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.file, b.file))
	})
	for ; i < len(ms) && ms[i].order == order && ms[i].file == file; i++ {
		n++
		sum += ms[i].value
	}
	return n, sum
}

// orderOwner is an order id (its key without the kind) seen under a
// customer (its id's hash) in a file, for the check of two customers.
type orderOwner struct {
	order uint64
	cust  uint64
	file  uint32
}

// ownersOf appends the owners of a customer's rows with an order id.
func ownersOf(owners []orderOwner, rows []row, side []uint32, shift uint8, noID []bool, cust uint64) []orderOwner {
	for i, r := range rows {
		f := side[i] >> shift
		if int(f) < len(noID) && noID[f] {
			continue
		}
		o := orderOwner{r.key >> 2, cust, f}
		if n := len(owners); n > 0 && owners[n-1] == o {
			continue
		}
		owners = append(owners, o)
	}
	return owners
}

// TwoStoresError is a read of several files in which one order id belongs
// to different customers in two files.
type TwoStoresError struct {
	Files     [2]string
	Customers [2]string // "" when the customer has no order to show
	Orders    int       // order ids so shared
}

func (e *TwoStoresError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *TwoStoresError) Words() *msg.Error {
	who := msg.Errorf("")
	if e.Customers[0] != "" && e.Customers[1] != "" {
		who = msg.Errorf(" (e.g. customer %q in %s, %q in %s)", e.Customers[0], e.Files[0], e.Customers[1], e.Files[1])
	}
	ids := msg.Errorf("an order id has a different customer in each file")
	if e.Orders > 1 {
		ids = msg.Errorf("%d order ids have a different customer in each file", e.Orders)
	}
	return msg.Of(msg.Errorf("%s and %s: %v%v: two stores' exports? give --id-per-file to read each file's order ids as its own",
		e.Files[0], e.Files[1], ids, who))
}

// twoStores checks the owners of every partition: an order id under two
// customers in two files is a TwoStoresError.
func twoStores(owners []orderOwner, files []string, customers []Customer) error {
	slices.SortFunc(owners, func(a, b orderOwner) int {
		return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.cust, b.cust), cmp.Compare(a.file, b.file))
	})
	var first *[2]orderOwner
	n := 0
	for i := 0; i < len(owners); {
		j := i + 1
		for j < len(owners) && owners[j].order == owners[i].order {
			j++
		}
		g := owners[i:j]
		for k := 1; k < len(g); k++ {
			if g[k].cust != g[0].cust && g[k].file != g[0].file {
				n++
				if first == nil {
					first = &[2]orderOwner{g[0], g[k]}
				}
				break
			}
		}
		i = j
	}
	if first == nil {
		return nil
	}
	a, b := first[0], first[1]
	if a.file > b.file {
		a, b = b, a
	}
	name := func(f uint32) string {
		if int(f) >= 1 && int(f) <= len(files) {
			return files[f-1]
		}
		return fmt.Sprintf("file %d", f)
	}
	e := &TwoStoresError{Files: [2]string{name(a.file), name(b.file)}, Orders: n}
	for _, c := range customers {
		switch xxhash.Sum64String(c.ID) {
		case a.cust:
			e.Customers[0] = c.ID
		case b.cust:
			e.Customers[1] = c.ID
		}
	}
	return e
}
