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
// or JPY), are read, and the others skipped as OtherCurrency. Their
// amounts are in no total, which are all in CODE: they are counted apart,
// per currency, in Stats.Unconverted (and the totals reconcile without
// them), as are those of the rows skipped for another reason that name
// another currency.
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
// the target currency. A row's cost (see cost.go) converts at its amount's
// rate, so that revenue less cost is its margin in the target currency
// too; Conversions count the costs converted beside the amounts.
//
// A skipped row's amount (and cost) converts as a kept row's would, by the
// currency its row names and at its date's rate, and is counted in
// Conversions and in the skipped values as ever. One that cannot be (no
// date that parses, no ISO code, no rate for its day: a skipped row stops
// nothing) is left out of every sum, Stats.Total too, and counted apart in
// Stats.Unconverted, per currency as written: every total the read states
// is in the target currency, and reconciles.

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
	cur, col := fr.columnCurrency(f)
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

// columnCurrency returns the currency the row's currency column names,
// upper-cased, and the column; "" and -1 for none.
func (fr *fileReader) columnCurrency(f [][]byte) (string, int) {
	i := fr.curCol - 1
	if i < 0 || i >= len(f) {
		return "", -1
	}
	v := trimField(f[i])
	if len(v) == 0 {
		return "", -1
	}
	cur := strings.ToUpper(string(v))
	if cur == "RMB" {
		cur = "CNY"
	}
	return cur, i
}

// Conversion counts the amounts converted from one currency (--fx), or
// in Stats.Unconverted those left in it (To and CostTo zero).
type Conversion struct {
	Code string
	Rows int64
	// From is the sum of the amounts as written, in Code; To the sum of
	// the converted amounts, in the target currency.
	From, To money.Amount
	// CostFrom and CostTo are the same of the rows' costs, in a read with a
	// cost column.
	CostFrom, CostTo money.Amount
}

// rate returns the rate at which --fx converts an amount in currency cur
// of a row at time t (dated false: the row has no date), or the error
// that stops the read: a row naming no currency, or one whose currency
// has no rate for its day.
func (fr *fileReader) rate(cur string, t int64, dated bool, line int) (money.Rate, error) {
	fx := fr.rd.opt.FX
	switch {
	case cur == "":
		return money.Rate{}, msg.Errorf("%s: the amount names no currency: --fx converts each row by its currency (a currency column, or a code or symbol in the amount)", fr.at(line))
	case money.IsShared(cur):
		return money.Rate{}, msg.Errorf("%s: the amount names %s, which several currencies write: --fx needs the ISO code (a currency column, or USD 10.00 for $10.00)", fr.at(line), cur)
	case cur == fx.To:
		return money.One, nil
	case !dated:
		return money.Rate{}, msg.Errorf("%s: an amount in %s with no date to convert it at", fr.at(line), cur)
	}
	day := fr.zone.Day(t)
	if !fr.fxOK || fr.fxCode != cur || fr.fxDay != day {
		r, err := fx.Rate(cur, day)
		if err != nil {
			return money.Rate{}, fmt.Errorf("%s: %w", fr.at(line), err)
		}
		fr.fxCode, fr.fxDay, fr.fxRate, fr.fxOK = cur, day, r, true
	}
	return fr.fxRate, nil
}

// at is a row's position for an error that stops the read.
func (fr *fileReader) at(line int) string {
	if fr.sheet != "" {
		return fr.name + ":" + cellName(fr.sheet, 0, line)
	}
	return fmt.Sprintf("%s:%d", fr.name, line)
}

// rowFX is the conversion of the row being read (--fx): its rate and what
// it converted (c, in its currency c.Code), counted in Stats.Conversions once the row
// is read (a row skipped on the way is converted as a skipped row).
type rowFX struct {
	rate money.Rate
	c    Conversion
}

