package main

import (
	"iter"
	"math"
	"strconv"
	"strings"
	"sync"

	"lifecycle/churn"
	"lifecycle/dates"
	"lifecycle/internal/vieworder"
	"lifecycle/money"
	"lifecycle/output"
	"lifecycle/output/words"
)

// The views of churn: the per-customer table in view order, the tables of
// --by rule and --by level, --show-rules, --show-features and --backtest.

// num1 writes a number of days with at most one decimal.
func num1(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// churnColumns are the columns of the per-customer view.
var churnColumns = []output.Column{
	{Name: "customer_id", Title: "Customer"},
	{Name: "level", Title: "Level"},
	{Name: "rules", Title: "Rules", Drop: 4}, // the reason says why
	{Name: "reason", Title: "Reason", Shorten: true},
	{Name: "days_since_last", Title: "Days since last", Kind: output.Int},
	{Name: "typical_gap_days", Title: "Typical gap", Kind: output.Float, Decimals: 1, Drop: 2},
	{Name: "days_overdue", Title: "Days overdue", Kind: output.Float, Decimals: 1, Drop: 1},
	{Name: "expected_next", Title: "Expected next", Kind: output.Day, Drop: 3},
	{Name: "purchases", Title: "Purchases", Kind: output.Int, Drop: 2},
	{Name: "net_revenue", Title: "Net revenue", Kind: output.Money, Drop: 1},
	{Name: "value_at_risk", Title: "Value at risk", Kind: output.Money},
}

// halfBoxes holds boxed float64 values that are multiples of 0.5 in a
// range (medians of whole days), so that cells share them.
type halfBoxes struct {
	lo    int64
	cache []any
}

func newHalfBoxes(lo, hi float64) *halfBoxes {
	b := &halfBoxes{lo: int64(math.Floor(2 * lo))}
	if n := int64(math.Ceil(2*hi)) - b.lo + 1; hi >= lo && n > 0 && n < 1<<20 {
		b.cache = make([]any, n)
		for i := range b.cache {
			b.cache[i] = float64(b.lo+int64(i)) / 2
		}
	}
	return b
}

func (b *halfBoxes) get(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	if k := 2 * v; k == math.Trunc(k) {
		if i := int64(k) - b.lo; i >= 0 && i < int64(len(b.cache)) {
			return b.cache[i]
		}
	}
	return v
}

// churnRow is one customer of the per-customer view: 56 bytes without a
// pointer, the id in place when it is short.
type churnRow struct {
	net, value      money.Amount
	rules           uint64
	last, purchases int32
	gap             float32
	level           churn.Level
	id              vieworder.ID
}

// churnCustomerTable lays out the per-customer view: the warned customers
// (all of them with all), in the order of churn.Result.ViewKeys (level,
// then value at risk), then by id (vieworder.Sort).
//
// The customers are made into small rows in the order of the input (read
// in memory order), and the rows put into view order once: one scattered
// read per customer, where the writer would read each customer, its
// amounts and its id scattered over memory.
//
// Once the rows and the order are made, the customers are not read again,
// and release (if not nil) is called: the caller may drop them and collect
// their memory, which the sort and the copy into view order then reuse
// rather than memory fresh from the system.
func churnCustomerTable(res *churn.Result, all, ltvValue bool, release func()) *output.Table {
	return churnCustomerTableIn(res, all, ltvValue, words.English, release)
}

// churnCustomerTableIn is churnCustomerTable in lang.
func churnCustomerTableIn(res *churn.Result, all, ltvValue bool, lang words.Lang, release func()) *output.Table {
	cs := res.Customers
	set := res.Set
	n := cs.Len()
	rows := vieworder.NewInput[churnRow](n)
	var mu sync.Mutex
	minLast, maxDays := res.AsOf, int32(0)
	maxGap := 0.0
	flagged := 0
	rows.Fill(func(s *vieworder.Share[churnRow]) {
		last, days, gap := res.AsOf, int32(0), 0.0
		warned := 0
		for i := s.Lo; i < s.Hi; i++ {
			c := cs.At(i)
			r := s.At(i)
			*r = churnRow{net: c.Net, value: c.Value, rules: c.Rules, last: c.Last, purchases: c.Purchases,
				gap: c.TypicalGap, level: c.Level}
			s.SetID(&r.id, i, c.ID)
			last, days = min(last, c.Last), max(days, res.AsOf-c.Last)
			if g := float64(c.TypicalGap); g > gap {
				gap = g
			}
			if c.Level != churn.None {
				warned++
			}
		}
		mu.Lock()
		flagged += warned
		minLast, maxDays, maxGap = min(minLast, last), max(maxDays, days), max(maxGap, gap)
		mu.Unlock()
	})
	keys, order := res.ViewKeys(all)
	lookup := ruleWords(set, cs.All(), lang)
	what := lang.Get("churn.risk_recent")
	if ltvValue {
		what = lang.Get("churn.risk_ltv")
	}
	total := strconv.Itoa(n)
	if lang != words.English {
		total = customersIn(lang, int64(n))
	}
	caption := lang.Get("churn.caption", customersIn(lang, int64(flagged)), total, dates.DayString(res.AsOf), what)
	asOf := res.AsOf
	drop(&cs)
	if release != nil {
		release()
	}
	view := vieworder.Sort(rows, keys, order, func(r *churnRow) *vieworder.ID { return &r.id })
	days := newBoxes(0, int64(maxDays))
	nextDays := newBoxes(int64(minLast), int64(res.AsOf)+int64(maxGap)+1)
	gaps := newHalfBoxes(0, maxGap)
	overdue := newHalfBoxes(-maxGap, float64(maxDays))
	freq := newBoxes(0, 1<<10)
	levelNames := make([]string, churn.Critical+1)
	levels := make([]any, len(levelNames)) // the same, boxed once for Row
	for l := range levelNames {
		levelNames[l] = levelIn(churn.Level(l), lang)
		levels[l] = levelNames[l]
	}
	// Rows are made as the writer asks for them, on every core (output's
	// Table.Row): nothing is kept per row, and cells share boxed values.
	// They hold nothing of res.
	row := func(k int, row []any) {
		r := view.At(k)
		w := lookup(r.rules)
		c := churn.Customer{Last: r.last, TypicalGap: r.gap}
		row[0] = view.Cell(&r.id, k)
		row[1] = levels[r.level]
		row[2] = w.rules
		row[3] = w.reason
		row[4] = days.get(asOf - r.last)
		row[5] = gaps.get(float64(r.gap))
		row[6] = overdue.get(c.DaysOverdue(asOf))
		row[7] = nil
		if next, ok := c.ExpectedNext(); ok {
			row[7] = nextDays.get(next)
		}
		row[8] = freq.get(r.purchases)
		// Money by pointer: boxing the amounts would allocate.
		row[9] = &r.net
		row[10] = &r.value
	}
	// The same row as CSV or TSV text, without a cell's type switch.
	text := func(tw *output.TextRow, dst []byte, k int) []byte {
		r := view.At(k)
		w := lookup(r.rules)
		c := churn.Customer{Last: r.last, TypicalGap: r.gap}
		start := len(dst)
		dst = tw.String(dst, 0, view.Text(&r.id, k))
		// The level, the rules and the reason: made once per level and
		// set of rules (when the rules are few), then copied.
		cells := func(dst []byte) []byte {
			dst = tw.String(dst, 1, levelNames[r.level])
			dst = tw.String(dst, 2, w.rules.(string))
			return tw.String(dst, 3, w.reason.(string))
		}
		if r.rules < 1<<12 {
			dst = tw.Memo(dst, int(r.level)<<12|int(r.rules), cells)
		} else {
			dst = cells(dst)
		}
		dst = tw.Int(dst, 4, int64(asOf-r.last))
		dst = tw.Float(dst, 5, float64(r.gap))
		dst = tw.Float(dst, 6, c.DaysOverdue(asOf))
		if next, ok := c.ExpectedNext(); ok {
			dst = tw.Day(dst, 7, next)
		} else {
			dst = tw.Null(dst, 7)
		}
		dst = tw.Int(dst, 8, int64(r.purchases))
		dst = tw.Money(dst, 9, r.net)
		dst = tw.Money(dst, 10, r.value)
		return tw.End(dst, start)
	}
	return &output.Table{Columns: churnColumns, Len: view.Len(), Row: row, Text: text, Caption: caption}
}

// ruleWords returns the rules and reason cells of each bit set of rules of
// set (few sets occur): the names of the rules, and the reason of the
// first of the most urgent; a table indexed by the bit set when there are
// few rules, else a map of the sets of the customers.
func ruleWords(set *churn.Set, customers iter.Seq2[int, *churn.Customer], lang words.Lang) func(m uint64) ruleCells {
	wordsOf := func(m uint64) ruleCells {
		if m == 0 {
			return ruleCells{"", ""}
		}
		top := -1
		for j := range set.Rules {
			if m&(1<<j) != 0 && (top < 0 || set.Rules[j].Level > set.Rules[top].Level) {
				top = j
			}
		}
		return ruleCells{strings.Join(ruleNamesIn(set.RuleNames(m), lang), " "), reasonIn(&set.Rules[top], lang)}
	}
	if len(set.Rules) <= 12 {
		table := make([]ruleCells, 1<<len(set.Rules))
		for m := range table {
			table[m] = wordsOf(uint64(m))
		}
		return func(m uint64) ruleCells { return table[m] }
	}
	cache := map[uint64]ruleCells{}
	for _, c := range customers {
		if _, ok := cache[c.Rules]; !ok {
			cache[c.Rules] = wordsOf(c.Rules)
		}
	}
	return func(m uint64) ruleCells { return cache[m] }
}

// ruleCells are the rules and reason cells of a bit set of rules.
type ruleCells struct{ rules, reason any }

// churnGroupTable lays out --by rule (byRule) and --by level.
func churnGroupTable(res *churn.Result, gs []churn.Group, byRule bool, lang words.Lang) *output.Table {
	first := output.Column{Name: "level", Title: "Level"}
	if byRule {
		first = output.Column{Name: "rule", Title: "Rule"}
	}
	t := &output.Table{Columns: []output.Column{first}}
	if byRule {
		t.Columns = append(t.Columns, output.Column{Name: "level", Title: "Level"})
	}
	t.Columns = append(t.Columns,
		output.Column{Name: "customers", Title: "Customers", Kind: output.Int},
		output.Column{Name: "customer_share", Title: "Share of customers", Kind: output.Percent, Decimals: 2, Drop: 1},
		output.Column{Name: "value_at_risk", Title: "Value at risk", Kind: output.Money},
		output.Column{Name: "value_share", Title: "Share of value", Kind: output.Percent, Decimals: 2},
	)
	if byRule {
		t.Columns = append(t.Columns, output.Column{Name: "reason", Title: "Reason", Shorten: true})
	}
	for i, g := range gs {
		name := ruleNameIn(g.Name, lang)
		switch {
		case !byRule:
			name = levelIn(g.Level, lang)
		case i == len(res.Set.Rules) && lang != words.English:
			name = lang.Get("churn.any_rule")
		}
		row := []any{name}
		if byRule {
			level := any(levelIn(g.Level, lang))
			if g.Level == churn.None {
				level = nil
			}
			row = append(row, level)
		}
		row = append(row, g.Customers, g.CustomerShare, g.Value, g.ValueShare)
		if byRule {
			var reason any
			if i < len(res.Set.Rules) {
				reason = reasonIn(&res.Set.Rules[i], lang)
			}
			row = append(row, reason)
		}
		t.Rows = append(t.Rows, row)
	}
	var total money.Amount
	for _, c := range res.Customers.All() {
		total += c.Value
	}
	key := words.Key("churn.rule_caption")
	if !byRule {
		key = "churn.level_caption"
	}
	t.Caption = lang.Get(key, customersIn(lang, int64(res.Customers.Len())), dates.DayString(res.AsOf), total.Grouped())
	return t
}
