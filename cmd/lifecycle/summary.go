package main

import (
	"math"
	"strings"

	"github.com/spf13/cobra"

	"lifecycle/dates"
	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/words"
	"lifecycle/summary"
)

type summaryOptions struct {
	in      inputFlags
	out     outputFlags
	verbose bool
}

func newSummaryCmd(s *streams) *cobra.Command {
	opts := &summaryOptions{}
	cmd := &cobra.Command{
		Use:   "summary [flags] FILE...",
		Short: "Audit the customer base: customers, orders, revenue, repeat rate, gaps, concentration",
		Long: `summary reads order exports and prints a one-screen audit of the customer
base: customers, orders and net revenue (purchases less returns, exact to the
cent), average order value, repeat-customer rate, days between a customer's
orders, how much of the revenue the top 1%, 10% and 20% of customers bring,
new customers per month, then the input read and what was skipped, cancelled
or left out (on a terminal only the counts that are not zero; -v lists them
all).

--format json prints one object with stable snake_case keys.`,
		Example: `  lifecycle summary orders.csv
  lifecycle summary --format json orders.csv
  lifecycle summary export-2024-*.csv                 # monthly exports read as one
  lifecycle summary orders.csv.gz taobao-export.csv  # compressed, GBK: detected
  cat orders.csv | lifecycle summary                # standard input (or -)
  lifecycle summary --no-header --customer 2 --date 3 --amount 5 CDNOW_sample.txt
  lifecycle summary --decimal-comma --tz Europe/Berlin bestellungen.csv
  lifecycle summary --value margin --cost "Unit Cost" orders.csv  # margin: revenue less cost`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSummary(s, opts, args)
		},
	}
	opts.in.register(cmd.Flags())
	opts.in.registerValue(cmd.Flags())
	opts.out.register(cmd.Flags())
	cmd.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "on a terminal, every figure of the input's accounting, zeros too, in the full list (machine formats always have them all)")
	cmd.Flags().SortFlags = false
	return cmd
}

func runSummary(s *streams, opts *summaryOptions, args []string) error {
	d := diag{w: s.err, quiet: opts.out.quiet}
	h, dst, _, err := start(s, &opts.in, &opts.out, &d, args)
	if err != nil {
		return err
	}
	defer opts.out.abort(dst)
	r := summaryReport(h, summary.Of(h))
	r.Screen.Verbose = opts.verbose // writeReport keeps it
	if err := opts.out.writeReport(dst, "summary", r); err != nil {
		return err
	}
	stage("write")
	return opts.out.commit(dst)
}

