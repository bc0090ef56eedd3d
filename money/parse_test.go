package money

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// u builds an Amount from whole units and micro-units: u(12, 500_000) is 12.5.
func u(units, micro int64) Amount {
	if units < 0 {
		return Amount(units*Scale - micro)
	}
	return Amount(units*Scale + micro)
}

func TestParseAccepted(t *testing.T) {
	dot, comma := Options{}, Options{DecimalComma: true}
	tests := []struct {
		in   string
		opt  Options
		want Amount
	}{
		// Plain decimals.
		{"0", dot, 0},
		{"12.34", dot, u(12, 340_000)},
		{"1234.56", dot, u(1234, 560_000)},
		{"-5", dot, u(-5, 0)},
		{"+5", dot, u(5, 0)},
		{"-0", dot, 0},
		{".5", dot, u(0, 500_000)},
		{"-.5", dot, u(0, -500_000)},
		{"5.", dot, u(5, 0)},
		{"007.50", dot, u(7, 500_000)},
		{"0.000001", dot, 1},
		{"000000000000000000000001", dot, u(1, 0)},
		{"9223372036854.775807", dot, MaxAmount},
		// Scientific notation (R, pandas), exact, then rounded half to even.
		{"1e5", dot, u(100000, 0)},
		{"1E5", dot, u(100000, 0)},
		{"1e+05", dot, u(100000, 0)},
		{"1.5e-3", dot, u(0, 1500)},
		{"-1.25e2", dot, u(-125, 0)},
		{"4.4e-16", dot, 0},
		{"1.5e-6", dot, 2},
		{"2.5e-6", dot, 2},
		{"2.5000001e-6", dot, 3},
		{"0.00012345e4", dot, u(1, 234_500)},
		{"123456789012345678e-10", dot, u(12345678, 901_235)},
		{"9.223372036854775807e12", dot, MaxAmount},
		{"1e-0", dot, u(1, 0)},
		{"0e999", dot, 0},
		{"1e-999", dot, 0},
		{"$1.2e3", dot, u(1200, 0)},
		{"1,5e3", comma, u(1500, 0)},
		{"5EUR", dot, u(5, 0)},
		// Full-width forms, as Chinese exports write them.
		{"１２．５０", dot, u(12, 500_000)},
		{"－１，２３４．５０", dot, u(-1234, 500_000)},
		{"￥１００", dot, u(100, 0)},
		{"１２，５０", comma, u(12, 500_000)},
		{"（１２．５０）", dot, u(-12, 500_000)},
		{"１２.５", dot, u(12, 500_000)},
		{"-9223372036854.775807", dot, -MaxAmount},
		{"9223372036854.7758065", dot, MaxAmount - 1}, // half to even, down
		{"9223372036854.77580649999", dot, MaxAmount - 1},

		// Rounding beyond six decimals, half to even on the digits.
		{"0.0000005", dot, 0},
		{"0.0000015", dot, 2},
		{"0.0000025", dot, 2},
		{"0.00000250000000000000000001", dot, 3},
		{"0.0000035", dot, 4},
		{"0.00000349999999", dot, 3},
		{"-0.0000005", dot, 0},
		{"-0.0000015", dot, -2},
		{"1.2345675", dot, u(1, 234_568)},
		{"1.2345665", dot, u(1, 234_566)},
		{"1.99999950", dot, u(2, 0)},
		{"0.1234560000000000000000", dot, u(0, 123_456)},

		// Thousands separators.
		{"1,234.56", dot, u(1234, 560_000)},
		{"1,234,567.89", dot, u(1234567, 890_000)},
		{"-1,234", dot, u(-1234, 0)},
		{"1,234.", dot, u(1234, 0)},
		{"1'234.56", dot, u(1234, 560_000)},
		{"1’234’567.5", dot, u(1234567, 500_000)},
		{"1 234.56", dot, u(1234, 560_000)},
		{"1\u00a0234.56", dot, u(1234, 560_000)},
		{"1\u2009234\u2009567", dot, u(1234567, 0)},
		{"1\u202f234.5", dot, u(1234, 500_000)},
		{"12,34,567.00", dot, u(1234567, 0)}, // Indian grouping
		{"1,00,00,000", dot, u(10000000, 0)},
		{"999,999", dot, u(999999, 0)},

		// Negatives.
		{"-12.50", dot, u(-12, 500_000)},
		{"12.50-", dot, u(-12, 500_000)},
		{"12.50 -", dot, u(-12, 500_000)},
		{"(12.50)", dot, u(-12, 500_000)},
		{"( 12.50 )", dot, u(-12, 500_000)},
		{"- 12.50", dot, u(-12, 500_000)},
		{"(0.00)", dot, 0},
		{"\u221212.50", dot, u(-12, 500_000)}, // U+2212 minus sign
		{"12.50\u2212", dot, u(-12, 500_000)},
		{"\u2212 1 234,50 kr", comma, u(-1234, 500_000)},

		// Currency symbols and codes.
		{"$12.50", dot, u(12, 500_000)},
		{"$ 12.50", dot, u(12, 500_000)},
		{"12.50 €", dot, u(12, 500_000)},
		{"12.50€", dot, u(12, 500_000)},
		{"€12.50", dot, u(12, 500_000)},
		{"£1,000", dot, u(1000, 0)},
		{"¥1,000", dot, u(1000, 0)},
		{"￥1000", dot, u(1000, 0)},
		{"₩50,000", dot, u(50000, 0)},
		{"₹1,23,456.50", dot, u(123456, 500_000)},
		{"USD 12.50", dot, u(12, 500_000)},
		{"usd12.50", dot, u(12, 500_000)},
		{"12.50USD", dot, u(12, 500_000)},
		{"12.50 EUR", dot, u(12, 500_000)},
		{"GBP12", dot, u(12, 0)},
		{"CNY 99.9", dot, u(99, 900_000)},
		{"RMB 99.9", dot, u(99, 900_000)},
		{"JPY 1000", dot, u(1000, 0)},
		{"99.9元", dot, u(99, 900_000)},
		{"1000円", dot, u(1000, 0)},
		{"R$ 5", dot, u(5, 0)},
		{"US$1,000", dot, u(1000, 0)},
		{"HK$ 1,000.00", dot, u(1000, 0)},
		{"Rs.500", dot, u(500, 0)},
		{"Rs. 1,500.75", dot, u(1500, 750_000)},
		{"500 Rs.", dot, u(500, 0)},
		{"CHF 1'234.50", dot, u(1234, 500_000)},
		{"Fr. 5.50", dot, u(5, 500_000)},
		{"S/. 10.00", dot, u(10, 0)},
		{"-$12.50", dot, u(-12, 500_000)},
		{"$-12.50", dot, u(-12, 500_000)},
		{"($12.50)", dot, u(-12, 500_000)},
		{"$(12.50)", dot, u(-12, 500_000)},
		{"(12.50 USD)", dot, u(-12, 500_000)},
		{"(12.50) USD", dot, u(-12, 500_000)},
		{"$12.50 USD", dot, u(12, 500_000)},
		{"12.50 USD-", dot, u(-12, 500_000)},
		{"$.5", dot, u(0, 500_000)},

		// Surrounding whitespace.
		{"  12.50  ", dot, u(12, 500_000)},
		{"\t12.50\r\n", dot, u(12, 500_000)},
		{"\u00a012.50\u00a0", dot, u(12, 500_000)},
		{"\u300012.50\u3000", dot, u(12, 500_000)},

		// Decimal comma.
		{"12,50", comma, u(12, 500_000)},
		{"-12,50", comma, u(-12, 500_000)},
		{"12,50-", comma, u(-12, 500_000)},
		{"1.234,56", comma, u(1234, 560_000)},
		{"1.234.567,89", comma, u(1234567, 890_000)},
		{"1.234", comma, u(1234, 0)},
		{"1 234,56", comma, u(1234, 560_000)},
		{"1\u00a0234,56", comma, u(1234, 560_000)},
		{"1\u202f234,56", comma, u(1234, 560_000)},
		{"1'234,56", comma, u(1234, 560_000)},
		{",5", comma, u(0, 500_000)},
		{"5,", comma, u(5, 0)},
		{"12,50 €", comma, u(12, 500_000)},
		{"€ 1.234.567,89", comma, u(1234567, 890_000)},
		{"(1.234,56 €)", comma, u(-1234, 560_000)},
		{"R$ 1.234,56", comma, u(1234, 560_000)},
		{"1 234,56 zł", comma, u(1234, 560_000)},
		{"12,50 kr.", comma, u(12, 500_000)},
		{"kr. 12,50", comma, u(12, 500_000)},
		{"0,0000005", comma, 0},
		{"0,0000015", comma, 2},
		{"1234,56", comma, u(1234, 560_000)},
	}
	for _, tt := range tests {
		name := tt.in
		if tt.opt.DecimalComma {
			name = "comma/" + name
		}
		t.Run(name, func(t *testing.T) {
			got, err := ParseString(tt.in, tt.opt)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, "got %s", got)
			got, err = Parse([]byte(tt.in), tt.opt)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, "Parse([]byte) got %s", got)
		})
	}
}

