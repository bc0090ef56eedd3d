package main

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"lifecycle/dates"
	"lifecycle/internal/mem"
	"lifecycle/msg"
	"lifecycle/orders"
	"lifecycle/output"
	"lifecycle/output/words"
)

// The input flags every command shares, and reading the files they name
// into histories.

// inputFlags are the flags every command has for reading orders.
type inputFlags struct {
	columns        orders.Columns
	delimiter      string
	noHeader       bool
	dateFormat     string
	tz             string
	decimalComma   bool
	cancelled      []string
	returns        string
	strict         bool
	maxBad         string
	asOf           string
	keepDuplicates bool
	idPerFile      bool
	revenue        string
	encoding       string
	inputFormat    string
	sheet          string
	mask           maskFlags
	// keepMemory is set (not by a flag) by the commands that allocate
	// much after the read: see orders.Options.KeepMemory.
	keepMemory bool
	// attributes are set (not by a flag) by the commands that use
	// attributes: see orders.Options.Attributes.
	attributes []string
	where      string
	currency   string
	value      string // --value, on the commands that have it (value.go)
	fx         string
}

func (f *inputFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.columns[orders.ColCustomer], "customer", "", "customer id column (header name or 1-based number)")
	fs.StringVar(&f.columns[orders.ColOrder], "order", "", "order id column: rows sharing an order id are one order")
	fs.StringVar(&f.columns[orders.ColDate], "date", "", "order date column")
	fs.StringVar(&f.columns[orders.ColAmount], "amount", "", "order amount column")
	fs.StringVar(&f.columns[orders.ColQuantity], "quantity", "", "quantity column (amount = quantity x price)")
	fs.StringVar(&f.columns[orders.ColPrice], "price", "", "unit price column (amount = quantity x price)")
	fs.StringVar(&f.columns[orders.ColCost], "cost", "", "cost column: the order's (or line's) cost, or a unit cost the quantity multiplies (default: found by its header, e.g. Cost, Unit Cost, Cost per item, 成本, 成本价)")
	fs.StringVar(&f.columns[orders.ColStatus], "status", "", "order status column (cancelled, refunded, closed... are not purchases)")
	fs.StringVar(&f.delimiter, "delimiter", "", "field delimiter: , ; tab | or space for whitespace-aligned text (default: detected)")
	fs.BoolVar(&f.noHeader, "no-header", false, "the files have no header line (give columns by number)")
	fs.StringVar(&f.dateFormat, "date-format", "", "date layout, strftime style, e.g. '%d/%m/%Y %H:%M' or '%d.%m.%y' (%y: 69-99 are 19xx), or excel for serial days (default: detected)")
	fs.StringVar(&f.tz, "tz", "", "time zone of times without one, and of days, weeks and months, e.g. Europe/London (default UTC, or the platform's: Asia/Shanghai for Taobao, JD...)")
	fs.BoolVar(&f.decimalComma, "decimal-comma", false, "amounts are written 12,50 (dot or space groups thousands)")
	fs.StringVar(&f.currency, "currency", "", "read the rows in this currency (ISO code such as USD; $ and ¥ alone count as it when it uses them) and skip the others, or with --fx convert them to it (default: one currency only)")
	fs.StringVar(&f.fx, "fx", "", "exchange rates file (date,currency,rate: how many of --currency one unit buys) to convert every amount to --currency at its order's day")
	fs.StringSliceVar(&f.cancelled, "cancelled", nil, "statuses that mark a cancelled order (default: "+strings.Join(orders.DefaultCancelled, ",")+")")
	fs.StringVar(&f.returns, "returns", "net", "returns: net (lower net revenue) or ignore")
	fs.BoolVar(&f.strict, "strict", false, "stop at the first row that cannot be read")
	fs.StringVar(&f.maxBad, "max-bad", "5%", "stop when more than this share of rows cannot be read")
	fs.StringVar(&f.asOf, "as-of", "", "observation date YYYY-MM-DD; later orders are ignored (default: the last order's date)")
	fs.BoolVar(&f.keepDuplicates, "keep-duplicates", false, "keep whole-row repeats of an order in order-level exports")
	fs.BoolVar(&f.idPerFile, "id-per-file", false, "each file's order ids are its own (two stores' exports): nothing is compared across files")
	fs.StringVar(&f.revenue, "revenue", "total", "an order's revenue: total (what the customer paid, with shipping and tax) or merchandise (the platform's subtotal)")
	fs.StringVar(&f.encoding, "encoding", "", "text encoding: utf-8, gbk, gb18030 or latin1 (default: detected; said on stderr when not UTF-8)")
	fs.StringVar(&f.inputFormat, "input-format", "", "input format: csv, tsv, parquet or xlsx (default: from the extension, or the first bytes; .gz and .zst are decompressed)")
	fs.StringVar(&f.sheet, "sheet", "", "the sheet to read of an Excel workbook (default: the first)")
	fs.StringVar(&f.where, "where", "", `keep the orders for which this holds, over columns (by header) and attributes, in the rules' language: 'Country == "France"', 'channel in ["app","mini"]', 'amount > 100', 'order_date >= "2024-01-01"' (the amount and date columns are a number and a date; number(Col) and date(Col) read text)`)
	f.mask.register(fs)
}

