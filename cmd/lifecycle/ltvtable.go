package main

import (
	"math"
	"slices"
	"sync"

	"lifecycle/dates"
	"lifecycle/internal/vieworder"
	"lifecycle/ltv"
	"lifecycle/money"
	"lifecycle/output"
)

// The per-customer table of ltv: a row per customer, made in input order
// as the projection goes, then put in view order and laid out.

// ltvColumns are the columns of the per-customer view.
var ltvColumns = []output.Column{
	{Name: "customer_id", Title: "Customer"},
	{Name: "orders", Title: "Orders", Kind: output.Int, Drop: 1},
	{Name: "net_revenue", Title: "Net revenue", Kind: output.Money},
	{Name: "x", Title: "x", Kind: output.Int, Drop: 2}, // the model's inputs
	{Name: "t_x", Title: "t_x", Kind: output.Float, Drop: 2},
	{Name: "T", Title: "T", Kind: output.Float, Drop: 2},
	{Name: "p_alive", Title: "P(alive)", Kind: output.Float, Decimals: 4},
	{Name: "expected_purchases", Title: "Expected purchases", Kind: output.Float, Decimals: 3},
	{Name: "expected_order_value", Title: "Expected order value", Kind: output.Money},
	{Name: "clv", Title: "CLV", Kind: output.Money},
}

// ltvIntervalColumns are the columns that --intervals adds.
var ltvIntervalColumns = []output.Column{
	{Name: "expected_purchases_low", Title: "Purchases low", Kind: output.Float, Decimals: 3, Drop: 3},
	{Name: "expected_purchases_high", Title: "Purchases high", Kind: output.Float, Decimals: 3, Drop: 3},
	{Name: "clv_low", Title: "CLV low", Kind: output.Money},
	{Name: "clv_high", Title: "CLV high", Kind: output.Money},
}

// cents rounds v to the cent (false for NaN: no value).
func cents(v float64) (money.Amount, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
		return 0, false
	}
	return money.Amount(math.Round(v*100)) * (money.Scale / 100), true
}

// descending returns a word that sorts as f does in descending order, NaN
// last.
func descending(f float64) uint64 {
	if math.IsNaN(f) {
		return math.MaxUint64
	}
	b := math.Float64bits(f)
	if b>>63 == 0 {
		b |= 1 << 63
	} else {
		b = ^b
	}
	return ^b
}

// noValue is the expected order value and CLV of a row that has none.
const noValue = money.Amount(math.MinInt64)

// ltvRow is one customer of the per-customer view: 80 bytes without a
// pointer, the id in place when it is short.
type ltvRow struct {
	net, value, clv         money.Amount // value and clv noValue when none
	tx, t, alive, purchases float64
	orders, x               int32
	id                      vieworder.ID
}

// ltvBounds are a customer's interval columns (--intervals).
type ltvBounds struct {
	pLo, pHi float64
	cLo, cHi money.Amount // noValue when none
}

// ltvIntervalRow is a row of a view with the interval columns: the bounds
// travel with the row when the view is put in order, one scattered read a
// row for both, where a table of them beside the rows was read scattered
// again as the view was written (a cache miss a row, 0.6 cpu-s on the
// 10M-order file). A view without them keeps its 80-byte rows.
type ltvIntervalRow struct {
	ltvRow
	bounds ltvBounds
}

// ltvRowKind is the rows of a view: without or with the interval columns.
type ltvRowKind interface{ ltvRow | ltvIntervalRow }

// rowOf returns the ltvRow of r.
func rowOf[R ltvRowKind](r *R) *ltvRow {
	if w, ok := any(r).(*ltvIntervalRow); ok {
		return &w.ltvRow
	}
	return any(r).(*ltvRow)
}

// boundsOf returns the interval columns of r, nil for a row without.
func boundsOf[R ltvRowKind](r *R) *ltvBounds {
	if w, ok := any(r).(*ltvIntervalRow); ok {
		return &w.bounds
	}
	return nil
}

// ltvView is the per-customer view in the making: the rows of the
// customers in the order of the input, each made by reading the customers
// and their values in order, and the keys that order them. Copying the
// rows into view order then moves small rows that hold everything the
// writer needs (a scattered read each), where reading the customers, their
// values and their ids scattered over memory would wait on each.
type ltvView[R ltvRowKind] struct {
	keys      []uint64 // descending(CLV), by customer
	pkeys     []uint64 // descending(expected purchases), by customer
	rows      *vieworder.Input[R]
	maxOrders int32
}

// newLTVView makes room for the view of cs, with the ids of the
// customers, to be filled by set (and setBounds for rows with intervals).
func newLTVView[R ltvRowKind](cs *ltv.Columns) *ltvView[R] {
	n := cs.Len()
	v := &ltvView[R]{keys: make([]uint64, n), pkeys: make([]uint64, n), rows: vieworder.NewInput[R](n)}
	var mu sync.Mutex
	v.rows.Fill(func(s *vieworder.Share[R]) {
		orders := int32(0)
		for i := s.Lo; i < s.Hi; i++ {
			orders = max(orders, int32(cs.Orders[i]))
			s.SetID(&rowOf(s.At(i)).id, i, cs.IDs[i])
		}
		mu.Lock()
		v.maxOrders = max(v.maxOrders, orders)
		mu.Unlock()
	})
	return v
}

