package churn

import (
	"fmt"

	"lifecycle/money"
	"lifecycle/msg"
	"lifecycle/orders"
)

// Comparison is another model scored beside the rules on the same cut:
// the seam for BG/NBD's P(alive) < 0.5 (lifecycle/ltv).
type Comparison struct {
	// Name labels the model's row ("p_alive<0.5").
	Name string
	// Flag returns, for every customer of the cut histories in the order of
	// cut.Customers, whether the model expects it not to buy again
	// (customers without a purchase are ignored).
	Flag func(cut *orders.Histories) ([]bool, error)
}

// BacktestOptions choose the backtest.
type BacktestOptions struct {
	// Horizon is H, in days: the rules run at as-of - H and the H days
	// after are the outcome.
	Horizon int32
	// Value, when not nil, replaces the default value at risk at the cut
	// (the weights of the value-weighted scores).
	Value ValueFunc
	// Compare are other models to score on the same cut.
	Compare []Comparison
}

// Score is how well one rule (or the model, or a comparison) foretold who
// would not buy again. Ratios are NaN when undefined (no customer flagged,
// none churned).
type Score struct {
	Name  string
	Level Level
	// Flagged customers, and Hits among them that churned.
	Flagged, Hits int
	// Precision = Hits / Flagged, Recall = Hits / churned customers, Lift
	// = Precision / base rate.
	Precision, Recall, Lift float64
	// FlaggedValue and HitValue are the value at risk (at the cut, negative
	// counted as 0) of the flagged and of the hits.
	FlaggedValue, HitValue money.Amount
	// ValuePrecision = HitValue / FlaggedValue, ValueRecall = HitValue /
	// value of the churned.
	ValuePrecision, ValueRecall float64
}

// BacktestResult is the outcome of a backtest.
type BacktestResult struct {
	AsOf, Cut, Horizon int32
	// Customers have a purchase on or before the cut; Churned of them have
	// none after it, up to AsOf. BaseRate = Churned / Customers.
	Customers, Churned int
	BaseRate           float64
	// Value and ChurnedValue are the value at risk at the cut of all the
	// customers and of the churned ones.
	Value, ChurnedValue money.Amount
	// Rules scores each rule of the set, in its order; Model is any rule;
	// Compare the comparisons, in order.
	Rules   []Score
	Model   Score
	Compare []Score
	// At is the warnings at the cut.
	At *Result
}

// Backtest replays set at h.AsOf - opt.Horizon and scores it on the days
// after (see the package documentation).
func Backtest(h *orders.Histories, set *Set, opt BacktestOptions) (*BacktestResult, error) {
	if opt.Horizon <= 0 {
		return nil, msg.Errorf("backtest horizon %d days: give a positive number", opt.Horizon)
	}
	cutDay := h.AsOf - opt.Horizon
	cut := h.Until(cutDay)
	at, err := Compute(cut, set, Options{Value: opt.Value})
	if err != nil {
		return nil, err
	}
	if at.Customers.Len() == 0 {
		return nil, msg.Errorf("no customer has a purchase on or before the cut %d days before the as-of date", opt.Horizon)
	}
	churned, err := churnedAfter(h, cut, at)
	if err != nil {
		return nil, err
	}
	res := &BacktestResult{AsOf: h.AsOf, Cut: cutDay, Horizon: opt.Horizon, Customers: at.Customers.Len(), At: at}
	weight := func(i int) money.Amount { return max(at.Customers.At(i).Value, 0) }
	for i := range at.Customers.Len() {
		res.Value += weight(i)
		if churned[i] {
			res.Churned++
			res.ChurnedValue += weight(i)
		}
	}
	res.BaseRate = ratio(float64(res.Churned), float64(res.Customers))

	res.Rules = make([]Score, len(set.Rules))
	for j := range set.Rules {
		res.Rules[j].Name, res.Rules[j].Level = set.Rules[j].Name, set.Rules[j].Level
	}
	res.Model.Name = "any rule"
	for i, c := range at.Customers.All() {
		for m, j := c.Rules, 0; m != 0; m, j = m>>1, j+1 {
			if m&1 != 0 {
				res.Rules[j].add(churned[i], weight(i))
			}
		}
		if c.Rules != 0 {
			res.Model.add(churned[i], weight(i))
		}
	}
	for _, cmp := range opt.Compare {
		flags, err := cmp.Flag(cut)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cmp.Name, err)
		}
		if len(flags) != len(cut.Customers) {
			return nil, msg.Errorf("%s: %d flags for %d customers", cmp.Name, len(flags), len(cut.Customers))
		}
		s := Score{Name: cmp.Name}
		for i, c := range at.Customers.All() {
			if flags[c.Index] {
				s.add(churned[i], weight(i))
			}
		}
		res.Compare = append(res.Compare, s)
	}
	for _, s := range res.scores() {
		s.finish(res)
	}
	return res, nil
}

// scores returns pointers to every score of r.
func (r *BacktestResult) scores() []*Score {
	var out []*Score
	for i := range r.Rules {
		out = append(out, &r.Rules[i])
	}
	out = append(out, &r.Model)
	for i := range r.Compare {
		out = append(out, &r.Compare[i])
	}
	return out
}

func (s *Score) add(churned bool, value money.Amount) {
	s.Flagged++
	s.FlaggedValue += value
	if churned {
		s.Hits++
		s.HitValue += value
	}
}

func (s *Score) finish(r *BacktestResult) {
	s.Precision = ratio(float64(s.Hits), float64(s.Flagged))
	s.Recall = ratio(float64(s.Hits), float64(r.Churned))
	s.Lift = ratio(s.Precision, r.BaseRate)
	s.ValuePrecision = ratio(s.HitValue.Float64(), s.FlaggedValue.Float64())
	s.ValueRecall = ratio(s.HitValue.Float64(), r.ChurnedValue.Float64())
}

// churnedAfter tells, for each customer of at (measured on cut, a
// histories.Until of h), whether it has no purchase in h after the cut.
// The customers of cut are those of h with an order by the cut, in h's
// order: they are matched by walking both.
func churnedAfter(h, cut *orders.Histories, at *Result) ([]bool, error) {
	// full[k] is the position in h of cut.Customers[k].
	full := make([]int32, len(cut.Customers))
	j := 0
	for k := range cut.Customers {
		id := cut.Customers[k].ID
		for j < len(h.Customers) && h.Customers[j].ID != id {
			j++
		}
		if j == len(h.Customers) {
			return nil, msg.Errorf("backtest: the cut histories are not a subsequence of the histories")
		}
		full[k] = int32(j)
		j++
	}
	out := make([]bool, at.Customers.Len())
	for i, c := range at.Customers.All() {
		p := h.Customers[full[c.Index]].Purchases
		out[i] = p[len(p)-1].Day <= cut.AsOf
	}
	return out, nil
}
