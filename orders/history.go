package orders

import (
	"runtime"
	"slices"
	"strings"

	"lifecycle/dates"
	"lifecycle/internal/parallel"
	"lifecycle/money"
)

// Order is one purchase or one return of a customer. It is 16 bytes: a
// large read holds a hundred million of them. An order's instant (the
// earliest time among its rows) sets its place among the customer's
// orders, and its day in the reading zone is kept: the analyses count
// days, weeks and months, never hours.
type Order struct {
	// Amount is the order's value: zero or more for a purchase, zero or less
	// for a return; with Options.Margin, its margin, which either may have
	// (a purchase sold below cost is negative; see cost.go).
	Amount money.Amount
	// Day is the civil day of the order's instant in the reading zone (days
	// since 1970-01-01), from which days, weeks and months are counted.
	Day int32
	// attrs numbers the order's attribute values (those of its first row
	// in the input) in the read's combinations: see Histories.Attribute.
	attrs uint32
}

// Customer is one customer's history up to the as-of date.
type Customer struct {
	ID string
	// Purchases are the customer's orders that are not returns, in time
	// order. A customer may have none (only returns).
	Purchases []Order
	// Returns are the customer's returns and refunds, in time order, with
	// negative (or zero) amounts.
	Returns []Order
}

// Net is the customer's net revenue: purchases plus (negative) returns.
func (c *Customer) Net() money.Amount {
	var n money.Amount
	for _, o := range c.Purchases {
		n += o.Amount
	}
	for _, o := range c.Returns {
		n += o.Amount
	}
	return n
}

// Gross is the value of the customer's purchases, before returns.
func (c *Customer) Gross() money.Amount {
	var n money.Amount
	for _, o := range c.Purchases {
		n += o.Amount
	}
	return n
}

// Histories is the set of customer histories that every analysis reads.
//
// The absolute values of all the amounts in it add up to at most
// money.MaxAmount (Read fails otherwise; see bound.go), so any sum of its
// amounts, in any order, is exact with plain addition.
type Histories struct {
	// Customers grouped by a hash of their id (see internal/group), each group's
	// in the order of their first row in the input: an order that depends
	// only on the input, not on the machine.
	Customers []Customer
	// Zone is the time zone of zone-less times and of calendar periods.
	Zone *dates.Zone
	// AsOf is the observation day (civil day in Zone): orders after it were
	// left out.
	AsOf int32
	// Stats accounts for every row of the input.
	Stats Stats

	// With a ColGroup column or attributes: each customer's combination
	// of values (parallel to Customers: that of its first purchase), a
	// number in groupNames, whose names are the --by value then each
	// attribute's, each after attrSep (attributes.go). Orders and lines
	// hold their own combination.
	groups     []uint32
	groupNames []string
	by         bool     // the read had a ColGroup column
	attrNames  []string // the attributes read (Options.Attributes)
	lines      *lineStore
}

// Group is the histories of the customers of one value of the ColGroup
// column.
type Group struct {
	// Value is the column's value on the first purchase of the group's
	// customers ("" when it was empty).
	Value string
	*Histories
}

// ByGroup splits the histories by the ColGroup column: each customer is in
// the group of the column's value on its first purchase (on its first row
// when it has only returns). Groups are sorted by value; customers keep
// their order. The groups share h's orders, zone, as-of day and stats.
// Without a ColGroup column, ByGroup returns one group, h, with value "".
func (h *Histories) ByGroup() []Group {
	if h.groups == nil || !h.by {
		return []Group{{Histories: h}}
	}
	// The --by value of each group number: its name, or with attributes
	// the name's first part, numbered once.
	values, value := h.groupNames, make([]uint32, len(h.groupNames))
	if len(h.attrNames) > 0 {
		values = nil
		seen := map[string]uint32{}
		for g, name := range h.groupNames {
			v, _, _ := strings.Cut(name, attrSep)
			n, ok := seen[v]
			if !ok {
				n = uint32(len(values))
				seen[v] = n
				values = append(values, v)
			}
			value[g] = n
		}
	} else {
		for g := range value {
			value[g] = uint32(g)
		}
	}
	by := make([]*Histories, len(values))
	for i, g := range h.groups {
		v := value[g]
		if by[v] == nil {
			by[v] = &Histories{Zone: h.Zone, AsOf: h.AsOf, Stats: h.Stats,
				groupNames: h.groupNames, attrNames: h.attrNames, lines: h.lines}
		}
		by[v].Customers = append(by[v].Customers, h.Customers[i])
		by[v].groups = append(by[v].groups, g)
	}
	var out []Group
	for g, gh := range by {
		if gh != nil {
			out = append(out, Group{Value: values[g], Histories: gh})
		}
	}
	slices.SortFunc(out, func(a, b Group) int { return strings.Compare(a.Value, b.Value) })
	return out
}

// Until returns the histories as they stood at the end of day: each
// customer's orders on or before it, sharing memory with h. Customers with
// no order by then are left out. Stats are h's (they describe the input).
func (h *Histories) Until(day int32) *Histories {
	out := &Histories{Zone: h.Zone, AsOf: day, Stats: h.Stats, lines: h.lines}
	out.Customers = make([]Customer, 0, len(h.Customers))
	if h.groups != nil {
		out.groupNames, out.by, out.attrNames = h.groupNames, h.by, h.attrNames
		out.groups = make([]uint32, 0, len(h.groups))
	}
	for i, c := range h.Customers {
		p := prefixUntil(c.Purchases, day)
		r := prefixUntil(c.Returns, day)
		if len(p) == 0 && len(r) == 0 {
			continue
		}
		out.Customers = append(out.Customers, Customer{ID: c.ID, Purchases: p, Returns: r})
		if h.groups != nil {
			out.groups = append(out.groups, h.groups[i])
		}
	}
	return out
}

// prefixUntil returns the orders on or before day (orders are in time order).
func prefixUntil(os []Order, day int32) []Order {
	n := len(os)
	for n > 0 && os[n-1].Day > day {
		n--
	}
	return os[:n:n]
}

// Chunk is where one of the goroutines that go through the customers
// starts: at customer In, which is the Out-th with a purchase.
type Chunk struct{ In, Out int }

// Chunks cuts the customers into chunks, one goroutine's work each, their
// purchasers counted on every core. The last element is the end:
// len(h.Customers) and the number of customers with a purchase. There are
// several chunks per core, so that the cores stay busy to the end however
// the customers' histories differ in length.
func (h *Histories) Chunks() []Chunk {
	n := len(h.Customers)
	parts := 4 * min(runtime.GOMAXPROCS(0), 8)
	if n < 50_000 {
		parts = 1
	}
	size := max(1, (n+parts-1)/parts)
	parts = max(1, (n+size-1)/size)
	counts := make([]int, parts)
	parallel.For(parts, 2, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			for i := p * size; i < min((p+1)*size, n); i++ {
				if len(h.Customers[i].Purchases) > 0 {
					counts[p]++
				}
			}
		}
	})
	cs := []Chunk{{0, 0}}
	for p := range parts {
		if p*size >= n {
			break
		}
		cs = append(cs, Chunk{min((p+1)*size, n), cs[len(cs)-1].Out + counts[p]})
	}
	return cs
}
