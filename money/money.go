// Package money holds exact decimal amounts of money for order exports.
//
// # Units
//
// An [Amount] is a signed 64-bit count of micro-units: millionths of the
// currency unit ([Scale] = 1,000,000 per unit, [Decimals] = 6 fractional
// digits). 12.5 is Amount(12_500_000) and 0.01 is Amount(10_000). No
// floating point is used anywhere on the way from text to totals, so a total
// is the exact decimal sum of its inputs as long as every input has at most
// six fractional digits. The range is symmetric, ±9,223,372,036,854.775807
// units ([MaxAmount]); results outside it are reported as overflow
// (ok=false from [Add] and [Mul], [ErrRange] from [Parse] and [Sum.Total]).
//
// # Rounding
//
// Rounding is always round half to even ("banker's rounding") and is done on
// the exact decimal value, never through a float: input with more than six
// fractional digits ("0.0000005" -> 0.000000, "0.0000015" -> 0.000002),
// products in [Mul], [Amount.Round] and [Amount.Grouped].
//
// # Accepted spellings
//
// [Parse] reads amounts as they are written in real exports:
//
//	12.34  -5  +5  .5  5.  007.50             plain decimals
//	1,234.56  1'234.56  1 234.56  12,34,567   thousands separators
//	-12.50  12.50-  (12.50)  - 12.50  −12.50  negatives (the last with U+2212)
//	$12.50  12.50 €  USD 12.50  R$ 5          currency symbols and ISO codes
//	-$12.50  $-12.50  ($12.50)  $12.50 USD    any of these combined
//
// With [Options.DecimalComma] the decimal separator is ',' and '.' is a
// thousands separator ("1.234,56"). In both modes "'", '’', the space, the
// no-break space and the thin, narrow no-break and figure spaces are
// thousands separators too; one number uses one kind of separator, and the
// groups after the first must have exactly three digits (or, in Indian
// style, two digits and a last group of three: "12,34,567.00"). A misplaced
// separator is an error, not a guess: "1,23" and "1.234,56" without
// DecimalComma are errors whose message suggests --decimal-comma.
//
// Currency symbols and codes may appear once before and once after the
// number, with or without spaces; only known ones are accepted (ISO 4217
// codes in any letter case, RMB, and symbols such as $ € £ ¥ ₩ ₹ R$ US$ HK$
// kr zł 元 円). Scientific notation as R and pandas write it ("1e+05",
// "4.4e-16", "1.5E3"; not with thousands separators) is read exactly, the
// exponent moving the decimal point; like any value with more than six
// fractional digits it is then rounded half to even ("4.4e-16" is 0,
// "1.5e-6" is 0.000002). Full-width characters, as Chinese exports write
// them ("１２．５０", "－１，２３４．５０"), are read as their ASCII forms
// (U+FF01 to U+FF5E). "NaN", "Inf", several signs, and "5,-"/"5.-" (which
// means 5 with no cents in some locales but looks like a trailing minus)
// are rejected.
package money

import (
	"lifecycle/internal/digits"
	"lifecycle/msg"
	"math"
	"math/bits"
	"strconv"
)

// Amount is an exact amount of money in millionths of the currency unit
// (micro-units): 12.5 is Amount(12_500_000).
type Amount int64

const (
	// Scale is the number of micro-units per currency unit.
	Scale = 1_000_000
	// Decimals is the number of fractional digits an Amount keeps exactly.
	Decimals = 6
	// MaxAmount is the largest Amount; -MaxAmount is the smallest valid
	// one. math.MinInt64 is never produced by this package.
	MaxAmount Amount = math.MaxInt64
)

// pow10 holds 10^i for i in 0..Decimals.
var pow10 = [Decimals + 1]uint64{1, 10, 100, 1_000, 10_000, 100_000, 1_000_000}

// magnitude returns |a| as a uint64 (correct for math.MinInt64 too).
func (a Amount) magnitude() uint64 {
	if a < 0 {
		return -uint64(a)
	}
	return uint64(a)
}

// signed returns m with the sign neg; m must be at most 1<<63.
func signed(m uint64, neg bool) Amount {
	if neg {
		return Amount(-int64(m))
	}
	return Amount(m)
}