func TestParseRejected(t *testing.T) {
	dot, comma := Options{}, Options{DecimalComma: true}
	const (
		useComma  = "misplaced thousands separator (use --decimal-comma for 12,50)"
		dropComma = "misplaced thousands separator (drop --decimal-comma for 12.50)"
		sep       = "misplaced thousands separator"
		nan       = "not a number"
		large     = "too large"
		empty     = "empty"
	)
	tests := []struct {
		in   string
		opt  Options
		want error
		msg  string
	}{
		{"", dot, ErrEmpty, empty},
		{"   ", dot, ErrEmpty, empty},
		{"\t\u00a0\u2009", comma, ErrEmpty, empty},

		{"abc", dot, ErrSyntax, nan},
		{"1,000e3", dot, ErrSyntax, nan},
		{"1e", dot, ErrSyntax, nan},
		{"1e+", dot, ErrSyntax, nan},
		{"e5", dot, ErrSyntax, nan},
		{"1e5e5", dot, ErrSyntax, nan},
		{"1e13", dot, ErrRange, "too large"},
		{"1e99999999999", dot, ErrRange, "too large"},
		{"１ｅ１３", dot, ErrRange, "too large"},
		{"１２ａ", dot, ErrSyntax, nan},
		{"NaN", dot, ErrSyntax, nan},
		{"Inf", dot, ErrSyntax, nan},
		{"-Inf", dot, ErrSyntax, nan},
		{"0x10", dot, ErrSyntax, nan},
		{"1_000", dot, ErrSyntax, nan},
		{"١٢٣", dot, ErrSyntax, nan},
		{"-", dot, ErrSyntax, nan},
		{"+", dot, ErrSyntax, nan},
		{".", dot, ErrSyntax, nan},
		{"-.", dot, ErrSyntax, nan},
		{"$", dot, ErrSyntax, nan},
		{"USD", dot, ErrSyntax, nan},
		{"()", dot, ErrSyntax, nan},
		{"(12.50", dot, ErrSyntax, nan},
		{"12.50)", dot, ErrSyntax, nan},
		{"(12.50))", dot, ErrSyntax, nan},
		{"--5", dot, ErrSyntax, nan},
		{"+-5", dot, ErrSyntax, nan},
		{"-(5)", dot, ErrSyntax, nan},
		{"(-5)", dot, ErrSyntax, nan},
		{"-5-", dot, ErrSyntax, nan},
		{"+5-", dot, ErrSyntax, nan},
		{"5--", dot, ErrSyntax, nan},
		{"\u2212-5", dot, ErrSyntax, nan},
		{"\u22125\u2212", dot, ErrSyntax, nan},
		{"\u2013 5", dot, ErrSyntax, nan}, // en dash
		{"5+", dot, ErrSyntax, nan},
		{"1.2.3", dot, ErrSyntax, nan},
		{"1..2", dot, ErrSyntax, nan},
		{"5.-", dot, ErrSyntax, nan},
		{"5. -", dot, ErrSyntax, nan},
		{"5,-", comma, ErrSyntax, nan},
		{",123", dot, ErrSyntax, nan},
		{"$$5", dot, ErrSyntax, nan},
		{"5$$", dot, ErrSyntax, nan},
		{"$5$€", dot, ErrSyntax, nan},
		{"USDT 5", dot, ErrSyntax, nan},
		{"5 EURO", dot, ErrSyntax, nan},
		{"XYZ 5", dot, ErrSyntax, nan},
		{"5 apples", dot, ErrSyntax, nan},
		{"12 34abc", dot, ErrSeparator, sep},
		{"1\t234", dot, ErrSyntax, nan},
		{"1.234 567", dot, ErrSyntax, nan},
		{"1,2,3", comma, ErrSyntax, nan},
		{"1 2", dot, ErrSeparator, sep},

		{"1,23", dot, ErrSeparator, useComma},
		{"12,50", dot, ErrSeparator, useComma},
		{"1,2345", dot, ErrSeparator, useComma},
		{"0,5", dot, ErrSeparator, useComma},
		{"0,500", dot, ErrSeparator, useComma},
		{"1234,567", dot, ErrSeparator, useComma},
		{"1,234,56", dot, ErrSeparator, useComma},
		{"1,,234", dot, ErrSeparator, useComma},
		{"1,", dot, ErrSeparator, useComma},
		{"1.234,56", dot, ErrSeparator, useComma},
		{"-12,50 €", dot, ErrSeparator, useComma},
		{"123,45,678", dot, ErrSeparator, useComma}, // Indian groups need a short first group
		{"1,234,56,789", dot, ErrSeparator, useComma},
		{"12.50", comma, ErrSeparator, dropComma},
		{"0.5", comma, ErrSeparator, dropComma},
		{"1.2345", comma, ErrSeparator, dropComma},
		{"1,234.56", comma, ErrSeparator, dropComma},
		{"1'23", dot, ErrSeparator, sep},
		{"12 34", dot, ErrSeparator, sep},
		{"1 234 56", dot, ErrSeparator, sep},
		{"1,234'567", dot, ErrSeparator, sep},
		{"1'234,567", dot, ErrSeparator, useComma},
		{"01,234", dot, ErrSeparator, useComma},

		{"9223372036855", dot, ErrRange, large},
		{"9223372036854.775808", dot, ErrRange, large},
		{"-9223372036854.775808", dot, ErrRange, large},
		{"9223372036854.7758075", dot, ErrRange, large},
		{"99999999999999999999999999999", dot, ErrRange, large},
		{"-$99,999,999,999,999.00", dot, ErrRange, large},
	}
	for _, tt := range tests {
		name := tt.in
		if tt.opt.DecimalComma {
			name = "comma/" + name
		}
		t.Run(name, func(t *testing.T) {
			got, err := ParseString(tt.in, tt.opt)
			require.Error(t, err, "got %s", got)
			assert.ErrorIs(t, err, tt.want)
			assert.EqualError(t, err, tt.msg)
			var pe *ParseError
			assert.True(t, errors.As(err, &pe))
			assert.Zero(t, got)
			_, err2 := Parse([]byte(tt.in), tt.opt)
			assert.Equal(t, err, err2)
		})
	}
}

