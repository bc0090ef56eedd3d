package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"

	"lifecycle/dates"
	"lifecycle/internal/vieworder"
	"lifecycle/ltv"
	"lifecycle/money"
	"lifecycle/output"
	"lifecycle/output/words"
)

// The views of ltv: the stderr lines of a fit, the per-customer table in
// view order, and the fit and holdout reports laid out for output.

// describeFit is the stderr line of a fit.
func describeFit(f *ltv.Fit, unit ltv.Unit) string {
	return fmt.Sprintf("%s fitted on %s (%d distinct x, t_x, T), %ss: %s; log-likelihood %.2f (%d iterations)",
		f.Model, plural(int64(f.Customers), "customer"), f.Cells, unit, describeParams(f), f.LogLikelihood, f.Iterations)
}

// describeParams is the parameters of f: "r 0.2426, alpha 4.414, ...".
func describeParams(f *ltv.Fit) string {
	var ps []string
	for i, n := range f.Model.ParamNames() {
		ps = append(ps, fmt.Sprintf("%s %.4g", n, f.Params[i]))
	}
	return strings.Join(ps, ", ")
}

func describeSpend(g *ltv.SpendFit) string {
	return fmt.Sprintf("gamma-gamma fitted on %s: p %.4g, q %.4g, gamma %.4g; log-likelihood %.2f",
		plural(int64(g.Customers), "repeat buyer"), g.Params[0], g.Params[1], g.Params[2], g.LogLikelihood)
}

var spendParamNames = []string{"p", "q", "gamma"}

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

// ltvView is the per-customer view in the making: the rows of the
// customers in the order of the input, each made by reading the customers
// and their values in order, and the keys that order them. Copying the
// rows into view order then moves small rows that hold everything the
// writer needs (a scattered read each), where reading the customers, their
// values and their ids scattered over memory would wait on each.
type ltvView struct {
	keys      []uint64 // descending(CLV), by customer
	pkeys     []uint64 // descending(expected purchases), by customer
	rows      *vieworder.Input[ltvRow]
	maxOrders int32
	bounds    []ltvBounds // --intervals, by customer; nil without
}

// ltvBounds are a customer's interval columns (--intervals).
type ltvBounds struct {
	pLo, pHi float64
	cLo, cHi money.Amount // noValue when none
}

// ltvIntervalColumns are the columns that --intervals adds.
var ltvIntervalColumns = []output.Column{
	{Name: "expected_purchases_low", Title: "Purchases low", Kind: output.Float, Decimals: 3, Drop: 3},
	{Name: "expected_purchases_high", Title: "Purchases high", Kind: output.Float, Decimals: 3, Drop: 3},
	{Name: "clv_low", Title: "CLV low", Kind: output.Money},
	{Name: "clv_high", Title: "CLV high", Kind: output.Money},
}

// setBounds sets the interval columns of customer i (the view must have
// been made with them). It can be called from several goroutines at once.
func (v *ltvView) setBounds(i int, iv ltv.Interval) {
	b := ltvBounds{pLo: iv.PurchasesLow, pHi: iv.PurchasesHigh, cLo: noValue, cHi: noValue}
	lo, ok1 := cents(iv.CLVLow)
	hi, ok2 := cents(iv.CLVHigh)
	if ok1 && ok2 {
		b.cLo, b.cHi = lo, hi
	}
	v.bounds[i] = b
}

// newLTVView makes room for the view of cs, with the ids of the
// customers, to be filled by set.
func newLTVView(cs *ltv.Columns) *ltvView {
	n := cs.Len()
	v := &ltvView{keys: make([]uint64, n), pkeys: make([]uint64, n), rows: vieworder.NewInput[ltvRow](n)}
	var mu sync.Mutex
	v.rows.Fill(func(s *vieworder.Share[ltvRow]) {
		orders := int32(0)
		for i := s.Lo; i < s.Hi; i++ {
			orders = max(orders, int32(cs.Orders[i]))
			s.SetID(&s.At(i).id, i, cs.IDs[i])
		}
		mu.Lock()
		v.maxOrders = max(v.maxOrders, orders)
		mu.Unlock()
	})
	return v
}

