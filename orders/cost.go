package orders

import (
	"slices"

	"lifecycle/money"
	"lifecycle/msg"
)

// Cost and margin.
//
// A cost column (Role ColCost) holds what the goods of a row cost the
// store. It is found by its header (costNames) or named with --cost, and
// read one of two ways:
//
//   - as the row's cost as written: the order's cost in an order-level
//     export (WooCommerce's cost-of-goods plugin writes
//     _wc_cog_order_total_cost, "Cost of Goods"), the line's in an
//     order-line export (rows of one order are summed, as their amounts);
//   - as a unit cost, which the row's quantity multiplies
//     (Mapping.UnitCost), when the header names a unit cost (Shopify's
//     products export "Cost per item", "Unit Cost", 成本价, 采购价) or the
//     row's amount is itself quantity x price.
//
// An order's margin is its revenue (the amount, as --revenue reads it)
// less its cost. A return's cost is negative (the goods come back): a cost
// written positive on a return row is read as negative, so that a return
// takes back its margin, not its revenue. A refund without a return row
// (Profile.Refunded) takes back revenue only: its margin is minus the
// refund. A row whose cost field is empty costs nothing (its margin is its
// revenue): such rows are counted in Stats.NoCost. Margins may be negative.
//
// With Options.Margin, the value of every row, and so of every order the
// histories hold and of every value the Stats reconcile (Total,
// CancelledValue...), is its margin; Stats.Revenue and Stats.Cost keep
// what was read of each, with Revenue - Cost = Total. Without it the
// values are revenue as ever, and Stats.Cost is the sum of the costs read.
// With --fx a cost converts at the rate of its row's amount (see
// currency.go): Revenue, Cost and Total are then all in the target
// currency, and Revenue - Cost = Total still holds to the cent.

// costNames are the header names of a cost column, normalised by
// normName, in order of preference: a cost as written (of the order or
// the line) before a unit cost (unitCostNames).
var costNames = []string{"cost", "costs", "totalcost", "ordercost", "ordertotalcost", "linecost", "linetotalcost",
	"costofgoods", "costofgoodssold", "cogs", "wccogordertotalcost", "wccogitemtotalcost",
	"成本", "总成本", "成本金额", "订单成本", "商品成本", "成本合计",
	"unitcost", "costperitem", "costperunit", "wccogitemcost", "costprice", "purchaseprice",
	"成本价", "采购价", "进货价", "单位成本", "成本单价", "采购单价"}

// unitCostNames are the cost headers that name a unit cost. ("Item Cost"
// is none: WooCommerce's order exports call the price of a line item its
// cost.)
var unitCostNames = []string{"unitcost", "costperitem", "costperunit", "wccogitemcost", "costprice", "purchaseprice",
	"成本价", "采购价", "进货价", "单位成本", "成本单价", "采购单价"}

// orderCostNames are the cost headers that name the order's cost, which
// an order-line export repeats on each line of the order (as
// WooCommerce's exports do the order's total): read once per order.
var orderCostNames = []string{"ordercost", "ordertotalcost", "wccogordertotalcost", "订单成本"}

// plainCostNames are the cost headers that say neither unit nor total.
var plainCostNames = []string{"cost", "costs", "成本"}

// costKind settles whether the cost column holds a unit cost: its header
// says so, or says neither (plainCostNames, or a header lifecycle does not
// know) and the amount is quantity x price. A unit cost needs a quantity
// column; without one it is read as the row's cost, with a note.
func (m *Mapping) costKind() {
	i := m.Index[ColCost]
	if i < 0 {
		return
	}
	unit := m.Index[ColAmount] < 0 && m.Index[ColPrice] >= 0
	if m.Header != nil {
		switch name := normName(m.Header[i]); {
		case slices.Contains(orderCostNames, name):
			unit, m.OrderCost = false, true
		case slices.Contains(unitCostNames, name):
			unit = true
		case slices.Contains(costNames, name) && !slices.Contains(plainCostNames, name):
			unit = false // "Total Cost", "Line Cost": as written
		}
	}
	if unit && m.Index[ColQuantity] < 0 {
		m.Notes = append(m.Notes, msg.Errorf("cost: %s reads as a unit cost, but there is no quantity column: read as each row's cost", m.name(ColCost)))
		unit = false
	}
	m.UnitCost = unit
}

