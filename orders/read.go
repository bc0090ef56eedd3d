package orders

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"lifecycle/dates"
	"lifecycle/fx"
	"lifecycle/internal/mem"
	"lifecycle/money"
	"lifecycle/msg"
)

// ReturnsMode says what to do with returns.
type ReturnsMode int

const (
	// ReturnsNet subtracts returns from their customer's net revenue.
	ReturnsNet ReturnsMode = iota
	// ReturnsIgnore drops return rows (they are counted).
	ReturnsIgnore
)

// DefaultCancelled are the order statuses that mark an order that is no
// purchase (cancelled, refunded, never paid): the ones Shopify (financial
// status), WooCommerce (order status, with or without its "wc-" prefix) and
// Taobao/Tmall (订单状态; 等待买家付款 is "awaiting payment") use. Matching
// ignores case.
var DefaultCancelled = []string{"cancelled", "canceled", "refunded", "voided", "void", "closed", "failed", "trash",
	"交易关闭", "已关闭", "已取消", "已退款", "退款成功", "等待买家付款"}

// Options controls how exports are read. The zero value reads a CSV with a
// header, detecting everything.
type Options struct {
	// Delimiter is ',' ';' '\t' '|' or Whitespace; 0 detects it per file.
	Delimiter byte
	// NoHeader says the files have no header line: columns are numbers.
	NoHeader bool
	// Columns names the columns; empty entries are found from the header.
	Columns Columns
	// FX, when set (--fx FILE --currency CODE), converts every row's amount to
	// its target currency at the rate of the order's day (see
	// currency.go); Currency must then be empty.
	FX *fx.Table
	// Currency, an ISO 4217 code, keeps the rows in that currency and
	// skips the others (OtherCurrency); empty reads one currency only, and
	// a read whose rows name several fails (see currency.go).
	Currency string
	// DateFormat is a strftime-style layout; empty detects it per column.
	DateFormat string
	// Location is the zone of zone-less times and of calendar days
	// (nil: UTC).
	Location *time.Location
	// DecimalComma reads "12,50" as 12.5.
	DecimalComma bool
	// Cancelled lists the statuses that mark a cancelled order (nil:
	// DefaultCancelled).
	Cancelled []string
	// Returns says whether returns lower net revenue or are ignored.
	Returns ReturnsMode
	// Strict makes the first bad row an error.
	Strict bool
	// MaxBad is the largest share of rows that may fail to parse before the
	// read fails, saying the mapping is probably wrong (rows without a
	// customer id do not count: guest orders are common).
	MaxBad float64
	// AsOf is the observation day (civil day in Location); with HasAsOf
	// false it is the day of the last order.
	AsOf    int32
	HasAsOf bool
	// Lines keeps the lines of an order-line export (Histories.Lines).
	Lines bool
	// Merchandise takes an order's revenue from the platform's
	// merchandise column (its subtotal: before shipping and tax) instead
	// of the order total (--revenue merchandise); a file whose profile
	// has none is an error.
	Merchandise bool
	// Margin makes each order's value its margin, revenue less cost,
	// which needs a cost column in every file (see cost.go).
	Margin bool
	// Attributes names declared attributes (see attributes.go), or
	// columns by their header (read as text), to read: their values are
	// then Histories.Attribute.
	Attributes []string
	// Where, when set, is a --where condition whose names are among
	// Attributes: Read types them by the roles their columns play and
	// checks it against each file's columns before reading its rows (a
	// *WhereError); Where.Apply applies it.
	Where *Where
	// IDPerFile reads each file's order ids as its own (two stores'
	// exports): an id in two files is then two orders. Otherwise files
	// read together are one store's, and an order in several files is
	// read once (see overlap.go).
	IDPerFile bool
	// KeepDuplicates keeps whole-row repeats of an order in order-level
	// exports, which are otherwise read once.
	KeepDuplicates bool
	// Log receives diagnostics as they happen (columns used, date layout);
	// nil discards them.
	Log func(msg string)
	// Words, when set, gives a note's format in the reader's language: it
	// receives the English format (as "%s: columns %s") and returns the
	// one to use (the same when it has none). Nil keeps English.
	Words func(format string) string
	// Progress, when set, is kept up to date with the number of rows read
	// (every few hundred thousand rows), for a progress display.
	Progress *atomic.Int64
	// KeepMemory keeps the memory the read has freed for the caller, who
	// will allocate much once it has the histories, rather than giving it
	// back to the system: memory fresh from the system costs a page fault
	// per page (on a virtual machine, microseconds each). The read then
	// ends with a larger resident set.
	KeepMemory bool
}

// Input is one export to read.
type Input struct {
	Name string // for messages: the path, or "stdin"
	R    io.Reader
	// Format is "csv" (any delimited or whitespace-aligned text),
	// "parquet", "xlsx" (an Excel workbook: see xlsx.go), or "" to go by
	// the name's extension (text otherwise).
	Format string
	// Sheet is the sheet of a workbook to read; "" reads the first.
	Sheet string
}

// Reason is why a row was skipped.
type Reason int

// The reasons a row can be skipped for.
const (
	NoCustomer Reason = iota
	BadDate
	BadAmount
	BadQuantity
	BadPrice
	ShortRow
	// LongRow is a row with more fields than the header (or, without a
	// header, than the first row), unless the fields beyond are all empty
	// (trailing delimiters, which exports do write): most often a number
	// written with an unquoted thousands separator or decimal comma,
	// "1,000.50", which would shift or cut the fields.
	LongRow
	// BadCustomer is a customer id with a control character (NUL, a line
	// break, DEL...), which no real id holds and no output can show as it
	// is.
	BadCustomer
	// OtherCurrency is a row in another currency than Options.Currency
	// (see currency.go): not bad, set aside.
	OtherCurrency
	// BadCost is a cost that is not a number, under Options.Margin (see
	// cost.go).
	BadCost
	numReasons
)

var reasonNames = [numReasons]string{"no customer id", "bad date", "bad amount", "bad quantity", "bad price", "too few columns",
	"too many columns", "bad customer id", "other currency", "bad cost"}

// String names the reason, as shown in summaries.
func (r Reason) String() string { return reasonNames[r] }

// Key is the reason as a snake_case key for JSON output.
func (r Reason) Key() string { return strings.ReplaceAll(reasonNames[r], " ", "_") }

// Reasons lists every reason in display order.
func Reasons() []Reason {
	rs := make([]Reason, numReasons)
	for i := range rs {
		rs[i] = Reason(i)
	}
	return rs
}

// RowError is a row that could not be read, with its position.
type RowError struct {
	File   string
	Line   int
	Column int // 1-based field number; 0 when the whole row is at fault
	Role   Role
	Value  string
	Reason Reason
	Err    error
	// Sheet is the sheet of a workbook the row is on: Line is then its
	// row number, and the position an A1-style cell reference.
	Sheet string
}

func (e *RowError) Error() string {
	if e.Column == 0 {
		return fmt.Sprintf("%s: %v", e.At(), e.Err)
	}
	return fmt.Sprintf("%s: %s %q: %v", e.At(), e.Role, e.Value, e.Err)
}

