package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"lifecycle/dates"
	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/words"
	"lifecycle/summary"
)

// lifecycle report: one HTML page of every analysis on one read of the
// input. Each section is a reportSection: it gets the shared read and
// returns its part of the page; a later analysis adds its own to
// reportSections.

type reportOptions struct {
	in     inputFlags
	out    outputFlags
	window int
}

func newReportCmd(s *streams) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report [flags] FILE... -o report.html",
		Short: "Write one HTML page of every analysis: summary, cohorts, RFM, lifetime value, churn",
		Long: `report reads the order exports once and writes one self-contained HTML page
(styles and charts inline, nothing fetched from the network) for the
morning meeting: what was read, the headline figures of the last --window
days against the window before, new and returning customers per month,
cohort retention and value, RFM segments, lifetime value with the model's
diagnostics and holdout check, and the customers at risk of churning with
the rules' backtest. Each section starts with one sentence that reads it.

The figures are those of the commands with their default flags (summary,
cohort, rfm --by segment, ltv, churn): the page says which beside each.
It prints on A4 and reads on a phone. --lang zh writes it in Chinese.`,
		Example: `  lifecycle report orders.csv -o report.html
  lifecycle report --lang zh --tz Asia/Shanghai 订单.csv -o 报告.html
  lifecycle report --window 30 --as-of 2011-12-09 online-retail.csv -o report.html`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(s, opts, args)
		},
	}
	fs := cmd.Flags()
	fs.IntVar(&opts.window, "window", 90, "days of the headline window, to the as-of date, compared with the window before")
	opts.in.register(fs)
	opts.out.register(fs)
	fs.SortFlags = false
	return cmd
}

// reportRead is the shared read every section gets: the histories, the
// summary (computed once), the language and the command lines that give
// each figure.
type reportRead struct {
	s      *streams
	h      *orders.Histories
	sm     *summary.Summary
	lang   words.Lang
	window int32
	d      diag
}

// A reportSection makes one section of the page from the shared read; a
// section with nothing to show returns nil.
type reportSection func(r *reportRead) (*output.PageSection, error)

// reportSections are the page's sections, in order.
var reportSections = []reportSection{
	inputSection, headlineSection, monthlySection, cohortSection, rfmSection, ltvSection, churnSection,
}

func runReport(s *streams, opts *reportOptions, args []string) error {
	d := diag{w: s.err, quiet: opts.out.quiet}
	if opts.window < 1 {
		return usagef("--window %d: give a number of days, 1 or more", opts.window)
	}
	if opts.out.format != "" && opts.out.format != "html" {
		return usagef("--format %q: report writes html", opts.out.format)
	}
	if opts.out.path != "" && !strings.HasSuffix(strings.ToLower(opts.out.path), ".html") && !strings.HasSuffix(strings.ToLower(opts.out.path), ".htm") {
		return usagef("-o %q: the report is an HTML page: give a file name ending in .html", opts.out.path)
	}
	// The destination is opened as CSV (the output flags know no HTML):
	// the page is written to it whole.
	opts.out.format = "csv"
	opts.in.keepMemory = true
	h, dst, _, err := start(s, &opts.in, &opts.out, &d, args)
	if err != nil {
		return err
	}
	defer opts.out.abort(dst)
	lang := opts.out.lang // --lang, English by default: a page is not a terminal
	r := &reportRead{s: s, h: h, sm: summary.Of(h), lang: lang, window: int32(opts.window), d: d}
	stage("summary")
	page := &output.Page{Lang: lang.String(), Title: lang.Get("report.title"),
		Subtitle: lang.Get("report.subtitle", strings.Join(fileNames(h), ", "), dates.DayString(h.AsOf))}
	sections, err := makeSections(r, reportSections)
	if err != nil {
		return err
	}
	for _, ps := range sections {
		if ps != nil {
			page.Sections = append(page.Sections, *ps)
		}
	}
	stage("sections")
	page.Footer = lang.Get("report.footer", readVersion().In(lang))
	if err := output.WritePage(dst, page); err != nil {
		return err
	}
	stage("write")
	return opts.out.commit(dst)
}

// makeSections makes the sections from the shared read, each in its own
// goroutine: they only read r, and an analysis's own work is already
// spread over the cores, so that one section's serial parts (a fit's
// optimiser, a chart) overlap the others'. The sections are returned in
// the order of secs; the error is the first section's, in that order.
func makeSections(r *reportRead, secs []reportSection) ([]*output.PageSection, error) {
	out := make([]*output.PageSection, len(secs))
	errs := make([]error, len(secs))
	var wg sync.WaitGroup
	for i, sec := range secs {
		wg.Go(func() { out[i], errs[i] = sec(r) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fileNames are the names of the input files, without their directories.
func fileNames(h *orders.Histories) []string {
	var names []string
	for _, f := range h.Stats.Files {
		names = append(names, filepath.Base(f.Name))
	}
	return names
}

// svgOf draws a chart as inline SVG; a chart with nothing to draw is nil.
func svgOf(ch interface {
	Write(w io.Writer, format string) error
}) []byte {
	var b bytes.Buffer
	if err := ch.Write(&b, "svg"); err != nil {
		return nil
	}
	return b.Bytes()
}

// change writes the change from prev to cur as a signed percent, "" when
// prev is zero.
func change(lang words.Lang, cur, prev float64) string {
	if prev == 0 {
		return ""
	}
	return lang.Get("report.change", fmt.Sprintf("%+.1f%%", 100*(cur/prev-1)))
}

// firstRows returns the first n rows of t as a table of Rows (t may give
// them by Row), with the columns of t.
func firstRows(t *output.Table, n int) *output.Table {
	out := &output.Table{Columns: t.Columns}
	if t.Row == nil {
		out.Rows = t.Rows[:min(n, len(t.Rows))]
		return out
	}
	for i := range min(n, t.Len) {
		cells := make([]any, len(t.Columns))
		t.Row(i, cells)
		out.Rows = append(out.Rows, cells)
	}
	return out
}

// titles are the words of a table's columns: report.col.<name>.
func titles(lang words.Lang, t *output.Table) []string {
	ts := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		ts[i] = lang.Get(words.Key("report.col." + c.Name))
	}
	return ts
}