// convert converts a row's amount and the refund on it (see
// fileReader.refunded) in currency cur, at rate, to Options.FX's target
// currency, into x.
func (fr *fileReader) convert(cur string, rate money.Rate, line int, amount, refund *money.Amount, x *rowFX) error {
	a, ok1 := rate.Convert(*amount)
	r, ok2 := rate.Convert(*refund)
	if !ok1 || !ok2 {
		return msg.Errorf("%s: %s %s at %s is beyond the most an amount can hold (%w)", fr.at(line), *amount, cur, rate, money.ErrRange)
	}
	// What the row adds to Stats.Total: its amount less the refund (a
	// return of its own), as written and converted.
	*x = rowFX{rate: rate, c: Conversion{Code: cur, Rows: 1, From: *amount - *refund, To: a - r}}
	*amount, *refund = a, r
	return nil
}

// cost converts a row's cost c at the row's rate, counting it; false if
// the converted cost is beyond an Amount.
func (x *rowFX) cost(c money.Amount) (money.Amount, bool) {
	to, ok := x.rate.Convert(c)
	if ok {
		x.c.CostFrom += c
		x.c.CostTo += to
	}
	return to, ok
}

// convertSkipped converts the amount a and cost c of a skipped row (see
// above), counting them in Stats.Conversions, or counts them in
// Stats.Unconverted and returns false.
func (fr *fileReader) convertSkipped(f [][]byte, a, c money.Amount) (money.Amount, money.Amount, bool) {
	cur := fr.skippedCurrency(f)
	rate, ok := money.One, cur != "" && !money.IsShared(cur)
	if ok && cur != fr.rd.opt.FX.To {
		var t int64
		if t, ok = fr.skippedTime(f); ok {
			var err error
			rate, err = fr.rd.opt.FX.Rate(cur, fr.zone.Day(t))
			ok = err == nil
		}
	}
	var x rowFX
	if ok {
		x.rate = rate
		a2, ok1 := rate.Convert(a)
		_, ok2 := x.cost(c)
		ok = ok1 && ok2
		x.c.Code, x.c.Rows, x.c.From, x.c.To = cur, 1, a, a2
	}
	if !ok {
		fr.stats.addApart(cur, a, c)
		return 0, 0, false
	}
	fr.stats.Conversions = addConversion(fr.stats.Conversions, x.c)
	return x.c.To, x.c.CostTo, true
}

// addApart counts a skipped row's amount a and cost c in currency cur,
// which is not the read's, in Stats.Unconverted: in no sum.
func (s *Stats) addApart(cur string, a, c money.Amount) {
	s.Unconverted = addConversion(s.Unconverted, Conversion{Code: cur, Rows: 1, From: a, CostFrom: c})
}

// skippedCurrency is the currency a skipped row names (its currency
// column, or its amount's text), "" for none.
func (fr *fileReader) skippedCurrency(f [][]byte) string {
	if cur, _ := fr.columnCurrency(f); cur != "" {
		return cur
	}
	i := fr.m.Index[ColAmount]
	if i < 0 {
		i = fr.m.Index[ColPrice]
	}
	if i < 0 || i >= len(f) {
		return ""
	}
	return money.Currency(trimField(f[i]))
}

// skippedIn sums the skipped rows that name one currency (code), without
// a customer or skipped for another reason, in a read whose currency is
// settled at the end (no Options.Currency, no FX): their value (amount,
// less cost with Margin), amount and cost, added to the read's sums once
// the currency is known when it is the read's, given apart in
// Stats.Unconverted otherwise.
type skippedIn struct {
	code                string
	noCustomer          bool
	rows                int64
	value, amount, cost money.Sum
	costed              bool
}

// skippedNamed returns the sums of the skipped rows in currency code.
func (s *Stats) skippedNamed(code string, noCustomer bool) *skippedIn {
	for i := range s.named {
		if n := &s.named[i]; n.code == code && n.noCustomer == noCustomer {
			return n
		}
	}
	s.named = append(s.named, skippedIn{code: code, noCustomer: noCustomer})
	return &s.named[len(s.named)-1]
}

