package main

import (
	"math"

	"github.com/spf13/cobra"

	"lifecycle/dates"
	"lifecycle/internal/mem"
	"lifecycle/ltv"
	"lifecycle/msg"
	"lifecycle/output"
	"lifecycle/output/chart"
	"lifecycle/output/words"
)

type ltvOptions struct {
	in        inputFlags
	out       outputFlags
	model     string
	timeUnit  string
	horizon   string
	margin    string
	discount  string
	fit       bool
	holdout   string
	plot      string
	maxIter   int
	save      string // --save-model
	intervals string
	seed      uint64
	load      string // --model-file
	// Whether --model and --time-unit were given (else a model file's
	// hold).
	modelSet, unitSet bool
}

func newLTVCmd(s *streams) *cobra.Command { return ltvCommand(s, &ltvOptions{}) }

// ltvCommand is the ltv command, its flags filling opts (the report runs
// the analysis with them).
func ltvCommand(s *streams, opts *ltvOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ltv [flags] FILE...",
		Short: "Customer lifetime value: P(alive), expected purchases and value with BG/NBD, Pareto/NBD and Gamma-Gamma",
		Long: `ltv projects what every customer will buy over the coming --horizon, with
the probability that they are still a customer, from the "buy till you die"
models fitted to the orders by maximum likelihood.

Each customer is summarised as x (repeat purchases: distinct purchase days
minus one), t_x (first to last purchase) and T (first purchase to the as-of
date), in --time-unit week (days/7, as in the papers) or day.

Models (--model):
  bgnbd       BG/NBD (Fader, Hardie and Lee 2005), the default
  pareto-nbd  Pareto/NBD (Schmittlein, Morrison and Colombo 1987)
  mbgnbd      MBG/NBD (Batislam, Denizel and Filiztekin 2007)
  historical  average order value x purchase frequency x expected lifespan,
              each from the data (the customer's own average order value and
              repeat purchases per time unit x/T; the lifespan is the mean
              t_x of the repeat buyers, capped at the horizon); no statistics
The value of a purchase comes from the Gamma-Gamma model (Fader, Hardie and
Lee 2005b) fitted to the mean of each repeat buyer's repeat purchases; a
warning says when spend and frequency are correlated (the model assumes
they are not).

Output, per customer, by value (clv, then expected purchases, then the order
of the input): orders, net revenue, x, t_x, T, p_alive, expected_purchases
in the horizon, expected_order_value (a customer without a repeat purchase
gets the Gamma-Gamma population mean) and
  clv = expected purchases x expected order value x --margin,
discounted at --discount a year: the horizon is cut into months (a twelfth
of 365.25 days), the last one partial and ending at the horizon, and the
purchases expected in month k are divided by (1 + discount)^(end of month k
in years).

--fit prints the fitted models instead (parameters, standard errors,
log-likelihood, diagnostics). A fit stops after --max-iterations, with a
warning. Every fit is diagnosed: one that cannot be trusted (not
converged, parameters at the edge of their space, standard errors above
their values, a flat likelihood, nearly everyone buying once, dropout the
data cannot identify) still prints, with a warning for each cause that
says what to try. --holdout 39w fits on the orders up to the as-of date less
39 weeks and compares the predicted purchases in those weeks with the
actual ones: by calibration frequency, week by week (the tracking curve,
drawn by --plot FILE.svg or .png) and in total.

--save-model FILE.json also writes the fitted models (parameters,
covariance, time unit, calibration window, data summary); --model-file
FILE.json scores with them instead of fitting, e.g. a later export or
--as-of with last month's fit; its model and time unit apply, and a
--model or --time-unit that contradicts them is an error.

--intervals 90% adds expected_purchases_low/high and clv_low/high: the
bounds from the parameters' uncertainty only (the asymptotic normal of
their logarithms, at the points of a simplex rule rotated by --seed; the
bounds of a normal fitted to the logarithms of each customer's values),
not the spread of the purchases.

Durations: 52w, 365d, 12m (a month is 365.25/12 days), 1y, or a number in
--time-unit.`,
		Example: `  lifecycle ltv orders.csv
  lifecycle ltv --model pareto-nbd --horizon 12m --margin 0.3 --discount 10% orders.csv
  lifecycle ltv --fit --format json orders.csv
  lifecycle ltv --holdout 39w --plot tracking.svg orders.csv
  lifecycle ltv --save-model model.json orders.csv
  lifecycle ltv --model-file model.json --as-of 2025-03-31 orders.csv
  lifecycle ltv --no-header --customer 2 --date 3 --amount 5 --as-of 1997-09-30 CDNOW_sample.txt`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.modelSet, opts.unitSet = cmd.Flags().Changed("model"), cmd.Flags().Changed("time-unit")
			return runLTV(s, opts, args)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.model, "model", "bgnbd", "model of purchases: bgnbd, pareto-nbd, mbgnbd or historical")
	fs.StringVar(&opts.timeUnit, "time-unit", "week", "time unit of t_x, T and the parameters: week or day")
	fs.StringVar(&opts.horizon, "horizon", "52w", "how far to project: 52w, 365d, 12m, 1y")
	fs.StringVar(&opts.margin, "margin", "1", "share of revenue that is value, e.g. 0.3 or 30%")
	fs.StringVar(&opts.discount, "discount", "0", "yearly discount rate, e.g. 0.1 or 10%")
	fs.BoolVar(&opts.fit, "fit", false, "print the fitted models instead of the customers")
	fs.StringVar(&opts.holdout, "holdout", "", "check the model: fit without the last DURATION (e.g. 39w), compare with what happened")
	fs.StringVar(&opts.plot, "plot", "", "draw the model's diagnostics to FILE.svg or FILE.png: repeat purchases against the model's and the frequency-recency matrices; with --holdout the tracking curve and holdout purchases by frequency")
	fs.IntVar(&opts.maxIter, "max-iterations", 2000, "stop fitting after N iterations (a warning says so)")
	fs.StringVar(&opts.save, "save-model", "", "also write the fitted models to FILE.json, for --model-file")
	fs.StringVar(&opts.load, "model-file", "", "score with the models of FILE.json (from --save-model) instead of fitting")
	fs.StringVar(&opts.intervals, "intervals", "", "add bounds of expected purchases and CLV from the parameters' uncertainty, e.g. 90%")
	fs.Uint64Var(&opts.seed, "seed", 1, "with --intervals: the seed of the parameter draws")
	opts.in.register(fs)
	opts.in.registerValue(fs)
	opts.out.register(fs)
	fs.SortFlags = false
	return cmd
}

