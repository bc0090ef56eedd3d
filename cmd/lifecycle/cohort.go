package main

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"lifecycle/cohort"
	"lifecycle/dates"
	"lifecycle/msg"
	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/chart"
	"lifecycle/output/words"
)

type cohortOptions struct {
	in           inputFlags
	out          outputFlags
	period       string
	metric       string
	absolute     bool
	perCustomer  bool
	maxAge       int
	ages         string
	from, to     string
	completeOnly bool
	plot         string
	color        string
}

func newCohortCmd(s *streams) *cobra.Command { return cohortCommand(s, &cohortOptions{}) }

// cohortCommand is the cohort command, its flags filling opts (the report runs
// the analysis with them).
func cohortCommand(s *streams, opts *cohortOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cohort [flags] FILE...",
		Short: "Retention tables by acquisition cohort, with a heatmap",
		Long: `cohort groups customers by the period of their first purchase (their
cohort) and follows each cohort period by period: of the customers won in
March, how many still buy, and what are they worth now?

Rows are cohorts, oldest first; columns are ages, the periods since the
first purchase (m0 is the cohort's own month, m1 the next calendar month).
--period day|week|month|quarter|year (weeks are ISO weeks from Monday;
periods are calendar periods in the --tz zone).

--metric:
  customers  distinct customers of the cohort buying in the period, as a
             share of the cohort (--absolute: counts); 100% at age 0
  orders     purchases in the period (--per-customer: per acquired customer)
  revenue    net revenue in the period: purchases less the returns dated in
             it (--per-customer: per acquired customer)
  ltv        cumulative net revenue per acquired customer up to each age
             (--absolute: of the whole cohort)
  repeat     share of the cohort that has made a second purchase by each age
             (--absolute: counts)

A return dated before the customer's first purchase counts at age 0, so a
cohort's revenue over all its ages is its customers' net revenue. Customers
with only returns belong to no cohort.

The period containing the as-of date is unfinished (unless the as-of date is
its last day): its cells, one per cohort, are marked * on the terminal and
in the plot, and the machine formats have an "incomplete" column (true when
the row's last value is the unfinished period). --complete-only leaves that
period out instead.

The terminal table ends with an average row: each age averaged over the
cohorts that have completed it (the unfinished cells take no part), rates
and per-customer values weighted by cohort size, counts and amounts as the
mean cohort. The machine formats (csv, tsv, json, jsonl, parquet) hold one
row per cohort and no average: columns cohort, cohort_start, customers (the
cohort size), incomplete, then one per age (m0, m1, ...; d1, d7, ...), with
--by a first column "group".

Day-based retention as Chinese operators report it (次日/7日/30日):
--period day --ages 1,7,30 gives D1/D7/D30, the share buying on day N;
with --metric repeat, the share that has bought again within N days.

--by COLUMN splits the table by a column of the input (such as Country):
one table per value, each customer in the group of the value on its first
purchase.

On a terminal that supports colour, cells are shaded by value (--color
always|never overrides; NO_COLOR is respected). --plot FILE.png or
FILE.svg draws the table as a heatmap with the values in the cells.`,
		Example: `  lifecycle cohort orders.csv                            # monthly retention, % of each cohort
  lifecycle cohort --metric ltv --plot ltv.png orders.csv
  lifecycle cohort --metric revenue --per-customer --period quarter orders.csv
  lifecycle cohort --period week --from 2024-01-01 --max-age 12 orders.csv
  lifecycle cohort --period day --ages 1,7,30 --tz Asia/Shanghai 订单.csv
  lifecycle cohort --by Country --complete-only -o cohorts.csv online-retail.csv`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCohort(s, cmd, opts, args)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.period, "period", "month", "cohort and age period: day, week, month, quarter or year")
	fs.StringVar(&opts.metric, "metric", "customers", "customers, orders, revenue, ltv or repeat (see above)")
	fs.BoolVar(&opts.absolute, "absolute", false, "customers, repeat, ltv: counts and amounts of the whole cohort, not per acquired customer")
	fs.BoolVar(&opts.perCustomer, "per-customer", false, "orders, revenue: per acquired customer (divided by the cohort size)")
	fs.IntVar(&opts.maxAge, "max-age", 0, "show ages 0 to N only (default: every age reached)")
	fs.StringVar(&opts.ages, "ages", "", "show these ages only, e.g. 1,7,30 (with --period day: D1, D7, D30)")
	fs.StringVar(&opts.from, "from", "", "first cohort: the period containing this date (YYYY-MM-DD, YYYY-MM or YYYY)")
	fs.StringVar(&opts.to, "to", "", "last cohort: the period containing this date (YYYY-MM-DD, YYYY-MM or YYYY)")
	fs.BoolVar(&opts.completeOnly, "complete-only", false, "leave out the unfinished period containing the as-of date")
	fs.StringVar(&opts.in.columns[orders.ColGroup], "by", "", "split the table by this column of the input (header name or 1-based number), e.g. Country")
	fs.StringVar(&opts.plot, "plot", "", "also draw the table as a heatmap image: FILE.png or FILE.svg")
	fs.StringVar(&opts.color, "color", "auto", "shade the terminal table: auto (on a colour terminal, unless NO_COLOR), always or never")
	opts.in.register(fs)
	opts.out.register(fs)
	fs.SortFlags = false
	return cmd
}