// summaryReport lays out a summary as a report. Its keys are the JSON keys
// of `lifecycle summary --format json`: keep them stable.
func summaryReport(h *orders.Histories, sm *summary.Summary) *output.Report {
	st := &h.Stats
	en := words.English // the language of the other labels, until --lang
	var files []string
	for _, f := range st.Files {
		files = append(files, f.Name)
	}
	input := output.Section{Key: "input", Title: "Input", Layout: output.Inline, Last: true, Items: []output.Item{
		{Key: "files", Label: "Files", Value: strings.Join(files, ", "), Verbose: true},
	}}
	if st.Currency != "" {
		input.Items = append(input.Items, output.Item{Key: "currency", Label: "Currency", Value: st.Currency})
	}
	if st.Conversions != nil { // --fx
		input.Items = append(input.Items, output.Item{Key: "converted", Label: en.Get("summary.converted", st.Currency),
			Word: "summary.converted", WordArgs: []any{st.Currency}, Value: conversions{st.Conversions, st.Currency}})
	}
	input.Items = append(input.Items, fxItems(st)...)
	input.Items = append(input.Items, []output.Item{
		{Key: "rows", Label: "Rows read", Value: st.Rows, Always: true},
		{Key: "rows_skipped", Label: "Rows skipped", Value: st.SkippedRows()},
	}...)
	for _, r := range orders.Reasons() {
		if r == orders.OtherCurrency && st.Currency == "" || r == orders.BadCost && !st.Margin {
			continue // a read that names no currency, or scores no margin: the key is not shown
		}
		input.Items = append(input.Items, output.Item{Key: "skipped_" + r.Key(), Label: "  " + r.String(), Value: st.Skipped[r]})
	}
	input.Items = append(input.Items,
		output.Item{Key: "no_customer_value", Label: "Rows without a customer value", Value: st.NoCustomerValue},
		output.Item{Key: "skipped_value", Label: "Other skipped rows value", Value: st.SkippedValue, Note: "(amounts that parse)"},
		output.Item{Key: "duplicate_rows", Label: "Repeated rows read once", Value: st.Duplicates},
		output.Item{Key: "duplicate_value", Label: "Repeated rows value", Value: st.DuplicateValue, After: true},
	)
	if len(st.Files) > 1 { // files read together: what several held (orders/overlap.go)
		input.Items = append(input.Items,
			output.Item{Key: "overlap_orders", Label: en.Get("summary.overlap_orders"), Value: st.OverlapOrders + st.UpdatedOrders},
			output.Item{Key: "updated_orders", Label: en.Get("summary.updated_orders"), Value: st.UpdatedOrders, Note: en.Get("summary.updated_note")},
			output.Item{Key: "overlap_rows", Label: en.Get("summary.overlap_rows"), Value: st.OverlapRows},
			output.Item{Key: "overlap_value", Label: en.Get("summary.overlap_value"), Value: st.OverlapValue},
		)
	}
	input.Items = append(input.Items,
		output.Item{Key: "cancelled_orders", Label: "Cancelled orders", Value: st.CancelledOrders, Note: "(status: not purchases)"},
		output.Item{Key: "cancelled_value", Label: "Cancelled value", Value: st.CancelledValue, After: true},
		output.Item{Key: "unpaid_orders", Label: "Unpaid orders", Value: st.UnpaidOrders, Note: "(status: not yet paid)"},
		output.Item{Key: "unpaid_value", Label: "Unpaid value", Value: st.UnpaidValue, After: true},
		output.Item{Key: "refunded_orders", Label: "Partly refunded orders", Value: st.Refunds, Note: "(each refund a return)"},
		output.Item{Key: "refunded_value", Label: "Refunded value", Value: st.RefundValue, After: true},
		output.Item{Key: "ignored_returns", Label: "Returns ignored", Value: st.IgnoredReturns, Note: "(--returns ignore)"},
		output.Item{Key: "ignored_returns_value", Label: "Returns ignored value", Value: st.IgnoredReturnValue, After: true},
		output.Item{Key: "filtered_orders", Label: "Orders left out by --where", Value: st.FilteredOrders},
		output.Item{Key: "filtered_value", Label: "Orders left out value", Value: st.FilteredValue, After: true},
	)
	if st.Unjudged > 0 { // orders --where could not judge, among those left out
		input.Items = append(input.Items,
			output.Item{Key: "unjudged_orders", Label: "of them, not judged", Value: st.Unjudged, Note: "(a value the condition could not read)"},
			output.Item{Key: "unjudged_value", Label: "Not judged value", Value: st.UnjudgedValue, After: true})
	}
	input.Items = append(input.Items,
		output.Item{Key: "orders_after_as_of", Label: "Orders after as-of", Value: st.AfterAsOf, Note: "(ignored)"},
		output.Item{Key: "orders_after_as_of_value", Label: "Orders after as-of value", Value: st.AfterAsOfValue, After: true},
		// input_total = net_revenue + no_customer_value + skipped_value +
		// duplicate_value + overlap_value + cancelled_value + unpaid_value +
		// ignored_returns_value + filtered_value + orders_after_as_of_value (refunded_value
		// is in net_revenue: a refund is a return).
		output.Item{Key: "input_total", Label: "Sum of all amounts read", Value: st.Total, Always: true},
	)
	period := output.Section{Key: "period", Title: "Period", Layout: output.Hidden, Items: []output.Item{
		{Key: "first_order", Label: "First order", Value: sm.FirstDay, Kind: output.Day},
		{Key: "last_order", Label: "Last order", Value: sm.LastDay, Kind: output.Day},
		{Key: "as_of", Label: "As of", Value: sm.AsOf, Kind: output.Day},
		{Key: "time_zone", Label: "Time zone", Value: h.Zone.Location().String()},
	}}
	base := output.Section{Key: "customers", Title: "Customers and revenue", Layout: output.Pairs, Items: []output.Item{
		{Key: "customers", Label: "Customers", Value: sm.Customers, Note: "(with a purchase)"},
		{Key: "returns_only_customers", Label: "Customers with only returns", Value: sm.ReturnsOnlyCustomers},
		{Key: "orders", Label: "Orders", Value: sm.Purchases, Note: "(purchases)"},
		{Key: "returns", Label: "Returns", Value: sm.Returns},
		{Key: "gross_revenue", Label: "Gross revenue", Value: sm.Gross},
		{Key: "returns_value", Label: "Returns value", Value: sm.ReturnValue},
		{Key: "net_revenue", Label: "Net revenue", Value: sm.Net},
		{Key: "average_order_value", Label: "Average order value", Value: sm.AvgOrderValue, Note: "(gross / orders)"},
		{Key: "orders_per_customer", Label: "Orders per customer", Value: sm.OrdersPerCustomer},
	}}
	repeat := output.Section{Key: "repeat", Title: "Repeat buying", Layout: output.Pairs, Close: true, Items: []output.Item{
		{Key: "repeat_customers", Label: "Repeat customers", Value: sm.RepeatCustomers, Note: "(2 or more orders)"},
		{Key: "repeat_rate", Label: "Repeat-customer rate", Value: sm.RepeatRate, Kind: output.Percent, Decimals: 2},
		{Key: "one_time_buyers", Label: "One-time buyers", Value: sm.OneTimeBuyers},
		{Key: "one_time_share", Label: "One-time share", Value: sm.OneTimeShare, Kind: output.Percent, Decimals: 2},
		{Key: "median_days_between_orders", Label: "Median days between orders", Value: nanNil(sm.MedianGapDays), Kind: output.Float, Decimals: 1},
		{Key: "mean_days_between_orders", Label: "Mean days between orders", Value: nanNil(sm.MeanGapDays), Kind: output.Float, Decimals: 1},
		{Key: "median_days_first_to_second", Label: "Median days, first to second order", Value: nanNil(sm.MedianFirstSecondDays), Kind: output.Float, Decimals: 1},
	}}
	top := &output.Table{Columns: []output.Column{
		{Name: "top", Title: "Top customers", Kind: output.Percent, Decimals: output.NoDecimals},
		{Name: "customers", Title: "Customers", Kind: output.Int},
		{Name: "net_revenue", Title: "Net revenue", Kind: output.Money},
		{Name: "share", Title: "Share of net revenue", Kind: output.Percent, Decimals: 2},
	}}
	for _, c := range sm.Concentration {
		top.Rows = append(top.Rows, []any{c.Top, c.Customers, c.Net, nanNil(c.Share)})
	}
	conc := output.Section{Key: "concentration", Title: "Revenue concentration", Table: top, TableKey: "top", Layout: output.Pairs}
	monthly := &output.Table{Columns: []output.Column{
		{Name: "month", Title: "Month"},
		{Name: "new_customers", Title: "New customers", Kind: output.Int},
		{Name: "partial", Title: "Partial", Kind: output.Bool},
	}}
	for _, m := range sm.NewByMonth {
		monthly.Rows = append(monthly.Rows, []any{m.Month, m.Customers, m.Partial})
	}
	newc := output.Section{Key: "new_customers", Title: "New customers per month (last 12)", Table: monthly, TableKey: "months", Layout: output.Inline}
	r := &output.Report{Title: "Customer base summary", Sections: []output.Section{input, period, base, repeat, conc, newc},
		// On a terminal the title says the period.
		Word: words.Key("summary.title"), WordArgs: []any{dates.DayString(sm.FirstDay), dates.DayString(sm.LastDay), dates.DayString(sm.AsOf), h.Zone.Location().String()},
		NoUnderline: true}
	valueSummary(r, st)
	return r
}

// nanNil makes an undefined statistic (NaN) a missing value.
func nanNil(f float64) any {
	if math.IsNaN(f) {
		return nil
	}
	return f
}