// Add returns a+b, and ok=false if the sum is outside ±MaxAmount.
func Add(a, b Amount) (sum Amount, ok bool) {
	s := a + b
	if (s > a) != (b > 0) || s == math.MinInt64 {
		return 0, false
	}
	return s, true
}

// Mul returns q*p (typically quantity times unit price). The product is exact
// when it has at most six fractional digits and is otherwise rounded half to
// even to six; ok=false if it is outside ±MaxAmount.
func Mul(q, p Amount) (product Amount, ok bool) {
	hi, lo := bits.Mul64(q.magnitude(), p.magnitude())
	if hi >= Scale { // quotient would not fit in 64 bits
		return 0, false
	}
	quo, rem := bits.Div64(hi, lo, Scale)
	if quo > math.MaxInt64 {
		return 0, false
	}
	if rem > Scale/2 || rem == Scale/2 && quo&1 == 1 {
		quo++
	}
	if quo > math.MaxInt64 {
		return 0, false
	}
	return signed(quo, (q < 0) != (p < 0)), true
}

// Sum is an exact accumulator for totals; its zero value is an empty sum.
// The running total is kept in 128 bits, so it cannot overflow while adding;
// Total reports ErrRange only if the final total does not fit in an Amount.
// Because of that the result does not depend on the order of the additions.
type Sum struct {
	hi int64 // high 64 bits of the two's-complement 128-bit total
	lo uint64
}

// Add adds a to the sum.
func (s *Sum) Add(a Amount) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, uint64(a), 0)
	s.hi += int64(carry) + int64(a)>>63 // a>>63 is the sign extension
}

// AddSum adds the amounts added to t (a sum of part of the amounts, made
// elsewhere) to the sum.
func (s *Sum) AddSum(t Sum) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, t.lo, 0)
	s.hi += t.hi + int64(carry)
}

// errSumRange is returned by Sum.Total when the total does not fit.
var errSumRange = msg.Errorf("total %w", ErrRange)

// Total returns the sum of the added amounts, or an error wrapping ErrRange if
// it is outside ±MaxAmount.
func (s *Sum) Total() (Amount, error) {
	if s.hi != int64(s.lo)>>63 || int64(s.lo) == math.MinInt64 {
		return 0, errSumRange
	}
	return Amount(s.lo), nil
}

// String returns a with at least two decimals and without trailing zeros
// beyond them, and without thousands separators: 12.5 -> "12.50",
// 0.125 -> "0.125", -3 -> "-3.00". This is the form of CSV and JSON output,
// and Parse reads it back exactly.
func (a Amount) String() string {
	var buf [24]byte
	return string(a.AppendText(buf[:0]))
}

// AppendText appends String's form of a to b and returns the extended
// buffer; it allocates only if b must grow. (Unlike encoding.TextAppender
// it cannot fail, so it returns no error.)
func (a Amount) AppendText(b []byte) []byte {
	m := a.magnitude()
	if a < 0 {
		b = append(b, '-')
	}
	b = digits.AppendUint(b, m/Scale)
	f, n := m%Scale, Decimals
	for n > 2 && f%10 == 0 {
		f /= 10
		n--
	}
	var d [Decimals + 1]byte
	d[0] = '.'
	for i := n; i > 0; i-- {
		d[i] = byte('0' + f%10)
		f /= 10
	}
	return append(b, d[:n+1]...)
}

// Float64 returns a in units as a float64, for statistics (never for
// totals). It is correctly rounded for |a| up to 2^53 micro-units
// (about 9 billion units) and within one ulp beyond.
func (a Amount) Float64() float64 {
	return float64(a) / Scale
}

// roundMagnitude rounds m half to even to a multiple of unit.
func roundMagnitude(m, unit uint64) uint64 {
	q, r := m/unit, m%unit
	if half := unit / 2; r > half || r == half && q&1 == 1 {
		q++
	}
	return q * unit
}

