package money

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var parseSeeds = []string{
	"", " ", "0", "12.34", "-5", "+5", ".5", "5.", "1,234.56", "1'234.56",
	"1 234,56", "1.234,56", "12,50", "(12.50)", "12.50-", "$12.50", "12.50 €",
	"USD 12.50", "R$ 1.234,56", "-$1,234.56 USD", "0.0000015", "0.00000250001",
	"9223372036854.775807", "9223372036854.7758075", "-9223372036854.775808",
	"12,34,567.00", "Rs.5", "Fr..5", "5.-", "1e5", "NaN", "1\u00a0234.5",
	"1\u202f234,5", "¥1000", "99.9元", "(1.234,56 €)", "S/.5", "0,5",
	"\u221212,50", "12.50\u2212", "1e+05", "4.4e-16", "-1.5E3 USD", "2.5e-6", "1e999", "１２．５０",
	"－１，２３４．５０", "￥１２３", "（１２．５０）", "１ｅ５",
}

// FuzzParse checks that Parse never panics, that its fast path, the general
// scanner and ParseString agree, that errors are the documented ones, and
// that every accepted value equals an independent math/big computation from
// the digits of the number Parse found.
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, in []byte, comma bool) {
		opt := Options{DecimalComma: comma}
		a, err := Parse(in, opt)

		a2, err2 := ParseString(string(in), opt)
		require.Equal(t, a, a2)
		require.Equal(t, err, err2)

		// Full-width forms are read as their ASCII characters: the
		// scanner and the check below see the folded text.
		if folded := foldFullWidth(string(in)); folded != string(in) {
			in = []byte(folded)
		}
		slow, start, end, errSlow := scan(in, comma)
		require.Equal(t, err, errSlow, "fast path and scanner disagree")
		require.Equal(t, a, slow, "fast path and scanner disagree")

		if err != nil {
			require.Zero(t, a)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			switch pe.Err {
			case ErrEmpty:
				require.Empty(t, strings.TrimSpace(strings.ReplaceAll(string(in), "\u00a0", " ")))
			case ErrSyntax, ErrSeparator:
			case ErrRange:
				checkAgainstRat(t, in, comma, a, start, end, err)
			default:
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		require.NotEqual(t, Amount(math.MinInt64), a)
		checkAgainstRat(t, in, comma, a, start, end, nil)

		back, err := ParseString(a.String(), Options{})
		require.NoError(t, err)
		require.Equal(t, a, back)
	})
}

// checkAgainstRat recomputes the amount from in[start:end], the number Parse
// found, with math/big: every ASCII digit of the input must be in it, it must
// hold only digits, thousands separators and at most one decimal separator,
// and the sign comes from a '-', '−' or '(' outside it.
func checkAgainstRat(t *testing.T, in []byte, comma bool, a Amount, start, end int, err error) {
	t.Helper()
	require.True(t, 0 <= start && start < end && end <= len(in), "span [%d,%d) of %d", start, end, len(in))
	for i, c := range in {
		if isDigit(c) {
			require.True(t, start <= i && i < end, "digit at %d outside the number [%d,%d)", i, start, end)
		}
	}
	dec := '.'
	if comma {
		dec = ','
	}
	body := string(in[start:end])
	exp := 0
	if k := strings.IndexAny(body, "eE"); k >= 0 {
		// Past ±2000 only the sign matters: the value overflows or rounds
		// to zero (the parser clamps at ±1000).
		e, err := strconv.Atoi(strings.TrimPrefix(body[k+1:], "+"))
		if err != nil || e > 2000 || e < -2000 {
			e = 2000
			if body[k+1] == '-' {
				e = -2000
			}
		}
		body, exp = body[:k], e
	}
	var digits strings.Builder
	point := -1
	for _, r := range body {
		switch {
		case '0' <= r && r <= '9':
			digits.WriteRune(r)
		case r == dec:
			require.Equal(t, -1, point, "two decimal separators in %q", body)
			point = digits.Len()
		case strings.ContainsRune(",.'’ \u00a0\u2007\u2008\u2009\u202f", r):
			require.Equal(t, -1, point, "thousands separator in the fraction of %q", body)
		default:
			t.Fatalf("unexpected %q in the number %q", r, body)
		}
	}
	ds := digits.String()
	require.NotEmpty(t, ds)
	if point < 0 {
		point = len(ds)
	}
	outside := string(in[:start]) + string(in[end:])
	neg := strings.ContainsAny(outside, "-(\u2212")

	n, ok := new(big.Int).SetString(ds, 10)
	require.True(t, ok)
	scale := int64(len(ds) - point - exp)
	var r *big.Rat
	if scale >= 0 {
		r = new(big.Rat).SetFrac(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(scale), nil))
	} else {
		r = new(big.Rat).SetInt(n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(-scale), nil)))
	}
	r.Mul(r, new(big.Rat).SetInt64(Scale))
	x := bigRoundHalfEven(r)
	if neg {
		x.Neg(x)
	}
	if x.CmpAbs(big.NewInt(math.MaxInt64)) > 0 {
		require.ErrorIs(t, err, ErrRange, "%q is %s micro-units", in, x)
		return
	}
	require.NoError(t, err, "%q is %s micro-units", in, x)
	require.Equal(t, x.Int64(), int64(a), "%q", in)
}