// cohortSettings are the checked options of a run.
type cohortSettings struct {
	opt        cohort.Options
	plotFormat string
	color      string // auto, always or never
	by         string
}

// cohortSettingsOf checks the cohort flags: every mistake is a usage error,
// found before any input is read.
func cohortSettingsOf(cmd *cobra.Command, o *cohortOptions) (cohortSettings, error) {
	var st cohortSettings
	opt := &st.opt
	var err error
	if opt.Period, err = choose("period", o.period, means("day", cohort.Day), means("week", cohort.Week),
		means("month", cohort.Month), means("quarter", cohort.Quarter), means("year", cohort.Year)); err != nil {
		return st, err
	}
	if opt.Metric, err = choose("metric", o.metric, means("customers", cohort.Customers), means("orders", cohort.Orders),
		means("revenue", cohort.Revenue), means("ltv", cohort.LTV), means("repeat", cohort.Repeat)); err != nil {
		return st, err
	}
	switch opt.Metric {
	case cohort.Orders, cohort.Revenue:
		if o.absolute {
			return st, usagef("--absolute: %s are absolute already (--per-customer divides them by the cohort size)", opt.Metric)
		}
		opt.PerCustomer = o.perCustomer
	default:
		if o.perCustomer {
			return st, usagef("--per-customer: %s is per acquired customer already (--absolute gives the whole cohort's)", opt.Metric)
		}
		opt.PerCustomer = !o.absolute
	}
	if cmd.Flags().Changed("max-age") {
		if o.maxAge < 0 {
			return st, usagef("--max-age %d: give 0 or more", o.maxAge)
		}
		if o.ages != "" {
			return st, usagef("give --ages or --max-age, not both")
		}
		opt.MaxAge = o.maxAge
		if o.maxAge == 0 { // cohort.Options' MaxAge 0 means no limit
			opt.Ages = []int{0}
		}
	}
	if o.ages != "" {
		if opt.Ages, err = parseAges(o.ages); err != nil {
			return st, err
		}
	}
	if o.from != "" {
		if opt.From, err = parsePeriodDay("from", o.from, false); err != nil {
			return st, err
		}
		opt.HasFrom = true
	}
	if o.to != "" {
		if opt.To, err = parsePeriodDay("to", o.to, true); err != nil {
			return st, err
		}
		opt.HasTo = true
	}
	if opt.HasFrom && opt.HasTo && opt.From > opt.To {
		return st, usagef("--from %s is after --to %s", o.from, o.to)
	}
	opt.CompleteOnly = o.completeOnly
	if st.color, err = choose("color", o.color, means("auto", "auto"), means("always", "always"), means("never", "never")); err != nil {
		return st, err
	}
	st.by = o.in.columns[orders.ColGroup]
	if o.plot != "" {
		if o.plot == "-" {
			return st, usagef("--plot -: give an image file name (FILE.png or FILE.svg)")
		}
		if st.plotFormat, err = chart.FormatOf(o.plot); err != nil {
			return st, usagef("--plot %q: use a .png or .svg file name", o.plot)
		}
		if st.by != "" {
			return st, usagef("--plot draws one table: not with --by")
		}
	}
	if err := opt.Check(); err != nil {
		return st, usagef("%v", withoutSentinel(err, cohort.ErrOptions))
	}
	return st, nil
}

