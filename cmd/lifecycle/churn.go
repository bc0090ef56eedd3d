package main

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"lifecycle/churn"
	"lifecycle/dates"
	"lifecycle/internal/mem"
	"lifecycle/internal/vieworder"
	"lifecycle/money"
	"lifecycle/output"
)

type churnOptions struct {
	in           inputFlags
	out          outputFlags
	rules        string
	showRules    bool
	showFeatures bool
	by           string
	all          bool
	backtest     string
	value        string
	compare      string
	thresholds   churn.Thresholds
}

// What --value ltv and --compare ltv use of lifecycle/ltv (which the pure
// package churn does not import): variables, so that tests can put
// stand-ins in their place.
var (
	// churnValueLTV gives each customer's projected lifetime value, the
	// value at risk of --value ltv (churn_ltv.go).
	churnValueLTV churn.ValueFunc = churnLTVValue
	// churnCompareLTV flags the customers whose BG/NBD P(alive) is below
	// 0.5, scored beside the rules by --backtest --compare ltv.
	churnCompareLTV = &churn.Comparison{Name: "p_alive<0.5", Flag: churnLTVDead}
)

func newChurnCmd(s *streams) *cobra.Command {
	opts := &churnOptions{thresholds: churn.Thresholds{}}
	cmd := &cobra.Command{
		Use:   "churn [flags] FILE...",
		Short: "Warn of customers who are slipping away, with the rules' reasons and a backtest",
		Long: `churn lists the customers who are slipping away (流失预警), why, and how much
is at stake: every customer with a purchase up to the as-of date is measured
(days since the last purchase, the usual gap between purchases, revenue of the
last 90 days against the 90 before, ...) and plain rules flag the ones at
risk, each rule with a level and a reason. A customer's level is the highest
of the rules it trips; value at risk is its net revenue of the last 365 days.
The list is sorted by level (critical, high, medium, watch), then value at
risk, so the valuable ones can be called first.

Default rules (--show-rules prints them, --show-features what rules can use):
` + churnDefaultRulesHelp() + `The typical gap is the median of the days between a customer's purchase days;
a customer with one purchase day gets the store's median days from first to
second purchase. --dormant-days and the other threshold flags change the
numbers.

--rules FILE (YAML) replaces or extends the defaults:
  extends: default            # keep the defaults (omit: only the file's rules)
  disable: [declining]        # drop defaults
  rules:
    - name: big-spender-quiet # a default's name replaces it
      level: critical         # critical, high, medium or watch
      reason: a big spender has been quiet for two months
      condition: net_revenue > 1000 && days_since_last > 60
Conditions are expr-lang expressions (https://expr-lang.org): && || !,
comparisons, arithmetic, and dates (first_purchase < date("2024-01-01")). A
file with a syntax error, an unknown feature or a condition that is not true
or false is rejected before any order is read, with its line and column; so
is a condition over 10000 characters, nested over 100 brackets deep, or with
an integer % 0. Lists (1..10, map, all, ...) have a budget of 10000 steps a
customer (a step: one call of a # expression, one number of a range, one
value of a list each time # or a let variable holding it is used): a rule
over it for a customer with every feature zero is rejected before any order
is read (exit 2), one over it for a real customer stops with an error naming
the customer and the rule (exit 1).

Columns: customer_id, level, rules (the rules it trips, separated by spaces),
reason (of its most urgent rule), days_since_last, typical_gap_days,
days_overdue (days since the last purchase less the typical gap),
expected_next (last purchase + typical gap), purchases, net_revenue,
value_at_risk. --all lists every customer (level none: no warning).

--by rule and --by level count the customers and value at risk of each rule
(a customer flagged by two rules counts under both) or level.

--backtest 90d replays the rules 90 days before the as-of date with the
orders up to then, and scores them on the 90 days after: for each rule and
for any rule, the customers flagged, the share of them who did not buy again
(precision), the share of those who did not buy again that were flagged
(recall), lift over the base rate, and the same weighted by value at risk at
the cut. The all customers row is the base rate.`,
		Example: `  lifecycle churn orders.csv
  lifecycle churn --by rule orders.csv
  lifecycle churn --dormant-days 60 --by level orders.csv
  lifecycle churn --rules my-rules.yaml orders.csv
  lifecycle churn --backtest 90d orders.csv
  lifecycle churn --show-rules --rules my-rules.yaml`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runChurn(s, cmd, opts, args)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.rules, "rules", "", "rules file (YAML): replaces the default rules, or extends them with extends: default")
	for _, p := range churn.Params {
		fs.Var(&thresholdFlag{p: p, t: opts.thresholds}, p.Name, p.Usage)
	}
	fs.StringVar(&opts.by, "by", "customer", "view: customer (one row per warned customer), rule or level")
	fs.BoolVar(&opts.all, "all", false, "list every customer, warned or not")
	fs.StringVar(&opts.backtest, "backtest", "", "score the rules on the past: replay them this long before the as-of date (90d, 13w) and look at the days after")
	fs.StringVar(&opts.value, "value", "revenue", "value at risk: revenue (net revenue of the last 365 days) or ltv (projected lifetime value)")
	fs.StringVar(&opts.compare, "compare", "", "with --backtest: score another model beside the rules (ltv: BG/NBD P(alive) < 0.5)")
	fs.BoolVar(&opts.showRules, "show-rules", false, "print the rules (name, level, condition, reason) and exit (no input read)")
	fs.BoolVar(&opts.showFeatures, "show-features", false, "print the features rules can use and exit (no input read)")
	opts.in.register(fs)
	opts.out.register(fs)
	fs.SortFlags = false
	return cmd
}