// foldFullWidth replaces the full-width forms U+FF01..U+FF5E by the ASCII
// characters they stand for, leaving every other byte (valid UTF-8 or not)
// as it is.
func foldFullWidth(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r >= 0xFF01 && r <= 0xFF5E {
			b.WriteRune(r - 0xFEE0)
		} else {
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

// FuzzRoundTrip checks that what the package writes, and amounts written in
// the many ways exports do, parse back to the same amount.
func FuzzRoundTrip(f *testing.F) {
	for _, v := range []int64{0, 1, -1, 12_500_000, -1234_560_000, 1234567_890_000, math.MaxInt64, math.MinInt64 + 1, 500_000, 5_000} {
		for _, style := range []uint16{0, 1, 0x2, 0x13, 0x26, 0x4a, 0x5ff, 0x7ff, 0x1403, 0x2fff, 0x3c07} {
			f.Add(v, style)
		}
	}
	f.Fuzz(func(t *testing.T, v int64, style uint16) {
		a := Amount(v)
		if a == math.MinInt64 {
			a = -MaxAmount
		}
		s := a.String()
		back, err := ParseString(s, Options{})
		require.NoError(t, err, s)
		require.Equal(t, a, back, s)
		require.Equal(t, s, string(a.AppendText(nil)))

		js, err := json.Marshal(a)
		require.NoError(t, err)
		require.Equal(t, s, string(js))
		back = 0
		require.NoError(t, json.Unmarshal(js, &back))
		require.Equal(t, a, back)

		g := a.Grouped()
		back, err = ParseString(g, Options{})
		if roundMagnitude(a.magnitude(), Scale/100) > math.MaxInt64 {
			require.ErrorIs(t, err, ErrRange, g)
		} else {
			require.NoError(t, err, g)
			require.Equal(t, a.Round(2), back, g)
		}

		d, opt := decorate(a, style)
		back, err = ParseString(d, opt)
		require.NoError(t, err, "%q comma=%v", d, opt.DecimalComma)
		require.Equal(t, a, back, "%q comma=%v", d, opt.DecimalComma)
	})
}

// decorate writes a the way some export might, chosen by the bits of style.
func decorate(a Amount, style uint16) (string, Options) {
	opt := Options{DecimalComma: style&1 != 0}
	dec, group := ".", ","
	if opt.DecimalComma {
		dec, group = ",", "."
	}
	seps := []string{"", group, "'", "’", " ", "\u00a0", "\u2009", "\u202f"}
	sep := seps[style>>1&7]
	indian := style&(1<<10) != 0

	s := a.String()
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if style&(1<<12) != 0 { // shortest fraction: "5", "5.5"
		frac = strings.TrimRight(frac, "0")
	}
	if style&(1<<13) != 0 && intPart == "0" && frac != "" { // ".5"
		intPart = ""
	}
	// Group the integer part from the right.
	var groups []string
	for rest, size := intPart, 3; len(rest) > size; {
		groups = append([]string{rest[len(rest)-size:]}, groups...)
		rest = rest[:len(rest)-size]
		if indian {
			size = 2
		}
		if len(rest) <= size {
			groups = append([]string{rest}, groups...)
			break
		}
	}
	num := intPart
	if len(groups) > 0 {
		num = strings.Join(groups, sep)
	}
	if frac != "" {
		num += dec + frac
	}

	switch style >> 6 & 7 {
	case 1:
		num = "$" + num
	case 2:
		num += " €"
	case 3:
		num = "USD " + num
	case 4:
		num = "R$" + num
	case 5:
		num += "元"
	case 6:
		num = "$" + num + " USD"
	case 7:
		num += "eur"
	}
	if a < 0 {
		switch style >> 4 & 3 {
		case 0:
			num = "-" + num
		case 1:
			num += "-"
		case 2:
			num = "(" + num + ")"
		case 3:
			num = "\u2212" + num
		}
	} else if style&(1<<11) != 0 {
		num = "+" + num
	}
	if style&(1<<9) != 0 {
		num = " \t" + num + "\u00a0 "
	}
	return num, opt
}

func TestDecorate(t *testing.T) {
	tests := []struct {
		a     Amount
		style uint16
		want  string
	}{
		{u(1234567, 890_000), 0, "1234567.89"},
		{u(1234567, 890_000), 1, "1234567,89"},
		{u(1234567, 890_000), 2, "1,234,567.89"},
		{u(1234567, 890_000), 3, "1.234.567,89"},
		{u(1234567, 890_000), 2 | 1<<10, "12,34,567.89"},
		{u(-1234567, 890_000), 2 | 2<<4 | 2<<6, "(1,234,567.89 €)"},
		{u(-1234567, 890_000), 2 | 1<<4 | 6<<6, "$1,234,567.89 USD-"},
		{u(0, 500_000), 1<<12 | 1<<13, ".5"},
		{u(5, 0), 1<<12 | 1<<11, "+5"},
		{u(100, 0), 2 | 1<<10, "100.00"},
		{u(1000, 0), 2 | 1<<10, "1,000.00"},
	}
	for _, tt := range tests {
		got, _ := decorate(tt.a, tt.style)
		assert.Equal(t, tt.want, got)
	}
}

// FuzzMul checks Mul against math/big.
func FuzzMul(f *testing.F) {
	f.Add(int64(3_000_000), int64(19_990_000))
	f.Add(int64(1_500_000), int64(1))
	f.Add(int64(2_500_000), int64(-1))
	f.Add(int64(math.MaxInt64), int64(1_000_000))
	f.Add(int64(math.MinInt64), int64(-1_000_000))
	f.Add(int64(3037000_000_000), int64(3037000_000_000))
	f.Fuzz(func(t *testing.T, q, p int64) {
		got, ok := Mul(Amount(q), Amount(p))
		want, wantOK := bigMul(Amount(q), Amount(p))
		require.Equal(t, wantOK, ok)
		require.Equal(t, want, got)
		got2, ok2 := Mul(Amount(p), Amount(q))
		require.Equal(t, ok, ok2)
		require.Equal(t, got, got2)
	})
}

// FuzzUnmarshalJSON checks that UnmarshalJSON never panics, accepts every
// JSON number that fits and reads it exactly (against math/big).
func FuzzUnmarshalJSON(f *testing.F) {
	for _, s := range []string{"12.50", "-0", "1.5e2", "125e-3", `"12.5"`, "null", "1e999", "5e-7", "9.223372036854775807e12", "0.1234565", "-1500e-9"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Amount
		err := a.UnmarshalJSON(data)
		if err != nil {
			require.Zero(t, a)
		}
		num := string(data)
		if len(num) >= 2 && num[0] == '"' && num[len(num)-1] == '"' {
			num = num[1 : len(num)-1]
		}
		if num == "" || !(num[0] == '-' || isDigit(num[0])) || !isDigit(num[len(num)-1]) || !json.Valid([]byte(num)) {
			return
		}
		// num is a JSON number. Keep big.Rat's work bounded.
		if _, exp, found := strings.Cut(strings.ToLower(num), "e"); found && len(strings.TrimLeft(exp, "+-")) > 3 {
			if err != nil {
				require.ErrorIs(t, err, ErrRange)
			}
			return
		}
		r, ok := new(big.Rat).SetString(num)
		require.True(t, ok, num)
		r.Mul(r, new(big.Rat).SetInt64(Scale))
		x := bigRoundHalfEven(r)
		if x.CmpAbs(big.NewInt(math.MaxInt64)) > 0 {
			require.ErrorIs(t, err, ErrRange, num)
			return
		}
		require.NoError(t, err, num)
		require.Equal(t, x.Int64(), int64(a), num)

		out, err := a.MarshalJSON()
		require.NoError(t, err)
		var back Amount
		require.NoError(t, back.UnmarshalJSON(out))
		require.Equal(t, a, back)
	})
}

func TestErrorsAreDistinct(t *testing.T) {
	all := []error{ErrEmpty, ErrSyntax, ErrRange, ErrSeparator}
	for i, a := range all {
		for j, b := range all {
			assert.Equal(t, i == j, errors.Is(a, b))
		}
	}
}
