// Package cohort builds retention tables by acquisition cohort: the
// customers won in a period, followed period by period ("of the customers we
// won in March, how many still buy, and what are they worth now?").
//
// # Cohorts and ages
//
// A customer's cohort is the calendar period of the first purchase: a day,
// an ISO week (Monday to Sunday), a month, a quarter or a year, of civil days
// in the histories' zone (orders.Order.Day). Age a of cohort c is the
// period c+a, so age 0 is the cohort's own period and age 1 the next
// calendar period (not "30 days later"). The cohort size is the number of
// its customers. Customers with only returns have no first purchase and
// belong to no cohort; their returns are left out with them.
//
// # Metrics
//
// Each cell (c, a) of a table is one of:
//
//   - Customers: the distinct customers of c with a purchase in period c+a.
//     At age 0 it is the whole cohort, so the rate is 100%.
//   - Orders: the purchases of the customers of c in period c+a.
//   - Revenue: their net revenue in period c+a: the purchases' value plus the
//     (negative) returns dated in that period. A return dated before the
//     customer's first purchase (of goods bought before the data begins)
//     counts at age 0, so that a cohort's revenue over all its ages is exactly
//     the net revenue of its customers.
//   - LTV: the revenue of ages 0..a, cumulated: the cohort's lifetime-value
//     curve. It never decreases on data without returns; with returns it
//     may.
//   - Repeat: the customers of c whose second purchase falls at an age of a
//     or less (cumulative; two purchases on the first day count at age 0).
//
// With Options.PerCustomer a cell is divided by the cohort size: a retention
// rate (Customers), orders or revenue per acquired customer, the LTV per
// customer, the share of the cohort that has bought twice (Repeat).
// Otherwise it is the absolute count or amount. The day-based retention that
// Chinese operators report (次日/7日/30日, D1/D7/D30) is Period Day with
// Ages 1, 7, 30: Customers gives the share buying on day N, Repeat the share
// that has bought again within N days.
//
// Cells are exact fractions (Cell): counts or money.Amount micro-units over
// the cohort size (or 1), so that nothing is rounded before it is shown.
//
// # The unfinished period
//
// The period that contains the as-of day is unfinished unless the as-of day
// is its last day. Its cells (one per cohort, on the diagonal of the
// triangle) hold only part of a period and must not read as a drop: the row
// says so (Row.Incomplete). Options.CompleteOnly leaves that period out
// instead: its orders, and the cohort it would start.
//
// # The average row
//
// For each age, the average is taken over the cohorts whose cell at that age
// is complete; cohorts that have not reached the age, or reach it in the
// unfinished period, take no part, so that a young cohort never pulls an
// age's average down. Per-customer values are weighted by cohort size: the
// sum of the cells' numerators over the sum of those cohorts' sizes (the
// rate of all their customers pooled). Absolute values are averaged per
// cohort: the sum over the number of those cohorts (the mean cohort).
//
// # Cost
//
// One pass over the orders, O(orders + cells): the period of an order's
// day is read from a table of the last 30 years of days, and every order
// adds to one cell of a flat array holding the triangle of the ages each
// cohort has reached. Customers are counted on every core into
// separate arrays, summed at the end. No maps.
package cohort

import (
	"fmt"
	"math"
	"math/big"
	"runtime"
	"slices"
	"sort"
	"sync"

	"lifecycle/money"
	"lifecycle/msg"
	"lifecycle/orders"
)

// Metric is what a cell measures (see the package documentation).
type Metric uint8

// The metrics.
const (
	Customers Metric = iota
	Orders
	Revenue
	LTV
	Repeat
	numMetrics
)

var metricNames = [numMetrics]string{"customers", "orders", "revenue", "ltv", "repeat"}