// At is the row's position as Error starts with it: file:line:column,
// file:line when the whole row is at fault, file:sheet!A1 in a workbook.
func (e *RowError) At() string {
	if e.Sheet != "" {
		return e.File + ":" + cellName(e.Sheet, e.Column, e.Line)
	}
	if e.Column == 0 {
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
}

func (e *RowError) Unwrap() error { return e.Err }

// FileInfo describes how one input was read.
type FileInfo struct {
	Name      string
	Delimiter string
	Header    bool
	Columns   string // Mapping.Describe
	// Names is the header name of each role's column: "" for a role not
	// read, or a file without a header.
	Names      [numRoles]string
	DateLayout string
	Rows       int64
	// Platform is what the file was read as (a Profile's Name: "a Shopify
	// orders export"), "" for a file no profile knows.
	Platform string
}

// Stats accounts for every row of the input, so that totals reconcile:
// Total = purchases + returns + CancelledValue + UnpaidValue + DuplicateValue +
// OverlapValue + IgnoredReturnValue + AfterAsOfValue + NoCustomerValue + SkippedValue.
// Every value is revenue or, with Options.Margin, margin (Margin; see
// cost.go), and then Revenue - Cost = Total as well.
type Stats struct {
	Files      []FileInfo
	Rows       int64 // data rows read (blank lines not included)
	BlankLines int64
	Skipped    [numReasons]int64
	Examples   []*RowError // the first skipped rows
	// Continuations are rows with no customer that continue the order above
	// them (Shopify writes order fields on an order's first line only).
	Continuations int64
	// Fallbacks are rows without a customer id (or with a guest
	// placeholder) identified by a fallback column instead: an email, then
	// a phone (identity.go).
	Fallbacks int64
	// Currencies are the currencies the rows kept name (a currency column,
	// or a symbol or code in the amount), with their row counts, in the
	// order met; rows naming none are not counted. Currency is the read's
	// one currency: Options.Currency, or the only one named; "" for none.
	Currencies []CurrencyRows
	Currency   string
	// Conversions are the amounts converted to Currency by Options.FX,
	// per currency converted from (the target's own rows too, at 1), in
	// the order met; the amounts and costs of skipped rows converted too.
	Conversions []Conversion
	// Unconverted are the skipped rows whose amounts are in another
	// currency than Currency: with Options.Currency, the rows in other
	// currencies (OtherCurrency); with Options.FX, those it could not
	// convert (no date, no ISO code or no rate for their day). Per
	// currency as written ("" for none named): their rows, amounts (From)
	// and costs (CostFrom). They are in no other figure, Total neither.
	Unconverted []Conversion
	// Duplicates are whole-row repeats of an order in an order-level export,
	// read once.
	Duplicates     int64
	DuplicateValue money.Amount
	// OverlapOrders are order ids found in several files with the same
	// content, read once; UpdatedOrders those whose content differs, read
	// from the file given last; OverlapRepeats are rows without an order
	// id repeated whole in another file. OverlapRows are the rows so left
	// out, and OverlapValue their amounts (see overlap.go).
	OverlapOrders, UpdatedOrders, OverlapRepeats int64
	OverlapRows                                  int64
	OverlapValue                                 money.Amount
	// CancelledOrders are orders whose status (or cancelled-at column) says
	// cancelled, or that were refunded in full: neither purchases nor
	// revenue.
	CancelledOrders int64
	CancelledValue  money.Amount
	// UnpaidOrders are orders whose status says not yet paid (pending,
	// awaiting payment): neither purchases nor revenue.
	UnpaidOrders int64
	UnpaidValue  money.Amount
	// Refunds are the partly refunded orders of an export with a refunded
	// column (see Profile), RefundValue what was refunded on them (zero or
	// less): each is a return, in ReturnRows, and its amount is in Total.
	// An order in several files counts its refund once, the kept file's
	// (see overlap.go).
	Refunds     int64
	RefundValue money.Amount
	// refunds mark the refunds read in a read of several files, by order
	// and file, for resolveOrder to count an order's refund once.
	refunds refundMarks
	// UnknownStatuses counts, per status as written, the rows whose status
	// the file's profile does not list; they are read as purchases.
	UnknownStatuses map[string]int64
	// ReturnRows are rows read as returns: negative amounts (cancelled
	// statuses aside), and rows worth nothing with a negative quantity
	// under a cancellation id ("C536379").
	ReturnRows int64
	// IgnoredReturns are return orders dropped by --returns ignore.
	IgnoredReturns     int64
	IgnoredReturnValue money.Amount
	// FilteredOrders are orders that --where left out (Where.Apply), and
	// FilteredValue their value.
	FilteredOrders int64
	FilteredValue  money.Amount
	// Unjudged are the orders among them that the condition could not
	// judge (a number or date that does not read), UnjudgedValue their
	// value and UnjudgedReasons the first reasons, as `Quantity "abc": not
	// a number`.
	Unjudged        int64
	UnjudgedValue   money.Amount
	UnjudgedReasons []string
	// AfterAsOf are orders after the as-of day, left out.
	AfterAsOf      int64
	AfterAsOfValue money.Amount
	// Total is the exact sum of every amount read that parses, whatever
	// its row became: the amount as read (the amount column, or quantity x
	// price), of skipped rows too; with Margin, of every amount less its
	// cost. With Options.FX every amount is converted, and a skipped row's
	// that cannot be is in Unconverted instead, as are those of the rows
	// skipped in other currencies (see currency.go).
	Total money.Amount
	// NoCustomerValue is the sum of the amounts of the rows skipped for
	// having no customer id (guest orders), and SkippedValue that of the
	// other skipped rows, as far as their amounts parse.
	NoCustomerValue money.Amount
	SkippedValue    money.Amount
	// The sums being made while reading (total: of the rows kept), exact
	// whatever their size; Read fails if one is beyond an Amount at the
	// end.
	total, noCustomerValue, skippedValue money.Sum
	// named are the skipped rows that name their currency, in a read whose
	// currency is settled at the end (see currency.go): added to the sums
	// then, or given apart.
	named []skippedIn
	// magnitude is the sum of the absolute values of the amounts of all rows
	// read, saturating just above money.MaxAmount (see errTotalRange).
	magnitude uint64
	// Costed says a file had a cost column (see cost.go), and Margin that
	// the values are margins (Options.Margin): Total and every value above
	// are then margins.
	Costed, Margin bool
	// Revenue and Cost are the sums of the revenues (amounts) and of the
	// costs of the rows whose amounts Total sums: Total is Revenue, or
	// with Margin, Revenue - Cost. NoCost are the rows kept with an empty
	// cost field (or, without Margin, one that is not a number), read as
	// costing nothing.
	Revenue, Cost money.Amount
	NoCost        int64
	revenue, cost money.Sum
	// NoAmount says the input has no money column: amounts are all zero.
	NoAmount bool
	// AsOfDefaulted says AsOf was taken from the last order.
	AsOfDefaulted bool
	// FirstDay and LastDay are the days of the first and last order read
	// (before the as-of cut).
	FirstDay, LastDay int32
}

// add adds the counts that grouping makes.
func (s *Stats) add(o *Stats) {
	s.Duplicates += o.Duplicates
	s.DuplicateValue += o.DuplicateValue
	s.OverlapOrders += o.OverlapOrders
	s.UpdatedOrders += o.UpdatedOrders
	s.OverlapRepeats += o.OverlapRepeats
	s.OverlapRows += o.OverlapRows
	s.OverlapValue += o.OverlapValue
	s.CancelledOrders += o.CancelledOrders
	s.CancelledValue += o.CancelledValue
	s.UnpaidOrders += o.UnpaidOrders
	s.UnpaidValue += o.UnpaidValue
	s.IgnoredReturns += o.IgnoredReturns
	s.IgnoredReturnValue += o.IgnoredReturnValue
	s.AfterAsOf += o.AfterAsOf
	s.AfterAsOfValue += o.AfterAsOfValue
	s.Refunds += o.Refunds // refunds of orders that a later file holds, taken out
	s.RefundValue += o.RefundValue
}

// Bad is the number of rows that failed to parse (rows with no customer id
// are not counted: they are guest orders, not a mapping problem).
func (s *Stats) Bad() int64 {
	var n int64
	for r := Reason(1); r < numReasons; r++ {
		if r != OtherCurrency {
			n += s.Skipped[r]
		}
	}
	return n
}

// SkippedRows is the number of rows skipped for any reason.
func (s *Stats) SkippedRows() int64 {
	var n int64
	for _, c := range s.Skipped {
		n += c
	}
	return n
}

// settle sets the totals of the amounts read from the sums made while
// reading, or fails if one is beyond an Amount.
func (s *Stats) settle() error {
	all := s.total // the rows kept, then the skipped ones
	all.AddSum(s.noCustomerValue)
	all.AddSum(s.skippedValue)
	for _, t := range []struct {
		sum  *money.Sum
		to   *money.Amount
		what string
	}{
		{&all, &s.Total, "all amounts read"},
		{&s.noCustomerValue, &s.NoCustomerValue, "the amounts of the rows without a customer id"},
		{&s.skippedValue, &s.SkippedValue, "the amounts of the skipped rows"},
		{&s.revenue, &s.Revenue, "the revenues read"},
		{&s.cost, &s.Cost, "the costs read"},
	} {
		v, err := t.sum.Total()
		if err != nil {
			return msg.Errorf("the sum of %s is beyond ±9,223,372,036,854.775807, the most an amount can hold (%w)", t.what, money.ErrRange)
		}
		*t.to = v
	}
	if !s.Margin {
		s.Revenue = s.Total // the values are revenues
	}
	return nil
}

// sampleRows is the number of rows read ahead to detect dates and order
// ids (a variable so that tests can make it small).
var sampleRows = 10000

// maxSampleBytes bounds the memory of the rows read ahead (held compactly:
// see heldRows): the sample ends at sampleRows rows or once it holds this
// much, whichever comes first. Ten thousand rows of a real export take a
// few megabytes; rows wide or long enough to reach the bound (over 6 KB
// each on average) are the work of a broken or hostile file, whose
// detection then goes by fewer rows.
const maxSampleBytes = 64 << 20

// parseParallel says whether text is parsed on every core (tests turn it off to
// compare).
var parseParallel = true

const maxExamples = 5

// kinds of rows.
const (
	kindPurchase uint8 = iota
	kindReturn
	kindCancelled
	kindUnpaid // a status that says not yet paid (see Profile)

	// kindByRefund is a status that says refunded, whose order is what
	// the refunded column says (Profile.RefundedStatuses); never a row's
	// kind.
	kindByRefund uint8 = 0xff
)

// reader holds the state of one Read.
type reader struct {
	opt       Options
	zone      *dates.Zone
	cancelled map[string]bool
	stats     Stats
	seqs      uint64 // key ranges handed out for rows without an order id
	maxTime   int64
	minTime   int64
	dedupe    bool // order-level export with order ids: repeats are duplicates
	hasOrders bool // some file had an order column
	layout    *dates.Layout

	files int // files begun, for the order of lines
	// overlaps says rows carry their file's number, to find the orders
	// that several files hold (a read of several files: see overlap.go);
	// fileNames and noID are by file number - 1.
	overlaps  bool
	fileShift uint8 // where the file number is in a row's attribute column
	fileNames []string
	noID      []bool
	lines     *lineStore // with Options.Lines

	// attrs says the read keeps attribute values (Options.Attributes, or
	// a ColGroup column): their combinations, numbered from 1 (0 is no
	// value), by attrKey's key.
	attrs      bool
	groupMu    sync.Mutex
	groupIDs   map[string]uint32
	groupNames []string

	// Rows go in batches to the grouper, which runs beside the parsing.
	cur     *batch
	full    chan *batch
	free    chan *batch
	grouped chan struct{}
	g       *grouper
}

// Read reads the inputs as one export and builds the customer histories.
// Errors are *MappingError for columns that cannot be mapped, *RowError for a
// bad row under Strict, and plain errors otherwise; all name the file.
func Read(inputs []Input, opt Options) (*Histories, error) {
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	rd := &reader{
		opt:     opt,
		zone:    dates.NewZone(loc),
		maxTime: -1 << 63,
		minTime: 1<<63 - 1,
		attrs:   opt.Columns[ColGroup] != "" || len(opt.Attributes) > 0,
	}
	rd.stats.Margin = opt.Margin
	if len(inputs) > 1 && !opt.IDPerFile {
		rd.overlaps = true
		if rd.attrs {
			if len(inputs) > maxAttrFiles {
				return nil, msg.Errorf("%d files: a read that keeps attributes (--by, --where) compares at most %d for the orders they share (join them, or give --id-per-file)", len(inputs), maxAttrFiles)
			}
			rd.fileShift = attrFileShift
		}
	}
	cancelled := opt.Cancelled
	if cancelled == nil {
		cancelled = DefaultCancelled
	}
	rd.cancelled = make(map[string]bool, len(cancelled))
	for _, s := range cancelled {
		rd.cancelled[normStatus([]byte(s))] = true
	}
	if opt.DateFormat != "" {
		l, err := dates.ParseFormat(opt.DateFormat)
		if err != nil {
			return nil, msg.Errorf("--date-format %q: %w", opt.DateFormat, err)
		}
		rd.layout = &l
	}
	// Reading keeps what it reads, and finishing frees the partitions' rows
	// while it allocates the orders (see mem.ForRead).
	defer mem.ForRead()()
	rd.startGrouping()
	for _, in := range inputs {
		err := rd.readFile(in)
		if err == nil && rd.stats.magnitude > uint64(money.MaxAmount) {
			err = fmt.Errorf("%s: %w", in.Name, errTotalRange)
		}
		if err != nil {
			rd.stopGrouping()
			return nil, err
		}
	}
	rd.stopGrouping()
	st := &rd.stats
	if st.Rows > 0 && float64(st.Bad()) > opt.MaxBad*float64(st.Rows) {
		return nil, rd.tooManyBad()
	}
	if err := rd.settleCurrency(); err != nil {
		return nil, err
	}
	if rd.maxTime < rd.minTime {
		return nil, msg.Errorf("no orders read: every row was empty or skipped")
	}
	return rd.finish()
}

func (rd *reader) tooManyBad() error {
	st := &rd.stats
	return &TooManyBadError{Bad: st.Bad(), Rows: st.Rows, MaxBad: rd.opt.MaxBad, Files: st.Files, Examples: st.Examples}
}

// TooManyBadError is a read that failed because more rows than
// Options.MaxBad could not be read: the column mapping (or the date
// layout) is probably wrong. It shows the mapping of each file and the
// first bad rows, whose values a caller may change (masking ids) before
// printing it.
type TooManyBadError struct {
	Bad, Rows int64
	MaxBad    float64
	Files     []FileInfo
	Examples  []*RowError
}

func (e *TooManyBadError) Error() string { return e.Words().Error() }

// Words is the error worded: how many rows, then each file's columns and
// the first bad rows, a line each.
func (e *TooManyBadError) Words() *msg.Error {
	format := "%w"
	args := []any{msg.Errorf("%d of %d rows (%.1f%%) could not be read, more than the %g%% allowed (--max-bad): the column mapping is probably wrong",
		e.Bad, e.Rows, 100*float64(e.Bad)/float64(e.Rows), 100*e.MaxBad)}
	for _, f := range e.Files {
		format += "\n  %s: %s"
		args = append(args, f.Name, f.Columns)
	}
	for _, x := range e.Examples {
		format += "\n  %w"
		args = append(args, x)
	}
	return msg.Of(msg.Errorf(format, args...))
}

// readFile reads one input: sniff, header, mapping, a sample for detection,
// then every row.
func (rd *reader) readFile(in Input) error {
	src, err := rd.open(in)
	if err != nil {
		return err
	}
	if c, ok := src.(io.Closer); ok {
		defer c.Close() // a Parquet source's decoder and temporary copy
	}
	info := FileInfo{Name: in.Name, Delimiter: src.describe(), Header: !rd.opt.NoHeader}
	fail := func(err error) error {
		var re *RowError
		if errors.As(err, &re) || strings.HasPrefix(err.Error(), in.Name+":") {
			return err
		}
		if src.line() == 0 {
			return fmt.Errorf("%s: %w", in.Name, err)
		}
		return fmt.Errorf("%s:%d: %w", in.Name, src.line(), err)
	}
	if h, ok := src.header(); ok {
		info.Header = true
		return rd.readRecords(in, src, info, h, nil, fail)
	}

	// The header, or the first record of a headerless file.
	first, err := src.read()
	if err == io.EOF {
		rd.stats.Files = append(rd.stats.Files, info)
		return nil
	}
	if err != nil {
		return fail(err)
	}
	var header []string
	var pending *heldRows
	if rd.opt.NoHeader {
		pending = &heldRows{}
		pending.add(src.line(), first)
	} else {
		header = make([]string, len(first))
		for i, f := range first {
			header[i] = string(f)
		}
	}
	return rd.readRecords(in, src, info, header, pending, fail)
}

// readRecords reads the records of one input after its header: mapping, a
// sample for detection, then every row. pending is a first record already
// read (files without a header).
func (rd *reader) readRecords(in Input, src source, info FileInfo, header []string, pending *heldRows, fail func(error) error) error {
	ncols := len(header)
	if pending != nil {
		ncols = pending.width(0)
	}
	m, err := rd.resolve(in.Name, header, ncols)
	if err != nil {
		return err
	}
	m.costKind()
	if rd.opt.Margin && m.Index[ColCost] < 0 {
		return noCostError(in.Name, header)
	}
	if m.Index[ColCost] >= 0 {
		rd.stats.Costed = true
	}
	info.Columns = m.Describe()
	if m.Profile != nil {
		info.Platform = m.Profile.Name
	}
	for r, i := range m.Index {
		if i >= 0 && m.Header != nil {
			info.Names[r] = m.Header[i]
		}
	}
	if m.Index[ColOrder] >= 0 {
		rd.hasOrders = true
		// An export that repeats the order's total on each of its rows
		// (Profile.TotalRepeated) is order-level in its amounts: a row of
		// an order away from the order's other rows repeats the total,
		// read once as a duplicate.
		if (!m.Lines || m.Profile != nil && m.Profile.TotalRepeated) && !rd.opt.KeepDuplicates {
			rd.dedupe = true
		}
	}
	if p := m.Profile; p != nil {
		what := msg.Text(p.Name)
		if p.Rows != "" {
			what = msg.Errorf("%v: %v", what, msg.Text(p.Rows))
		}
		rd.logf("%s: read as %s", in.Name, what)
		if p.Note != "" {
			rd.logf("%s: %s", in.Name, msg.Text(p.Note))
		}
		// The platform's zone for its zone-less times, unless --tz says
		// otherwise; only from the first file, whose rows come first.
		if p.Zone != "" && rd.opt.Location == nil && rd.files == 0 && rd.zone.Location() == time.UTC {
			if loc, err := time.LoadLocation(p.Zone); err == nil {
				rd.zone = dates.NewZone(loc)
				rd.logf("%s: times read as %s, the platform's; give --tz to change", in.Name, p.Zone)
			}
		}
	}
	rd.logf("%s: columns %s", in.Name, info.Columns)
	for _, note := range m.Notes {
		rd.logf("%s: %v", in.Name, note)
	}

	// Read a sample to settle the date layout and the meaning of order ids.
	sample := pending
	if sample == nil {
		sample = &heldRows{}
	}
	for sample.len() < sampleRows && sample.size() < maxSampleBytes {
		f, err := src.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		sample.add(src.line(), f)
	}
	if sample.len() == 0 {
		rd.stats.Files = append(rd.stats.Files, info) // a header and no rows
		return nil
	}
	rd.files++
	rd.fileNames = append(rd.fileNames, in.Name)
	rd.noID = append(rd.noID, m.Index[ColOrder] < 0)
	fr := &fileReader{rd: rd, name: in.Name, m: m, zone: rd.zone, stats: &rd.stats, out: rd.cur,
		seqBase: rd.newSeqBase(), minTime: rd.minTime, maxTime: rd.maxTime, file: rd.files, ident: newIdentity(m),
		curCol: currencyColumn(m)}
	fr.statuses, fr.strictStatus = m.Profile.statusKinds(rd.cancelled, rd.opt.Cancelled != nil)
	if d := fr.ident.describe; d != nil {
		rd.logf("%s: %v", in.Name, d)
	}
	if rd.opt.Lines && m.Lines && m.Index[ColOrder] >= 0 {
		fr.product = -1
		if m.Header != nil {
			fr.product = attributeNamed("product").find(func(name string) int {
				for i, h := range m.Header {
					if normName(h) == name {
						return i
					}
				}
				return -1
			})
		}
		if rd.lines == nil {
			rd.lines = &lineStore{}
		}
		fr.lines = rd.lines
	}
	fr.flush = func() {
		rd.flush()
		fr.out = rd.cur
	}
	defer func() {
		rd.minTime, rd.maxTime = fr.minTime, fr.maxTime
	}()
	for _, i := range m.Index {
		fr.need = max(fr.need, i+1)
	}
	fr.width, fr.widthOf = ncols, "the header"
	if pending != nil {
		fr.widthOf = "the first row"
	}
	if ts, ok := src.(*textSource); ok {
		fr.extraHint = extraFieldsHint(ts.rr.delim)
	}
	if xs, ok := src.(*xlsxSource); ok {
		fr.sheet = xs.sheet
	}
	for _, r := range []Role{ColAmount, ColQuantity, ColPrice, ColCost} {
		fr.comma[r] = rd.opt.DecimalComma && !canonical(src, m, r)
	}
	layout := dates.ISO8601 // a typed date column's text, whatever DateFormat says
	if !canonical(src, m, ColDate) {
		layout, err = rd.dateLayout(in.Name, m, func(yield func([]byte) bool) {
			for r := range sample.len() {
				v, ok := sample.field(r, m.Index[ColDate])
				if ok && m.TimeOfDay >= 0 {
					if tod, ok := sample.field(r, m.TimeOfDay); ok {
						v = joinTimeOfDay(nil, trimField(v), trimField(tod))
					}
				}
				if ok && !yield(v) {
					return
				}
			}
		})
		if err != nil {
			return err
		}
	}
	fr.layout = layout
	if rd.opt.Where != nil {
		rd.opt.Where.conventions(fr.comma, layout)
	}
	// Masked ids (a recipient phone written 138****1234): different
	// customers may share one, which makes repeat figures approximate.
	for r := range sample.len() {
		if v, ok := sample.field(r, m.Index[ColCustomer]); ok && bytes.Contains(v, []byte("***")) {
			rd.logf("%s: the customer column %s holds masked ids (e.g. %q): customers who share one are read as one, so repeat figures are approximate", in.Name, m.name(ColCustomer), trimField(v))
			break
		}
	}
	info.DateLayout = layout.String()
	if i := m.Zone; i >= 0 {
		rd.logf("%s: dates read as %s, each in the zone its row names in %s", in.Name, layout, m.describeColumn(i))
	} else {
		rd.logf("%s: dates read as %s in %s", in.Name, layout, rd.zone.Location())
	}
	if i := m.Index[ColOrder]; i >= 0 {
		n, c := 0, 0
		for r := range sample.len() {
			if v, ok := sample.field(r, i); ok {
				if id := bytes.TrimSpace(v); len(id) > 0 {
					n++
					if isCancelPrefixed(id) {
						c++
					}
				}
			}
		}
		fr.cancelPrefix = 2*c < n || n == 0
		switch {
		case c == 0:
		case fr.cancelPrefix:
			rd.logf("%s: %d of the first %d order ids are C and digits, as UCI's cancellations: a return when the amount is negative (or zero with a negative quantity), a purchase when it is positive", in.Name, c, n)
		default:
			rd.logf("%s: %d of the first %d order ids are C and digits: plain ids, not cancellations", in.Name, c, n)
		}
	}

	start := rd.stats.Rows
	for r := range sample.len() {
		if err := fr.row(sample.fields(r), sample.line(r)); err != nil {
			return err
		}
	}
	_, text := src.(*textSource)
	_, pq := src.(*parquetSource)
	if (text || pq) && parseParallel && runtime.GOMAXPROCS(0) > 1 {
		if err := rd.parallelRest(fr, src, fail); err != nil {
			return err
		}
	} else {
		for {
			f, err := src.read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fail(err)
			}
			if err := fr.row(f, src.line()); err != nil {
				return err
			}
		}
	}
	info.Rows = rd.stats.Rows - start
	rd.stats.Files = append(rd.stats.Files, info)
	return nil
}

