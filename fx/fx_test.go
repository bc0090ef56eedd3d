package fx

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lifecycle/dates"
	"lifecycle/money"
)

func day(s string) int32 {
	d, err := dates.ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

func amount(s string) money.Amount {
	a, err := money.ParseString(s, money.Options{})
	if err != nil {
		panic(err)
	}
	return a
}

const rates = "\ufeffDate;Currency;Rate;source\n" +
	"2024-03-01;USD;0.9221;ecb\n" +
	"2024-03-04;USD;0.9250;ecb\n" +
	"2024-03-01;gbp;1.1702;ecb\n" +
	"2024-03-01;JPY;0.0061234;ecb\n" +
	"2024-03-01;USD;0.9221;again, the same\n" +
	"2024-03-01;EUR;1;\n" +
	"\n"

func TestRate(t *testing.T) {
	tb, err := Read("r.csv", strings.NewReader(rates), "EUR")
	require.NoError(t, err)
	assert.Equal(t, []string{"GBP", "JPY", "USD"}, tb.Currencies())
	for _, c := range []struct {
		code, day, amount, want string
	}{
		{"USD", "2024-03-01", "100.00", "92.21"},
		{"USD", "2024-03-02", "100.00", "92.21"}, // Saturday: Friday's rate
		{"USD", "2024-03-04", "100.00", "92.50"},
		{"USD", "2024-03-11", "100.00", "92.50"}, // 7 days after the last rate
		{"GBP", "2024-03-05", "-10.00", "-11.702"},
		{"JPY", "2024-03-01", "1000", "6.1234"},
		{"JPY", "2024-03-01", "0.01", "0.000061"}, // 0.000061234, rounded to six decimals
		{"EUR", "1999-01-01", "12.34", "12.34"},
	} {
		r, err := tb.Rate(c.code, day(c.day))
		require.NoError(t, err, c)
		got, ok := r.Convert(amount(c.amount))
		require.True(t, ok)
		assert.Equal(t, amount(c.want), got, "%+v at %s", c, r)
	}
	for _, c := range []struct {
		code, day, want string
	}{
		{"USD", "2024-03-12", "no exchange rate for USD on 2024-03-12 nor in the 7 days before; its last rate is on 2024-03-04"},
		{"USD", "2024-02-29", "its first rate is on 2024-03-01"},
		{"CHF", "2024-03-01", "it has no rates at all"},
	} {
		_, err := tb.Rate(c.code, day(c.day))
		var me *MissingRateError
		require.True(t, errors.As(err, &me), c)
		assert.ErrorIs(t, err, ErrMissingRate)
		assert.Contains(t, err.Error(), c.want)
		assert.True(t, strings.HasPrefix(err.Error(), "r.csv: "))
	}
}

func TestReadErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"", "r.csv: empty"},
		{"day,currency,rate\n", "r.csv:1: no date column"},
		{"date,currency,rate\n2024-3-1,USD,1\n", `r.csv:2:1: date "2024-3-1"`},
		{"date,currency,rate\n2024-03-01,dollar,1\n", `r.csv:2:2: currency "dollar": expected an ISO 4217 code`},
		{"date,currency,rate\n2024-03-01,USD,-1\n", `r.csv:2:3: rate "-1": not a rate`},
		{"date,currency,rate\n2024-03-01,USD,0\n", `r.csv:2:3: rate "0": not a rate`},
		{"date,currency,rate\n2024-03-01,USD,1\n2024-03-01,USD,2\n", "r.csv:3: USD on 2024-03-01: rate 2, but line 2 says 1"},
		{"date,currency,rate\n2024-03-01,EUR,1.0854\n", "EUR is the target currency (--currency), whose rate is 1"},
		{"date,currency,rate\n2024-03-01,USD\n", "r.csv:2: 2 fields, expected at least 3"},
		{"date,currency,rate,date\n", "r.csv:1:4: a second date column"},
	} {
		_, err := Read("r.csv", strings.NewReader(c.text), "EUR")
		require.Error(t, err, c.text)
		assert.Contains(t, err.Error(), c.want, c.text)
	}
}

// FuzzRead reads any text as a rates file: it must not panic, and every
// rate it accepts converts an amount of 1 to the rate itself (to six
// decimals) and is found on its own day.
func FuzzRead(f *testing.F) {
	f.Add(rates)
	f.Add("date,currency,rate\n2024-03-01,USD,1.0854\n2024-03-01,USD,1.0854\n")
	f.Add("date\tcurrency\trate\n2024-03-01\tJPY\t0.000000000000000001\n")
	f.Add("rate,date,currency\n\"1,5\",2024-03-01,USD\n")
	f.Fuzz(func(t *testing.T, text string) {
		tb, err := Read("r", strings.NewReader(text), "EUR")
		if err != nil {
			return
		}
		for code, rs := range tb.rates {
			for i, r := range rs {
				if i > 0 && r.day <= rs[i-1].day {
					t.Fatalf("%s: days out of order", code)
				}
				got, err := tb.Rate(code, r.day)
				if err != nil || got != r.rate {
					t.Fatalf("%s on %d: %v %v, want %v", code, r.day, got, err, r.rate)
				}
				one, ok := r.rate.Convert(money.Scale)
				want, err := money.ParseString(r.rate.String(), money.Options{})
				if ok && err == nil && one != want.Round(6) {
					t.Fatalf("1 %s converts to %v at %v", code, one, r.rate)
				}
			}
		}
	})
}