// addSkipped adds a skipped row's amount a and cost c to the sums of the
// skipped rows: to named's, when it names its currency in a read whose
// currency is settled at the end, to the read's otherwise.
func (fr *fileReader) addSkipped(named *skippedIn, noCustomer bool, a, c money.Amount) {
	s, costed := fr.stats, fr.m.Index[ColCost] >= 0
	value, amount, cost := &s.skippedValue, &s.revenue, &s.cost
	if noCustomer {
		value = &s.noCustomerValue
	}
	if named != nil {
		named.rows++
		named.costed = named.costed || costed
		value, amount, cost = &named.value, &named.amount, &named.cost
	}
	value.Add(a)
	if !costed {
		return
	}
	cost.Add(c)
	if fr.rd.opt.Margin {
		amount.Add(a)
		value.Add(-c) // the value is a - c, added in two parts: exact
	}
}

// settleSkipped adds the sums of the skipped rows that name the read's
// currency to the read's, and gives those that name another apart, in
// Stats.Unconverted. A read whose rows name no currency takes them all:
// a row naming none is in the read's currency, which may be any.
func (s *Stats) settleSkipped() error {
	defer func() { s.named = nil }()
	for _, n := range s.named {
		if s.Currency == "" || n.code == s.Currency {
			value := &s.skippedValue
			if n.noCustomer {
				value = &s.noCustomerValue
			}
			value.AddSum(n.value)
			if n.costed {
				s.cost.AddSum(n.cost)
				if s.Margin {
					s.revenue.AddSum(n.amount)
				}
			}
			continue
		}
		amount := n.value // the amounts, without Margin
		if s.Margin {
			amount = n.amount
		}
		a, err1 := amount.Total()
		c, err2 := n.cost.Total()
		if err1 != nil || err2 != nil {
			return msg.Errorf("the sum of the amounts or costs of the skipped rows in %s is beyond ±9,223,372,036,854.775807, the most an amount can hold (%w)", n.code, money.ErrRange)
		}
		s.Unconverted = addConversion(s.Unconverted, Conversion{Code: n.code, Rows: n.rows, From: a, CostFrom: c})
	}
	return nil
}

// addNamed adds o's sums of the skipped rows that name their currency to
// s's.
func (s *Stats) addNamed(o *Stats) {
	for _, m := range o.named {
		n := s.skippedNamed(m.code, m.noCustomer)
		n.rows += m.rows
		n.costed = n.costed || m.costed
		n.value.AddSum(m.value)
		n.amount.AddSum(m.amount)
		n.cost.AddSum(m.cost)
	}
}

// inOtherCurrency reports a skipped row that names another currency than
// Options.Currency: one skipped for another reason first (a guest's row,
// skipped for having no customer before its currency is read) is in
// another currency all the same.
func (fr *fileReader) inOtherCurrency(f [][]byte) bool {
	want := fr.rd.opt.Currency
	if want == "" {
		return false
	}
	cur := fr.skippedCurrency(f)
	return cur != "" && !money.SymbolMayBe(cur, want)
}

// skippedTime is the time of a skipped row, if its date parses.
func (fr *fileReader) skippedTime(f [][]byte) (int64, bool) {
	if fr.typed.hasTime {
		return fr.typed.time, true
	}
	i := fr.m.Index[ColDate]
	if i >= len(f) {
		return 0, false
	}
	zone, e := fr.rowZone(f, 0)
	if e != nil {
		return 0, false
	}
	t, err := fr.layout.Parse(fr.withTimeOfDay(f, trimField(f[i])), zone)
	return t, err == nil && t >= minRowTime && t <= maxRowTime
}

// addConversion adds c to the conversions cs, by its currency.
func addConversion(cs []Conversion, c Conversion) []Conversion {
	i := slices.IndexFunc(cs, func(d Conversion) bool { return d.Code == c.Code })
	if i < 0 {
		return append(cs, c)
	}
	d := &cs[i]
	d.Rows += c.Rows
	d.From += c.From
	d.To += c.To
	d.CostFrom += c.CostFrom
	d.CostTo += c.CostTo
	return cs
}

// addConversions adds o's conversions and unconverted amounts to s's.
func (s *Stats) addConversions(o *Stats) {
	for _, c := range o.Conversions {
		s.Conversions = addConversion(s.Conversions, c)
	}
	for _, c := range o.Unconverted {
		s.Unconverted = addConversion(s.Unconverted, c)
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
		return st.settleSkipped()
	case 1:
		st.Currency = st.Currencies[0].Code
		return st.settleSkipped()
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
