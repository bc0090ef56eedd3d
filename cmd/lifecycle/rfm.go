package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"lifecycle/dates"
	"lifecycle/internal/mem"
	"lifecycle/msg"
	"lifecycle/output"
	"lifecycle/output/words"
	"lifecycle/rfm"
)

type rfmOptions struct {
	in         inputFlags
	out        outputFlags
	bins       int
	frequency  string
	monetary   string
	cuts       []string
	scheme     string
	schemeFile string
	split      string
	by         string
	showScheme bool
}

func newRFMCmd(s *streams) *cobra.Command { return rfmCommand(s, &rfmOptions{}) }

// rfmCommand is the rfm command, its flags filling opts (the report runs
// the analysis with them).
func rfmCommand(s *streams, opts *rfmOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rfm [flags] FILE...",
		Short: "Recency, frequency and monetary scores and named segments per customer",
		Long: `rfm scores every customer with a purchase up to the as-of date on recency
(days since the last purchase), frequency (purchases) and monetary value (net
revenue), each from 1 to 5 (--bins), 5 being best, and names the segment of
the code ("543") with a scheme.

Scores are quantiles by default: equal values always get equal scores, and
the bins are as equal in size as the ties allow (least variance of the bin
sizes; the rule is in the README). --cuts gives fixed thresholds instead; a
value equal to a threshold gets the better score (r=7 means 7 days or fewer).

Schemes: standard (the 11 usual segments, an explicit table of all 125
codes), rf (the 5x5 recency x frequency grid), cn8 (the Chinese eight-class
model: R, F, M each above or below the mean, or --split median; --lang zh for
the Chinese names), or --scheme-file with your own (YAML or JSON).
--show-scheme prints the scheme's table and exits.

The default view lists customers by segment, then monetary value descending;
--by segment sums up each segment with a suggested action. Customers with
returns but no purchase are left out and counted on stderr.`,
		Example: `  lifecycle rfm orders.csv
  lifecycle rfm --by segment orders.csv
  lifecycle rfm -o rfm.csv orders.csv
  lifecycle rfm --cuts r=7,30,90,180 --cuts f=2,3,5,8 --cuts m=100,300,1000,3000 orders.csv
  lifecycle rfm --scheme cn8 --lang zh --by segment 订单.csv
  lifecycle rfm --show-scheme
  lifecycle rfm --scheme-file segments.yaml --show-scheme`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRFM(s, cmd, opts, args)
		},
	}
	fs := cmd.Flags()
	fs.IntVar(&opts.bins, "bins", 0, "scores per measure, 2 to 9 (default 5; standard and rf are written for 5)")
	fs.StringVar(&opts.frequency, "frequency", "orders", "frequency: orders (purchases) or days (distinct purchase days)")
	fs.StringVar(&opts.monetary, "monetary", "total", "monetary: total (net revenue) or average (net revenue / frequency)")
	fs.StringArrayVar(&opts.cuts, "cuts", nil, "fixed thresholds of a measure instead of quantiles, e.g. r=7,30,90,180 (days), f=2,3,5,8, m=100,300,1000,3000 (repeat for each)")
	fs.StringVar(&opts.scheme, "scheme", "standard", "segment scheme: standard, cn8 or rf")
	fs.StringVar(&opts.schemeFile, "scheme-file", "", "segment scheme from a YAML or JSON file (see the README)")
	fs.StringVar(&opts.split, "split", "mean", "cn8: compare with the mean or the median")
	fs.StringVar(&opts.by, "by", "customer", "view: customer (one row per customer) or segment (one row per segment)")
	fs.BoolVar(&opts.showScheme, "show-scheme", false, "print the scheme's table of codes and segments, and exit (no input read)")
	opts.in.register(fs)
	opts.in.registerValue(fs)
	opts.out.register(fs)
	fs.SortFlags = false
	return cmd
}

// rfmSettings are the checked options of a run.
type rfmSettings struct {
	opt       rfm.Options
	bySegment bool
}

