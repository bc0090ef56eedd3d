// Package churn warns of customers who are slipping away (流失预警): plain,
// editable rules over per-customer features, each rule with a level and a
// reason, and a backtest that scores the rules on the store's own past.
//
// # Features
//
// For each customer with a purchase on or before the as-of day (customers
// with only returns are left out and counted), measured in civil days of
// the histories' zone (orders.Order.Day) against the as-of day:
//
//   - days_since_last: as-of day minus the day of the last purchase;
//     purchases, purchase_days (distinct days with a purchase), returns;
//   - net_revenue: purchases plus returns (returns are negative);
//   - typical_gap_days: the median of the days between consecutive purchase
//     days (the mean of the two middle gaps when their number is even).
//     Orders on one day are one visit: a gap is never 0, so a customer with
//     two orders on one day does not get a typical gap of 0 days. A customer
//     with a single purchase day has no gap of its own: it gets the store's
//     median of the days from the first purchase day to the second, over the
//     customers with two purchase days or more (own_gap tells which; NaN
//     when no customer bought on two days);
//   - days_overdue = days_since_last - typical_gap_days, overdue_ratio =
//     days_since_last / typical_gap_days;
//   - expected_next: the last purchase day plus the typical gap rounded
//     half up, the replenishment date (预计消耗完毕时间) of the seed articles;
//   - revenue_90d: net revenue of the days d with as-of - 90 < d <= as-of;
//     revenue_prev_90d: as-of - 180 < d <= as-of - 90 (returns count on
//     their own day); purchases_90d and purchases_prev_90d likewise;
//     revenue_365d: as-of - 365 < d <= as-of;
//   - last_gap_days: the last gap between purchase days; gap_trend =
//     last_gap_days / typical_gap_days (above 1: the customer is slowing);
//   - first_purchase, last_purchase, tenure_days = as-of - first purchase;
//   - r_score, f_score, m_score, rfm_code, rfm_segment: the RFM scores and
//     standard segment of lifecycle/rfm (quantiles, 5 bins), computed only
//     when a rule uses them.
//
// Money in conditions is a float64 in the currency's units; the results
// keep it exact (money.Amount).
//
// # Rules
//
// A rule has a name, a level (critical, high, medium, watch), a reason
// sentence and a condition: an expr-lang expression
// (https://expr-lang.org) over the features, compiled once and
// type-checked against Features, so that an unknown feature or a condition
// that is not true or false is rejected before any order is read. A
// customer's level is the highest level of the rules it trips. The default
// rules are the usual ones of the 流失预警 articles (overdue, dormant,
// declining, no-second-purchase); they are data, the table defaultRules in
// defaults.go, written with the numbers of Params (Thresholds), which the
// churn command makes into flags. ParseRules reads a rules file (YAML) that
// replaces or extends them.
//
// A condition may also read the attributes declared in lifecycle/orders
// (attr.channel == "web"): the value of the customer's first purchase, as
// text, an int or an amount (float64) by the attribute's kind, nil when it
// had none. The histories must be read with them (Set.Attributes).
//
// # Value at risk
//
// A customer's value at risk is its net revenue over the last 365 days
// (revenue_365d, exact), or what Options.Value gives (projected lifetime
// value, once lifecycle/ltv provides it).
//
// # Backtest
//
// Backtest replays the rules at the cut day as-of - H using only the orders
// on or before it (orders.Histories.Until), and looks at the H days after:
// a customer with a purchase by the cut churned when it has no purchase in
// cut < d <= as-of. For each rule and for the model (any rule): flagged
// customers; precision = churned flagged / flagged; recall = churned
// flagged / churned; lift = precision / base rate (churned / customers);
// and the same weighted by each customer's value at risk at the cut
// (negative values count as 0): value precision = value at risk of the
// churned flagged / value at risk of the flagged, value recall = value at
// risk of the churned flagged / value at risk of the churned.
//
// # Evaluation
//
// Conditions are compiled once. Most are comparisons and arithmetic over
// numeric features: those also become Go closures (fast.go), checked
// against expr-lang's VM by a differential test; the others run on one
// reused VM per goroutine. Customers are measured and judged in parallel
// chunks; nothing per customer is kept but a 64-byte Customer.
//
// # Sources
//
//   - The warn, intervene, review loop (流失预警 → 挽回干预 → 流失复盘) and
//     the silence after a first order (首单后沉默): 百晓生, 关注用户生命周期
//     优化运营策略 (58q.org, 2025), a seed article.
//   - 沉睡客户 as more than 90 days without a purchase, and reminders at the
//     expected depletion date (预计消耗完毕时间): 精细化运营:深挖客户价值的
//     秘诀 (中小企实战运营和营销工作室), a seed article.
//   - A plain hiatus rule ("no purchase for N months") tells inactive
//     customers about as well as stochastic models such as Pareto/NBD:
//     M. Wübben and F. v. Wangenheim, Instant customer base analysis:
//     managerial heuristics often "get it right", Journal of Marketing
//     72(3), 82-93, 2008. The backtest checks this on the store's own data.
//   - Conditions: expr-lang/expr (https://expr-lang.org).
package churn