// dateLayout returns the layout for a file's date column: the one given, the
// one detected in an earlier file if it still reads this one, or a new one.
func (rd *reader) dateLayout(file string, m *Mapping, values func(func([]byte) bool)) (dates.Layout, error) {
	if rd.layout != nil && rd.opt.DateFormat != "" {
		// The user's layout: one that parses none of a sample of dates is
		// a mistake of the command line, said as such, rather than a read
		// that fails later for too many bad rows.
		n, ok, example := 0, 0, ""
		for v := range values {
			if v = trimField(v); len(v) == 0 {
				continue
			}
			n++
			if _, err := rd.layout.Parse(v, rd.zone); err == nil {
				ok++
			} else if example == "" {
				example = string(v)
			}
		}
		if n > 0 && ok == 0 {
			return dates.Layout{}, mappingError(file, m.Header, true,
				msg.Errorf("--date-format %q parses none of the first %d dates of column %s (e.g. %q)", rd.opt.DateFormat, n, m.name(ColDate), example))
		}
		return *rd.layout, nil
	}
	if p := m.Profile; p != nil && p.DateFormat != "" {
		// The platform's documented layout, which detection may not know
		// (Etsy's two-digit years).
		l, err := dates.ParseFormat(p.DateFormat)
		if err != nil {
			panic("orders: profile " + p.Name + ": " + err.Error())
		}
		return l, nil
	}
	var vals []string
	for v := range values {
		v = trimField(v)
		if len(v) > 0 {
			vals = append(vals, string(v))
		}
	}
	if rd.layout != nil {
		ok := 0
		for _, v := range vals {
			if _, err := rd.layout.Parse([]byte(v), rd.zone); err == nil {
				ok++
			}
		}
		if 2*ok > len(vals) {
			return *rd.layout, nil
		}
	}
	if len(vals) == 0 {
		if rd.layout != nil {
			return *rd.layout, nil
		}
		return dates.Layout{}, msg.Errorf("%s: the date column %s is empty in the first %d rows", file, m.name(ColDate), sampleRows)
	}
	l, err := dates.Detect(vals)
	if err != nil && errors.Is(err, dates.ErrNoLayout) && namesDate(m) && dates.PlausibleExcel(vals) {
		// Numbers are Excel serial days only where the header says dates.
		l, err = dates.Excel, nil
		rd.logf("%s: the date column %s holds only numbers from 25569 to 73050: read as Excel serial days (1970 to 2099)", file, m.name(ColDate))
	}
	if err != nil {
		return dates.Layout{}, msg.Errorf("%s: date column %s: %w", file, m.name(ColDate), err)
	}
	rd.layout = &l
	return l, nil
}