// Round returns a rounded half to even to n decimals; Round(2) rounds to the
// cent and Round(0) to whole units. n >= 6 returns a unchanged. In the
// extremely unlikely case that the rounded value would exceed MaxAmount, the
// nearest multiple toward zero is returned instead. Round panics if n < 0.
func (a Amount) Round(n int) Amount {
	if n < 0 {
		panic("money: Round with negative decimals " + strconv.Itoa(n))
	}
	if n >= Decimals {
		return a
	}
	unit := pow10[Decimals-n]
	m := a.magnitude()
	r := roundMagnitude(m, unit)
	if r > m && r > math.MaxInt64 {
		r -= unit
	}
	return signed(r, a < 0)
}

// Grouped returns a for people: thousands separated by ',' and exactly two
// decimals, rounded half to even: 2500315.625 -> "2,500,315.62",
// -1234.5 -> "-1,234.50". A value that rounds to zero has no minus sign.
func (a Amount) Grouped() string {
	c := roundMagnitude(a.magnitude(), Scale/100) / (Scale / 100) // cents; cannot overflow
	var buf [32]byte
	b := buf[:0]
	if a < 0 && c != 0 {
		b = append(b, '-')
	}
	var units [20]byte
	b = digits.Group(b, digits.AppendUint(units[:0], c/100))
	b = append(b, '.', byte('0'+c/10%10), byte('0'+c%10))
	return string(b)
}

// MarshalJSON writes a as a JSON number with String's exact digits, e.g.
// 12.50 (never through a float).
func (a Amount) MarshalJSON() ([]byte, error) {
	return a.AppendText(make([]byte, 0, 24)), nil
}

// UnmarshalJSON reads a JSON number, or a JSON string holding one, exactly;
// an exponent is allowed ("1.5e2"). More than six fractional digits are
// rounded half to even. null leaves a unchanged.
func (a *Amount) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	s := data
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	v, err := parseJSONNumber(s)
	if err != nil {
		return msg.Errorf("money: amount %.40q: %w", data, err)
	}
	*a = v
	return nil
}

// parseJSONNumber parses -?digits(.digits)?([eE][+-]?digits)? exactly. The
// exponent is applied by moving the decimal point in a copy of the digits.
func parseJSONNumber(s []byte) (Amount, error) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	intStart := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intEnd := i
	fracStart, fracEnd := i, i
	if i < len(s) && s[i] == '.' {
		i++
		fracStart = i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		fracEnd = i
		if fracEnd == fracStart {
			return 0, ErrSyntax
		}
	}
	if intEnd == intStart {
		return 0, ErrSyntax
	}
	if i == len(s) {
		return parsePlain(s)
	}
	if s[i] != 'e' && s[i] != 'E' {
		return 0, ErrSyntax
	}
	i++
	expNeg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		expNeg = s[i] == '-'
		i++
	}
	if i == len(s) {
		return 0, ErrSyntax
	}
	exp := 0
	for ; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, ErrSyntax
		}
		if exp < 1000 {
			exp = exp*10 + int(s[i]-'0')
		}
	}
	if expNeg {
		exp = -exp
	}

	// All mantissa digits without leading zeros; point = digits before the
	// decimal point once the exponent is applied.
	digits := make([]byte, 0, intEnd-intStart+fracEnd-fracStart)
	digits = append(digits, s[intStart:intEnd]...)
	digits = append(digits, s[fracStart:fracEnd]...)
	point := intEnd - intStart + exp
	for len(digits) > 0 && digits[0] == '0' {
		digits = digits[1:]
		point--
	}
	switch {
	case len(digits) == 0 || point < -Decimals: // below half a micro-unit
		return 0, nil
	case point > 19: // at least 10^19 units
		return 0, ErrRange
	}
	var text []byte
	if s[0] == '-' {
		text = append(text, '-')
	}
	if point <= 0 {
		text = append(text, '0', '.')
		for ; point < 0; point++ {
			text = append(text, '0')
		}
		text = append(text, digits...)
	} else {
		for len(digits) < point {
			digits = append(digits, '0')
		}
		text = append(text, digits[:point]...)
		text = append(text, '.')
		text = append(text, digits[point:]...)
	}
	return parsePlain(text)
}
