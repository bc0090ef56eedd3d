package orders

import (
	"errors"
	"fmt"
	"strings"

	"lifecycle/money"
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

// CurrencyRows is a currency named by the rows and how many rows did.
type CurrencyRows struct {
	Code string
	Rows int64
}

// ErrCurrencies is wrapped by the error of a read whose rows are in several
// currencies.
var ErrCurrencies = errors.New("amounts in several currencies")

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

// currency settles a row's currency and counts it, or returns the error
// that skips the row when it is not Options.Currency.
func (fr *fileReader) currency(f [][]byte, line int, amountText []byte) *RowError {
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
		return nil
	}
	if want := fr.rd.opt.Currency; want != "" && !money.SymbolMayBe(cur, want) {
		if col >= 0 { // the whole row is in another currency
			return &RowError{File: fr.name, Line: line, Reason: OtherCurrency,
				Err: fmt.Errorf("currency %s (column %d), not --currency %s", cur, col+1, want)}
		}
		return fr.bad(line, ColAmount, amountText, OtherCurrency, fmt.Errorf("currency %s, not --currency %s", cur, want))
	}
	fr.stats.addCurrency(cur, 1)
	return nil
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
	var parts []string
	for _, c := range st.Currencies {
		rows := "rows"
		if c.Rows == 1 {
			rows = "row"
		}
		parts = append(parts, fmt.Sprintf("%s %d %s", c.Code, c.Rows, rows))
	}
	return fmt.Errorf("%w, never added together: %s; give --currency CODE to read one currency (the other rows are skipped and counted)",
		ErrCurrencies, strings.Join(parts, ", "))
}