// rfmSettingsOf checks the rfm flags (not the input flags): every mistake is
// a usage error, found before any input is read.
func rfmSettingsOf(cmd *cobra.Command, o *rfmOptions) (rfmSettings, error) {
	var st rfmSettings
	opt := &st.opt
	opt.Bins = o.bins
	if cmd.Flags().Changed("bins") && (o.bins < rfm.MinBins || o.bins > rfm.MaxBins) {
		return st, usagef("--bins %d: use %d to %d", o.bins, rfm.MinBins, rfm.MaxBins)
	}
	var err error
	if opt.Frequency, err = choose("frequency", o.frequency, means("orders", rfm.FrequencyOrders), means("days", rfm.FrequencyDays)); err != nil {
		return st, err
	}
	if opt.Monetary, err = choose("monetary", o.monetary, means("total", rfm.MonetaryTotal), means("average", rfm.MonetaryAverage)); err != nil {
		return st, err
	}
	if st.bySegment, err = choose("by", o.by, means("customer", false), means("segment", true)); err != nil {
		return st, err
	}
	if o.schemeFile != "" {
		if cmd.Flags().Changed("scheme") {
			return st, usagef("give --scheme or --scheme-file, not both")
		}
		data, err := os.ReadFile(o.schemeFile)
		if err != nil {
			return st, usagef("--scheme-file: %v", err)
		}
		name := strings.TrimSuffix(filepath.Base(o.schemeFile), filepath.Ext(o.schemeFile))
		sc, err := rfm.ParseScheme(name, data)
		if err != nil {
			return st, usagef("--scheme-file %s: %v", o.schemeFile, err)
		}
		opt.Scheme = sc
	} else {
		sc, err := rfm.SchemeByName(o.scheme)
		if err != nil {
			return st, usagef("--scheme: %v", err)
		}
		opt.Scheme = sc
	}
	if opt.Split, err = choose("split", o.split, means("mean", rfm.SplitMean), means("median", rfm.SplitMedian)); err != nil {
		return st, err
	}
	if cmd.Flags().Changed("split") && !opt.Scheme.IsSplit() {
		return st, usagef("--split applies to --scheme cn8, not %s", opt.Scheme.Name)
	}
	if b := opt.Scheme.Bins; cmd.Flags().Changed("bins") && b != 0 && b != o.bins {
		return st, usagef("--bins %d: scheme %s is written for %d bins (--scheme cn8 and scheme files with bins: %d work with other bins)", o.bins, opt.Scheme.Name, b, o.bins)
	}
	cuts, err := rfm.ParseCuts(o.cuts)
	if err != nil {
		return st, usagef("--cuts %v", err)
	}
	opt.Cuts = cuts
	if err := opt.Check(); err != nil {
		return st, rfmUsage(err)
	}
	return st, nil
}

// rfmUsage words an rfm.Options error as a usage error about the flags.
func rfmUsage(err error) error {
	var ce *rfm.CutsError
	if errors.As(err, &ce) {
		return usagef("--cuts %v", ce)
	}
	return usagef("%v", withoutSentinel(err, rfm.ErrOptions))
}

func runRFM(s *streams, cmd *cobra.Command, opts *rfmOptions, args []string) error {
	d := diag{w: s.err, quiet: opts.out.quiet}
	st, err := rfmSettingsOf(cmd, opts)
	if err != nil {
		return err
	}
	if opts.showScheme {
		return opts.out.writeTableIn(s, func(l words.Lang) *output.Table { return schemeTable(st.opt.Scheme, l) })
	}
	opts.in.keepMemory = true // the analysis and its view allocate much
	h, dst, _, err := start(s, &opts.in, &opts.out, &d, args)
	if err != nil {
		return err
	}
	defer opts.out.abort(dst)
	if h.Stats.NoAmount && st.opt.Scheme.UsesMonetary() {
		return noMonetary(cmd, opts, st.opt.Scheme)
	}
	res, err := rfm.Compute(h, st.opt)
	if err != nil {
		return err
	}
	stage("compute")
	// The histories are garbage now (h is not used again; the result holds
	// only the ids). Collecting them at once is quick; left to the
	// collector, the cycle that starts while they are still live marks them
	// all, then runs on while the view is sorted and laid out, slowing both.
	mem.Release()
	stage("gc")
	if res.NoPurchase > 0 {
		d.say("read.no_purchase", d.count(int64(res.NoPurchase), "customer"))
	}
	if res.Customers.Len() == 0 {
		return msg.Errorf("no customer has a purchase on or before the as-of date %s", dates.DayString(res.AsOf))
	}
	for dim := rfm.R; dim <= rfm.M; dim++ {
		d.printf("%s", describeBins(res, dim, h.Stats.Margin, d.lang))
	}
	if res.Scheme.IsSplit() {
		d.printf("%s", describeCenters(res, st.opt.Split, d.lang))
	}
	var t *output.Table
	if st.bySegment {
		t = segmentTable(res, opts.out.lang)
	} else {
		t = customerTable(res, opts.out.lang, func() {
			// The customers are garbage once the view has its rows (see
			// customerTable).
			drop(&res.Customers)
			mem.Release()
		})
	}
	stage("view")
	if err := opts.out.write(dst, t, d); err != nil {
		return err
	}
	stage("write")
	return opts.out.commit(dst)
}

// noMonetary is the error for a scheme that needs monetary scores on an
// input without amounts, where every customer would get the middle m. The
// data lacks what the default scheme needs: exit 1. A scheme asked for by
// name or file is a request the input cannot meet: a usage error, exit 2.
func noMonetary(cmd *cobra.Command, opts *rfmOptions, sc *rfm.Scheme) error {
	err := msg.Errorf("the input has no amount column, so monetary (m) scores are impossible and scheme %s needs them; "+
		"use --scheme rf (recency and frequency only), or give --amount (or --quantity and --price)", sc.Name)
	if cmd.Flags().Changed("scheme") || opts.schemeFile != "" {
		return &usageError{err}
	}
	return err
}