// readOptions are the options of inputFlags: how to open each input, and
// how to read the orders in them.
type readOptions struct {
	orders.Options
	input orders.InputOptions
	// mask masks customer ids (--mask-ids), or is nil.
	mask *mask
}

// options turns the flags into reading options; mistakes are usage errors.
func (f *inputFlags) options() (readOptions, error) {
	ro := readOptions{}
	var err error
	if ro.input.Encoding, err = orders.ParseEncoding(f.encoding); err != nil {
		return ro, usagef("--encoding %q: use %s", f.encoding, strings.Join(orders.Encodings, ", "))
	}
	if ro.input.Format, err = orders.ParseInputFormat(f.inputFormat); err != nil {
		return ro, usagef("--input-format %q: use %s", f.inputFormat, strings.Join(orders.InputFormats, ", "))
	}
	ro.input.Sheet = f.sheet
	if ro.mask, err = f.mask.masker(); err != nil {
		return ro, err
	}
	opt, err := f.readingOptions()
	ro.Options = opt
	if err == nil && f.where != "" {
		if ro.Where, err = orders.ParseWhere(f.where); err != nil { // --where, typed by the read
			return ro, &usageError{err}
		}
		for _, n := range ro.Where.Names() {
			if !slices.Contains(ro.Attributes, n) {
				ro.Attributes = append(ro.Attributes, n)
			}
		}
	}
	return ro, err
}

// readingOptions turns the flags about the orders into orders.Options.
func (f *inputFlags) readingOptions() (orders.Options, error) {
	opt := orders.Options{
		NoHeader:       f.noHeader,
		Columns:        f.columns,
		DateFormat:     f.dateFormat,
		DecimalComma:   f.decimalComma,
		Strict:         f.strict,
		KeepDuplicates: f.keepDuplicates,
		IDPerFile:      f.idPerFile,
		Merchandise:    f.revenue == "merchandise",
		KeepMemory:     f.keepMemory,
		Attributes:     f.attributes,
		Currency:       strings.ToUpper(strings.TrimSpace(f.currency)),
	}
	if c := opt.Currency; c != "" && (len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
		return opt, usagef("--currency %q: give an ISO 4217 code of three letters, such as USD, EUR or CNY", f.currency)
	}
	var err error
	if opt.Margin, err = f.margin(); err != nil {
		return opt, err
	}
	if opt.FX, err = f.fxTable(opt.Currency); err != nil {
		return opt, err
	}
	if opt.FX != nil {
		opt.Currency = "" // converted to, not kept
	}
	if f.revenue != "total" && f.revenue != "merchandise" {
		return opt, usagef("--revenue %q: use total or merchandise", f.revenue)
	}
	if f.cancelled != nil {
		opt.Cancelled = f.cancelled
	}
	for r, spec := range f.columns {
		if n, err := strconv.Atoi(strings.TrimSpace(spec)); err == nil && n < 1 {
			return opt, usagef("--%s %d: columns are numbered from 1", orders.Role(r), n)
		}
	}
	if f.dateFormat != "" {
		if _, err := dates.ParseFormat(f.dateFormat); err != nil {
			return opt, usagef("--date-format: %v", err)
		}
	}
	switch strings.ToLower(f.delimiter) {
	case "":
	case ",", "comma":
		opt.Delimiter = ','
	case ";", "semicolon":
		opt.Delimiter = ';'
	case "tab", `\t`, "\t":
		opt.Delimiter = '\t'
	case "|", "pipe":
		opt.Delimiter = '|'
	case " ", "space", "whitespace":
		opt.Delimiter = orders.Whitespace
	default:
		return opt, usagef("--delimiter %q: use , ; tab | or space", f.delimiter)
	}
	if f.tz != "" {
		loc, err := time.LoadLocation(f.tz)
		if err != nil {
			return opt, usagef("--tz %q: not a time zone (use a name such as UTC, Europe/London or Asia/Shanghai)", f.tz)
		}
		opt.Location = loc
	}
	if opt.Returns, err = choose("returns", f.returns, means("net", orders.ReturnsNet), means("ignore", orders.ReturnsIgnore)); err != nil {
		return opt, err
	}
	bad := strings.TrimSpace(f.maxBad)
	pct := strings.HasSuffix(bad, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(bad, "%"), 64)
	if err != nil || v < 0 || (pct && v > 100) || (!pct && v > 1) {
		return opt, usagef("--max-bad %q: give a share such as 5%% or 0.05", f.maxBad)
	}
	if pct {
		v /= 100
	}
	opt.MaxBad = v
	if f.asOf != "" {
		day, err := dates.ParseDay(f.asOf)
		if err != nil {
			return opt, usagef("--as-of %q: %v (use YYYY-MM-DD)", f.asOf, err)
		}
		opt.AsOf, opt.HasAsOf = day, true
	}
	return opt, nil
}