import (
	"errors"
	"math"
	"slices"
	"sync"

	"lifecycle/internal/chunked"
	"lifecycle/internal/parallel"
	"lifecycle/money"
	"lifecycle/msg"
	"lifecycle/orders"
	"lifecycle/rfm"
)

// Customer is the churn record of one customer with a purchase.
type Customer struct {
	ID string
	// Index is the customer's position in the histories' Customers.
	Index int32
	// Last is the day of the last purchase.
	Last      int32
	Purchases int32
	// TypicalGap is typical_gap_days (NaN when unknown); OwnGap says
	// whether it is the customer's own.
	TypicalGap float32
	OwnGap     bool
	// Level is the highest level of the rules tripped (None: no rule).
	Level Level
	// Rules has bit i set when the set's rule i holds.
	Rules uint64
	Net   money.Amount
	// Value is the value at risk.
	Value money.Amount
}

// DaysSinceLast is days_since_last at asOf.
func (c *Customer) DaysSinceLast(asOf int32) int32 { return asOf - c.Last }

// ExpectedNext is expected_next; false when the typical gap is unknown.
func (c *Customer) ExpectedNext() (int32, bool) {
	return expectedNext(c.Last, float64(c.TypicalGap))
}

// DaysOverdue is days_overdue at asOf (NaN when the gap is unknown).
func (c *Customer) DaysOverdue(asOf int32) float64 {
	return float64(asOf-c.Last) - float64(c.TypicalGap)
}

// ValueFunc gives the value at risk of every customer of h, in the order
// of h.Customers (customers without a purchase are ignored).
type ValueFunc func(h *orders.Histories) ([]money.Amount, error)

// Options choose how Compute values customers.
type Options struct {
	// Value, when not nil, replaces the default value at risk (net revenue
	// of the last 365 days): the seam for projected lifetime value.
	Value ValueFunc
}

// Result is the churn warnings of a set of histories.
type Result struct {
	AsOf int32
	Set  *Set
	// Customers are the customers with a purchase, in the histories' order,
	// in chunks (see package chunked).
	Customers chunked.Slice[Customer]
	// NoPurchase counts the customers left out: returns but no purchase.
	NoPurchase int
	// StoreGap is the typical gap of a customer with one purchase day: the
	// store's median first-to-second purchase gap (NaN: none).
	StoreGap float64
}