// cost returns the row's cost: its cost field, times qty (the row's
// quantity) for a unit cost. none says the field is empty (the cost is
// then 0).
func (fr *fileReader) cost(f [][]byte, line int, qty money.Amount) (c money.Amount, none bool, e *RowError) {
	v := trimField(f[fr.m.Index[ColCost]])
	if len(v) == 0 {
		return 0, true, nil
	}
	c, err := money.Parse(v, money.Options{DecimalComma: fr.comma[ColCost]})
	if err != nil {
		return 0, false, fr.bad(line, ColCost, v, BadCost, err)
	}
	if fr.m.UnitCost {
		var ok bool
		if c, ok = money.Mul(qty, c); !ok {
			return 0, false, fr.bad(line, ColCost, v, BadCost, msg.Errorf("quantity x cost too large"))
		}
	}
	return c, false, nil
}

// costOf returns the cost of a skipped row, as far as it parses (0
// otherwise), for the accounting of skipped rows.
func (fr *fileReader) costOf(f [][]byte) money.Amount {
	i := fr.m.Index[ColCost]
	if i < 0 || i >= len(f) {
		return 0
	}
	var qty money.Amount
	if fr.m.UnitCost {
		q := fr.m.Index[ColQuantity]
		if q >= len(f) {
			return 0
		}
		var err error
		if qty, err = money.Parse(trimField(f[q]), money.Options{DecimalComma: fr.comma[ColQuantity]}); err != nil {
			return 0
		}
	}
	c, _, e := fr.cost(f, 0, qty)
	if e != nil {
		return 0
	}
	return c
}

// noCostError is the error of --value margin on a file without a cost
// column.
func noCostError(file string, header []string) error {
	return mappingError(file, header, true,
		msg.Errorf("--value margin needs a cost column, and none was found (give --cost COLUMN: the order's cost, or a unit cost that the quantity multiplies)"))
}

// margin reads the cost of a row worth amount, of kind, into the sums
// (Stats.Cost; with Margin, Stats.Revenue too), and returns the row's
// value: amount, or with Margin amount less cost. An order's cost
// (Mapping.OrderCost) counts on its first row only: a further row of the
// order (sameOrder: the row above has its order id) repeats it. Any other
// cost is the row's, counted on every line. An empty cost is 0,
// counted in Stats.NoCost (but on a continuation row, which leaves the
// order's fields empty); one that is not a number skips the row with
// Margin, and counts as empty without. With --fx (conv), the cost converts
// at the row's rate, as its amount did.
func (fr *fileReader) margin(f [][]byte, line int, amount, qty money.Amount, kind uint8, continuation, sameOrder bool, conv *rowFX) (money.Amount, *RowError) {
	st := fr.stats
	var c money.Amount
	if !fr.m.OrderCost || !sameOrder {
		var none bool
		var e *RowError
		c, none, e = fr.cost(f, line, qty)
		if kind == kindReturn && c > 0 {
			c = -c // the goods come back
		}
		if e == nil && conv != nil {
			var ok bool
			if c, ok = conv.cost(c); !ok {
				c, e = 0, fr.bad(line, ColCost, trimField(f[fr.m.Index[ColCost]]), BadCost, msg.Errorf("beyond what an amount holds once converted"))
			}
		}
		switch {
		case e != nil && fr.rd.opt.Margin:
			return 0, e
		case e != nil || none && !continuation:
			st.NoCost++
		}
	}
	if !fr.rd.opt.Margin {
		st.cost.Add(c)
		return amount, nil
	}
	v, ok := money.Add(amount, -c)
	if !ok {
		return 0, fr.bad(line, ColCost, trimField(f[fr.m.Index[ColCost]]), BadCost, msg.Errorf("the amount less the cost is beyond what an amount holds"))
	}
	st.cost.Add(c)
	st.revenue.Add(amount)
	st.magnitude = addMagnitude(st.magnitude, absAmount(c))
	return v, nil
}
