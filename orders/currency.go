package orders

import (
	"fmt"
	"slices"
	"strings"

	"lifecycle/money"
	"lifecycle/msg"
)

// Currencies. Amounts in different currencies are never added. A row's
// currency is its currency column's value (the currency attribute:
// Currency, order_currency, Order Currency Code, 币种...; an ISO 4217 code,
// upper-cased), or else what its amount's text names (money.Currency:
// "GBP 5" and "€20.00" name GBP and EUR; "$10.00" and "¥100" name only the
// symbol "$" or "¥", which several currencies use). A row naming none (a
// plain number, an empty currency cell) is taken to be in the read's
// currency.
//
// Without Options.Currency a read whose rows name more than one currency
// fails, naming them with their row counts: "$" and "USD" are two there,
// since "$" alone cannot say it is USD. With Options.Currency = CODE the
// rows naming CODE, or a symbol CODE uses ("$" for USD or CAD, "¥" for CNY
// or JPY), are read, and the others skipped as OtherCurrency, their amounts
// counted in Stats.SkippedValue so that totals still reconcile.
// Stats.Currency names the read's currency for the outputs: CODE, or the
// one currency (or shared symbol) the rows named.
//
// With Options.FX (--fx FILE --currency CODE) every row's amount is converted to
// the rates table's target currency at the rate of the order's day (see
// package fx) as it is read: a row must name its currency by an ISO code
// (a currency column, or a code or unshared symbol in the amount; a
// further line of an order takes the order's), and an order whose
// currency has no rate for its day stops the read. Each conversion is
// counted in Stats.Conversions, per currency: the rows, the amounts as
// written and as converted; Stats.Total and every figure after it are in
// the target currency. The amounts of skipped rows (Stats.SkippedValue,
// NoCustomerValue) are as written, unconverted: a skipped row may have no
// date or currency to convert by.

// CurrencyRows is a currency named by the rows and how many rows did.
type CurrencyRows struct {
	Code string
	Rows int64
}

// ErrCurrencies is wrapped by the error of a read whose rows are in several
// currencies.
var ErrCurrencies = msg.Errorf("amounts in several currencies")

// currencyColumn returns 1 + the file's currency column, or 0.
func currencyColumn(m *Mapping) int {
	if m.Header == nil {
		return 0
	}
	return 1 + attributeNamed("currency").find(func(name string) int {
		for i, h := range m.Header {
			if normName(h) == name && m.roleOf(i) < 0 {
				return i
			}
		}
		return -1
	})
}

// mayNameCurrency reports whether an amount's text may name a currency: it
// does not start and end with a digit (a cheap test for the common case).
func mayNameCurrency(v []byte) bool {
	return len(v) > 0 && (v[0]-'0' > 9 || v[len(v)-1]-'0' > 9)
}

// currency settles a row's currency and counts it, returning it ("" for
// none), or returns the error that skips the row when it is not
// Options.Currency.
func (fr *fileReader) currency(f [][]byte, line int, amountText []byte) (string, *RowError) {
	var cur string
	col := -1
	if i := fr.curCol - 1; i >= 0 && i < len(f) {
		if v := trimField(f[i]); len(v) > 0 {
			cur, col = strings.ToUpper(string(v)), i
			if cur == "RMB" {
				cur = "CNY"
			}
		}
	}
	if cur == "" && len(amountText) > 0 {
		cur = money.Currency(amountText)
	}
	if cur == "" {
		return "", nil
	}
	if want := fr.rd.opt.Currency; want != "" && !money.SymbolMayBe(cur, want) {
		if col >= 0 { // the whole row is in another currency
			return cur, &RowError{File: fr.name, Line: line, Reason: OtherCurrency,
				Err: msg.Errorf("currency %s (column %d), not --currency %s", cur, col+1, want)}
		}
		return cur, fr.bad(line, ColAmount, amountText, OtherCurrency, msg.Errorf("currency %s, not --currency %s", cur, want))
	}
	fr.stats.addCurrency(cur, 1)
	return cur, nil
}

// Conversion counts the amounts converted from one currency (--fx).
type Conversion struct {
	Code string
	Rows int64
	// From is the sum of the amounts as written, in Code; To the sum of
	// the converted amounts, in the target currency.
	From, To money.Amount
}