// churnSettings are the checked options of a run.
type churnSettings struct {
	set      *churn.Set
	by       string
	horizon  int32 // 0: no backtest
	value    churn.ValueFunc
	compare  []churn.Comparison
	rulesSrc string // "default rules" or "rules of FILE", for diagnostics
}

// churnSettingsOf checks the churn flags and reads the rules file: every
// mistake is a usage error, found before any input is read.
func churnSettingsOf(cmd *cobra.Command, o *churnOptions) (churnSettings, error) {
	var st churnSettings
	fl := cmd.Flags()
	var err error
	if st.by, err = choose("by", o.by, means("customer", "customer"), means("rule", "rule"), means("level", "level")); err != nil {
		return st, err
	}
	if err := o.thresholds.Check(); err != nil {
		var te *churn.ThresholdError
		if errors.As(err, &te) { // the Param's name is its flag's
			return st, usagef("--%s %s: %s", te.Param, te.Value, te.Msg)
		}
		return st, usagef("%v", err)
	}
	if o.rules != "" {
		data, err := os.ReadFile(o.rules)
		if err != nil {
			return st, usagef("--rules: %v", err)
		}
		set, err := churn.ParseRules(o.rules, data, o.thresholds)
		if err != nil {
			return st, usagef("--rules %v", err)
		}
		if !set.Default {
			for _, p := range churn.Params {
				if fl.Changed(p.Name) {
					return st, usagef("--%s sets a default rule, and %s does not extend them (add extends: default)", p.Name, o.rules)
				}
			}
		}
		st.set, st.rulesSrc = set, "rules of "+o.rules
	} else {
		if st.set, err = churn.Default(o.thresholds); err != nil {
			return st, usagef("%v", err)
		}
		st.rulesSrc = "default rules"
	}
	switch o.value {
	case "revenue":
	case "ltv":
		st.value = churnValueLTV
	default:
		return st, usagef("--value %q: use revenue or ltv", o.value)
	}
	if o.backtest != "" {
		n, err := parseHorizon(o.backtest)
		if err != nil {
			return st, usagef("--backtest %q: %v", o.backtest, err)
		}
		st.horizon = n
		if fl.Changed("by") || o.all {
			return st, usagef("--backtest has one view: give it without --by and --all")
		}
	}
	switch o.compare {
	case "":
	case "ltv":
		if st.horizon == 0 {
			return st, usagef("--compare ltv goes with --backtest")
		}
		st.compare = append(st.compare, *churnCompareLTV)
	default:
		return st, usagef("--compare %q: use ltv", o.compare)
	}
	if o.all && st.by != "customer" {
		return st, usagef("--all lists customers: it goes with --by customer")
	}
	return st, nil
}

// thresholdFlag is the flag of a churn.Param: an int or a float, whose
// value goes into the thresholds under the Param's name.
type thresholdFlag struct {
	p churn.Param
	t churn.Thresholds
}