// Compute measures every customer of h with a purchase and evaluates the
// rules of set on it.
func Compute(h *orders.Histories, set *Set, opt Options) (*Result, error) {
	if set == nil {
		return nil, msg.Errorf("no rules")
	}
	res := &Result{AsOf: h.AsOf, Set: set, StoreGap: storeGap(h)}
	var scores *rfm.Result
	if set.UsesRFM() {
		var err error
		if scores, err = rfm.Compute(h, rfm.Options{}); err != nil {
			return nil, err
		}
	}
	var values []money.Amount
	if opt.Value != nil {
		var err error
		if values, err = opt.Value(h); err != nil {
			return nil, msg.Errorf("value at risk: %w", err)
		}
		if len(values) != len(h.Customers) {
			return nil, msg.Errorf("value at risk: %d values for %d customers", len(values), len(h.Customers))
		}
	}
	attrs := make([]orders.AttributeColumn, len(set.attrs))
	for k, name := range set.attrs {
		col, ok, err := h.Attribute(name)
		if !ok {
			return nil, msg.Errorf("the rules use attr.%s, and the orders were read without it", name)
		}
		if err != nil {
			return nil, err
		}
		attrs[k] = col
	}
	chunks := h.Chunks()
	n := chunks[len(chunks)-1].Out
	res.NoPurchase = len(h.Customers) - n
	res.Customers = chunked.Make[Customer](n)
	var segs []string
	if scores != nil {
		for i := range scores.Scheme.Segments {
			segs = append(segs, scores.Scheme.Segments[i].Title(rfm.English))
		}
	}
	errs := make([]error, len(chunks)-1)
	var wg sync.WaitGroup
	for w := 0; w+1 < len(chunks); w++ {
		lo, hi, k := chunks[w].In, chunks[w+1].In, chunks[w].Out
		wg.Go(func() {
			e := &evaluator{set: set}
			if len(attrs) > 0 {
				e.env.Attr = make(map[string]any, len(attrs))
			}
			var m measure
			for i := lo; i < hi; i++ {
				hc := &h.Customers[i]
				if len(hc.Purchases) == 0 {
					continue
				}
				m.features(hc, h.AsOf, res.StoreGap, &e.env)
				for k, col := range attrs {
					e.env.Attr[set.attrs[k]] = col.Typed(i)
				}
				if scores != nil {
					s := scores.Customers.At(k)
					e.env.R, e.env.F, e.env.M = int(s.R), int(s.F), int(s.M)
					e.env.RFM, e.env.Segment = s.Code(), segs[s.Segment]
				}
				mask, level, err := e.eval()
				if err != nil {
					errs[w] = msg.Errorf("customer %s: %w", hc.ID, err)
					return
				}
				c := res.Customers.At(k)
				*c = Customer{
					ID: hc.ID, Index: int32(i),
					Last: hc.Purchases[len(hc.Purchases)-1].Day, Purchases: int32(len(hc.Purchases)),
					TypicalGap: float32(e.env.TypicalGapDays), OwnGap: e.env.OwnGap,
					Level: level, Rules: mask, Net: m.net, Value: m.rev365,
				}
				if values != nil {
					c.Value = values[i]
				}
				k++
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return res, nil
}

// Group is the customers of one rule or one level.
type Group struct {
	// Name is the rule's name or the level's; Level the rule's level or
	// the level.
	Name  string
	Level Level
	// Customers and Value are the customers in the group and their value
	// at risk; the shares are of all customers with a purchase and of
	// their value at risk.
	Customers     int
	Value         money.Amount
	CustomerShare float64
	ValueShare    float64
}

// total is the value at risk of every customer.
func (r *Result) total() money.Amount {
	var v money.Amount
	for _, c := range r.Customers.All() {
		v += c.Value
	}
	return v
}

func (r *Result) finish(gs []Group) []Group {
	total := r.total()
	for i := range gs {
		gs[i].CustomerShare = ratio(float64(gs[i].Customers), float64(r.Customers.Len()))
		gs[i].ValueShare = ratio(gs[i].Value.Float64(), total.Float64())
	}
	return gs
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// ByRule returns one group per rule, in the set's order (a customer that
// trips two rules counts in both), then "any rule".
func (r *Result) ByRule() []Group {
	gs := make([]Group, len(r.Set.Rules)+1)
	for i := range r.Set.Rules {
		gs[i].Name, gs[i].Level = r.Set.Rules[i].Name, r.Set.Rules[i].Level
	}
	anyRule := &gs[len(gs)-1]
	anyRule.Name = "any rule"
	for _, c := range r.Customers.All() {
		if c.Rules == 0 {
			continue
		}
		for m, j := c.Rules, 0; m != 0; m, j = m>>1, j+1 {
			if m&1 != 0 {
				gs[j].Customers++
				gs[j].Value += c.Value
			}
		}
		anyRule.Customers++
		anyRule.Value += c.Value
	}
	return r.finish(gs)
}

// ByLevel returns one group per level, most urgent first, then the
// customers with no warning (level None).
func (r *Result) ByLevel() []Group {
	gs := make([]Group, 0, len(Levels)+1)
	var idx [Critical + 1]int // group of each level
	for _, l := range append(slices.Clone(Levels), None) {
		idx[l] = len(gs)
		gs = append(gs, Group{Name: l.String(), Level: l})
	}
	// Sums by level on every core (integers: the same sums in any order).
	var mu sync.Mutex
	parallel.For(r.Customers.Len(), 100_000, func(lo, hi int) {
		var n [Critical + 1]int
		var v [Critical + 1]money.Amount
		for i := lo; i < hi; i++ {
			c := r.Customers.At(i)
			n[c.Level]++
			v[c.Level] += c.Value
		}
		mu.Lock()
		defer mu.Unlock()
		for l := range n {
			gs[idx[l]].Customers += n[l]
			gs[idx[l]].Value += v[l]
		}
	})
	return r.finish(gs)
}

// RuleNames returns the names of the rules in mask, in the set's order.
func (s *Set) RuleNames(mask uint64) []string {
	var names []string
	for i := range s.Rules {
		if mask&(1<<i) != 0 {
			names = append(names, s.Rules[i].Name)
		}
	}
	return names
}