// namesDate reports whether the date column's header says it holds dates
// ("Order Date", "date", "订单日期"), rather than times or timestamps, which
// may be Unix numbers.
func namesDate(m *Mapping) bool {
	if m.Header == nil {
		return false
	}
	n := normName(m.Header[m.Index[ColDate]])
	return strings.Contains(n, "date") || strings.Contains(n, "日期")
}

// logf gives a note through opt.Log, its format in opt.Words' language.
func (rd *reader) logf(format string, args ...any) {
	if rd.opt.Log == nil {
		return
	}
	if rd.opt.Words != nil {
		format, args = rd.opt.Words(format), wordsArgs(rd.opt.Words, args)
	}
	rd.opt.Log(fmt.Sprintf(format, args...))
}

// wordsArgs are a note's arguments with those made by msg (a platform's
// description, the parts of the identity line) given in words' language.
func wordsArgs(words func(string) string, args []any) []any {
	var in func(err error) string
	in = func(err error) string {
		if m := msg.Of(err); m != nil {
			return m.Render(words, in)
		}
		return err.Error()
	}
	out := make([]any, len(args))
	for i, a := range args {
		if e, ok := a.(error); ok && msg.Of(e) != nil {
			a = in(e)
		}
		out[i] = a
	}
	return out
}