// ltvSettings are the checked options of a run.
type ltvSettings struct {
	model      ltv.Model
	historical bool
	unit       ltv.Unit
	proj       ltv.Projection
	horizon    string     // as given, for captions
	lang       words.Lang // of the views (the output's; set once it is open)
	holdout    int32      // days; 0: none
	plot       string
	plotFormat string // png or svg
	maxIter    int
	saveModel  string       // --save-model
	level      float64      // --intervals; 0: none
	loaded     *loadedModel // --model-file
}

func ltvSettingsOf(o *ltvOptions) (ltvSettings, error) {
	var st ltvSettings
	type model struct {
		m          ltv.Model
		historical bool
	}
	m, err := choose("model", o.model, means("bgnbd", model{ltv.BGNBD, false}),
		means("pareto-nbd", model{ltv.ParetoNBD, false}), means("mbgnbd", model{ltv.MBGNBD, false}),
		means("historical", model{ltv.BGNBD, true}))
	if err != nil {
		return st, err
	}
	st.model, st.historical = m.m, m.historical
	if o.maxIter < 1 {
		return st, usagef("--max-iterations %d: give a positive number", o.maxIter)
	}
	st.maxIter = o.maxIter
	if st.unit, err = choose("time-unit", o.timeUnit, means("week", ltv.Week), means("day", ltv.Day)); err != nil {
		return st, err
	}
	days, err := parseDuration(o.horizon, st.unit)
	if err != nil {
		return st, usagef("--horizon %q: %v", o.horizon, err)
	}
	st.horizon = o.horizon
	st.proj = ltv.Projection{Horizon: days / st.unit.Days(), UnitsPerYear: ltv.UnitsPerYear(st.unit)}
	if st.proj.Margin, err = parseShare(o.margin); err != nil || st.proj.Margin <= 0 {
		return st, usagef("--margin %q: give a positive share such as 0.3 or 30%%", o.margin)
	}
	if st.proj.Margin != 1 && o.in.value == "margin" {
		return st, usagef("--margin %s takes a share of revenue as value, and --value margin takes revenue less cost: give one of them", o.margin)
	}
	if st.proj.Discount, err = parseShare(o.discount); err != nil || st.proj.Discount < 0 {
		return st, usagef("--discount %q: give a yearly rate such as 0.1 or 10%%", o.discount)
	}
	if o.holdout != "" {
		d, err := parseDuration(o.holdout, st.unit)
		if err != nil {
			return st, usagef("--holdout %q: %v", o.holdout, err)
		}
		st.holdout = int32(math.Round(d))
		if st.historical {
			return st, usagef("--holdout checks a fitted model: use --model bgnbd, pareto-nbd or mbgnbd")
		}
		if o.fit {
			return st, usagef("give --fit or --holdout, not both")
		}
	}
	if err := modelFileSettings(o, &st); err != nil {
		return st, err
	}
	if o.intervals != "" {
		if st.level, err = parseShare(o.intervals); err != nil || !(st.level > 0 && st.level < 1) {
			return st, usagef("--intervals %q: give a level between 0 and 100%%, such as 90%% or 0.9", o.intervals)
		}
		switch {
		case st.historical:
			return st, usagef("--intervals come from a fitted model's parameters: use --model bgnbd, pareto-nbd or mbgnbd")
		case o.fit || o.holdout != "":
			return st, usagef("--intervals adds columns to the customers: not with --fit or --holdout")
		}
	}
	if o.plot != "" {
		if st.historical {
			return st, usagef("--plot draws the charts of a fitted model: not with --model historical")
		}
		if st.plotFormat, err = chart.FormatOf(o.plot); err != nil {
			return st, usagef("--plot %q: the file must end in .svg or .png", o.plot)
		}
		st.plot = o.plot
	}
	return st, nil
}