// convert converts a row's amount and the refund on it (see
// fileReader.refunded) in currency cur, at its time t, to Options.FX's
// target currency, counting them; a row naming no currency, or one whose
// currency has no rate for its day, is an error that stops the read.
func (fr *fileReader) convert(cur string, t int64, dated bool, line int, amount, refund *money.Amount) error {
	fx := fr.rd.opt.FX
	at := func() string {
		if fr.sheet != "" {
			return fr.name + ":" + cellName(fr.sheet, 0, line)
		}
		return fmt.Sprintf("%s:%d", fr.name, line)
	}
	rate := money.One
	switch {
	case cur == "":
		return msg.Errorf("%s: the amount names no currency: --fx converts each row by its currency (a currency column, or a code or symbol in the amount)", at())
	case money.IsShared(cur):
		return msg.Errorf("%s: the amount names %s, which several currencies write: --fx needs the ISO code (a currency column, or USD 10.00 for $10.00)", at(), cur)
	case cur == fx.To:
	case !dated:
		return msg.Errorf("%s: an amount in %s with no date to convert it at", at(), cur)
	default:
		day := fr.zone.Day(t)
		if !fr.fxOK || fr.fxCode != cur || fr.fxDay != day {
			r, err := fx.Rate(cur, day)
			if err != nil {
				return fmt.Errorf("%s: %w", at(), err)
			}
			fr.fxCode, fr.fxDay, fr.fxRate, fr.fxOK = cur, day, r, true
		}
		rate = fr.fxRate
	}
	a, ok1 := rate.Convert(*amount)
	r, ok2 := rate.Convert(*refund)
	if !ok1 || !ok2 {
		return msg.Errorf("%s: %s %s at %s is beyond the most an amount can hold (%w)", at(), *amount, cur, rate, money.ErrRange)
	}
	// What the row adds to Stats.Total: its amount less the refund (a
	// return of its own), as written and converted.
	cs := &fr.stats.Conversions
	i := slices.IndexFunc(*cs, func(c Conversion) bool { return c.Code == cur })
	if i < 0 {
		*cs = append(*cs, Conversion{Code: cur})
		i = len(*cs) - 1
	}
	c := &(*cs)[i]
	c.Rows++
	c.From += *amount - *refund
	c.To += a - r
	*amount, *refund = a, r
	return nil
}

// addConversions adds o's conversions to s's.
func (s *Stats) addConversions(o []Conversion) {
	for _, c := range o {
		i := slices.IndexFunc(s.Conversions, func(d Conversion) bool { return d.Code == c.Code })
		if i < 0 {
			s.Conversions = append(s.Conversions, c)
			continue
		}
		d := &s.Conversions[i]
		d.Rows += c.Rows
		d.From += c.From
		d.To += c.To
	}
}

// addCurrency counts n rows in currency code.
func (s *Stats) addCurrency(code string, n int64) {
	for i := range s.Currencies {
		if s.Currencies[i].Code == code {
			s.Currencies[i].Rows += n
			return
		}
	}
	s.Currencies = append(s.Currencies, CurrencyRows{Code: code, Rows: n})
}

// settleCurrency sets Stats.Currency, or fails on rows in several
// currencies without Options.Currency.
func (rd *reader) settleCurrency() error {
	st := &rd.stats
	if rd.opt.FX != nil {
		st.Currency = rd.opt.FX.To // every amount converted to it
		return nil
	}
	if c := rd.opt.Currency; c != "" {
		st.Currency = c
		return nil
	}
	switch len(st.Currencies) {
	case 0:
		return nil
	case 1:
		st.Currency = st.Currencies[0].Code
		return nil
	}
	parts := make([]any, len(st.Currencies))
	for i, c := range st.Currencies {
		parts[i] = msg.Errorf("%s %d rows", c.Code, c.Rows)
		if c.Rows == 1 {
			parts[i] = msg.Errorf("%s %d row", c.Code, c.Rows)
		}
	}
	list := msg.Errorf(strings.Repeat("%v, ", len(parts)-1)+"%v", parts...)
	return msg.Errorf("%w, never added together: %v; give --currency CODE to read one currency (the other rows are skipped and counted)",
		ErrCurrencies, list)
}