// fileReader parses the rows of one file into batches. Rows are parsed on
// several goroutines at once, each with its own fileReader (see
// parallelRest); the reader they share is only read.
type fileReader struct {
	rd           *reader
	name         string
	sheet        string // of a workbook, for messages
	m            *Mapping
	need         int // fields a row must have
	width        int // fields a row may have, but for empty ones beyond
	widthOf      string
	extraHint    string // what may have made a row longer than width
	layout       dates.Layout
	comma        [numRoles]bool // numbers of the column written 12,50 (DecimalComma, if text)
	cancelPrefix bool           // order ids "C123" are cancellations (UCI): see row

	zone    *dates.Zone
	stats   *Stats
	out     *batch
	flush   func() // hands over a full batch; nil lets out grow
	seqBase uint64 // keys of rows without an order id are seqBase|seq<<2
	seq     uint64
	minTime int64
	maxTime int64
	last    lastRow
	// deferring, set on a chunk's reader, keeps the chunk's first rows that may
	// continue the order at the end of the chunk before, instead of
	// judging them (see parallelRest).
	deferring bool
	deferred  heldRows

	lastStatus   []byte
	lastStatusOK bool
	lastKind     uint8
	// statuses are how this file's statuses are taken (see
	// Profile.statusKinds); with strictStatus, one not listed is counted
	// in Stats.UnknownStatuses.
	statuses     map[string]uint8
	strictStatus bool
	groups       map[string]uint32      // the reader's combination numbers this file reader has seen
	attrBuf      []byte                 // see attrKey
	file         int                    // the file's number in the read, from 1
	lines        *lineStore             // keeps the lines, with Options.Lines in an order-line export
	product      int                    // the product attribute's column for lines, -1 for none
	ident        identity               // how customer ids compare (identity.go)
	curCol       int                    // 1 + the currency column; 0 for none (currency.go)
	idBuf        []byte                 // see customer
	dateBuf      []byte                 // see withTimeOfDay
	zones        map[string]*dates.Zone // by the zone column's value (rowZone)

	// typed holds values of the row being read that its source decoded
	// already, for row to take instead of parsing their fields.
	typed typedRow

	recent []uint64 // see repeats

	// The last rate used by convert (--fx), for the next row of the same
	// currency and day.
	fxCode string
	fxDay  int32
	fxRate money.Rate
	fxOK   bool
	conv   rowFX // the conversion of the row being read
}

