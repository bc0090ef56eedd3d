package orders

import (
	"cmp"
	"slices"
	"sync"

	"lifecycle/money"
)

// Order lines. An order-line export (UCI Online Retail, Shopify's orders
// export) has one row per product of an order; the histories merge them
// into orders. When a command asks for them (Options.Lines), the read also
// keeps each line of an order-line export: its product (the product
// attribute: StockCode, SKU, ...), quantity and amount, beside the rows
// that make the histories, so that a read that does not ask keeps none.

// Line is one line of an order.
type Line struct {
	Product  string       // the product attribute's value ("" without one)
	Quantity money.Amount // 0 without a quantity column
	Amount   money.Amount // the line's amount (quantity x price, or its amount column)
	attrs    uint32       // the line's attribute values: see AttributeColumn.Line
}

// lineRow is a line as read: its place in the input, its order and
// product as numbers in the store's dictionaries.
type lineRow struct {
	file, line int32
	order      uint32
	product    uint32
	qty        money.Amount
	amount     money.Amount
	attrs      uint32
}

// lineStore collects the lines of a read, from every parsing goroutine.
type lineStore struct {
	mu       sync.Mutex
	rows     []lineRow
	orders   map[string]uint32
	products map[string]uint32
	names    []string // of the products, by number

	// Set by index: the lines of order o are rows[start[o]:start[o+1]].
	start []int32
}

// add keeps a line.
func (s *lineStore) add(file, line int, order, product []byte, qty, amount money.Amount, attrs uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.orders == nil {
		s.orders, s.products = map[string]uint32{}, map[string]uint32{}
	}
	o, ok := s.orders[string(order)]
	if !ok {
		o = uint32(len(s.orders))
		s.orders[string(order)] = o
	}
	p, ok := s.products[string(product)]
	if !ok {
		p = uint32(len(s.names))
		s.products[string(product)] = p
		s.names = append(s.names, string(product))
	}
	s.rows = append(s.rows, lineRow{file: int32(file), line: int32(line), order: o, product: p, qty: qty, amount: amount, attrs: attrs})
}

// index orders the lines by order, each order's in input order.
func (s *lineStore) index() {
	slices.SortFunc(s.rows, func(a, b lineRow) int {
		return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line))
	})
	s.start = make([]int32, len(s.orders)+1)
	for _, r := range s.rows {
		s.start[r.order+1]++
	}
	for o := range len(s.orders) {
		s.start[o+1] += s.start[o]
	}
}

// Lines returns the lines of the order with id order, in input order, or
// nil when it has none kept: the read did not ask for lines
// (Options.Lines), the export is not an order-line export, or no row had
// that order id.
func (h *Histories) Lines(order string) []Line {
	s := h.lines
	if s == nil {
		return nil
	}
	o, ok := s.orders[order]
	if !ok {
		return nil
	}
	rows := s.rows[s.start[o]:s.start[o+1]]
	out := make([]Line, len(rows))
	for i, r := range rows {
		out[i] = Line{Product: s.names[r.product], Quantity: r.qty, Amount: r.amount, attrs: r.attrs}
	}
	return out
}