// String returns "customers", "orders", "revenue", "ltv" or "repeat".
func (m Metric) String() string {
	if m < numMetrics {
		return metricNames[m]
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// Money reports whether the metric's numerators are money.Amount
// micro-units (Revenue, LTV) rather than counts.
func (m Metric) Money() bool { return m == Revenue || m == LTV }

// Cumulative reports whether a cell sums ages 0..a (LTV, Repeat) rather
// than counting period a alone.
func (m Metric) Cumulative() bool { return m == LTV || m == Repeat }

// Options choose the table.
type Options struct {
	Period Period
	Metric Metric
	// PerCustomer divides every cell by the cohort size.
	PerCustomer bool
	// MaxAge is the oldest age shown; 0 (the zero value) means no limit.
	// To show only age 0, set Ages to [0].
	MaxAge int
	// Ages, when not nil, are the ages shown (ascending, distinct, 0 or
	// more), such as 1, 7, 30 for D1/D7/D30. MaxAge must then be 0.
	Ages []int
	// From and To, when HasFrom and HasTo are set, limit the cohorts to the
	// periods that contain From, To and the days between.
	From, To       int32
	HasFrom, HasTo bool
	// CompleteOnly leaves out the period containing the as-of day when it
	// is unfinished.
	CompleteOnly bool
}

// ErrOptions is wrapped by every error of Options.Check.
var ErrOptions = msg.Errorf("invalid cohort options")

// Check validates the options.
func (o *Options) Check() error {
	if o.Period >= numPeriods {
		return msg.Errorf("%w: unknown period %d", ErrOptions, o.Period)
	}
	if o.Metric >= numMetrics {
		return msg.Errorf("%w: unknown metric %d", ErrOptions, o.Metric)
	}
	if o.MaxAge < 0 {
		return msg.Errorf("%w: max age %d is negative", ErrOptions, o.MaxAge)
	}
	if o.Ages != nil {
		if o.MaxAge != 0 {
			return msg.Errorf("%w: give ages or a max age, not both", ErrOptions)
		}
		if len(o.Ages) == 0 {
			return msg.Errorf("%w: no ages", ErrOptions)
		}
		for i, a := range o.Ages {
			if a < 0 {
				return msg.Errorf("%w: age %d is negative", ErrOptions, a)
			}
			if i > 0 && a <= o.Ages[i-1] {
				return msg.Errorf("%w: ages %v are not ascending", ErrOptions, o.Ages)
			}
		}
	}
	if o.HasFrom && o.HasTo && o.From > o.To {
		return msg.Errorf("%w: from is after to", ErrOptions)
	}
	return nil
}

// maxAge returns the oldest age to count.
func (o *Options) maxAge() int32 {
	switch {
	case o.Ages != nil:
		return int32(min(o.Ages[len(o.Ages)-1], math.MaxInt32-1))
	case o.MaxAge > 0:
		return int32(min(o.MaxAge, math.MaxInt32-1))
	}
	return math.MaxInt32 - 1
}

// Cell is one value of a table, exact: Num / Den. Num counts customers or
// orders, or is a money.Amount in micro-units (Metric.Money). Den is the
// cohort size for per-customer values and 1 for absolute ones; in the
// average row it is the sum of the sizes, or the number of cohorts,
// averaged. Den 0 means no value.
type Cell struct {
	Num, Den int64
}

// Missing reports whether the cell has no value.
func (c Cell) Missing() bool { return c.Den == 0 }

// Float returns Num / Den (NaN when missing). Money numerators stay in
// micro-units: see Amount.
func (c Cell) Float() float64 {
	if c.Den == 0 {
		return math.NaN()
	}
	return float64(c.Num) / float64(c.Den)
}

// Amount returns Num / Den as an amount, rounded half to even to the
// micro-unit (0 when missing).
func (c Cell) Amount() money.Amount {
	if c.Den == 0 {
		return 0
	}
	q, r := c.Num/c.Den, c.Num%c.Den
	if r < 0 {
		r = -r
	}
	if r2 := 2 * r; r2 > c.Den || (r2 == c.Den && q%2 != 0) {
		if c.Num < 0 {
			q--
		} else {
			q++
		}
	}
	return money.Amount(q)
}

// Rat returns Num / Den as an exact rational (nil when missing).
func (c Cell) Rat() *big.Rat {
	if c.Den == 0 {
		return nil
	}
	return big.NewRat(c.Num, c.Den)
}

// Row is one cohort of a table, or its average row.
type Row struct {
	// Cohort is the cohort's period index (Period.Label names it); -1 in
	// the average row.
	Cohort int32
	// Size is the number of customers of the cohort; in the average row,
	// of all the table's cohorts.
	Size int64
	// Cells hold the values at Table.Ages[0], Table.Ages[1], ... that the
	// cohort has reached: a prefix of the ages.
	Cells []Cell
	// Incomplete tells that the last cell covers the period containing the
	// as-of day, which is unfinished.
	Incomplete bool
}

// Table is a cohort table: one row per cohort with customers, oldest
// first, and the average row.
type Table struct {
	Options Options
	// AsOf is the as-of day; Current the period containing it, Partial
	// whether that period is unfinished (AsOf is not its last day).
	AsOf    int32
	Current int32
	Partial bool
	// Ages are the ages of the columns.
	Ages    []int
	Rows    []Row
	Average Row
}

// Compute builds the table of the customers cs (a whole set of histories,
// or the part of one with a given value of a column) as of the day asOf.
// Options are checked first.
func Compute(cs []orders.Customer, asOf int32, opt Options) (*Table, error) {
	if err := opt.Check(); err != nil {
		return nil, err
	}
	p := opt.Period
	t := &Table{Options: opt, AsOf: asOf, Current: p.Of(asOf)}
	t.Partial = asOf < p.End(t.Current)
	last := t.Current // the last period counted
	if t.Partial && opt.CompleteOnly {
		last--
	}
	hi := last // the newest cohort
	if opt.HasTo {
		hi = min(hi, p.Of(opt.To))
	}
	lo := int32(math.MinInt32) // the oldest cohort
	if opt.HasFrom {
		lo = p.Of(opt.From)
	}
	g, err := countAll(cs, p, lo, hi, last, opt.maxAge())
	if err != nil {
		return nil, err
	}
	g.fill(t)
	return t, nil
}

// cell holds the counts of one cohort at one age.
type cell struct {
	revenue   money.Amount
	orders    uint32
	customers uint32 // distinct customers with a purchase
	repeat    uint32 // customers whose second purchase is at this age
}

// grid is the triangle of cells of the cohorts hi, hi-1, ... (row r is
// cohort hi-r, newest first, so that older cohorts are appended as they are
// met). Row r holds ages 0..width(r)-1, where width(r) = min(r+d, maxAge)+1
// and d = last-hi.
type grid struct {
	p         Period
	lo, hi    int32
	d, maxAge int64
	cells     []cell
	sizes     []int64 // per row
}

func newGrid(p Period, lo, hi, last, maxAge int32) *grid {
	return &grid{p: p, lo: lo, hi: hi, d: int64(last) - int64(hi), maxAge: int64(maxAge)}
}

// tri returns the number of cells of rows of widths min(j, M)+1 for j in
// [0, n).
func tri(n, m int64) int64 {
	if n <= m+1 {
		return n * (n + 1) / 2
	}
	return (m+1)*(m+2)/2 + (n-m-1)*(m+1)
}

// offset returns the index of row r's first cell.
func (g *grid) offset(r int64) int64 {
	return tri(g.d+r, g.maxAge) - tri(g.d, g.maxAge)
}

// width returns the number of ages of row r.
func (g *grid) width(r int64) int64 {
	return min(r+g.d, g.maxAge) + 1
}

// MaxCells bounds the cells of a table (of all ages each cohort has
// reached, shown or not): about 400 MB of counts. A day-by-day table of
// eight years has 4.3 million.
const MaxCells = 1 << 24

// ErrTooLarge is returned by Compute when the table would have more than
// MaxCells cells.
var ErrTooLarge = msg.Errorf("cohort table too large")

// grow makes room for rows 0..r.
func (g *grid) grow(r int64) error {
	n := g.offset(r + 1)
	if n > MaxCells {
		return msg.Errorf("%w: %d cohorts by up to %d ages would be %d cells (at most %d)",
			ErrTooLarge, r+1, g.width(r), n, MaxCells)
	}
	if int(n) > cap(g.cells) {
		// At least double: customers meet cohorts in no order, so the
		// rows are often added one by one.
		c := make([]cell, n, min(max(n, 2*int64(cap(g.cells))), MaxCells))
		copy(c, g.cells)
		g.cells = c
	} else if int(n) > len(g.cells) {
		g.cells = g.cells[:n] // zero: never used since allocated
	}
	if r >= int64(len(g.sizes)) {
		g.sizes = append(g.sizes, make([]int64, r+1-int64(len(g.sizes)))...)
	}
	return nil
}

// count adds the customers cs to g, finding periods with cur.
func (g *grid) count(cs []orders.Customer, cur *lookup) error {
	for i := range cs {
		c := &cs[i]
		pu := c.Purchases
		if len(pu) == 0 {
			continue
		}
		c0 := cur.of(pu[0].Day)
		if c0 > g.hi || c0 < g.lo {
			continue
		}
		r := int64(g.hi - c0)
		if r >= int64(len(g.sizes)) {
			if err := g.grow(r); err != nil {
				return err
			}
		}
		g.sizes[r]++
		base := g.offset(r)
		w := int32(g.width(r))
		row := g.cells[base : base+int64(w)]
		prev := int32(-1)
		for j := range pu {
			a := cur.of(pu[j].Day) - c0
			if a >= w {
				break
			}
			x := &row[a]
			x.orders++
			x.revenue += pu[j].Amount
			if a != prev {
				x.customers++
				prev = a
			}
			if j == 1 {
				x.repeat++
			}
		}
		for j := range c.Returns {
			a := max(cur.of(c.Returns[j].Day)-c0, 0)
			if a >= w {
				break
			}
			row[a].revenue += c.Returns[j].Amount
		}
	}
	return nil
}

// add adds the counts of o (a grid of the same shape parameters) to g.
func (g *grid) add(o *grid) {
	if len(o.sizes) > len(g.sizes) {
		_ = g.grow(int64(len(o.sizes)) - 1) // o has as many cells: within MaxCells
	}
	for i := range o.cells {
		x, y := &g.cells[i], &o.cells[i]
		x.revenue += y.revenue
		x.orders += y.orders
		x.customers += y.customers
		x.repeat += y.repeat
	}
	for i, s := range o.sizes {
		g.sizes[i] += s
	}
}

// minParallel is the number of customers from which counting is split over
// the cores.
const minParallel = 100_000

// countAll counts the customers cs into a grid, in chunks on every core.
func countAll(cs []orders.Customer, p Period, lo, hi, last, maxAge int32) (*grid, error) {
	look := newLookup(p, p.End(last))
	workers := min(runtime.GOMAXPROCS(0), 8)
	if len(cs) < minParallel || workers < 2 {
		g := newGrid(p, lo, hi, last, maxAge)
		return g, g.count(cs, look)
	}
	grids := make([]*grid, workers)
	errs := make([]error, workers)
	chunk := (len(cs) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		g := newGrid(p, lo, hi, last, maxAge)
		grids[w] = g
		part := cs[min(w*chunk, len(cs)):min((w+1)*chunk, len(cs))]
		wg.Go(func() { errs[w] = g.count(part, look) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	// Sum into the largest grid.
	slices.SortFunc(grids, func(a, b *grid) int { return len(b.cells) - len(a.cells) })
	for _, o := range grids[1:] {
		grids[0].add(o)
	}
	return grids[0], nil
}

// fill lays out the counts as t's rows, columns and average.
func (g *grid) fill(t *Table) {
	opt := &t.Options
	maxWidth := int64(0)
	for r := range g.sizes {
		if g.sizes[r] > 0 {
			maxWidth = max(maxWidth, g.width(int64(r)))
		}
	}
	// The columns: the ages asked for that some cohort has reached.
	if opt.Ages != nil {
		for _, a := range opt.Ages {
			if int64(a) < maxWidth {
				t.Ages = append(t.Ages, a)
			}
		}
	} else {
		for a := range int(maxWidth) {
			t.Ages = append(t.Ages, a)
		}
	}
	sumNum := make([]int64, len(t.Ages))
	sumDen := make([]int64, len(t.Ages))
	unfinished := t.Partial && !opt.CompleteOnly
	// The rows' cells in one block.
	rows, ncells := 0, 0
	for r := range g.sizes {
		if g.sizes[r] > 0 {
			rows++
			w := g.width(int64(r))
			ncells += sort.SearchInts(t.Ages, int(w))
		}
	}
	if rows > 0 {
		t.Rows = make([]Row, 0, rows)
	}
	block := make([]Cell, 0, ncells)
	for r := len(g.sizes) - 1; r >= 0; r-- {
		size := g.sizes[r]
		if size == 0 {
			continue
		}
		c0 := g.hi - int32(r)
		base, w := g.offset(int64(r)), g.width(int64(r))
		row := Row{Cohort: c0, Size: size}
		start := len(block)
		den := int64(1)
		if opt.PerCustomer {
			den = size
		}
		var cum int64
		k := 0 // the next column
		for a := int64(0); a < w && k < len(t.Ages); a++ {
			x := &g.cells[base+a]
			var v int64
			switch opt.Metric {
			case Customers:
				v = int64(x.customers)
			case Orders:
				v = int64(x.orders)
			case Revenue:
				v = int64(x.revenue)
			case LTV:
				cum += int64(x.revenue)
				v = cum
			case Repeat:
				cum += int64(x.repeat)
				v = cum
			}
			if int64(t.Ages[k]) != a {
				continue
			}
			block = append(block, Cell{Num: v, Den: den})
			if unfinished && int64(c0)+a == int64(t.Current) {
				row.Incomplete = true
			} else {
				sumNum[k] += v
				sumDen[k] += den
			}
			k++
		}
		if len(block) > start {
			row.Cells = block[start:len(block):len(block)]
		}
		t.Rows = append(t.Rows, row)
		t.Average.Size += size
	}
	t.Average.Cohort = -1
	for k := range t.Ages {
		t.Average.Cells = append(t.Average.Cells, Cell{Num: sumNum[k], Den: sumDen[k]})
	}
}