// sameAsDeferred reports whether a row of orderID belongs with the rows a
// chunk's reader keeps for later: the first row of its chunk, or one of
// the same order as the last row kept.
func (fr *fileReader) sameAsDeferred(orderID []byte) bool {
	n := fr.deferred.len()
	if n == 0 {
		return true
	}
	prev, ok := fr.deferred.field(n-1, fr.m.Index[ColOrder])
	return ok && bytes.Equal(trimField(prev), orderID)
}

// typedRow holds the values of a row that a source decoded already (a
// Parquet TIMESTAMP or DECIMAL: see parquet_typed.go), whose fields are
// then empty. The source sets a value only when it is what parsing the
// field would give, in range, so that row reads the same row either way.
// Rows given this way must not be ones row keeps for later (deferring): a
// kept row is judged from its fields alone.
type typedRow struct {
	time      int64        // of the date column, in Unix seconds
	amount    money.Amount // of the amount column
	hasTime   bool
	hasAmount bool
}

// maxGroups is how many distinct values a ColGroup column may have, and
// maxCombinations how many distinct combinations of attribute values a
// read may have.
const (
	maxGroups       = 1<<16 - 1
	maxCombinations = 1<<24 - 1
)

// combination returns the number of a combination of attribute values (or
// of a value of the ColGroup column alone), numbering it if new. Each file
// reader keeps the numbers it has seen, so that the lock is taken once per
// value and file reader.
func (fr *fileReader) combination(v []byte) (uint32, error) {
	if g, ok := fr.groups[string(v)]; ok {
		return g, nil
	}
	rd := fr.rd
	rd.groupMu.Lock()
	defer rd.groupMu.Unlock()
	if rd.groupIDs == nil {
		rd.groupIDs = map[string]uint32{"": 0}
		rd.groupNames = []string{""}
	}
	g, ok := rd.groupIDs[string(v)]
	if !ok {
		if len(rd.groupNames) > maxCombinations && len(fr.m.Attrs) > 0 {
			return 0, msg.Errorf("%s: the attributes read (%s) have more than %d distinct combinations of values", fr.name, strings.Join(rd.opt.Attributes, ", "), maxCombinations)
		}
		if len(rd.groupNames) > maxGroups && len(fr.m.Attrs) == 0 {
			return 0, msg.Errorf("%s: the --by column %s has more than %d distinct values: it cannot split the analysis", fr.name, fr.m.name(ColGroup), maxGroups)
		}
		g = uint32(len(rd.groupNames))
		rd.groupIDs[string(v)] = g
		rd.groupNames = append(rd.groupNames, string(v))
	}
	if fr.groups == nil {
		fr.groups = map[string]uint32{}
	}
	fr.groups[string(v)] = g
	return g, nil
}

// attrKey returns the combination of the row's --by value (column by, -1
// for none) and attribute values, separated by attrSep, in a buffer reused
// by the next call.
func (fr *fileReader) attrKey(f [][]byte, by int) []byte {
	k := fr.attrBuf[:0]
	if by >= 0 {
		k = append(k, trimField(f[by])...)
	}
	for _, i := range fr.m.Attrs {
		k = append(k, attrSep...)
		k = append(k, trimField(f[i])...)
	}
	fr.attrBuf = k
	return k
}

// lastRow is what the next row may need of the row before it.
type lastRow struct {
	ok    bool // the last row had an order id
	order []byte
	cust  []byte
	time  int64
	kind  uint8  // of the order's first row
	other []byte // the order id of the last row skipped as OtherCurrency
	cur   string // the currency of the order's first row, with --fx
}

// newSeqBase hands out a range of keys for rows without an order id: the
// high bit set, then a range number, then the row's number in the range.
func (rd *reader) newSeqBase() uint64 {
	rd.seqs++
	return 1<<63 | rd.seqs<<40
}

// withTimeOfDay returns the row's date field d completed by its
// time-of-day column (Mapping.TimeOfDay), in a buffer reused by the next
// call; d itself when there is none.
func (fr *fileReader) withTimeOfDay(f [][]byte, d []byte) []byte {
	i := fr.m.TimeOfDay
	if i < 0 || i >= len(f) {
		return d
	}
	fr.dateBuf = joinTimeOfDay(fr.dateBuf[:0], d, trimField(f[i]))
	return fr.dateBuf
}

// joinTimeOfDay appends to b the date d and the time of day t, as one
// value: "03/05/2024 14:03:22"; d alone when either is empty.
func joinTimeOfDay(b, d, t []byte) []byte {
	b = append(b, d...)
	if len(d) > 0 && len(t) > 0 {
		b = append(append(b, ' '), t...)
	}
	return b
}