func runLTV(s *streams, opts *ltvOptions, args []string) error {
	d := diag{w: s.err, quiet: opts.out.quiet}
	st, err := ltvSettingsOf(opts)
	if err != nil {
		return err
	}
	opts.in.keepMemory = true // the analysis and its view allocate much
	h, dst, format, err := start(s, &opts.in, &opts.out, &d, args)
	if err != nil {
		return err
	}
	defer opts.out.abort(dst)
	st.lang = opts.out.lang
	if st.holdout > 0 {
		return runHoldout(s, h, st, d, &opts.out, dst)
	}
	cs, none := ltv.SummarizeColumns(h, st.unit)
	asOf := h.AsOf
	// The histories are garbage now: collecting them at once gives their
	// memory to the fit and the table (as rfm does).
	h = nil
	mem.Release()
	stage("summarize")
	if none > 0 {
		d.say("read.no_purchase", d.count(int64(none), "customer"))
	}
	marginSpendNote(d, cs.Summaries, opts.out.margin && !st.historical)
	if cs.Len() == 0 {
		return msg.Errorf("no customer has a purchase on or before the as-of date %s", dates.DayString(asOf))
	}
	var view interface {
		table(ltvSettings, int32) *output.Table
	}
	var modelDst, plotDst *output.Destination // --save-model, --plot
	var fit *ltv.Fit
	var spend *ltv.SpendFit
	var hist ltv.Historical
	if st.historical {
		customers := make([]ltv.Customer, cs.Len())
		for i := range customers {
			customers[i] = cs.Customer(i)
		}
		hist = ltv.EstimateHistorical(customers)
		d.printf("%s", describeHistoricalIn(hist, st.unit, d.lang))
		if !opts.fit {
			hv := newLTVView[ltvRow](&cs)
			hv.setAll(&cs, hist.Project(customers, st.proj))
			view = hv
		}
	} else {
		// The summaries are grouped once for the fit and the projection.
		// The standard errors are only printed by --fit, but the
		// diagnostics need the information matrix after every fit.
		g, err := ltv.Group(cs.Summaries)
		if err != nil {
			return err
		}
		if fit, spend, err = fitOrLoad(g, st, d); err != nil {
			return err
		}
		stage("fit")
		if st.plot != "" {
			if plotDst, err = plotFit(s, st, fit, cs.Summaries); err != nil {
				return err
			}
			defer plotDst.Abort()
		}
		if st.saveModel != "" {
			if modelDst, err = writeModelFile(s, st.saveModel, newSavedModel(fit, spend, st.unit, cs.Summaries, asOf)); err != nil {
				return err
			}
			defer modelDst.Abort()
		}
		if !opts.fit {
			// What the fits leave is garbage: collecting it (a short
			// collection, few pointers to follow) gives its memory to the
			// view, where the heap would grow. Each customer's projection
			// then goes straight into the row of the view.
			mem.Release()
			if st.level > 0 {
				view = projectIntervals(&cs, g, fit, spend, st, opts.seed, d)
			} else {
				pv := newLTVView[ltvRow](&cs)
				g.ProjectEach(fit, spend, st.proj, func(i int, v ltv.Value) { pv.set(i, &cs, &v) })
				view = pv
			}
			stage("project")
		}
	}
	if m := opts.out.meta; m != nil {
		m.Add("model", ltvModelMeta(st, fit, spend, hist))
	}
	if opts.fit {
		if format == output.JSON || format == output.JSONL {
			if err := writeFitJSON(dst, format == output.JSON, st, fit, spend, hist, cs.Len(), opts.out.meta); err != nil {
				return err
			}
		} else if err := opts.out.writeReport(dst, "fit", fitReport(st, fit, spend, hist, cs.Len())); err != nil {
			return err
		}
		return opts.out.commit(dst, modelDst, plotDst)
	}
	// The view holds all it needs of the customers and their values:
	// those are garbage now, and so is the rest of the projection.
	// Collecting them (the view has no pointers to follow: a collection of
	// a few milliseconds) gives their memory to the sort and to the writer.
	cs = ltv.Columns{}
	mem.Release()
	t := view.table(st, asOf)
	stage("view")
	if err := opts.out.write(dst, t, d); err != nil {
		return err
	}
	stage("write")
	return opts.out.commit(dst, modelDst, plotDst)
}