// parseAges reads --ages: ages 0 or more separated by commas, in any order.
func parseAges(s string) ([]int, error) {
	var ages []int
	for _, f := range strings.Split(s, ",") {
		a, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || a < 0 {
			return nil, usagef("--ages %q: give ages 0 or more separated by commas, e.g. 1,7,30", s)
		}
		ages = append(ages, a)
	}
	slices.Sort(ages)
	return slices.Compact(ages), nil
}

// cohortGroup is the table of one value of --by (all customers without it).
type cohortGroup struct {
	value string
	table *cohort.Table
}

func runCohort(s *streams, cmd *cobra.Command, opts *cohortOptions, args []string) error {
	d := diag{w: s.err, quiet: opts.out.quiet}
	st, err := cohortSettingsOf(cmd, opts)
	if err != nil {
		return err
	}
	var plotDst *output.Destination
	if opts.plot != "" {
		if err := checkOutputNotInput(opts.plot, args); err != nil {
			return err
		}
		// Opened before reading, so that an unwritable path costs no read.
		if plotDst, err = output.Open(opts.plot, nil); err != nil {
			return msg.Errorf("--plot: %w", err)
		}
		defer plotDst.Abort()
	}
	h, dst, format, err := start(s, &opts.in, &opts.out, &d, args)
	if err != nil {
		return err
	}
	defer opts.out.abort(dst)
	var groups []cohortGroup
	noPurchase, rows := 0, 0
	for _, g := range h.ByGroup() {
		t, err := cohort.Compute(g.Customers, h.AsOf, st.opt)
		if errors.Is(err, cohort.ErrTooLarge) {
			return msg.Errorf("%w: limit it with --max-age, --ages or --from, or use a longer --period", err)
		} else if err != nil {
			return err
		}
		for i := range g.Customers {
			if len(g.Customers[i].Purchases) == 0 {
				noPurchase++
			}
		}
		rows += len(t.Rows)
		groups = append(groups, cohortGroup{value: g.Value, table: t})
	}
	if noPurchase > 0 {
		d.say("read.no_purchase", d.count(int64(noPurchase), "customer"))
	}
	if rows == 0 {
		return msg.Errorf("no cohort to show: no customer's first purchase falls in the periods asked for (as of %s)", dates.DayString(h.AsOf))
	}
	t0 := groups[0].table
	if t0.Partial {
		p := st.opt.Period
		if st.opt.CompleteOnly {
			d.say("cohort.left_out_unfinished", d.lang.Get(words.Key("cohort.period."+p.String())), p.Label(t0.Current), dates.DayString(h.AsOf))
		} else {
			d.say("cohort.unfinished_note", d.lang.Get(words.Key("cohort.period."+p.String())), p.Label(t0.Current), dates.DayString(h.AsOf))
		}
	}
	if format == output.TableFormat {
		colour := st.color == "always" || st.color == "auto" && output.Colour(dst)
		by := st.by
		if by != "" {
			by = groupColumnName(h, by)
		}
		page := cohortPage(groups, by, opts.out.lang)
		page.Screen = opts.out.screen(s, false)
		if err := output.WriteGrids(dst, page, colour); err != nil {
			return err
		}
	} else if err := opts.out.write(dst, cohortTable(groups, st.by != ""), d); err != nil {
		return err
	}
	if plotDst != nil {
		if err := cohortChart(t0).Write(plotDst, st.plotFormat); err != nil {
			return msg.Errorf("--plot %s: %w", opts.plot, err)
		}
	}
	// The table and the heatmap replace their files together or not at all.
	if err := opts.out.commit(dst, plotDst); err != nil {
		return err
	}
	if plotDst != nil {
		d.say("cohort.wrote_plot", opts.plot)
	}
	return nil
}

// groupColumnName returns the header name of the --by column, or the
// flag's value when the input has no header.
func groupColumnName(h *orders.Histories, flag string) string {
	if len(h.Stats.Files) > 0 {
		if name := h.Stats.Files[0].Names[orders.ColGroup]; name != "" {
			return name
		}
	}
	return flag
}