// rowZone returns the zone of the row's zone-less time: the one its zone
// column names (Mapping.Zone), else the read's.
func (fr *fileReader) rowZone(f [][]byte, line int) (*dates.Zone, *RowError) {
	i := fr.m.Zone
	if i < 0 || i >= len(f) {
		return fr.zone, nil
	}
	v := trimField(f[i])
	if len(v) == 0 {
		return fr.zone, nil
	}
	if z, ok := fr.zones[string(v)]; ok {
		return z, nil
	}
	z, err := dates.LoadZone(string(v))
	if err != nil {
		return nil, &RowError{File: fr.name, Line: line, Column: i + 1, Role: ColDate, Value: string(v), Reason: BadDate,
			Err: msg.Errorf(`not a time zone lifecycle knows: an IANA name ("America/New_York") or a display name ("Eastern Time (US & Canada)")`)}
	}
	if fr.zones == nil {
		fr.zones = map[string]*dates.Zone{}
	}
	fr.zones[string(v)] = z
	return z, nil
}

// addRow adds a row to the batch being filled, with its attribute
// combination when the read keeps them.
func (fr *fileReader) addRow(r row, cust []byte, attrs uint32) {
	if fr.rd.overlaps {
		attrs |= uint32(fr.file) << fr.rd.fileShift
	}
	if fr.rd.attrs || fr.rd.overlaps {
		fr.out.AddTagged(cust, r, attrs)
	} else {
		fr.out.Add(cust, r)
	}
}

// refunded reads the amount refunded on the row's order (Profile.Refunded):
// 0 when the field is empty or holds no digit (Taobao writes 无退款申请, "no
// refund asked"); a negative refund is taken as its size.
func (fr *fileReader) refunded(f [][]byte, line int) (money.Amount, *RowError) {
	i := fr.m.Refunded
	if i >= len(f) {
		return 0, nil
	}
	v := trimField(f[i])
	if !bytes.ContainsFunc(v, func(r rune) bool { return r >= '0' && r <= '9' }) {
		return 0, nil
	}
	a, err := money.Parse(v, money.Options{DecimalComma: fr.comma[ColAmount]})
	if err != nil {
		return 0, &RowError{File: fr.name, Line: line, Column: i + 1, Role: NoRole, Value: string(v), Reason: BadAmount,
			Err: msg.Errorf("the refunded amount: %w", err)}
	}
	return max(a, -a), nil
}

// amountOf returns the amount of a row as read (its amount column, or
// quantity x price), when it parses: for the accounting of skipped rows.
func (fr *fileReader) amountOf(f [][]byte) (money.Amount, bool) {
	if fr.typed.hasAmount {
		return fr.typed.amount, true
	}
	idx := &fr.m.Index
	field := func(r Role) (money.Amount, bool) {
		i := idx[r]
		if i < 0 || i >= len(f) {
			return 0, false
		}
		a, err := money.Parse(trimField(f[i]), money.Options{DecimalComma: fr.comma[r]})
		return a, err == nil
	}
	if idx[ColAmount] >= 0 {
		return field(ColAmount)
	}
	q, ok := field(ColQuantity)
	if !ok {
		return 0, false
	}
	p, ok := field(ColPrice)
	if !ok {
		return 0, false
	}
	return money.Mul(q, p)
}

// extraFields returns the error for a row with more fields than the
// header, or nil when those beyond it are all empty.
func (fr *fileReader) extraFields(f [][]byte, line int) *RowError {
	for i, v := range f[fr.width:] {
		if v = trimField(v); len(v) > 0 {
			count, col := fmt.Sprintf("%d fields", len(f)-fr.width), fr.width+i+1
			switch {
			case len(f) > maxRecordFields:
				// The reader keeps one field of those beyond its cap (csv.go):
				// neither their number nor that field's column is known.
				count = fmt.Sprintf("over %d fields", maxRecordFields-fr.width)
				if col > maxRecordFields {
					col = 0
				}
			case len(f)-fr.width == 1:
				count = "1 field"
			}
			return &RowError{File: fr.name, Line: line, Column: col, Role: NoRole, Value: string(v), Reason: LongRow,
				Err: msg.Errorf("%s more than %s%s", count, fr.widthOf, fr.extraHint)}
		}
	}
	return nil
}

// extraFieldsHint says what most often makes a row of text delimited by d
// longer than its header.
func extraFieldsHint(d byte) string {
	switch d {
	case ',':
		return ": an unquoted comma in a number?"
	case Whitespace:
		return ": a blank inside a value?"
	}
	return fmt.Sprintf(": an unquoted %s inside a value?", delimiterName(d))
}

// controlByte returns the position of the first control character (C0 or
// DEL) in b, or -1.
func controlByte(b []byte) int {
	for i, c := range b {
		if c < ' ' || c == 0x7f {
			return i
		}
	}
	return -1
}

func (fr *fileReader) isCancelled(f [][]byte) bool { return fr.statusOf(f) != kindPurchase }

// statusOf returns the kind a row's status (or cancelled-at column) gives
// its order: kindPurchase, kindCancelled or kindUnpaid.
func (fr *fileReader) statusOf(f [][]byte) uint8 {
	idx := &fr.m.Index
	if i := idx[ColCancelledAt]; i >= 0 && len(trimField(f[i])) > 0 {
		return kindCancelled
	}
	i := idx[ColStatus]
	if i < 0 {
		return kindPurchase
	}
	s := trimField(f[i])
	if fr.lastStatusOK && bytes.Equal(s, fr.lastStatus) {
		return fr.lastKind
	}
	fr.lastStatus = append(fr.lastStatus[:0], s...)
	fr.lastStatusOK = true
	k, ok := fr.statuses[normStatus(s)]
	if !ok && fr.strictStatus && len(s) > 0 {
		if fr.stats.UnknownStatuses == nil {
			fr.stats.UnknownStatuses = map[string]int64{}
		}
		fr.stats.UnknownStatuses[string(s)]++
		fr.lastStatusOK = false // count every row
	}
	fr.lastKind = k // kindPurchase when not listed
	return k
}

func (fr *fileReader) bad(line int, role Role, v []byte, reason Reason, err error) *RowError {
	return &RowError{File: fr.name, Line: line, Column: fr.m.Index[role] + 1, Role: role, Value: string(v), Reason: reason, Err: err}
}

