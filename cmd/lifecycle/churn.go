package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"lifecycle/churn"
	"lifecycle/dates"
	"lifecycle/internal/mem"
	"lifecycle/msg"
	"lifecycle/output"
	"lifecycle/output/words"
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
	// churnCompareLTV makes the comparison of --backtest --compare ltv:
	// the customers whose BG/NBD P(alive) is below 0.5, scored beside the
	// rules; it keeps its fit in seen, for the diagnostics.
	churnCompareLTV = churnLTVComparison
)

func newChurnCmd(s *streams) *cobra.Command {
	return churnCommand(s, &churnOptions{thresholds: churn.Thresholds{}})
}

// churnCommand is the churn command, its flags filling opts (the report runs
// the analysis with them).
func churnCommand(s *streams, opts *churnOptions) *cobra.Command {
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
	ltvSeen  *ltvSeen // the fit of --compare ltv, once made
	rulesSrc string   // "default rules" or "rules of FILE", for diagnostics
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
			return st, usagef("--%v", te)
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
		st.ltvSeen = &ltvSeen{}
		st.compare = append(st.compare, churnCompareLTV(st.ltvSeen))
	default:
		return st, usagef("--compare %q: use ltv", o.compare)
	}
	if o.all && st.by != "customer" {
		return st, usagef("--all lists customers: it goes with --by customer")
	}
	return st, nil
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
		return opts.out.writeTableIn(s, func(lang words.Lang) *output.Table {
			if opts.showFeatures {
				return featuresTable(lang)
			}
			return rulesTable(st.set, lang)
		})
	}
	opts.in.keepMemory = true // the analysis and its view allocate much
	opts.in.attributes = st.set.Attributes()
	h, dst, _, err := start(s, &opts.in, &opts.out, &d, args)
	if err != nil {
		return err
	}
	defer opts.out.abort(dst)
	if st.horizon > 0 {
		bt, err := churn.Backtest(h, st.set, churn.BacktestOptions{Horizon: st.horizon, Value: st.value, Compare: st.compare})
		if err != nil {
			return err
		}
		d.say("churn.backtest_cut",
			rulesSrcIn(st.rulesSrc, d.lang), dates.DayString(bt.Cut), dates.DayString(bt.AsOf), bt.Horizon, bt.Horizon)
		st.ltvSeen.report(d, opts.out.meta)
		d.say("churn.backtest_base", d.count(int64(bt.Customers), "customer"), strconv.Itoa(bt.Churned), 100*bt.BaseRate)
		if err := opts.out.write(dst, backtestTableIn(bt, opts.out.lang), d); err != nil {
			return err
		}
		return opts.out.commit(dst)
	}
	res, err := churn.Compute(h, st.set, churn.Options{Value: st.value})
	if err != nil {
		return err
	}
	stage("compute")
	mem.Release() // the histories are garbage now (see runRFM)
	if res.NoPurchase > 0 {
		d.say("read.no_purchase", d.count(int64(res.NoPurchase), "customer"))
	}
	if res.Customers.Len() == 0 {
		return msg.Errorf("no customer has a purchase on or before the as-of date %s", dates.DayString(res.AsOf))
	}
	if math.IsNaN(res.StoreGap) {
		d.say("churn.no_store_gap")
	} else {
		d.say("churn.store_gap", num1(res.StoreGap))
	}
	var parts []string
	flagged := 0
	for _, g := range res.ByLevel()[:len(churn.Levels)] {
		parts = append(parts, fmt.Sprintf("%s %d", levelIn(g.Level, d.lang), g.Customers))
		flagged += g.Customers
	}
	d.say("churn.warned", flagged, d.count(int64(res.Customers.Len()), "customer"), rulesSrcIn(st.rulesSrc, d.lang), strings.Join(parts, d.lang.Get("read.list_sep")))
	var t *output.Table
	switch st.by {
	case "rule":
		t = churnGroupTable(res, res.ByRule(), true, opts.out.lang)
	case "level":
		t = churnGroupTable(res, res.ByLevel(), false, opts.out.lang)
	default:
		t = churnCustomerTableIn(res, opts.all, st.value != nil, opts.out.lang, func() {
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
	if err := opts.out.write(dst, t, d); err != nil {
		return err
	}
	stage("write")
	return opts.out.commit(dst)
}