// load reads the command's input files into histories with the options of
// inputFlags.options, reporting on stderr what was read and what was
// skipped; with ds, it hashes the inputs for the meta of the output.
func load(s *streams, ro readOptions, d diag, args []string, ds *digests) (*orders.Histories, error) {
	opt := ro.Options
	if !opt.IDPerFile {
		var err error
		var dropped []identicalInput
		if args, dropped, err = dropIdentical(args, d); err != nil {
			return nil, err
		}
		if ds != nil {
			ds.identical = dropped
		}
	}
	prog := startProgress(s.err, !d.quiet && output.IsTerminal(s.err))
	opt.Log = func(msg string) { prog.pause(func() { d.printf("%s", msg) }) }
	opt.Words = d.lang.Note
	opt.Progress = prog.rowCounter()
	in := ro.input
	in.Log, in.Words = opt.Log, opt.Words
	var inputs []orders.Input
	workbooks := 0
	stdin := s.in
	for _, a := range args {
		if ds != nil {
			if a == "-" {
				stdin = ds.reader(stdin)
			} else {
				ds.file(a)
			}
		}
		input, c, err := orders.OpenInput(a, stdin, in)
		if err != nil {
			prog.finish()
			return nil, err
		}
		defer c.Close()
		switch input.Format {
		case "xlsx":
			workbooks++ // read through its *os.File, as Parquet
		case "parquet":
		default:
			input.R = prog.reader(input.R)
		}
		inputs = append(inputs, input)
	}
	if ro.input.Sheet != "" && workbooks == 0 {
		prog.finish()
		return nil, usagef("--sheet %q: no input is an Excel workbook", ro.input.Sheet)
	}
	h, err := orders.Read(inputs, opt)
	prog.finish()
	stage("read")
	if err == nil && ro.Where != nil {
		if h, err = ro.Where.Apply(h); err != nil {
			if ue := (*orders.UnjudgedError)(nil); errors.As(err, &ue) {
				return nil, err // a value in the input, with --strict
			}
			return nil, &usageError{err}
		}
		if n := h.Stats.FilteredOrders; n > 0 {
			d.say("read.where_left_out", d.count(n, "order"), h.Stats.FilteredValue)
		}
		if n := h.Stats.Unjudged; n > 0 {
			d.say("read.where_unjudged", d.count(n, "order"), h.Stats.UnjudgedValue, strings.Join(h.Stats.UnjudgedReasons, "; "))
		}
	}
	if we := (*orders.WhereError)(nil); errors.As(err, &we) {
		return nil, &usageError{err}
	}
	if ro.mask != nil {
		if err != nil {
			maskRowError(err, ro.mask)
		} else {
			maskHistories(h, ro.mask)
			stage("mask")
			for _, e := range h.Stats.Examples {
				maskRowError(e, ro.mask)
			}
		}
	}
	if me := (*orders.MappingError)(nil); errors.As(err, &me) && me.Usage {
		return nil, &usageError{err}
	}
	if se := (*orders.SheetError)(nil); errors.As(err, &se) {
		return nil, &usageError{err}
	}
	if err != nil {
		return nil, err
	}
	mem.HoldUntilDoubled()
	st := &h.Stats
	if len(h.Customers) == 0 {
		return nil, msg.Errorf("no orders on or before the as-of date %s (the input runs from %s to %s)",
			dates.DayString(h.AsOf), dates.DayString(st.FirstDay), dates.DayString(st.LastDay))
	}
	if n := st.SkippedRows(); n > 0 {
		var parts []string
		for _, r := range orders.Reasons() {
			if c := st.Skipped[r]; c > 0 {
				parts = append(parts, d.lang.Get("read.reason_count", c, d.lang.Get(words.Key("item.skipped_"+r.Key()))))
			}
		}
		d.say("read.skipped", n, st.Rows, strings.Join(parts, d.lang.Get("read.list_sep")))
		for _, e := range st.Examples {
			d.printf("  %s", rowErrorIn(d.lang, e))
		}
	}
	if st.Fallbacks > 0 {
		d.say("read.fallbacks", d.count(st.Fallbacks, "row"))
	}
	if st.Duplicates > 0 {
		d.say("read.duplicates", d.count(st.Duplicates, "repeated row"))
	}
	reportOverlaps(st, d)
	reportConversions(st, d)
	if st.NoAmount {
		d.say("read.no_amount")
	}
	reportValue(d, st)
	if st.AsOfDefaulted {
		d.say("read.as_of_default", dates.DayString(h.AsOf))
	}
	if st.AfterAsOf > 0 {
		d.say("read.after_as_of", d.count(st.AfterAsOf, "order"), dates.DayString(h.AsOf))
	}
	return h, nil
}
