package main

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"lifecycle/dates"
	"lifecycle/internal/mem"
	"lifecycle/internal/vieworder"
	"lifecycle/money"
	"lifecycle/output"
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
	lang       string
	by         string
	showScheme bool
}

func newRFMCmd(s *streams) *cobra.Command {
	opts := &rfmOptions{}
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
	fs.StringVar(&opts.lang, "lang", "en", "language of segment names and actions: en or zh")
	fs.StringVar(&opts.by, "by", "customer", "view: customer (one row per customer) or segment (one row per segment)")
	fs.BoolVar(&opts.showScheme, "show-scheme", false, "print the scheme's table of codes and segments, and exit (no input read)")
	opts.in.register(fs)
	opts.out.register(fs)
	fs.SortFlags = false
	return cmd
}

// rfmSettings are the checked options of a run.
type rfmSettings struct {
	opt       rfm.Options
	lang      rfm.Lang
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
	if st.lang, err = choose("lang", o.lang, means("en", rfm.English), means("zh", rfm.Chinese)); err != nil {
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
	return usagef("%s", strings.TrimPrefix(err.Error(), rfm.ErrOptions.Error()+": "))
}

func runRFM(s *streams, cmd *cobra.Command, opts *rfmOptions, args []string) error {
	d := diag{w: s.err, quiet: opts.out.quiet}
	st, err := rfmSettingsOf(cmd, opts)
	if err != nil {
		return err
	}
	if opts.showScheme {
		return opts.out.writeTable(s, schemeTable(st.opt.Scheme, st.lang))
	}
	opts.in.keepMemory = true // the analysis and its view allocate much
	h, dst, format, err := start(s, &opts.in, &opts.out, d, args)
	if err != nil {
		return err
	}
	defer dst.Abort()
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
		d.printf("left out %s with returns but no purchase up to the as-of date", plural(int64(res.NoPurchase), "customer"))
	}
	if res.Customers.Len() == 0 {
		return fmt.Errorf("no customer has a purchase on or before the as-of date %s", dates.DayString(res.AsOf))
	}
	for dim := rfm.R; dim <= rfm.M; dim++ {
		d.printf("%s", describeBins(res, dim))
	}
	if res.Scheme.IsSplit() {
		d.printf("%s", describeCenters(res, st.opt.Split))
	}
	var t *output.Table
	if st.bySegment {
		t = segmentTable(res, st.lang)
	} else {
		t = customerTable(res, st.lang, func() {
			// The customers are garbage once the view has its rows (see
			// customerTable).
			drop(&res.Customers)
			mem.Release()
		})
	}
	stage("view")
	if err := writeTo(dst, format, t, d); err != nil {
		return err
	}
	stage("write")
	return commit(dst)
}

// describeBins says which values got which score for measure dim:
// "r (days since the last purchase, quantiles): 5 = 0-14, 4 = 15-47, ...".
func describeBins(res *rfm.Result, dim rfm.Dim) string {
	t := res.Thresholds[dim]
	n := res.Bins
	how := "quantiles"
	if !res.Quantile[dim] {
		how = "--cuts"
	}
	const inf = math.MaxInt64
	parts := make([]string, 0, n)
	switch dim {
	case rfm.R:
		// Score n for days <= t[0], n-1 for t[0] < days <= t[1], ..., 1 above t[n-2].
		for i := 0; i < n; i++ {
			lo, hi := int64(0), int64(inf)
			if i > 0 {
				lo = t[i-1] + 1
			}
			if i < n-1 {
				hi = t[i]
			}
			parts = append(parts, fmt.Sprintf("%d = %s", n-i, intRange(lo, hi)))
		}
		return fmt.Sprintf("r (days since the last purchase, %s): %s", how, strings.Join(parts, ", "))
	case rfm.F:
		// Score 1 below t[0], s for t[s-2] <= f < t[s-1], n from t[n-2].
		for s := 1; s <= n; s++ {
			lo, hi := int64(1), int64(inf)
			if s > 1 {
				lo = t[s-2]
			}
			if s < n && t[s-1] != inf {
				hi = t[s-1] - 1
			}
			if lo == inf {
				hi = lo - 1
			}
			parts = append(parts, fmt.Sprintf("%d = %s", s, intRange(lo, hi)))
		}
		return fmt.Sprintf("f (%s, %s): %s", frequencyUnit(res), how, strings.Join(parts, ", "))
	}
	for s := 1; s <= n; s++ {
		lo, hi := int64(math.MinInt64), int64(inf)
		if s > 1 {
			lo = t[s-2]
		}
		if s < n {
			hi = t[s-1]
		}
		var txt string
		switch {
		case lo == inf || lo >= hi:
			txt = "none"
		case lo == math.MinInt64 && hi == inf:
			txt = "any"
		case lo == math.MinInt64:
			txt = "below " + money.Amount(hi).String()
		case hi == inf:
			txt = money.Amount(lo).String() + " or more"
		default:
			txt = money.Amount(lo).String() + " to below " + money.Amount(hi).String()
		}
		parts = append(parts, fmt.Sprintf("%d = %s", s, txt))
	}
	return fmt.Sprintf("m (%s, %s): %s", monetaryUnit(res), how, strings.Join(parts, ", "))
}