// setAll sets the row of every customer of cs with its value, vs[i] for
// customer i, on every core.
func (v *ltvView) setAll(cs *ltv.Columns, vs []ltv.Value) {
	v.rows.Fill(func(s *vieworder.Share[ltvRow]) {
		for i := s.Lo; i < s.Hi; i++ {
			v.set(i, cs, &vs[i])
		}
	})
}

// set makes the row of customer i of cs with its value val (the id is
// there already). Rows can be set from several goroutines at once.
func (v *ltvView) set(i int, cs *ltv.Columns, val *ltv.Value) {
	s := &cs.Summaries[i]
	r := v.rows.At(i)
	*r = ltvRow{net: cs.Net[i], value: noValue, clv: noValue, tx: s.Tx, t: s.T,
		alive: val.PAlive, purchases: val.Purchases, orders: int32(cs.Orders[i]), x: int32(s.X), id: r.id}
	ov, ok1 := cents(val.OrderValue)
	clv, ok2 := cents(val.CLV)
	if ok1 && ok2 {
		r.value, r.clv = ov, clv
	}
	v.keys[i], v.pkeys[i] = descending(val.CLV), descending(val.Purchases)
}

// table sorts the view and lays it out: CLV descending (customers
// without one last), then expected purchases descending, then in the order
// of the input (vieworder.Order).
func (v *ltvView) table(st ltvSettings, asOf int32) *output.Table {
	n := len(v.keys)
	order := vieworder.Order(v.keys, v.pkeys)
	v.keys, v.pkeys = nil, nil
	rows := vieworder.Gather(v.rows, order, func(r *ltvRow) *vieworder.ID { return &r.id })
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
	bounds := v.bounds
	if bounds != nil {
		columns = append(slices.Clip(columns), ltvIntervalColumns...)
	}
	return &output.Table{
		Columns: columns,
		Len:     n,
		Row: func(k int, cells []any) {
			r := rows.At(k)
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
			if bounds != nil {
				b := &bounds[order[k]]
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
	v := newLTVView(&cs)
	v.setAll(&cs, vs)
	return v.table(st, asOf)
}

// fitReport lays out --fit for the table, CSV and TSV formats.
func fitReport(st ltvSettings, f *ltv.Fit, g *ltv.SpendFit, hist ltv.Historical, customers int) *output.Report {
	params := &output.Table{Columns: []output.Column{
		{Name: "param", Title: "Parameter"},
		{Name: "value", Title: "Value", Kind: output.Float, Decimals: 6},
		{Name: "std_error", Title: "Std. error", Kind: output.Float, Decimals: 6},
	}}
	items := []output.Item{
		{Key: "model", Label: "Model", Value: st.model.String()},
		{Key: "time_unit", Label: "Time unit", Value: st.unit.String()},
		{Key: "customers", Label: "Customers", Value: customers},
	}
	if st.historical {
		items[0].Value = "historical"
		params.Rows = [][]any{
			{"order_value", hist.OrderValue, nil},
			{"frequency", hist.Frequency, nil},
			{"lifespan", hist.Lifespan, nil},
		}
		return &output.Report{Title: st.lang.Get("ltv.fit_title"), Sections: []output.Section{
			{Key: "model", Title: "Purchases", Items: items, Table: params, TableKey: "params"},
		}}
	}
	for i, n := range f.Model.ParamNames() {
		params.Rows = append(params.Rows, []any{n, f.Params[i], f.StdErrors[i]})
	}
	items = append(items,
		output.Item{Key: "log_likelihood", Label: "Log-likelihood", Value: f.LogLikelihood, Kind: output.Float, Decimals: 4},
		output.Item{Key: "iterations", Label: "Iterations", Value: f.Iterations},
		output.Item{Key: "converged", Label: "Converged", Value: f.Converged},
	)
	items = append(items, diagItems(&f.Diagnostics, fitWarnings(f.Model.String(), &f.Diagnostics, f.Model.ParamNames(), f.Params), true)...)
	sections := []output.Section{{Key: "model", Title: "Purchases", Items: items, Table: params, TableKey: "params"}}
	if g != nil {
		sp := &output.Table{Columns: params.Columns}
		for i, n := range spendParamNames {
			sp.Rows = append(sp.Rows, []any{n, g.Params[i], g.StdErrors[i]})
		}
		sections = append(sections, output.Section{Key: "spend", Title: "Spend", Items: append([]output.Item{
			{Key: "model", Label: "Model", Value: "gamma-gamma"},
			{Key: "customers", Label: "Repeat buyers", Word: words.Key("item.repeat_buyers"), Value: g.Customers},
			{Key: "log_likelihood", Label: "Log-likelihood", Value: g.LogLikelihood, Kind: output.Float, Decimals: 4},
			{Key: "converged", Label: "Converged", Value: g.Converged},
			{Key: "correlation", Label: "Spend-frequency correlation", Value: g.Correlation, Kind: output.Float, Decimals: 4},
		}, diagItems(&g.Diagnostics, fitWarnings("gamma-gamma", &g.Diagnostics, spendParamNames, g.Params), false)...), Table: sp, TableKey: "params"})
	}
	return &output.Report{Title: st.lang.Get("ltv.fit_title"), Sections: sections}
}

// writeFitJSON writes --fit as one JSON object: model, time_unit,
// customers, params, std_errors, log_likelihood, iterations, converged and
// diagnostics (diagObject) and spend (model, customers, params,
// std_errors, log_likelihood, converged, correlation, diagnostics),
// parameters by name in the model's order. Keep the keys stable.
func writeFitJSON(w io.Writer, indent bool, st ltvSettings, f *ltv.Fit, g *ltv.SpendFit, hist ltv.Historical, customers int, meta *output.Object) error {
	named := func(names []string, vs []float64) *output.Object {
		o := &output.Object{}
		for i, n := range names {
			o.Add(n, vs[i])
		}
		return o
	}
	top := &output.Object{}
	if st.historical {
		top.Add("model", "historical")
		top.Add("time_unit", st.unit.String())
		top.Add("customers", customers)
		top.Add("params", named([]string{"order_value", "frequency", "lifespan"}, []float64{hist.OrderValue, hist.Frequency, hist.Lifespan}))
		top.Add("std_errors", nil)
		top.Add("log_likelihood", nil)
		top.Add("iterations", nil)
		top.Add("converged", nil)
		top.Add("diagnostics", nil)
		top.Add("spend", nil)
		return output.WriteObject(w, withMeta(meta, indent, "fit", top), indent)
	}
	names := f.Model.ParamNames()
	top.Add("model", f.Model.String())
	top.Add("time_unit", st.unit.String())
	top.Add("customers", customers)
	top.Add("params", named(names, f.Params))
	top.Add("std_errors", named(names, f.StdErrors))
	top.Add("log_likelihood", f.LogLikelihood)
	top.Add("iterations", f.Iterations)
	top.Add("converged", f.Converged)
	top.Add("diagnostics", diagObject(&f.Diagnostics, fitWarnings(f.Model.String(), &f.Diagnostics, names, f.Params), true))
	if g == nil {
		top.Add("spend", nil)
		return output.WriteObject(w, withMeta(meta, indent, "fit", top), indent)
	}
	sp := &output.Object{}
	sp.Add("model", "gamma-gamma")
	sp.Add("customers", g.Customers)
	sp.Add("params", named(spendParamNames, g.Params))
	sp.Add("std_errors", named(spendParamNames, g.StdErrors))
	sp.Add("log_likelihood", g.LogLikelihood)
	sp.Add("converged", g.Converged)
	sp.Add("correlation", g.Correlation)
	sp.Add("diagnostics", diagObject(&g.Diagnostics, fitWarnings("gamma-gamma", &g.Diagnostics, spendParamNames, g.Params), false))
	top.Add("spend", sp)
	return output.WriteObject(w, withMeta(meta, indent, "fit", top), indent)
}