// skip counts a bad row, and its amount if that parses, or fails on it
// with Strict.
func (fr *fileReader) skip(f [][]byte, e *RowError) error {
	fr.deferring = false
	e.Sheet = fr.sheet
	st := fr.stats
	if fr.rd.opt.Strict && e.Reason != OtherCurrency {
		return e
	}
	st.Skipped[e.Reason]++
	repeat := fr.repeatsTotal(f)
	if a, ok := fr.amountOf(f); ok {
		if repeat {
			a = 0 // the order's total, counted with its first row
		}
		var c money.Amount
		if fr.m.Index[ColCost] >= 0 {
			c = fr.costOf(f)
		}
		var named *skippedIn
		switch {
		case fr.rd.opt.FX != nil:
			// In the target currency, or in no sum (see currency.go).
			a, c, ok = fr.convertSkipped(f, a, c)
		case e.Reason == OtherCurrency || fr.inOtherCurrency(f):
			// In another currency than the read's: in no sum.
			st.addApart(fr.skippedCurrency(f), a, c)
			ok = false
		case fr.rd.opt.Currency == "":
			// In the read's currency, or not: settled at the end.
			if cur := fr.skippedCurrency(f); cur != "" {
				named = st.skippedNamed(cur, e.Reason == NoCustomer)
			}
		}
		if ok {
			fr.addSkipped(named, e.Reason == NoCustomer, a, c)
		}
	}
	if len(st.Examples) < maxExamples {
		st.Examples = append(st.Examples, e)
	}
	if !repeat {
		fr.last.ok = false // the rows below belong to no order above
	}
	return nil
}

// repeatsTotal reports a row of an export that repeats the order's total
// on each of its rows (Profile.TotalRepeated) whose order is that of the
// row kept above it: skipped, it adds nothing (the order's first row
// counted the total), and the rows of the order below it still repeat the
// total.
func (fr *fileReader) repeatsTotal(f [][]byte) bool {
	i := fr.m.Index[ColOrder]
	if p := fr.m.Profile; p == nil || !p.TotalRepeated || i < 0 || i >= len(f) || !fr.last.ok {
		return false
	}
	id := trimField(f[i])
	return len(id) > 0 && bytes.Equal(id, fr.last.order)
}

// startGrouping starts the grouper beside the parsing.
func (rd *reader) startGrouping() {
	rd.g = &grouper{}
	rd.full = make(chan *batch, 1)
	rd.free = make(chan *batch, 3)
	for range 3 {
		rd.free <- &batch{}
	}
	rd.grouped = make(chan struct{})
	go func() {
		defer close(rd.grouped)
		large := false
		for b := range rd.full {
			rd.g.rows.Add(b)
			if !large {
				large = mem.ReadGrew(rd.g.rows.Bytes()) // the rows, ids and attributes the partitions hold
			}
			b.Reset()
			select {
			case rd.free <- b:
			default: // a chunk's batch, beyond the serial ones
				batchPool.put(b)
			}
		}
	}()
	rd.cur = <-rd.free
}

// flush hands the current batch to the grouper.
func (rd *reader) flush() {
	if rd.opt.Progress != nil {
		rd.opt.Progress.Store(rd.stats.Rows)
	}
	rd.full <- rd.cur
	rd.cur = <-rd.free
}

// stopGrouping hands over the last rows and waits for the grouper.
func (rd *reader) stopGrouping() {
	if rd.full == nil {
		return
	}
	if rd.cur.Len() > 0 {
		rd.full <- rd.cur
	}
	close(rd.full)
	<-rd.grouped
	rd.full = nil
	// The buffers of reading are not needed by what follows: let them go
	// before the histories are built.
	rd.cur, rd.free = nil, nil
	chunkPool.drain()
	batchPool.drain()
}

// finish merges each customer's rows into orders, applies the as-of day and
// builds the histories.
func (rd *reader) finish() (*Histories, error) {
	st := &rd.stats
	st.FirstDay = rd.zone.Day(rd.minTime)
	st.LastDay = rd.zone.Day(rd.maxTime)
	asOf := rd.opt.AsOf
	if !rd.opt.HasAsOf {
		asOf = st.LastDay
		st.AsOfDefaulted = true
	}
	st.refunds.sort()
	h := &Histories{Zone: rd.zone, AsOf: asOf, groupNames: rd.groupNames,
		by: rd.opt.Columns[ColGroup] != "", attrNames: rd.opt.Attributes}
	h.Customers, h.groups = rd.g.finish(finishOptions{
		zone:      rd.zone,
		asOf:      asOf,
		hasOrders: rd.hasOrders,
		dedupe:    rd.dedupe,
		ignore:    rd.opt.Returns == ReturnsIgnore,
		attrs:     rd.attrs,
		keep:      rd.opt.KeepMemory,
		files:     rd.overlaps,
		fileShift: rd.fileShift,
		noID:      append([]bool{false}, rd.noID...), // by file number, from 1
		refunds:   st.refunds,
	}, st)
	st.refunds = nil
	owners := rd.g.owners
	rd.g = nil
	if rd.overlaps {
		if err := twoStores(owners, rd.fileNames, h.Customers); err != nil {
			return nil, err
		}
	}
	if err := st.settle(); err != nil {
		return nil, err
	}
	h.Stats = *st
	for _, s := range slices.Sorted(maps.Keys(st.UnknownStatuses)) {
		rows := "%d rows have"
		if st.UnknownStatuses[s] == 1 {
			rows = "%d row has"
		}
		if rd.opt.Words != nil {
			rows = rd.opt.Words(rows)
		}
		rows = fmt.Sprintf(rows, st.UnknownStatuses[s])
		rd.logf("%s the status %q, which the platform's statuses do not list: read as purchases (give --cancelled to list what is not a purchase)", rows, s)
	}
	if rd.lines != nil {
		rd.lines.index()
		h.lines = rd.lines
	}
	return h, nil
}

// trimField drops surrounding blanks (and the non-breaking spaces of
// spreadsheet exports).
func trimField(b []byte) []byte {
	if len(b) == 0 || b[0] > ' ' && b[0] != 0xc2 && b[len(b)-1] > ' ' && b[len(b)-1] != 0xa0 {
		return b // nothing to trim: the common case
	}
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	if bytes.HasPrefix(b, []byte("\u00a0")) || bytes.HasSuffix(b, []byte("\u00a0")) {
		b = bytes.Trim(b, " \t\u00a0")
	}
	return b
}

// normCustomer writes an integer id that went through a float column
// ("17850.0") as the integer.
func normCustomer(id []byte) []byte {
	dot := bytes.IndexByte(id, '.')
	if dot <= 0 {
		return id
	}
	for _, c := range id[dot+1:] {
		if c != '0' {
			return id
		}
	}
	for i, c := range id[:dot] {
		if (c < '0' || c > '9') && !(i == 0 && c == '-') {
			return id
		}
	}
	return id[:dot]
}

// amountBlank reports a row whose amount column is empty (text input; a
// typed amount is never blank here): in an export with order-level fields on
// an order's first line only, a further line of the order.
func (fr *fileReader) amountBlank(f [][]byte) bool {
	i := fr.m.Index[ColAmount]
	return i >= 0 && !fr.typed.hasAmount && len(trimField(f[i])) == 0
}

// isCancelPrefixed reports an order id of UCI's cancellation form: "C"
// followed by a digit.
func isCancelPrefixed(id []byte) bool {
	return len(id) > 1 && (id[0] == 'C' || id[0] == 'c') && id[1] >= '0' && id[1] <= '9'
}

// normStatus lower-cases a status and drops WooCommerce's "wc-" prefix.
func normStatus(s []byte) string {
	t := strings.ToLower(strings.TrimSpace(string(s)))
	t = strings.TrimPrefix(t, "wc-")
	return strings.ReplaceAll(t, " ", "")
}