func frequencyUnit(res *rfm.Result) string {
	if res.Frequency == rfm.FrequencyDays {
		return "purchase days"
	}
	return "purchases"
}

func monetaryUnit(res *rfm.Result) string {
	if res.Monetary == rfm.MonetaryAverage {
		return "net revenue per " + strings.TrimSuffix(frequencyUnit(res), "s")
	}
	return "net revenue"
}

// intRange writes the whole numbers lo..hi: "3", "4-5", "6 or more", "none".
func intRange(lo, hi int64) string {
	switch {
	case hi < lo:
		return "none"
	case hi == math.MaxInt64:
		return fmt.Sprintf("%d or more", lo)
	case hi == lo:
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}

// describeCenters says where cn8 splits each measure.
func describeCenters(res *rfm.Result, split rfm.Split) string {
	what := "mean"
	if split == rfm.SplitMedian {
		what = "median"
	}
	f := func(r *big.Rat, scale float64, dec int) string {
		if r == nil {
			return "-"
		}
		v, _ := r.Float64()
		return fmt.Sprintf("%.*f", dec, v/scale)
	}
	c := res.Centers
	return fmt.Sprintf("cn8 split at the %s: recency %s days (fewer is high), frequency %s, monetary %s (more is high)",
		what, f(c[rfm.R], 1, 1), f(c[rfm.F], 1, 2), f(c[rfm.M], money.Scale, 2))
}

// customerColumns are the columns of the per-customer view.
var customerColumns = []output.Column{
	{Name: "customer_id", Title: "Customer"},
	{Name: "recency_days", Title: "Recency (days)", Kind: output.Int},
	{Name: "frequency", Title: "Frequency", Kind: output.Int},
	{Name: "monetary", Title: "Monetary", Kind: output.Money},
	{Name: "first_purchase", Title: "First purchase", Kind: output.Day},
	{Name: "last_purchase", Title: "Last purchase", Kind: output.Day},
	{Name: "r", Title: "R", Kind: output.Int},
	{Name: "f", Title: "F", Kind: output.Int},
	{Name: "m", Title: "M", Kind: output.Int},
	{Name: "rfm", Title: "RFM"},
	{Name: "segment", Title: "Segment"},
}

// rfmRow is one customer of the per-customer view: 48 bytes without a
// pointer, the id in place when it is short.
type rfmRow struct {
	monetary                        money.Amount
	first, last, recency, frequency int32
	r, f, m, segment                uint8
	id                              vieworder.ID
}

// customerTable lays out the per-customer view, in the order of
// rfm.Result.ViewKeys, then by id (vieworder.Sort). The customers are made
// into small rows in the order of the input (read in memory order), and
// the rows put into view order once: one scattered read per customer,
// where the writer would read each customer, its amount and its id
// scattered over memory.
//
// Once the rows and the keys are made, the customers are not read again,
// and release (if not nil) is called: the caller may drop them and collect
// their memory, which the sort and the copy into view order then reuse
// rather than memory fresh from the system.
func customerTable(res *rfm.Result, lang rfm.Lang, release func()) *output.Table {
	cs := res.Customers
	n := cs.Len()
	rows := vieworder.NewInput[rfmRow](n)
	var mu sync.Mutex
	minDay, maxRec := res.AsOf, int32(0)
	rows.Fill(func(s *vieworder.Share[rfmRow]) {
		first, rec := res.AsOf, int32(0)
		for i := s.Lo; i < s.Hi; i++ {
			c := cs.At(i)
			r := s.At(i)
			*r = rfmRow{monetary: c.Monetary, first: c.First, last: c.Last, recency: c.Recency,
				frequency: c.Frequency, r: c.R, f: c.F, m: c.M, segment: c.Segment}
			s.SetID(&r.id, i, c.ID)
			first, rec = min(first, c.First), max(rec, c.Recency)
		}
		mu.Lock()
		minDay, maxRec = min(minDay, first), max(maxRec, rec)
		mu.Unlock()
	})
	keys := res.ViewKeys()
	caption := fmt.Sprintf("%s as of %s; scheme %s", plural(int64(n), "customer"), dates.DayString(res.AsOf), res.Scheme.Name)
	drop(&cs)
	if release != nil {
		release()
	}
	view := vieworder.Sort(rows, keys, nil, func(r *rfmRow) *vieworder.ID { return &r.id })
	days := newBoxes(int64(minDay), int64(res.AsOf))
	recency := newBoxes(0, int64(maxRec))
	freq := newBoxes(0, 1<<10)
	var codes [1000]any
	for r := 1; r <= res.Bins; r++ {
		for f := 1; f <= res.Bins; f++ {
			for m := 1; m <= res.Bins; m++ {
				codes[r*100+f*10+m] = fmt.Sprintf("%d%d%d", r, f, m)
			}
		}
	}
	segs := make([]any, len(res.Scheme.Segments))
	for i := range segs {
		segs[i] = res.Scheme.Segments[i].Title(lang)
	}
	// Rows are made as they are written (on every core: the cells only
	// read what is shared) from values boxed once where they repeat, so that
	// millions of customers take no memory beyond the view.
	row := func(k int, cells []any) {
		c := view.At(k)
		cells[0] = view.Cell(&c.id, k)
		cells[1] = recency.get(c.recency)
		cells[2] = freq.get(c.frequency)
		cells[3] = &c.monetary // by pointer: boxing would allocate
		cells[4] = days.get(c.first)
		cells[5] = days.get(c.last)
		cells[6] = c.r
		cells[7] = c.f
		cells[8] = c.m
		cells[9] = codes[int(c.r)*100+int(c.f)*10+int(c.m)]
		cells[10] = segs[c.segment]
	}
	// The same row as CSV or TSV text, without a cell's type switch.
	text := func(w *output.TextRow, dst []byte, k int) []byte {
		c := view.At(k)
		start := len(dst)
		dst = w.String(dst, 0, view.Text(&c.id, k))
		dst = w.Int(dst, 1, int64(c.recency))
		dst = w.Int(dst, 2, int64(c.frequency))
		dst = w.Money(dst, 3, c.monetary)
		dst = w.Day(dst, 4, c.first)
		dst = w.Day(dst, 5, c.last)
		// The scores, the code and the segment: made once per code and
		// segment, then copied.
		code := int(c.r)*100 + int(c.f)*10 + int(c.m)
		dst = w.Memo(dst, code*len(segs)+int(c.segment), func(dst []byte) []byte {
			dst = w.Int(dst, 6, int64(c.r))
			dst = w.Int(dst, 7, int64(c.f))
			dst = w.Int(dst, 8, int64(c.m))
			dst = w.String(dst, 9, codes[code].(string))
			return w.String(dst, 10, segs[c.segment].(string))
		})
		return w.End(dst, start)
	}
	return &output.Table{Columns: customerColumns, Len: n, Row: row, Text: text, Caption: caption}
}

// segmentTable lays out the --by segment view.
func segmentTable(res *rfm.Result, lang rfm.Lang) *output.Table {
	t := &output.Table{Columns: []output.Column{
		{Name: "segment", Title: "Segment"},
		{Name: "customers", Title: "Customers", Kind: output.Int},
		{Name: "customer_share", Title: "Share of customers", Kind: output.Percent, Decimals: 2},
		{Name: "net_revenue", Title: "Net revenue", Kind: output.Money},
		{Name: "revenue_share", Title: "Share of revenue", Kind: output.Percent, Decimals: 2},
		{Name: "mean_recency_days", Title: "Mean recency (days)", Kind: output.Float, Decimals: 1},
		{Name: "mean_frequency", Title: "Mean frequency", Kind: output.Float},
		{Name: "mean_monetary", Title: "Mean monetary", Kind: output.Money},
		{Name: "action", Title: "Suggested action"},
	}}
	var net money.Amount
	for _, g := range res.BySegment() {
		seg := &res.Scheme.Segments[g.Segment]
		var meanMon any
		if g.Customers > 0 {
			meanMon = g.MeanMonetary
		}
		t.Rows = append(t.Rows, []any{
			seg.Title(lang), g.Customers, g.CustomerShare, g.Net, g.NetShare,
			g.MeanRecency, g.MeanFrequency, meanMon, seg.Advice(lang),
		})
		net += g.Net
	}
	t.Caption = fmt.Sprintf("%s, net revenue %s, as of %s; scheme %s",
		plural(int64(res.Customers.Len()), "customer"), net.Grouped(), dates.DayString(res.AsOf), res.Scheme.Name)
	return t
}

// schemeTable lays out a scheme for --show-scheme: every code and its
// segment, or for a split scheme every class and its rule.
func schemeTable(sc *rfm.Scheme, lang rfm.Lang) *output.Table {
	if sc.IsSplit() {
		level := func(high bool) string {
			switch {
			case high && lang == rfm.Chinese:
				return "高"
			case lang == rfm.Chinese:
				return "低"
			case high:
				return "high"
			}
			return "low"
		}
		t := &output.Table{Columns: []output.Column{
			{Name: "segment", Title: "Segment"},
			{Name: "r", Title: "R (high = fewer days)"},
			{Name: "f", Title: "F"},
			{Name: "m", Title: "M"},
			{Name: "action", Title: "Suggested action"},
		}}
		for i := range sc.Segments {
			g := &sc.Segments[i]
			t.Rows = append(t.Rows, []any{g.Title(lang), level(g.High[rfm.R]), level(g.High[rfm.F]), level(g.High[rfm.M]), g.Advice(lang)})
		}
		t.Caption = fmt.Sprintf("%s: %d classes; high means above the mean (--split median: the median), and for R fewer days since the last purchase", sc.Name, len(sc.Segments))
		return t
	}
	codeCol := "rfm"
	if sc.Dims == 2 {
		codeCol = "rf"
	}
	t := &output.Table{Columns: []output.Column{{Name: codeCol, Title: strings.ToUpper(codeCol)}}}
	for d := 0; d < sc.Dims; d++ {
		name := rfm.Dim(d).String()
		t.Columns = append(t.Columns, output.Column{Name: name, Title: strings.ToUpper(name), Kind: output.Int})
	}
	t.Columns = append(t.Columns, output.Column{Name: "segment", Title: "Segment"})
	codes := sc.Codes()
	for _, c := range codes {
		row := []any{c.Code}
		for _, s := range c.Scores {
			row = append(row, s)
		}
		row = append(row, sc.Segments[c.Segment].Title(lang))
		t.Rows = append(t.Rows, row)
	}
	t.Caption = fmt.Sprintf("%s: %d codes, %d segments, %d bins", sc.Name, len(codes), len(sc.Segments), sc.Bins)
	return t
}