// setAll sets the row of every customer of cs with its value, vs[i] for
// customer i, on every core.
func (v *ltvView[R]) setAll(cs *ltv.Columns, vs []ltv.Value) {
	v.rows.Fill(func(s *vieworder.Share[R]) {
		for i := s.Lo; i < s.Hi; i++ {
			v.set(i, cs, &vs[i])
		}
	})
}

// set makes the row of customer i of cs with its value val (the id is
// there already). Rows can be set from several goroutines at once.
func (v *ltvView[R]) set(i int, cs *ltv.Columns, val *ltv.Value) {
	s := &cs.Summaries[i]
	r := rowOf(v.rows.At(i))
	*r = ltvRow{net: cs.Net[i], value: noValue, clv: noValue, tx: s.Tx, t: s.T,
		alive: val.PAlive, purchases: val.Purchases, orders: int32(cs.Orders[i]), x: int32(s.X), id: r.id}
	ov, ok1 := cents(val.OrderValue)
	clv, ok2 := cents(val.CLV)
	if ok1 && ok2 {
		r.value, r.clv = ov, clv
	}
	v.keys[i], v.pkeys[i] = descending(val.CLV), descending(val.Purchases)
}

// setBounds sets the interval columns of customer i (the view must have
// rows with them). It can be called from several goroutines at once.
func (v *ltvView[R]) setBounds(i int, iv ltv.Interval) {
	b := ltvBounds{pLo: iv.PurchasesLow, pHi: iv.PurchasesHigh, cLo: noValue, cHi: noValue}
	lo, ok1 := cents(iv.CLVLow)
	hi, ok2 := cents(iv.CLVHigh)
	if ok1 && ok2 {
		b.cLo, b.cHi = lo, hi
	}
	*boundsOf(v.rows.At(i)) = b
}

// table sorts the view and lays it out: CLV descending (customers
// without one last), then expected purchases descending, then in the order
// of the input (vieworder.Order).
func (v *ltvView[R]) table(st ltvSettings, asOf int32) *output.Table {
	n := len(v.keys)
	order := vieworder.Order(v.keys, v.pkeys)
	v.keys, v.pkeys = nil, nil
	rows := vieworder.Gather(v.rows, order, func(r *R) *vieworder.ID { return &rowOf(r).id })
	ints := newBoxes(0, int64(v.maxOrders))
	model := st.model.String()
	if st.historical {
		model = "historical"
	}
	disc := st.lang.Get("ltv.no_discount")
	if st.proj.Discount > 0 {
		disc = st.lang.Get("ltv.discount", st.proj.Discount)
	}
	// Rows are made as they are written, on every core, from pointers to
	// the values and values boxed once where they repeat: boxing would
	// allocate for every cell.
	columns := ltvColumns
	if boundsOf(new(R)) != nil {
		columns = append(slices.Clip(columns), ltvIntervalColumns...)
	}
	return &output.Table{
		Columns: columns,
		Len:     n,
		Row: func(k int, cells []any) {
			w := rows.At(k)
			r := rowOf(w)
			cells[0] = rows.Cell(&r.id, k)
			cells[1] = ints.get(r.orders)
			cells[2] = &r.net
			cells[3] = ints.get(r.x)
			cells[4] = &r.tx
			cells[5] = &r.t
			cells[6] = &r.alive
			cells[7] = &r.purchases
			if r.value != noValue {
				cells[8], cells[9] = &r.value, &r.clv
			} else {
				cells[8], cells[9] = nil, nil
			}
			if b := boundsOf(w); b != nil {
				cells[10], cells[11], cells[12], cells[13] = &b.pLo, &b.pHi, nil, nil
				if b.cLo != noValue {
					cells[12], cells[13] = &b.cLo, &b.cHi
				}
			}
		},
		Caption: st.lang.Get("ltv.caption",
			customersIn(st.lang, int64(n)), dates.DayString(asOf), model, st.unit, st.horizon, st.proj.Margin, disc),
	}
}

// ltvTable lays out customers (as Summarize gives them) by value, with
// their projections vs (see ltvView.table); runLTV makes the view from columns.
func ltvTable(customers []ltv.Customer, vs []ltv.Value, st ltvSettings, asOf int32) *output.Table {
	n := len(customers)
	cs := ltv.Columns{IDs: make([]string, n), Summaries: make([]ltv.Summary, n), Orders: make([]int, n),
		Gross: make([]money.Amount, n), Net: make([]money.Amount, n)}
	for i, c := range customers {
		cs.IDs[i], cs.Summaries[i], cs.Orders[i], cs.Gross[i], cs.Net[i] = c.ID, c.Summary, c.Orders, c.Gross, c.Net
	}
	v := newLTVView[ltvRow](&cs)
	v.setAll(&cs, vs)
	return v.table(st, asOf)
}