func TestParseErrorHint(t *testing.T) {
	_, err := ParseString("12,50", Options{})
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, ErrSeparator, pe.Err)
	assert.Equal(t, "use --decimal-comma for 12,50", pe.Hint)
}

func TestCurrencyLen(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"$", 1},
		{"$5", 1},
		{"US$5", 3},
		{"USD5", 3},
		{"usd 5", 3},
		{"Usd", 3},
		{"USDT", 0},
		{"R$", 2},
		{"R 5", 1},
		{"RUB", 3},
		{"Rs.5", 3},
		{"Rsx", 0},
		{"€", len("€")},
		{"元", len("元")},
		{"xyz", 0},
		{"", 0},
		{"5", 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, currencyLen(tt.in), tt.in)
		assert.Equal(t, tt.want, currencyLen([]byte(tt.in)), tt.in)
	}
}

// TestParseFastAgrees checks that the fast path and the general scanner
// agree on the inputs the fast path takes.
func TestParseFastAgrees(t *testing.T) {
	for _, s := range []string{"0", "-0", "5", "5.", "-12.345678", "999999999999.999999", "1", "00000000000.1", "1,234", "-999,999,999,999.999999", "1,000,000."} {
		for _, opt := range []Options{{}, {DecimalComma: true}} {
			in := s
			dec := byte('.')
			if opt.DecimalComma {
				dec = ','
				in = swapSeparators(s)
			}
			fast, ok := parseFast(in, dec)
			require.True(t, ok, in)
			slow, _, _, err := scan(in, opt.DecimalComma)
			require.NoError(t, err, in)
			assert.Equal(t, slow, fast, in)
		}
	}
	for _, s := range []string{"", "-", "1234567890123", "1.1234567", "1,5", "+1", " 1", "1 ", ",123", "-,123", "0,123", "1,23", "1234,567", "1,2345", "1,234,56", "1,,234", "1,"} {
		_, ok := parseFast(s, '.')
		assert.False(t, ok, s)
	}
}

