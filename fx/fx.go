// Package fx reads a file of exchange rates and converts amounts at an
// order's day (lifecycle's --fx FILE --currency CODE).
//
// A rates file is delimited text (comma, semicolon or tab: the header's
// says which) whose header names three columns, in any order, of any case:
//
//	date,currency,rate
//	2024-03-01,USD,0.9221
//	2024-03-01,GBP,1.1702
//
// date is a day, YYYY-MM-DD. currency is an ISO 4217 code. rate is how
// many units of the target currency (--currency) one unit of currency buys:
// an amount in currency is amount x rate in the target. (The European
// Central Bank writes its reference rates the other way, 1 EUR = 1.0854
// USD: with --currency EUR, the rate of USD is 1 / 1.0854.) Other columns are
// ignored; blank lines are skipped. The target converts at 1 and needs no
// row; a row for it must say 1. A (date, currency) given twice must give
// the same rate.
//
// An order converts at the rate of its day or, when that day has none (a
// weekend, a holiday), the latest rate before it, at most MaxGap days
// before. An order with no such rate is an error (MissingRateError): a
// rate is never guessed from later days or from further back.
package fx

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"lifecycle/dates"
	"lifecycle/money"
	"lifecycle/msg"
)

// MaxGap is how many days before an order its rate may be: enough for a
// weekend and a holiday or two, when markets publish no rate.
const MaxGap = 7

// Table holds the rates of one file, by currency and day.
type Table struct {
	To    string // the target currency
	File  string
	rates map[string][]dayRate // by currency, sorted by day
}

type dayRate struct {
	day  int32
	rate money.Rate
	line int
}

// Read reads a rates file (see the package comment) for converting to the
// currency to (an ISO code, upper case).
func Read(name string, r io.Reader, to string) (*Table, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3) // a spreadsheet's byte-order mark
	}
	first, _ := br.Peek(4096)
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	cr := csv.NewReader(br)
	switch {
	case bytes.Count(first, []byte{'\t'}) >= 2:
		cr.Comma = '\t'
	case bytes.Count(first, []byte{';'}) >= 2:
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, msg.Errorf("%s: empty: a rates file has a header date,currency,rate and a row per day and currency", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{"date": -1, "currency": -1, "rate": -1}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if j, ok := col[k]; ok {
			if j >= 0 {
				return nil, msg.Errorf("%s:1:%d: a second %s column (the first is column %d)", name, i+1, k, j+1)
			}
			col[k] = i
		}
	}
	for _, k := range []string{"date", "currency", "rate"} {
		if col[k] < 0 {
			return nil, msg.Errorf("%s:1: no %s column: a rates file's header names date, currency and rate (found %q)", name, k, strings.Join(header, ","))
		}
	}
	need := max(col["date"], col["currency"], col["rate"]) + 1
	t := &Table{To: to, File: name, rates: map[string][]dayRate{}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < need {
			return nil, msg.Errorf("%s:%d: %d fields, expected at least %d", name, line, len(rec), need)
		}
		at := func(k string) string { return strings.TrimSpace(rec[col[k]]) }
		pos := func(k string) string { return fmt.Sprintf("%s:%d:%d", name, line, col[k]+1) }
		day, err := dates.ParseDay(at("date"))
		if err != nil {
			return nil, msg.Errorf("%s: date %q: %v (use YYYY-MM-DD)", pos("date"), at("date"), err)
		}
		code := strings.ToUpper(at("currency"))
		if len(code) != 3 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return nil, msg.Errorf("%s: currency %q: expected an ISO 4217 code of three letters, such as USD", pos("currency"), at("currency"))
		}
		rate, err := money.ParseRate(at("rate"))
		if err != nil {
			return nil, msg.Errorf("%s: rate %q: %w", pos("rate"), at("rate"), err)
		}
		if code == to {
			if rate != money.One {
				return nil, msg.Errorf("%s: rate %q: %s is the target currency (--currency), whose rate is 1: are the rates the other way round (units of the currency per %s)?", pos("rate"), at("rate"), to, to)
			}
			continue
		}
		t.rates[code] = append(t.rates[code], dayRate{day, rate, line})
	}
	for code, rs := range t.rates {
		slices.SortStableFunc(rs, func(a, b dayRate) int { return int(a.day) - int(b.day) })
		out := rs[:1]
		for _, r := range rs[1:] {
			p := out[len(out)-1]
			if r.day != p.day {
				out = append(out, r)
				continue
			}
			if r.rate != p.rate {
				return nil, msg.Errorf("%s:%d: %s on %s: rate %s, but line %d says %s", name, max(p.line, r.line), code, dates.DayString(r.day), r.rate, min(p.line, r.line), p.rate)
			}
		}
		t.rates[code] = out
	}
	return t, nil
}

// Currencies returns the currencies the table has rates for, sorted.
func (t *Table) Currencies() []string {
	var cs []string
	for c := range t.rates {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	return cs
}

// ErrMissingRate is wrapped by MissingRateError.
var ErrMissingRate = msg.Errorf("no exchange rate")

// MissingRateError is an order whose currency has no rate on its day nor
// in the MaxGap days before.
type MissingRateError struct {
	File     string
	Currency string
	Day      int32
	// Before and After are the days of the nearest rates around Day, or
	// HasBefore/HasAfter false.
	Before, After       int32
	HasBefore, HasAfter bool
}

func (e *MissingRateError) Error() string { return e.Words().Error() }

// Words is the error worded.
func (e *MissingRateError) Words() *msg.Error {
	var near error
	switch {
	case e.HasBefore && e.HasAfter:
		near = msg.Errorf("; its rates nearest are on %s and %s", dates.DayString(e.Before), dates.DayString(e.After))
	case e.HasBefore:
		near = msg.Errorf("; its last rate is on %s", dates.DayString(e.Before))
	case e.HasAfter:
		near = msg.Errorf("; its first rate is on %s", dates.DayString(e.After))
	default:
		near = msg.Errorf("; it has no rates at all")
	}
	return msg.Of(msg.Errorf("%s: %v for %s on %s nor in the %d days before%v", e.File, ErrMissingRate, e.Currency, dates.DayString(e.Day), MaxGap, near))
}

func (e *MissingRateError) Unwrap() error { return ErrMissingRate }

// Rate returns the rate of code on day: the target's is 1; another's is
// that of the day, or of the latest day before it within MaxGap days.
func (t *Table) Rate(code string, day int32) (money.Rate, error) {
	if code == t.To {
		return money.One, nil
	}
	rs := t.rates[code]
	// The first rate after day.
	i, _ := slices.BinarySearchFunc(rs, day+1, func(r dayRate, d int32) int { return int(r.day) - int(d) })
	if i > 0 && day-rs[i-1].day <= MaxGap {
		return rs[i-1].rate, nil
	}
	e := &MissingRateError{File: t.File, Currency: code, Day: day}
	if i > 0 {
		e.Before, e.HasBefore = rs[i-1].day, true
	}
	if i < len(rs) {
		e.After, e.HasAfter = rs[i].day, true
	}
	return money.Rate{}, e
}