func (f *thresholdFlag) String() string {
	v, ok := f.t[f.p.Name]
	if !ok {
		v = f.p.Default
	}
	if f.p.Int {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func (f *thresholdFlag) Set(s string) error {
	if f.p.Int {
		n, err := strconv.ParseInt(s, 0, 64)
		if err != nil {
			return err
		}
		f.t[f.p.Name] = float64(n)
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return err
	}
	f.t[f.p.Name] = v
	return nil
}

// Type is what the help shows after the flag: int or float.
func (f *thresholdFlag) Type() string {
	if f.p.Int {
		return "int"
	}
	return "float64"
}

// churnDefaultRulesHelp lists the default rules for the help: the name and
// level, then the rule's help at column 23.
func churnDefaultRulesHelp() string {
	const col = 23
	var b strings.Builder
	for _, r := range churn.DefaultRuleList() {
		label := "  " + r.Name + " (" + r.Level.String() + ")"
		if len(label) <= col-2 {
			b.WriteString(label + strings.Repeat(" ", col-len(label)))
		} else {
			b.WriteString(label + "\n" + strings.Repeat(" ", col))
		}
		b.WriteString(strings.ReplaceAll(r.Help, "\n", "\n"+strings.Repeat(" ", col)) + "\n")
	}
	return b.String()
}

// parseHorizon reads a backtest horizon: days (90, 90d) or weeks (13w).
func parseHorizon(s string) (int32, error) {
	unit := int64(1)
	num := s
	switch {
	case strings.HasSuffix(s, "d"):
		num = s[:len(s)-1]
	case strings.HasSuffix(s, "w"):
		num, unit = s[:len(s)-1], 7
	}
	n, err := strconv.ParseInt(num, 10, 32)
	if err != nil || n <= 0 || n*unit > 100_000 {
		return 0, fmt.Errorf("give a number of days or weeks, such as 90d or 13w")
	}
	return int32(n * unit), nil
}

func runChurn(s *streams, cmd *cobra.Command, opts *churnOptions, args []string) error {
	d := diag{w: s.err, quiet: opts.out.quiet}
	st, err := churnSettingsOf(cmd, opts)
	if err != nil {
		return err
	}
	if opts.showRules || opts.showFeatures {
		if opts.showRules && opts.showFeatures {
			return usagef("give --show-rules or --show-features, not both")
		}
		t := rulesTable(st.set)
		if opts.showFeatures {
			t = featuresTable()
		}
		return opts.out.writeTable(s, t)
	}
	opts.in.keepMemory = true // the analysis and its view allocate much
	opts.in.attributes = st.set.Attributes()
	h, dst, format, err := start(s, &opts.in, &opts.out, d, args)
	if err != nil {
		return err
	}
	defer dst.Abort()
	if st.horizon > 0 {
		bt, err := churn.Backtest(h, st.set, churn.BacktestOptions{Horizon: st.horizon, Value: st.value, Compare: st.compare})
		if err != nil {
			return err
		}
		d.printf("backtest: the %s at %s (as-of %s minus %d days) with the orders up to then; churned: no purchase in the %d days after",
			st.rulesSrc, dates.DayString(bt.Cut), dates.DayString(bt.AsOf), bt.Horizon, bt.Horizon)
		d.printf("backtest: %s by the cut, %s of them (%.1f%%) churned", plural(int64(bt.Customers), "customer"), strconv.Itoa(bt.Churned), 100*bt.BaseRate)
		if err := writeTo(dst, format, backtestTable(bt), d); err != nil {
			return err
		}
		return dst.Commit()
	}
	res, err := churn.Compute(h, st.set, churn.Options{Value: st.value})
	if err != nil {
		return err
	}
	stage("compute")
	mem.Release() // the histories are garbage now (see runRFM)
	if res.NoPurchase > 0 {
		d.printf("left out %s with returns but no purchase up to the as-of date", plural(int64(res.NoPurchase), "customer"))
	}
	if res.Customers.Len() == 0 {
		return fmt.Errorf("no customer has a purchase on or before the as-of date %s", dates.DayString(res.AsOf))
	}
	if math.IsNaN(res.StoreGap) {
		d.printf("no customer bought on two days: customers with one purchase day have no typical gap")
	} else {
		d.printf("typical gap of customers with one purchase day: the store's median days from first to second purchase, %s", num1(res.StoreGap))
	}
	var parts []string
	flagged := 0
	for _, g := range res.ByLevel()[:len(churn.Levels)] {
		parts = append(parts, fmt.Sprintf("%s %d", g.Name, g.Customers))
		flagged += g.Customers
	}
	d.printf("%d of %s warned by the %s: %s", flagged, plural(int64(res.Customers.Len()), "customer"), st.rulesSrc, strings.Join(parts, ", "))
	var t *output.Table
	switch st.by {
	case "rule":
		t = churnGroupTable(res, res.ByRule(), true)
	case "level":
		t = churnGroupTable(res, res.ByLevel(), false)
	default:
		t = churnCustomerTable(res, opts.all, st.value != nil, func() {
			// The customers are garbage once the view has its rows (see
			// churnCustomerTable).
			drop(&res.Customers)
			mem.Release()
		})
		// The view holds all the writer needs, without pointers but the
		// long ids: the rows in input order and the sort's buffers are
		// garbage. Collected now (a short collection), they
		// leave room for the writer, where the heap would reach its limit
		// and be collected while it writes, the writer paying for it.
		res = nil
		mem.Release()
	}
	stage("view")
	if err := writeTo(dst, format, t, d); err != nil {
		return err
	}
	stage("write")
	return commit(dst)
}

// num1 writes a number of days with at most one decimal.
func num1(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// rulesTable lays out --show-rules.
func rulesTable(set *churn.Set) *output.Table {
	t := &output.Table{Columns: []output.Column{
		{Name: "rule", Title: "Rule"},
		{Name: "level", Title: "Level"},
		{Name: "condition", Title: "Condition"},
		{Name: "reason", Title: "Reason"},
		{Name: "origin", Title: "From"},
	}}
	for i := range set.Rules {
		r := &set.Rules[i]
		t.Rows = append(t.Rows, []any{r.Name, r.Level.String(), strings.TrimSpace(r.Condition), r.Reason, r.Origin})
	}
	t.Caption = fmt.Sprintf("%s; a customer's level is the highest of the rules it trips (--show-features lists what conditions can use)", plural(int64(len(set.Rules)), "rule"))
	return t
}

// featuresTable lays out --show-features.
func featuresTable() *output.Table {
	t := &output.Table{Columns: []output.Column{
		{Name: "feature", Title: "Feature"},
		{Name: "type", Title: "Type"},
		{Name: "description", Title: "Description"},
	}}
	for _, f := range churn.FeatureList {
		t.Rows = append(t.Rows, []any{f.Name, f.Type, f.Description})
	}
	t.Caption = "days are calendar days before the as-of date; money in the currency's units; dates compare with date(\"2024-01-31\")"
	return t
}

// churnColumns are the columns of the per-customer view.
var churnColumns = []output.Column{
	{Name: "customer_id", Title: "Customer"},
	{Name: "level", Title: "Level"},
	{Name: "rules", Title: "Rules"},
	{Name: "reason", Title: "Reason"},
	{Name: "days_since_last", Title: "Days since last", Kind: output.Int},
	{Name: "typical_gap_days", Title: "Typical gap", Kind: output.Float, Decimals: 1},
	{Name: "days_overdue", Title: "Days overdue", Kind: output.Float, Decimals: 1},
	{Name: "expected_next", Title: "Expected next", Kind: output.Day},
	{Name: "purchases", Title: "Purchases", Kind: output.Int},
	{Name: "net_revenue", Title: "Net revenue", Kind: output.Money},
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
	lookup := ruleWords(set, cs.All())
	what := "value at risk: net revenue of the last 365 days"
	if ltvValue {
		what = "value at risk: projected lifetime value"
	}
	caption := fmt.Sprintf("%s of %s warned as of %s; %s", plural(int64(flagged), "customer"),
		strconv.Itoa(n), dates.DayString(res.AsOf), what)
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
		levelNames[l] = churn.Level(l).String()
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
func ruleWords(set *churn.Set, customers iter.Seq2[int, *churn.Customer]) func(m uint64) words {
	wordsOf := func(m uint64) words {
		if m == 0 {
			return words{"", ""}
		}
		top := -1
		for j := range set.Rules {
			if m&(1<<j) != 0 && (top < 0 || set.Rules[j].Level > set.Rules[top].Level) {
				top = j
			}
		}
		return words{strings.Join(set.RuleNames(m), " "), set.Rules[top].Reason}
	}
	if len(set.Rules) <= 12 {
		table := make([]words, 1<<len(set.Rules))
		for m := range table {
			table[m] = wordsOf(uint64(m))
		}
		return func(m uint64) words { return table[m] }
	}
	cache := map[uint64]words{}
	for _, c := range customers {
		if _, ok := cache[c.Rules]; !ok {
			cache[c.Rules] = wordsOf(c.Rules)
		}
	}
	return func(m uint64) words { return cache[m] }
}

// words are the rules and reason cells of a bit set of rules.
type words struct{ rules, reason any }

// churnGroupTable lays out --by rule (byRule) and --by level.
func churnGroupTable(res *churn.Result, gs []churn.Group, byRule bool) *output.Table {
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
		output.Column{Name: "customer_share", Title: "Share of customers", Kind: output.Percent, Decimals: 2},
		output.Column{Name: "value_at_risk", Title: "Value at risk", Kind: output.Money},
		output.Column{Name: "value_share", Title: "Share of value", Kind: output.Percent, Decimals: 2},
	)
	if byRule {
		t.Columns = append(t.Columns, output.Column{Name: "reason", Title: "Reason"})
	}
	for i, g := range gs {
		row := []any{g.Name}
		if byRule {
			level := any(g.Level.String())
			if g.Level == churn.None {
				level = nil
			}
			row = append(row, level)
		}
		row = append(row, g.Customers, g.CustomerShare, g.Value, g.ValueShare)
		if byRule {
			var reason any
			if i < len(res.Set.Rules) {
				reason = res.Set.Rules[i].Reason
			}
			row = append(row, reason)
		}
		t.Rows = append(t.Rows, row)
	}
	var total money.Amount
	for _, c := range res.Customers.All() {
		total += c.Value
	}
	t.Caption = fmt.Sprintf("%s as of %s, value at risk %s; a customer flagged by several rules counts under each",
		plural(int64(res.Customers.Len()), "customer"), dates.DayString(res.AsOf), total.Grouped())
	if !byRule {
		t.Caption = fmt.Sprintf("%s as of %s, value at risk %s; a customer's level is the highest of its rules",
			plural(int64(res.Customers.Len()), "customer"), dates.DayString(res.AsOf), total.Grouped())
	}
	return t
}

// backtestTable lays out --backtest: a row per rule, then any rule, the
// comparisons and all customers (the base rate).
func backtestTable(bt *churn.BacktestResult) *output.Table {
	t := &output.Table{Columns: []output.Column{
		{Name: "rule", Title: "Rule"},
		{Name: "level", Title: "Level"},
		{Name: "flagged", Title: "Flagged", Kind: output.Int},
		{Name: "churned", Title: "Churned", Kind: output.Int},
		{Name: "precision", Title: "Precision", Kind: output.Percent, Decimals: 2},
		{Name: "recall", Title: "Recall", Kind: output.Percent, Decimals: 2},
		{Name: "lift", Title: "Lift", Kind: output.Float},
		{Name: "value_flagged", Title: "Value flagged", Kind: output.Money},
		{Name: "value_precision", Title: "Value precision", Kind: output.Percent, Decimals: 2},
		{Name: "value_recall", Title: "Value recall", Kind: output.Percent, Decimals: 2},
	}}
	add := func(s *churn.Score) {
		var level any
		if s.Level != churn.None {
			level = s.Level.String()
		}
		t.Rows = append(t.Rows, []any{s.Name, level, s.Flagged, s.Hits, s.Precision, s.Recall, s.Lift,
			s.FlaggedValue, s.ValuePrecision, s.ValueRecall})
	}
	for i := range bt.Rules {
		add(&bt.Rules[i])
	}
	add(&bt.Model)
	for i := range bt.Compare {
		add(&bt.Compare[i])
	}
	churned, value := float64(bt.Churned), bt.ChurnedValue.Float64()
	t.Rows = append(t.Rows, []any{"all customers", nil, bt.Customers, bt.Churned, bt.BaseRate, ratioOf(churned, churned), ratioOf(bt.BaseRate, bt.BaseRate),
		bt.Value, ratioOf(value, bt.Value.Float64()), ratioOf(value, value)})
	t.Caption = fmt.Sprintf("rules at %s (as-of %s minus %d days); churned: no purchase in the %d days after; value: value at risk at the cut",
		dates.DayString(bt.Cut), dates.DayString(bt.AsOf), bt.Horizon, bt.Horizon)
	return t
}

func ratioOf(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