// swapSeparators exchanges '.' and ',' in s.
func swapSeparators(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch c {
		case '.':
			b[i] = ','
		case ',':
			b[i] = '.'
		}
	}
	return string(b)
}

func TestParseAllocs(t *testing.T) {
	inputs := []struct {
		s   string
		opt Options
	}{
		{"1234.56", Options{}},
		{"-5", Options{}},
		{"1,234.56", Options{}},
		{" $1,234.56 USD ", Options{}},
		{"(1.234,56 €)", Options{DecimalComma: true}},
		{"12,50", Options{}},
		{"abc", Options{}},
		{"", Options{}},
	}
	for _, in := range inputs {
		b := []byte(in.s)
		n := testing.AllocsPerRun(100, func() {
			_, _ = Parse(b, in.opt)
			_, _ = ParseString(in.s, in.opt)
		})
		assert.Zero(t, n, "%q allocates", in.s)
	}
}

func TestMaxUnits(t *testing.T) {
	assert.Equal(t, uint64(math.MaxInt64/Scale), uint64(maxUnits))
	assert.Equal(t, uint64(9223372036854), uint64(maxUnits))
}

func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct {
		name, in string
		opt      Options
	}{
		{"plain", "1234.56", Options{}},
		{"negative", "-5", Options{}},
		{"grouped", "1,234.56", Options{}},
		{"currency", "$1,234.56", Options{}},
		{"comma", "(1.234,56 €)", Options{DecimalComma: true}},
		{"long", "1234567.123456789", Options{}},
		{"error", "12,50", Options{}},
	} {
		in := []byte(bc.in)
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in, bc.opt); err != nil && bc.name != "error" {
					b.Fatal(err)
				}
			}
		})
	}
}

// A misplaced separator gets its hint only when the rest is a number.
func TestSeparatorHintOnlyForNumbers(t *testing.T) {
	_, err := ParseString("12,5x", Options{})
	assert.ErrorIs(t, err, ErrSyntax)
	assert.Equal(t, "not a number", err.Error())
	_, err = ParseString("12,50", Options{})
	assert.ErrorIs(t, err, ErrSeparator)
	_, err = ParseString("12.5x", Options{DecimalComma: true})
	assert.ErrorIs(t, err, ErrSyntax)
}
